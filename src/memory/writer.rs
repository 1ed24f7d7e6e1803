//! The one writer of a memory: deduplicates by unit id, keeps every place
//! a pair stands (occurrence documents, see [`super::schema`]), commits.

use std::collections::HashSet;
use std::sync::mpsc;
use std::thread;

use rayon::prelude::*;
use tantivy::{IndexWriter, TantivyDocument};

use super::schema::Fields;
use super::{
    index_error, integrity, probe_space, upgrade_manifest, writing, Memory, MemoryError, Snapshot,
    WriteLock, SCHEMA_VERSION,
};
use crate::unit::{Unit, UnitId};

/// Memory given to Tantivy's indexing threads, per thread.
const HEAP_PER_THREAD: usize = 128 << 20;

/// What became of a unit handed to [`MemoryWriter::add_all`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Added {
    /// A new unit (possibly an alternative translation of a known source).
    New,
    /// The memory holds the pair already, but not at this place (another
    /// article or position): the place was added to the unit.
    Occurrence,
    /// The memory holds the pair at this place already: nothing changed.
    Unchanged,
}

/// Holds the memory's write lock for its lifetime. Units added are visible
/// to readers, and survive a crash, only after [`MemoryWriter::commit`].
pub struct MemoryWriter {
    writer: IndexWriter<TantivyDocument>,
    index: tantivy::Index,
    fields: Fields,
    path: std::path::PathBuf,
    /// Ids of the units committed before this writer opened.
    known: HashSet<u64>,
    /// Ids whose every place is in `places`: the units this writer added,
    /// and the committed ones it looked up.
    settled: HashSet<u64>,
    /// Places ([`crate::unit::Place::key`]) of the units of `settled`: a pair again at
    /// one of these is unchanged.
    places: HashSet<u64>,
    /// The committed state when this writer opened, to look up the places
    /// of known pairs.
    snapshot: Snapshot,
    /// The manifest's schema version: below [`SCHEMA_VERSION`], it is
    /// raised before the first commit holding an occurrence document.
    version: u32,
    /// Occurrence documents added since the last commit.
    occurrences: usize,
    /// Documents added since the last commit (handed to the index or
    /// still being built).
    uncommitted: usize,
    /// The documents of the last [`MemoryWriter::add_all`], being built on
    /// rayon's threads while the caller reads the next units; they go to
    /// the index before the next call's, and before a commit.
    building: Option<Building>,
    _lock: WriteLock,
}

/// Documents being built: they come back through the channel, or the panic
/// of the thread that built them does.
type Building = mpsc::Receiver<thread::Result<Vec<TantivyDocument>>>;

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
        let snapshot = memory.snapshot();
        let known = snapshot.ids()?;
        Ok(MemoryWriter {
            writer,
            index: memory.index.clone(),
            fields: memory.fields.clone(),
            path: memory.path.clone(),
            known,
            settled: HashSet::new(),
            places: HashSet::new(),
            snapshot,
            version: memory.version,
            occurrences: 0,
            uncommitted: 0,
            building: None,
            _lock: lock,
        })
    }

    /// Adds `units`: a pair the memory (or this writer) does not hold is a
    /// new unit; a known pair at a new place (article and position) adds
    /// that place to the unit; a known pair at a known place changes
    /// nothing. Analysis runs on all cores, in the background: the
    /// documents of one call go to the index, in order, at the next call
    /// or at the commit, so the caller reads the next units meanwhile.
    pub fn add_all(&mut self, units: &[Unit]) -> Result<Vec<Added>, MemoryError> {
        let mut outcome = Vec::with_capacity(units.len());
        let mut fresh = Vec::new();
        let mut docs = Vec::new();
        for unit in units {
            let added = self.outcome(unit)?;
            match added {
                Added::New => fresh.push(unit.clone()),
                Added::Occurrence => {
                    let place = unit.place().to_occurrence();
                    docs.push(self.fields.occurrence_document(unit.id, place));
                    self.occurrences += 1;
                }
                Added::Unchanged => {}
            }
            outcome.push(added);
        }
        self.uncommitted += docs.len() + fresh.len();
        let fields = self.fields.clone();
        let (sender, building) = mpsc::sync_channel(1);
        rayon::spawn(move || {
            let built = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                docs.par_extend(fresh.par_iter().map(|u| fields.document(u)));
                docs
            }));
            // The writer may be gone (dropped without a commit): nothing to do.
            let _ = sender.send(built);
        });
        let previous = self.building.replace(building);
        self.index_built(previous)?;
        Ok(outcome)
    }

    /// Hands documents being built to the index once they are ready.
    fn index_built(&mut self, building: Option<Building>) -> Result<(), MemoryError> {
        let Some(building) = building else {
            return Ok(());
        };
        let docs = match building.recv() {
            Ok(Ok(docs)) => docs,
            // Building a document does not panic; if it did, it is a bug
            // to report as one, as when it ran on this thread.
            Ok(Err(panic)) => std::panic::resume_unwind(panic),
            Err(mpsc::RecvError) => unreachable!("the builder sends before it ends"),
        };
        for doc in docs {
            self.writer
                .add_document(doc)
                .map_err(|e| write_error(&self.path, e))?;
        }
        Ok(())
    }

    /// What adding `unit` (at its own place) does, noting its place as
    /// known from now on.
    fn outcome(&mut self, unit: &Unit) -> Result<Added, MemoryError> {
        let id = unit.id;
        let place = unit.place().key(id);
        if self.settled.insert(id.0) {
            if !self.known.contains(&id.0) {
                self.places.insert(place);
                return Ok(Added::New);
            }
            // A committed pair: its places, read once.
            let stored = self.snapshot.places_of(id)?;
            self.places.extend(stored);
        }
        Ok(if self.places.insert(place) {
            Added::Occurrence
        } else {
            Added::Unchanged
        })
    }

    /// Whether a unit with this id would be new to the memory.
    pub fn is_new(&self, id: UnitId) -> bool {
        !self.known.contains(&id.0) && !self.settled.contains(&id.0)
    }

    /// Units added since the last commit.
    pub fn uncommitted(&self) -> usize {
        self.uncommitted
    }

    /// Makes everything added so far durable and visible, atomically.
    pub fn commit(&mut self) -> Result<(), MemoryError> {
        let building = self.building.take();
        self.index_built(building)?;
        if self.occurrences > 0 && self.version < SCHEMA_VERSION {
            upgrade_manifest(&self.path)?;
            self.version = SCHEMA_VERSION;
        }
        self.occurrences = 0;
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
