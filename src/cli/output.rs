//! Where a command writes its data: standard output, or `--output FILE`
//! written through [`crate::fs::AtomicFile`] (complete or untouched; a
//! FIFO or device written directly), never one of the command's inputs or
//! a memory's own files.

use std::io::{self, Stdout, Write};
use std::path::{Path, PathBuf};

use crate::fs::{same_file, AtomicFile};

use super::session::{Error, Result};

/// Standard output or a file being written.
pub enum Output {
    Stdout(Stdout),
    /// The path given and the file written.
    File(PathBuf, AtomicFile),
}

impl Output {
    /// `path`, or standard output when `None` or `-`. A path that is one
    /// of the command's `inputs`, or a file of a memory, is refused.
    pub fn create(path: Option<&Path>, inputs: &[&Path]) -> Result<Output> {
        let Some(path) = path.filter(|p| *p != Path::new("-")) else {
            return Ok(Output::Stdout(io::stdout()));
        };
        if let Some(input) = inputs.iter().find(|input| same_file(path, input)) {
            return Err(Error::Other(format!(
                "{}: is the input {}; write the output to another file",
                path.display(),
                input.display()
            )));
        }
        if let Some(memory) = crate::memory::holder_of(path) {
            return Err(Error::Other(format!(
                "{}: is a file of the memory {}; write the output elsewhere",
                path.display(),
                memory.display()
            )));
        }
        let file = AtomicFile::create(path)
            .map_err(|e| Error::Other(format!("{}: {e}", path.display())))?;
        Ok(Output::File(path.to_path_buf(), file))
    }

    /// Finishes the output: the file takes its place.
    pub fn commit(self) -> Result<()> {
        match self {
            Output::Stdout(mut out) => out.flush().map_err(super::session::output_error),
            Output::File(path, file) => file
                .commit()
                .map_err(|e| Error::Other(format!("{}: {e}", path.display()))),
        }
    }

    /// The file written, if any.
    pub fn path(&self) -> Option<&Path> {
        match self {
            Output::Stdout(_) => None,
            Output::File(path, _) => Some(path),
        }
    }

    /// Where the data goes, for messages: the file, or "standard output".
    pub fn name(&self) -> String {
        self.path().map_or_else(
            || "standard output".to_string(),
            |p| p.display().to_string(),
        )
    }

    /// A failed write, naming the file written.
    pub fn error(&self, e: io::Error) -> Error {
        match self.path() {
            Some(path) => Error::Other(format!("{}: {e}", path.display())),
            None => super::session::output_error(e),
        }
    }
}

impl Write for Output {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Output::Stdout(out) => out.write(buf),
            Output::File(_, f) => f.write(buf),
        }
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        match self {
            Output::Stdout(out) => out.write_all(buf),
            Output::File(_, f) => f.write_all(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Output::Stdout(out) => out.flush(),
            Output::File(_, f) => f.flush(),
        }
    }
}
