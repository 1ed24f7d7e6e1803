//! The command line as clap sees it: raw arguments, before checking.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::formats::Format;
use crate::report::OutputFormat;
use crate::text::Lang;

#[derive(Debug, Parser)]
#[command(
    name = "tilmash",
    version,
    about = "A translation memory for a Russian/English newsroom",
    long_about = "tilmash keeps aligned Russian/English sentence pairs in a memory and, for each \
sentence of a new text, finds the past translations whose source is most similar, shows what \
differs and drafts a translation.",
    after_help = "Examples:\n  tilmash import pairs.tsv archive.tmx\n  tilmash suggest --text \"Токаев прибыл в Астану.\"\n  tilmash suggest article.txt --format json\n  tilmash stats"
)]
pub struct Cli {
    /// The memory folder [default: $TILMASH_MEMORY, else `memory` in the
    /// nearest tilmash.toml, else memories/main].
    #[arg(long, global = true, value_name = "PATH")]
    pub memory: Option<PathBuf>,

    /// No messages or progress on stderr (errors still are).
    #[arg(long, short, global = true)]
    pub quiet: bool,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Import aligned pairs (TSV, CSV, JSONL, TMX) into the memory.
    #[command(after_help = "Examples:\n  tilmash import corpus.tsv\n  tilmash import --columns ru,en,article,date export.csv\n  cat pairs.jsonl | tilmash import -")]
    Import(ImportArgs),
    /// Suggest translations for each sentence of a text.
    #[command(after_help = "Examples:\n  tilmash suggest --text \"Аким Алматы провёл брифинг.\"\n  tilmash suggest article.ru.txt --limit 1 --format json\n  tilmash suggest - --from en < draft.txt")]
    Suggest(SuggestArgs),
    /// Figures about the memory: units, articles, dates, index size.
    Stats(StatsArgs),
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// Files to import; `-` reads standard input.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,

    /// Input format [default: from the file extension, or sniffed].
    #[arg(long = "input-format", value_enum, value_name = "FORMAT")]
    pub input_format: Option<Format>,

    /// Columns of a TSV/CSV file without a header, e.g. `ru,en,article,date`.
    #[arg(long, value_delimiter = ',', value_name = "NAMES")]
    pub columns: Option<Vec<String>>,

    /// The first TSV/CSV line is a header [default: detected].
    #[arg(long, conflicts_with = "no_header")]
    pub header: bool,

    /// The first TSV/CSV line is data.
    #[arg(long)]
    pub no_header: bool,

    /// Commit after every N new units (default: one commit per import).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub batch: Option<u64>,

    /// Refuse the whole import at the first bad record.
    #[arg(long)]
    pub strict: bool,

    /// Origin recorded on units that name none [default: the file name].
    #[arg(long, value_name = "NAME")]
    pub origin: Option<String>,

    /// Wait up to this many seconds for another writer to finish.
    #[arg(long, value_name = "SECONDS", default_value_t = 0.0)]
    pub wait: f64,

    /// Output format of the summary.
    #[arg(long, value_enum, default_value_t)]
    pub format: OutputFormat,
}

#[derive(Debug, Args)]
pub struct SuggestArgs {
    /// A text file to translate; `-` reads standard input.
    #[arg(value_name = "FILE", conflicts_with = "text")]
    pub file: Option<PathBuf>,

    /// The text to translate.
    #[arg(long, short)]
    pub text: Option<String>,

    /// Source language [default: detected from the script].
    #[arg(long, value_name = "ru|en")]
    pub from: Option<Lang>,

    /// Matches per segment.
    #[arg(long, default_value_t = crate::suggest::DEFAULT_LIMIT)]
    pub limit: usize,

    /// Lowest score shown (0–101).
    #[arg(long, default_value_t = crate::suggest::DEFAULT_MIN_SCORE,
          value_parser = clap::value_parser!(u8).range(0..=101))]
    pub min_score: u8,

    /// Score every unit instead of using the index (same results, slower).
    #[arg(long)]
    pub exhaustive: bool,

    #[command(flatten)]
    pub filter: FilterArgs,

    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: OutputFormat,
}

/// Filters on units.
#[derive(Debug, Args)]
pub struct FilterArgs {
    /// Only units of this article.
    #[arg(long, value_name = "ID")]
    pub article: Option<String>,

    /// Only units of this origin.
    #[arg(long, value_name = "NAME")]
    pub origin: Option<String>,

    /// Only units published on or after this date (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub since: Option<jiff::civil::Date>,

    /// Only units published on or before this date (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub until: Option<jiff::civil::Date>,
}

#[derive(Debug, Args)]
pub struct StatsArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: OutputFormat,
}
