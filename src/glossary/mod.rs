//! The glossary of names and terms (SPEC §2, §5 `glossary`, `check`):
//! the TSV files under a workspace's `glossaries/` folder, term recognition
//! in inflected Russian and in English, validity dates, lint and the QA
//! check of translations.
//!
//! - [`entry`]: one row (concept, both sides, variants, status, dates).
//! - [`file`](mod@file): a file as written, edited line by line.
//! - [`forms`] and [`recognize`]: which terms a text contains and the
//!   target term valid on its date; [`context`]: where an entry fires;
//!   `surnames`: a person found by the surname alone or with initials.
//! - `table` and [`cache`]: the compiled term patterns, kept between
//!   commands for a large glossary.
//! - [`lock`]: one editor at a time per glossary folder.
//! - [`lint`], [`check`]: problems in the glossary, problems in a translation.
//! - [`tbx`], [`csv`]: interchange with CAT tools.
//! - [`names`]: spellings of names both ways, their base forms, and the
//!   proposals for names the glossary does not know; [`lexicon`]: the
//!   evidence (words seen in lower case, forms seen) those rest on.
//!
//! **Which side a status applies to.** A `deprecated` or `forbidden` row
//! sometimes pairs a bad form on one side with a good form on the other
//! (`Кыргызстан / Kirghizia`, forbidden on the English side). A side of such
//! a row is *good* when its term is also a term or variant on the same
//! side of a preferred or admitted row of the same concept; otherwise the
//! status applies to it. A row whose two sides are both found elsewhere, or
//! neither, carries its status on both sides.

pub mod cache;
pub mod check;
pub mod context;
pub mod csv;
pub mod entry;
pub mod file;
pub mod forms;
pub mod lexicon;
pub mod lint;
pub mod lock;
pub mod names;
pub mod recognize;
mod surnames;
mod table;
pub mod tbx;

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::path::{Path, PathBuf};

use serde::Serialize;

pub use entry::{closed_value_problem, Entry, Status, COLUMNS, DOMAINS, PARTS_OF_SPEECH};
pub use file::{GlossaryFile, Parse};
pub use lock::GlossaryLock;
pub use recognize::{Flag, FlagRule, Target, TermHit};

use crate::text::{normalize, Lang};
use table::Table;

/// Errors of the glossary, each naming the file and line.
#[derive(Debug, thiserror::Error)]
pub enum GlossaryError {
    #[error("{file}:{line}: {reason}")]
    Malformed {
        file: String,
        line: usize,
        reason: String,
    },
    #[error("{file}:{line}: invalid UTF-8 at byte {offset}; save the file as UTF-8")]
    Encoding {
        file: String,
        line: usize,
        offset: usize,
    },
    /// A problem in an XML file (TBX), at a line.
    #[error("{file}:{line}: {reason}")]
    Xml {
        file: String,
        line: u64,
        reason: String,
    },
    #[error("{file}: {source}")]
    Io {
        file: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{dir}: the glossary is being edited by another process ({holder}); try again later or pass --wait SECONDS")]
    Locked { dir: String, holder: String },
    /// An edit that cannot be made (bad value, no such entry, …).
    #[error("{0}")]
    Edit(String),
}

/// Where a row is: file name and 1-based line.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct EntryRef {
    pub file: String,
    pub line: usize,
}

impl fmt::Display for EntryRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.file, self.line)
    }
}

/// All the rows of a workspace's glossary files, ready for recognition.
#[derive(Debug, Default)]
pub struct Glossary {
    entries: Vec<Entry>,
    refs: Vec<EntryRef>,
    /// Per row, whether each side (`Lang as usize`) carries the row's
    /// status (see the module documentation).
    bad_side: Vec<[bool; 2]>,
    by_concept: HashMap<String, Vec<usize>>,
    /// The compiled term patterns per language (`Lang as usize`).
    tables: [Table; 2],
    /// Per row, its parsed `context`.
    contexts: Vec<context::Context>,
    /// The persons' surnames, derived from their full names.
    surnames: surnames::Surnames,
    /// The evidence about words of the bundled vocabulary and the
    /// glossary, built at the first [`Glossary::lexicon`].
    lexicon: std::sync::OnceLock<std::sync::Arc<lexicon::Lexicon>>,
}

/// The `*.tsv` files of a glossary folder, by name.
pub fn glossary_files(dir: &Path) -> Result<Vec<PathBuf>, GlossaryError> {
    let io = |source| GlossaryError::Io {
        file: dir.display().to_string(),
        source,
    };
    let mut files = Vec::new();
    for item in std::fs::read_dir(dir).map_err(io)? {
        let path = item.map_err(io)?.path();
        let tsv = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("tsv"));
        if tsv && path.is_file() {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

/// Reads every glossary file of `dir` strictly.
pub fn read_files(dir: &Path) -> Result<Vec<GlossaryFile>, GlossaryError> {
    glossary_files(dir)?
        .iter()
        .map(|path| GlossaryFile::read(path))
        .collect()
}

/// The name a file is shown by: its file name.
pub fn display_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

impl Glossary {
    /// Loads every `*.tsv` file of `dir`; a missing folder is an empty
    /// glossary.
    pub fn load(dir: &Path) -> Result<Glossary, GlossaryError> {
        if !dir.exists() {
            return Ok(Glossary::default());
        }
        let files = read_files(dir)?;
        let rows = rows_of(&files);
        let cached = match cache::cache_file(dir) {
            Some(path) if rows.len() >= cache::MIN_CACHED_ROWS => Some(path),
            _ => None,
        };
        let Some(path) = cached else {
            return Ok(Glossary::new(rows));
        };
        let key = cache::key(&files);
        drop(files);
        if let Some(tables) = cache::read(&path, key) {
            return Ok(Glossary::with_tables(rows, Some(tables)));
        }
        let glossary = Glossary::new(rows);
        // A cache that cannot be written is only a missed saving.
        let _ = cache::write(&path, key, &glossary.tables);
        Ok(glossary)
    }

    /// The rows of `files`, in file order then line order.
    pub fn from_files(files: &[GlossaryFile]) -> Glossary {
        Glossary::new(rows_of(files))
    }

    /// A glossary of the given rows.
    pub fn new(rows: impl IntoIterator<Item = (Entry, EntryRef)>) -> Glossary {
        Glossary::with_tables(rows, None)
    }

    /// A glossary of `rows` with their compiled tables, compiled here when
    /// not given.
    fn with_tables(
        rows: impl IntoIterator<Item = (Entry, EntryRef)>,
        tables: Option<[Table; 2]>,
    ) -> Glossary {
        let (entries, refs): (Vec<Entry>, Vec<EntryRef>) = rows.into_iter().unzip();
        let mut by_concept: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, e) in entries.iter().enumerate() {
            by_concept.entry(e.concept.clone()).or_default().push(i);
        }
        let bad_side = bad_sides(&entries);
        let tables = tables.unwrap_or_else(|| {
            [
                Table::build(&entries, Lang::Ru),
                Table::build(&entries, Lang::En),
            ]
        });
        let contexts = entries
            .iter()
            .map(|e| context::Context::parse(&e.context))
            .collect();
        let surnames = surnames::Surnames::build(&entries);
        Glossary {
            entries,
            refs,
            bad_side,
            by_concept,
            tables,
            contexts,
            surnames,
            lexicon: std::sync::OnceLock::new(),
        }
    }

    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    pub fn entry_ref(&self, row: usize) -> &EntryRef {
        &self.refs[row]
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The rows of a concept.
    pub fn concept_rows(&self, concept: &str) -> &[usize] {
        self.by_concept.get(concept).map_or(&[], Vec::as_slice)
    }

    /// Whether side `lang` of row `row` is fit for copy as far as the
    /// status goes (dates aside).
    pub fn side_is_good(&self, row: usize, lang: Lang) -> bool {
        self.entries[row].status.is_good() || !self.bad_side[row][lang as usize]
    }

    /// The status of side `lang` of row `row`: the row's status where it
    /// applies, else `preferred`.
    pub fn side_status(&self, row: usize, lang: Lang) -> Status {
        let status = self.entries[row].status;
        if status.is_good() || self.bad_side[row][lang as usize] {
            status
        } else {
            Status::Preferred
        }
    }
}

/// The rows of `files` with where each is, in file order then line order.
fn rows_of(files: &[GlossaryFile]) -> Vec<(Entry, EntryRef)> {
    files
        .iter()
        .flat_map(|file| {
            let name = display_name(file.path());
            file.entries().map(move |(line, entry)| {
                (
                    entry.clone(),
                    EntryRef {
                        file: name.clone(),
                        line,
                    },
                )
            })
        })
        .collect()
}

/// Which sides of each row carry its status (see the module documentation).
fn bad_sides(entries: &[Entry]) -> Vec<[bool; 2]> {
    let mut good: HashMap<&str, [HashSet<String>; 2]> = HashMap::new();
    for e in entries.iter().filter(|e| e.status.is_good()) {
        let sets = good.entry(e.concept.as_str()).or_default();
        for lang in Lang::ALL {
            sets[lang as usize].extend(e.written_forms(lang).map(normalize));
        }
    }
    entries
        .iter()
        .map(|e| {
            if e.status.is_good() {
                return [false, false];
            }
            let found = |lang: Lang| {
                good.get(e.concept.as_str())
                    .is_some_and(|sets| sets[lang as usize].contains(&normalize(e.term(lang))))
            };
            match (found(Lang::Ru), found(Lang::En)) {
                (true, false) => [false, true],
                (false, true) => [true, false],
                _ => [true, true],
            }
        })
        .collect()
}
