//! The guard that keeps speed from costing exactness (SPEC §4): on a memory
//! of 20,000+ real pairs, `suggest` through the candidate filter returns
//! exactly what scoring every unit returns, for held-out sentences and for
//! variants of stored ones, in both directions and at several thresholds.

use std::path::{Path, PathBuf};

use tilmash::import::{import, ImportOptions, Source};
use tilmash::memory::Memory;
use tilmash::suggest::{suggest, Match, Query, SuggestOptions};
use tilmash::text::{words, Lang};

#[path = "support/rng.rs"]
mod rng;

use rng::Rng;

const CORPORA: &str = "../shared/data/corpora";
const MEMORY_FILES: &[&str] = &[
    "wmt_newstest2012_mixed-orig.tsv",
    "wmt_newstest2013_mixed-orig.tsv",
    "wmt_newstest2014_mixed-orig.tsv",
    "wmt_newstest2015_mixed-orig.tsv",
    "wmt_newstest2016_mixed-orig.tsv",
    "wmt_newstest2017_mixed-orig.tsv",
    "wmt_newstest2018_mixed-orig.tsv",
];

fn corpus(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(CORPORA)
        .join(name)
}

fn pairs(name: &str) -> Vec<(String, String)> {
    let text = std::fs::read_to_string(corpus(name)).expect("corpus file readable");
    text.lines()
        .filter_map(|l| l.split_once('\t'))
        .map(|(ru, en)| (ru.to_string(), en.to_string()))
        .collect()
}

/// A variant of `text`: a word deleted, replaced, inflected or a number changed.
fn variant(text: &str, lang: Lang, rng: &mut Rng) -> String {
    let ws = words(text);
    if ws.is_empty() {
        return text.to_string();
    }
    let w = &ws[rng.below(ws.len())];
    let (before, word, after) = (&text[..w.start], &text[w.start..w.end], &text[w.end..]);
    match rng.below(4) {
        0 => format!("{before}{}", after.trim_start()),
        1 => {
            let other = &ws[rng.below(ws.len())];
            format!("{before}{}{after}", &text[other.start..other.end])
        }
        2 => {
            // Inflect: change the ending the way a case or number would.
            let stem: String = {
                let chars: Vec<char> = word.chars().collect();
                chars[..chars.len().saturating_sub(1).max(1)]
                    .iter()
                    .collect()
            };
            let ending = match lang {
                Lang::Ru => ["е", "а", "ом", "ы", "ах"][rng.below(5)],
                Lang::En => ["s", "ed", "ing", "'s", "er"][rng.below(5)],
            };
            format!("{before}{stem}{ending}{after}")
        }
        _ => {
            let number = ws
                .iter()
                .find(|w| text[w.start..w.end].starts_with(|c: char| c.is_ascii_digit()));
            match number {
                Some(n) => format!(
                    "{}{}{}",
                    &text[..n.start],
                    1 + rng.below(2030),
                    &text[n.end..]
                ),
                None => format!("{before}{} {word}{after}", 1 + rng.below(99)),
            }
        }
    }
}

fn key(matches: &[Match]) -> Vec<(String, u8, u8, bool, String)> {
    matches
        .iter()
        .map(|m| {
            (
                m.unit.id.to_string(),
                m.score,
                m.fuzzy,
                m.adapted,
                m.target.clone(),
            )
        })
        .collect()
}

fn check(memory: &Memory, queries: &[Query], min_score: u8, limit: usize) -> usize {
    let snapshot = memory.snapshot();
    let fast = SuggestOptions {
        limit,
        min_score,
        ..SuggestOptions::default()
    };
    let slow = SuggestOptions {
        exhaustive: true,
        ..fast.clone()
    };
    let a = suggest(&snapshot, queries, &fast).expect("suggest");
    let b = suggest(&snapshot, queries, &slow).expect("exhaustive");
    let mut found = 0;
    for ((q, a), b) in queries.iter().zip(&a).zip(&b) {
        assert_eq!(
            key(a),
            key(b),
            "min-score {min_score}: suggest and --exhaustive differ for {:?}",
            q.analyzed.text
        );
        found += a.len();
    }
    found
}

#[test]
fn suggest_equals_exhaustive_on_real_pairs() {
    let dir = tempfile::tempdir().expect("tempdir");
    let memory = Memory::create(&dir.path().join("mem")).expect("create");
    let sources: Vec<Source> = MEMORY_FILES
        .iter()
        .map(|f| Source::File(corpus(f)))
        .collect();
    let summary =
        import(&memory, &sources, &ImportOptions::default(), &mut |_| {}).expect("import");
    assert!(
        summary.added >= 20_000,
        "only {} units imported",
        summary.added
    );
    memory.reload().expect("reload");

    let mut rng = Rng(0x7411_5a5e_d00d_f00d);
    let stored = pairs(MEMORY_FILES[3]);
    let held_out = pairs("wmt_newstest2019_ru-orig.tsv");
    let mut texts: Vec<(String, Lang)> = Vec::new();
    // Held-out sentences: real text the memory has never seen.
    for i in 0..100 {
        let (ru, en) = &held_out[(i * 17) % held_out.len()];
        texts.push((ru.clone(), Lang::Ru));
        texts.push((en.clone(), Lang::En));
    }
    // Variants of stored sentences: a word deleted, replaced, inflected,
    // a number changed; some twice over.
    for i in 0..150 {
        let (ru, en) = &stored[(i * 29 + 7) % stored.len()];
        let (mut ru, mut en) = (
            variant(ru, Lang::Ru, &mut rng),
            variant(en, Lang::En, &mut rng),
        );
        if i % 3 == 0 {
            ru = variant(&ru, Lang::Ru, &mut rng);
            en = variant(&en, Lang::En, &mut rng);
        }
        texts.push((ru, Lang::Ru));
        texts.push((en, Lang::En));
    }
    // One to three words, exact copies, 60-word runs, common words only.
    for i in 0..30 {
        let (ru, en) = &stored[(i * 53 + 11) % stored.len()];
        let short: Vec<&str> = ru.split_whitespace().take(1 + i % 3).collect();
        texts.push((short.join(" "), Lang::Ru));
        let short: Vec<&str> = en.split_whitespace().take(1 + i % 3).collect();
        texts.push((short.join(" "), Lang::En));
        texts.push((en.clone(), Lang::En));
    }
    for i in 0..10 {
        let start = (i * 97) % (stored.len() - 4);
        let joined: Vec<&str> = (start..start + 4).map(|j| stored[j].0.as_str()).collect();
        let joined = joined.join(" ");
        let long: Vec<&str> = joined.split_whitespace().take(60).collect();
        texts.push((variant(&long.join(" "), Lang::Ru, &mut rng), Lang::Ru));
    }
    let common_ru = ["в", "и", "на", "не", "что", "с", "по", "это", "он", "как"];
    let common_en = [
        "the", "of", "and", "to", "in", "a", "is", "that", "it", "was",
    ];
    for i in 0..10 {
        let pick = |list: &[&str], rng: &mut Rng| -> String {
            (0..3 + i % 5)
                .map(|_| list[rng.below(list.len())])
                .collect::<Vec<_>>()
                .join(" ")
        };
        texts.push((pick(&common_ru, &mut rng), Lang::Ru));
        texts.push((pick(&common_en, &mut rng), Lang::En));
    }
    let all: Vec<Query> = texts
        .iter()
        .map(|(t, lang)| Query::single(t, *lang))
        .collect();
    assert!(all.len() >= 500, "{} queries", all.len());
    let found60 = check(&memory, &all, 60, 5);
    assert!(
        found60 >= 200,
        "only {found60} matches at 60: the test would prove little"
    );
    check(&memory, &all[200..320], 30, 5);
    check(&memory, &all, 90, 3);
}
