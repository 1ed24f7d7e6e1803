//! `tilmash analyze`: words and segments per match band, per file and in
//! total, to estimate the work in new texts.

use std::io;
use std::path::{Path, PathBuf};

use clap::Args;

use super::args::{FilterArgs, JoinArgs};
use super::session::{input_text, open_memory, output_error, Error, Messages, Result};
use crate::operations::analyze_request;
use crate::report::{self, OutputFormat};
use crate::request::{AnalyzeRequest, NamedText};
use crate::text::Lang;
use crate::workspace::Workspace;

#[derive(Debug, Args)]
pub struct AnalyzeArgs {
    /// Texts to analyse; `-` reads standard input (once).
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,

    /// Source language of every file [default: detected per file from the script].
    #[arg(long, value_name = "ru|en")]
    pub from: Option<Lang>,

    #[command(flatten)]
    pub filter: FilterArgs,

    #[command(flatten)]
    pub join: JoinArgs,

    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: OutputFormat,
}

pub fn run(workspace: &Workspace, args: AnalyzeArgs, messages: &Messages) -> Result<i32> {
    if args.files.iter().filter(|f| *f == Path::new("-")).count() > 1 {
        return Err(Error::usage(
            "texts",
            "standard input (`-`) can be analysed only once",
        ));
    }
    let mut texts = Vec::new();
    let mut empty = Vec::new();
    for file in &args.files {
        let (text, name) = input_text(messages, None, Some(file))?;
        // An empty file holds no work: said, and left out of the report.
        if text.trim().is_empty() {
            messages.warn(&format!(
                "{name}: the file is empty; left out of the analysis"
            ));
            empty.push(name);
        } else {
            texts.push(NamedText { name, text });
        }
    }
    if texts.is_empty() {
        return Err(Error::Invalid {
            line: None,
            message: format!(
                "nothing to analyse: every file is empty ({})",
                empty.join(", ")
            ),
        });
    }
    let request = AnalyzeRequest {
        text: None,
        texts,
        from: args.from,
        article: args.filter.article,
        origin: args.filter.origin,
        since: args.filter.since,
        until: args.filter.until,
        join_paragraphs: args.join.join_paragraphs,
    };
    request.check()?;
    let memory = open_memory(workspace, messages)?;
    let analysis = analyze_request(&memory.snapshot(), &request)?;
    let mut out = io::stdout().lock();
    report::write_analysis(
        &mut out,
        args.format,
        messages.style,
        &workspace.memory_name(),
        &analysis,
    )
    .map_err(output_error)?;
    Ok(0)
}
