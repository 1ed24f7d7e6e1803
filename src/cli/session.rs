//! What every command shares: messages on stderr, the memory (built from
//! its seed files on first use), input text, and the error type (whose
//! kind becomes the exit code).

use std::io::{self, IsTerminal, Read};
use std::path::{Path, PathBuf};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};

use super::args::ColorChoice;
use crate::import::ImportEvent;
use crate::memory::Memory;
use crate::report::Style;
use crate::text::decode;
use crate::workspace::Workspace;

pub use crate::error::{Error, Result};

/// Messages on stderr, unless `--quiet`; and how text output on stdout
/// looks (`--color`).
pub struct Messages {
    pub quiet: bool,
    pub style: Style,
}

impl Messages {
    pub fn say(&self, text: &str) {
        if !self.quiet {
            eprintln!("{text}");
        }
    }

    /// A warning (a record skipped, a glossary missing): a message too,
    /// so `--quiet` silences it; errors are never silenced.
    pub fn warn(&self, text: &str) {
        if !self.quiet {
            eprintln!("warning: {text}");
        }
    }

    /// A progress bar, only when stderr is a terminal: bytes read of
    /// `len` with the rate and the time left, or a spinner when the total
    /// is unknown (standard input).
    pub fn progress(&self, len: Option<u64>) -> ProgressBar {
        if self.quiet || !io::stderr().is_terminal() {
            return ProgressBar::hidden();
        }
        let bar = match len {
            Some(len) => ProgressBar::new(len).with_style(
                ProgressStyle::with_template(
                    "{bar:30} {bytes}/{total_bytes} {binary_bytes_per_sec}, {eta} left {msg}",
                )
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
            ),
            None => ProgressBar::new_spinner(),
        };
        bar.enable_steady_tick(Duration::from_millis(200));
        bar
    }
}

/// The text style `--color` asks for; `auto` colours a terminal unless
/// `NO_COLOR` is set.
pub fn style(choice: ColorChoice) -> Style {
    let color = match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    };
    Style { color }
}

/// Opens the workspace's memory, building it from its seed files on first use.
pub fn open_memory(workspace: &Workspace, messages: &Messages) -> Result<Memory> {
    if workspace.needs_build() {
        messages.say(&format!(
            "building {} from {} (first use)",
            workspace.memory_name(),
            workspace
                .seed
                .iter()
                .map(|p| p
                    .strip_prefix(&workspace.root)
                    .unwrap_or(p)
                    .display()
                    .to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ));
        return workspace
            .build_memory(&mut |event| {
                if let ImportEvent::Problem(p) = event {
                    messages.warn(&p.to_string());
                }
            })
            .map_err(Error::from);
    }
    Memory::open(&workspace.memory).map_err(Error::from)
}

/// A failed write to standard output; a reader gone away (`| head`) is
/// [`Error::OutputClosed`], which ends the command quietly.
pub fn output_error(e: io::Error) -> Error {
    if e.kind() == io::ErrorKind::BrokenPipe {
        return Error::OutputClosed;
    }
    Error::Other(format!("cannot write the output: {e}"))
}

/// What a command reading a text from a terminal says it waits for.
pub const STDIN_PROMPT: &str = "reading the text from standard input: type or paste it, then \
     Ctrl-D on a line of its own (or give a FILE, or --text \"…\")";

/// The text to work on: `--text`, a file, or standard input. Standard
/// input on a terminal is read after saying so on stderr (else the
/// command would seem to hang).
pub fn input_text(
    messages: &Messages,
    text: Option<String>,
    file: Option<&PathBuf>,
) -> Result<(String, String)> {
    if let Some(text) = text {
        return Ok((text, "--text".into()));
    }
    let (bytes, name) = match file {
        Some(path) if path != Path::new("-") => (
            std::fs::read(path).map_err(|e| Error::Other(format!("{}: {e}", path.display())))?,
            path.display().to_string(),
        ),
        _ => {
            if io::stdin().is_terminal() {
                messages.say(STDIN_PROMPT);
            }
            let mut bytes = Vec::new();
            io::stdin()
                .read_to_end(&mut bytes)
                .map_err(|e| Error::Other(format!("standard input: {e}")))?;
            (bytes, "-".into())
        }
    };
    let text = decode(&bytes).map_err(|e| Error::Other(format!("{name}: {e}")))?;
    Ok((text, name))
}

/// The workspace's glossary (every `*.tsv` of its glossary folder; none
/// when the folder does not exist).
pub fn load_glossary(workspace: &Workspace) -> Result<crate::glossary::Glossary> {
    crate::glossary::Glossary::load(&workspace.glossaries).map_err(Error::from)
}
