//! `tilmash import`: aligned pairs from TSV, CSV, JSONL or TMX into the memory.

use std::io::{self, Write};
use std::path::PathBuf;

use clap::Args;

use super::session::{output_error, Error, Messages, Result};
use crate::formats::Format;
use crate::import::{import, ImportEvent, ImportSummary, Source};
use crate::memory::Memory;
use crate::report::{self, OutputFormat};
use crate::request::ImportRequest;
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
    #[arg(long, value_name = "N")]
    pub batch: Option<u64>,

    /// Refuse the whole import at the first bad record.
    #[arg(long)]
    pub strict: bool,

    /// Origin recorded on units that name none [default: the file name].
    #[arg(long, value_name = "NAME")]
    pub origin: Option<String>,

    /// Wait up to this many seconds for another writer to finish.
    #[arg(long, value_name = "SECONDS", default_value = "0", value_parser = crate::fs::parse_wait)]
    pub wait: std::time::Duration,

    /// Output format of the summary.
    #[arg(long, value_enum, default_value_t)]
    pub format: OutputFormat,
}

impl ImportArgs {
    fn request(&self) -> ImportRequest {
        ImportRequest {
            format: self.input_format,
            columns: self.columns.as_ref().map(|names| names.join(",")),
            header: if self.header {
                Some(true)
            } else if self.no_header {
                Some(false)
            } else {
                None
            },
            batch: self.batch,
            strict: self.strict,
            origin: self.origin.clone(),
            wait: self.wait.as_secs_f64(),
        }
    }
}

pub fn run(workspace: &Workspace, args: ImportArgs, messages: &Messages) -> Result<i32> {
    let opts = args.request().check()?;
    let sources: Vec<Source> = args.files.iter().map(|f| Source::from_arg(f)).collect();
    for source in &sources {
        if let Source::File(path) = source {
            // A FIFO or a device (`<(…)`, `/dev/stdin`) is read as a stream.
            match std::fs::metadata(path) {
                Ok(meta) if meta.is_dir() => {
                    return Err(Error::Other(format!(
                        "{}: is a folder; give the files in it",
                        path.display()
                    )))
                }
                Ok(_) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    return Err(Error::NotFound(format!("{}: no such file", path.display())))
                }
                Err(e) => return Err(Error::Other(format!("{}: {e}", path.display()))),
            }
        }
    }
    let memory = Memory::open_or_create(&workspace.memory)?;
    let bar = messages.progress(None);
    let summary = import(&memory, &sources, &opts, &mut |event| match event {
        ImportEvent::Problem(p) => bar.suspend(|| messages.warn(&p.to_string())),
        ImportEvent::Progress { read } => bar.set_message(format!("{read} records")),
        ImportEvent::File { name, .. } => bar.set_message(name.to_string()),
    })?;
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
                let occurrences = if summary.occurrences > 0 {
                    format!("{}, ", report::occurrences_phrase(summary.occurrences))
                } else {
                    String::new()
                };
                writeln!(
                    out,
                    "{}: {} added, {occurrences}{} unchanged, {} skipped ({} read from {} file{}, {} commit{})",
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
