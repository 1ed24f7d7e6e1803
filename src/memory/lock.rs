//! One writer at a time: an advisory lock on `write.lock` in the memory
//! folder. The operating system releases it when the holder exits, even on
//! `kill -9`, so a lock file left behind by a dead process is simply taken
//! over; the file's text only names the current holder for error messages.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::MemoryError;

pub(crate) const LOCK_FILE: &str = "write.lock";
const POLL: Duration = Duration::from_millis(100);

/// Held while a process writes to a memory; released on drop.
#[derive(Debug)]
pub struct WriteLock {
    file: File,
    path: PathBuf,
}

impl WriteLock {
    /// Takes the lock of the memory at `memory`, waiting up to `wait`.
    pub fn acquire(memory: &Path, wait: Duration) -> Result<WriteLock, MemoryError> {
        let path = memory.join(LOCK_FILE);
        let io = |source| MemoryError::Io {
            path: path.clone(),
            source,
        };
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(io)?;
        let deadline = Instant::now() + wait;
        loop {
            match file.try_lock() {
                Ok(()) => break,
                Err(TryLockError::WouldBlock) if Instant::now() < deadline => {
                    std::thread::sleep(POLL)
                }
                Err(TryLockError::WouldBlock) => {
                    let mut holder = String::new();
                    let _ = file.read_to_string(&mut holder);
                    let holder = holder.trim();
                    return Err(MemoryError::Locked {
                        path: memory.to_path_buf(),
                        holder: if holder.is_empty() {
                            "unknown process".to_string()
                        } else {
                            holder.to_string()
                        },
                    });
                }
                Err(TryLockError::Error(e)) => return Err(io(e)),
            }
        }
        let holder = format!(
            "pid {}, since {}",
            std::process::id(),
            jiff::Timestamp::now()
                .round(jiff::Unit::Second)
                .unwrap_or(jiff::Timestamp::now())
        );
        file.set_len(0).map_err(io)?;
        file.seek(SeekFrom::Start(0)).map_err(io)?;
        file.write_all(holder.as_bytes()).map_err(io)?;
        file.flush().map_err(io)?;
        Ok(WriteLock { file, path })
    }
}

impl Drop for WriteLock {
    fn drop(&mut self) {
        let _ = self.file.set_len(0);
        let _ = self.file.unlock();
        let _ = &self.path;
    }
}
