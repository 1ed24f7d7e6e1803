//! The real binary in a temporary copy of the bundled workspace: what users
//! see (snapshots), exit codes, and bad input.

use serde_json::Value;

mod common;
use common::Workspace;

impl Workspace {
    fn units(&self, memory: &str) -> u64 {
        let stats = self.json(&["--memory", memory, "stats", "--format", "json"]);
        stats["units"].as_u64().expect("units")
    }
}

#[test]
fn suggest_text_shows_scores_adapted_numbers_and_diff() {
    let ws = Workspace::bundled();
    let (code, out, err) = ws.run(&[
        "suggest",
        "--text",
        "Инфляция в Казахстане в мае составила 8,4%. Продовольственные товары за год подорожали на 9,5%.",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("first use"),
        "the bundled memory is built on first use: {err}"
    );
    insta::assert_snapshot!(out);
}

#[test]
fn suggest_json_carries_everything() {
    let ws = Workspace::bundled();
    let value = ws.json(&[
        "suggest",
        "--text",
        "Inflation in Kazakhstan stood at 7.2% in July.",
        "--format",
        "json",
        "--limit",
        "2",
    ]);
    insta::assert_json_snapshot!(value);
}

#[test]
fn a_whole_article_gets_context_matches() {
    let ws = Workspace::bundled();
    let text = "Инфляция в Казахстане в мае составила 7,2%. Об этом сообщило Бюро национальной статистики. Продовольственные товары за год подорожали на 9,5%.";
    let value = ws.json(&[
        "suggest", "--text", text, "--format", "json", "--limit", "1",
    ]);
    let scores: Vec<u64> = value["segments"]
        .as_array()
        .expect("segments")
        .iter()
        .map(|s| s["matches"][0]["score"].as_u64().expect("score"))
        .collect();
    // Each segment stands in the stored article with the same neighbours
    // (the first has the article start before it), except the last: its
    // next segment in the article is not the end of this text.
    assert_eq!(scores, vec![101, 101, 100]);
}

#[test]
fn suggest_tsv_and_jsonl() {
    let ws = Workspace::bundled();
    let (code, out, _) = ws.run(&[
        "suggest",
        "--text",
        "Об этом сообщило Бюро национальной статистики.",
        "--format",
        "tsv",
        "--limit",
        "1",
    ]);
    assert_eq!(code, 0);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2, "{out}");
    assert!(lines[0].starts_with("segment\trank\tscore"));
    let fields: Vec<&str> = lines[1].split('\t').collect();
    assert_eq!(&fields[..5], &["1", "1", "100", "100", "false"]);
    assert_eq!(
        fields[7],
        "This was reported by the Bureau of National Statistics."
    );

    let (code, out, _) = ws.run(&[
        "suggest",
        "--text",
        "Подробности уточняются. Ничего похожего нет.",
        "--format",
        "jsonl",
    ]);
    assert_eq!(code, 0);
    let lines: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).expect("json line"))
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["matches"][0]["score"], 100);
    assert_eq!(lines[1]["matches"].as_array().map(Vec::len), Some(0));
}

#[test]
fn filters_limit_the_units_considered() {
    let ws = Workspace::bundled();
    let text = "Инфляция в Казахстане в мае составила 7,2%.";
    let ids = |extra: &[&str]| -> Vec<String> {
        let mut args = vec![
            "suggest", "--text", text, "--format", "json", "--limit", "10",
        ];
        args.extend_from_slice(extra);
        let value = ws.json(&args);
        value["segments"][0]["matches"]
            .as_array()
            .expect("matches")
            .iter()
            .map(|m| m["unit"]["article"].as_str().unwrap_or("").to_string())
            .collect()
    };
    let all = ids(&[]);
    assert!(all.len() >= 2, "{all:?}");
    assert_eq!(
        ids(&["--article", "kz-2021-inflation-june"]),
        vec!["kz-2021-inflation-june"]
    );
    assert!(ids(&["--since", "2021-06-03"])
        .iter()
        .all(|a| a != "kz-2021-inflation-may"));
    assert!(ids(&["--until", "2021-06-02"])
        .iter()
        .all(|a| a != "kz-2021-inflation-june"));
    assert!(ids(&["--origin", "nowhere"]).is_empty());
    let (code, _, err) = ws.run(&[
        "suggest",
        "--text",
        text,
        "--since",
        "2022-01-01",
        "--until",
        "2021-01-01",
    ]);
    assert_eq!(code, 2, "a usage error");
    assert!(
        err.contains("--since 2022-01-01 is after --until 2021-01-01"),
        "{err}"
    );
}

#[test]
fn stats_of_the_bundled_memory() {
    let ws = Workspace::bundled();
    let mut value = ws.json(&["stats", "--format", "json"]);
    value.as_object_mut().map(|m| m.remove("index_bytes"));
    value.as_object_mut().map(|m| m.remove("segments"));
    insta::assert_json_snapshot!(value);
}

#[test]
fn import_dedupes_and_keeps_alternatives() {
    let ws = Workspace::empty();
    let pairs = ws.file(
        "pairs.tsv",
        "Аким Алматы провёл брифинг.\tThe akim of Almaty held a briefing.\nМажилис одобрил закон.\tThe Mazhilis approved the law.\n".as_bytes(),
    );
    let pairs = pairs.to_str().expect("utf-8 path");
    let (code, out, _) = ws.run(&["--memory", "m", "import", pairs]);
    assert_eq!(code, 0);
    assert!(out.contains("2 added, 0 unchanged, 0 skipped"), "{out}");
    let (_, out, _) = ws.run(&["--memory", "m", "import", pairs]);
    assert!(out.contains("0 added, 2 unchanged, 0 skipped"), "{out}");
    let alt = ws.file(
        "alt.jsonl",
        r#"{"ru": "Мажилис одобрил закон.", "en": "The Mazhilis passed the bill."}"#.as_bytes(),
    );
    let (_, out, _) = ws.run(&["--memory", "m", "import", alt.to_str().expect("path")]);
    assert!(out.contains("1 added, 0 unchanged"), "{out}");
    assert_eq!(ws.units("m"), 3);
    let value = ws.json(&[
        "--memory",
        "m",
        "suggest",
        "--text",
        "Мажилис одобрил закон.",
        "--format",
        "json",
    ]);
    let targets: Vec<&str> = value["segments"][0]["matches"]
        .as_array()
        .expect("matches")
        .iter()
        .map(|m| m["target"].as_str().expect("target"))
        .collect();
    assert_eq!(
        targets.len(),
        2,
        "both alternatives are offered: {targets:?}"
    );
}

#[test]
fn bad_records_are_skipped_with_file_and_line() {
    let ws = Workspace::empty();
    let long = "слово ".repeat(200_000);
    let content = format!(
        "Первая строка.\tFirst line.\nодна колонка\n\tEmpty Russian side.\n{long}\tA very long line.\nПоследняя строка.\tLast line.\n"
    );
    let file = ws.file("bad.tsv", content.as_bytes());
    let (code, out, err) = ws.run(&["--memory", "m", "import", file.to_str().expect("path")]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("3 added, 0 unchanged, 2 skipped"), "{out}");
    assert!(err.contains("bad.tsv:2:"), "{err}");
    assert!(err.contains("bad.tsv:3:"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn invalid_utf8_names_the_byte_offset_and_keeps_what_was_committed() {
    let ws = Workspace::empty();
    let good = ws.file(
        "good.tsv",
        "Токаев прибыл в Астану.\tTokayev arrived in Astana.\n".as_bytes(),
    );
    let (code, _, _) = ws.run(&["--memory", "m", "import", good.to_str().expect("path")]);
    assert_eq!(code, 0);
    let mut bytes = "Один.\tOne.\n".as_bytes().to_vec();
    // "Д" is valid; the sequence 0xD0 0xFF after it is not.
    let offset = bytes.len() + 2;
    bytes.extend_from_slice(b"\xd0\x94\xd0\xff\xfe\tTwo.\n");
    let bad = ws.file("bad.tsv", &bytes);
    let (code, _, err) = ws.run(&["--memory", "m", "import", bad.to_str().expect("path")]);
    assert_eq!(code, 1, "a file that stops early fails the import: {err}");
    assert!(
        err.contains(&format!("bad.tsv:2: invalid UTF-8 at byte {offset}")),
        "{err}"
    );
    // The good pair of the first import stays; the record before the bad
    // byte is imported.
    assert_eq!(ws.units("m"), 2);

    let (code, _, err) = ws.run(&[
        "--memory",
        "m",
        "import",
        bad.to_str().expect("path"),
        "--strict",
    ]);
    assert_eq!(code, 1);
    assert!(err.contains("nothing was imported (--strict)"), "{err}");
    assert_eq!(ws.units("m"), 2);
}

#[test]
fn a_tmx_cut_in_the_middle() {
    let ws = Workspace::empty();
    let tmx = r#"<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header srclang="ru" datatype="plaintext" segtype="sentence" adminlang="en" o-tmf="x" creationtool="x" creationtoolversion="1"/>
<body>
<tu><tuv xml:lang="ru-RU"><seg>Сенат принял закон.</seg></tuv><tuv xml:lang="EN-GB"><seg>The Senate passed the law.</seg></tuv></tu>
<tu><tuv xml:lang="ru"><seg>Аким Шымкента"#;
    let file = ws.file("cut.tmx", tmx.as_bytes());
    let (code, out, err) = ws.run(&["--memory", "m", "import", file.to_str().expect("path")]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("cut.tmx:5:"), "{err}");
    assert!(out.contains("1 added"), "{out}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn a_second_writer_is_refused_with_the_holder() {
    let ws = Workspace::empty();
    let file = ws.file("p.tsv", "Да.\tYes.\n".as_bytes());
    let memory = tilmash::memory::Memory::create(&ws.path().join("m")).expect("create");
    let writer = memory.writer(std::time::Duration::ZERO).expect("writer");
    let (code, _, err) = ws.run(&["--memory", "m", "import", file.to_str().expect("path")]);
    assert_eq!(code, 1);
    assert!(
        err.contains("m: memory is being written by another process (pid ")
            && err.contains(&format!("pid {}", std::process::id())),
        "{err}"
    );
    // Readers keep working.
    let (code, _, err) = ws.run(&["--memory", "m", "suggest", "--text", "Да."]);
    assert_eq!(code, 0, "{err}");
    drop(writer);
    let (code, _, _) = ws.run(&["--memory", "m", "import", file.to_str().expect("path")]);
    assert_eq!(code, 0);
}

#[test]
fn usage_errors_exit_with_2_and_missing_memory_with_1() {
    let ws = Workspace::empty();
    let (code, _, _) = ws.run(&["suggest", "--min-score", "200", "--text", "x"]);
    assert_eq!(code, 2);
    let (code, _, _) = ws.run(&["no-such-command"]);
    assert_eq!(code, 2);
    let (code, _, err) = ws.run(&["suggest", "--text", "Привет."]);
    assert_eq!(code, 1);
    assert!(err.contains("memories/main: no memory here"), "{err}");
    // A text in neither script, before the memory is opened: pass --from.
    let (code, _, err) = ws.run(&["--memory", "x", "suggest", "--text", "12345"]);
    assert_eq!(code, 2);
    assert!(err.contains("pass --from ru or --from en"), "{err}");
}

#[test]
fn memory_resolution_flag_env_config() {
    let ws = Workspace::empty();
    let file = ws.file("p.tsv", "Да.\tYes.\n".as_bytes());
    let file = file.to_str().expect("path");
    ws.file("tilmash.toml", b"memory = \"from-config\"\n");
    std::fs::create_dir(ws.path().join("sub")).expect("mkdir");
    // The nearest tilmash.toml, found from a subfolder, resolves relative to itself.
    let out = ws
        .cmd()
        .current_dir(ws.path().join("sub"))
        .args(["import", file])
        .output()
        .expect("run");
    assert!(out.status.success());
    assert!(ws.path().join("from-config/tilmash-memory.json").is_file());
    // The environment variable wins over the config, the flag over both.
    let out = ws
        .cmd()
        .env("TILMASH_MEMORY", "from-env")
        .args(["import", file])
        .output()
        .expect("run");
    assert!(out.status.success());
    assert!(ws.path().join("from-env/tilmash-memory.json").is_file());
    let out = ws
        .cmd()
        .env("TILMASH_MEMORY", "from-env")
        .args(["--memory", "from-flag", "import", file])
        .output()
        .expect("run");
    assert!(out.status.success());
    assert!(ws.path().join("from-flag/tilmash-memory.json").is_file());
    ws.file("tilmash.toml", b"memroy = \"typo\"\n");
    let (code, _, err) = ws.run(&["stats"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("tilmash.toml") && err.contains("memroy"),
        "{err}"
    );
}

#[test]
fn a_limit_of_zero_is_a_usage_error_for_suggest_as_for_pretranslate() {
    let ws = Workspace::bundled();
    let (code, _, err) = ws.run(&["suggest", "--text", "Да.", "--limit", "0"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--limit 0"), "{err}");
    let article = ws.file("a.txt", "Да.\n");
    let (code, _, err) = ws.run(&[
        "pretranslate",
        article.to_str().expect("path"),
        "--limit",
        "0",
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--limit 0"), "{err}");
}

#[test]
fn free_text_may_start_with_a_dash() {
    let ws = Workspace::bundled();
    let out = ws.ok(&[
        "suggest",
        "--text",
        "- Я думал, что инфляция в мае составила 8,4%.",
    ]);
    assert!(out.contains("[1] - Я думал"), "{out}");
    ws.ok(&["concordance", "-инфляция"]);
}
