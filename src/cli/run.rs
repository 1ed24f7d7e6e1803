//! Runs a parsed command line: checks the arguments, calls the library,
//! renders the result. Messages go to stderr, data to stdout.

use std::io::{self, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};

use super::args::{Cli, Command, FilterArgs, ImportArgs, StatsArgs, SuggestArgs};
use crate::formats::{Column, ReadOptions};
use crate::import::{import, ImportEvent, ImportOptions, ImportSummary, Source};
use crate::memory::Memory;
use crate::report::{self, OutputFormat, Style};
use crate::suggest::{queries, suggest, SegmentSuggestions, SuggestOptions};
use crate::text::{decode, detect, Lang};
use crate::unit::UnitFilter;
use crate::workspace::Workspace;

/// An error for the user; the binary prints it and exits with 1.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct CliError(pub String);

impl CliError {
    fn new(e: impl std::fmt::Display) -> CliError {
        CliError(e.to_string())
    }
}

type Result<T> = std::result::Result<T, CliError>;

/// Runs `cli`; returns the exit code (0 ok, 1 problems found).
pub fn run(cli: Cli) -> Result<i32> {
    let workspace = Workspace::resolve(cli.memory.clone()).map_err(CliError::new)?;
    let messages = Messages { quiet: cli.quiet };
    match cli.command {
        Command::Import(args) => run_import(&workspace, args, &messages),
        Command::Suggest(args) => run_suggest(&workspace, args, &messages),
        Command::Stats(args) => run_stats(&workspace, args, &messages),
    }
}

/// Messages on stderr, unless `--quiet`.
struct Messages {
    quiet: bool,
}

impl Messages {
    fn say(&self, text: &str) {
        if !self.quiet {
            eprintln!("{text}");
        }
    }

    fn warn(&self, text: &str) {
        eprintln!("warning: {text}");
    }

    /// A progress bar, only when stderr is a terminal.
    fn progress(&self, len: Option<u64>) -> ProgressBar {
        if self.quiet || !io::stderr().is_terminal() {
            return ProgressBar::hidden();
        }
        let bar = match len {
            Some(len) => ProgressBar::new(len).with_style(
                ProgressStyle::with_template("{bar:30} {bytes}/{total_bytes} {msg}")
                    .unwrap_or_else(|_| ProgressStyle::default_bar()),
            ),
            None => ProgressBar::new_spinner(),
        };
        bar.enable_steady_tick(Duration::from_millis(200));
        bar
    }
}

fn style() -> Style {
    Style {
        color: io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
    }
}

/// Opens the workspace's memory, building it from its seed files on first use.
fn open_memory(workspace: &Workspace, messages: &Messages) -> Result<Memory> {
    if !Memory::exists(&workspace.memory) && !workspace.seed.is_empty() {
        messages.say(&format!(
            "building {} from {} (first use)",
            workspace.memory.display(),
            workspace
                .seed
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ));
        let memory = Memory::create(&workspace.memory).map_err(CliError::new)?;
        let sources: Vec<Source> = workspace.seed.iter().cloned().map(Source::File).collect();
        let opts = ImportOptions {
            wait: Duration::from_secs(60),
            ..ImportOptions::default()
        };
        import(&memory, &sources, &opts, &mut |event| {
            if let ImportEvent::Problem(p) = event {
                messages.warn(&p.to_string());
            }
        })
        .map_err(CliError::new)?;
        memory.reload().map_err(CliError::new)?;
        return Ok(memory);
    }
    Memory::open(&workspace.memory).map_err(CliError::new)
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

fn run_import(workspace: &Workspace, args: ImportArgs, messages: &Messages) -> Result<i32> {
    if !args.wait.is_finite() || args.wait < 0.0 {
        return Err(CliError("--wait takes a number of seconds ≥ 0".into()));
    }
    let sources: Vec<Source> = args
        .files
        .iter()
        .map(|f| {
            if f == Path::new("-") {
                Source::Stdin
            } else {
                Source::File(f.clone())
            }
        })
        .collect();
    for source in &sources {
        if let Source::File(path) = source {
            if !path.is_file() {
                return Err(CliError(format!(
                    "{}: no such file",
                    path.display()
                )));
            }
        }
    }
    let opts = ImportOptions {
        format: args.input_format,
        read: read_options(&args)?,
        batch: args.batch.map(|b| b as usize),
        strict: args.strict,
        origin: args.origin.clone(),
        wait: Duration::from_secs_f64(args.wait),
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

fn output_error(e: io::Error) -> CliError {
    CliError(format!("cannot write the output: {e}"))
}

fn unit_filter(args: &FilterArgs) -> Result<UnitFilter> {
    if let (Some(since), Some(until)) = (args.since, args.until) {
        if since > until {
            return Err(CliError(format!(
                "--since {since} is after --until {until}: nothing can match"
            )));
        }
    }
    Ok(UnitFilter {
        article: args.article.clone(),
        origin: args.origin.clone(),
        since: args.since,
        until: args.until,
    })
}

/// The text to work on: `--text`, a file, or standard input.
fn input_text(text: Option<String>, file: Option<&PathBuf>) -> Result<(String, String)> {
    if let Some(text) = text {
        return Ok((text, "--text".into()));
    }
    let (bytes, name) = match file {
        Some(path) if path != Path::new("-") => (
            std::fs::read(path).map_err(|e| CliError(format!("{}: {e}", path.display())))?,
            path.display().to_string(),
        ),
        _ => {
            let mut bytes = Vec::new();
            io::stdin()
                .read_to_end(&mut bytes)
                .map_err(|e| CliError(format!("standard input: {e}")))?;
            (bytes, "-".into())
        }
    };
    let text = decode(&bytes).map_err(|e| CliError(format!("{name}: {e}")))?;
    Ok((text, name))
}

fn source_lang(text: &str, from: Option<Lang>, name: &str) -> Result<Lang> {
    match from.or_else(|| detect(text)) {
        Some(lang) => Ok(lang),
        None => Err(CliError(format!(
            "{name}: cannot tell whether the text is Russian or English; pass --from ru or --from en"
        ))),
    }
}

fn run_suggest(workspace: &Workspace, args: SuggestArgs, messages: &Messages) -> Result<i32> {
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
    let memory = open_memory(workspace, messages)?;
    let snapshot = memory.snapshot();
    let queries = queries(&text, lang);
    let found = suggest(&snapshot, &queries, &opts).map_err(CliError::new)?;
    let segments: Vec<SegmentSuggestions> = queries
        .into_iter()
        .zip(found)
        .enumerate()
        .map(|(i, (q, matches))| SegmentSuggestions {
            segment: i + 1,
            paragraph: q.paragraph,
            start: q.start,
            end: q.end,
            text: q.analyzed.text,
            lang,
            matches,
        })
        .collect();
    let mut out = io::stdout().lock();
    report::write_suggestions(
        &mut out,
        args.format,
        style(),
        &memory.path().display().to_string(),
        opts.min_score,
        &segments,
    )
    .map_err(output_error)?;
    Ok(0)
}

fn run_stats(workspace: &Workspace, args: StatsArgs, messages: &Messages) -> Result<i32> {
    let memory = open_memory(workspace, messages)?;
    let stats = memory.stats().map_err(CliError::new)?;
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
