//! One editor at a time per glossary folder: every change to its files
//! (`glossary add`, `edit`, `remove`, `import`, and the server's edits)
//! holds the advisory lock of [`crate::fs::lock`] on
//! `.tilmash-glossary.lock` while it reads, changes and rewrites a file,
//! so that two editors never lose each other's rows (each rereads the
//! files under the lock). The lock file is removed on release.

use std::path::Path;
use std::time::Duration;

use super::GlossaryError;
use crate::fs::{LockError, LockFile, Release};

pub const LOCK_FILE: &str = ".tilmash-glossary.lock";

/// Held while a process edits the files of a glossary folder.
#[derive(Debug)]
pub struct GlossaryLock {
    _file: LockFile,
}

impl GlossaryLock {
    /// Takes the lock of the glossary folder `dir` (created if missing),
    /// waiting up to `wait` for another editor.
    pub fn acquire(dir: &Path, wait: Duration) -> Result<GlossaryLock, GlossaryError> {
        let io = |source| GlossaryError::Io {
            file: dir.display().to_string(),
            source,
        };
        std::fs::create_dir_all(dir).map_err(io)?;
        match LockFile::acquire(&dir.join(LOCK_FILE), wait, Release::Remove) {
            Ok(file) => Ok(GlossaryLock { _file: file }),
            Err(LockError::Held { holder }) => Err(GlossaryError::Locked {
                dir: dir.display().to_string(),
                holder,
            }),
            Err(LockError::Io { path, source }) => Err(GlossaryError::Io {
                file: path.display().to_string(),
                source,
            }),
            Err(e @ LockError::NotAFile { .. }) => Err(GlossaryError::Edit(e.to_string())),
        }
    }
}
