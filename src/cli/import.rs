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

    /// Succeed (exit 0) when the input holds no usable pair; without it,
    /// an import that reads no pair at all (an empty input, or every
    /// record skipped) exits 1, so that a script notices.
    #[arg(long)]
    pub allow_empty: bool,

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
    let mut total = Some(0u64);
    for source in &sources {
        let Source::File(path) = source else {
            total = None;
            continue;
        };
        // A FIFO or a device (`<(…)`, `/dev/stdin`) is read as a stream.
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => {
                return Err(Error::Other(format!(
                    "{}: is a folder; give the files in it",
                    path.display()
                )))
            }
            Ok(meta) if meta.is_file() => total = total.map(|t| t + meta.len()),
            Ok(_) => total = None,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(Error::NotFound(format!("{}: no such file", path.display())))
            }
            Err(e) => return Err(Error::Other(format!("{}: {e}", path.display()))),
        }
    }
    // A memory this import creates is removed again if the import fails
    // or reads nothing: a failed `--strict` import leaves nothing behind.
    let created = !workspace.memory.exists();
    let memory = Memory::open_or_create(&workspace.memory)?;
    let bar = messages.progress(total);
    let imported = import(&memory, &sources, &opts, &mut |event| match event {
        // A fatal one stops its file: an error, never silenced.
        ImportEvent::Problem(p) if p.is_fatal() => bar.suspend(|| eprintln!("error: {p}")),
        ImportEvent::Problem(p) => bar.suspend(|| messages.warn(&p.to_string())),
        ImportEvent::Progress { read, bytes } => {
            bar.set_position(bytes);
            match total {
                Some(_) => bar.set_message(format!("{read} records")),
                None => bar.set_message(format!(
                    "{read} records, {} read",
                    indicatif::HumanBytes(bytes)
                )),
            }
        }
        ImportEvent::File { name, .. } => bar.set_message(name.to_string()),
    });
    bar.finish_and_clear();
    let remove_created = || {
        if created {
            remove_if_empty(&memory);
        }
    };
    let mut summary = match imported {
        Ok(summary) => summary,
        Err(e) => {
            remove_created();
            return Err(e.into());
        }
    };
    summary.memory = workspace.memory_name();
    write_import_summary(&summary, args.format, messages)?;
    if summary.read == 0 && !args.allow_empty {
        remove_created();
        let names: Vec<String> = sources.iter().map(Source::name).collect();
        let hint = "check the format (--input-format tsv|csv|jsonl|tmx) and the columns \
                    (--columns), or pass --allow-empty to accept an empty import";
        let message = if !summary.incomplete.is_empty() {
            format!(
                "nothing imported: {} stopped at the error above",
                summary.incomplete.join(", ")
            )
        } else if summary.skipped > 0 {
            format!(
                "nothing imported: every record of {} was skipped ({} bad, see the warnings); {hint}",
                names.join(", "),
                summary.skipped
            )
        } else {
            format!(
                "nothing imported: {} holds no pairs; {hint}",
                names.join(", ")
            )
        };
        return Err(Error::Invalid {
            line: None,
            message,
        });
    }
    Ok(if summary.incomplete.is_empty() { 0 } else { 1 })
}

/// Removes the memory if it holds no unit and no other process writes it
/// (whose units may be on their way): what an import that created it and
/// then failed leaves behind.
fn remove_if_empty(memory: &Memory) {
    let Ok(_writer) = memory.writer(std::time::Duration::ZERO) else {
        return;
    };
    if memory.reload().is_ok() && memory.snapshot().is_empty() {
        let _ = std::fs::remove_dir_all(memory.path());
    }
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
                writeln!(out, "added\tunchanged\tskipped\tread\tlines\tcommits").and_then(|_| {
                    writeln!(
                        out,
                        "{}\t{}\t{}\t{}\t{}\t{}",
                        summary.added,
                        summary.unchanged,
                        summary.skipped,
                        summary.read,
                        summary.lines,
                        summary.commits
                    )
                })
            } else {
                let records = summary.read + summary.skipped;
                let occurrences = if summary.occurrences > 0 {
                    format!("{}, ", report::occurrences_phrase(summary.occurrences))
                } else {
                    String::new()
                };
                writeln!(
                    out,
                    "{}: {} added, {occurrences}{} unchanged, {} skipped ({}, {} from {}, {})",
                    summary.memory,
                    summary.added,
                    summary.unchanged,
                    summary.skipped,
                    plural(records, "record"),
                    plural(summary.lines, "line"),
                    plural(summary.files as u64, "file"),
                    plural(summary.commits, "commit"),
                )
            }
        }
    }
    .map_err(output_error)
}

/// `1 record`, `2 records`.
fn plural(n: u64, noun: &str) -> String {
    if n == 1 {
        format!("{n} {noun}")
    } else {
        format!("{n} {noun}s")
    }
}
