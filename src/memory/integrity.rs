//! A damaged index is a clear error, never a panic or a wrong answer.
//!
//! After each commit the writer records the size and the xxh3 checksum of
//! every file of the index's segments in `checksums.json` beside the
//! index (written atomically after Tantivy's commit; segment files never
//! change once written, so only new files are read). Opening a memory
//! compares the sizes (one `stat` per file: a truncated or missing file is
//! found at once); `tilmash verify` compares the checksums (every flipped
//! byte is found). Whatever still reaches Tantivy damaged and makes it, or
//! our reading of its postings, panic is caught at the memory's boundary
//! ([`guard`]) and told as a damaged index.

use std::cell::Cell;
use std::collections::BTreeMap;
use std::io::Read;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::Once;

use serde::{Deserialize, Serialize};
use tantivy::directory::{Directory, DirectoryLock, META_LOCK};
use tantivy::Index;

use super::{MemoryError, INDEX_DIR};
use crate::fs::write_atomically;

pub(crate) const CHECKSUM_FILE: &str = "checksums.json";
const FORMAT: &str = "tilmash index checksums";

/// What the memory's files are meant to be.
#[derive(Debug, Default, Serialize, Deserialize)]
struct Record {
    format: String,
    /// By file name in the index folder.
    files: BTreeMap<String, Recorded>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
struct Recorded {
    bytes: u64,
    /// xxh3-64, 16 hex digits.
    #[serde(with = "hex")]
    xxh3: u64,
}

mod hex {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(value: &u64, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&format!("{value:016x}"))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
        let text = String::deserialize(d)?;
        u64::from_str_radix(&text, 16).map_err(serde::de::Error::custom)
    }
}

/// The state of one file of the index, as `verify` found it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FileState {
    Intact,
    /// Its size or checksum differs from the recorded one.
    Damaged,
    /// Recorded, and part of the index, but not on disk.
    Missing,
    /// Written by a commit whose checksums were not recorded (a process
    /// killed just after the commit, or an older tilmash): not checked.
    Unrecorded,
}

/// One file of the index and its state.
#[derive(Debug, Clone, Serialize)]
pub struct FileCheck {
    pub file: String,
    pub bytes: u64,
    pub state: FileState,
}

/// What `tilmash verify` found.
#[derive(Debug, Clone, Serialize)]
pub struct Verification {
    pub path: String,
    pub files: Vec<FileCheck>,
}

impl Verification {
    /// The files found damaged or missing.
    pub fn problems(&self) -> impl Iterator<Item = &FileCheck> {
        self.files
            .iter()
            .filter(|f| matches!(f.state, FileState::Damaged | FileState::Missing))
    }
}

/// Records the checksums of the index's current files; called by the
/// writer after each commit, holding the lock.
pub(crate) fn record(path: &Path, index: &Index) -> Result<(), MemoryError> {
    let old = read_record(path).unwrap_or_default();
    let mut record = Record {
        format: FORMAT.into(),
        files: BTreeMap::new(),
    };
    let index_dir = path.join(INDEX_DIR);
    for name in segment_files(path, index)? {
        let file = index_dir.join(&name);
        let bytes = match std::fs::metadata(&file) {
            Ok(meta) => meta.len(),
            Err(_) => continue, // removed by a merge meanwhile
        };
        let recorded = match old.files.get(&name) {
            Some(r) if r.bytes == bytes => *r,
            _ => Recorded {
                bytes,
                xxh3: checksum(&file).map_err(|source| MemoryError::Io {
                    path: file.clone(),
                    source,
                })?,
            },
        };
        record.files.insert(name, recorded);
    }
    let text = serde_json::to_string_pretty(&record).unwrap_or_default();
    write_atomically(&path.join(CHECKSUM_FILE), text.as_bytes())
        .map_err(|e| super::writing(path, e))
}

/// Compares the sizes of the index's files with the recorded ones (cheap:
/// done on every open).
pub(crate) fn check_sizes(path: &Path, index: &Index) -> Result<(), MemoryError> {
    let Some(record) = read_record(path) else {
        return Ok(());
    };
    let _meta_lock = hold_segments(path, index)?;
    for name in expected_files(path, index, &record)? {
        let Some(recorded) = record.files.get(&name) else {
            continue;
        };
        match std::fs::metadata(path.join(INDEX_DIR).join(&name)) {
            Ok(meta) if meta.len() == recorded.bytes => {}
            Ok(meta) => {
                return Err(damaged(
                    path,
                    &name,
                    &format!(
                        "holds {} bytes, {} were written",
                        meta.len(),
                        recorded.bytes
                    ),
                ))
            }
            Err(_) => return Err(damaged(path, &name, "is missing")),
        }
    }
    Ok(())
}

/// Checks every file of the index of the memory at `path` against its
/// recorded checksum. Works on a memory too damaged to open, as long as
/// its `meta.json` reads.
pub fn verify(path: &Path) -> Result<Verification, MemoryError> {
    if !super::Memory::exists(path) {
        return Err(MemoryError::NotFound {
            path: path.to_path_buf(),
        });
    }
    let index = guard(path, || {
        Index::open_in_dir(path.join(INDEX_DIR)).map_err(|e| super::index_error(path, e))
    })?;
    let record = read_record(path).unwrap_or_default();
    let _meta_lock = hold_segments(path, &index)?;
    let mut files = Vec::new();
    for name in expected_files(path, &index, &record)? {
        let file = path.join(INDEX_DIR).join(&name);
        let check = |state, bytes| FileCheck {
            file: file.display().to_string(),
            bytes,
            state,
        };
        let Ok(meta) = std::fs::metadata(&file) else {
            files.push(check(FileState::Missing, 0));
            continue;
        };
        let state = match record.files.get(&name) {
            None => FileState::Unrecorded,
            Some(r) if r.bytes != meta.len() => FileState::Damaged,
            Some(r) => match checksum(&file) {
                Ok(sum) if sum == r.xxh3 => FileState::Intact,
                Ok(_) => FileState::Damaged,
                Err(source) => return Err(MemoryError::Io { path: file, source }),
            },
        };
        files.push(check(state, meta.len()));
    }
    Ok(Verification {
        path: path.display().to_string(),
        files,
    })
}

/// The damaged-index error: the file, what is wrong, and the repair.
pub(crate) fn damaged(path: &Path, file: &str, reason: &str) -> MemoryError {
    MemoryError::Corrupt {
        path: path.to_path_buf(),
        file: PathBuf::from(INDEX_DIR).join(file).display().to_string(),
        reason: reason.to_string(),
    }
}

/// A failed read of a committed snapshot: its files are damaged (or the
/// disk fails them).
pub(crate) fn read_error(path: &Path, e: impl std::fmt::Display) -> MemoryError {
    MemoryError::Corrupt {
        path: path.to_path_buf(),
        file: INDEX_DIR.to_string(),
        reason: format!("cannot be read ({e})"),
    }
}

thread_local! {
    /// Whether this thread runs inside [`guard`], whose panics are errors.
    static GUARDED: Cell<bool> = const { Cell::new(false) };
}

/// Runs `read` (a read of the index at `path`); a panic inside it, which
/// only damaged index files cause, becomes [`MemoryError::Corrupt`]. The
/// panic message is not printed (the error says it).
pub(crate) fn guard<T>(
    path: &Path,
    read: impl FnOnce() -> Result<T, MemoryError>,
) -> Result<T, MemoryError> {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !GUARDED.get() {
                previous(info);
            }
        }));
    });
    let outer = GUARDED.replace(true);
    let result = catch_unwind(AssertUnwindSafe(read));
    GUARDED.set(outer);
    result.unwrap_or_else(|panic| {
        let message = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a read failed".into());
        Err(MemoryError::Corrupt {
            path: path.to_path_buf(),
            file: INDEX_DIR.to_string(),
            reason: format!("cannot be read ({message})"),
        })
    })
}

fn read_record(path: &Path) -> Option<Record> {
    let text = std::fs::read_to_string(path.join(CHECKSUM_FILE)).ok()?;
    serde_json::from_str::<Record>(&text)
        .ok()
        .filter(|r| r.format == FORMAT)
}

/// The names of the files of the index's searchable segments (each file
/// is named after its segment's id) on disk, sorted.
fn segment_files(path: &Path, index: &Index) -> Result<Vec<String>, MemoryError> {
    let ids = segment_ids(path, index)?;
    let index_dir = path.join(INDEX_DIR);
    let entries = std::fs::read_dir(&index_dir).map_err(|source| MemoryError::Io {
        path: index_dir.clone(),
        source,
    })?;
    let mut names: Vec<String> = entries
        .flatten()
        .filter_map(|e| e.file_name().to_str().map(str::to_string))
        .filter(|name| {
            of_segments(name, &ids) && !name.ends_with("temp") && !name.ends_with("lock")
        })
        .collect();
    names.sort();
    Ok(names)
}

/// The files the index should hold: those on disk and those recorded for
/// its segments (but delete files, replaced as deletes accrue), sorted.
/// Tantivy's meta lock, which its readers hold while they open a
/// commit's segments: while it is held, a writer in another process
/// cannot delete the files of the commit read under it (the garbage
/// collection after a merge waits), so a file missing then is damage,
/// not a race with an import (a reader once saw a merged-away `.store`
/// as "missing").
fn hold_segments(path: &Path, index: &Index) -> Result<DirectoryLock, MemoryError> {
    index
        .directory()
        .acquire_lock(&META_LOCK)
        .map_err(|e| super::index_error(path, e.into()))
}

fn expected_files(path: &Path, index: &Index, record: &Record) -> Result<Vec<String>, MemoryError> {
    let ids = segment_ids(path, index)?;
    let mut names = segment_files(path, index)?;
    names.extend(
        record
            .files
            .keys()
            .filter(|name| of_segments(name, &ids) && !name.ends_with(".del"))
            .cloned(),
    );
    names.sort();
    names.dedup();
    Ok(names)
}

fn segment_ids(path: &Path, index: &Index) -> Result<Vec<String>, MemoryError> {
    let metas = index
        .searchable_segment_metas()
        .map_err(|e| super::index_error(path, e))?;
    Ok(metas.iter().map(|m| m.id().uuid_string()).collect())
}

/// Whether the file `name` belongs to one of the segments `ids`.
fn of_segments(name: &str, ids: &[String]) -> bool {
    name.split_once('.')
        .is_some_and(|(id, _)| ids.iter().any(|i| i == id))
}

/// The xxh3-64 checksum of the file at `path`, read in 1 MiB pieces.
fn checksum(path: &Path) -> std::io::Result<u64> {
    let mut file = std::fs::File::open(path)?;
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            return Ok(hasher.digest());
        }
        hasher.update(&buf[..n]);
    }
}
