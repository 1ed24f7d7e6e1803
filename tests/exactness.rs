//! The guard that keeps speed from costing exactness (SPEC §4): on a memory
//! of 20,000+ real pairs, `suggest` through the candidate filter returns
//! exactly what scoring every unit returns — the whole list of matches,
//! nothing cut by a limit, sentence entries and sentence keys of the
//! paragraph units included — for held-out sentences, variants of stored
//! ones, number-only and common-word sentences and whole articles (whose
//! segments find their neighbours: the 101 path), in both directions, at
//! thresholds 30 to 101 and under every filter; the filter's shortcut for
//! frequent tokens is shown to be taken; and the CLI's `--exhaustive` is
//! compared with its default once.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use tilmash::import::{import, ImportOptions, Source};
use tilmash::memory::{Memory, Snapshot};
use tilmash::suggest::{queries, scored, Match, Query, SuggestOptions};
use tilmash::text::{is_number, words, Lang};
use tilmash::unit::UnitFilter;

#[path = "support/rng.rs"]
mod rng;

use rng::Rng;

const CORPORA: &str = "../shared/data/corpora";
/// Imported as they are (no article, date or context).
const MEMORY_FILES: &[&str] = &[
    "wmt_newstest2012_mixed-orig.tsv",
    "wmt_newstest2013_mixed-orig.tsv",
    "wmt_newstest2014_mixed-orig.tsv",
    "wmt_newstest2015_mixed-orig.tsv",
    "wmt_newstest2017_mixed-orig.tsv",
    "wmt_newstest2018_mixed-orig.tsv",
];
/// Imported as articles of [`ARTICLE_LEN`] consecutive pairs, with
/// positions (hence context), dates and origins.
const ARTICLE_FILE: &str = "wmt_newstest2016_mixed-orig.tsv";
const ARTICLE_LEN: usize = 8;
/// Matches at 60 at least (else the test would prove little).
const FOUND60: usize = 400;
/// No limit: every match is compared.
const ALL: usize = usize::MAX;

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

/// What is compared: the unit, the scores, the target, and for a
/// sentence entry or key, its paragraph unit, bead and key language.
type Key = (
    String,
    u8,
    u8,
    bool,
    String,
    Option<(String, u32, Option<Lang>)>,
);

fn key(m: &Match) -> Key {
    (
        m.unit.id.to_string(),
        m.score,
        m.fuzzy,
        m.adapted,
        m.target.clone(),
        m.sentence_of
            .as_ref()
            .map(|of| (of.unit.to_string(), of.bead, of.key)),
    )
}

/// The oracle: every unit, sentence entry and sentence key scored, every
/// match at or above `min_score` (the whole list `suggest::scored` gives,
/// before keys are left out and each pair is listed once).
fn exhaustive(snapshot: &Snapshot, queries: &[Query], min_score: u8) -> Vec<Vec<Match>> {
    let opts = SuggestOptions {
        limit: ALL,
        min_score,
        exhaustive: true,
        ..SuggestOptions::default()
    };
    scored(snapshot, queries, &opts).expect("exhaustive")
}

/// Compares the filtered search at `min_score` under `filter` with the
/// oracle's matches (found at a threshold ≤ `min_score`, without a
/// filter) that reach `min_score` and pass `filter`: the exhaustive search
/// at `min_score` with `filter` is exactly those, in the same order.
/// Returns the number of matches and of those scoring 101.
fn check(
    snapshot: &Snapshot,
    queries: &[Query],
    oracle: &[Vec<Match>],
    min_score: u8,
    filter: &UnitFilter,
) -> (usize, usize) {
    let opts = SuggestOptions {
        limit: ALL,
        min_score,
        exhaustive: false,
        filter: filter.clone(),
    };
    let fast = scored(snapshot, queries, &opts).expect("suggest");
    let (mut found, mut context) = (0, 0);
    for ((q, fast), oracle) in queries.iter().zip(&fast).zip(oracle) {
        let want: Vec<Key> = oracle
            .iter()
            .filter(|m| m.score >= min_score && filter.accepts(&m.unit))
            .map(key)
            .collect();
        let got: Vec<Key> = fast.iter().map(key).collect();
        assert_eq!(
            got, want,
            "min-score {min_score}, {filter:?}: suggest and --exhaustive differ for {:?}",
            q.analyzed.text
        );
        found += got.len();
        context += fast.iter().filter(|m| m.score == 101).count();
    }
    (found, context)
}

/// Writes the article file as JSONL: articles of consecutive pairs with
/// positions, dates (every fifth undated) and two origins.
fn articles_jsonl(dir: &Path, pairs: &[(String, String)]) -> PathBuf {
    let path = dir.join("articles.jsonl");
    let mut out = std::io::BufWriter::new(std::fs::File::create(&path).expect("create"));
    for (i, (ru, en)) in pairs.iter().enumerate() {
        let k = i / ARTICLE_LEN;
        let mut unit = serde_json::json!({
            "ru": ru,
            "en": en,
            "article": format!("wmt16-{k}"),
            "position": i % ARTICLE_LEN,
            "origin": if k.is_multiple_of(2) { "wire" } else { "desk" },
        });
        if !k.is_multiple_of(5) {
            let day = 1 + k % 28;
            let month = 1 + (k / 28) % 12;
            unit["date"] = format!("2016-{month:02}-{day:02}").into();
        }
        writeln!(out, "{unit}").expect("write");
    }
    out.flush().expect("flush");
    path
}

/// The Russian or English text of article `k`, one paragraph per pair.
fn article_text(pairs: &[(String, String)], k: usize, lang: Lang) -> String {
    pairs[k * ARTICLE_LEN..(k + 1) * ARTICLE_LEN]
        .iter()
        .map(|(ru, en)| {
            if lang == Lang::Ru {
                ru.as_str()
            } else {
                en.as_str()
            }
        })
        .collect::<Vec<_>>()
        .join("\n\n")
}

fn date(s: &str) -> Option<tilmash::unit::Date> {
    Some(s.parse().expect("a date"))
}

#[test]
fn suggest_equals_exhaustive_on_real_pairs() {
    let dir = tempfile::tempdir().expect("tempdir");
    let memory_path = dir.path().join("mem");
    let memory = Memory::create(&memory_path).expect("create");
    let articles = pairs(ARTICLE_FILE);
    let mut sources: Vec<Source> = MEMORY_FILES
        .iter()
        .map(|f| Source::File(corpus(f)))
        .collect();
    sources.push(Source::File(articles_jsonl(dir.path(), &articles)));
    let summary =
        import(&memory, &sources, &ImportOptions::default(), &mut |_| {}).expect("import");
    assert!(
        summary.added >= 20_000,
        "only {} units imported",
        summary.added
    );
    memory.reload().expect("reload");
    let snapshot = memory.snapshot();

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
        if i.is_multiple_of(3) {
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
    // Number-only sentences of one to three numbers, taken from stored
    // sentences (all numbers share one index token: the most frequent).
    let numbers: Vec<String> = stored
        .iter()
        .flat_map(|(ru, _)| {
            words(ru)
                .into_iter()
                .map(|w| ru[w.start..w.end].to_string())
                .filter(|w| is_number(w))
                .collect::<Vec<_>>()
        })
        .take(200)
        .collect();
    assert!(numbers.len() >= 50, "{} numbers", numbers.len());
    for i in 0..20usize {
        let picked: Vec<&str> = (0..1 + i % 3)
            .map(|_| numbers[rng.below(numbers.len())].as_str())
            .collect();
        let lang = if i.is_multiple_of(2) {
            Lang::Ru
        } else {
            Lang::En
        };
        texts.push((format!("{}.", picked.join(" ")), lang));
    }
    let mut all: Vec<Query> = texts
        .iter()
        .map(|(t, lang)| Query::single(t, *lang))
        .collect();
    // Whole articles, segmented as `suggest` segments a text: each segment
    // with its neighbours, so that stored ones come back at 101. Every
    // third article with one sentence changed (its neighbours lose their
    // 101).
    for k in 0..24usize {
        let lang = if k.is_multiple_of(2) {
            Lang::Ru
        } else {
            Lang::En
        };
        let mut text = article_text(&articles, k * 7, lang);
        if k.is_multiple_of(3) {
            text = variant(&text, lang, &mut rng);
        }
        all.extend(queries(&text, lang));
    }
    // Stored paragraph units' texts, split as `suggest` splits a text:
    // each segment finds its unit's sentence key (and entries when the
    // alignment was confident).
    for (k, (ru, en)) in stored
        .iter()
        .filter(|(ru, en)| queries(ru, Lang::Ru).len() > 1 && queries(en, Lang::En).len() > 1)
        .take(20)
        .enumerate()
    {
        let (text, lang) = if k.is_multiple_of(2) {
            (ru, Lang::Ru)
        } else {
            (en, Lang::En)
        };
        all.extend(queries(text, lang));
    }
    assert!(all.len() >= 800, "{} queries", all.len());

    // The filter's shortcut (frequent tokens left unread) is taken on
    // some of these queries, so it is among what is compared.
    let shortcut = all
        .iter()
        .filter(|q| {
            snapshot
                .candidates(&q.analyzed, 60)
                .expect("candidates")
                .unread
                > 0
        })
        .count();
    assert!(
        shortcut >= 300,
        "the frequent-token shortcut was taken on only {shortcut} queries"
    );

    let oracle = exhaustive(&snapshot, &all, 50);
    let none = UnitFilter::default();
    let (found60, _) = check(&snapshot, &all, &oracle, 60, &none);
    assert!(
        found60 >= FOUND60,
        "only {found60} matches at 60: the test would prove little"
    );
    // Sentence entries and keys of the memory's paragraph units are among
    // what is compared.
    let sentence_of = |keys: bool| {
        oracle
            .iter()
            .flatten()
            .filter(|m| m.score >= 60)
            .filter(|m| m.sentence_of.as_ref().is_some_and(|of| of.is_key() == keys))
            .count()
    };
    let (entries60, keys60) = (sentence_of(false), sentence_of(true));
    eprintln!("at 60: {entries60} sentence entry matches, {keys60} sentence key matches");
    assert!(entries60 > 0 && keys60 > 0, "{entries60} {keys60}");
    let (found50, _) = check(&snapshot, &all, &oracle, 50, &none);
    let (found90, _) = check(&snapshot, &all, &oracle, 90, &none);
    let (at99, _) = check(&snapshot, &all, &oracle, 99, &none);
    let (at100, _) = check(&snapshot, &all, &oracle, 100, &none);
    let (at101, context) = check(&snapshot, &all, &oracle, 101, &none);
    eprintln!(
        "{} queries, shortcut taken on {shortcut}; matches at 50: {found50}, 60: {found60}, \
         90: {found90}, 99: {at99}, 100: {at100}, 101: {at101}",
        all.len()
    );
    assert!(at99 > at100 && at100 > at101, "{at99} {at100} {at101}");
    assert!(context >= 100, "only {context} context matches");
    assert_eq!(at101, context);

    // Filters: an article, an origin, date bounds (undated units fail
    // them), both bounds.
    let filters = [
        UnitFilter {
            article: Some("wmt16-7".into()),
            ..UnitFilter::default()
        },
        UnitFilter {
            origin: Some("desk".into()),
            ..UnitFilter::default()
        },
        UnitFilter {
            since: date("2016-06-01"),
            ..UnitFilter::default()
        },
        UnitFilter {
            until: date("2016-02-14"),
            ..UnitFilter::default()
        },
        UnitFilter {
            origin: Some("wire".into()),
            since: date("2016-03-01"),
            until: date("2016-09-30"),
            ..UnitFilter::default()
        },
    ];
    for filter in &filters {
        let (found, _) = check(&snapshot, &all, &oracle, 60, filter);
        eprintln!("{filter:?}: {found} matches at 60");
        assert!(found >= 5, "{filter:?}: only {found} matches");
    }

    // Low thresholds on part of the queries (long lists).
    let part = &all[200..320];
    let oracle = exhaustive(&snapshot, part, 30);
    let (found30, _) = check(&snapshot, part, &oracle, 30, &none);
    eprintln!("{found30} matches at 30 for {} queries", part.len());

    // The CLI: --exhaustive gives what the default gives, on whole articles.
    let text = (0..4)
        .map(|k| article_text(&articles, 3 + k * 11, Lang::Ru))
        .collect::<Vec<_>>()
        .join("\n\n");
    let file = dir.path().join("articles.txt");
    std::fs::write(&file, text).expect("write");
    let run = |extra: &[&str]| -> serde_json::Value {
        let out = Command::new(env!("CARGO_BIN_EXE_tilmash"))
            .arg("--memory")
            .arg(&memory_path)
            .args(["-q", "suggest", "--format", "json", "--no-glossary"])
            .args(["--limit", "50", "--min-score", "50"])
            .arg(&file)
            .args(extra)
            .env_remove("TILMASH_MEMORY")
            .output()
            .expect("tilmash runs");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).expect("JSON")
    };
    let default = run(&[]);
    assert_eq!(default, run(&["--exhaustive"]), "--exhaustive differs");
    let scores: Vec<u64> = default["segments"]
        .as_array()
        .expect("segments")
        .iter()
        .flat_map(|s| s["matches"].as_array().cloned().unwrap_or_default())
        .filter_map(|m| m["score"].as_u64())
        .collect();
    let context = scores.iter().filter(|&&s| s == 101).count();
    eprintln!("CLI: {} matches, {context} at 101", scores.len());
    assert!(context >= 16, "{scores:?}");
}
