//! What every command shares: messages on stderr, the memory (built from
//! its seed files on first use), input text, filters, and the error type
//! that becomes exit code 1.

use std::io::{self, IsTerminal, Read};
use std::path::{Path, PathBuf};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};

use super::args::{FilterArgs, GlossaryArgs};
use crate::import::ImportEvent;
use crate::memory::Memory;
use crate::report::Style;
use crate::text::{decode, detect, Lang};
use crate::unit::UnitFilter;
use crate::workspace::Workspace;

/// An error for the user; the binary prints it and exits with 1.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct CliError(pub String);

impl CliError {
    pub fn new(e: impl std::fmt::Display) -> CliError {
        CliError(e.to_string())
    }
}

pub type Result<T> = std::result::Result<T, CliError>;

/// Messages on stderr, unless `--quiet`.
pub struct Messages {
    pub quiet: bool,
}

impl Messages {
    pub fn say(&self, text: &str) {
        if !self.quiet {
            eprintln!("{text}");
        }
    }

    pub fn warn(&self, text: &str) {
        eprintln!("warning: {text}");
    }

    /// A progress bar, only when stderr is a terminal.
    pub fn progress(&self, len: Option<u64>) -> ProgressBar {
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

pub fn style() -> Style {
    Style {
        color: io::stdout().is_terminal()
            && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
    }
}

/// Opens the workspace's memory, building it from its seed files on first use.
pub fn open_memory(workspace: &Workspace, messages: &Messages) -> Result<Memory> {
    if workspace.needs_build() {
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
        return workspace
            .build_memory(&mut |event| {
                if let ImportEvent::Problem(p) = event {
                    messages.warn(&p.to_string());
                }
            })
            .map_err(CliError::new);
    }
    Memory::open(&workspace.memory).map_err(CliError::new)
}

pub fn output_error(e: io::Error) -> CliError {
    CliError(format!("cannot write the output: {e}"))
}

pub fn unit_filter(args: &FilterArgs) -> Result<UnitFilter> {
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
pub fn input_text(text: Option<String>, file: Option<&PathBuf>) -> Result<(String, String)> {
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

pub fn source_lang(text: &str, from: Option<Lang>, name: &str) -> Result<Lang> {
    match from.or_else(|| detect(text)) {
        Some(lang) => Ok(lang),
        None => Err(CliError(format!(
            "{name}: cannot tell whether the text is Russian or English; pass --from ru or --from en"
        ))),
    }
}

/// The workspace's glossary (every `*.tsv` of its glossary folder; none
/// when the folder does not exist).
pub fn load_glossary(workspace: &Workspace) -> Result<crate::glossary::Glossary> {
    crate::glossary::Glossary::load(&workspace.glossaries).map_err(CliError::new)
}

/// The glossary and date that terms are looked up with: the workspace's
/// glossary (none with `--no-glossary`) at `--date`, or today.
pub fn term_lookup(
    workspace: &Workspace,
    args: &GlossaryArgs,
) -> Result<(crate::glossary::Glossary, jiff::civil::Date)> {
    let glossary = if args.no_glossary {
        crate::glossary::Glossary::default()
    } else {
        load_glossary(workspace)?
    };
    Ok((glossary, args.date.unwrap_or_else(today)))
}

/// Today's date in the local time zone.
pub fn today() -> jiff::civil::Date {
    jiff::Zoned::now().date()
}
