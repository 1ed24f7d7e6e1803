//! One writer at a time: the advisory lock of [`crate::fs::lock`] on
//! `write.lock` in the memory folder. The file is kept between writers
//! (emptied); a lock left by a killed writer is taken over at once.

use std::path::Path;
use std::time::Duration;

use super::{writing, MemoryError};
use crate::fs::{LockError, LockFile, Release};

pub(crate) const LOCK_FILE: &str = "write.lock";

/// Held while a process writes to a memory; released on drop.
#[derive(Debug)]
pub struct WriteLock {
    _file: LockFile,
}

impl WriteLock {
    /// Takes the lock of the memory at `memory`, waiting up to `wait`.
    pub fn acquire(memory: &Path, wait: Duration) -> Result<WriteLock, MemoryError> {
        match LockFile::acquire(&memory.join(LOCK_FILE), wait, Release::Keep) {
            Ok(file) => Ok(WriteLock { _file: file }),
            Err(LockError::Held { holder }) => Err(MemoryError::Locked {
                path: memory.to_path_buf(),
                holder,
            }),
            // A full or read-only disk is the memory's problem; any other
            // error names the lock file.
            Err(LockError::Io { path, source }) => Err(match writing(memory, source) {
                MemoryError::Io { source, .. } => MemoryError::Io { path, source },
                other => other,
            }),
            Err(e @ LockError::NotAFile { .. }) => Err(MemoryError::Lock(e)),
        }
    }
}
