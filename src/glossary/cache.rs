//! The compiled glossary kept between commands: a large glossary's term
//! tables ([`super::table`]) are compiled once and read back by every
//! later command, until a file changes.
//!
//! **Where.** `$TILMASH_CACHE_DIR`, else `$XDG_CACHE_HOME/tilmash`, else
//! `~/.cache/tilmash`; one file per glossary folder,
//! `glossary-HASH.bin` (xxh3 of the folder's absolute path). Not in the
//! glossary folder itself: that folder is under version control and may
//! be read-only or shared.
//!
//! **Never stale.** The file records a key: xxh3 of the format version,
//! the build of tilmash that wrote it (version, size and time of the
//! executable: the compiled forms depend on the code), and each glossary
//! file's name, size and xxh3 of the very bytes the rows were parsed from.
//! A cache whose key differs is compiled again and replaced.
//!
//! **Never trusted damaged.** The tables carry their length and xxh3; a
//! file that is short, long, of another format or whose checksum differs
//! is compiled again and replaced (atomically, so readers never see part
//! of one). A cache that cannot be written (no home, a read-only disk) is
//! only a missed saving.
//!
//! Small glossaries compile in milliseconds and are not cached.

use std::path::{Path, PathBuf};

use xxhash_rust::xxh3::{xxh3_64, Xxh3};

use super::display_name;
use super::file::GlossaryFile;
use super::table::Table;

/// Glossaries with fewer rows than this are compiled each time (well
/// under 100 ms) and leave no file behind.
pub const MIN_CACHED_ROWS: usize = 2_000;

/// Where the caches go instead of the user's cache folder.
pub const CACHE_DIR_ENV: &str = "TILMASH_CACHE_DIR";

const MAGIC: &[u8; 16] = b"tilmash-glossary";
/// The layout of the file and of [`Table`]; raise it when either changes.
const FORMAT: u32 = 1;
/// Magic, format, key, length and checksum of the tables.
const HEADER: usize = 16 + 4 + 8 + 8 + 8;

/// The cache file of the glossary folder `dir`; `None` without any cache
/// folder.
pub fn cache_file(dir: &Path) -> Option<PathBuf> {
    let env = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
    let base = env(CACHE_DIR_ENV)
        .map(PathBuf::from)
        .or_else(|| env("XDG_CACHE_HOME").map(|d| PathBuf::from(d).join("tilmash")))
        .or_else(|| env("HOME").map(|h| PathBuf::from(h).join(".cache/tilmash")))?;
    let dir = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    let name = xxh3_64(dir.as_os_str().as_encoded_bytes());
    Some(base.join(format!("glossary-{name:016x}.bin")))
}

/// What the tables of `files` are compiled from (see the module
/// documentation).
pub(super) fn key(files: &[GlossaryFile]) -> u64 {
    let mut h = Xxh3::new();
    h.update(&FORMAT.to_le_bytes());
    h.update(env!("CARGO_PKG_VERSION").as_bytes());
    if let Some(meta) = std::env::current_exe()
        .ok()
        .and_then(|exe| std::fs::metadata(exe).ok())
    {
        h.update(&meta.len().to_le_bytes());
        if let Some(since) = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        {
            h.update(&since.as_nanos().to_le_bytes());
        }
    }
    for file in files {
        h.update(display_name(file.path()).as_bytes());
        h.update(&[0]);
        h.update(&file.source_len().to_le_bytes());
        h.update(&file.digest().to_le_bytes());
    }
    h.digest()
}

/// The tables cached at `path` for `key`; `None` when there are none, or
/// they are for other files, or damaged.
pub(super) fn read(path: &Path, key: u64) -> Option<[Table; 2]> {
    let bytes = std::fs::read(path).ok()?;
    let header = bytes.get(..HEADER)?;
    let u64_at = |at: usize| -> Option<u64> {
        Some(u64::from_le_bytes(header.get(at..at + 8)?.try_into().ok()?))
    };
    if &header[..16] != MAGIC || header[16..20] != FORMAT.to_le_bytes() || u64_at(20)? != key {
        return None;
    }
    let body = &bytes[HEADER..];
    if usize::try_from(u64_at(28)?).ok()? != body.len() || u64_at(36)? != xxh3_64(body) {
        return None;
    }
    let ru_len = usize::try_from(u64::from_le_bytes(body.get(..8)?.try_into().ok()?)).ok()?;
    if ru_len > body.len() - 8 {
        return None;
    }
    let mut ru = bytes;
    let mut en = ru.split_off(HEADER + 8);
    ru = en;
    en = ru.split_off(ru_len);
    Some([Table::from_bytes(ru)?, Table::from_bytes(en)?])
}

/// Writes `tables` to `path` for `key`, atomically.
pub(super) fn write(path: &Path, key: u64, tables: &[Table; 2]) -> std::io::Result<()> {
    let [ru, en] = tables;
    let mut body = Vec::with_capacity(8 + ru.bytes().len() + en.bytes().len());
    body.extend_from_slice(&(ru.bytes().len() as u64).to_le_bytes());
    body.extend_from_slice(ru.bytes());
    body.extend_from_slice(en.bytes());
    let mut bytes = Vec::with_capacity(HEADER + body.len());
    bytes.extend_from_slice(MAGIC);
    bytes.extend_from_slice(&FORMAT.to_le_bytes());
    bytes.extend_from_slice(&key.to_le_bytes());
    bytes.extend_from_slice(&(body.len() as u64).to_le_bytes());
    bytes.extend_from_slice(&xxh3_64(&body).to_le_bytes());
    bytes.extend_from_slice(&body);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    crate::fs::write_atomically(path, &bytes)
}
