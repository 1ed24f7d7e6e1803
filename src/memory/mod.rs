//! The memory: a folder holding one Tantivy index and a manifest. This is
//! the only module that imports tantivy.
//!
//! ```text
//! memories/main/
//!   tilmash-memory.json   manifest: format, schema version, languages
//!   write.lock            held by the one process that writes
//!   checksums.json        size and xxh3 of each segment file ([`integrity`])
//!   index/                the Tantivy index (meta.json + segment files)
//! ```
//!
//! A commit is Tantivy's: the new `meta.json` replaces the old one
//! atomically, so a reader, or a process that opens the memory after a
//! crash, sees exactly the units of the last completed commit.

mod concordance;
mod integrity;
mod lock;
mod schema;
mod search;
mod writer;

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::{Deserialize, Serialize};
use tantivy::{Index, IndexReader, ReloadPolicy};

pub use concordance::{occurrences, Concordance, ConcordanceHit, ConcordanceOptions};
pub use integrity::{verify, FileCheck, FileState, Verification};
pub use lock::WriteLock;
pub use search::{Candidates, Snapshot};
pub use writer::{Added, MemoryWriter, SentenceSplitter};

use crate::fs::write_atomically;
use schema::Fields;

/// The version of the index layout this tilmash writes. Version 3 added
/// occurrence documents ([`schema`]) to the same Tantivy schema, version 4
/// sentence entries, version 5 sentence keys: an older memory opens as it is, and its manifest
/// takes the version a document needs just before the first commit
/// holding one (so that an older tilmash refuses it rather than misread
/// it: a version 3 tilmash would take a sentence entry for a damaged unit,
/// a version 4 one would show a sentence key as a draft with no target).
/// Version 6 says that every document holds its numbers' own tokens
/// ([`NUMBERS_VERSION`]).
pub const SCHEMA_VERSION: u32 = NUMBERS_VERSION;
/// The version that added occurrence documents.
pub(crate) const OCCURRENCES_VERSION: u32 = 3;
/// The version that added sentence keys (version 4 added sentence
/// entries; every unit that now has entries has keys too, so a commit
/// holding either takes this version).
pub(crate) const SENTENCES_VERSION: u32 = 5;
/// The version whose documents hold, beside the index token every number
/// shares, each number's own token (`schema::number_token`), which lets
/// concordance read only the units holding a number it looks for. Only a
/// memory created at this version holds them in every document: an older
/// memory keeps its version whatever this tilmash adds to it (and its new
/// documents get no number tokens), and concordance reads it as before;
/// a version 5 tilmash refuses a version 6 memory, whose units it would
/// add without number tokens.
pub(crate) const NUMBERS_VERSION: u32 = 6;
/// The oldest version this tilmash reads.
pub const OLDEST_SCHEMA_VERSION: u32 = 2;
const MANIFEST_FILE: &str = "tilmash-memory.json";
const INDEX_DIR: &str = "index";
const FORMAT: &str = "tilmash memory";
/// How long creating a memory waits for another process creating it.
const CREATION_WAIT: Duration = Duration::from_secs(30);

/// Errors of the memory, each naming the memory's folder.
#[derive(Debug, thiserror::Error)]
pub enum MemoryError {
    #[error("{}: no memory here; create one with `tilmash import FILE --memory {}`", path.display(), path.display())]
    NotFound { path: PathBuf },
    #[error("{}: not a tilmash memory ({reason})", path.display())]
    NotAMemory { path: PathBuf, reason: String },
    #[error("{}: memory schema version {found}, but this tilmash reads versions {OLDEST_SCHEMA_VERSION} to {SCHEMA_VERSION}; export it with the tilmash that wrote it (`tilmash export -o units.jsonl`) and import that into a new memory", path.display())]
    Version { path: PathBuf, found: u32 },
    #[error("{}: memory is being written by another process ({holder}); try again later or pass --wait SECONDS", path.display())]
    Locked { path: PathBuf, holder: String },
    /// The memory cannot be written: the disk is full or the file system
    /// read-only. What is committed stays as it was.
    /// The lock file is a link, a folder or a special file.
    #[error(transparent)]
    Lock(crate::fs::LockError),
    #[error("{}: cannot write the memory: {reason}", path.display())]
    CannotWrite { path: PathBuf, reason: String },
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// Tantivy failed; its error is the source.
    #[error("{}: index error: {source}", path.display())]
    Index {
        path: PathBuf,
        #[source]
        source: tantivy::TantivyError,
    },
    /// A file of the index is damaged (size, checksum, unreadable).
    #[error("{}: the index is damaged: {file} {reason}; restore the memory from a backup, or `tilmash export` what can be read and re-import it", path.display())]
    Corrupt {
        path: PathBuf,
        file: String,
        reason: String,
    },
    #[error("{}: unit {doc} is damaged: {message}; restore the memory from a backup, or `tilmash export` what can be read and re-import it", path.display())]
    Damaged {
        path: PathBuf,
        doc: String,
        message: String,
    },
}

/// The manifest file of a memory.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Manifest {
    pub format: String,
    pub schema_version: u32,
    pub languages: Vec<String>,
}

impl Default for Manifest {
    fn default() -> Self {
        Manifest {
            format: FORMAT.to_string(),
            schema_version: SCHEMA_VERSION,
            languages: vec!["ru".into(), "en".into()],
        }
    }
}

/// An open memory. Cheap to share between threads: searches take a
/// [`Snapshot`], writes go through one [`MemoryWriter`].
pub struct Memory {
    path: PathBuf,
    index: Index,
    reader: IndexReader,
    fields: Fields,
    /// The schema version of its manifest when opened.
    version: u32,
    /// The commit the reader last loaded, as `meta.json`'s stamp: see
    /// [`Memory::refresh`].
    seen: std::sync::Mutex<Option<CommitStamp>>,
}

/// What tells one commit from the next without reading it: `meta.json`
/// is replaced (renamed over) at every commit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct CommitStamp {
    modified: Option<std::time::SystemTime>,
    len: u64,
    inode: u64,
}

impl CommitStamp {
    fn of(meta_json: &Path) -> Option<CommitStamp> {
        let meta = std::fs::metadata(meta_json).ok()?;
        #[cfg(unix)]
        let inode = std::os::unix::fs::MetadataExt::ino(&meta);
        #[cfg(not(unix))]
        let inode = 0;
        Some(CommitStamp {
            modified: meta.modified().ok(),
            len: meta.len(),
            inode,
        })
    }
}

/// Figures about a memory (`tilmash stats`).
#[derive(Debug, Clone, Serialize)]
pub struct Stats {
    /// The memory: its path here; commands show its name
    /// (`Workspace::memory_name`), never a path of the machine.
    pub memory: String,
    pub units: u64,
    pub languages: Vec<String>,
    pub articles: u64,
    pub first_date: Option<String>,
    pub last_date: Option<String>,
    /// Tantivy index segments (files merged in the background), not
    /// sentence segments.
    pub index_segments: usize,
    pub index_bytes: u64,
}

impl Memory {
    /// Whether `path` holds a memory.
    pub fn exists(path: &Path) -> bool {
        path.join(MANIFEST_FILE).is_file()
    }

    /// Opens the memory at `path`.
    pub fn open(path: &Path) -> Result<Memory, MemoryError> {
        let manifest_path = path.join(MANIFEST_FILE);
        let text = match std::fs::read_to_string(&manifest_path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(if path.join(INDEX_DIR).exists() {
                    MemoryError::NotAMemory {
                        path: path.to_path_buf(),
                        reason: format!("{MANIFEST_FILE} is missing"),
                    }
                } else {
                    MemoryError::NotFound {
                        path: path.to_path_buf(),
                    }
                });
            }
            Err(source) => {
                return Err(MemoryError::Io {
                    path: manifest_path,
                    source,
                })
            }
        };
        let manifest: Manifest =
            serde_json::from_str(&text).map_err(|e| MemoryError::NotAMemory {
                path: path.to_path_buf(),
                reason: format!("{MANIFEST_FILE}: {e}"),
            })?;
        if manifest.format != FORMAT {
            return Err(MemoryError::NotAMemory {
                path: path.to_path_buf(),
                reason: format!("{MANIFEST_FILE} says format {:?}", manifest.format),
            });
        }
        if !(OLDEST_SCHEMA_VERSION..=SCHEMA_VERSION).contains(&manifest.schema_version) {
            return Err(MemoryError::Version {
                path: path.to_path_buf(),
                found: manifest.schema_version,
            });
        }
        integrity::guard(path, || {
            let index =
                Index::open_in_dir(path.join(INDEX_DIR)).map_err(|e| index_error(path, e))?;
            integrity::check_sizes(path, &index)?;
            Self::with_index(path, index, manifest.schema_version)
        })
    }

    /// Creates an empty memory at `path` (the folder may exist but must not
    /// hold a memory).
    ///
    /// Creation holds the write lock, so that two processes creating the
    /// same memory at once do not collide: the second finds the memory the
    /// first made and opens it. A creation cut short (the process killed
    /// between the index and the manifest) is finished here: an empty
    /// index of this schema without a manifest is taken as ours.
    pub fn create(path: &Path) -> Result<Memory, MemoryError> {
        let index_dir = path.join(INDEX_DIR);
        std::fs::create_dir_all(&index_dir).map_err(|e| writing(path, e))?;
        let _lock = WriteLock::acquire(path, CREATION_WAIT)?;
        if Self::exists(path) {
            return Self::open(path);
        }
        let (schema, _) = Fields::schema();
        let index = if index_dir.join("meta.json").exists() {
            let index = Index::open_in_dir(&index_dir).map_err(|e| index_error(path, e))?;
            let empty = index
                .searchable_segment_metas()
                .map(|m| m.is_empty())
                .unwrap_or(false);
            if index.schema() != schema || !empty {
                return Err(MemoryError::NotAMemory {
                    path: path.to_path_buf(),
                    reason: format!("an index without {MANIFEST_FILE}"),
                });
            }
            index
        } else {
            Index::create_in_dir(&index_dir, schema).map_err(|e| index_error(path, e))?
        };
        // The manifest is written last and atomically: a folder without it
        // is not yet a memory.
        let manifest = serde_json::to_string_pretty(&Manifest::default()).unwrap_or_default();
        write_atomically(&path.join(MANIFEST_FILE), manifest.as_bytes())
            .map_err(|e| writing(path, e))?;
        Self::with_index(path, index, SCHEMA_VERSION)
    }

    /// Opens the memory at `path`, creating it when the folder holds none.
    pub fn open_or_create(path: &Path) -> Result<Memory, MemoryError> {
        if Self::exists(path) {
            Self::open(path)
        } else {
            Self::create(path)
        }
    }

    fn with_index(path: &Path, index: Index, version: u32) -> Result<Memory, MemoryError> {
        let (schema, mut fields) = Fields::schema();
        fields.numbers = version >= NUMBERS_VERSION;
        if index.schema() != schema {
            return Err(MemoryError::NotAMemory {
                path: path.to_path_buf(),
                reason: "the index has another schema".into(),
            });
        }
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(|e| index_error(path, e))?;
        Ok(Memory {
            seen: std::sync::Mutex::new(CommitStamp::of(&path.join(INDEX_DIR).join("meta.json"))),
            path: path.to_path_buf(),
            index,
            reader,
            fields,
            version,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The schema version of its manifest when it was opened.
    pub fn schema_version(&self) -> u32 {
        self.version
    }

    /// A consistent view of the last commit.
    pub fn snapshot(&self) -> Snapshot {
        Snapshot::new(
            self.reader.searcher(),
            self.fields.clone(),
            self.path.clone(),
        )
    }

    /// Sees the latest commit (of this or another process).
    pub fn reload(&self) -> Result<(), MemoryError> {
        self.reader.reload().map_err(|e| index_error(&self.path, e))
    }

    /// Sees the latest commit if there is a new one since the last look (of
    /// this or another process): one `stat` when nothing changed. A
    /// long-running reader (the server) calls it before each snapshot.
    pub fn refresh(&self) -> Result<(), MemoryError> {
        let stamp = CommitStamp::of(&self.path.join(INDEX_DIR).join("meta.json"));
        let mut seen = self.seen.lock().unwrap_or_else(|e| e.into_inner());
        if *seen != stamp {
            self.reload()?;
            *seen = stamp;
        }
        Ok(())
    }

    /// The one writer of this memory, waiting up to `wait` for the lock.
    pub fn writer(&self, wait: Duration) -> Result<MemoryWriter, MemoryError> {
        let lock = WriteLock::acquire(&self.path, wait)?;
        MemoryWriter::new(self, lock)
    }

    pub fn stats(&self) -> Result<Stats, MemoryError> {
        integrity::guard(&self.path, || self.read_stats())
    }

    fn read_stats(&self) -> Result<Stats, MemoryError> {
        let snapshot = self.snapshot();
        let mut index_bytes = 0;
        if let Ok(entries) = std::fs::read_dir(self.path.join(INDEX_DIR)) {
            for entry in entries.flatten() {
                if let Ok(meta) = entry.metadata() {
                    index_bytes += meta.len();
                }
            }
        }
        let (first_date, last_date) = snapshot.date_range()?;
        Ok(Stats {
            memory: self.path.display().to_string(),
            units: snapshot.len(),
            languages: vec!["ru".into(), "en".into()],
            articles: snapshot.article_count()?,
            first_date,
            last_date,
            index_segments: snapshot.segment_count(),
            index_bytes,
        })
    }
}

/// Rewrites the manifest of the memory at `path` with schema `version`
/// (the writer does, before committing the first document an older
/// version lacks: an occurrence into a version 2 memory, a sentence entry
/// into a version 2 or 3 one).
pub(crate) fn upgrade_manifest(path: &Path, version: u32) -> Result<(), MemoryError> {
    let manifest = Manifest {
        schema_version: version,
        ..Manifest::default()
    };
    let manifest = serde_json::to_string_pretty(&manifest).unwrap_or_default();
    write_atomically(&path.join(MANIFEST_FILE), manifest.as_bytes()).map_err(|e| writing(path, e))
}

/// The memory whose own file `path` would be (its manifest, lock, index
/// files, or any file in its folder or index folder), if any: an output
/// must never replace one.
pub fn holder_of(path: &Path) -> Option<PathBuf> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let dir = dir.canonicalize().ok()?;
    if Memory::exists(&dir) {
        return Some(dir);
    }
    let memory = dir.parent()?;
    (dir.file_name()? == INDEX_DIR && Memory::exists(memory)).then(|| memory.to_path_buf())
}

fn index_error(path: &Path, e: tantivy::TantivyError) -> MemoryError {
    use tantivy::directory::error::OpenReadError;
    use tantivy::TantivyError;
    if let Some(reason) = cannot_write(&e) {
        return MemoryError::CannotWrite {
            path: path.to_path_buf(),
            reason,
        };
    }
    // What only damaged files make Tantivy say: told as a damaged index.
    // A damaged length or offset read while opening a segment ("Reach end
    // of buffer while reading VInt") is InvalidData, in an OpenReadError
    // (naming the file) or a plain IoError: data no write produces.
    let in_index = |file: &Path| Path::new(INDEX_DIR).join(file).display().to_string();
    let bad_data = |io: &std::io::Error| {
        matches!(
            io.kind(),
            std::io::ErrorKind::InvalidData | std::io::ErrorKind::UnexpectedEof
        )
    };
    let corrupt = match &e {
        TantivyError::DataCorruption(c) => Some((INDEX_DIR.to_string(), format!("{c:?}"))),
        TantivyError::OpenReadError(OpenReadError::IoError { io_error, filepath })
            if bad_data(io_error) =>
        {
            Some((in_index(filepath), io_error.to_string()))
        }
        TantivyError::IoError(io_error) if bad_data(io_error) => {
            Some((INDEX_DIR.to_string(), io_error.to_string()))
        }
        TantivyError::IncompatibleIndex(_)
        | TantivyError::OpenReadError(OpenReadError::IncompatibleIndex(_)) => Some((
            INDEX_DIR.to_string(),
            "a file's footer is damaged or cut short".to_string(),
        )),
        _ => None,
    };
    if let Some((file, why)) = corrupt {
        return MemoryError::Corrupt {
            path: path.to_path_buf(),
            file,
            reason: format!("cannot be read ({why})"),
        };
    }
    MemoryError::Index {
        path: path.to_path_buf(),
        source: e,
    }
}

/// Why a write to the memory at `path` failed when Tantivy cannot say:
/// its indexing threads report only that they stopped ("An index writer
/// was killed"), losing the I/O error. Writing a probe of up to 16 MiB
/// beside the index finds a full (or read-only) disk; the probe is
/// removed. `None` when the probe could be written.
pub(crate) fn probe_space(path: &Path) -> Option<std::io::Error> {
    use std::io::Write;
    let probe = path.join(".tilmash-space-probe");
    let result = std::fs::File::create(&probe).and_then(|mut file| {
        let chunk = vec![0u8; 1 << 20];
        for _ in 0..16 {
            file.write_all(&chunk)?;
        }
        file.sync_all()
    });
    let _ = std::fs::remove_file(&probe);
    result.err()
}

/// An I/O error while writing the memory at `path`.
pub(crate) fn writing(path: &Path, source: std::io::Error) -> MemoryError {
    match cannot_write(&source) {
        Some(reason) => MemoryError::CannotWrite {
            path: path.to_path_buf(),
            reason,
        },
        None => MemoryError::Io {
            path: path.to_path_buf(),
            source,
        },
    }
}

/// What to tell the user when `error` (or an error behind it) says the
/// disk is full or the file system read-only; `None` for anything else.
/// Tantivy's errors do not always keep the I/O error as their source, so
/// the message's `os error N` is read too (28 ENOSPC, 30 EROFS on Linux).
fn cannot_write(error: &(dyn std::error::Error + 'static)) -> Option<String> {
    use std::io::ErrorKind;
    let mut kinds = Vec::new();
    let mut next = Some(error);
    while let Some(e) = next {
        if let Some(io) = e.downcast_ref::<std::io::Error>() {
            kinds.push(io.kind());
        }
        next = e.source();
    }
    let text = error.to_string();
    if kinds.contains(&ErrorKind::StorageFull)
        || text.contains("(os error 28)")
        || text.contains("StorageFull")
    {
        Some(
            "the disk is full (No space left on device); the memory keeps its last commit. \
             Free some space and run the import again"
                .to_string(),
        )
    } else if kinds.contains(&ErrorKind::ReadOnlyFilesystem)
        || text.contains("(os error 30)")
        || text.contains("ReadOnlyFilesystem")
    {
        Some(
            "the file system is read-only (Read-only file system); copy the memory somewhere \
             writable or import into another memory"
                .to_string(),
        )
    } else if kinds.contains(&ErrorKind::PermissionDenied)
        || text.contains("(os error 1)")
        || text.contains("(os error 13)")
        || text.contains("PermissionDenied")
    {
        Some(
            "permission denied: a file or folder of the memory cannot be written (check its \
             owner, permissions and attributes: `ls -l`, `lsattr`); the memory keeps its last commit"
                .to_string(),
        )
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;

    /// A flipped byte in a segment's lengths surfaces as an I/O error of
    /// kind InvalidData from Tantivy (seen once in
    /// `reliability::damaged`, whose flips land where the segments'
    /// layout puts them): it is a damaged index with the repair, not a
    /// raw Tantivy message.
    #[test]
    fn invalid_data_from_tantivy_is_a_damaged_index() {
        let raw = std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            "Reach end of buffer while reading VInt",
        );
        let error = index_error(
            Path::new("m"),
            tantivy::TantivyError::IoError(Arc::new(raw)),
        );
        assert!(matches!(error, MemoryError::Corrupt { .. }), "{error:?}");
        let message = error.to_string();
        assert!(message.contains("the index is damaged"), "{message}");
        assert!(
            message.contains("restore the memory from a backup"),
            "{message}"
        );
    }
}
