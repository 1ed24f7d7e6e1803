//! `tilmash concordance`: the units containing a word or phrase, inflected
//! forms included, in keyword-in-context display.

use std::io;

use clap::Args;

use super::args::FilterArgs;
use super::session::{open_memory, output_error, Messages, Result};
use crate::report::{self, ConcordanceQuery, OutputFormat};
use crate::request::ConcordanceRequest;
use crate::text::Lang;
use crate::workspace::Workspace;

#[derive(Debug, Args)]
pub struct ConcordanceArgs {
    /// The word or phrase; its words match any inflected form.
    #[arg(value_name = "PHRASE", allow_hyphen_values = true)]
    pub phrase: String,

    /// The phrase's language, the side searched [default: the phrase's
    /// script: Cyrillic ru, Latin en]. (`--lang` is the former name.)
    #[arg(long = "from", alias = "lang", value_name = "ru|en")]
    pub lang: Option<Lang>,

    /// Units shown at most (0: all).
    #[arg(long, default_value_t = 20)]
    pub limit: usize,

    /// Characters of context on each side of the hit (4–500; text and TSV output).
    #[arg(long, default_value_t = 40)]
    pub width: usize,

    #[command(flatten)]
    pub filter: FilterArgs,

    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: OutputFormat,
}

pub fn run(workspace: &Workspace, args: ConcordanceArgs, messages: &Messages) -> Result<i32> {
    let request = ConcordanceRequest {
        phrase: args.phrase,
        lang: args.lang,
        limit: args.limit,
        width: args.width,
        article: args.filter.article,
        origin: args.filter.origin,
        since: args.filter.since,
        until: args.filter.until,
    };
    request.check()?;
    let memory = open_memory(workspace, messages)?;
    let (lang, found) = crate::operations::concordance(&memory, &request)?;
    let mut out = io::stdout().lock();
    report::write_concordance(
        &mut out,
        args.format,
        messages.style,
        ConcordanceQuery {
            memory: &workspace.memory_name(),
            phrase: &request.phrase,
            lang,
            width: request.width,
        },
        &found,
    )
    .map_err(output_error)?;
    Ok(0)
}
