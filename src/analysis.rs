//! Analysis (SPEC §5 `analyze`): how much of a set of texts the memory
//! already translates, as words and segments per match band, per file
//! and in total, the way a project lead estimates a job in a CAT tool.
//!
//! Each segment falls in exactly one row ([`Band`]), decided in memoQ's
//! order with its default "repetitions take precedence over 100%
//! matches":
//! 1. **context** (101): its best match is a context match;
//! 2. **repetition**: the same segment (after NFC and whitespace
//!    collapsing, the equality of a 100 match) stood earlier in this file
//!    or an earlier file of the same analysis: the first occurrence is
//!    counted by its match, every later one here;
//! 3. otherwise the band of its best score: 100, 95–99, 85–94, 75–84,
//!    50–74, or no match (below 50).
//!
//! Words are counted as SPEC §3 defines them ([`crate::text::words`]).

use std::collections::HashSet;

use serde::Serialize;

use crate::memory::Snapshot;
use crate::score::{Band, CONTEXT_MATCH, LOWEST_BAND_SCORE};
use crate::suggest::{
    self, joins, paragraphs, scored, suggest, Query, Segmented, SuggestError, SuggestOptions,
};
use crate::text::{collapse, words, Lang};
use crate::unit::UnitFilter;

/// A text to analyse.
#[derive(Debug, Clone)]
pub struct AnalysisInput {
    /// The file name shown in the report.
    pub name: String,
    pub text: String,
    pub lang: Lang,
}

/// Segments and words of one row.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Count {
    pub segments: u64,
    pub words: u64,
}

impl Count {
    fn add(&mut self, other: Count) {
        self.segments += other.segments;
        self.words += other.words;
    }
}

/// One row of an analysis.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct BandCount {
    pub band: Band,
    pub segments: u64,
    pub words: u64,
}

/// The rows of one file, or of all files.
#[derive(Debug, Clone, Serialize)]
pub struct FileAnalysis {
    /// The file name; `None` for the total of all files.
    pub file: Option<String>,
    /// The source language (`None` in a total over both languages).
    pub lang: Option<Lang>,
    /// One row per band, in [`Band::ALL`] order, zeros included.
    pub bands: Vec<BandCount>,
    pub total: Count,
}

impl FileAnalysis {
    fn new(file: Option<String>, lang: Option<Lang>) -> FileAnalysis {
        FileAnalysis {
            file,
            lang,
            bands: Band::ALL
                .iter()
                .map(|&band| BandCount {
                    band,
                    segments: 0,
                    words: 0,
                })
                .collect(),
            total: Count::default(),
        }
    }

    fn add(&mut self, band: Band, count: Count) {
        if let Some(row) = self.bands.iter_mut().find(|r| r.band == band) {
            row.segments += count.segments;
            row.words += count.words;
        }
        self.total.add(count);
    }

    /// The row of `band`.
    pub fn band(&self, band: Band) -> Count {
        self.bands
            .iter()
            .find(|r| r.band == band)
            .map_or_else(Count::default, |r| Count {
                segments: r.segments,
                words: r.words,
            })
    }
}

/// The analysis of a set of texts.
#[derive(Debug, Clone, Serialize)]
pub struct Analysis {
    pub files: Vec<FileAnalysis>,
    pub total: FileAnalysis,
}

/// The thresholds of the searches, highest first: a segment is searched
/// at the next one only when it found nothing at the previous one. The best
/// match found at a threshold is the best of all (retrieval is exact), and
/// a high threshold makes the candidate filter far more selective, so most
/// segments never pay for the search down to 50.
const THRESHOLDS: [u8; 2] = [75, LOWEST_BAND_SCORE];

/// Analyses `inputs`, in order (repetitions count from the first file on),
/// against the units of `snapshot` that pass `filter`. With
/// `join_paragraphs`, the segments of a run that a paragraph match
/// covers, and that `pretranslate --join-paragraphs --min-score 50`
/// would draft as one ([`joins`]), count in the band of that match (a
/// run holds no repetition: those take precedence).
pub fn analyze_texts(
    snapshot: &Snapshot,
    inputs: &[AnalysisInput],
    filter: &UnitFilter,
    join_paragraphs: bool,
) -> Result<Analysis, SuggestError> {
    let opts = |min_score: u8| SuggestOptions {
        limit: 1,
        min_score,
        exhaustive: false,
        filter: filter.clone(),
    };
    let mut seen: HashSet<String> = HashSet::new();
    let mut total = FileAnalysis::new(None, None);
    let mut files = Vec::with_capacity(inputs.len());
    for input in inputs {
        let segmented = Segmented::text(&input.text, input.lang);
        segmented.check_lengths()?;
        let queries = segmented.queries(0..segmented.len());
        let repeated: Vec<bool> = queries
            .iter()
            .map(|q| !seen.insert(collapse(&q.analyzed.text)))
            .collect();
        let mut best: Vec<Option<u8>> = vec![None; queries.len()];
        if join_paragraphs {
            // Every list whole at the lowest band, for the paragraph
            // matches; the best of each is what the searches below find.
            let opts = opts(LOWEST_BAND_SCORE);
            let lists = scored(snapshot, &queries, &opts)?;
            for (best, list) in best.iter_mut().zip(&lists) {
                *best = suggest::best_score(list);
            }
            let paragraph_matches = paragraphs(snapshot, &queries, &lists, &opts)?;
            for run in joins(&queries, &best, &paragraph_matches, |i| repeated[i]) {
                let score = Some(run.found.found.score);
                best[run.start..run.start + run.found.segments].fill(score);
            }
        } else {
            // A repetition only needs to know whether it is a context match.
            search(snapshot, &queries, &mut best, &opts(CONTEXT_MATCH), |i| {
                repeated[i]
            })?;
            for threshold in THRESHOLDS {
                search(snapshot, &queries, &mut best, &opts(threshold), |i| {
                    !repeated[i]
                })?;
            }
        }
        let mut file = FileAnalysis::new(Some(input.name.clone()), Some(input.lang));
        for ((query, score), repeated) in queries.iter().zip(best).zip(repeated) {
            let band = match Band::of_score(score) {
                Band::Context => Band::Context,
                _ if repeated => Band::Repetition,
                band => band,
            };
            let count = Count {
                segments: 1,
                words: words(&query.analyzed.text).len() as u64,
            };
            file.add(band, count);
            total.add(band, count);
        }
        files.push(file);
    }
    let first = inputs.first().map(|i| i.lang);
    if inputs.iter().all(|i| Some(i.lang) == first) {
        total.lang = first;
    }
    Ok(Analysis { files, total })
}

/// Searches, at `opts.min_score`, the queries `wanted` picks that have no
/// best score yet, and records the best score found.
fn search(
    snapshot: &Snapshot,
    queries: &[Query],
    best: &mut [Option<u8>],
    opts: &SuggestOptions,
    wanted: impl Fn(usize) -> bool,
) -> Result<(), SuggestError> {
    let picked: Vec<usize> = (0..queries.len())
        .filter(|&i| best[i].is_none() && wanted(i))
        .collect();
    if picked.is_empty() {
        return Ok(());
    }
    let subset: Vec<Query> = picked.iter().map(|&i| queries[i].clone()).collect();
    for (i, matches) in picked.into_iter().zip(suggest(snapshot, &subset, opts)?) {
        best[i] = matches.first().map(|m| m.score);
    }
    Ok(())
}
