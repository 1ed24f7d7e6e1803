//! One process at a time: an advisory lock on a lock file (the memory's
//! `write.lock`, a glossary folder's `.tilmash-glossary.lock`). The
//! operating system releases it when the holder exits, even on `kill -9`,
//! so a lock file left behind by a dead process is simply taken over; the
//! file's text only names the current holder for error messages: its pid,
//! its command line and since when it holds the lock.
//!
//! The lock file is opened without following a symbolic link, and anything
//! but a regular file is refused: a link planted at the lock's path must
//! not let the lock truncate the file it points to.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::os::unix::fs::{MetadataExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const POLL: Duration = Duration::from_millis(100);
/// The longest command line the lock file keeps, in characters.
const MAX_COMMAND: usize = 160;
/// The longest `--wait` accepted: a week, in seconds.
pub const MAX_WAIT: u64 = 7 * 24 * 3600;

/// Why a lock was not taken.
#[derive(Debug, thiserror::Error)]
pub enum LockError {
    /// Another process holds it, still after the wait.
    #[error("held by another process ({holder})")]
    Held { holder: String },
    /// The lock's path is a link, a folder or another special file.
    #[error("{}: {what}, not a lock file; remove it", path.display())]
    NotAFile { path: PathBuf, what: &'static str },
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
}

/// What becomes of the lock file when the lock is released.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Release {
    /// Emptied and kept (the memory's `write.lock`).
    Keep,
    /// Removed, so that a folder under version control stays clean.
    Remove,
}

/// A lock held; released on drop.
#[derive(Debug)]
pub struct LockFile {
    file: File,
    path: PathBuf,
    release: Release,
}

impl LockFile {
    /// Takes the lock at `path`, waiting up to `wait` for its holder.
    pub fn acquire(path: &Path, wait: Duration, release: Release) -> Result<LockFile, LockError> {
        let deadline = Instant::now().checked_add(wait);
        loop {
            let mut file = open_regular(path)?;
            loop {
                match file.try_lock() {
                    Ok(()) => break,
                    Err(TryLockError::WouldBlock)
                        if deadline.is_none_or(|d| Instant::now() < d) =>
                    {
                        std::thread::sleep(POLL)
                    }
                    Err(TryLockError::WouldBlock) => {
                        return Err(LockError::Held {
                            holder: holder(&mut file),
                        })
                    }
                    Err(TryLockError::Error(source)) => return Err(io_error(path, source)),
                }
            }
            // A holder that removes its lock file on release may have done
            // so while we waited: the lock is then on a file nobody else
            // will open, and the one at the path must be taken instead.
            if release == Release::Keep || still_at(&file, path) {
                let mut lock = LockFile {
                    file,
                    path: path.to_path_buf(),
                    release,
                };
                lock.name_holder().map_err(|e| io_error(path, e))?;
                return Ok(lock);
            }
        }
    }

    fn name_holder(&mut self) -> io::Result<()> {
        let text = format!(
            "pid {} `{}`, since {}",
            std::process::id(),
            command_line(),
            jiff::Timestamp::now()
                .round(jiff::Unit::Second)
                .unwrap_or(jiff::Timestamp::now())
        );
        self.file.set_len(0)?;
        self.file.seek(SeekFrom::Start(0))?;
        self.file.write_all(text.as_bytes())?;
        self.file.flush()
    }
}

impl Drop for LockFile {
    fn drop(&mut self) {
        match self.release {
            Release::Keep => {
                let _ = self.file.set_len(0);
            }
            Release::Remove => {
                let _ = std::fs::remove_file(&self.path);
            }
        }
        let _ = self.file.unlock();
    }
}

/// A `--wait SECONDS` value: a number from 0 to [`MAX_WAIT`].
pub fn parse_wait(text: &str) -> Result<Duration, String> {
    let seconds: f64 = text
        .trim()
        .parse()
        .map_err(|_| format!("`{text}` is not a number of seconds"))?;
    if !seconds.is_finite() || !(0.0..=MAX_WAIT as f64).contains(&seconds) {
        return Err(format!(
            "`{text}`: give a number of seconds from 0 to {MAX_WAIT} (a week)"
        ));
    }
    Ok(Duration::from_secs_f64(seconds))
}

/// Opens (creating) the lock file at `path`: never through a link, and
/// only a regular file.
fn open_regular(path: &Path) -> Result<File, LockError> {
    let not_a_file = |what| LockError::NotAFile {
        path: path.to_path_buf(),
        what,
    };
    let file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
        .open(path)
        .map_err(|e| match e.raw_os_error() {
            Some(libc::ELOOP) => not_a_file("a symbolic link"),
            Some(libc::EISDIR) => not_a_file("a folder"),
            _ => io_error(path, e),
        })?;
    let kind = file.metadata().map_err(|e| io_error(path, e))?.file_type();
    if kind.is_dir() {
        return Err(not_a_file("a folder"));
    }
    if !kind.is_file() {
        return Err(not_a_file("a special file"));
    }
    Ok(file)
}

/// Whether `file` is still the file at `path`.
fn still_at(file: &File, path: &Path) -> bool {
    match (file.metadata(), std::fs::symlink_metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

fn io_error(path: &Path, source: io::Error) -> LockError {
    LockError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Who holds the lock, from the lock file. The holder writes its name just
/// after taking the lock: an empty file is read again a little later.
fn holder(file: &mut File) -> String {
    for _ in 0..5 {
        let mut text = String::new();
        let _ = file.seek(SeekFrom::Start(0));
        let _ = file.read_to_string(&mut text);
        let text = text.trim();
        if !text.is_empty() {
            return text.to_string();
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    "unknown process".to_string()
}

/// This process's command line, the program by its file name, shortened
/// to [`MAX_COMMAND`] characters.
fn command_line() -> String {
    let mut args = std::env::args_os();
    let program = args
        .next()
        .map(|p| {
            Path::new(&p)
                .file_name()
                .unwrap_or(&p)
                .to_string_lossy()
                .into_owned()
        })
        .unwrap_or_default();
    let mut line = program;
    for arg in args {
        line.push(' ');
        line.push_str(&arg.to_string_lossy());
    }
    let line = line.replace(['\n', '\r', '`'], " ");
    if line.chars().count() > MAX_COMMAND {
        let short: String = line.chars().take(MAX_COMMAND - 1).collect();
        format!("{short}…")
    } else {
        line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wait_values_are_bounded() {
        assert_eq!(parse_wait("2.5"), Ok(Duration::from_millis(2500)));
        assert_eq!(parse_wait("0"), Ok(Duration::ZERO));
        for bad in ["1e20", "1.8e19", "-1", "NaN", "inf", "604801", "x"] {
            assert!(parse_wait(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_link_or_a_folder_is_refused_and_its_target_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let precious = dir.path().join("precious.txt");
        std::fs::write(&precious, "keep me").unwrap();
        let lock = dir.path().join("write.lock");
        std::os::unix::fs::symlink(&precious, &lock).unwrap();
        let err = LockFile::acquire(&lock, Duration::ZERO, Release::Keep).unwrap_err();
        assert!(
            err.to_string().contains("a symbolic link, not a lock file"),
            "{err}"
        );
        assert_eq!(std::fs::read_to_string(&precious).unwrap(), "keep me");
        std::fs::remove_file(&lock).unwrap();
        std::fs::create_dir(&lock).unwrap();
        let err = LockFile::acquire(&lock, Duration::ZERO, Release::Keep).unwrap_err();
        assert!(
            err.to_string().contains("a folder, not a lock file"),
            "{err}"
        );
    }

    #[test]
    fn a_removed_lock_file_is_released_and_taken_again() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(".lock");
        let first = LockFile::acquire(&path, Duration::ZERO, Release::Remove).unwrap();
        let err = LockFile::acquire(&path, Duration::ZERO, Release::Remove).unwrap_err();
        assert!(matches!(err, LockError::Held { .. }), "{err}");
        drop(first);
        assert!(!path.exists());
        let _second = LockFile::acquire(&path, Duration::ZERO, Release::Remove).unwrap();
        assert!(path.exists());
    }
}
