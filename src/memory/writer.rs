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
    WriteLock, OCCURRENCES_VERSION, SENTENCES_VERSION,
};
use crate::unit::{SentenceEntry, Unit, UnitId};

/// What finds the sentence entries of a new unit (`crate::paragraph`,
/// which `memory` cannot name: it comes after it). It runs on rayon's
/// threads with the unit's analysis.
pub type SentenceSplitter = fn(&Unit) -> Vec<SentenceEntry>;

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
    /// The manifest's schema version: raised before the first commit
    /// holding a document an older version lacks (an occurrence, a
    /// sentence entry).
    version: u32,
    /// Occurrence documents added since the last commit.
    occurrences: usize,
    /// Sentence entries handed to the index since the last commit.
    sentences: usize,
    /// Finds the sentence entries of each new unit, when set.
    splitter: Option<SentenceSplitter>,
    /// Documents added since the last commit (handed to the index or
    /// still being built).
    uncommitted: usize,
    /// The documents of the last [`MemoryWriter::add_all`], being built on
    /// rayon's threads while the caller reads the next units; they go to
    /// the index before the next call's, and before a commit.
    building: Option<Building>,
    _lock: WriteLock,
}

/// Documents being built, with how many are sentence entries: they come
/// back through the channel, or the panic of the thread that built them
/// does.
type Building = mpsc::Receiver<thread::Result<(Vec<TantivyDocument>, usize)>>;

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
            sentences: 0,
            splitter: None,
            uncommitted: 0,
            building: None,
            _lock: lock,
        })
    }

    /// From now on, each new unit also adds the sentence entries `splitter`
    /// finds in it (see [`super::schema`]). They count as no unit: not in
    /// [`MemoryWriter::uncommitted`], not in [`Added`].
    pub fn split_sentences(&mut self, splitter: SentenceSplitter) {
        self.splitter = Some(splitter);
    }

    /// Adds `units`: a pair the memory (or this writer) does not hold is a
    /// new unit; a known pair at a new place (article and position) adds
    /// that place to the unit; a known pair at a known place changes
    /// nothing. Analysis runs on all cores, in the background: the
    /// documents of one call go to the index, in order, at the next call
    /// or at the commit, so the caller reads the next units meanwhile.
    pub fn add_all(&mut self, units: Vec<Unit>) -> Result<Vec<Added>, MemoryError> {
        let mut outcome = Vec::with_capacity(units.len());
        let mut fresh = Vec::with_capacity(units.len());
        let mut docs = Vec::new();
        for unit in units {
            let added = self.outcome(&unit)?;
            match added {
                Added::New => fresh.push(unit),
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
        let splitter = self.splitter;
        let (sender, building) = mpsc::sync_channel(1);
        rayon::spawn(move || {
            let built = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                let before = docs.len();
                match splitter {
                    None => docs.par_extend(fresh.par_iter().map(|u| fields.document(u).0)),
                    // A unit is analysed once: its sentences' words are
                    // looked up in its analysis.
                    Some(split) => docs.par_extend(fresh.par_iter().flat_map_iter(|u| {
                        let (doc, words) = fields.document(u);
                        let entries = split(u);
                        let sentences = entries.iter().map(|e| fields.sentence_document(e, &words));
                        std::iter::once(doc).chain(sentences).collect::<Vec<_>>()
                    })),
                }
                let sentences = docs.len() - before - fresh.len();
                (docs, sentences)
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
            Ok(Ok((docs, sentences))) => {
                self.sentences += sentences;
                docs
            }
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
        for (added, version) in [
            (self.occurrences, OCCURRENCES_VERSION),
            (self.sentences, SENTENCES_VERSION),
        ] {
            if added > 0 && self.version < version {
                upgrade_manifest(&self.path, version)?;
                self.version = version;
            }
        }
        self.occurrences = 0;
        self.sentences = 0;
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

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, HashMap};

    use tantivy::postings::Postings;
    use tantivy::schema::{IndexRecordOption, Value};
    use tantivy::{DocSet, TERMINATED};

    use super::*;
    use crate::memory::schema::{exact_hash, index_token, number_token};
    use crate::score::signature;
    use crate::text::{analyze, Lang};
    use crate::unit::{Date, Meta};

    /// What the index holds of one unit document, per side: its index
    /// tokens with their frequencies, its length, its signatures, its
    /// exact hash; and its stored JSON.
    #[derive(Debug, Default, PartialEq, Eq)]
    struct Content {
        terms: [BTreeMap<String, u32>; 2],
        len: [u64; 2],
        sigs: [Vec<u64>; 2],
        exact: [Vec<u64>; 2],
        json: Vec<u8>,
    }

    /// The content of every unit document of `memory`, by unit id, read
    /// back from the index (term dictionaries, postings, fast fields,
    /// store).
    fn indexed(memory: &Memory) -> HashMap<u64, Content> {
        let snapshot = memory.snapshot();
        let fields = &memory.fields;
        let mut found = HashMap::new();
        for segment in snapshot.searcher().segment_readers() {
            let fast = segment.fast_fields();
            let ids = fast.u64("id").expect("id");
            let mut by_doc: HashMap<u32, Content> = HashMap::new();
            for (s, lang) in [Lang::Ru, Lang::En].into_iter().enumerate() {
                let side = fields.side(lang);
                let len = fast.u64(&format!("{lang}_len")).expect("len");
                let sig = fast.u64(&format!("{lang}_sig")).expect("sig");
                for doc in segment.doc_ids_alive() {
                    let Some(n) = len.first(doc) else { continue };
                    let content = by_doc.entry(doc).or_default();
                    content.len[s] = n;
                    content.sigs[s] = sig.values_for_doc(doc).collect();
                }
                for (field, exact) in [(side.terms, false), (side.exact, true)] {
                    let inverted = segment.inverted_index(field).expect("inverted");
                    let mut stream = inverted.terms().stream().expect("terms");
                    while stream.advance() {
                        let key = stream.key().to_vec();
                        let mut postings = inverted
                            .read_postings_from_terminfo(
                                stream.value(),
                                IndexRecordOption::WithFreqs,
                            )
                            .expect("postings");
                        let mut doc = postings.doc();
                        while doc != TERMINATED {
                            if let Some(content) = by_doc.get_mut(&doc) {
                                if exact {
                                    let bytes: [u8; 8] = key[..].try_into().expect("u64 term");
                                    content.exact[s].push(u64::from_be_bytes(bytes));
                                } else {
                                    let token = String::from_utf8(key.clone()).expect("utf-8");
                                    content.terms[s].insert(token, postings.term_freq());
                                }
                            }
                            doc = postings.advance();
                        }
                    }
                }
            }
            let store = segment.get_store_reader(0).expect("store");
            for (doc, mut content) in by_doc {
                let stored: TantivyDocument = store.get(doc).expect("stored");
                let json = stored.get_first(fields.unit).and_then(|v| v.as_bytes());
                content.json = json.expect("unit").to_vec();
                let id = ids.first(doc).expect("id");
                assert!(found.insert(id, content).is_none(), "unit {id:x} twice");
            }
        }
        found
    }

    /// What the index must hold of `unit`, computed here from the
    /// definitions (SPEC §4's analysis, the schema's tokens and
    /// signatures), not through the writer.
    fn expected(unit: &Unit) -> Content {
        let mut content = Content::default();
        for (s, lang) in [Lang::Ru, Lang::En].into_iter().enumerate() {
            let plain = unit.plain(lang);
            let analyzed = analyze(&plain, lang);
            for token in &analyzed.tokens {
                *content.terms[s]
                    .entry(index_token(token).into_owned())
                    .or_default() += 1;
                // A new memory is of the version whose documents hold
                // them.
                if let Some(number) = number_token(token) {
                    *content.terms[s].entry(number).or_default() += 1;
                }
            }
            content.len[s] = analyzed.tokens.len() as u64;
            content.sigs[s] = analyzed
                .tokens
                .iter()
                .enumerate()
                .map(|(i, t)| (i as u64) << 32 | u64::from(signature(t)))
                .collect();
            if analyzed.tokens.is_empty() {
                content.exact[s] = vec![exact_hash(&plain)];
            }
        }
        content.json = serde_json::to_vec(unit).expect("json");
        content
    }

    /// Units added through the writer (analysis in the background, several
    /// calls and commits, repeated pairs at other places, sides without
    /// words) are indexed exactly as their definition says, once each, and
    /// nothing else.
    #[test]
    fn written_units_are_indexed_exactly_as_defined() {
        let corpus = std::fs::read_to_string("../shared/data/corpora/tatoeba_test_v2021-08-07.tsv")
            .expect("../shared/data/corpora");
        let pair = |ru: &str, en: &str, article: String, day: Option<usize>| {
            let meta = Meta {
                article: Some(article),
                date: day.and_then(|d| Date::new(2020, 1, 1 + (d % 28) as i8).ok()),
                ..Meta::default()
            };
            Unit::new(ru.to_string(), en.to_string(), meta)
        };
        let pairs: Vec<(&str, &str)> = corpus
            .lines()
            .filter_map(|l| l.split_once('\t'))
            .take(9_000)
            .collect();
        let mut units: Vec<Unit> = pairs
            .iter()
            .enumerate()
            .map(|(i, (ru, en))| pair(ru, en, format!("a{}", i / 7), Some(i)))
            .collect();
        // Some pairs again, at other places: occurrence documents.
        units.extend(
            pairs
                .iter()
                .take(500)
                .enumerate()
                .map(|(i, (ru, en))| pair(ru, en, format!("b{i}"), None)),
        );
        // Sides without words: found by their exact hash.
        for (ru, en) in [("— …", "— ..."), ("«»", "Wordy side"), ("Слова", "!!!")] {
            units.push(pair(ru, en, "c".to_string(), None));
        }
        let dir = tempfile::tempdir().expect("a temporary folder");
        let memory = Memory::create(&dir.path().join("m")).expect("memory");
        let mut writer = memory.writer(std::time::Duration::ZERO).expect("writer");
        let mut added = 0;
        let mut occurrences = 0;
        for (i, chunk) in units.chunks(1_000).enumerate() {
            for outcome in writer.add_all(chunk.to_vec()).expect("add") {
                match outcome {
                    Added::New => added += 1,
                    Added::Occurrence => occurrences += 1,
                    Added::Unchanged => {}
                }
            }
            if i % 3 == 2 {
                writer.commit().expect("commit");
            }
        }
        writer.finish().expect("finish");
        assert!(occurrences > 0, "{occurrences}");
        memory.reload().expect("reload");
        let found = indexed(&memory);
        let mut stored_units = Vec::new();
        memory
            .snapshot()
            .for_each_unit(|_, unit| {
                stored_units.push(unit);
                Ok(())
            })
            .expect("scan");
        assert_eq!(found.len(), added);
        assert_eq!(stored_units.len(), added);
        for unit in &stored_units {
            // The unit as its first place stored it (the scan attaches the
            // other places as occurrences).
            let first = found.get(&unit.id.0).expect("indexed");
            let stored: Unit = serde_json::from_slice(&first.json).expect("stored unit");
            assert_eq!(stored.id, unit.id);
            assert_eq!(*first, expected(&stored), "unit {}", unit.id);
        }
        // A query without words finds the unit whose side is the same
        // text without words, and only such units.
        let snapshot = memory.snapshot();
        for (text, lang, want) in [
            ("  —   … ", Lang::Ru, 1),
            (" !!! ", Lang::En, 1),
            ("...", Lang::Ru, 0),
        ] {
            let candidates = snapshot
                .candidates(&analyze(text, lang), 75)
                .expect("candidates");
            assert_eq!(candidates.docs.len(), want, "{text}");
        }
    }
}
