//! File-system code every layer shares: replacing a file whole
//! ([`atomic`]: the memory's manifest and checksums, glossary files,
//! `--output` files) and the advisory lock file that lets one process at a
//! time write a memory or edit a glossary folder ([`lock`]).

pub mod atomic;
pub mod lock;

pub use atomic::{same_file, write_atomically, AtomicFile};
pub use lock::{parse_wait, LockError, LockFile, Release, MAX_WAIT};

use std::path::{Path, PathBuf};

/// The entries of `dir` named `PREFIX` + the pid of a process that no
/// longer runs: what writers killed before they finished left behind
/// (temporary files, build folders). Empty where the process table cannot
/// be asked (it is read from Linux `/proc`).
pub fn left_by_dead_processes(dir: &Path, prefix: &str) -> Vec<PathBuf> {
    if !Path::new("/proc/self").exists() {
        return Vec::new();
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter(|entry| {
            let name = entry.file_name();
            name.to_str()
                .and_then(|n| n.strip_prefix(prefix))
                .is_some_and(|pid| {
                    pid.parse::<u32>().is_ok() && !Path::new("/proc").join(pid).exists()
                })
        })
        .map(|entry| entry.path())
        .collect()
}
