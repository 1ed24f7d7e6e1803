//! The memory: a folder holding one Tantivy index and a manifest. This is
//! the only module that imports tantivy.
//!
//! ```text
//! memories/main/
//!   tilmash-memory.json   manifest: format, schema version, languages
//!   write.lock            held by the one process that writes
//!   index/                the Tantivy index (meta.json + segment files)
//! ```
//!
//! A commit is Tantivy's: the new `meta.json` replaces the old one
//! atomically, so a reader, or a process that opens the memory after a
//! crash, sees exactly the units of the last completed commit.

mod concordance;
mod lock;
mod schema;
mod search;
mod writer;

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::{Deserialize, Serialize};
use tantivy::{Index, IndexReader, ReloadPolicy};

pub use concordance::{occurrences, Concordance, ConcordanceHit, ConcordanceOptions};
pub use lock::WriteLock;
pub use search::{Candidates, Snapshot};
pub use writer::{Added, MemoryWriter};

use schema::Fields;

/// The version of the index layout; a memory of another version is refused.
pub const SCHEMA_VERSION: u32 = 1;
const MANIFEST_FILE: &str = "tilmash-memory.json";
const INDEX_DIR: &str = "index";
const FORMAT: &str = "tilmash memory";

/// Errors of the memory, each naming the memory's folder.
#[derive(Debug, thiserror::Error)]
pub enum MemoryError {
    #[error("{}: no memory here; create one with `tilmash import FILE --memory {}`", path.display(), path.display())]
    NotFound { path: PathBuf },
    #[error("{}: not a tilmash memory ({reason})", path.display())]
    NotAMemory { path: PathBuf, reason: String },
    #[error("{}: memory schema version {found}, but this tilmash reads version {SCHEMA_VERSION}; rebuild it from an export", path.display())]
    Version { path: PathBuf, found: u32 },
    #[error("{}: memory is being written by another process ({holder}); try again later or pass --wait SECONDS", path.display())]
    Locked { path: PathBuf, holder: String },
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}: index error: {message}", path.display())]
    Index { path: PathBuf, message: String },
    #[error("{}: unit {doc} is damaged: {message}", path.display())]
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
}

/// Figures about a memory (`tilmash stats`).
#[derive(Debug, Clone, Serialize)]
pub struct Stats {
    pub path: String,
    pub units: u64,
    pub languages: Vec<String>,
    pub articles: u64,
    pub first_date: Option<String>,
    pub last_date: Option<String>,
    pub segments: usize,
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
        if manifest.schema_version != SCHEMA_VERSION {
            return Err(MemoryError::Version {
                path: path.to_path_buf(),
                found: manifest.schema_version,
            });
        }
        let index = Index::open_in_dir(path.join(INDEX_DIR)).map_err(|e| index_error(path, e))?;
        Self::with_index(path, index)
    }

    /// Creates an empty memory at `path` (the folder may exist but must not
    /// hold a memory).
    pub fn create(path: &Path) -> Result<Memory, MemoryError> {
        let io = |source| MemoryError::Io {
            path: path.to_path_buf(),
            source,
        };
        let index_dir = path.join(INDEX_DIR);
        std::fs::create_dir_all(&index_dir).map_err(io)?;
        let (schema, _) = Fields::schema();
        let index = Index::create_in_dir(&index_dir, schema).map_err(|e| index_error(path, e))?;
        // The manifest is written last and atomically: a folder without it
        // is not yet a memory.
        let manifest = serde_json::to_string_pretty(&Manifest::default()).unwrap_or_default();
        write_atomically(&path.join(MANIFEST_FILE), manifest.as_bytes()).map_err(io)?;
        Self::with_index(path, index)
    }

    /// Opens the memory at `path`, creating it when the folder holds none.
    pub fn open_or_create(path: &Path) -> Result<Memory, MemoryError> {
        if Self::exists(path) {
            Self::open(path)
        } else if path.join(INDEX_DIR).join("meta.json").exists() {
            Err(MemoryError::NotAMemory {
                path: path.to_path_buf(),
                reason: format!("an index without {MANIFEST_FILE}"),
            })
        } else {
            Self::create(path)
        }
    }

    fn with_index(path: &Path, index: Index) -> Result<Memory, MemoryError> {
        let (schema, fields) = Fields::schema();
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
            path: path.to_path_buf(),
            index,
            reader,
            fields,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
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

    /// The one writer of this memory, waiting up to `wait` for the lock.
    pub fn writer(&self, wait: Duration) -> Result<MemoryWriter, MemoryError> {
        let lock = WriteLock::acquire(&self.path, wait)?;
        MemoryWriter::new(self, lock)
    }

    pub fn stats(&self) -> Result<Stats, MemoryError> {
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
            path: self.path.display().to_string(),
            units: snapshot.len(),
            languages: vec!["ru".into(), "en".into()],
            articles: snapshot.article_count()?,
            first_date,
            last_date,
            segments: snapshot.segment_count(),
            index_bytes,
        })
    }
}

fn index_error(path: &Path, e: tantivy::TantivyError) -> MemoryError {
    MemoryError::Index {
        path: path.to_path_buf(),
        message: e.to_string(),
    }
}

/// Writes `bytes` to `path` through a temporary file and a rename, so that
/// `path` holds either the old or the new content, never a part.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.tmp{}", std::process::id()));
    let mut file = std::fs::File::create(&tmp)?;
    file.write_all(bytes)?;
    file.sync_all()?;
    drop(file);
    std::fs::rename(&tmp, path)?;
    if let Ok(dir) = std::fs::File::open(dir) {
        let _ = dir.sync_all();
    }
    Ok(())
}
