//! The command line as clap sees it: raw arguments, before checking.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "tilmash",
    version,
    about = "A translation memory for a Russian/English newsroom",
    long_about = "tilmash keeps aligned Russian/English sentence pairs in a memory and, for each \
sentence of a new text, finds the past translations whose source is most similar, shows what \
differs and drafts a translation.",
    after_help = "Examples:\n  tilmash suggest --text \"Токаев прибыл в Астану.\"\n  tilmash suggest examples/article.txt --format json\n  tilmash import examples/pairs.tsv examples/archive.tmx --memory memories/scratch\n  tilmash stats"
)]
pub struct Cli {
    /// The memory folder [default: $TILMASH_MEMORY, else `memory` in the
    /// nearest tilmash.toml, else memories/main].
    #[arg(long, global = true, value_name = "PATH")]
    pub memory: Option<PathBuf>,

    /// No messages, warnings or progress on stderr (errors still are).
    #[arg(long, short, global = true)]
    pub quiet: bool,

    /// Colour in text output: on a terminal without NO_COLOR (auto),
    /// always (e.g. piped into `less -R`), or never.
    #[arg(long, value_name = "WHEN", value_enum, global = true, default_value_t)]
    pub color: ColorChoice,

    #[command(subcommand)]
    pub command: Command,
}

/// When text output is coloured (`--color`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum ColorChoice {
    #[default]
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Import aligned pairs (TSV, CSV, JSONL, TMX) into the memory.
    #[command(
        after_help = "Examples:\n  tilmash import examples/pairs.tsv\n  tilmash import --columns ru,en,article,date export.csv\n  cat pairs.jsonl | tilmash import - --input-format jsonl\n  tilmash import daily.csv --allow-empty   # a day without pairs is no failure"
    )]
    Import(super::import::ImportArgs),
    /// Suggest translations for each sentence of a text.
    #[command(
        after_help = "Examples:\n  tilmash suggest --text \"Аким Алматы провёл брифинг.\"\n  tilmash suggest examples/article.txt --limit 1 --format json\n  tilmash suggest - --from en < draft.txt"
    )]
    Suggest(super::suggest::SuggestArgs),
    /// Figures about the memory: units, articles, dates, index size.
    #[command(
        after_help = "Examples:\n  tilmash stats\n  tilmash stats --format json\n  tilmash stats --memory memories/scratch"
    )]
    Stats(super::stats::StatsArgs),
    /// Keep the glossary: list, find, add, edit, remove, import, export, lint.
    #[command(
        after_help = "Examples:\n  tilmash glossary find \"в Нур-Султане\" --date 2020-05-01\n  tilmash glossary add --concept person-zhumangarin --ru Жумангарин --en Zhumangarin --pos propn --domain person --file people.tsv\n  tilmash glossary edit --at people.tsv:8 --set 'en_variants=Toqaev|Tokaev'\n  tilmash glossary export --format tbx > glossary.tbx\n  tilmash glossary lint"
    )]
    Glossary(super::glossary::GlossaryArgs),
    /// Check translations against the glossary and for numbers; exit 1 on problems.
    #[command(
        after_help = "Examples:\n  tilmash check examples/check/ru.txt examples/check/en.txt --date 2020-05-01\n  tilmash check examples/pairs.tsv --format json\n  tilmash pretranslate article.txt --format tsv -o draft.tsv && tilmash check draft.tsv"
    )]
    Check(super::check::CheckArgs),
    /// Write the memory's units as TMX 1.4b, TSV or JSONL, every field kept.
    #[command(
        after_help = "Examples:\n  tilmash export --output backup.tmx\n  tilmash export --format jsonl --article kz-2021-inflation-may > article.jsonl\n  tilmash export --format tsv --since 2022-01-01 --until 2022-12-31 -o 2022.tsv"
    )]
    Export(super::export::ExportArgs),
    /// Units containing a word or phrase (inflected forms too), in context.
    #[command(
        after_help = "Examples:\n  tilmash concordance выборы\n  tilmash concordance \"базовую ставку\" --limit 5\n  tilmash concordance \"early election\" --since 2019-01-01 --format json"
    )]
    Concordance(super::concordance::ConcordanceArgs),
    /// A bilingual draft of a text from the best matches (XLIFF, TSV, Markdown).
    #[command(
        after_help = "Examples:\n  tilmash pretranslate examples/article.txt -o article.xlf\n  tilmash pretranslate examples/article.txt --format xliff12 --min-score 85 > article.xlf\n  tilmash pretranslate examples/article.txt --format md"
    )]
    Pretranslate(super::pretranslate::PretranslateArgs),
    /// Words and segments per match band (context, repetitions, 100 … no match).
    #[command(
        after_help = "Examples:\n  tilmash analyze examples/article.txt examples/update.txt\n  tilmash analyze drafts/*.txt --format tsv > estimate.tsv\n  tilmash analyze article.en.txt --format json"
    )]
    Analyze(super::analyze::AnalyzeArgs),
    /// Align the Russian and English versions of an article, sentence by sentence.
    #[command(
        after_help = "Examples:\n  tilmash align examples/articles/shymkent-water.ru.txt examples/articles/shymkent-water.en.txt\n  tilmash align ru.txt en.txt --import --article 2024-05-kz-budget --date 2024-05-03\n  tilmash align --jsonl pairs.jsonl --format jsonl > beads.jsonl\n  tilmash align ru.txt en.txt --format tmx > article.tmx"
    )]
    Align(super::align::AlignArgs),
    /// Check every file of the memory's index against the checksum
    /// recorded when it was written; exit 1 when one is damaged.
    #[command(
        after_help = "Examples:\n  tilmash verify\n  tilmash verify --memory memories/main --format json"
    )]
    Verify(super::verify::VerifyArgs),
    /// Serve the memory over HTTP (JSON API) with the translator's page at `/`.
    #[command(
        after_help = "Examples:\n  tilmash serve                      # http://127.0.0.1:8787/\n  tilmash serve --listen 127.0.0.1:0 # any free port, printed on stderr\n  tilmash serve --listen 0.0.0.0:8787 --token token.txt"
    )]
    Serve(super::serve::ServeArgs),
}

/// A date argument (`--date`, `--since`, `--valid-to`, …): `YYYY-MM-DD`,
/// with the same message from every command when it is not one.
pub fn parse_date(s: &str) -> Result<jiff::civil::Date, String> {
    s.trim()
        .parse()
        .map_err(|_| format!("`{s}` is not a date: write YYYY-MM-DD, e.g. 2024-05-03"))
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
    #[arg(long, value_name = "DATE", value_parser = crate::cli::args::parse_date)]
    pub since: Option<jiff::civil::Date>,

    /// Only units published on or before this date (YYYY-MM-DD).
    #[arg(long, value_name = "DATE", value_parser = crate::cli::args::parse_date)]
    pub until: Option<jiff::civil::Date>,
}

/// Glossary term lookup, for the commands that note terms.
#[derive(Debug, Args)]
pub struct TermArgs {
    /// The text's date (YYYY-MM-DD), which picks the glossary targets valid
    /// then [default: today].
    #[arg(long, value_name = "DATE", value_parser = crate::cli::args::parse_date)]
    pub date: Option<jiff::civil::Date>,

    /// Do not look up glossary terms.
    #[arg(long)]
    pub no_glossary: bool,
}

/// Fuzzy match repair, for the commands that draft from matches
/// (`suggest`, `pretranslate`).
#[derive(Debug, Args)]
pub struct RepairArgs {
    /// Give the memory's targets as stored: do not repair the names,
    /// terms, numbers and dates a fuzzy match differs in (numbers are
    /// still adapted by the score rules of SPEC §4).
    #[arg(long)]
    pub no_repair: bool,
}

/// Paragraph matches in drafts and estimates, for `pretranslate` and
/// `analyze`.
#[derive(Debug, Args)]
pub struct JoinArgs {
    /// Join consecutive segments that a paragraph unit of the memory
    /// covers when its match beats theirs (memoQ's TM-driven
    /// segmentation): pretranslate drafts them as one segment from the
    /// unit's target, analyze counts them in that match's band.
    #[arg(long)]
    pub join_paragraphs: bool,
}

/// `clap::ValueEnum` for a library enum: the library stays free of clap,
/// the command line names each variant (with aliases) and its help.
macro_rules! value_enum {
    ($ty:ty { $($variant:ident => $name:literal $([$($alias:literal),+])? : $help:literal),+ $(,)? }) => {
        impl clap::ValueEnum for $ty {
            fn value_variants<'a>() -> &'a [Self] {
                &[$(Self::$variant),+]
            }

            fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
                Some(match self {
                    $(Self::$variant => clap::builder::PossibleValue::new($name)
                        $($(.alias($alias))+)?
                        .help($help)),+
                })
            }
        }
    };
}

value_enum!(crate::report::OutputFormat {
    Text => "text": "Human-readable text (coloured on a terminal)",
    Json => "json": "One JSON document",
    Jsonl => "jsonl": "One JSON object per line",
    Tsv => "tsv": "Tab-separated values with a header line",
});

value_enum!(crate::report::DraftFormat {
    Xliff2 => "xliff2" ["xliff"]: "XLIFF 2.0 with the Translation Candidates, Glossary and Metadata modules",
    Xliff12 => "xliff12": "XLIFF 1.2 with `<alt-trans>` matches",
    Tsv => "tsv": "Tab-separated: one line per segment",
    Md => "md" ["markdown"]: "A Markdown table for review",
    Json => "json": "One JSON document with every match and its metadata",
});

value_enum!(crate::report::AlignFormat {
    Text => "text": "Human-readable text (coloured on a terminal)",
    Json => "json": "One JSON document: the articles with their beads, and a summary",
    Jsonl => "jsonl": "One JSON object per bead (importable by `tilmash import`)",
    Tsv => "tsv": "Tab-separated values with a header line, one bead per line",
    Tmx => "tmx": "TMX 1.4b: the pairs at or above --min-confidence, as units",
});

value_enum!(crate::formats::Format {
    Tsv => "tsv" ["tab"]: "Tab-separated, no quoting; `\\t`, `\\n`, `\\r`, `\\\\` escapes in fields",
    Csv => "csv": "Comma-separated with RFC 4180 quoting",
    Jsonl => "jsonl" ["ndjson"]: "One JSON object per line",
    Tmx => "tmx": "TMX 1.4b",
});

value_enum!(crate::export::ExportFormat {
    Tmx => "tmx": "TMX 1.4b, every field as a `<prop>` or `<note>`",
    Tsv => "tsv": "Tab-separated with a header line (the import columns)",
    Jsonl => "jsonl" ["ndjson"]: "One JSON object per unit",
});
