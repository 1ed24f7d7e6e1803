//! `glossary harvest` through the real binary on a small memory written
//! for the test (names in oblique cases only, a sentence-initial common
//! word, a renamed city, a two-word term, a name the glossary already
//! holds), and the reviewed TSV imported back with `glossary import`.
//!
//! The measure on the project's corpora (precision of the top 100 against
//! the judged list in `tests/fixtures/harvest_top100.tsv`, recall of the
//! name pairs seen at least 5 times, from `../shared/data/names.tsv` and a
//! short hand list) is `corpora_precision_and_recall`, ignored in the
//! normal suite (it imports 64,000 pairs); run it with
//! `cargo test --test glossary_harvest -- --ignored` (about 20 s: the dev
//! profile is optimized).

use std::collections::{HashMap, HashSet};
use std::path::Path;

use serde_json::Value;
use tilmash::glossary::{Entry, EntryRef, Glossary};
use tilmash::harvest::{harvest, HarvestOptions, Kind, Proposal};
use tilmash::import::{import, ImportOptions, Source};
use tilmash::memory::Memory;
use tilmash::text::{normalize, Lang};

mod common;
use common::Workspace;

/// (ru, en, date) of the small memory; every sentence written for this test.
const PAIRS: &[(&str, &str, &str)] = &[
    // Kosanov, only in oblique cases on the Russian side; the first
    // sentence starts with a common word the memory also has in lower case.
    (
        "Сторонники Косанова собрались у штаба.",
        "Kosanov's supporters gathered at the headquarters.",
        "2019-06-01",
    ),
    (
        "Журналисты задали Косанову три вопроса.",
        "Reporters asked Kosanov three questions.",
        "2019-06-02",
    ),
    (
        "Встреча с Косановым прошла в библиотеке.",
        "The meeting with Kosanov took place in the library.",
        "2019-06-03",
    ),
    (
        "Штаб Косанова открылся в понедельник.",
        "Kosanov's headquarters opened on Monday.",
        "2019-06-04",
    ),
    (
        "Его сторонники раздавали листовки.",
        "His supporters handed out leaflets.",
        "2019-06-05",
    ),
    (
        "Наши сторонники пришли рано.",
        "Our supporters came early.",
        "2019-06-06",
    ),
    // Kiev until 2019, Kyiv after: one source, two targets over time.
    (
        "В Киеве открылась выставка.",
        "An exhibition opened in Kiev.",
        "2015-04-10",
    ),
    (
        "Киев принял делегацию.",
        "Kiev received a delegation.",
        "2016-09-12",
    ),
    (
        "Из Киева прибыл поезд.",
        "A train arrived from Kiev.",
        "2018-02-20",
    ),
    (
        "В Киеве прошел марафон.",
        "A marathon was held in Kyiv.",
        "2020-10-04",
    ),
    (
        "Киев ответил на письмо.",
        "Kyiv answered the letter.",
        "2021-05-17",
    ),
    (
        "Делегация вернулась из Киева.",
        "The delegation returned from Kyiv.",
        "2022-11-30",
    ),
    ("В Киеве выпал снег.", "Snow fell in Kyiv.", "2023-01-09"),
    // Astana, Nur-Sultan between 2019 and 2022 in English.
    (
        "Форум прошел в Астане.",
        "The forum was held in Astana.",
        "2018-05-03",
    ),
    (
        "Астана встретила гостей.",
        "Astana welcomed the guests.",
        "2018-07-06",
    ),
    (
        "В Астане открыли мост.",
        "A bridge opened in Nur-Sultan.",
        "2020-06-10",
    ),
    (
        "Из Астаны вылетел самолет.",
        "A plane left Nur-Sultan.",
        "2021-03-02",
    ),
    (
        "Астана готовится к зиме.",
        "Nur-Sultan is getting ready for winter.",
        "2021-11-20",
    ),
    (
        "В Астане прошел саммит.",
        "A summit was held in Astana.",
        "2023-09-14",
    ),
    (
        "Астана празднует юбилей.",
        "Astana celebrates its anniversary.",
        "2024-07-06",
    ),
    // A two-word term in three cases.
    (
        "Банк сохранил базовую ставку.",
        "The bank kept its base rate.",
        "2022-01-24",
    ),
    (
        "Решение по базовой ставке отложено.",
        "The decision on the base rate was postponed.",
        "2022-03-05",
    ),
    (
        "Базовая ставка выросла до девяти процентов.",
        "The base rate rose to nine percent.",
        "2022-04-25",
    ),
    // A name the glossary holds on both sides.
    (
        "Токаев подписал указ.",
        "Tokayev signed a decree.",
        "2022-05-01",
    ),
    (
        "Токаеву показали проект.",
        "Tokayev was shown the project.",
        "2022-05-02",
    ),
    (
        "Токаев посетил завод.",
        "Tokayev visited a plant.",
        "2022-05-03",
    ),
];

/// A workspace whose memory is built from [`PAIRS`] and whose glossary
/// holds Tokayev.
fn workspace() -> Workspace {
    let ws = Workspace::empty();
    let mut seed = String::new();
    for (i, (ru, en, date)) in PAIRS.iter().enumerate() {
        let line =
            serde_json::json!({"ru": ru, "en": en, "date": date, "article": format!("a{i}")});
        seed.push_str(&line.to_string());
        seed.push('\n');
    }
    ws.file("seed.jsonl", seed);
    std::fs::create_dir_all(ws.path().join("glossaries")).unwrap();
    ws.file(
        "glossaries/people.tsv",
        "concept\tru\ten\tru_variants\ten_variants\tstatus\tvalid_from\tvalid_to\tpos\tdomain\tnote\n\
         person-tokayev\tТокаев\tTokayev\t\t\tpreferred\t\t\tpropn\tperson\tsurname-only form\n",
    );
    ws.file(
        "tilmash.toml",
        "memory = \"memories/main\"\nglossaries = \"glossaries\"\nseed = [\"seed.jsonl\"]\n",
    );
    ws
}

fn proposals(doc: &Value) -> Vec<&Value> {
    doc["proposals"]
        .as_array()
        .expect("proposals")
        .iter()
        .collect()
}

fn find<'a>(doc: &'a Value, ru: &str) -> Option<&'a Value> {
    proposals(doc).into_iter().find(|p| p["ru"] == ru)
}

#[test]
fn proposes_base_forms_targets_over_time_and_terms_but_not_known_names() {
    let ws = workspace();
    let doc = ws.json(&["glossary", "harvest", "--format", "json"]);
    assert_eq!(doc["units"], PAIRS.len());
    assert_eq!(
        doc["known"], 1,
        "Токаев / Tokayev is in the glossary: {doc:#}"
    );

    let kosanov = find(&doc, "Косанов").unwrap_or_else(|| panic!("no Косанов: {doc:#}"));
    assert_eq!(kosanov["en"], "Kosanov");
    assert_eq!(kosanov["kind"], "name");
    assert_eq!(kosanov["count"], 4);
    assert_eq!(kosanov["first_seen"], "2019-06-01");
    assert_eq!(kosanov["last_seen"], "2019-06-04");
    assert_eq!(kosanov["examples"].as_array().unwrap().len(), 2);
    assert_eq!(
        kosanov["examples"][0]["date"], "2019-06-04",
        "most recent example first"
    );
    for p in proposals(&doc) {
        let ru = p["ru"].as_str().unwrap();
        assert!(!ru.contains("Сторонник"), "a common word proposed: {p:#}");
        assert!(!ru.starts_with("Токаев"), "a known name proposed: {p:#}");
    }

    let kiev = find(&doc, "Киев").unwrap_or_else(|| panic!("no Киев: {doc:#}"));
    let targets: Vec<(String, String, String)> = kiev["targets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["term"].as_str().unwrap().to_string(),
                t["first_seen"].as_str().unwrap().to_string(),
                t["last_seen"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        targets,
        [
            ("Kyiv".into(), "2020-10-04".into(), "2023-01-09".into()),
            ("Kiev".into(), "2015-04-10".into(), "2018-02-20".into()),
        ],
        "{kiev:#}"
    );

    let astana = find(&doc, "Астана").unwrap_or_else(|| panic!("no Астана: {doc:#}"));
    assert_eq!(astana["en"], "Astana");
    let other = &astana["targets"][1];
    assert_eq!(other["term"], "Nur-Sultan", "{astana:#}");
    assert_eq!(other["first_seen"], "2020-06-10");
    assert_eq!(other["last_seen"], "2021-11-20");

    let rate = find(&doc, "базовая ставка").unwrap_or_else(|| panic!("no term: {doc:#}"));
    assert_eq!(rate["en"], "base rate");
    assert_eq!(rate["kind"], "term");
}

#[test]
fn options_filter_limit_and_refuse_bad_values() {
    let ws = workspace();
    let names = ws.json(&["glossary", "harvest", "--only", "name", "--format", "json"]);
    assert!(proposals(&names).iter().all(|p| p["kind"] == "name"));
    assert!(find(&names, "Косанов").is_some());
    let limited = ws.json(&["glossary", "harvest", "--limit", "1", "--format", "json"]);
    assert_eq!(proposals(&limited).len(), 1);
    // Since 2020 the memory shows Kyiv only: no change over time.
    let recent = ws.json(&[
        "glossary",
        "harvest",
        "--since",
        "2020-01-01",
        "--format",
        "json",
    ]);
    let kiev = find(&recent, "Киев").unwrap_or_else(|| panic!("{recent:#}"));
    assert_eq!(kiev["targets"].as_array().unwrap().len(), 1, "{kiev:#}");
    let (code, _, err) = ws.run(&["glossary", "harvest", "--min-count", "1"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--min-count 1"), "{err}");
}

#[test]
fn the_tsv_is_a_glossary_file_that_imports_after_review() {
    let ws = workspace();
    let (code, _, err) = ws.run(&["glossary", "harvest", "-o", "proposals.tsv"]);
    assert_eq!(code, 0, "{err}");
    let tsv = std::fs::read_to_string(ws.path().join("proposals.tsv")).unwrap();
    assert!(tsv.starts_with("concept\tru\ten\t"), "{tsv}");
    assert!(
        tsv.lines()
            .any(|l| l.starts_with("# ") && l.contains("Косанов")),
        "evidence in comments: {tsv}"
    );
    // The other target of Kiev is a commented-out row to keep or drop.
    assert!(
        tsv.lines()
            .any(|l| l.starts_with("#harvest-") && l.contains("\tKiev\t")),
        "{tsv}"
    );
    // The editor drops the term and imports the rest.
    let reviewed: String = tsv
        .lines()
        .filter(|l| !l.contains("базовая ставка"))
        .map(|l| format!("{l}\n"))
        .collect();
    ws.file("reviewed.tsv", reviewed);
    let (code, _, err) = ws.run(&[
        "glossary",
        "import",
        "reviewed.tsv",
        "--into",
        "harvested.tsv",
    ]);
    assert_eq!(code, 0, "{err}");
    let rows: Value =
        serde_json::from_str(&ws.ok(&["glossary", "list", "--format", "json"])).unwrap();
    let pairs: Vec<(String, String)> = rows
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["file"] == "harvested.tsv")
        .map(|r| {
            (
                r["ru"].as_str().unwrap().to_string(),
                r["en"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert!(
        pairs.contains(&("Косанов".into(), "Kosanov".into())),
        "{pairs:?}"
    );
    assert!(
        !pairs.iter().any(|(ru, _)| ru == "базовая ставка"),
        "{pairs:?}"
    );
    // Harvesting again proposes none of what was imported.
    let again = ws.json(&["glossary", "harvest", "--format", "json"]);
    assert!(find(&again, "Косанов").is_none(), "{again:#}");
}

// ---------------------------------------------------------------------
// The measure on the project's corpora.

const CORPORA: &str = "../shared/data/corpora";
const NAMES: &str = "../shared/data/names.tsv";
const FIXTURE: &str = "tests/fixtures/harvest_top100.tsv";
/// Name pairs seen in at least this many units are the recall's reference.
const REFERENCE_MIN_UNITS: usize = 5;
/// Names of world news that names.tsv (Central Asia) lacks.
const HAND_NAMES: &[(&str, &str)] = &[
    ("Путин", "Putin"),
    ("Трамп", "Trump"),
    ("Обама", "Obama"),
    ("Меркель", "Merkel"),
    ("Медведев", "Medvedev"),
    ("Байден", "Biden"),
    ("Лавров", "Lavrov"),
    ("Песков", "Peskov"),
    ("Эрдоган", "Erdogan"),
    ("Асад", "Assad"),
    ("Клинтон", "Clinton"),
    ("Назарбаев", "Nazarbayev"),
    ("Токаев", "Tokayev"),
    ("Москва", "Moscow"),
    ("Вашингтон", "Washington"),
    ("Лондон", "London"),
    ("Казахстан", "Kazakhstan"),
    ("Германия", "Germany"),
];

/// The pair files of the corpora (not the `.meta.tsv` files).
fn corpus_files() -> Vec<std::path::PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(CORPORA);
    let mut files: Vec<_> = std::fs::read_dir(&root)
        .expect("../shared/data/corpora")
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy().to_string();
            name.ends_with(".tsv") && !name.ends_with(".meta.tsv")
        })
        .collect();
    files.sort();
    files
}

fn corpus_pairs() -> Vec<(String, String)> {
    let mut pairs = Vec::new();
    for file in corpus_files() {
        let text = std::fs::read_to_string(&file).unwrap();
        pairs.extend(
            text.lines()
                .filter_map(|l| l.split_once('\t'))
                .map(|(ru, en)| (ru.to_string(), en.to_string())),
        );
    }
    pairs
}

/// The reference name pairs: rows of names.tsv and the hand list whose
/// two sides stand together (any inflected form, by the glossary's
/// recognition) in at least [`REFERENCE_MIN_UNITS`] pairs of the corpora.
fn reference(pairs: &[(String, String)]) -> Vec<(String, String, usize)> {
    let names = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(NAMES)).unwrap();
    let mut rows: Vec<(String, String)> = names
        .lines()
        .skip(1)
        .filter_map(|l| {
            let mut cols = l.split('\t');
            Some((cols.next()?.to_string(), cols.next()?.to_string()))
        })
        .filter(|(ru, en)| !ru.is_empty() && !en.is_empty())
        .collect();
    rows.extend(
        HAND_NAMES
            .iter()
            .map(|(ru, en)| (ru.to_string(), en.to_string())),
    );
    rows.sort();
    rows.dedup();
    let glossary = Glossary::new(rows.iter().enumerate().map(|(i, (ru, en))| {
        (
            Entry::new(&format!("ref-{i}"), ru, en),
            EntryRef {
                file: "reference".into(),
                line: i + 1,
            },
        )
    }));
    let date = tilmash::request::today();
    let mut counts: HashMap<String, usize> = HashMap::new();
    for (ru, en) in pairs {
        let concepts = |text: &str, lang: Lang| -> HashSet<String> {
            glossary
                .recognize(text, lang, date)
                .into_iter()
                .map(|h| h.concept)
                .collect()
        };
        let ru_found = concepts(ru, Lang::Ru);
        if ru_found.is_empty() {
            continue;
        }
        for concept in ru_found.intersection(&concepts(en, Lang::En)) {
            *counts.entry(concept.clone()).or_default() += 1;
        }
    }
    rows.iter()
        .enumerate()
        .filter_map(|(i, (ru, en))| {
            let n = counts.get(&format!("ref-{i}")).copied().unwrap_or(0);
            (n >= REFERENCE_MIN_UNITS).then(|| (ru.clone(), en.clone(), n))
        })
        .collect()
}

/// The judged list: (ru, en) → (verdict, reason).
fn judged() -> HashMap<(String, String), (bool, String)> {
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(FIXTURE))
        .expect("the judged list");
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .skip(1)
        .map(|l| {
            let cols: Vec<&str> = l.split('\t').collect();
            assert!(cols.len() >= 5, "{FIXTURE}: {l}");
            let verdict = match cols[3] {
                "correct" => true,
                "wrong" => false,
                other => panic!("{FIXTURE}: verdict `{other}` in {l}"),
            };
            (
                (cols[1].to_string(), cols[2].to_string()),
                (verdict, cols[4].to_string()),
            )
        })
        .collect()
}

#[test]
#[ignore = "imports the 64,000 pairs of ../shared/data/corpora; run with -- --ignored"]
fn corpora_precision_and_recall() {
    let pairs = corpus_pairs();
    assert!(pairs.len() > 60_000, "the corpora: {} pairs", pairs.len());
    let dir = tempfile::tempdir().unwrap();
    let memory = Memory::create(&dir.path().join("mem")).unwrap();
    let sources: Vec<Source> = corpus_files().into_iter().map(Source::File).collect();
    import(&memory, &sources, &ImportOptions::default(), &mut |_| {}).unwrap();
    memory.reload().unwrap();
    let found = harvest(
        &memory.snapshot(),
        &Glossary::default(),
        &HarvestOptions::default(),
        &mut |_| {},
    )
    .unwrap();

    // Precision of the top 100, by the judged list.
    let judged = judged();
    let top: Vec<&Proposal> = found.proposals.iter().take(100).collect();
    assert_eq!(top.len(), 100);
    let unjudged: Vec<String> = top
        .iter()
        .filter(|p| !judged.contains_key(&(p.ru.clone(), p.en.clone())))
        .map(|p| format!("{}\t{}\t{}", p.rank, p.ru, p.en))
        .collect();
    assert!(
        unjudged.is_empty(),
        "proposals of the top 100 not in {FIXTURE} (judge them and add them):\n{}",
        unjudged.join("\n")
    );
    let correct = top
        .iter()
        .filter(|p| judged[&(p.ru.clone(), p.en.clone())].0)
        .count();
    eprintln!("precision of the top 100: {correct}%");
    assert!(correct >= 90, "precision of the top 100: {correct}%");

    // Recall of the name pairs seen at least 5 times.
    let reference = reference(&pairs);
    assert!(reference.len() >= 15, "reference: {reference:?}");
    let proposed: HashSet<(String, String)> = found
        .proposals
        .iter()
        .filter(|p| p.kind == Kind::Name)
        .map(|p| (normalize(&p.ru), normalize(&p.en)))
        .collect();
    let missed: Vec<&(String, String, usize)> = reference
        .iter()
        .filter(|(ru, en, _)| !proposed.contains(&(normalize(ru), normalize(en))))
        .collect();
    let recall = 1.0 - missed.len() as f64 / reference.len() as f64;
    eprintln!(
        "recall: {:.3} of {} name pairs; missed: {missed:?}",
        recall,
        reference.len()
    );
    assert!(recall >= 0.8, "recall {recall:.3}; missed: {missed:?}");
}
