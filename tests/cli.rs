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
    assert_eq!(
        err, "building memories/main from memories/main.jsonl (first use)\n",
        "the bundled memory is built on first use, named without the machine's paths"
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

/// The rows of `suggest --format tsv` of `text`, its best match only,
/// without the glossary, with `extra` arguments.
fn suggest_tsv(ws: &Workspace, text: &str, extra: &[&str]) -> Vec<Vec<String>> {
    let mut args = vec![
        "suggest",
        "--text",
        text,
        "--limit",
        "1",
        "--no-glossary",
        "--format",
        "tsv",
    ];
    args.extend_from_slice(extra);
    let (code, out, err) = ws.run(&args);
    assert_eq!(code, 0, "{err}");
    out.lines()
        .map(|l| l.split('\t').map(str::to_string).collect())
        .collect()
}

#[test]
fn suggest_tsv_carries_the_repairs_in_four_last_columns() {
    let ws = Workspace::bundled();
    let text = "Столица Казахстана была перенесена из Шымкента в Акмолу в ноябре 1996 года, а в июне 1997 года город получил название Астана.";
    let tsv = |extra: &[&str]| suggest_tsv(&ws, text, extra);
    let rows = tsv(&[]);
    assert_eq!(
        rows[0][11..16],
        ["terms", "repaired", "complete", "repairs", "unrepaired"],
        "the repair's columns come after the earlier twelve"
    );
    let row = &rows[1];
    assert_eq!(row.len(), 20, "{row:?}");
    assert_eq!(
        row[7],
        "Kazakhstan's capital was moved from Almaty to Akmola in November 1996, and in June 1997 the city was given the name Astana."
    );
    assert_eq!((row[12].as_str(), row[13].as_str()), ("true", "false"));
    assert_eq!(
        row[14],
        "month:December→November; number:1997→1996; month:May→June; number:1998→1997"
    );
    assert_eq!(
        row[15],
        "name:Алматы→Шымкента (no en translation of «Шымкента»)"
    );

    let stored = tsv(&["--no-repair"]);
    let row = &stored[1];
    assert!(row[7].contains("in December 1997"), "{row:?}");
    assert_eq!(
        row[12..16],
        ["false", "false", "", ""],
        "as stored: nothing repaired"
    );
}

/// Issue 14: the TSV says which rows are sentences of a paragraph unit
/// (and which of its sentences) and lists the paragraph matches, each
/// under the segment it starts at with the segments it joins, in four
/// columns after the earlier sixteen.
#[test]
fn suggest_tsv_marks_sentence_and_paragraph_matches() {
    let ws = Workspace::empty();
    ws.ok(&[
        "import",
        &common::root()
            .join("examples/paragraphs.tsv")
            .to_string_lossy(),
        "--quiet",
    ]);
    let text = "Акимат Шымкента объявил о ремонте водопровода в Енбекшинском районе. \
                Работы продлятся до конца ноября. Жителей просят запастись питьевой водой.";
    let rows = suggest_tsv(&ws, text, &[]);
    assert_eq!(
        rows[0][15..],
        [
            "unrepaired",
            "kind",
            "paragraph_unit",
            "sentences",
            "segments"
        ]
    );
    assert!(rows.iter().all(|r| r.len() == 20), "{rows:?}");
    // segment, rank, score, then kind, paragraph unit, sentences, segments.
    let cells: Vec<[&str; 7]> = rows[1..]
        .iter()
        .map(|r| [&r[0], &r[1], &r[2], &r[16], &r[17], &r[18], &r[19]].map(String::as_str))
        .collect();
    let unit = "8490a291a13a309d";
    assert_eq!(
        cells,
        [
            ["1", "1", "100", "sentence", unit, "1 of 3", ""],
            ["1", "1", "94", "paragraph", "", "", "1–3"],
            ["2", "1", "80", "sentence", unit, "2 of 3", ""],
            ["3", "1", "100", "sentence", unit, "3 of 3", ""],
        ],
        "{rows:?}"
    );
    // The paragraph row: the unit, the joined segments as its text, the
    // whole unit's target repaired.
    let paragraph = &rows[2];
    assert_eq!(paragraph[8], unit);
    assert_eq!(paragraph[5], text);
    assert!(
        paragraph[7].contains("until the end of November."),
        "{paragraph:?}"
    );
    assert_eq!(paragraph[12], "true");
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
    // May's report (2021-06-02) at 100, June's (2021-07-01) at 71: each
    // filter keeps exactly the one it should, both date bounds inclusive.
    let (may, june) = ("kz-2021-inflation-may", "kz-2021-inflation-june");
    assert_eq!(ids(&[]), [may, june]);
    assert_eq!(ids(&["--article", june]), [june]);
    assert_eq!(ids(&["--since", "2021-06-03"]), [june]);
    assert_eq!(ids(&["--until", "2021-06-02"]), [may]);
    assert_eq!(
        ids(&["--since", "2021-06-02", "--until", "2021-06-02"]),
        [may]
    );
    assert_eq!(
        ids(&["--since", "2021-07-01", "--until", "2021-07-01"]),
        [june]
    );
    assert!(ids(&["--since", "2021-06-03", "--until", "2021-06-30"]).is_empty());
    assert_eq!(ids(&["--origin", "tilmash-demo"]), [may, june]);
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
fn color_always_never_and_auto() {
    let ws = Workspace::bundled();
    let suggest = |extra: &[&str], no_color: bool| -> String {
        let mut cmd = ws.cmd();
        if !no_color {
            cmd.env_remove("NO_COLOR");
        }
        let out = cmd
            .args([
                "-q",
                "suggest",
                "--text",
                "Инфляция в Казахстане в мае составила 8,4%.",
                "--limit",
                "1",
            ])
            .args(extra)
            .output()
            .expect("run");
        assert!(out.status.success());
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let plain = "Инфляция в Казахстане в мае составила [-7,2-]{+8,4+}%.";
    let painted =
        "Инфляция в Казахстане в мае составила \x1b[31m[-7,2-]\x1b[0m\x1b[32m{+8,4+}\x1b[0m%.";
    // Always: even into a pipe and with NO_COLOR (the flag is explicit).
    let always = suggest(&["--color", "always"], true);
    assert!(always.contains(painted), "{always:?}");
    assert!(always.contains("\x1b[1m[1]\x1b[0m"), "{always:?}");
    // Never, and auto into a pipe (with or without NO_COLOR): no escapes.
    for (extra, no_color) in [
        (&["--color", "never"][..], false),
        (&["--color", "auto"][..], false),
        (&[][..], true),
    ] {
        let out = suggest(extra, no_color);
        assert!(
            out.contains(plain) && !out.contains('\x1b'),
            "{extra:?}: {out:?}"
        );
    }
    // The concordance paints its hits instead of bracketing them.
    let out = ws.ok(&[
        "concordance",
        "базовую ставку",
        "--limit",
        "1",
        "--color",
        "always",
    ]);
    assert!(out.contains("\x1b[1;33mбазовую ставку\x1b[0m"), "{out:?}");
    let out = ws.ok(&["concordance", "базовую ставку", "--limit", "1"]);
    assert!(
        out.contains("[базовую ставку]") && !out.contains('\x1b'),
        "{out:?}"
    );
    let (code, _, err) = ws.run(&["stats", "--color", "sometimes"]);
    assert_eq!(code, 2, "{err}");
}

#[test]
fn stats_of_the_bundled_memory() {
    let ws = Workspace::bundled();
    let mut value = ws.json(&["stats", "--format", "json"]);
    value.as_object_mut().map(|m| m.remove("index_bytes"));
    value.as_object_mut().map(|m| m.remove("index_segments"));
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
fn quiet_silences_messages_but_not_data_or_warnings() {
    let quiet = Workspace::bundled();
    let loud = Workspace::bundled();
    let text = ["suggest", "--text", "Подробности уточняются."];
    let (code, out, err) = loud.run(&text);
    assert_eq!(code, 0);
    assert!(err.contains("(first use)"), "{err}");
    let (code, quiet_out, err) = quiet.run(&[&["-q"][..], &text[..]].concat());
    assert_eq!((code, err.as_str()), (0, ""));
    assert_eq!(quiet_out, out, "the data is the same");

    // Messages (export's summary) and warnings about the input (records
    // skipped) are silenced; the data and errors are not.
    let (code, _, err) = quiet.run(&["--quiet", "export", "-o", "all.tmx"]);
    assert_eq!((code, err.as_str()), (0, ""));
    let (code, _, err) = loud.run(&["export", "-o", "all.tmx"]);
    assert_eq!(code, 0);
    assert!(
        err.starts_with("exported 423 units to all.tmx (427 records, one per place)"),
        "{err}"
    );
    quiet.file("bad.tsv", "Первая строка\tFirst line\nнет перевода\n");
    let (code, out, err) = quiet.run(&["-q", "--memory", "m", "import", "bad.tsv"]);
    assert_eq!(code, 0);
    assert_eq!(
        out,
        "m: 1 added, 0 unchanged, 1 skipped (2 records, 2 lines from 1 file, 1 commit)\n"
    );
    assert_eq!(err, "", "--quiet silences the warnings too");
    loud.file("bad.tsv", "Первая строка\tFirst line\nнет перевода\n");
    let (code, _, err) = loud.run(&["--memory", "m", "import", "bad.tsv"]);
    assert_eq!(code, 0);
    assert!(err.contains("warning: bad.tsv:2:"), "{err}");
}

#[test]
fn import_csv_with_columns_no_header_and_origin() {
    let ws = Workspace::empty();
    let body = "2024-01-02,\"Hello, \"\"world\"\"\",\"Привет, «мир»\",a1\n\
                2024-01-03,Second line,Вторая строка,a1\n";
    ws.file("with-header.csv", format!("date,en,ru,article\n{body}"));
    ws.file("bare.csv", body);
    let units = |memory: &str| -> Vec<Value> {
        let out = ws.ok(&["--memory", memory, "export", "--format", "jsonl"]);
        out.lines()
            .map(|l| {
                let mut v: Value = serde_json::from_str(l).expect("JSON line");
                common::redact(&mut v);
                v.as_object_mut().map(|m| m.remove("id"));
                v
            })
            .collect()
    };
    // A header names the columns, in any order; the origin defaults to
    // the file's name.
    let summary = ws.json(&[
        "--memory",
        "a",
        "import",
        "with-header.csv",
        "--format",
        "json",
    ]);
    assert_eq!(
        (summary["added"].as_u64(), summary["skipped"].as_u64()),
        (Some(2), Some(0))
    );
    // --columns for a file without a header, --origin for its units.
    let summary = ws.json(&[
        "--memory",
        "b",
        "import",
        "bare.csv",
        "--columns",
        "date,en,ru,article",
        "--no-header",
        "--origin",
        "desk",
        "--format",
        "json",
    ]);
    assert_eq!(
        (summary["added"].as_u64(), summary["skipped"].as_u64()),
        (Some(2), Some(0))
    );
    let (a, b) = (units("a"), units("b"));
    let pairs = |units: &[Value]| {
        let mut pairs: Vec<String> = units
            .iter()
            .map(|u| format!("{} {} {} {}", u["ru"], u["en"], u["date"], u["article"]))
            .collect();
        pairs.sort();
        pairs
    };
    assert_eq!(pairs(&a), pairs(&b));
    assert_eq!(pairs(&a).len(), 2);
    assert!(
        b.iter()
            .any(|u| u["ru"] == "Привет, «мир»" && u["en"] == "Hello, \"world\""),
        "{b:?}"
    );
    assert!(a.iter().all(|u| u["origin"] == "with-header.csv"), "{a:?}");
    assert!(b.iter().all(|u| u["origin"] == "desk"), "{b:?}");
    // Consecutive units of one article are each other's context.
    assert!(
        b.iter()
            .all(|u| u["context"]["next_ru"] != u["context"]["prev_ru"]),
        "{b:?}"
    );
    // --no-header on a file that has one: the header line is a bad record.
    let (code, out, err) = ws.run(&[
        "--memory",
        "c",
        "import",
        "with-header.csv",
        "--columns",
        "date,en,ru,article",
        "--no-header",
    ]);
    assert_eq!(code, 0);
    assert!(
        out.starts_with("c: 2 added, 0 unchanged, 1 skipped"),
        "{out}"
    );
    assert!(err.contains("with-header.csv:1: bad date `date`"), "{err}");
}

#[test]
fn suggest_reads_a_file_or_standard_input() {
    let ws = Workspace::bundled();
    let text = "Инфляция в Казахстане в мае составила 7,2%.\n\nОб этом сообщило Бюро национальной статистики.\n";
    ws.file("article.txt", text);
    let segments = |v: Value| v["segments"].clone();
    let from_text = ws.json(&["suggest", "--text", text, "--format", "json"]);
    let from_file = ws.json(&["suggest", "article.txt", "--format", "json"]);
    let out = ws
        .cmd()
        .args(["suggest", "-", "--format", "json"])
        .write_stdin(text)
        .output()
        .expect("run");
    assert!(out.status.success());
    let mut from_stdin: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    common::redact(&mut from_stdin);
    let scores: Vec<u64> = from_file["segments"]
        .as_array()
        .expect("segments")
        .iter()
        .map(|s| s["matches"][0]["score"].as_u64().unwrap_or(0))
        .collect();
    assert_eq!(scores, [101, 100]);
    assert_eq!(segments(from_file.clone()), segments(from_text));
    assert_eq!(segments(from_file), segments(from_stdin));
    let (code, _, err) = ws.run(&["suggest", "missing.txt"]);
    assert_eq!(code, 1);
    assert!(err.contains("missing.txt"), "{err}");
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

/// Issue 16 item 4: `Подробности уточняются.` closes two articles of the
/// bundled memory. The second keeps its place: its export has the line,
/// the date filter sees its date, and its own context scores 101 there.
#[test]
fn a_pair_in_two_articles_keeps_both_places() {
    let ws = Workspace::bundled();
    let text = "Уровень воды в реке Урал у Уральска продолжает расти. Подробности уточняются.";
    let value = ws.json(&["suggest", "--text", text, "--format", "json"]);
    let matches = value["segments"][1]["matches"].as_array().expect("matches");
    assert_eq!(matches.len(), 1, "one unit, not one per place: {matches:?}");
    assert_eq!(matches[0]["score"], 101, "{:?}", matches[0]);
    assert_eq!(matches[0]["unit"]["article"], "kz-2024-04-floods");
    assert_eq!(matches[0]["unit"]["position"], 8);
    assert_eq!(matches[0]["unit"]["date"], "2024-04-08");
    assert_eq!(
        matches[0]["unit"]["occurrences"][0]["article"],
        "kz-2022-01-government-resigns"
    );

    let (code, out, err) = ws.run(&[
        "export",
        "--format",
        "jsonl",
        "--article",
        "kz-2024-04-floods",
    ]);
    assert_eq!(code, 0, "{err}");
    let mut positions: Vec<u64> = out
        .lines()
        .map(|l| {
            let v: Value = serde_json::from_str(l).expect("json line");
            assert_eq!(v["article"], "kz-2024-04-floods", "{l}");
            assert!(v.get("occurrences").is_none(), "one place per line: {l}");
            v["position"].as_u64().expect("position")
        })
        .collect();
    positions.sort_unstable();
    assert_eq!(positions, (0..9).collect::<Vec<u64>>(), "{out}");

    let later = ws.json(&[
        "suggest",
        "--text",
        "Подробности уточняются.",
        "--since",
        "2024-01-01",
        "--format",
        "json",
    ]);
    let found = &later["segments"][0]["matches"][0]["unit"];
    assert_eq!(found["date"], "2024-04-08", "{later}");
}

/// A known pair at a new place is counted as a new occurrence, and the
/// same place again changes nothing; a whole export imports back to the
/// same units and places.
#[test]
fn a_known_pair_at_a_new_place_is_a_new_occurrence() {
    let ws = Workspace::empty();
    let line = |article: &str, position: u32, ru: &str, en: &str| {
        format!(
            "{{\"ru\": \"{ru}\", \"en\": \"{en}\", \"article\": \"{article}\", \"position\": {position}, \"date\": \"2024-0{}-01\"}}\n",
            position + 1
        )
    };
    let first = [
        line("a", 0, "Аким провёл брифинг.", "The akim held a briefing."),
        line(
            "a",
            1,
            "Подробности уточняются.",
            "Details are being clarified.",
        ),
    ]
    .concat();
    let second = [
        line(
            "b",
            0,
            "Мажилис одобрил закон.",
            "The Mazhilis approved the law.",
        ),
        line(
            "b",
            1,
            "Подробности уточняются.",
            "Details are being clarified.",
        ),
    ]
    .concat();
    let a = ws.file("a.jsonl", first);
    let b = ws.file("b.jsonl", second);
    let (a, b) = (a.to_str().expect("path"), b.to_str().expect("path"));
    let (code, out, err) = ws.run(&["--memory", "m", "import", a, b]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("3 added, 1 new occurrence, 0 unchanged"),
        "{out}"
    );
    let (_, out, _) = ws.run(&["--memory", "m", "import", b]);
    assert!(out.contains("0 added, 2 unchanged"), "{out}");
    assert_eq!(ws.units("m"), 3);

    let (code, exported, err) = ws.run(&["--memory", "m", "export", "--format", "jsonl"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        exported.lines().count(),
        4,
        "one line per place: {exported}"
    );
    let back = ws.file("back.jsonl", &exported);
    let (_, out, _) = ws.run(&["--memory", "n", "import", back.to_str().expect("path")]);
    assert!(out.contains("3 added, 1 new occurrence"), "{out}");
    let (_, again, _) = ws.run(&["--memory", "n", "export", "--format", "jsonl"]);
    let mut lines: Vec<&str> = again.lines().collect();
    let mut want: Vec<&str> = exported.lines().collect();
    lines.sort_unstable();
    want.sort_unstable();
    assert_eq!(lines, want);
}

/// Issue 16, item 1: an import that adds nothing must not look like a
/// success, and CSV must not be read as TSV.
#[test]
fn an_import_that_reads_no_pair_fails_and_csv_is_told_by_its_content() {
    let ws = Workspace::bundled();
    let csv = "ru,en\n\"Аким прибыл в город.\",\"The akim arrived in the city.\"\nРешение принято.,The decision was made.\n";
    // CSV on standard input and in a .txt file: detected by the content.
    let out = ws
        .cmd()
        .args(["--memory", "m", "import", "-"])
        .write_stdin(csv)
        .output()
        .expect("run");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(
        stdout.starts_with("m: 2 added, 0 unchanged, 0 skipped"),
        "{stdout}"
    );
    ws.file("pairs.txt", csv);
    let (code, out, err) = ws.run(&["--memory", "m2", "import", "pairs.txt"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("m2: 2 added"), "{out}");

    // A header naming ru and en is a header; its unknown column is named.
    ws.file(
        "notes.tsv",
        "en\tru\tnotes\nThe akim arrived.\tАким прибыл.\tcheck\n",
    );
    let (code, _, err) = ws.run(&["--memory", "m", "import", "notes.tsv"]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("notes.tsv:1: header: unknown column `notes`"),
        "{err}"
    );

    // pretranslate's own TSV is no memory file: its columns are named.
    ws.file("article.txt", "Подробности уточняются.\n");
    let draft = ws.ok(&["pretranslate", "article.txt", "--format", "tsv"]);
    ws.file("draft.tsv", &draft);
    let (code, _, err) = ws.run(&["--memory", "m", "import", "draft.tsv"]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("unknown columns `segment`, `state`, `score`"),
        "{err}"
    );

    // A .tsv holding CSV: every record skipped, the hint names the
    // option, and the exit code says that nothing was imported.
    ws.file("wrong.tsv", "\"Да.\",\"Yes.\"\n\"Нет.\",\"No.\"\n");
    let (code, out, err) = ws.run(&["--memory", "m3", "import", "wrong.tsv"]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.contains("0 added, 0 unchanged, 2 skipped"), "{out}");
    assert!(err.contains("pass --input-format csv"), "{err}");
    assert!(
        err.contains("error: nothing imported: every record of wrong.tsv was skipped"),
        "{err}"
    );
    assert!(
        !ws.path().join("m3").exists(),
        "an import that created the memory and read nothing removes it"
    );
    let (code, _, err) = ws.run(&["--memory", "m3", "import", "wrong.tsv", "--allow-empty"]);
    assert_eq!(code, 0, "--allow-empty: {err}");

    // An empty input.
    let out = ws
        .cmd()
        .args(["--memory", "m", "import", "-"])
        .write_stdin("")
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("nothing imported: - holds no pairs"),
        "{out:?}"
    );
    let out = ws
        .cmd()
        .args(["--memory", "m", "import", "-", "--allow-empty"])
        .write_stdin("")
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(0), "{out:?}");
}

/// Issue 16, item 9: a failed `--strict` import on a new path leaves no
/// memory behind; the summary counts records and lines.
#[test]
fn strict_import_on_a_new_path_leaves_nothing_and_the_summary_counts_lines() {
    let ws = Workspace::empty();
    ws.file("bad.tsv", "Да.\tYes.\nодна колонка\n");
    let (code, _, err) = ws.run(&["--memory", "new", "import", "bad.tsv", "--strict"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("nothing was imported (--strict)"), "{err}");
    assert!(
        !ws.path().join("new").exists(),
        "an empty memory was left behind"
    );

    // A header, a blank line and a quoted field over two lines: 5 lines,
    // 2 records.
    ws.file(
        "five.csv",
        "ru,en\n\n\"Первая\nстрока.\",First line.\nВторая.,Second.\n",
    );
    let (code, out, err) = ws.run(&["--memory", "m", "import", "five.csv"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out,
        "m: 2 added, 0 unchanged, 0 skipped (2 records, 5 lines from 1 file, 1 commit)\n"
    );
    let value = ws.json(&["--memory", "m", "import", "five.csv", "--format", "json"]);
    assert_eq!(value["lines"], 5, "{value}");
    assert_eq!(value["memory"], "m", "{value}");
}

/// Issue 16, item 5: the terminal diff is readable without colour (the
/// markers stay when colour is on) and inserted words keep their space.
#[test]
fn the_diff_marks_changes_with_more_than_colour_and_keeps_spaces() {
    let ws = Workspace::bundled();
    let texts = [
        "Годовая инфляция в Казахстане в мае составила 8,4%.",
        "Инфляция в Казахстане в мае составила 7,2 8,4%.",
        "Национальный банк Казахстана снизил базовую ставку сразу до 16,5% годовых.",
    ];
    let mut never = String::new();
    let mut always = String::new();
    for text in texts {
        let args = ["suggest", "--text", text, "--limit", "1", "--no-glossary"];
        never += &ws.ok(&[&args[..], &["--color", "never"]].concat());
        always += &ws.ok(&[&args[..], &["--color", "always"]].concat());
    }
    let diffs = |out: &str| -> String {
        out.lines()
            .filter(|l| l.contains("[-") || l.contains("{+"))
            .map(|l| format!("{l}\n"))
            .collect()
    };
    assert!(never.contains("{+Годовая+} Инфляция"), "{never}");
    assert!(never.contains("7,2 {+8,4+}%"), "{never}");
    assert!(never.contains("ставку {+сразу+} до"), "{never}");
    insta::assert_snapshot!("diff_without_colour", diffs(&never));
    insta::assert_snapshot!("diff_with_colour", diffs(&always).replace('\x1b', "␛"));
    let plain = regex_lite_strip(&always);
    assert_eq!(plain, never, "colour only adds to the markers");
}

/// The text without its ANSI SGR sequences.
fn regex_lite_strip(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\x1b' && chars.peek() == Some(&'[') {
            for c in chars.by_ref() {
                if c == 'm' {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Issue 16, item 7: `| head -1` ends the command quietly with exit 0,
/// whichever writer met the closed pipe (JSON, CSV, TMX, lines).
#[test]
fn a_closed_output_ends_the_command_quietly() {
    use std::io::{BufRead, BufReader};
    let ws = Workspace::bundled().with_glossaries();
    ws.ok(&["stats"]);
    let commands: [&[&str]; 5] = [
        &["export", "--format", "jsonl"],
        &["export", "--format", "tmx"],
        &["concordance", "в", "--limit", "0", "--format", "json"],
        &["glossary", "list", "--format", "json"],
        &["glossary", "export", "--format", "csv"],
    ];
    for args in commands {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_tilmash"))
            .current_dir(ws.path())
            .env("NO_COLOR", "1")
            .env_remove("TILMASH_MEMORY")
            .args(args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("spawn");
        let mut first = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut first)
            .expect("a line");
        // The reader is gone (dropped): the rest cannot be written.
        let out = child.wait_with_output().expect("wait");
        assert!(!first.is_empty(), "{args:?}");
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        assert_eq!(String::from_utf8_lossy(&out.stderr), "", "{args:?}");
    }
}

/// Issue 16, item 7: `suggest` without input on a terminal says what it
/// waits for, then reads the text.
#[test]
fn suggest_on_a_terminal_says_what_it_waits_for() {
    use std::io::{Read, Write};
    use std::os::fd::FromRawFd;
    let ws = Workspace::bundled();
    ws.ok(&["stats"]);
    let (mut master, mut slave) = (0, 0);
    // SAFETY: openpty fills the two descriptors; no name, termios or size.
    let opened = unsafe {
        libc::openpty(
            &mut master,
            &mut slave,
            std::ptr::null_mut(),
            std::ptr::null(),
            std::ptr::null(),
        )
    };
    assert_eq!(opened, 0, "openpty");
    // SAFETY: both descriptors were just opened and are owned here.
    let (master, slave) = unsafe {
        (
            std::fs::File::from_raw_fd(master),
            std::fs::File::from_raw_fd(slave),
        )
    };
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_tilmash"))
        .current_dir(ws.path())
        .env("NO_COLOR", "1")
        .env_remove("TILMASH_MEMORY")
        .args(["suggest"])
        .stdin(slave)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    // The first line on stderr, read by a thread so that a command that
    // waits silently fails the test instead of hanging it.
    let mut stderr = child.stderr.take().expect("stderr");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut said = Vec::new();
        let mut byte = [0u8; 1];
        while !said.ends_with(b"\n") && stderr.read(&mut byte).is_ok_and(|n| n == 1) {
            said.push(byte[0]);
        }
        let _ = tx.send(String::from_utf8_lossy(&said).into_owned());
    });
    let said = match rx.recv_timeout(std::time::Duration::from_secs(60)) {
        Ok(said) => said,
        Err(_) => {
            let _ = child.kill();
            panic!("suggest waited on the terminal without a word");
        }
    };
    assert!(
        said.starts_with("reading the text from standard input"),
        "{said}"
    );
    let mut master = master;
    master
        .write_all("Подробности уточняются.\n\x04".as_bytes())
        .expect("type");
    let out = child.wait_with_output().expect("wait");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains("[1] Подробности уточняются."), "{stdout}");
}

/// Issue 16, item 9: every `$ tilmash …` example of the README runs as
/// written in a fresh copy of the repository's files (each on a file the
/// repository ships), without an error.
#[test]
fn every_readme_example_runs_in_a_fresh_clone() {
    let readme = std::fs::read_to_string(common::root().join("README.md")).expect("README");
    let mut examples = Vec::new();
    let mut in_text = false;
    for line in readme.lines() {
        if line.starts_with("```") {
            in_text = line == "```text";
            continue;
        }
        if let Some(command) = line.strip_prefix("$ tilmash ").filter(|_| in_text) {
            let command = command.split("  #").next().unwrap_or(command).trim();
            examples.push(format!("tilmash {command}"));
        }
    }
    assert!(examples.len() >= 15, "{examples:#?}");
    let bin = std::path::Path::new(env!("CARGO_BIN_EXE_tilmash"))
        .parent()
        .expect("bin dir")
        .to_path_buf();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    for example in &examples {
        let ws = fresh_clone();
        let out = std::process::Command::new("bash")
            .args(["-c", &format!("set -o pipefail; {example}")])
            .current_dir(ws.path())
            .env("PATH", &path)
            .env("NO_COLOR", "1")
            .env_remove("TILMASH_MEMORY")
            .output()
            .expect("bash");
        let err = String::from_utf8_lossy(&out.stderr);
        // `check` exits 1 when it reports problems, as the README shows.
        let expected = if example.starts_with("tilmash check") {
            1
        } else {
            0
        };
        assert_eq!(out.status.code(), Some(expected), "{example}\n{err}");
        assert!(!err.contains("error:"), "{example}\n{err}");
    }
}

/// The files of a fresh clone that the examples use: the workspace, the
/// glossary and `examples/` (without its Rust programs).
fn fresh_clone() -> Workspace {
    let ws = Workspace::bundled().with_glossaries();
    let copy = |from: &std::path::Path, to: &std::path::Path| {
        std::fs::create_dir_all(to).expect("mkdir");
        for entry in std::fs::read_dir(from).expect("dir") {
            let path = entry.expect("entry").path();
            let name = path.file_name().expect("name");
            if path.is_dir() {
                for inner in std::fs::read_dir(&path).expect("dir") {
                    let inner = inner.expect("entry").path();
                    std::fs::create_dir_all(to.join(name)).expect("mkdir");
                    std::fs::copy(&inner, to.join(name).join(inner.file_name().expect("name")))
                        .expect("copy");
                }
            } else if path.extension().is_none_or(|e| e != "rs") {
                std::fs::copy(&path, to.join(name)).expect("copy");
            }
        }
    };
    copy(
        &common::root().join("examples"),
        &ws.path().join("examples"),
    );
    ws
}
