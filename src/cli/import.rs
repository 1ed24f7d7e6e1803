//! `tilmash import`: aligned pairs from TSV, CSV, JSONL or TMX into the memory.

use std::io::{self, Write};
use std::path::PathBuf;
use std::time::Duration;

use clap::Args;

use super::session::{output_error, CliError, Messages, Result};
use crate::formats::{Column, Format, ReadOptions};
use crate::import::{import, ImportEvent, ImportOptions, ImportSummary, Source};
use crate::memory::Memory;
use crate::report::{self, OutputFormat};
use crate::workspace::Workspace;

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
    #[arg(long, value_name = "SECONDS", default_value = "0", value_parser = crate::fs::parse_wait)]
    pub wait: Duration,

    /// Output format of the summary.
    #[arg(long, value_enum, default_value_t)]
    pub format: OutputFormat,
}

fn read_options(args: &ImportArgs) -> Result<ReadOptions> {
    let columns = match &args.columns {
        Some(names) => Some(
            names
                .iter()
                .map(|n| n.parse::<Column>().map_err(CliError::new))
                .collect::<Result<Vec<_>>>()?,
        ),
        None => None,
    };
    Ok(ReadOptions {
        columns,
        has_header: if args.header {
            Some(true)
        } else if args.no_header {
            Some(false)
        } else {
            None
        },
    })
}

pub fn run(workspace: &Workspace, args: ImportArgs, messages: &Messages) -> Result<i32> {
    let sources: Vec<Source> = args.files.iter().map(|f| Source::from_arg(f)).collect();
    for source in &sources {
        if let Source::File(path) = source {
            // A FIFO or a device (`<(…)`, `/dev/stdin`) is read as a stream.
            match std::fs::metadata(path) {
                Ok(meta) if meta.is_dir() => {
                    return Err(CliError(format!(
                        "{}: is a folder; give the files in it",
                        path.display()
                    )))
                }
                Ok(_) => {}
                Err(e) => return Err(CliError(format!("{}: {e}", path.display()))),
            }
        }
    }
    let opts = ImportOptions {
        format: args.input_format,
        read: read_options(&args)?,
        batch: args.batch.map(|b| b as usize),
        strict: args.strict,
        origin: args.origin.clone(),
        wait: args.wait,
    };
    let memory = Memory::open_or_create(&workspace.memory).map_err(CliError::new)?;
    let bar = messages.progress(None);
    let mut problems = 0u64;
    let summary = import(&memory, &sources, &opts, &mut |event| match event {
        ImportEvent::Problem(p) => {
            problems += 1;
            bar.suspend(|| messages.warn(&p.to_string()));
        }
        ImportEvent::Progress { read } => bar.set_message(format!("{read} records")),
        ImportEvent::File { name, .. } => bar.set_message(name.to_string()),
    })
    .map_err(CliError::new)?;
    bar.finish_and_clear();
    write_import_summary(&summary, args.format, messages)?;
    Ok(if summary.incomplete.is_empty() { 0 } else { 1 })
}

fn write_import_summary(
    summary: &ImportSummary,
    format: OutputFormat,
    messages: &Messages,
) -> Result<()> {
    let mut out = io::stdout().lock();
    match format {
        OutputFormat::Json => report::write_json(&mut out, summary),
        OutputFormat::Jsonl => report::write_json_line(&mut out, summary),
        OutputFormat::Text | OutputFormat::Tsv => {
            for warning in &summary.warnings {
                messages.warn(warning);
            }
            for file in &summary.incomplete {
                messages.warn(&format!("{file}: stopped early, see the error above"));
            }
            if format == OutputFormat::Tsv {
                writeln!(out, "added\tunchanged\tskipped\tcommits").and_then(|_| {
                    writeln!(
                        out,
                        "{}\t{}\t{}\t{}",
                        summary.added, summary.unchanged, summary.skipped, summary.commits
                    )
                })
            } else {
                writeln!(
                    out,
                    "{}: {} added, {} unchanged, {} skipped ({} read from {} file{}, {} commit{})",
                    summary.memory,
                    summary.added,
                    summary.unchanged,
                    summary.skipped,
                    summary.read,
                    summary.files,
                    if summary.files == 1 { "" } else { "s" },
                    summary.commits,
                    if summary.commits == 1 { "" } else { "s" },
                )
            }
        }
    }
    .map_err(output_error)
}
