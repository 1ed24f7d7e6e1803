//! `tilmash concordance`: the units containing a word or phrase, inflected
//! forms included, in keyword-in-context display.

use std::io;

use clap::Args;

use super::args::FilterArgs;
use super::session::{open_memory, output_error, unit_filter, CliError, Messages, Result};
use crate::memory::ConcordanceOptions;
use crate::report::{self, ConcordanceQuery, OutputFormat};
use crate::text::{analyze, detect, Lang};
use crate::workspace::Workspace;

#[derive(Debug, Args)]
pub struct ConcordanceArgs {
    /// The word or phrase; its words match any inflected form.
    #[arg(value_name = "PHRASE")]
    pub phrase: String,

    /// The side to search [default: the phrase's script: Cyrillic ru, Latin en].
    #[arg(long, value_name = "ru|en")]
    pub lang: Option<Lang>,

    /// Units shown at most (0: all).
    #[arg(long, default_value_t = 20)]
    pub limit: usize,

    /// Characters of context on each side of the hit (text and TSV output).
    #[arg(long, default_value_t = 40, value_parser = clap::value_parser!(u16).range(4..=500))]
    pub width: u16,

    #[command(flatten)]
    pub filter: FilterArgs,

    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: OutputFormat,
}

pub fn run(workspace: &Workspace, args: ConcordanceArgs, messages: &Messages) -> Result<i32> {
    let lang = match args.lang.or_else(|| detect(&args.phrase)) {
        Some(lang) => lang,
        None => {
            return Err(CliError(format!(
                "cannot tell whether «{}» is Russian or English; pass --lang ru or --lang en",
                args.phrase
            )))
        }
    };
    let phrase = analyze(&args.phrase, lang);
    if phrase.tokens.is_empty() {
        return Err(CliError(format!(
            "«{}» has no words to look for (punctuation alone is not searched)",
            args.phrase
        )));
    }
    let opts = ConcordanceOptions {
        limit: (args.limit > 0).then_some(args.limit),
        filter: unit_filter(&args.filter)?,
    };
    let memory = open_memory(workspace, messages)?;
    let found = memory.concordance(&phrase, &opts).map_err(CliError::new)?;
    let mut out = io::stdout().lock();
    report::write_concordance(
        &mut out,
        args.format,
        messages.style,
        ConcordanceQuery {
            memory: &memory.path().display().to_string(),
            phrase: &args.phrase,
            lang,
            width: usize::from(args.width),
        },
        &found,
    )
    .map_err(output_error)?;
    Ok(0)
}
