//! The compiled term patterns of one language: what recognition looks up,
//! in one byte buffer that [`super::cache`] keeps on disk, so that a large
//! glossary is compiled once rather than by every command.
//!
//! Compiling generates every inflected form of every glossary word and
//! the stems of those forms ([`super::forms`]); that is the cost (a 55 MB
//! glossary: 48 s and 4.5 GB when the forms were held as hash sets per
//! pattern). The buffer holds each of them once, sorted, and is searched
//! in place:
//!
//! - *keys*: a form (kind 0) or a stem (kind 1) → the words having it;
//! - *words*: a pattern word (normalized text and case rule) → the
//!   patterns it begins;
//! - *patterns*: their words and the rows that wrote them (owners).
//!
//! Layout, little-endian: `u64` counts of keys, words, patterns; then each
//! table as a `u64` offset per item (from the start of the data) followed by
//! the items. A key is `u8 kind, str, u32 count, u32 word…`; a word is
//! `u8 case, str, u32 count, u32 pattern…`; a pattern is `u32 count,
//! u32 word…, u32 count, (u32 row, u8 variant, str written)…`; a `str` is
//! `u32 length` and UTF-8 bytes. Every read is bounds-checked: a buffer
//! that does not decode gives no match, never a panic (the cache is also
//! checksummed before use).

use std::collections::{BTreeMap, HashMap, HashSet};

use super::entry::Entry;
use super::forms::forms;
use crate::text::{analyze, words, Lang};

/// Stems shorter than this (in characters) are not used for matching: too
/// many unrelated words share them.
const MIN_STEM_CHARS: usize = 4;

const FORM: u8 = 0;
const STEM: u8 = 1;

/// How a pattern word constrains the case of a text word.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(super) enum CaseRule {
    Any,
    /// The first letter must be a capital.
    Initial,
    /// Every letter must be a capital (abbreviations).
    Upper,
}

impl CaseRule {
    fn code(self) -> u8 {
        self as u8
    }

    fn from_code(code: u8) -> Option<CaseRule> {
        [CaseRule::Any, CaseRule::Initial, CaseRule::Upper]
            .get(usize::from(code))
            .copied()
    }

    fn of(raw: &str, name: bool, first_of_many: bool) -> CaseRule {
        let letters: Vec<char> = raw.chars().filter(|c| c.is_alphabetic()).collect();
        if letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase()) {
            return CaseRule::Upper;
        }
        if name && !first_of_many && letters.first().is_some_and(|c| c.is_uppercase()) {
            return CaseRule::Initial;
        }
        CaseRule::Any
    }

    /// Whether a text word written `raw` satisfies the rule.
    pub(super) fn allows(self, raw: &str) -> bool {
        let mut letters = raw.chars().filter(|c| c.is_alphabetic());
        match self {
            CaseRule::Any => true,
            CaseRule::Initial => letters.next().is_some_and(char::is_uppercase),
            CaseRule::Upper => letters.all(|c| !c.is_lowercase()),
        }
    }
}

/// Who wrote a pattern: a row and whether it was a variant.
#[derive(Debug, Clone)]
pub(super) struct Owner {
    pub row: usize,
    pub variant: bool,
    pub written: String,
}

/// A pattern word as the table gives it.
pub(super) struct Word<'a> {
    pub norm: &'a str,
    pub case: CaseRule,
}

/// The compiled patterns of one language (see the module documentation).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Table {
    bytes: Vec<u8>,
}

/// The three tables' item counts and where each item index starts.
struct Layout {
    keys: usize,
    words: usize,
    patterns: usize,
}

impl Table {
    /// The table of a buffer written by [`Table::bytes`]; `None` when it
    /// does not even hold its counts.
    pub(super) fn from_bytes(bytes: Vec<u8>) -> Option<Table> {
        let table = Table { bytes };
        table.layout()?;
        Some(table)
    }

    pub(super) fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// Compiles the patterns of `lang` from `rows`.
    pub(super) fn build(rows: &[Entry], lang: Lang) -> Table {
        let mut word_ids: HashMap<(String, CaseRule), u32> = HashMap::new();
        let mut words_list: Vec<(String, CaseRule, Vec<u32>)> = Vec::new();
        let mut pattern_ids: HashMap<Vec<u32>, u32> = HashMap::new();
        let mut patterns: Vec<(Vec<u32>, Vec<Owner>)> = Vec::new();
        for (row, entry) in rows.iter().enumerate() {
            let name = entry.pos == "propn";
            for (k, written) in entry.written_forms(lang).enumerate() {
                let ws = words(written);
                if ws.is_empty() {
                    continue;
                }
                let many = ws.len() > 1;
                let key: Vec<u32> = ws
                    .iter()
                    .enumerate()
                    .map(|(i, w)| {
                        let case = CaseRule::of(&written[w.start..w.end], name, many && i == 0);
                        let next = words_list.len() as u32;
                        *word_ids.entry((w.norm.clone(), case)).or_insert_with(|| {
                            words_list.push((w.norm.clone(), case, Vec::new()));
                            next
                        })
                    })
                    .collect();
                let owner = Owner {
                    row,
                    variant: k > 0,
                    written: written.to_string(),
                };
                match pattern_ids.get(&key) {
                    Some(&id) => patterns[id as usize].1.push(owner),
                    None => {
                        let id = patterns.len() as u32;
                        words_list[key[0] as usize].2.push(id);
                        pattern_ids.insert(key.clone(), id);
                        patterns.push((key, vec![owner]));
                    }
                }
            }
        }
        // Forms and stems of each normalized word once, whatever its cases.
        let mut keys: BTreeMap<(u8, String), Vec<u32>> = BTreeMap::new();
        let mut by_norm: HashMap<&str, Vec<u32>> = HashMap::new();
        for (id, (norm, _, _)) in words_list.iter().enumerate() {
            by_norm.entry(norm).or_default().push(id as u32);
        }
        for (norm, ids) in by_norm {
            let (forms, stems) = word_forms(norm, lang);
            for (kind, set) in [(FORM, forms), (STEM, stems)] {
                for key in set {
                    keys.entry((kind, key)).or_default().extend(&ids);
                }
            }
        }
        let mut out = Encoder::new([keys.len(), words_list.len(), patterns.len()]);
        for ((kind, key), mut ids) in keys {
            ids.sort_unstable();
            ids.dedup();
            out.item();
            out.u8(kind);
            out.str(&key);
            out.ids(&ids);
        }
        for (norm, case, starts) in words_list {
            out.item();
            out.u8(case.code());
            out.str(&norm);
            out.ids(&starts);
        }
        for (words, owners) in patterns {
            out.item();
            out.ids(&words);
            out.u32(owners.len() as u32);
            for owner in owners {
                out.u32(owner.row as u32);
                out.u8(u8::from(owner.variant));
                out.str(&owner.written);
            }
        }
        Table { bytes: out.bytes }
    }

    fn layout(&self) -> Option<Layout> {
        let mut r = Reader::at(&self.bytes, 0);
        let keys = usize::try_from(r.u64()?).ok()?;
        let words = usize::try_from(r.u64()?).ok()?;
        let patterns = usize::try_from(r.u64()?).ok()?;
        let index = keys.checked_add(words)?.checked_add(patterns)?;
        (index.checked_mul(8)?.checked_add(24)? <= self.bytes.len()).then_some(Layout {
            keys,
            words,
            patterns,
        })
    }

    /// Where item `i` of the table starting at index slot `first` is.
    fn item(&self, first: usize, i: usize) -> Option<Reader<'_>> {
        let slot = 24 + (first + i) * 8;
        let offset = Reader::at(&self.bytes, slot).u64()?;
        Some(Reader::at(&self.bytes, usize::try_from(offset).ok()?))
    }

    /// The words having `key` as a form (`stem`: as a stem of a form).
    pub(super) fn words_with(&self, key: &str, stem: bool) -> Vec<u32> {
        let Some(layout) = self.layout() else {
            return Vec::new();
        };
        let wanted = (if stem { STEM } else { FORM }, key.as_bytes());
        let (mut lo, mut hi) = (0, layout.keys);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            let Some(mut r) = self.item(0, mid) else {
                return Vec::new();
            };
            let Some(found) = r.u8().zip(r.bytes()) else {
                return Vec::new();
            };
            match found.cmp(&wanted) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return r.ids().unwrap_or_default(),
            }
        }
        Vec::new()
    }

    /// Word `id`: its text and case rule, and the patterns it begins.
    pub(super) fn word(&self, id: u32) -> Option<(Word<'_>, Vec<u32>)> {
        let layout = self.layout()?;
        let id = id as usize;
        if id >= layout.words {
            return None;
        }
        let mut r = self.item(layout.keys, id)?;
        let case = CaseRule::from_code(r.u8()?)?;
        let norm = r.str()?;
        Some((Word { norm, case }, r.ids()?))
    }

    /// Pattern `id`: its words.
    pub(super) fn pattern_words(&self, id: u32) -> Option<Vec<u32>> {
        self.pattern(id)?.ids()
    }

    /// Pattern `id`: the rows that wrote it.
    pub(super) fn owners(&self, id: u32) -> Option<Vec<Owner>> {
        let mut r = self.pattern(id)?;
        r.ids()?;
        let n = r.u32()?;
        let mut owners = Vec::new();
        for _ in 0..n {
            owners.push(Owner {
                row: r.u32()? as usize,
                variant: r.u8()? != 0,
                written: r.str()?.to_string(),
            });
        }
        Some(owners)
    }

    fn pattern(&self, id: u32) -> Option<Reader<'_>> {
        let layout = self.layout()?;
        let id = id as usize;
        if id >= layout.patterns {
            return None;
        }
        self.item(layout.keys + layout.words, id)
    }
}

/// The generated forms of a normalized word (itself first) and, in
/// Russian, their stems of [`MIN_STEM_CHARS`] or more.
fn word_forms(norm: &str, lang: Lang) -> (HashSet<String>, HashSet<String>) {
    let forms: HashSet<String> = forms(norm, lang).into_iter().collect();
    let stems = match lang {
        Lang::Ru => forms
            .iter()
            .filter_map(|f| analyze(f, lang).tokens.into_iter().next())
            .map(|t| t.stem)
            .filter(|s| s.chars().count() >= MIN_STEM_CHARS)
            .collect(),
        Lang::En => HashSet::new(),
    };
    (forms, stems)
}

/// Writes the layout of the module documentation: the counts and every
/// offset slot first, each item's offset filled in as it is written.
struct Encoder {
    bytes: Vec<u8>,
    next_slot: usize,
}

impl Encoder {
    fn new(counts: [usize; 3]) -> Encoder {
        let mut bytes = Vec::new();
        for count in counts {
            bytes.extend_from_slice(&(count as u64).to_le_bytes());
        }
        bytes.resize(24 + counts.iter().sum::<usize>() * 8, 0);
        Encoder {
            bytes,
            next_slot: 0,
        }
    }

    /// Starts the next item: its offset goes into its slot.
    fn item(&mut self) {
        let offset = (self.bytes.len() as u64).to_le_bytes();
        let slot = 24 + self.next_slot * 8;
        self.bytes[slot..slot + 8].copy_from_slice(&offset);
        self.next_slot += 1;
    }

    fn u8(&mut self, v: u8) {
        self.bytes.push(v);
    }

    fn u32(&mut self, v: u32) {
        self.bytes.extend_from_slice(&v.to_le_bytes());
    }

    fn str(&mut self, s: &str) {
        self.u32(s.len() as u32);
        self.bytes.extend_from_slice(s.as_bytes());
    }

    fn ids(&mut self, ids: &[u32]) {
        self.u32(ids.len() as u32);
        for &id in ids {
            self.u32(id);
        }
    }
}

/// Bounds-checked reads from a buffer.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn at(bytes: &'a [u8], at: usize) -> Self {
        Reader { bytes, at }
    }

    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let end = self.at.checked_add(n)?;
        let bytes = self.bytes.get(self.at..end)?;
        self.at = end;
        Some(bytes)
    }

    fn u8(&mut self) -> Option<u8> {
        Some(self.take(1)?[0])
    }

    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }

    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }

    fn bytes(&mut self) -> Option<&'a [u8]> {
        let n = self.u32()? as usize;
        self.take(n)
    }

    fn str(&mut self) -> Option<&'a str> {
        std::str::from_utf8(self.bytes()?).ok()
    }

    fn ids(&mut self) -> Option<Vec<u32>> {
        let n = self.u32()? as usize;
        let bytes = self.take(n.checked_mul(4)?)?;
        Some(
            bytes
                .chunks_exact(4)
                .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
                .collect(),
        )
    }
}
