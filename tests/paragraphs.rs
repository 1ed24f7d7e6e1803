//! Paragraph units (issue 14 item 4): a unit of several sentences keeps
//! each sentence of a side as a sentence key (for paragraph matching) and
//! its confident aligned beads as sentence entries (drafts).
//! On every multi-sentence unit of the project's corpora, in both
//! directions: the unit's own text finds the unit at 100 (a paragraph
//! match over its segments), the text with one word changed finds it at
//! its fuzzy score (`score::score` of the changed text against the unit's
//! source), and each sentence finds its aligned sentences; and on a
//! memory rich in such units, the default search gives exactly what
//! `--exhaustive` gives, sentence entries and paragraph matches included,
//! at several thresholds. The shares are printed for BENCHMARKS.md
//! ("Paragraph units": `cargo test --release --test paragraphs --
//! --nocapture`).

use std::path::{Path, PathBuf};

use tilmash::import::{import, ImportOptions, Source};
use tilmash::memory::{Memory, Snapshot};
use tilmash::suggest::{
    best, joins, paragraphs, queries, scored, Match, ParagraphMatch, Query, SuggestOptions,
};
use tilmash::text::{analyze, segment, words, Lang};
use tilmash::unit::Unit;

#[path = "support/rng.rs"]
mod rng;
#[path = "reliability/support.rs"]
#[allow(dead_code, unused_imports)]
mod support;

use rng::Rng;
use support::{corpora, corpus_files};

/// The files richest in multi-sentence units, for the exactness check
/// (scoring every unit for every query stays quick on them).
const RICH: &[&str] = &[
    "wmt24_wmttest2024_en-orig.tsv",
    "flores200_devtest.tsv",
    "tico19_test.tsv",
];
const MIN_SCORE: u8 = 60;
/// No limit: every match is compared.
const ALL: usize = usize::MAX;

fn memory_of(dir: &Path, files: &[PathBuf]) -> Memory {
    let memory = Memory::create(&dir.join("m")).expect("memory");
    let sources: Vec<Source> = files.iter().cloned().map(Source::File).collect();
    import(&memory, &sources, &ImportOptions::default(), &mut |_| {}).expect("import");
    memory.reload().expect("reload");
    memory
}

fn opts(min_score: u8, exhaustive: bool) -> SuggestOptions {
    SuggestOptions {
        limit: ALL,
        min_score,
        exhaustive,
        ..SuggestOptions::default()
    }
}

/// Every match and every paragraph match of `queries`.
fn found(
    snapshot: &Snapshot,
    queries: &[Query],
    opts: &SuggestOptions,
) -> (Vec<Vec<Match>>, Vec<Vec<ParagraphMatch>>) {
    let scored = scored(snapshot, queries, opts).expect("suggest");
    let paragraphs = paragraphs(snapshot, queries, &scored, opts).expect("paragraphs");
    (scored, paragraphs)
}

/// The units whose `lang` side holds several sentences.
fn paragraph_units(snapshot: &Snapshot, lang: Lang) -> Vec<Unit> {
    let mut units = Vec::new();
    snapshot
        .for_each_unit(|_, unit| {
            if segment(unit.side(lang), lang).len() > 1 {
                units.push(unit);
            }
            Ok(())
        })
        .expect("scan");
    units.sort_by_key(|u| u.id);
    units
}

/// `text` with one word changed (not a sentence's first, so that the
/// sentences stay as they were): replaced by another word of the text.
fn one_word_changed(text: &str, lang: Lang, rng: &mut Rng) -> Option<String> {
    let starts: Vec<usize> = segment(text, lang).iter().map(|s| s.start).collect();
    let ws = words(text);
    let inner: Vec<_> = ws
        .iter()
        .filter(|w| !starts.contains(&w.start) && w.end - w.start > 2)
        .collect();
    if inner.is_empty() {
        return None;
    }
    let w = inner[rng.below(inner.len())];
    let word = &text[w.start..w.end];
    let other = inner
        .iter()
        .map(|o| &text[o.start..o.end])
        .find(|o| o.to_lowercase() != word.to_lowercase())?;
    Some(format!("{}{}{}", &text[..w.start], other, &text[w.end..]))
}

#[derive(Default, Debug)]
struct Shares {
    units: usize,
    found_at_100: usize,
    changed: usize,
    changed_found: usize,
    sentences: usize,
    sentences_found: usize,
    /// Units each of whose sentences found its own entry (every sentence
    /// in a confident bead of its own), and of those, found at 100 and,
    /// changed, at their fuzzy score.
    aligned: usize,
    aligned_found: usize,
    aligned_changed: usize,
    aligned_changed_found: usize,
}

/// Whether the first segment's paragraph matches hold `unit` over all
/// `n` segments with `fuzzy`.
fn paragraph_found(paragraphs: &[Vec<ParagraphMatch>], unit: &Unit, n: usize, fuzzy: u8) -> bool {
    paragraphs.first().is_some_and(|first| {
        first
            .iter()
            .any(|p| p.found.unit.id == unit.id && p.segments == n && p.found.fuzzy == fuzzy)
    })
}

#[test]
fn paragraph_units_are_found_by_their_text_and_their_sentences() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let memory = memory_of(dir.path(), &corpus_files());
    let snapshot = memory.snapshot();
    let opts = opts(MIN_SCORE, false);
    for lang in [Lang::Ru, Lang::En] {
        let mut shares = Shares::default();
        let mut rng = Rng::new(14);
        for unit in paragraph_units(&snapshot, lang) {
            let source = unit.side(lang);
            let qs = queries(source, lang);
            if qs.len() < 2 {
                continue;
            }
            shares.units += 1;
            let (scored, paragraphs) = found(&snapshot, &qs, &opts);
            let at_100 = paragraph_found(&paragraphs, &unit, qs.len(), 100);
            shares.found_at_100 += usize::from(at_100);
            // Each sentence finds its aligned sentences, drafted from an
            // entry of this unit at 100.
            let mut drafted = 0;
            for matches in &scored {
                shares.sentences += 1;
                if matches.iter().any(|m| {
                    m.score >= 100
                        && m.sentence_of
                            .as_ref()
                            .is_some_and(|of| of.unit == unit.id && !of.is_key())
                }) {
                    drafted += 1;
                }
            }
            shares.sentences_found += drafted;
            let aligned = drafted == qs.len();
            shares.aligned += usize::from(aligned);
            shares.aligned_found += usize::from(aligned && at_100);
            let Some(changed) = one_word_changed(source, lang, &mut rng) else {
                continue;
            };
            let qs = queries(&changed, lang);
            shares.changed += 1;
            let want = tilmash::score::score(
                &analyze(&changed, lang),
                &analyze(source, lang),
                &analyze(unit.side(lang.other()), lang.other()),
                false,
            )
            .fuzzy;
            let (_, paragraphs) = found(&snapshot, &qs, &opts);
            let changed_found = paragraph_found(&paragraphs, &unit, qs.len(), want);
            shares.changed_found += usize::from(changed_found);
            shares.aligned_changed += usize::from(aligned);
            shares.aligned_changed_found += usize::from(aligned && changed_found);
        }
        let share = |a: usize, b: usize| a as f64 / b.max(1) as f64;
        let show = |a: usize, b: usize| format!("{a}/{b} ({:.1}%)", 100.0 * share(a, b));
        eprintln!(
            "{lang}→{}: {} units; own text at 100: {}; one word changed, at its fuzzy score: {}; \
             sentences drafted: {}; units whose every sentence has its entry: {}, of them at 100: \
             {}, changed at their fuzzy score: {}",
            lang.other(),
            shares.units,
            show(shares.found_at_100, shares.units),
            show(shares.changed_found, shares.changed),
            show(shares.sentences_found, shares.sentences),
            show(shares.aligned, shares.units),
            show(shares.aligned_found, shares.aligned),
            show(shares.aligned_changed_found, shares.aligned_changed),
        );
        // Every unit is found by its own text (its sentence keys, whatever
        // the alignment); with one word changed, what is missed is a
        // changed sentence that falls below 60 (BENCHMARKS.md). Drafts
        // come from confident beads only: units whose translation has
        // fewer sentences (one bead, no entry) and beads below 0.9 draft
        // none.
        assert!(shares.units > 1_000, "{shares:?}");
        assert_eq!(shares.found_at_100, shares.units, "{shares:?}");
        assert!(
            share(shares.changed_found, shares.changed) >= 0.93,
            "{shares:?}"
        );
        assert!(
            share(shares.sentences_found, shares.sentences) >= 0.65,
            "{shares:?}"
        );
        // A unit whose every sentence found its entry is found at 100.
        assert_eq!(shares.aligned_found, shares.aligned, "{shares:?}");
        assert!(
            share(shares.aligned_changed_found, shares.aligned_changed) >= 0.9,
            "{shares:?}"
        );
    }
}

/// What is compared: the unit, the score, the target, and where an entry
/// stands in its unit (or how many segments a paragraph match joins).
type Key = (
    String,
    u8,
    u8,
    String,
    Option<(String, u32, Option<Lang>)>,
    usize,
);

fn key(m: &Match, segments: usize) -> Key {
    (
        m.unit.id.to_string(),
        m.score,
        m.fuzzy,
        m.target.clone(),
        m.sentence_of
            .as_ref()
            .map(|of| (of.unit.to_string(), of.bead, of.key)),
        segments,
    )
}

/// The queries of texts made of `count` of the paragraph units of
/// `lang` (every fifth): each unit's text as it is, with a word changed,
/// and run together with the next unit's.
fn paragraph_queries(snapshot: &Snapshot, lang: Lang, count: usize, rng: &mut Rng) -> Vec<Query> {
    let units = paragraph_units(snapshot, lang);
    let mut texts = Vec::new();
    for (i, unit) in units.iter().enumerate().step_by(5).take(count) {
        let source = unit.side(lang).to_string();
        if let Some(changed) = one_word_changed(&source, lang, rng) {
            texts.push(changed);
        }
        if let Some(next) = units.get(i + 1) {
            texts.push(format!("{source} {}", next.side(lang)));
        }
        texts.push(source);
    }
    texts.iter().flat_map(|t| queries(t, lang)).collect()
}

/// The thresholds at which default and `--exhaustive` are compared,
/// lowest first.
const THRESHOLDS: [u8; 6] = [40, 60, 75, 90, 100, 101];

/// The lists `--exhaustive` gives at `min_score`, from those it gives at
/// a lower threshold: a match's score, fields and place do not depend on
/// the threshold (`AnalyzedUnit::score` drops it below, nothing more),
/// every unit and entry is scored in the same order, and [`scored`]
/// sorts stably by [`tilmash::suggest::rank`], so keeping the matches at
/// `min_score` or above keeps their order.
/// `exhaustive_lists_at_a_threshold_are_the_lowest_lists_filtered` checks it.
fn at_least(lists: &[Vec<Match>], min_score: u8) -> Vec<Vec<Match>> {
    lists
        .iter()
        .map(|ms| {
            ms.iter()
                .filter(|m| m.score >= min_score)
                .cloned()
                .collect()
        })
        .collect()
}

/// Default and `--exhaustive` agree on every match, sentence entries
/// included, and on every paragraph match, at thresholds 40 to 101: for
/// texts made of paragraph units (as they are, with a word changed, and
/// two units run together) and for their sentences alone.
#[test]
fn sentence_entries_and_paragraph_matches_equal_exhaustive() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let files: Vec<PathBuf> = RICH.iter().map(|f| corpora().join(f)).collect();
    let memory = memory_of(dir.path(), &files);
    let snapshot = memory.snapshot();
    let mut rng = Rng::new(4);
    for lang in [Lang::Ru, Lang::En] {
        let qs = paragraph_queries(&snapshot, lang, 60, &mut rng);
        // `--exhaustive` scores every unit for every query: once, at the
        // lowest threshold; each higher one filters those lists.
        let lowest = scored(&snapshot, &qs, &opts(THRESHOLDS[0], true)).expect("suggest");
        let (mut entries, mut sentence_keys, mut paragraph_matches, mut joined) = (0, 0, 0, 0);
        for min_score in THRESHOLDS {
            let (fast, fast_paragraphs) = found(&snapshot, &qs, &opts(min_score, false));
            let slow = at_least(&lowest, min_score);
            // Paragraph matches are not a filter (a run is read off the
            // lists at the threshold, then scored at it): found from
            // `--exhaustive`'s lists as `found` finds them.
            let slow_paragraphs =
                paragraphs(&snapshot, &qs, &slow, &opts(min_score, true)).expect("paragraphs");
            for (i, q) in qs.iter().enumerate() {
                let keys = |ms: &[Match]| ms.iter().map(|m| key(m, 0)).collect::<Vec<_>>();
                assert_eq!(
                    keys(&fast[i]),
                    keys(&slow[i]),
                    "{lang}, min-score {min_score}: suggest and --exhaustive differ for {:?}",
                    q.analyzed.text
                );
                let keys = |ps: &[ParagraphMatch]| {
                    ps.iter()
                        .map(|p| key(&p.found, p.segments))
                        .collect::<Vec<_>>()
                };
                assert_eq!(
                    keys(&fast_paragraphs[i]),
                    keys(&slow_paragraphs[i]),
                    "{lang}, min-score {min_score}: paragraph matches differ from {:?}",
                    q.analyzed.text
                );
                entries += fast[i].iter().filter(|m| m.sentence_of.is_some()).count();
                let is_key = |m: &Match| m.sentence_of.as_ref().is_some_and(|of| of.is_key());
                sentence_keys += fast[i].iter().filter(|m| is_key(m)).count();
                // Keys are for paragraph matching: never shown.
                assert!(!best(fast[i].clone(), ALL).iter().any(is_key));
                paragraph_matches += fast_paragraphs[i].len();
            }
            // The runs `--join-paragraphs` drafts as one are the same.
            let fast_runs = runs(&qs, &fast, &fast_paragraphs);
            assert_eq!(
                fast_runs,
                runs(&qs, &slow, &slow_paragraphs),
                "{lang}, min-score {min_score}: joined runs differ"
            );
            joined += fast_runs.len();
        }
        eprintln!("{lang}: {} queries, {entries} entry and key matches ({sentence_keys} keys), {paragraph_matches} paragraph matches compared, {joined} joined runs", qs.len());
        assert!(entries > 200, "{entries}");
        assert!(sentence_keys > 200, "{sentence_keys}");
        assert!(paragraph_matches > 100, "{paragraph_matches}");
        assert!(joined > 100, "{joined}");
    }
}

/// The runs `pretranslate --join-paragraphs` drafts as one
/// (`suggest::joins`) from `lists` and their paragraph matches: where
/// each starts, how many segments, which unit at which score.
fn runs(
    queries: &[Query],
    lists: &[Vec<Match>],
    paragraph_matches: &[Vec<ParagraphMatch>],
) -> Vec<(usize, usize, String, u8)> {
    let best_scores: Vec<Option<u8>> = lists
        .iter()
        .map(|ms| best(ms.clone(), 1).first().map(|m| m.score))
        .collect();
    joins(queries, &best_scores, paragraph_matches, |_| false)
        .into_iter()
        .map(|j| {
            let p = j.found;
            (
                j.start,
                p.segments,
                p.found.unit.id.to_string(),
                p.found.score,
            )
        })
        .collect()
}

/// What `at_least` assumes, checked on a sample of the queries of
/// `sentence_entries_and_paragraph_matches_equal_exhaustive`: at each
/// threshold, `--exhaustive` gives exactly (every field, in order) the
/// lists it gives at the lowest one filtered, and so the same paragraph
/// matches.
#[test]
fn exhaustive_lists_at_a_threshold_are_the_lowest_lists_filtered() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let memory = memory_of(dir.path(), &[corpora().join(RICH[0])]);
    let snapshot = memory.snapshot();
    let mut rng = Rng::new(4);
    for lang in [Lang::Ru, Lang::En] {
        let qs = paragraph_queries(&snapshot, lang, 6, &mut rng);
        let lowest = scored(&snapshot, &qs, &opts(THRESHOLDS[0], true)).expect("suggest");
        let mut compared = 0;
        for min_score in THRESHOLDS {
            let derived = at_least(&lowest, min_score);
            let (direct, direct_paragraphs) = found(&snapshot, &qs, &opts(min_score, true));
            let derived_paragraphs =
                paragraphs(&snapshot, &qs, &derived, &opts(min_score, true)).expect("paragraphs");
            assert_eq!(
                serde_json::to_value(&derived).expect("json"),
                serde_json::to_value(&direct).expect("json"),
                "{lang}, min-score {min_score}"
            );
            assert_eq!(
                serde_json::to_value(&derived_paragraphs).expect("json"),
                serde_json::to_value(&direct_paragraphs).expect("json"),
                "{lang}, min-score {min_score}"
            );
            compared += direct.iter().map(Vec::len).sum::<usize>();
        }
        assert!(compared > 100, "{lang}: {compared}");
    }
}

/// A paragraph unit whose sentences straddle the stream's batches (64
/// segments by default, 512 with `--exhaustive`) is found by both, and
/// the two streams give the same paragraph matches.
#[test]
fn a_paragraph_match_across_batches_is_found_as_exhaustive_finds_it() {
    use tilmash::glossary::Glossary;
    use tilmash::operations::suggest_stream;
    use tilmash::request::SuggestRequest;

    let dir = tempfile::tempdir().expect("a temporary folder");
    let memory = memory_of(dir.path(), &[corpora().join(RICH[0])]);
    let snapshot = memory.snapshot();
    let unit = paragraph_units(&snapshot, Lang::Ru)
        .into_iter()
        .find(|u| {
            let qs = queries(&u.ru, Lang::Ru);
            qs.len() == 3 && {
                let (_, paragraphs) = found(&snapshot, &qs, &opts(MIN_SCORE, false));
                paragraph_found(&paragraphs, u, 3, 100)
            }
        })
        .expect("a unit of three sentences found at 100");
    let glossary = Glossary::default();
    for first in [62, 63, 64] {
        // Sentences that find nothing, then the unit's at `first`.
        let filler: Vec<String> = (0..first).map(|i| format!("Щзщ {i}.")).collect();
        let text = format!("{} {}", filler.join(" "), unit.ru);
        let streams: Vec<Vec<(usize, usize, String)>> = [false, true]
            .into_iter()
            .map(|exhaustive| {
                let request = SuggestRequest {
                    exhaustive,
                    glossary: false,
                    ..SuggestRequest::text(text.clone())
                };
                suggest_stream(&snapshot, &glossary, &request)
                    .expect("stream")
                    .flat_map(|s| {
                        let s = s.expect("segment");
                        s.paragraph_matches
                            .iter()
                            .map(|p| (s.segment, p.segments, p.found.unit.id.to_string()))
                            .collect::<Vec<_>>()
                    })
                    .collect()
            })
            .collect();
        assert_eq!(
            streams[0],
            vec![(first + 1, 3, unit.id.to_string())],
            "unit at segment {}",
            first + 1
        );
        assert_eq!(streams[0], streams[1]);
    }
}

/// A memory of schema version 3 stays version 3 (an older tilmash reads
/// it) until the first commit holding a sentence entry and keys, which
/// makes it version 5 (an older tilmash refuses it rather than read an
/// entry as a damaged unit or show a key as a draft); it keeps opening
/// all along.
#[test]
fn the_manifest_becomes_version_5_with_the_first_sentence_entry() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("m");
    let manifest = path.join("tilmash-memory.json");
    Memory::create(&path).expect("memory");
    let text = std::fs::read_to_string(&manifest).expect("manifest");
    std::fs::write(
        &manifest,
        text.replace("\"schema_version\": 6", "\"schema_version\": 3"),
    )
    .expect("write");
    let version = || -> u64 {
        let text = std::fs::read_to_string(&manifest).expect("manifest");
        let json: serde_json::Value = serde_json::from_str(&text).expect("json");
        json["schema_version"].as_u64().expect("version")
    };
    assert_eq!(version(), 3);
    let import_pairs = |pairs: &str| {
        let file = dir.path().join("pairs.tsv");
        std::fs::write(&file, pairs).expect("write");
        let memory = Memory::open(&path).expect("open");
        import(
            &memory,
            &[Source::File(file)],
            &ImportOptions::default(),
            &mut |_| {},
        )
        .expect("import");
    };
    import_pairs("Одно предложение.\tOne sentence.\n");
    assert_eq!(version(), 3);
    import_pairs(
        "Инфляция составила 8,4%. Комиссия будет докладывать еженедельно.\t\
         Inflation stood at 8.4%. The commission will report every week.\n",
    );
    assert_eq!(version(), 5);
    let memory = Memory::open(&path).expect("open");
    assert_eq!(memory.snapshot().len(), 2);
}
