//! Evaluation of the aligner on article pairs built from real parallel
//! text, where the right alignment is known. Not part of the library: the
//! test `tests/align_eval.rs` and the benchmark `examples/align_eval.rs`
//! include it (with `tests/support/rng.rs`) as a module of their own.
#![allow(dead_code)]
//!
//! # How the article pairs are built
//!
//! 1. **Documents** ([`documents`]): runs of consecutive sentence pairs of
//!    the corpora. Where a `.meta.tsv` file gives document ids (FLORES-200,
//!    WMT 2022–2024), a document is the lines sharing an id (at least
//!    [`MIN_DOC_LINES`] of them, cut into pieces of at most
//!    [`MAX_DOC_LINES`]); in the WMT newstest files, runs of 10–40
//!    consecutive lines.
//! 2. **Paragraphs** ([`perturb`]): the first line and every line that ends
//!    without a stop (a headline, a subhead) are paragraphs of their own;
//!    the other lines are grouped in paragraphs of one to four sentences,
//!    alike on both sides.
//! 3. **Perturbations**, the way real article pairs differ, on one side
//!    chosen at random each time: two sentences merged into one (with a
//!    semicolon), a long sentence split at a comma, a sentence dropped, a
//!    sentence from another document added, a paragraph break moved by one
//!    sentence. About one perturbation per six sentences, at least one.
//!    Everything is drawn from a seeded generator, so a seed gives the
//!    same pairs on every machine.
//!
//! # What is right
//!
//! Each side is a list of *pieces* (the text between the perturbations'
//! seams), each made of original lines. The gold beads are the connected
//! components of "a Russian piece and an English piece share a line"; a
//! piece that shares nothing is a 1-0 or 0-1 bead. The aligner's output is
//! turned into pieces the same way (a sentence belongs to every piece it
//! overlaps, a bead links all its sentences' pieces), so that a
//! segmentation that differs from the pieces costs only where it changes
//! the alignment. A predicted bead is right when its component is exactly
//! a gold one. Precision and recall count the beads with text on both
//! sides (those that would become units).

use std::collections::{BTreeSet, HashMap};
use std::ops::Range;
use std::path::Path;

use tilmash::align::{Alignment, Bead};
use tilmash::text::{detect, Lang};

pub use crate::rng::Rng;

/// Fewest lines of a document taken from a `.meta.tsv` grouping.
pub const MIN_DOC_LINES: usize = 8;
/// Most lines of a document; longer ones are cut.
pub const MAX_DOC_LINES: usize = 40;

/// A document: parallel lines, in order.
#[derive(Debug, Clone)]
pub struct Document {
    /// Where it comes from: `file:first line`.
    pub name: String,
    pub ru: Vec<String>,
    pub en: Vec<String>,
}

/// The parallel lines of a corpus file (`ru TAB en` per line).
pub fn read_pairs(path: &Path) -> std::io::Result<Vec<(String, String)>> {
    let text = std::fs::read_to_string(path)?;
    Ok(text
        .lines()
        .map(|l| match l.split_once('\t') {
            Some((ru, en)) => (ru.trim().to_string(), en.trim().to_string()),
            None => (String::new(), String::new()),
        })
        .collect())
}

/// The document id of each line of a `.meta.tsv` file (with a header):
/// the `docid` column, else the first column (FLORES gives the URL).
pub fn read_doc_ids(path: &Path) -> std::io::Result<Vec<String>> {
    let text = std::fs::read_to_string(path)?;
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap_or("").split('\t').collect();
    let column = header.iter().position(|h| *h == "docid").unwrap_or(0);
    Ok(lines
        .map(|l| l.split('\t').nth(column).unwrap_or("").to_string())
        .collect())
}

/// Documents of a corpus file: by the ids of its `.meta.tsv` when there
/// is one, else in runs of 10–40 lines drawn from `rng`.
pub fn documents(dir: &Path, file: &str, rng: &mut Rng) -> std::io::Result<Vec<Document>> {
    let pairs = read_pairs(&dir.join(file))?;
    let meta = dir.join(file.replace(".tsv", ".meta.tsv"));
    let mut runs: Vec<Range<usize>> = Vec::new();
    if meta.is_file() {
        let ids = read_doc_ids(&meta)?;
        let mut start = 0;
        for i in 1..=pairs.len().min(ids.len()) {
            if i == pairs.len().min(ids.len()) || ids[i] != ids[start] {
                if i - start >= MIN_DOC_LINES {
                    let mut s = start;
                    while s < i {
                        let e = (s + MAX_DOC_LINES).min(i);
                        if e - s >= MIN_DOC_LINES {
                            runs.push(s..e);
                        }
                        s = e;
                    }
                }
                start = i;
            }
        }
    } else {
        let mut start = 0;
        while start < pairs.len() {
            let len = 10 + rng.below(31);
            let end = (start + len).min(pairs.len());
            if end - start >= 10 {
                runs.push(start..end);
            }
            start = end;
        }
    }
    Ok(runs
        .into_iter()
        .filter_map(|run| {
            let lines = &pairs[run.clone()];
            if lines.iter().any(|(ru, en)| ru.is_empty() || en.is_empty()) {
                return None;
            }
            // A few corpus documents are untranslated (the same Russian on
            // both sides) or have the columns swapped: not article pairs.
            let side = |pick: fn(&(String, String)) -> &String| {
                lines
                    .iter()
                    .map(pick)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(" ")
            };
            if detect(&side(|p| &p.0)) != Some(Lang::Ru)
                || detect(&side(|p| &p.1)) != Some(Lang::En)
            {
                return None;
            }
            Some(Document {
                name: format!("{file}:{}", run.start + 1),
                ru: lines.iter().map(|p| p.0.clone()).collect(),
                en: lines.iter().map(|p| p.1.clone()).collect(),
            })
        })
        .collect())
}

/// Corpus files used to tune the model (development).
pub const DEV_FILES: &[&str] = &[
    "wmt_newstest2012_mixed-orig.tsv",
    "wmt_newstest2013_mixed-orig.tsv",
    "wmt_newstest2014_mixed-orig.tsv",
];

/// Corpus files the figures are reported on (never used for tuning).
pub const TEST_FILES: &[&str] = &[
    "wmt_newstest2015_mixed-orig.tsv",
    "wmt_newstest2016_mixed-orig.tsv",
    "wmt_newstest2017_mixed-orig.tsv",
    "wmt_newstest2018_mixed-orig.tsv",
    "wmt_newstest2019_ru-orig.tsv",
    "wmt_newstest2019_en-orig.tsv",
    "wmt_newstest2020_ru-orig.tsv",
    "wmt_newstest2020_en-orig.tsv",
    "wmt21_newstest2021_ru-orig.tsv",
    "wmt21_newstest2021_en-orig.tsv",
    "wmt22_generaltest2022_ru-orig.tsv",
    "wmt23_generaltest2023_ru-orig.tsv",
    "wmt24_wmttest2024_en-orig.tsv",
    "flores200_devtest.tsv",
];

/// A piece of one side: its text and the original lines it holds.
#[derive(Debug, Clone)]
struct Piece {
    text: String,
    lines: Vec<usize>,
    /// A paragraph starts with this piece.
    starts_paragraph: bool,
}

/// An article pair with its known alignment.
#[derive(Debug, Clone)]
pub struct Case {
    pub name: String,
    pub ru: String,
    pub en: String,
    /// Byte range of each piece in the side's text.
    pub ru_pieces: Vec<Range<usize>>,
    pub en_pieces: Vec<Range<usize>>,
    /// The gold beads, as sets of piece indexes.
    pub gold: Vec<(BTreeSet<usize>, BTreeSet<usize>)>,
    /// What was done to the pair, for reports (`merge en 3`, …).
    pub perturbations: Vec<String>,
}

/// Which side an operation touches.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    Ru,
    En,
}

/// Whether a line ends with a stop, closing quotes and brackets aside: a
/// line without one is a headline or a subhead.
fn ends_with_stop(text: &str) -> bool {
    text.trim_end()
        .trim_end_matches(['»', '"', '”', '“', '\'', '’', ')'])
        .ends_with(['.', '!', '?', '…'])
}

/// Builds an article pair from `doc`: paragraphs, then perturbations; a
/// sentence added comes from `donor` (another document's lines, Russian
/// and English).
pub fn perturb(doc: &Document, donor: &Document, rng: &mut Rng) -> Case {
    let k = doc.ru.len();
    // Paragraph starts, alike on both sides.
    let mut starts = vec![false; k];
    let mut left = 0;
    for (i, start) in starts.iter_mut().enumerate() {
        let alone = i == 0
            || !ends_with_stop(&doc.ru[i])
            || !ends_with_stop(&doc.en[i])
            || (i > 0 && (!ends_with_stop(&doc.ru[i - 1]) || !ends_with_stop(&doc.en[i - 1])));
        if alone || left == 0 {
            *start = true;
            left = 1 + rng.below(4);
        }
        left = left.saturating_sub(1);
    }
    let side_pieces = |lines: &[String]| -> Vec<Piece> {
        lines
            .iter()
            .enumerate()
            .map(|(i, t)| Piece {
                text: t.clone(),
                lines: vec![i],
                starts_paragraph: starts[i],
            })
            .collect()
    };
    let mut ru = side_pieces(&doc.ru);
    let mut en = side_pieces(&doc.en);
    let mut done = Vec::new();
    // Lines merged, split or dropped on either side are left alone after:
    // a line split on both sides would make a gold bead coarser than the
    // truth.
    let mut touched = vec![false; k];
    let operations = (k / 6).max(1);
    for _ in 0..operations {
        let side = if rng.chance(50) { Side::Ru } else { Side::En };
        let (pieces, donor_lines, tag) = match side {
            Side::Ru => (&mut ru, &donor.ru, "ru"),
            Side::En => (&mut en, &donor.en, "en"),
        };
        let roll = rng.below(100);
        let what = if roll < 30 {
            merge(pieces, side, &mut touched, rng)
        } else if roll < 55 {
            split(pieces, &mut touched, rng)
        } else if roll < 75 {
            drop_one(pieces, &mut touched, rng)
        } else if roll < 90 {
            add_one(pieces, donor_lines, rng)
        } else {
            move_break(pieces, rng)
        };
        if let Some(what) = what {
            done.push(format!("{what} {tag}"));
        }
    }
    let (ru_text, ru_ranges) = join(&ru);
    let (en_text, en_ranges) = join(&en);
    let gold = components(
        &ru.iter().map(|p| p.lines.clone()).collect::<Vec<_>>(),
        &en.iter().map(|p| p.lines.clone()).collect::<Vec<_>>(),
    );
    Case {
        name: doc.name.clone(),
        ru: ru_text,
        en: en_text,
        ru_pieces: ru_ranges,
        en_pieces: en_ranges,
        gold,
        perturbations: done,
    }
}

/// Two consecutive one-line pieces of a paragraph, the first ending in a
/// plain full stop, become one: `A; B`.
fn merge(
    pieces: &mut Vec<Piece>,
    side: Side,
    touched: &mut [bool],
    rng: &mut Rng,
) -> Option<String> {
    let candidates: Vec<usize> = (0..pieces.len().saturating_sub(1))
        .filter(|&i| {
            let (a, b) = (&pieces[i], &pieces[i + 1]);
            let plain_stop = a.text.ends_with('.')
                && a.text
                    .chars()
                    .rev()
                    .nth(1)
                    .is_some_and(|c| c.is_alphanumeric());
            a.lines.len() == 1
                && b.lines.len() == 1
                && !touched[a.lines[0]]
                && !touched[b.lines[0]]
                && !b.starts_paragraph
                && plain_stop
        })
        .collect();
    let i = *candidates.get(rng.below(candidates.len()))?;
    let b = pieces.remove(i + 1);
    let a = &mut pieces[i];
    a.text.pop();
    let joint = match side {
        Side::Ru if rng.chance(50) => " — ",
        _ => "; ",
    };
    a.text.push_str(joint);
    a.text.push_str(&b.text);
    a.lines.extend(b.lines);
    for &l in &a.lines {
        touched[l] = true;
    }
    Some(format!("merge {i}"))
}

/// A long one-line piece is cut at a comma in its middle third:
/// `A, b c.` → `A.` and `B c.`.
fn split(pieces: &mut Vec<Piece>, touched: &mut [bool], rng: &mut Rng) -> Option<String> {
    let cut_of = |text: &str| -> Option<usize> {
        if text.split_whitespace().count() < 14 || !ends_with_stop(text) {
            return None;
        }
        let (lo, hi) = (text.len() / 3, text.len() * 2 / 3);
        let cut = text.match_indices(", ").map(|(i, _)| i).find(|&i| {
            (lo..hi).contains(&i)
                && text[i + 2..]
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_alphabetic())
        })?;
        // Not inside quotes or brackets, where a full stop would not end
        // the sentence.
        let before = &text[..cut];
        let open = before.matches(['«', '(', '"', '“', '„']).count();
        let close = before.matches(['»', ')', '”']).count();
        (open == close && !before.contains('"')).then_some(cut)
    };
    let candidates: Vec<(usize, usize)> = pieces
        .iter()
        .enumerate()
        .filter(|(_, p)| p.lines.len() == 1 && !touched[p.lines[0]])
        .filter_map(|(i, p)| cut_of(&p.text).map(|c| (i, c)))
        .collect();
    let &(i, cut) = candidates.get(rng.below(candidates.len()))?;
    let text = pieces[i].text.clone();
    let mut rest = text[cut + 2..].chars();
    let first: String = rest.next()?.to_uppercase().collect();
    let second = Piece {
        text: format!("{first}{}", rest.as_str()),
        lines: pieces[i].lines.clone(),
        starts_paragraph: false,
    };
    pieces[i].text = format!("{}.", &text[..cut]);
    touched[pieces[i].lines[0]] = true;
    pieces.insert(i + 1, second);
    Some(format!("split {i}"))
}

/// A one-line piece other than the first is dropped.
fn drop_one(pieces: &mut Vec<Piece>, touched: &mut [bool], rng: &mut Rng) -> Option<String> {
    if pieces.len() < 3 {
        return None;
    }
    let i = 1 + rng.below(pieces.len() - 1);
    if pieces[i].lines.len() != 1 || touched[pieces[i].lines[0]] {
        return None;
    }
    touched[pieces[i].lines[0]] = true;
    let gone = pieces.remove(i);
    if gone.starts_paragraph {
        if let Some(next) = pieces.get_mut(i) {
            next.starts_paragraph = true;
        }
    }
    Some(format!("drop {i}"))
}

/// A sentence of another document is added after the first piece.
fn add_one(pieces: &mut Vec<Piece>, donor: &[String], rng: &mut Rng) -> Option<String> {
    let text = donor.get(rng.below(donor.len()))?;
    if !ends_with_stop(text) {
        return None;
    }
    let i = 1 + rng.below(pieces.len());
    let i = i.min(pieces.len());
    pieces.insert(
        i,
        Piece {
            text: text.clone(),
            lines: Vec::new(),
            starts_paragraph: false,
        },
    );
    Some(format!("add {i}"))
}

/// A paragraph break moves one piece earlier or later.
fn move_break(pieces: &mut [Piece], rng: &mut Rng) -> Option<String> {
    let breaks: Vec<usize> = (2..pieces.len())
        .filter(|&i| pieces[i].starts_paragraph)
        .collect();
    let &i = breaks.get(rng.below(breaks.len()))?;
    let to = if rng.chance(50) { i - 1 } else { i + 1 };
    if to >= pieces.len() || pieces[to].starts_paragraph || to == 0 {
        return None;
    }
    pieces[i].starts_paragraph = false;
    pieces[to].starts_paragraph = true;
    Some(format!("move-break {i}->{to}"))
}

/// The side's text (pieces joined by a space, paragraphs by a blank line;
/// a piece without a stop, a headline, ends its paragraph) and the byte
/// range of each piece.
fn join(pieces: &[Piece]) -> (String, Vec<Range<usize>>) {
    let mut text = String::new();
    let mut ranges = Vec::with_capacity(pieces.len());
    for (i, p) in pieces.iter().enumerate() {
        if i > 0 {
            let headline = !ends_with_stop(&pieces[i - 1].text);
            text.push_str(if p.starts_paragraph || headline {
                "\n\n"
            } else {
                " "
            });
        }
        let start = text.len();
        text.push_str(&p.text);
        ranges.push(start..text.len());
    }
    (text, ranges)
}

/// The pieces a byte range overlaps.
fn pieces_of(pieces: &[Range<usize>], range: Range<usize>) -> Vec<usize> {
    pieces
        .iter()
        .enumerate()
        .filter(|(_, p)| p.start < range.end && range.start < p.end)
        .map(|(i, _)| i)
        .collect()
}

/// Predicted beads as sentence ranges (for any aligner), with a confidence.
pub type Predicted = Vec<(Range<usize>, Range<usize>, f64)>;

/// The beads of an alignment, in the form [`judge`] takes.
pub fn predicted(alignment: &Alignment) -> Predicted {
    alignment
        .beads
        .iter()
        .map(|b: &Bead| (b.ru.clone(), b.en.clone(), b.confidence))
        .collect()
}

/// How one article pair came out.
#[derive(Debug, Clone, Default)]
pub struct Judged {
    /// Gold beads with text on both sides.
    pub gold_pairs: usize,
    /// Predicted beads (as pieces) with text on both sides.
    pub predicted_pairs: usize,
    /// Of those, the right ones.
    pub right_pairs: usize,
    /// Per predicted sentence bead: (confidence, whether it has text on
    /// both sides, whether it is right).
    pub beads: Vec<(f64, bool, bool)>,
    /// Per gold bead: its shape in pieces (`2-1`), whether it was found.
    pub gold_shapes: Vec<(String, bool)>,
}

/// Judges predicted beads over the sentences `ru_spans`/`en_spans` (byte
/// ranges in the case's texts) against the case's gold.
pub fn judge(
    case: &Case,
    ru_spans: &[Range<usize>],
    en_spans: &[Range<usize>],
    beads: &Predicted,
) -> Judged {
    // Each predicted bead links the pieces of its sentences: a label per bead.
    let mut ru_labels: Vec<Vec<usize>> = vec![Vec::new(); case.ru_pieces.len()];
    let mut en_labels: Vec<Vec<usize>> = vec![Vec::new(); case.en_pieces.len()];
    let mut bead_pieces = Vec::with_capacity(beads.len());
    for (label, (ru, en, _)) in beads.iter().enumerate() {
        let mut rp = BTreeSet::new();
        let mut ep = BTreeSet::new();
        for s in ru.clone() {
            if let Some(span) = ru_spans.get(s) {
                rp.extend(pieces_of(&case.ru_pieces, span.clone()));
            }
        }
        for s in en.clone() {
            if let Some(span) = en_spans.get(s) {
                ep.extend(pieces_of(&case.en_pieces, span.clone()));
            }
        }
        for &p in &rp {
            ru_labels[p].push(label);
        }
        for &p in &ep {
            en_labels[p].push(label);
        }
        bead_pieces.push((rp, ep));
    }
    let predicted = components(&ru_labels, &en_labels);
    let gold: BTreeSet<&(BTreeSet<usize>, BTreeSet<usize>)> = case.gold.iter().collect();
    let is_pair = |c: &(BTreeSet<usize>, BTreeSet<usize>)| !c.0.is_empty() && !c.1.is_empty();
    let mut judged = Judged {
        gold_pairs: case.gold.iter().filter(|c| is_pair(c)).count(),
        ..Judged::default()
    };
    let found: BTreeSet<&(BTreeSet<usize>, BTreeSet<usize>)> = predicted.iter().collect();
    for g in &case.gold {
        let shape = format!("{}-{}", g.0.len(), g.1.len());
        judged.gold_shapes.push((shape, found.contains(g)));
    }
    for c in predicted.iter().filter(|c| is_pair(c)) {
        judged.predicted_pairs += 1;
        if gold.contains(c) {
            judged.right_pairs += 1;
        }
    }
    for ((ru, en, confidence), (rp, ep)) in beads.iter().zip(&bead_pieces) {
        let pair = !ru.is_empty() && !en.is_empty();
        // The component that holds this bead's pieces.
        let component = predicted.iter().find(|c| {
            rp.iter().next().is_some_and(|p| c.0.contains(p))
                || ep.iter().next().is_some_and(|p| c.1.contains(p))
        });
        let right = component.is_some_and(|c| gold.contains(c));
        judged.beads.push((*confidence, pair, right));
    }
    judged
}

/// Connected components of "two items share a label", over Russian items
/// (`ru`, their labels) and English items (`en`), as (Russian items,
/// English items). An item without a label shared with another is a
/// component of its own.
fn components(ru: &[Vec<usize>], en: &[Vec<usize>]) -> Vec<(BTreeSet<usize>, BTreeSet<usize>)> {
    let n = ru.len();
    let mut parent: Vec<usize> = (0..n + en.len()).collect();
    fn find(parent: &mut [usize], x: usize) -> usize {
        let mut root = x;
        while parent[root] != root {
            root = parent[root];
        }
        root
    }
    let mut owner: HashMap<usize, usize> = HashMap::new();
    let items = ru.iter().chain(en).enumerate();
    for (x, labels) in items {
        for &l in labels {
            match owner.get(&l) {
                Some(&o) => {
                    let (a, b) = (find(&mut parent, o), find(&mut parent, x));
                    parent[a] = b;
                }
                None => {
                    owner.insert(l, x);
                }
            }
        }
    }
    let mut groups: HashMap<usize, (BTreeSet<usize>, BTreeSet<usize>)> = HashMap::new();
    for x in 0..parent.len() {
        let root = find(&mut parent, x);
        let group = groups.entry(root).or_default();
        if x < n {
            group.0.insert(x);
        } else {
            group.1.insert(x - n);
        }
    }
    let mut out: Vec<_> = groups.into_values().collect();
    out.sort();
    out
}

/// Precision, recall and F1 over many judged pairs.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Figures {
    pub documents: usize,
    pub gold: usize,
    pub predicted: usize,
    pub right: usize,
}

impl Figures {
    pub fn add(&mut self, j: &Judged) {
        self.documents += 1;
        self.gold += j.gold_pairs;
        self.predicted += j.predicted_pairs;
        self.right += j.right_pairs;
    }

    pub fn precision(&self) -> f64 {
        self.right as f64 / self.predicted.max(1) as f64
    }

    pub fn recall(&self) -> f64 {
        self.right as f64 / self.gold.max(1) as f64
    }

    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

/// A reliability table: per confidence bin (tenths), the beads, their mean
/// confidence and the share that is right.
pub fn reliability(beads: &[(f64, bool, bool)]) -> Vec<(Range<f64>, usize, f64, f64)> {
    (0..10)
        .map(|b| {
            let lo = b as f64 / 10.0;
            let hi = lo + 0.1;
            let inside: Vec<&(f64, bool, bool)> = beads
                .iter()
                .filter(|(c, _, _)| *c >= lo && (*c < hi || (b == 9 && *c <= 1.0)))
                .collect();
            let count = inside.len();
            let mean = inside.iter().map(|(c, _, _)| c).sum::<f64>() / count.max(1) as f64;
            let right = inside.iter().filter(|(_, _, r)| *r).count() as f64 / count.max(1) as f64;
            (lo..hi, count, mean, right)
        })
        .collect()
}

/// The article pairs of `files` in `dir`: every document, perturbed with
/// `seed`; `limit` keeps the first so many after a seeded shuffle.
pub fn cases(
    dir: &Path,
    files: &[&str],
    seed: u64,
    limit: Option<usize>,
) -> std::io::Result<Vec<Case>> {
    let mut rng = Rng::new(seed);
    let mut docs = Vec::new();
    for file in files {
        docs.extend(documents(dir, file, &mut rng)?);
    }
    // Fisher–Yates with the seeded generator.
    for i in (1..docs.len()).rev() {
        let j = rng.below(i + 1);
        docs.swap(i, j);
    }
    let take = limit.unwrap_or(docs.len()).min(docs.len());
    let mut out = Vec::with_capacity(take);
    for i in 0..take {
        let donor = &docs[(i + docs.len() / 2 + 1) % docs.len()];
        out.push(perturb(&docs[i], donor, &mut rng));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn components_group_shared_lines() {
        // ru pieces: [0], [1, 2] (merged), [3]; en: [0], [1], [2], [] (added).
        let ru = vec![vec![0], vec![1, 2], vec![3]];
        let en = vec![vec![0], vec![1], vec![2], vec![]];
        let got = components(&ru, &en);
        let set = |v: &[usize]| v.iter().copied().collect::<BTreeSet<usize>>();
        assert_eq!(
            got,
            vec![
                (set(&[]), set(&[3])),
                (set(&[0]), set(&[0])),
                (set(&[1]), set(&[1, 2])),
                (set(&[2]), set(&[])),
            ]
        );
    }

    fn doc(n: usize) -> Document {
        Document {
            name: "t".into(),
            ru: (0..n)
                .map(|i| format!("Предложение номер {i} о выборах, бюджете, погоде и разных других важных делах области."))
                .collect(),
            en: (0..n)
                .map(|i| format!("Sentence number {i} about the elections, the budget, the weather and other important matters."))
                .collect(),
        }
    }

    #[test]
    fn perturbation_keeps_every_line_accounted_for() {
        let d = doc(24);
        let donor = doc(5);
        for seed in 0..50 {
            let case = perturb(&d, &donor, &mut Rng::new(seed));
            // Every gold component's pieces exist, each piece in exactly one.
            let ru: usize = case.gold.iter().map(|g| g.0.len()).sum();
            let en: usize = case.gold.iter().map(|g| g.1.len()).sum();
            assert_eq!(ru, case.ru_pieces.len());
            assert_eq!(en, case.en_pieces.len());
            for r in case.ru_pieces.iter().chain(&case.en_pieces) {
                assert!(r.start < r.end);
            }
            assert!(!case.perturbations.is_empty() || seed > 0);
        }
    }

    #[test]
    fn judging_the_gold_is_perfect() {
        let case = perturb(&doc(20), &doc(4), &mut Rng::new(7));
        // Predict exactly the gold, one sentence per piece.
        let beads: Predicted = case
            .gold
            .iter()
            .map(|(r, e)| {
                let range = |s: &BTreeSet<usize>| match (s.first(), s.last()) {
                    (Some(&a), Some(&b)) => a..b + 1,
                    _ => 0..0,
                };
                (range(r), range(e), 1.0)
            })
            .collect();
        let mut beads = beads;
        beads.sort_by_key(|b| (b.0.start, b.1.start));
        let judged = judge(&case, &case.ru_pieces, &case.en_pieces, &beads);
        assert_eq!(judged.right_pairs, judged.gold_pairs);
        assert_eq!(judged.predicted_pairs, judged.gold_pairs);
        assert!(judged.beads.iter().all(|b| b.2));
    }
}
