//! `tilmash stats`: figures about the memory.

use std::io::{self, Write};

use clap::Args;

use super::session::{open_memory, output_error, Error, Messages, Result};
use crate::report::{self, OutputFormat};
use crate::workspace::Workspace;

#[derive(Debug, Args)]
pub struct StatsArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: OutputFormat,
}
pub fn run(workspace: &Workspace, args: StatsArgs, messages: &Messages) -> Result<i32> {
    let memory = open_memory(workspace, messages)?;
    let mut stats = memory.stats().map_err(Error::from)?;
    stats.memory = workspace.memory_name();
    let mut out = io::stdout().lock();
    match args.format {
        OutputFormat::Json => report::write_json(&mut out, &stats),
        OutputFormat::Jsonl => report::write_json_line(&mut out, &stats),
        OutputFormat::Text => report::write_fields(&mut out, &stats),
        OutputFormat::Tsv => writeln!(
            out,
            "units\tarticles\tfirst_date\tlast_date\tindex_bytes\n{}\t{}\t{}\t{}\t{}",
            stats.units,
            stats.articles,
            stats.first_date.as_deref().unwrap_or(""),
            stats.last_date.as_deref().unwrap_or(""),
            stats.index_bytes
        ),
    }
    .map_err(output_error)?;
    Ok(0)
}
