//! `tilmash align` as users run it: the real binary in a temporary folder,
//! with hand-written article pairs.

mod common;

use common::Workspace;
use predicates::prelude::*;

const RU: &str = "Аким Алматы провёл брифинг в понедельник.

По его словам, бюджет города на 2024 год составит 1,5 трлн тенге. Это на 10% больше, чем годом ранее.

Ерболат Досаев также сообщил, что в марте в городе откроются три новые школы.
";

const EN: &str = "The akim of Almaty held a briefing on Monday.

He said the city's budget for 2024 would be 1.5 trillion tenge, 10% more than a year earlier.

Yerbolat Dossayev also said that three new schools would open in the city in March.
";

/// A temporary folder with `ru.txt` and `en.txt` (and no configuration:
/// the memory is `memories/main` there).
fn workspace() -> Workspace {
    let ws = Workspace::empty();
    ws.file("ru.txt", RU);
    ws.file("en.txt", EN);
    ws
}

#[test]
fn text_output() {
    let dir = workspace();
    let out = dir.ok(&["align", "ru.txt", "en.txt"]);
    insta::assert_snapshot!(out);
}

#[test]
fn json_output_has_positions_and_confidence() {
    let dir = workspace();
    let doc = dir.json(&["align", "ru.txt", "en.txt", "--format", "json"]);
    let beads = doc["articles"][0]["beads"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    // Worked out by hand: the two Russian sentences of the second
    // paragraph are one English sentence.
    let shapes: Vec<&str> = beads.iter().filter_map(|b| b["shape"].as_str()).collect();
    assert_eq!(shapes, ["1-1", "2-1", "1-1"]);
    assert_eq!(beads[1]["ru_sentences"], serde_json::json!([2, 3]));
    assert_eq!(beads[1]["en_sentences"], serde_json::json!([2, 2]));
    assert_eq!(beads[2]["position"], 2);
    for b in &beads {
        let c = b["confidence"].as_f64().unwrap_or(-1.0);
        assert!((0.9..=1.0).contains(&c), "{b}");
    }
    assert_eq!(doc["summary"]["pairs"], 3);
    insta::assert_json_snapshot!(doc);
}

/// Aligns `ru.txt` with `en.txt` into the memory.
const IMPORT: [&str; 10] = [
    "align",
    "ru.txt",
    "en.txt",
    "--import",
    "--article",
    "almaty-briefing",
    "--date",
    "2024-05-06",
    "--format",
    "json",
];

#[test]
fn import_then_suggest_finds_the_sentence_at_100() {
    let dir = workspace();
    let doc = dir.json(&IMPORT);
    assert_eq!(doc["summary"]["import"]["added"], 3);
    let found = dir.json(&[
        "suggest",
        "--text",
        "Аким Алматы провёл брифинг в понедельник.",
        "--format",
        "json",
    ]);
    let best = &found["segments"][0]["matches"][0];
    assert_eq!(best["score"], 100, "{found}");
    assert_eq!(
        best["target"],
        "The akim of Almaty held a briefing on Monday."
    );
    assert_eq!(best["unit"]["article"], "almaty-briefing");
    assert_eq!(best["unit"]["date"], "2024-05-06");
    assert_eq!(best["unit"]["position"], 0);
    // The merged pair is found from English too.
    let found = dir.json(&[
        "suggest",
        "--text",
        "He said the city's budget for 2024 would be 1.5 trillion tenge, 10% more than a year earlier.",
        "--format",
        "json",
    ]);
    assert_eq!(found["segments"][0]["matches"][0]["score"], 100, "{found}");
    // Aligning the same article again adds nothing.
    let again = dir.json(&IMPORT);
    assert_eq!(again["summary"]["import"]["added"], 0);
    assert_eq!(again["summary"]["import"]["unchanged"], 3);
}

#[test]
fn min_confidence_keeps_low_pairs_out() {
    let dir = workspace();
    let doc = dir.json(&[
        "align",
        "ru.txt",
        "en.txt",
        "--import",
        "--min-confidence",
        "1",
        "--format",
        "json",
    ]);
    let import = &doc["summary"]["import"];
    let added = import["added"].as_u64().unwrap_or(99);
    let below = import["below_threshold"].as_u64().unwrap_or(99);
    // The counts add up, and each pair's fate follows its confidence: the
    // merged pair (2-1) is not certain, so at least it stays out.
    assert_eq!(added + below, 3, "{doc}");
    let beads = doc["articles"][0]["beads"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    for b in &beads {
        let fate = b["import"].as_str().unwrap_or("");
        let confidence = b["confidence"].as_f64().unwrap_or(-1.0);
        match fate {
            "added" => assert_eq!(confidence, 1.0, "{b}"),
            "below-threshold" => assert!(confidence <= 1.0, "{b}"),
            other => panic!("unexpected fate {other}: {b}"),
        }
    }
    assert_eq!(beads[1]["import"], "below-threshold", "{doc}");
}

#[test]
fn tmx_output_imports_back() {
    let dir = workspace();
    let tmx = dir.ok(&["align", "ru.txt", "en.txt", "--format", "tmx"]);
    assert_eq!(tmx.matches("<tu ").count(), 3);
    assert!(tmx.contains("<prop type=\"x-align-confidence\">"));
    dir.file("aligned.tmx", &tmx);
    let summary = dir.json(&["import", "aligned.tmx", "--format", "json"]);
    assert_eq!(summary["added"], 3, "{summary}");
}

#[test]
fn jsonl_of_article_pairs() {
    let dir = workspace();
    let good = serde_json::json!({
        "article": "a1", "date": "2024-05-06", "url": "https://example.kz/a1", "ru": RU, "en": EN
    });
    let swapped = serde_json::json!({"article": "a2", "ru": EN, "en": RU});
    let input = format!("{good}\nnot json\n{swapped}\n");
    dir.file("pairs.jsonl", input);
    let (code, text, err) = dir.run(&["align", "--jsonl", "pairs.jsonl", "--format", "jsonl"]);
    assert_eq!(code, 0, "{err}");
    let lines: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect();
    assert_eq!(lines.len(), 3);
    assert!(lines
        .iter()
        .all(|l| l["article"] == "a1" && l["date"] == "2024-05-06"));
    assert!(err.contains("pairs.jsonl:2:"), "{err}");
    assert!(
        err.contains("pairs.jsonl:3: the ru side is written in en"),
        "{err}"
    );
    assert!(err.contains("2 skipped"), "{err}");
}

#[test]
fn srx_rules_split_the_sentences() {
    let dir = workspace();
    // Rules that break only after a semicolon: each side is then one
    // sentence per paragraph.
    let srx = r#"<?xml version="1.0" encoding="UTF-8"?>
<srx xmlns="http://www.lisa.org/srx20" version="2.0">
  <header segmentsubflows="yes" cascade="no"/>
  <body>
    <languagerules>
      <languagerule languagerulename="Semicolons">
        <rule break="yes"><beforebreak>;</beforebreak><afterbreak>\s</afterbreak></rule>
      </languagerule>
    </languagerules>
    <maprules>
      <languagemap languagepattern=".*" languagerulename="Semicolons"/>
    </maprules>
  </body>
</srx>
"#;
    dir.file("rules.srx", srx);
    let doc = dir.json(&[
        "align",
        "ru.txt",
        "en.txt",
        "--srx",
        "rules.srx",
        "--format",
        "json",
    ]);
    assert_eq!(doc["articles"][0]["ru_sentences"], 3);
    let shapes: Vec<&str> = doc["articles"][0]["beads"]
        .as_array()
        .map(|b| b.iter().filter_map(|b| b["shape"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(shapes, ["1-1", "1-1", "1-1"]);
    // A broken rules file is an error naming its line.
    dir.file("bad.srx", srx.replace("</rule>", "</rul>"));
    dir.cmd()
        .args(["align", "ru.txt", "en.txt", "--srx", "bad.srx"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("bad.srx:7:"));
}

#[test]
fn errors_name_the_file_and_never_panic() {
    let dir = workspace();
    dir.file("empty.txt", "");
    dir.file("bad.txt", [0x41, 0xFF, 0x42]);
    let cases: &[(&[&str], i32, &str)] = &[
        (
            &["align", "ru.txt", "empty.txt"],
            1,
            "empty.txt: the en side has no sentences",
        ),
        (
            &["align", "en.txt", "ru.txt"],
            1,
            "en.txt: the ru side is written in en",
        ),
        (&["align", "ru.txt", "bad.txt"], 1, "bad.txt:"),
        (&["align", "ru.txt", "missing.txt"], 1, "missing.txt"),
        (&["align", "ru.txt"], 2, "EN_FILE"),
        (&["align"], 2, "--jsonl"),
        (
            &["align", "ru.txt", "en.txt", "--min-confidence", "2"],
            2,
            "--min-confidence",
        ),
        (
            &["align", "ru.txt", "en.txt", "--srx", "missing.srx"],
            1,
            "missing.srx",
        ),
    ];
    for (args, code, message) in cases {
        dir.cmd()
            .args(*args)
            .assert()
            .code(*code)
            .stderr(predicate::str::contains(*message));
    }
}
