//! `pretranslate`, `analyze`, `concordance` and `export`: the real binary
//! in a temporary copy of the bundled workspace (snapshots of what users
//! see, hand-worked figures), the XLIFF 2.0 output checked against the
//! core specification's structural rules, and concordance retrieval
//! compared with a scan of every unit.

use std::collections::{HashMap, HashSet};

use quick_xml::events::Event;
use serde_json::Value;

mod common;
use common::{redact, Workspace};

/// A short article of our own: an adapted number, an exact match, the same
/// sentence twice, and a sentence the memory cannot know.
const ARTICLE: &str = "Инфляция в Казахстане в мае составила 8,4%. \
Продовольственные товары за год подорожали на 9,5%.\n\n\
Подробности уточняются. Подробности уточняются. \
Жираф в зоопарке Караганды отметил день рождения тортом из моркови.\n";

// ---------------------------------------------------------------- export

#[test]
fn export_tmx_holds_every_unit_with_every_field() {
    let ws = Workspace::bundled().with_glossaries();
    let (code, out, err) = ws.run(&["export", "--format", "tmx"]);
    assert_eq!(code, 0, "{err}");
    // 427 pairs in memories/main.jsonl, 4 of them repeats of a pair in
    // another article: 423 units, written once per place (README).
    assert_eq!(out.matches("<tu ").count(), 427);
    assert_eq!(out.matches("<tuv xml:lang=\"ru\">").count(), 427);
    assert_eq!(out.matches("<tuv xml:lang=\"en\">").count(), 427);
    assert!(
        err.contains("exported 423 units to standard output (427 records, one per place)"),
        "{err}"
    );
    // The first line of the file, with all its metadata.
    let tu = out
        .split("<tu ")
        .find(|tu| tu.contains("<prop type=\"x-article\">kz-2018-astana-capital-day</prop>\n      <prop type=\"x-position\">0</prop>"))
        .expect("the first unit of the first article");
    for field in [
        "<prop type=\"x-date\">2018-07-06</prop>",
        "<prop type=\"x-origin\">tilmash-demo</prop>",
        "<prop type=\"x-tags\">society</prop>",
        "<prop type=\"x-tags\">astana</prop>",
        "<prop type=\"x-context-prev-ru\">",
        "<prop type=\"x-context-next-en\">",
        "creationdate=\"",
        "<seg>«Астане — 20 лет»: столица отмечает юбилей</seg>",
    ] {
        assert!(tu.contains(field), "{field} missing in {tu}");
    }
}

#[test]
fn export_jsonl_of_one_article_and_date_filters() {
    let ws = Workspace::bundled().with_glossaries();
    let out = ws.ok(&[
        "export",
        "--format",
        "jsonl",
        "--article",
        "kz-2021-inflation-may",
    ]);
    let mut units: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect();
    units.iter_mut().for_each(redact);
    units.sort_by_key(|u| u["position"].as_u64());
    insta::assert_json_snapshot!(units);

    // 2018 holds the articles dated 2018-…: count them from the seed file.
    let seed = std::fs::read_to_string(ws.path().join("memories/main.jsonl")).expect("seed");
    let in_2018: HashSet<(String, String)> = seed
        .lines()
        .filter(|l| l.contains("\"date\": \"2018-"))
        .map(|l| {
            let v: Value = serde_json::from_str(l).expect("seed line");
            (v["ru"].to_string(), v["en"].to_string())
        })
        .collect();
    let out = ws.ok(&[
        "export",
        "--format",
        "tsv",
        "--since",
        "2018-01-01",
        "--until",
        "2018-12-31",
    ]);
    assert_eq!(
        out.lines().count(),
        in_2018.len() + 1,
        "header + one line per unit"
    );
    assert!(out.starts_with(
        "ru\ten\tarticle\tposition\tdate\torigin\tnote\ttags\tcreated\tchanged\tprev_ru"
    ));
}

#[test]
fn export_to_a_file_is_atomic() {
    let ws = Workspace::bundled().with_glossaries();
    let (code, out, err) = ws.run(&["export", "-o", "backup.jsonl"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.is_empty(), "data went to the file");
    assert!(err.contains("exported 423 units to backup.jsonl"), "{err}");
    let text = std::fs::read_to_string(ws.path().join("backup.jsonl")).expect("written");
    assert_eq!(text.lines().count(), 427, "the extension chose JSONL");
    let leftovers: Vec<_> = std::fs::read_dir(ws.path())
        .expect("dir")
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");

    // A folder that does not exist: an error naming it, nothing written.
    let (code, _, err) = ws.run(&["export", "-o", "missing/out.tmx"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("missing/out.tmx: the folder missing does not exist"),
        "{err}"
    );
    // Re-importing the export into a new memory gives the same units.
    let (code, out, err) = ws.run(&["--memory", "copy", "import", "backup.jsonl"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("423 added, 4 new occurrences, 0 unchanged, 0 skipped"),
        "{out}"
    );
}

// ------------------------------------------------------------ inline tags

/// A TMX as CAT tools write it: Trados Studio's empty `<bpt>`/`<ept>`/`<ph>`
/// (the formatting lives in the tool) and memoQ's with the native code
/// inside (`&lt;b&gt;`), a `<hi>` span, and an `<it>` cut off by the
/// segmentation.
const TAGGED_TMX: &str = r##"<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4">
  <header creationtool="SDL Language Platform" creationtoolversion="8.0" o-tmf="SDL TM8 Format" datatype="xml" segtype="sentence" adminlang="en-US" srclang="ru-RU"/>
  <body>
    <tu creationdate="20240115T101500Z">
      <tuv xml:lang="ru-RU"><seg>Президент <bpt i="1" x="1" type="bold"/>Токаев<ept i="1"/> подписал указ<ph x="2" type="lb"/> о выборах.</seg></tuv>
      <tuv xml:lang="en-US"><seg>President <bpt i="1" x="1" type="bold"/>Tokayev<ept i="1"/> signed a decree<ph x="2" type="lb"/> on the elections.</seg></tuv>
    </tu>
    <tu creationdate="20240116T090000Z">
      <tuv xml:lang="ru"><seg>Инфляция <bpt i="1">&lt;b&gt;</bpt>в мае<ept i="1">&lt;/b&gt;</ept> составила <hi type="italic">8,4%</hi>.<it pos="begin" x="3">&lt;a href="#1"&gt;</it></seg></tuv>
      <tuv xml:lang="en"><seg>Inflation stood at <hi type="italic">8.4%</hi> <bpt i="1">&lt;b&gt;</bpt>in May<ept i="1">&lt;/b&gt;</ept>.<it pos="begin" x="3">&lt;a href="#1"&gt;</it></seg></tuv>
    </tu>
  </body>
</tmx>
"##;

/// The `<seg>` contents of a TMX, in order.
fn segs(tmx: &str) -> Vec<&str> {
    tmx.split("<seg>")
        .skip(1)
        .filter_map(|s| s.split("</seg>").next())
        .collect()
}

/// Issue 16 item 2: inline tags no longer block matches. A tagged TMX
/// imports with its tags as numbered codes; its plain text matches at 100
/// (no tag penalty: tilmash follows OmegaT); the target keeps the codes in
/// place; TMX export writes them back tag for tag, through a JSONL round
/// trip too, and XLIFF writes them as its own inline elements.
#[test]
fn a_tagged_tmx_matches_its_plain_text_and_exports_tag_for_tag() {
    let ws = Workspace::empty();
    let tmx = ws.file("tagged.tmx", TAGGED_TMX);
    let tmx = tmx.to_str().expect("path");
    let (code, out, err) = ws.run(&["--memory", "m", "import", tmx]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("2 added"), "{out}");

    let text = "Президент Токаев подписал указ о выборах. Инфляция в мае составила 8,4%.";
    let value = ws.json(&[
        "--memory", "m", "suggest", "--text", text, "--format", "json",
    ]);
    let first = &value["segments"][0]["matches"][0];
    assert_eq!(first["score"], 100, "{value}");
    assert_eq!(
        first["target"],
        "President {1}Tokayev{/1} signed a decree{2/} on the elections."
    );
    assert_eq!(first["source"], "Президент Токаев подписал указ о выборах.");
    assert!(
        first["diff"]
            .as_array()
            .expect("diff")
            .iter()
            .all(|e| e["op"] == "equal"),
        "{first}"
    );
    assert_eq!(
        first["unit"]["ru"],
        "Президент {1}Токаев{/1} подписал указ{2/} о выборах."
    );
    assert_eq!(
        first["unit"]["inline"]["ru"][0]["xml"],
        "<bpt i=\"1\" x=\"1\" type=\"bold\"/>"
    );
    let second = &value["segments"][1]["matches"][0];
    assert_eq!(second["score"], 100, "{value}");
    assert_eq!(
        second["target"],
        "Inflation stood at {1}8.4%{/1} {2}in May{/2}.{3/}"
    );
    let (_, shown, _) = ws.run(&["--memory", "m", "suggest", "--text", text]);
    assert!(
        shown.contains("100  President {1}Tokayev{/1} signed a decree{2/} on the elections."),
        "{shown}"
    );

    // Export writes the very elements that were read.
    let exported = ws.ok(&["--memory", "m", "export", "--format", "tmx"]);
    let mut want = segs(TAGGED_TMX);
    let mut got = segs(&exported);
    want.sort_unstable();
    got.sort_unstable();
    assert_eq!(got, want, "{exported}");

    // JSONL shows the codes and carries their XML: it imports back to the
    // same units.
    let jsonl = ws.ok(&["--memory", "m", "export", "--format", "jsonl"]);
    assert!(
        jsonl.contains("Президент {1}Токаев{/1} подписал указ{2/} о выборах."),
        "{jsonl}"
    );
    let back = ws.file("back.jsonl", &jsonl);
    let (code, out, err) = ws.run(&["--memory", "n", "import", back.to_str().expect("path")]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("2 added"), "{out}");
    let again = ws.ok(&["--memory", "n", "export", "--format", "tmx"]);
    let mut again = segs(&again);
    again.sort_unstable();
    assert_eq!(again, want);
    let ids = |export: &str| -> Vec<String> {
        let mut ids: Vec<String> = export
            .lines()
            .map(|l| serde_json::from_str::<Value>(l).expect("json")["id"].to_string())
            .collect();
        ids.sort_unstable();
        ids
    };
    let jsonl_again = ws.ok(&["--memory", "n", "export", "--format", "jsonl"]);
    assert_eq!(ids(&jsonl_again), ids(&jsonl), "same units, same ids");

    // XLIFF: the candidates carry the codes as inline elements; the draft
    // of a text without tags has none.
    ws.file("article.txt", "Президент Токаев подписал указ о выборах.\n");
    let xliff2 = ws.ok(&[
        "--memory",
        "m",
        "pretranslate",
        "article.txt",
        "--format",
        "xliff2",
    ]);
    assert!(
        xliff2.contains("<target><sc id=\"m1-1\"/>Tokayev<ec startRef=\"m1-1\"/> signed a decree<ph id=\"m1-2\"/> on the elections.</target>")
            || xliff2.contains("<target>President <sc id=\"m1-1\"/>Tokayev<ec startRef=\"m1-1\"/> signed a decree<ph id=\"m1-2\"/> on the elections.</target>"),
        "{xliff2}"
    );
    assert!(
        xliff2.contains("<target>President Tokayev signed a decree on the elections.</target>"),
        "{xliff2}"
    );
    let xliff12 = ws.ok(&[
        "--memory",
        "m",
        "pretranslate",
        "article.txt",
        "--format",
        "xliff12",
    ]);
    assert!(
        xliff12.contains("<target>President <bpt id=\"1\"></bpt>Tokayev<ept id=\"1\"></ept> signed a decree<ph id=\"2\"></ph> on the elections.</target>"),
        "{xliff12}"
    );
}

// ----------------------------------------------------------- concordance

#[test]
fn concordance_text_finds_inflected_forms_in_context() {
    let ws = Workspace::bundled().with_glossaries();
    let out = ws.ok(&["concordance", "выборы", "--limit", "4"]);
    insta::assert_snapshot!(out);
    // Every line shows a form of выборы in brackets, at one column.
    let columns: HashSet<usize> = out
        .lines()
        .filter(|l| l.contains('['))
        .map(|l| l.chars().position(|c| c == '[').unwrap_or(0))
        .collect();
    assert_eq!(columns.len(), 1, "hits aligned: {out}");
    assert!(out.contains("[выборах]"), "inflected form found: {out}");
}

#[test]
fn concordance_json_and_english() {
    let ws = Workspace::bundled().with_glossaries();
    let value = ws.json(&["concordance", "базовую ставку", "--format", "json"]);
    insta::assert_json_snapshot!(value);
    // The phrase in any case form, always adjacent.
    for hit in value["hits"].as_array().expect("hits") {
        let text = hit["text"].as_str().expect("text");
        let kwic = hit["kwic"]["hit"].as_str().expect("hit").to_lowercase();
        assert!(
            kwic.starts_with("базов") && kwic.contains(" ставк"),
            "{kwic}"
        );
        assert!(text.contains(hit["kwic"]["hit"].as_str().unwrap_or("?")));
    }
    let value = ws.json(&[
        "concordance",
        "early elections",
        "--format",
        "json",
        "--lang",
        "en",
    ]);
    // "early election" and "early elections" both match; "elections were early" would not.
    let hits: Vec<&str> = value["hits"]
        .as_array()
        .expect("hits")
        .iter()
        .map(|h| h["kwic"]["hit"].as_str().unwrap_or(""))
        .collect();
    assert!(hits.contains(&"early election"), "{hits:?}");
    assert!(hits.contains(&"early elections"), "{hits:?}");
}

#[test]
fn concordance_errors() {
    let ws = Workspace::bundled().with_glossaries();
    // Usage errors (exit 2): the phrase's language cannot be told, or it
    // has no words.
    let (code, _, err) = ws.run(&["concordance", "2019"]);
    assert_eq!(code, 2);
    assert!(err.contains("pass --lang ru or --lang en"), "{err}");
    let (code, _, err) = ws.run(&["concordance", "—", "--lang", "ru"]);
    assert_eq!(code, 2);
    assert!(err.contains("has no words"), "{err}");
    let (code, out, _) = ws.run(&[
        "concordance",
        "2019",
        "--lang",
        "ru",
        "--limit",
        "0",
        "--format",
        "tsv",
    ]);
    assert_eq!(code, 0);
    let mut lines = out.lines();
    assert_eq!(
        lines.next(),
        Some("id\tlang\tleft\thit\tright\ttext\ttranslation\tarticle\tposition\tdate")
    );
    let rows: Vec<(&str, &str, &str)> = lines
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            assert_eq!(f.len(), 10, "{l}");
            (f[3], f[7], f[9])
        })
        .collect();
    // Every Russian unit of the bundled memory that holds 2019, most
    // recent first.
    assert_eq!(
        rows,
        [
            ("2019", "kz-2022-09-astana-returns", "2022-09-17"),
            ("2019", "kz-2020-senate-speaker", "2020-05-04"),
            ("2019", "kz-2019-snap-election-called", "2019-04-09"),
        ]
    );
}

#[test]
fn concordance_filters_and_width() {
    let ws = Workspace::bundled();
    let articles = |extra: &[&str]| -> Vec<String> {
        let mut args = vec!["concordance", "2019", "--lang", "ru", "--format", "json"];
        args.extend_from_slice(extra);
        let value = ws.json(&args);
        value["hits"]
            .as_array()
            .expect("hits")
            .iter()
            .map(|h| h["unit"]["article"].as_str().unwrap_or("").to_string())
            .collect()
    };
    let (astana, senate, election) = (
        "kz-2022-09-astana-returns",
        "kz-2020-senate-speaker",
        "kz-2019-snap-election-called",
    );
    assert_eq!(articles(&[]), [astana, senate, election]);
    assert_eq!(articles(&["--since", "2020-05-04"]), [astana, senate]);
    assert_eq!(articles(&["--until", "2020-05-04"]), [senate, election]);
    assert_eq!(
        articles(&["--since", "2020-01-01", "--until", "2021-12-31"]),
        [senate]
    );
    assert_eq!(articles(&["--article", election]), [election]);
    assert_eq!(
        articles(&["--origin", "tilmash-demo", "--limit", "2"]),
        [astana, senate]
    );
    assert!(articles(&["--origin", "nowhere"]).is_empty());

    // --width: at most that many characters of context on each side, an
    // ellipsis where the text was cut.
    for width in [10usize, 40] {
        let value = ws.json(&[
            "concordance",
            "2019",
            "--lang",
            "ru",
            "--format",
            "json",
            "--width",
            &width.to_string(),
        ]);
        let lefts: Vec<String> = value["hits"]
            .as_array()
            .expect("hits")
            .iter()
            .map(|h| h["kwic"]["left"].as_str().unwrap_or("").to_string())
            .collect();
        let want: &[&str] = if width == 10 {
            &["… с марта ", "… с марта ", "…в 9 июня "]
        } else {
            &[
                "Город носил название Нур-Султан с марта ",
                "…та, возглавляла верхнюю палату с марта ",
                "…очередных президентских выборов 9 июня ",
            ]
        };
        assert_eq!(lefts, want, "--width {width}");
        assert!(lefts.iter().all(|l| l.chars().count() <= width));
    }
    let (code, _, err) = ws.run(&["concordance", "2019", "--lang", "ru", "--width", "2"]);
    assert_eq!(code, 2, "{err}");
}

/// Retrieval by postings finds exactly what reading every unit finds.
#[test]
fn concordance_equals_a_scan_of_every_unit() {
    use tilmash::memory::{occurrences, ConcordanceOptions, Memory};
    use tilmash::text::{analyze, Lang};

    let ws = Workspace::bundled().with_glossaries();
    ws.ok(&["stats"]); // builds the memory
    let memory = Memory::open(&ws.path().join("memories/main")).expect("memory");
    let phrases = [
        ("выборы", Lang::Ru),
        ("в Нур-Султане", Lang::Ru),
        ("Токаев", Lang::Ru),
        ("9,5%", Lang::Ru),
        ("базовую ставку до", Lang::Ru),
        ("the", Lang::En),
        ("election", Lang::En),
        ("of the", Lang::En),
        ("National Bank of Kazakhstan", Lang::En),
        ("2019", Lang::En),
        ("2019", Lang::Ru),
        ("в 2019 году", Lang::Ru),
        ("1,5", Lang::Ru),
        ("жираф", Lang::Ru),
    ];
    let all = every_unit(&memory);
    for (phrase, lang) in phrases {
        let phrase = analyze(phrase, lang);
        let found = memory
            .concordance(&phrase, &ConcordanceOptions::default())
            .expect("concordance");
        let got: HashMap<String, Vec<(usize, usize)>> = found
            .hits
            .iter()
            .map(|h| (h.unit.id.to_string(), h.spans.clone()))
            .collect();
        let want: HashMap<String, Vec<(usize, usize)>> = all
            .iter()
            .map(|u| {
                (
                    u.id.to_string(),
                    occurrences(&phrase, &analyze(u.side(lang), lang)),
                )
            })
            .filter(|(_, spans)| !spans.is_empty())
            .collect();
        assert_eq!(got, want, "{}", phrase.text);
        assert_eq!(found.total, Some(want.len() as u64), "{}", phrase.text);
        // Most recent first, undated last.
        let dates: Vec<_> = found.hits.iter().map(|h| h.unit.meta.date).collect();
        for pair in dates.windows(2) {
            let in_order = match (pair[0], pair[1]) {
                (Some(a), Some(b)) => a >= b,
                (None, Some(_)) => false,
                _ => true,
            };
            assert!(in_order, "{}: {pair:?}", phrase.text);
        }
        // A limited search (candidates selected by date, ids read for the
        // front only, signatures tested before a unit is read) shows the
        // front of the same order.
        let order: Vec<String> = found.hits.iter().map(|h| h.unit.id.to_string()).collect();
        for limit in [1, 3, 20] {
            let opts = ConcordanceOptions {
                limit: Some(limit),
                ..ConcordanceOptions::default()
            };
            let front = memory.concordance(&phrase, &opts).expect("concordance");
            let ids: Vec<String> = front.hits.iter().map(|h| h.unit.id.to_string()).collect();
            assert_eq!(
                ids,
                order[..limit.min(order.len())],
                "{} {limit}",
                phrase.text
            );
        }
    }
}

/// Every unit of `memory`, read one by one.
fn every_unit(memory: &tilmash::memory::Memory) -> Vec<tilmash::unit::Unit> {
    let mut all = Vec::new();
    memory
        .snapshot()
        .for_each_unit(|_, unit| {
            all.push(unit);
            Ok(())
        })
        .expect("scan");
    all
}

/// On a memory where many units share a date, some have none, numbers
/// repeat and a few units stand at several places (over three segments), a
/// limited concordance (dates walked backwards, signatures tested before a
/// unit is read) shows exactly the front of a plain scan of every unit,
/// with every date filter: on a new memory, whose documents hold the
/// numbers' own tokens, and on one of schema version 5 (written by this
/// tilmash, as an older one writes it: without them), which answers the
/// same through the index token all numbers share. The number's own token
/// only narrows the candidates (to exactly the units holding the number,
/// so their count is the total).
#[test]
fn concordance_front_equals_a_plain_scan_over_many_dates() {
    use tilmash::memory::{occurrences, Concordance, ConcordanceOptions, Memory};
    use tilmash::text::{analyze, Lang};
    use tilmash::unit::{Date, UnitFilter};

    let ws = Workspace::empty();
    let old_path = ws.path().join("old");
    old_memory(&old_path);
    for batch in 0..3 {
        ws.file("units.jsonl", many_dates(batch));
        ws.ok(&["--memory", "mem", "import", "units.jsonl"]);
        ws.ok(&["--memory", "old", "import", "units.jsonl"]);
    }
    let memory = Memory::open(&ws.path().join("mem")).expect("memory");
    let old = Memory::open(&old_path).expect("memory");
    assert_eq!((memory.schema_version(), old.schema_version()), (6, 5));
    let all = every_unit(&memory);
    let date = |s: &str| s.parse::<Date>().expect("date");
    let filters = [
        UnitFilter::default(),
        UnitFilter {
            since: Some(date("2019-01-12")),
            ..UnitFilter::default()
        },
        UnitFilter {
            until: Some(date("2019-02-03")),
            ..UnitFilter::default()
        },
        UnitFilter {
            since: Some(date("2019-01-05")),
            until: Some(date("2019-01-15")),
            ..UnitFilter::default()
        },
        UnitFilter {
            article: Some("a1-3".into()),
            ..UnitFilter::default()
        },
    ];
    let phrases = [
        ("2019", Lang::Ru),
        ("2,5", Lang::Ru),
        ("2.5", Lang::Ru),
        ("15", Lang::Ru),
        ("выборы", Lang::Ru),
        ("в 2019 году", Lang::Ru),
        ("и 15", Lang::Ru),
        ("в", Lang::Ru),
        ("2019", Lang::En),
        ("the", Lang::En),
        ("of the", Lang::En),
        ("in 2019", Lang::En),
        ("2019 of the 15", Lang::En),
    ];
    let shown = |found: &Concordance| -> Vec<_> {
        found
            .hits
            .iter()
            .map(|h| {
                let date = h.unit.meta.date;
                (
                    (date.is_none(), std::cmp::Reverse(date), h.unit.id.0),
                    h.spans.clone(),
                )
            })
            .collect()
    };
    for filter in &filters {
        for (text, lang) in phrases {
            let phrase = analyze(text, lang);
            let mut want: Vec<_> = all
                .iter()
                .filter_map(|unit| {
                    let unit = unit.at(filter.best_place(unit)?);
                    let spans = occurrences(&phrase, &analyze(unit.side(lang), lang));
                    (!spans.is_empty()).then(|| {
                        let date = unit.meta.date;
                        ((date.is_none(), std::cmp::Reverse(date), unit.id.0), spans)
                    })
                })
                .collect();
            want.sort();
            assert!(
                want.len() > 3 || filter.article.is_some() || text == "2.5",
                "{text}: {}",
                want.len()
            );
            let number = phrase.tokens.iter().any(|t| t.number);
            let mut candidates = Vec::new();
            for memory in [&memory, &old] {
                let every = memory
                    .concordance(
                        &phrase,
                        &ConcordanceOptions {
                            limit: None,
                            filter: filter.clone(),
                        },
                    )
                    .expect("concordance");
                candidates.push(every.candidates);
                let version = memory.schema_version();
                for limit in [1, 2, 5, 20, 60, 10_000] {
                    let opts = ConcordanceOptions {
                        limit: Some(limit),
                        filter: filter.clone(),
                    };
                    let found = memory.concordance(&phrase, &opts).expect("concordance");
                    let front = &want[..limit.min(want.len())];
                    assert_eq!(
                        shown(&found),
                        front,
                        "version {version}: {text} {lang:?} {limit} {filter:?}"
                    );
                    assert_eq!(found.candidates, every.candidates, "{text} {limit}");
                    // Fewer hits than the limit: every candidate was read, and
                    // the total is known (a word's is its candidates instead,
                    // and so is a number's own token's).
                    let counted = text.contains(' ') || number;
                    if counted && want.len() < limit {
                        assert_eq!(found.total, Some(want.len() as u64), "{text} {limit}");
                    }
                    if version == 6
                        && number
                        && phrase.tokens.len() == 1
                        && filter.article.is_none()
                    {
                        assert_eq!(found.total, Some(want.len() as u64), "{text} {limit}");
                        assert_eq!(found.candidates, want.len() as u64, "{text} {limit}");
                    }
                }
            }
            // Every unit holds a number: the index token all numbers share
            // makes each a candidate of every number in the old memory.
            if number {
                assert!(candidates[0] < candidates[1], "{text}: {candidates:?}");
            } else {
                assert_eq!(candidates[0], candidates[1], "{text}");
            }
        }
    }
    // The command prints the same hits, byte for byte (TSV and text: the
    // JSON holds the units' import times); only the text's last line (the
    // total, or the bound of the candidates) may differ.
    for (text, lang) in [
        ("2019", "ru"),
        ("2,5", "ru"),
        ("в 2019 году", "ru"),
        ("выборы", "ru"),
        ("in 2019", "en"),
    ] {
        for extra in [
            &[][..],
            &["--limit", "0"],
            &["--limit", "3", "--since", "2019-01-12"],
            &["--until", "2019-02-03", "--article", "a1-3"],
        ] {
            for format in ["tsv", "text"] {
                let run = |memory: &str| {
                    let mut args = vec![
                        "--memory",
                        memory,
                        "concordance",
                        text,
                        "--from",
                        lang,
                        "--format",
                        format,
                    ];
                    args.extend_from_slice(extra);
                    let out = ws.ok(&args);
                    let mut lines: Vec<String> = out.lines().map(str::to_string).collect();
                    if format == "text" {
                        lines.pop();
                    }
                    lines
                };
                let new = run("mem");
                assert!(
                    !new.is_empty() || extra.contains(&"--article"),
                    "{text} {extra:?}"
                );
                assert_eq!(new, run("old"), "{text} {extra:?} {format}");
            }
        }
    }
    // The suggest filter looks up the query's index tokens only (`#` for
    // every number): the numbers' own tokens change no suggestion, and
    // the filter stays exact (default = --exhaustive).
    use tilmash::suggest::{queries, scored, SuggestOptions};
    let texts = [
        ("выборы 2019 и 15 в 2020 году, строка 7", Lang::Ru),
        ("бюджет 7 и 2,5 в 2019 году", Lang::Ru),
        ("в Москве 2020 и 2019 в 15 году, строка 301", Lang::Ru),
        ("the 2019 of the 2,5 in 7 бюджет, line 12", Lang::En),
        ("the 15 of the 15 in 15 выборах", Lang::En),
    ];
    let all: Vec<_> = texts
        .iter()
        .flat_map(|(text, lang)| queries(text, *lang))
        .collect();
    let key = |m: &tilmash::suggest::Match| {
        (
            m.unit.id.to_string(),
            m.score,
            m.fuzzy,
            m.adapted,
            m.target.clone(),
        )
    };
    for min_score in [30, 50, 60, 75, 90] {
        let results = |memory: &Memory, exhaustive: bool| -> Vec<Vec<_>> {
            let opts = SuggestOptions {
                limit: usize::MAX,
                min_score,
                exhaustive,
                ..SuggestOptions::default()
            };
            scored(&memory.snapshot(), &all, &opts)
                .expect("suggest")
                .iter()
                .map(|found| found.iter().map(key).collect())
                .collect()
        };
        let new = results(&memory, false);
        assert!(new.iter().any(|found| !found.is_empty()), "{min_score}");
        assert_eq!(new, results(&old, false), "{min_score}");
        assert_eq!(new, results(&memory, true), "{min_score}");
    }
}

/// The units of one import of [`concordance_front_equals_a_plain_scan_over_many_dates`]
/// as JSONL: 400 units over 40 dates and undated ones, numbers repeating,
/// and (after the first batch) a few pairs again at a later place.
fn many_dates(batch: u64) -> String {
    let numbers = ["2019", "2020", "15", "2,5", "7", "2019"];
    let words = ["выборы", "выборах", "бюджет", "в Москве", "в регионе"];
    let mut seed: u64 = 12 + batch;
    let mut next = |n: u64| {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (seed >> 33) % n
    };
    let mut lines = String::new();
    for i in 0..400 {
        let (a, b, c) = (
            numbers[next(6) as usize],
            numbers[next(6) as usize],
            numbers[next(6) as usize],
        );
        let word = words[next(5) as usize];
        let ru = format!("{word} {a} и {b} в {c} году, строка {i}");
        let en = format!("the {a} of the {b} in {c} {word}, line {i}");
        let day = next(45);
        let date = if day < 40 {
            format!(",\"date\":\"2019-{:02}-{:02}\"", 1 + day / 20, 1 + day % 20)
        } else {
            String::new()
        };
        lines.push_str(&format!(
            "{{\"ru\":{ru:?},\"en\":{en:?},\"article\":\"a{batch}-{}\",\"position\":{i}{date}}}\n",
            next(30)
        ));
    }
    if batch > 0 {
        for i in 0..5 {
            let ru = format!("выборы 2019 и 15 в 2019 году, строка {i}");
            let en = format!("the 2019 of the 15 in 2019 выборы, line {i}");
            lines.push_str(&format!(
                "{{\"ru\":{ru:?},\"en\":{en:?},\"article\":\"again-{batch}\",\"position\":{i},\"date\":\"2019-0{}-15\"}}\n",
                batch + 1
            ));
        }
    }
    lines
}

/// Creates an empty memory of schema version 5 at `path`: this tilmash
/// keeps it at that version and writes into it what a version 5 tilmash
/// writes (documents without the numbers' own tokens).
fn old_memory(path: &std::path::Path) {
    tilmash::memory::Memory::create(path).expect("memory");
    let manifest = path.join("tilmash-memory.json");
    let text = std::fs::read_to_string(&manifest).expect("manifest");
    assert!(text.contains("\"schema_version\": 6"), "{text}");
    std::fs::write(
        &manifest,
        text.replace("\"schema_version\": 6", "\"schema_version\": 5"),
    )
    .expect("write");
}

// ---------------------------------------------------------- pretranslate

#[test]
fn pretranslate_markdown_and_json() {
    let ws = Workspace::bundled().with_glossaries();
    ws.file("article.txt", ARTICLE);
    let (code, md, err) = ws.run(&["pretranslate", "article.txt", "--format", "md"]);
    assert_eq!(code, 0, "{err}");
    insta::assert_snapshot!(md);
    // Worked out by hand: 8,4 replaces 7,2 in a 99 adapted match; 9,5% and
    // "Подробности уточняются." are exact; the giraffe is new.
    assert!(
        err.contains("5 segments to standard output (md): 3 exact, 1 fuzzy, 1 to translate"),
        "{err}"
    );
    let value = ws.json(&["pretranslate", "article.txt", "--format", "json"]);
    insta::assert_json_snapshot!(value);
    assert_eq!(
        value["segments"][0]["target"],
        "Inflation in Kazakhstan stood at 8.4% in May."
    );
    assert_eq!(value["segments"][4]["state"], "new");
    assert_eq!(value["segments"][4]["target"], Value::Null);
}

#[test]
fn pretranslate_xliff_and_tsv() {
    let ws = Workspace::bundled().with_glossaries();
    ws.file("article.txt", ARTICLE);
    let xliff2 = ws.ok(&["pretranslate", "article.txt"]);
    insta::assert_snapshot!("pretranslate_xliff2", xliff2);
    let xliff12 = ws.ok(&[
        "pretranslate",
        "article.txt",
        "--format",
        "xliff12",
        "--limit",
        "2",
    ]);
    insta::assert_snapshot!("pretranslate_xliff12", xliff12);
    let tsv = ws.ok(&["pretranslate", "article.txt", "--format", "tsv"]);
    let lines: Vec<Vec<&str>> = tsv.lines().map(|l| l.split('\t').collect()).collect();
    assert_eq!(lines.len(), 6);
    assert_eq!(
        lines[0][..7],
        ["segment", "state", "score", "fuzzy", "adapted", "ru", "en"]
    );
    assert_eq!(lines[1][..5], ["1", "fuzzy", "99", "85", "true"]);
    assert_eq!(lines[5][1], "new");
    assert_eq!(lines[5][6], "", "no target for a new segment");
    // --output writes the file atomically.
    ws.ok(&[
        "pretranslate",
        "article.txt",
        "--format",
        "xliff12",
        "-o",
        "draft.xlf",
    ]);
    let written = std::fs::read_to_string(ws.path().join("draft.xlf")).expect("draft");
    assert!(written.contains("<trans-unit id=\"5\""));
}

#[test]
fn pretranslate_notes_glossary_terms_valid_on_the_date() {
    let ws = Workspace::bundled().with_glossaries();
    ws.file(
        "capital.txt",
        "Вчера в Нур-Султане открыли новую библиотеку.\n",
    );
    // In May 2020 the capital was Nur-Sultan (renamed Astana in 2022).
    let value = ws.json(&[
        "pretranslate",
        "capital.txt",
        "--date",
        "2020-05-01",
        "--format",
        "json",
    ]);
    let terms = value["segments"][0]["terms"].as_array().expect("terms");
    let capital: Vec<&Value> = terms
        .iter()
        .filter(|t| t["source"] == "Нур-Султане")
        .collect();
    assert_eq!(capital.len(), 1, "{terms:?}");
    assert_eq!(capital[0]["target"], "Nur-Sultan");
    assert_eq!(capital[0]["status"], "preferred");
    // --no-glossary notes nothing.
    let value = ws.json(&[
        "pretranslate",
        "capital.txt",
        "--no-glossary",
        "--format",
        "json",
    ]);
    assert_eq!(value["segments"][0]["terms"], serde_json::json!([]));
}

/// The structural rules of the XLIFF 2.0 core (OASIS Standard, 2014) that
/// a pretranslation can break: the namespace and version, `srcLang` and
/// `trgLang`, ids unique where the specification says so, `state` values,
/// a target wherever the state is past `initial`, `subState` only with
/// `state` and in `prefix:value` form, and Translation Candidates whose
/// `ref` names a segment of their unit and whose figures are 0–100.
fn check_xliff2(xml: &str) -> Result<usize, String> {
    const NS: &str = "urn:oasis:names:tc:xliff:document:2.0";
    const MTC: &str = "urn:oasis:names:tc:xliff:matches:2.0";
    let mut reader = quick_xml::NsReader::from_str(xml);
    let mut stack: Vec<String> = Vec::new();
    let mut file_ids = HashSet::new();
    let mut unit_ids = HashSet::new();
    let mut segment_ids: HashSet<String> = HashSet::new();
    let mut refs: Vec<String> = Vec::new();
    let mut segment_state: Option<String> = None;
    let mut segment_has_target = false;
    let mut segments = 0;
    let mut has_target_lang = false;
    let mut targets = 0;
    loop {
        let event = reader.read_resolved_event().map_err(|e| e.to_string())?;
        let (ns, e, empty) = match event {
            (ns, Event::Start(e)) => (ns, e, false),
            (ns, Event::Empty(e)) => (ns, e, true),
            (_, Event::End(_)) => {
                let name = stack.pop().unwrap_or_default();
                if name == "unit" {
                    for r in refs.drain(..) {
                        let id = r
                            .strip_prefix('#')
                            .ok_or(format!("ref {r} is not a fragment"))?;
                        if !segment_ids.contains(id) {
                            return Err(format!("ref {r} names no segment of its unit"));
                        }
                    }
                    segment_ids.clear();
                }
                if name == "segment" {
                    let state = segment_state.take().unwrap_or_else(|| "initial".into());
                    if state != "initial" && !segment_has_target {
                        return Err(format!("a {state} segment without a target"));
                    }
                }
                continue;
            }
            (_, Event::Eof) => break,
            _ => continue,
        };
        let ns = match ns {
            quick_xml::name::ResolveResult::Bound(n) => {
                String::from_utf8_lossy(n.as_ref()).into_owned()
            }
            _ => String::new(),
        };
        let local = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
        let mut attrs = HashMap::new();
        for a in e.attributes() {
            let a = a.map_err(|e| e.to_string())?;
            let value = a.unescape_value().map_err(|e| e.to_string())?.into_owned();
            attrs.insert(String::from_utf8_lossy(a.key.as_ref()).into_owned(), value);
        }
        let parent = stack.last().cloned().unwrap_or_default();
        if ns == NS {
            match local.as_str() {
                "xliff" => {
                    if attrs.get("version").map(String::as_str) != Some("2.0") {
                        return Err("version is not 2.0".into());
                    }
                    if attrs.get("srcLang").is_none_or(|l| l.is_empty()) {
                        return Err("no srcLang".into());
                    }
                    has_target_lang = attrs.get("trgLang").is_some_and(|l| !l.is_empty());
                }
                "file" => {
                    let id = attrs.get("id").ok_or("file without id")?;
                    if !file_ids.insert(id.clone()) {
                        return Err(format!("file id {id} twice"));
                    }
                }
                "unit" => {
                    let id = attrs.get("id").ok_or("unit without id")?;
                    if !unit_ids.insert(id.clone()) {
                        return Err(format!("unit id {id} twice"));
                    }
                }
                "segment" => {
                    segments += 1;
                    if let Some(id) = attrs.get("id") {
                        if !segment_ids.insert(id.clone()) {
                            return Err(format!("segment id {id} twice in a unit"));
                        }
                    }
                    let state = attrs.get("state").cloned();
                    if let Some(s) = &state {
                        if !["initial", "translated", "reviewed", "final"].contains(&s.as_str()) {
                            return Err(format!("state {s} is not a 2.0 state"));
                        }
                    }
                    if let Some(sub) = attrs.get("subState") {
                        if state.is_none() {
                            return Err("subState without state".into());
                        }
                        let (prefix, value) =
                            sub.split_once(':').ok_or(format!("subState {sub}"))?;
                        if prefix.is_empty() || value.is_empty() {
                            return Err(format!("subState {sub} is not prefix:value"));
                        }
                    }
                    segment_state = state;
                    segment_has_target = false;
                }
                "target" => {
                    targets += 1;
                    if parent == "segment" {
                        segment_has_target = true;
                    }
                }
                _ => {}
            }
        } else if ns == MTC && local == "match" {
            refs.push(attrs.get("ref").ok_or("mtc:match without ref")?.clone());
            for figure in ["matchQuality", "similarity"] {
                if let Some(v) = attrs.get(figure) {
                    let n: f64 = v.parse().map_err(|_| format!("{figure} {v}"))?;
                    if !(0.0..=100.0).contains(&n) {
                        return Err(format!("{figure} {v} outside 0–100"));
                    }
                }
            }
        } else if stack.is_empty() {
            return Err(format!("root element in namespace {ns:?}"));
        }
        if !empty {
            stack.push(local);
        }
    }
    if targets > 0 && !has_target_lang {
        return Err("targets without trgLang".into());
    }
    Ok(segments)
}

#[test]
fn xliff2_follows_the_core_structure() {
    let ws = Workspace::bundled().with_glossaries();
    ws.file("article.txt", ARTICLE);
    let xml = ws.ok(&[
        "pretranslate",
        "article.txt",
        "--limit",
        "3",
        "--min-score",
        "50",
    ]);
    assert_eq!(check_xliff2(&xml), Ok(5));
    // An English text the other way round.
    ws.file(
        "en.txt",
        "Inflation in Kazakhstan stood at 7.2% in July.\n\nA giraffe ate a carrot cake.",
    );
    let xml = ws.ok(&["pretranslate", "en.txt"]);
    assert_eq!(check_xliff2(&xml), Ok(2));
    assert!(xml.contains("srcLang=\"en\" trgLang=\"ru\""));
    // The checker itself catches what it claims to.
    let broken = [
        xml.replace("urn:oasis:names:tc:xliff:document:2.0", "urn:x"),
        xml.replace("state=\"initial\"", "state=\"new\""),
        xml.replace("id=\"u2\"", "id=\"u1\""),
        xml.replace("ref=\"#s1\"", "ref=\"#s9\""),
        xml.replace(" srcLang=\"en\"", ""),
    ];
    for b in broken {
        assert!(check_xliff2(&b).is_err(), "not caught:\n{b}");
    }
}

// --------------------------------------------------------------- analyze

#[test]
fn analyze_counts_bands_and_repetitions() {
    let ws = Workspace::bundled().with_glossaries();
    ws.file("article.txt", ARTICLE);
    ws.file("again.txt", "Подробности уточняются.\n");
    let value = ws.json(&["analyze", "article.txt", "again.txt", "--format", "json"]);
    insta::assert_json_snapshot!(value);
    let row = |file: &Value, band: &str| -> (u64, u64) {
        let r = file["bands"]
            .as_array()
            .and_then(|rows| rows.iter().find(|r| r["band"] == band))
            .expect("row");
        (
            r["segments"].as_u64().unwrap_or(0),
            r["words"].as_u64().unwrap_or(0),
        )
    };
    // By hand, words as SPEC §3 counts them:
    // "Инфляция в Казахстане в мае составила 8,4%." 7 words, adapted 99;
    // "Продовольственные товары за год подорожали на 9,5%." 7 words, 100;
    // "Подробности уточняются." 2 words, 100, then twice a repetition;
    // the giraffe, 10 words, no match.
    let article = &value["files"][0];
    assert_eq!(row(article, "95-99"), (1, 7));
    assert_eq!(row(article, "100"), (2, 9));
    assert_eq!(row(article, "repetition"), (1, 2));
    assert_eq!(row(article, "no_match"), (1, 10));
    assert_eq!(
        article["total"],
        serde_json::json!({"segments": 5, "words": 28})
    );
    assert_eq!(row(&value["files"][1], "repetition"), (1, 2));
    assert_eq!(row(&value["total"], "repetition"), (2, 4));
    assert_eq!(
        value["total"]["total"],
        serde_json::json!({"segments": 6, "words": 30})
    );

    let text = ws.ok(&["analyze", "article.txt", "again.txt"]);
    insta::assert_snapshot!(text);
    let tsv = ws.ok(&["analyze", "article.txt", "--format", "tsv"]);
    assert!(tsv.contains("article.txt\tru\tno_match\t1\t10\n"), "{tsv}");
    assert!(tsv.contains("*\tru\ttotal\t5\t28\n"), "{tsv}");
}

#[test]
fn analyze_finds_context_matches_in_a_whole_article() {
    let ws = Workspace::bundled().with_glossaries();
    // The first article of the memory, whole and in order: every segment
    // has its neighbours, so every one is a context match.
    let seed = std::fs::read_to_string(ws.path().join("memories/main.jsonl")).expect("seed");
    let article: Vec<String> = seed
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).expect("line"))
        .filter(|v| v["article"] == "kz-2018-astana-capital-day")
        .map(|v| v["ru"].as_str().unwrap_or("").to_string())
        .collect();
    assert!(article.len() >= 6);
    ws.file("capital.txt", article.join("\n\n"));
    let value = ws.json(&["analyze", "capital.txt", "--format", "json"]);
    let context = &value["files"][0]["bands"][0];
    assert_eq!(context["band"], "context");
    assert_eq!(context["segments"].as_u64(), Some(article.len() as u64));

    // The same article twice: its second copy repeats the first, but each
    // segment stands in the memory with its neighbours, so it stays a
    // context match (memoQ's order); none is a repetition.
    ws.file("again.txt", article.join("\n\n"));
    let value = ws.json(&["analyze", "capital.txt", "again.txt", "--format", "json"]);
    for file in 0..2 {
        let bands = &value["files"][file]["bands"];
        assert_eq!(bands[0]["band"], "context");
        assert_eq!(
            bands[0]["segments"].as_u64(),
            Some(article.len() as u64),
            "{value}"
        );
        assert_eq!(bands[1]["band"], "repetition");
        assert_eq!(bands[1]["segments"], 0, "{value}");
    }
}

/// The staged searches of `analyze` (75, then 50; 101 for repetitions)
/// give the bands one search at 50 gives.
#[test]
fn analyze_bands_equal_one_search_at_fifty() {
    use tilmash::analysis::{analyze_texts, AnalysisInput};
    use tilmash::memory::Memory;
    use tilmash::suggest::SuggestOptions;
    use tilmash::text::Lang;
    use tilmash::unit::UnitFilter;

    let ws = Workspace::bundled().with_glossaries();
    ws.ok(&["stats"]); // builds the memory
    let memory = Memory::open(&ws.path().join("memories/main")).expect("memory");
    let seed = std::fs::read_to_string(ws.path().join("memories/main.jsonl")).expect("seed");
    let lines: Vec<Value> = seed
        .lines()
        .map(|l| serde_json::from_str(l).expect("line"))
        .collect();
    // Whole articles (context matches), every other line with its last
    // word dropped (fuzzy bands), and the article above twice (repetitions).
    let side = |lang: &str, keep: &dyn Fn(usize) -> bool| -> String {
        lines
            .iter()
            .enumerate()
            .filter(|(i, _)| keep(*i))
            .map(|(i, v)| {
                let s = v[lang].as_str().unwrap_or("");
                match (i % 2, s.rsplit_once(' ')) {
                    (1, Some((head, _))) => head.to_string(),
                    _ => s.to_string(),
                }
            })
            .collect::<Vec<_>>()
            .join("\n\n")
    };
    let inputs = vec![
        AnalysisInput {
            name: "a".into(),
            text: ARTICLE.into(),
            lang: Lang::Ru,
        },
        AnalysisInput {
            name: "b".into(),
            text: side("ru", &|i| i < 60),
            lang: Lang::Ru,
        },
        AnalysisInput {
            name: "c".into(),
            text: ARTICLE.into(),
            lang: Lang::Ru,
        },
        AnalysisInput {
            name: "d".into(),
            text: side("en", &|i| (100..160).contains(&i)),
            lang: Lang::En,
        },
    ];
    let snapshot = memory.snapshot();
    let opts = SuggestOptions {
        limit: 1,
        min_score: 50,
        exhaustive: false,
        filter: UnitFilter::default(),
    };
    // The bundled memory holds no paragraph unit: joining changes nothing
    // (and the one search at 50 it makes gives the same bands).
    for join_paragraphs in [false, true] {
        let analysis = analyze_texts(&snapshot, &inputs, &UnitFilter::default(), join_paragraphs)
            .expect("analysis");
        check_bands(&snapshot, &inputs, &analysis, &opts);
    }
}

/// `analysis` has, per file, the bands one search at 50 (`opts`) gives.
fn check_bands(
    snapshot: &tilmash::memory::Snapshot,
    inputs: &[tilmash::analysis::AnalysisInput],
    analysis: &tilmash::analysis::Analysis,
    opts: &tilmash::suggest::SuggestOptions,
) {
    use tilmash::score::Band;
    use tilmash::suggest::{queries, suggest};
    use tilmash::text::{collapse, words};

    let mut seen = HashSet::new();
    let mut bands_seen = HashSet::new();
    for (input, file) in inputs.iter().zip(&analysis.files) {
        let queries = queries(&input.text, input.lang);
        let best = suggest(snapshot, &queries, opts).expect("suggest");
        let mut want: HashMap<Band, (u64, u64)> = HashMap::new();
        for (q, matches) in queries.iter().zip(best) {
            let first = seen.insert(collapse(&q.analyzed.text));
            let band = match Band::of_score(matches.first().map(|m| m.score)) {
                Band::Context => Band::Context,
                _ if !first => Band::Repetition,
                band => band,
            };
            bands_seen.insert(band);
            let row = want.entry(band).or_default();
            row.0 += 1;
            row.1 += words(&q.analyzed.text).len() as u64;
        }
        for band in Band::ALL {
            let got = file.band(band);
            let (segments, words) = want.get(&band).copied().unwrap_or_default();
            assert_eq!(
                (got.segments, got.words),
                (segments, words),
                "{} {band:?}",
                input.name
            );
        }
    }
    assert!(
        bands_seen.len() >= 6,
        "the texts cover most bands: {bands_seen:?}"
    );
}

/// Issue 14: with `--join-paragraphs`, the segments a paragraph unit
/// covers are drafted as one segment from the unit's target when its
/// match beats their own drafts (weighted by words), and `analyze` counts
/// them in its band; without it, or when the sentences' own drafts are
/// as good, each segment keeps its own.
#[test]
fn join_paragraphs_drafts_and_counts_a_paragraph_unit_as_one() {
    let ws = Workspace::empty();
    // The first unit's translation is one sentence: no sentence entry, a
    // key per Russian sentence. The second is the README's: its
    // sentences draft 100, 80 and 100 (9, 5 and 5 words: 94.7 weighted)
    // against 94 for the whole unit.
    ws.file(
        "pairs.tsv",
        "ru\ten\n\
         Аким Алматы провёл брифинг в понедельник. Он ответил на вопросы журналистов.\t\
         The akim of Almaty held a briefing on Monday and answered journalists' questions.\n\
         Акимат Шымкента объявил о ремонте водопровода в Енбекшинском районе. Работы продлятся \
         до конца октября. Жителей просят запастись питьевой водой.\tThe Shymkent akimat \
         announced repairs to the water main in Yenbekshi district. The work will last until \
         the end of October. Residents are asked to stock up on drinking water.\n",
    );
    ws.ok(&["import", "pairs.tsv", "--quiet"]);
    ws.file(
        "text.txt",
        "Аким Алматы провёл брифинг в понедельник. Он ответил на вопросы журналистов. \
         Акимат Шымкента объявил о ремонте водопровода в Енбекшинском районе. Работы \
         продлятся до конца ноября. Жителей просят запастись питьевой водой.\n",
    );
    let draft = |join: bool| -> Value {
        let mut args = vec!["pretranslate", "text.txt", "--format", "json"];
        if join {
            args.push("--join-paragraphs");
        }
        ws.json(&args)
    };
    // Each draft segment's number, how many segments it is, its state and
    // score.
    let shape = |draft: &Value| -> Vec<(u64, u64, String, Option<u64>)> {
        draft["segments"]
            .as_array()
            .cloned()
            .unwrap_or_default()
            .iter()
            .map(|s| {
                (
                    s["id"].as_u64().unwrap_or(0),
                    s["segments"].as_u64().unwrap_or(1),
                    s["state"].as_str().unwrap_or("").to_string(),
                    s["matches"][0]["score"].as_u64(),
                )
            })
            .collect()
    };
    let segment =
        |id: u64, n: u64, state: &str, score: Option<u64>| (id, n, state.to_string(), score);
    let joined = draft(true);
    assert_eq!(
        shape(&joined),
        [
            segment(1, 2, "exact", Some(100)),
            segment(3, 1, "exact", Some(100)),
            segment(4, 1, "fuzzy", Some(80)),
            segment(5, 1, "exact", Some(100)),
        ],
        "{joined}"
    );
    assert_eq!(
        joined["segments"][0]["target"],
        "The akim of Almaty held a briefing on Monday and answered journalists' questions."
    );
    assert_eq!(
        joined["segments"][0]["source"],
        "Аким Алматы провёл брифинг в понедельник. Он ответил на вопросы журналистов."
    );
    let plain = draft(false);
    assert_eq!(
        shape(&plain),
        [
            segment(1, 1, "new", None),
            segment(2, 1, "new", None),
            segment(3, 1, "exact", Some(100)),
            segment(4, 1, "fuzzy", Some(80)),
            segment(5, 1, "exact", Some(100)),
        ],
        "{plain}"
    );
    // XLIFF says which segments of the text were joined.
    let xliff = ws.ok(&["pretranslate", "text.txt", "--join-paragraphs"]);
    assert!(xliff.contains("segments 1–2 of the text joined"), "{xliff}");
    // analyze counts the joined segments (6 and 5 words) at 100.
    let bands = |join: bool| -> Vec<(String, u64, u64)> {
        let mut args = vec!["analyze", "text.txt", "--format", "json"];
        if join {
            args.push("--join-paragraphs");
        }
        let value = ws.json(&args);
        value["files"][0]["bands"]
            .as_array()
            .cloned()
            .unwrap_or_default()
            .iter()
            .filter(|r| r["segments"].as_u64() != Some(0))
            .map(|r| {
                (
                    r["band"].as_str().unwrap_or("").to_string(),
                    r["segments"].as_u64().unwrap_or(0),
                    r["words"].as_u64().unwrap_or(0),
                )
            })
            .collect()
    };
    let row = |band: &str, segments: u64, words: u64| (band.to_string(), segments, words);
    assert_eq!(
        bands(true),
        [row("100", 4, 25), row("75-84", 1, 5)],
        "joined"
    );
    assert_eq!(
        bands(false),
        [
            row("100", 2, 14),
            row("75-84", 1, 5),
            row("50-74", 1, 6),
            row("no_match", 1, 5)
        ],
        "segment by segment"
    );
}

// ------------------------------------------------- small failures, stability

/// Issue 16, item 7: an empty file is said to be empty and the others are
/// reported; an empty draft is refused rather than written as an XLIFF
/// `<file>` without a `<unit>`.
#[test]
fn an_empty_file_is_said_and_the_others_are_analysed() {
    let ws = Workspace::bundled().with_glossaries();
    ws.file("article.txt", ARTICLE);
    ws.file("empty.txt", "");
    ws.file("blank.txt", "  \n\n");
    let (code, out, err) = ws.run(&["analyze", "article.txt", "empty.txt", "blank.txt"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("article.txt (ru)\n"), "{out}");
    assert!(!out.contains("empty.txt"), "{out}");
    assert!(
        err.contains("warning: empty.txt: the file is empty; left out of the analysis"),
        "{err}"
    );
    assert!(
        err.contains("warning: blank.txt: the file is empty"),
        "{err}"
    );
    let (code, _, err) = ws.run(&["analyze", "empty.txt"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("nothing to analyse: every file is empty (empty.txt)"),
        "{err}"
    );

    let (code, out, err) = ws.run(&["pretranslate", "empty.txt"]);
    assert_eq!((code, out.as_str()), (2, ""), "{err}");
    assert!(err.contains("empty.txt: the text is empty"), "{err}");
    for args in [
        &["pretranslate", "empty.txt", "--from", "ru"][..],
        &[
            "pretranslate",
            "empty.txt",
            "--from",
            "ru",
            "-o",
            "draft.xlf",
        ],
    ] {
        let (code, out, err) = ws.run(args);
        assert_eq!(code, 1, "{args:?}: {out}");
        assert_eq!(out, "", "{args:?}");
        assert!(
            err.contains("empty.txt: no sentence to pretranslate"),
            "{args:?}: {err}"
        );
    }
    assert!(!ws.path().join("draft.xlf").exists());
}

/// Issue 16, item 8: every data command prints the same bytes on every
/// run (a hash map's order, random per process, decides nothing).
#[test]
fn every_data_command_prints_the_same_output_on_every_run() {
    let ws = Workspace::bundled().with_glossaries();
    ws.file("article.txt", ARTICLE);
    ws.file("ru.txt", "Токаев прибыл в Астану.\nКурс тенге 450.\n");
    ws.file(
        "en.txt",
        "Tokayev arrived in Nur-Sultan.\nThe tenge rate is 460.\n",
    );
    ws.ok(&["stats"]);
    let commands: &[&[&str]] = &[
        &["suggest", "article.txt", "--format", "json"],
        &["suggest", "article.txt"],
        &["concordance", "выборы", "--format", "json"],
        &["analyze", "article.txt", "--format", "tsv"],
        &["pretranslate", "article.txt", "--format", "md"],
        &["pretranslate", "article.txt", "--format", "xliff12"],
        &["pretranslate", "article.txt", "--format", "tsv"],
        &["export", "--format", "tsv"],
        &["stats", "--format", "json"],
        &["glossary", "list", "--format", "tsv"],
        &[
            "glossary",
            "find",
            "В Нур-Султане Токаеву представили акима",
            "--date",
            "2020-05-01",
        ],
        &["glossary", "export", "--format", "tbx"],
        &["glossary", "export", "--format", "csv"],
        &[
            "check",
            "ru.txt",
            "en.txt",
            "--date",
            "2020-05-01",
            "--format",
            "json",
        ],
        &["align", "ru.txt", "en.txt", "--format", "json"],
    ];
    let run = |args: &[&str]| {
        let out = ws.cmd().args(args).output().expect("run");
        (out.status.code(), out.stdout)
    };
    for args in commands {
        let first = run(args);
        let second = run(args);
        assert!(!first.1.is_empty(), "{args:?} printed nothing");
        assert!(first == second, "{args:?} differs from run to run");
    }
    // The lint alternated between two wordings of one finding: more runs.
    let lints: Vec<_> = (0..8).map(|_| run(&["glossary", "lint"])).collect();
    assert!(lints.windows(2).all(|w| w[0] == w[1]), "{lints:?}");
}
