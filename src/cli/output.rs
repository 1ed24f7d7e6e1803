//! Where a command writes its data: standard output, or `--output FILE`
//! written atomically (a temporary file beside it, renamed over it at the
//! end), so that a failed or interrupted run never leaves half a file.

use std::fs::File;
use std::io::{self, BufWriter, Stdout, Write};
use std::path::{Path, PathBuf};

use super::session::{Error, Result};

/// Standard output or a file being written.
pub enum Output {
    Stdout(Stdout),
    File(AtomicFile),
}

/// A file written through a temporary file and a rename. Dropped without
/// [`AtomicFile::commit`], it removes the temporary file and leaves the
/// target untouched.
pub struct AtomicFile {
    path: PathBuf,
    tmp: PathBuf,
    file: Option<BufWriter<File>>,
}

impl Output {
    /// `path`, or standard output when `None` or `-`.
    pub fn create(path: Option<&Path>) -> Result<Output> {
        match path {
            Some(path) if path != Path::new("-") => Ok(Output::File(AtomicFile::create(path)?)),
            _ => Ok(Output::Stdout(io::stdout())),
        }
    }

    /// Finishes the output: the file takes its place.
    pub fn commit(self) -> Result<()> {
        match self {
            Output::Stdout(mut out) => out.flush().map_err(super::session::output_error),
            Output::File(file) => file.commit(),
        }
    }

    /// The file written, if any.
    pub fn path(&self) -> Option<&Path> {
        match self {
            Output::Stdout(_) => None,
            Output::File(f) => Some(&f.path),
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
            Output::File(f) => f.writer()?.write(buf),
        }
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        match self {
            Output::Stdout(out) => out.write_all(buf),
            Output::File(f) => f.writer()?.write_all(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Output::Stdout(out) => out.flush(),
            Output::File(f) => f.writer()?.flush(),
        }
    }
}

impl AtomicFile {
    fn create(path: &Path) -> Result<AtomicFile> {
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        if !dir.is_dir() {
            return Err(Error::Other(format!(
                "{}: the folder {} does not exist",
                path.display(),
                dir.display()
            )));
        }
        if path.is_dir() {
            return Err(Error::Other(format!(
                "{}: is a folder; give a file name",
                path.display()
            )));
        }
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let tmp = dir.join(format!(".{name}.tmp{}", std::process::id()));
        let file =
            File::create(&tmp).map_err(|e| Error::Other(format!("{}: {e}", tmp.display())))?;
        Ok(AtomicFile {
            path: path.to_path_buf(),
            tmp,
            file: Some(BufWriter::with_capacity(1 << 16, file)),
        })
    }

    fn writer(&mut self) -> io::Result<&mut BufWriter<File>> {
        self.file
            .as_mut()
            .ok_or_else(|| io::Error::other("the output file is closed"))
    }

    fn commit(mut self) -> Result<()> {
        let fail = |e: io::Error, path: &Path| Error::Other(format!("{}: {e}", path.display()));
        let Some(writer) = self.file.take() else {
            return Ok(());
        };
        let file = writer
            .into_inner()
            .map_err(|e| fail(e.into_error(), &self.tmp))?;
        file.sync_all().map_err(|e| fail(e, &self.tmp))?;
        drop(file);
        std::fs::rename(&self.tmp, &self.path).map_err(|e| fail(e, &self.path))?;
        Ok(())
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if self.file.take().is_some() {
            let _ = std::fs::remove_file(&self.tmp);
        }
    }
}
