//! The one writer of a memory: deduplicates by unit id and commits.

use std::collections::HashSet;

use rayon::prelude::*;
use tantivy::{IndexWriter, TantivyDocument};

use super::schema::Fields;
use super::{index_error, integrity, probe_space, writing, Memory, MemoryError, WriteLock};
use crate::unit::{Unit, UnitId};

/// Memory given to Tantivy's indexing threads, per thread.
const HEAP_PER_THREAD: usize = 128 << 20;

/// What became of a unit handed to [`MemoryWriter::add_all`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Added {
    /// A new unit (possibly an alternative translation of a known source).
    New,
    /// A unit with the same id is in the memory already: nothing changed.
    Unchanged,
}

/// Holds the memory's write lock for its lifetime. Units added are visible
/// to readers, and survive a crash, only after [`MemoryWriter::commit`].
pub struct MemoryWriter {
    writer: IndexWriter<TantivyDocument>,
    index: tantivy::Index,
    fields: Fields,
    path: std::path::PathBuf,
    known: HashSet<u64>,
    uncommitted: usize,
    _lock: WriteLock,
}

impl MemoryWriter {
    pub(super) fn new(memory: &Memory, lock: WriteLock) -> Result<MemoryWriter, MemoryError> {
        let threads = std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
            .clamp(1, 4);
        let writer = memory
            .index
            .writer_with_num_threads(threads, threads * HEAP_PER_THREAD)
            .map_err(|e| index_error(&memory.path, e))?;
        // The lock is ours, so the committed state cannot change under us.
        memory.reload()?;
        let known = memory.snapshot().ids()?;
        Ok(MemoryWriter {
            writer,
            index: memory.index.clone(),
            fields: memory.fields.clone(),
            path: memory.path.clone(),
            known,
            uncommitted: 0,
            _lock: lock,
        })
    }

    /// Adds `units`, skipping those whose id the memory (or this writer)
    /// already holds. Analysis runs on all cores.
    pub fn add_all(&mut self, units: &[Unit]) -> Result<Vec<Added>, MemoryError> {
        let mut outcome = Vec::with_capacity(units.len());
        let mut fresh = Vec::new();
        for unit in units {
            if self.known.insert(unit.id.0) {
                outcome.push(Added::New);
                fresh.push(unit);
            } else {
                outcome.push(Added::Unchanged);
            }
        }
        let fields = &self.fields;
        let docs: Vec<TantivyDocument> = fresh.par_iter().map(|u| fields.document(u)).collect();
        for doc in docs {
            self.writer
                .add_document(doc)
                .map_err(|e| write_error(&self.path, e))?;
            self.uncommitted += 1;
        }
        Ok(outcome)
    }

    /// Whether a unit with this id would be new to the memory.
    pub fn is_new(&self, id: UnitId) -> bool {
        !self.known.contains(&id.0)
    }

    /// Units added since the last commit.
    pub fn uncommitted(&self) -> usize {
        self.uncommitted
    }

    /// Makes everything added so far durable and visible, atomically.
    pub fn commit(&mut self) -> Result<(), MemoryError> {
        self.writer
            .commit()
            .map_err(|e| write_error(&self.path, e))?;
        self.uncommitted = 0;
        integrity::record(&self.path, &self.index)
    }

    /// Commits and waits for background merges, so the memory is compact.
    pub fn finish(mut self) -> Result<(), MemoryError> {
        self.commit()?;
        let path = self.path.clone();
        let index = self.index.clone();
        self.writer
            .wait_merging_threads()
            .map_err(|e| write_error(&path, e))?;
        // Merges replaced segments: their files are recorded too.
        integrity::record(&path, &index)
    }
}

/// A failed write, told as a full or read-only disk when it is one.
fn write_error(path: &std::path::Path, e: tantivy::TantivyError) -> MemoryError {
    match index_error(path, e) {
        MemoryError::Index { path, source } => match probe_space(&path) {
            Some(io) => writing(&path, io),
            None => MemoryError::Index { path, source },
        },
        other => other,
    }
}
