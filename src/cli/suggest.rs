//! `tilmash suggest`: the best matches for each sentence of a text.

use std::io;
use std::path::PathBuf;

use clap::Args;

use super::args::{FilterArgs, RepairArgs, TermArgs};
use super::session::{glossary_if, input_text, open_memory, output_error, Messages, Result};
use crate::operations::suggest_stream;
use crate::report::{self, OutputFormat, StreamError};
use crate::request::SuggestRequest;
use crate::text::Lang;
use crate::workspace::Workspace;

#[derive(Debug, Args)]
pub struct SuggestArgs {
    /// A text file to translate; `-` reads standard input.
    #[arg(value_name = "FILE", conflicts_with = "text")]
    pub file: Option<PathBuf>,

    /// The text to translate (whatever it starts with, a dash included).
    #[arg(long, short, allow_hyphen_values = true)]
    pub text: Option<String>,

    /// Source language [default: detected from the script].
    #[arg(long, value_name = "ru|en")]
    pub from: Option<Lang>,

    /// Matches per segment (1–50).
    #[arg(long, default_value_t = crate::suggest::DEFAULT_LIMIT)]
    pub limit: usize,

    /// Lowest score shown (0–101).
    #[arg(long, default_value_t = crate::suggest::DEFAULT_MIN_SCORE)]
    pub min_score: u8,

    /// Score every unit instead of using the index (same results, slower).
    #[arg(long)]
    pub exhaustive: bool,

    #[command(flatten)]
    pub filter: FilterArgs,

    #[command(flatten)]
    pub glossary: TermArgs,

    #[command(flatten)]
    pub repair: RepairArgs,

    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: OutputFormat,
}

impl SuggestArgs {
    /// The request, with the text read from `--text`, the file or stdin.
    fn request(self, messages: &Messages) -> Result<SuggestRequest> {
        let (text, _) = input_text(messages, self.text, self.file.as_ref())?;
        Ok(SuggestRequest {
            text: Some(text),
            segments: None,
            from: self.from,
            limit: self.limit,
            min_score: self.min_score,
            exhaustive: self.exhaustive,
            date: self.glossary.date,
            glossary: !self.glossary.no_glossary,
            no_repair: self.repair.no_repair,
            article: self.filter.article,
            origin: self.filter.origin,
            since: self.filter.since,
            until: self.filter.until,
        })
    }
}

pub fn run(workspace: &Workspace, args: SuggestArgs, messages: &Messages) -> Result<i32> {
    let format = args.format;
    let request = args.request(messages)?;
    request.check()?;
    let glossary = glossary_if(workspace, request.glossary)?;
    let memory = open_memory(workspace, messages)?;
    let snapshot = memory.snapshot();
    // Written as found, a batch of segments at a time: the output of a
    // long text is never held whole.
    let segments = suggest_stream(&snapshot, &glossary, &request)?;
    let mut out = io::stdout().lock();
    report::write_suggestion_stream(
        &mut out,
        format,
        messages.style,
        &workspace.memory_name(),
        request.min_score,
        segments,
    )
    .map_err(|e| match e {
        StreamError::Write(e) => output_error(e),
        StreamError::Source(e) => e,
    })?;
    Ok(0)
}
