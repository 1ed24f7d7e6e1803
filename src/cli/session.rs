//! What every command shares: messages on stderr, the memory (built from
//! its seed files on first use), input text, and the error type (whose
//! kind becomes the exit code).

use std::io::{self, IsTerminal, Read};
use std::path::{Path, PathBuf};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};

use crate::import::ImportEvent;
use crate::memory::Memory;
use crate::report::Style;
use crate::text::decode;
use crate::workspace::Workspace;

pub use crate::error::{Error, Result};

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
            .map_err(Error::from);
    }
    Memory::open(&workspace.memory).map_err(Error::from)
}

pub fn output_error(e: io::Error) -> Error {
    Error::Other(format!("cannot write the output: {e}"))
}

/// The text to work on: `--text`, a file, or standard input.
pub fn input_text(text: Option<String>, file: Option<&PathBuf>) -> Result<(String, String)> {
    if let Some(text) = text {
        return Ok((text, "--text".into()));
    }
    let (bytes, name) = match file {
        Some(path) if path != Path::new("-") => (
            std::fs::read(path).map_err(|e| Error::Other(format!("{}: {e}", path.display())))?,
            path.display().to_string(),
        ),
        _ => {
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
