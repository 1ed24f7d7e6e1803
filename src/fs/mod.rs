//! File-system code every layer shares: replacing a file whole
//! ([`atomic`]: the memory's manifest and checksums, glossary files,
//! `--output` files) and the advisory lock file that lets one process at a
//! time write a memory or edit a glossary folder ([`lock`]).

pub mod atomic;
pub mod lock;

pub use atomic::{same_file, write_atomically, AtomicFile};
pub use lock::{parse_wait, LockError, LockFile, Release, MAX_WAIT};
