//! One writer at a time: an advisory lock on `write.lock` in the memory
//! folder. The operating system releases it when the holder exits, even on
//! `kill -9`, so a lock file left behind by a dead process is simply taken
//! over; the file's text only names the current holder for error messages:
//! its pid, its command line and since when it holds the memory.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::Path;
use std::time::{Duration, Instant};

use super::{writing, MemoryError};

pub(crate) const LOCK_FILE: &str = "write.lock";
const POLL: Duration = Duration::from_millis(100);
/// The longest command line the lock file keeps, in characters.
const MAX_COMMAND: usize = 160;

/// Held while a process writes to a memory; released on drop.
#[derive(Debug)]
pub struct WriteLock {
    file: File,
}

impl WriteLock {
    /// Takes the lock of the memory at `memory`, waiting up to `wait`.
    pub fn acquire(memory: &Path, wait: Duration) -> Result<WriteLock, MemoryError> {
        let path = memory.join(LOCK_FILE);
        // A full or read-only disk is the memory's problem; any other
        // error names the lock file.
        let failed = |e: std::io::Error| match writing(memory, e) {
            MemoryError::Io { source, .. } => MemoryError::Io {
                path: path.clone(),
                source,
            },
            other => other,
        };
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(failed)?;
        let deadline = Instant::now() + wait;
        loop {
            match file.try_lock() {
                Ok(()) => break,
                Err(TryLockError::WouldBlock) if Instant::now() < deadline => {
                    std::thread::sleep(POLL)
                }
                Err(TryLockError::WouldBlock) => {
                    return Err(MemoryError::Locked {
                        path: memory.to_path_buf(),
                        holder: holder(&mut file),
                    });
                }
                Err(TryLockError::Error(e)) => return Err(failed(e)),
            }
        }
        let text = format!(
            "pid {} `{}`, since {}",
            std::process::id(),
            command_line(),
            jiff::Timestamp::now()
                .round(jiff::Unit::Second)
                .unwrap_or(jiff::Timestamp::now())
        );
        file.set_len(0).map_err(failed)?;
        file.seek(SeekFrom::Start(0)).map_err(failed)?;
        file.write_all(text.as_bytes()).map_err(failed)?;
        file.flush().map_err(failed)?;
        Ok(WriteLock { file })
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

impl Drop for WriteLock {
    fn drop(&mut self) {
        let _ = self.file.set_len(0);
        let _ = self.file.unlock();
    }
}
