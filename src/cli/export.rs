//! `tilmash export`: the memory's units as TMX 1.4b, TSV or JSONL.

use std::path::PathBuf;

use clap::Args;

use super::args::FilterArgs;
use super::output::Output;
use super::session::{open_memory, Error, Messages, Result};
use crate::export::{export, ExportError, ExportFormat, ExportOptions};
use crate::request::unit_filter;
use crate::workspace::Workspace;

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Output format [default: from the --output extension, else tmx].
    #[arg(long, value_enum)]
    pub format: Option<ExportFormat>,

    /// Write to this file (atomically: complete or untouched) instead of
    /// standard output.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,

    #[command(flatten)]
    pub filter: FilterArgs,
}

pub fn run(workspace: &Workspace, args: ExportArgs, messages: &Messages) -> Result<i32> {
    let format = match (args.format, &args.output) {
        (Some(f), _) => f,
        (None, Some(path)) => ExportFormat::from_path(path).unwrap_or(ExportFormat::Tmx),
        (None, None) => ExportFormat::Tmx,
    };
    let opts = ExportOptions {
        format,
        filter: unit_filter(
            &args.filter.article,
            &args.filter.origin,
            args.filter.since,
            args.filter.until,
        )?,
    };
    let memory = open_memory(workspace, messages)?;
    let snapshot = memory.snapshot();
    let mut output = Output::create(args.output.as_deref(), &[])?;
    let summary = export(&snapshot, &mut output, &opts).map_err(|e| match e {
        ExportError::Write(e) => output.error(e),
        e => Error::other(e),
    })?;
    let target = output.name();
    output.commit()?;
    let mut notes = Vec::new();
    if summary.records != summary.units {
        notes.push(format!("{} records, one per place", summary.records));
    }
    if summary.filtered_out > 0 {
        notes.push(format!("{} left out by the filters", summary.filtered_out));
    }
    let filtered = if notes.is_empty() {
        String::new()
    } else {
        format!(" ({})", notes.join("; "))
    };
    messages.say(&format!(
        "exported {} unit{} to {target}{filtered}",
        summary.units,
        if summary.units == 1 { "" } else { "s" },
    ));
    Ok(0)
}
