//! `tilmash suggest`: the best matches for each sentence of a text.

use std::io;
use std::path::PathBuf;

use clap::Args;

use super::args::{FilterArgs, GlossaryArgs};
use super::session::{
    input_text, open_memory, output_error, source_lang, term_lookup, unit_filter, CliError,
    Messages, Result,
};
use crate::glossary::names::unknown_names;
use crate::report::{self, OutputFormat};
use crate::suggest::{queries, suggest, SegmentSuggestions, SuggestOptions};
use crate::text::Lang;
use crate::workspace::Workspace;

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

    #[command(flatten)]
    pub glossary: GlossaryArgs,

    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: OutputFormat,
}

pub fn run(workspace: &Workspace, args: SuggestArgs, messages: &Messages) -> Result<i32> {
    if args.limit == 0 {
        return Err(CliError("--limit must be at least 1".into()));
    }
    let (text, name) = input_text(args.text.clone(), args.file.as_ref())?;
    let lang = source_lang(&text, args.from, &name)?;
    let opts = SuggestOptions {
        limit: args.limit,
        min_score: args.min_score,
        exhaustive: args.exhaustive,
        filter: unit_filter(&args.filter)?,
    };
    let (glossary, date) = term_lookup(workspace, &args.glossary)?;
    let memory = open_memory(workspace, messages)?;
    let snapshot = memory.snapshot();
    let queries = queries(&text, lang);
    let found = suggest(&snapshot, &queries, &opts).map_err(CliError::new)?;
    let segments: Vec<SegmentSuggestions> = queries
        .into_iter()
        .zip(found)
        .enumerate()
        .map(|(i, (q, matches))| {
            let terms = glossary.recognize_analyzed(&q.analyzed, date);
            let names = match lang {
                Lang::Ru if !glossary.is_empty() => unknown_names(&q.analyzed, &terms),
                _ => Vec::new(),
            };
            SegmentSuggestions {
                segment: i + 1,
                paragraph: q.paragraph,
                start: q.start,
                end: q.end,
                text: q.analyzed.text,
                lang,
                matches,
                terms,
                names,
            }
        })
        .collect();
    let mut out = io::stdout().lock();
    report::write_suggestions(
        &mut out,
        args.format,
        messages.style,
        &memory.path().display().to_string(),
        opts.min_score,
        &segments,
    )
    .map_err(output_error)?;
    Ok(0)
}
