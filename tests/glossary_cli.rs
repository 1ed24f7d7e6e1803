//! The glossary through the real binary in a temporary workspace holding a
//! copy of the bundled glossary: suggest with terms, check, edits that
//! change only their line, malformed inputs; and date selection and status
//! warnings as tables on the library.

use std::path::Path;

use serde_json::Value;
use tilmash::glossary::{FlagRule, Glossary};
use tilmash::text::Lang;

mod common;
use common::{root, tilmash, Workspace};

/// A workspace with the bundled glossary and a two-pair memory seed.
fn workspace() -> Workspace {
    let ws = Workspace::empty().with_glossaries();
    ws.file(
        "seed.jsonl",
        "{\"ru\": \"Токаев прибыл в Алматы.\", \"en\": \"Tokayev arrived in Almaty.\", \"date\": \"2021-03-01\"}\n",
    );
    ws.file(
        "tilmash.toml",
        "memory = \"memories/main\"\nglossaries = \"glossaries\"\nseed = [\"seed.jsonl\"]\n",
    );
    ws
}

fn json(out: &[u8]) -> Value {
    serde_json::from_slice(out).unwrap()
}

#[test]
fn suggest_lists_terms_with_targets_for_the_date() {
    let dir = workspace();
    let out = tilmash(dir.path())
        .args([
            "suggest",
            "--text",
            "В Нур-Султане Токаеву показали новый мост.",
            "--date",
            "2020-05-01",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc = json(&out.stdout);
    let terms = doc["segments"][0]["terms"].as_array().unwrap();
    let seen: Vec<(String, u64, u64, String)> = terms
        .iter()
        .map(|t| {
            (
                t["text"].as_str().unwrap().to_string(),
                t["start"].as_u64().unwrap(),
                t["end"].as_u64().unwrap(),
                t["targets"][0]["term"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        seen,
        [
            ("Нур-Султане".to_string(), 2, 13, "Nur-Sultan".to_string()),
            ("Токаеву".to_string(), 14, 21, "Tokayev".to_string()),
        ]
    );

    // The same sentence dated 2023: Нур-Султан is out of date, Astana offered.
    let out = tilmash(dir.path())
        .args([
            "suggest",
            "--text",
            "В Нур-Султане Токаеву показали новый мост.",
            "--date",
            "2023-01-10",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("term Нур-Султане → Astana"), "{text}");
    assert!(
        text.contains("warning (out-of-date): Нур-Султан is not valid on 2023-01-10"),
        "{text}"
    );

    let out = tilmash(dir.path())
        .args([
            "suggest",
            "--text",
            "В Нур-Султане Токаеву показали мост.",
            "--no-glossary",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert_eq!(
        json(&out.stdout)["segments"][0]["terms"],
        serde_json::json!([])
    );
}

fn check(dir: &Path, ru: &str, en: &str, date: &str) -> (i32, Vec<(String, String, String)>) {
    std::fs::write(dir.join("src.txt"), ru).unwrap();
    std::fs::write(dir.join("tgt.txt"), en).unwrap();
    let out = tilmash(dir)
        .args([
            "check", "src.txt", "tgt.txt", "--date", date, "--format", "json",
        ])
        .output()
        .unwrap();
    let problems = json(&out.stdout)
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["rule"].as_str().unwrap().to_string(),
                p["side"].as_str().unwrap().to_string(),
                p["text"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    (out.status.code().unwrap(), problems)
}

#[test]
fn check_rules_through_the_cli() {
    let dir = workspace();
    let p =
        |rule: &str, side: &str, text: &str| (rule.to_string(), side.to_string(), text.to_string());
    type Want = Vec<(String, String, String)>;
    let cases: Vec<(&str, &str, &str, &str, i32, Want)> = vec![
        (
            "a correct draft",
            "Токаев прибыл в Нур-Султан.\n",
            "Tokayev arrived in Nur-Sultan.\n",
            "2020-05-01",
            0,
            vec![],
        ),
        (
            "Astana in a 2020 text",
            "Токаев прибыл в Нур-Султан.\n",
            "Tokayev arrived in Astana.\n",
            "2020-05-01",
            1,
            vec![p("out-of-date", "target", "Astana")],
        ),
        (
            "a dropped name",
            "Токаев прибыл в Нур-Султан.\n",
            "The president arrived in Nur-Sultan.\n",
            "2020-05-01",
            1,
            vec![p("missing-term", "source", "Токаев")],
        ),
        (
            "an inflected source and a possessive target count as present",
            "Визит Токаева в Алматы завершился.\n",
            "Tokayev's visit to Almaty ended.\n",
            "2020-05-01",
            0,
            vec![],
        ),
        (
            "a forbidden target",
            "Делегация Кыргызстана прибыла.\n",
            "A delegation from Kirghizia arrived.\n",
            "2020-05-01",
            1,
            vec![p("forbidden-term", "target", "Kirghizia")],
        ),
        (
            "numbers that differ, on the second pair",
            "Цены выросли.\nБюджет составил 1,5 млн тенге.\n",
            "Prices rose.\nThe budget was 15 million tenge.\n",
            "2020-05-01",
            1,
            vec![
                p("number-mismatch", "source", "1,5 млн"),
                p("number-mismatch", "target", "15 million"),
            ],
        ),
    ];
    for (rule, ru, en, date, code, want) in cases {
        let (got_code, got) = check(dir.path(), ru, en, date);
        assert_eq!((got_code, got), (code, want), "{rule}");
    }
    // Pair numbers and spans in the text output.
    std::fs::write(
        dir.path().join("src.txt"),
        "Цены выросли.\nТокаев прибыл в Нур-Султан.\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("tgt.txt"),
        "Prices rose.\nTokayev arrived in Astana.\n",
    )
    .unwrap();
    let out = tilmash(dir.path())
        .args(["check", "src.txt", "tgt.txt", "--date", "2020-05-01"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with(
            "pair 2, target 19–25 «Astana»: out-of-date: Astana is not valid on 2020-05-01"
        ),
        "{text}"
    );
}

#[test]
fn check_reads_a_jsonl_of_pairs_with_their_dates() {
    let dir = workspace();
    std::fs::write(
        dir.path().join("pairs.jsonl"),
        "{\"ru\": \"Аким Астаны выступил.\", \"en\": \"The akim of Astana spoke.\", \"date\": \"2018-01-10\"}\n\
         {\"ru\": \"Аким Астаны выступил.\", \"en\": \"The akim of Astana spoke.\", \"date\": \"2021-01-10\"}\n",
    )
    .unwrap();
    let out = tilmash(dir.path())
        .args(["check", "pairs.jsonl", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let rules: Vec<(u64, String)> = json(&out.stdout)
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["pair"].as_u64().unwrap(),
                p["rule"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        rules,
        [
            (2, "source-out-of-date".to_string()),
            (2, "out-of-date".to_string())
        ],
        "only the 2021 pair is out of date"
    );
}

fn files(dir: &Path) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = std::fs::read_dir(dir.join("glossaries"))
        .unwrap()
        .map(|e| {
            let p = e.unwrap().path();
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read_to_string(&p).unwrap(),
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn edits_change_only_their_line_and_round_trip() {
    let dir = workspace();
    let before = files(dir.path());
    tilmash(dir.path())
        .args([
            "glossary",
            "add",
            "--concept",
            "person-tokayev",
            "--ru",
            "Касым-Жомарт Кемелевич",
            "--en",
            "Kassym-Jomart Kemelevich",
            "--pos",
            "propn",
        ])
        .assert()
        .success();
    let after_add = files(dir.path());
    let people_before: Vec<&str> = before
        .iter()
        .find(|f| f.0 == "people.tsv")
        .unwrap()
        .1
        .lines()
        .collect();
    let people_after: Vec<&str> = after_add
        .iter()
        .find(|f| f.0 == "people.tsv")
        .unwrap()
        .1
        .lines()
        .collect();
    assert_eq!(people_after.len(), people_before.len() + 1);
    let added = people_after
        .iter()
        .position(|l| l.contains("Кемелевич\t"))
        .unwrap();
    assert!(
        people_after[added - 1].starts_with("person-tokayev\t"),
        "added after its concept"
    );
    let mut without: Vec<&str> = people_after.clone();
    without.remove(added);
    assert_eq!(without, people_before, "nothing else changed");

    tilmash(dir.path())
        .args([
            "glossary",
            "edit",
            "--concept",
            "person-tokayev",
            "--ru",
            "Касым-Жомарт Кемелевич",
            "--set",
            "note=full name without surname",
        ])
        .assert()
        .success();
    tilmash(dir.path())
        .args([
            "glossary",
            "remove",
            "--concept",
            "person-tokayev",
            "--en",
            "Kassym-Jomart Kemelevich",
        ])
        .assert()
        .success();
    assert_eq!(
        files(dir.path()),
        before,
        "add, edit, remove: back byte for byte"
    );

    // An ambiguous selection changes nothing.
    tilmash(dir.path())
        .args(["glossary", "remove", "--concept", "city-astana"])
        .assert()
        .code(1)
        .stderr(predicates::str::contains("rows match"));
    assert_eq!(files(dir.path()), before);

    // Export to TBX and CSV, import into a fresh file: every row is already there.
    for (format, name) in [("tbx", "g.tbx"), ("csv", "g.csv")] {
        let out = tilmash(dir.path())
            .args(["glossary", "export", "--as", format])
            .output()
            .unwrap();
        std::fs::write(dir.path().join(name), out.stdout).unwrap();
        tilmash(dir.path())
            .args(["glossary", "import", name])
            .assert()
            .success()
            .stderr(predicates::str::contains("0 rows added"));
    }
    assert_eq!(files(dir.path()), before);
}

#[test]
fn malformed_inputs_are_errors_and_touch_nothing() {
    let dir = workspace();
    let before = files(dir.path());
    let cases: &[(&str, &str, &str)] = &[
        (
            "bad.tbx",
            "<martif><text><body><termEntry><langSet xml:lang=\"ru\">",
            "bad.tbx:1: ",
        ),
        (
            "bad.csv",
            "concept,ru,en,status\nc,аким,akim,sometimes\n",
            "bad.csv:2: unknown status `sometimes`",
        ),
        (
            "bad2.csv",
            "\u{FEFF}ru;en\nа;a\n",
            "the header has no `concept` column",
        ),
    ];
    for (name, content, want) in cases {
        std::fs::write(dir.path().join(name), content).unwrap();
        tilmash(dir.path())
            .args(["glossary", "import", name])
            .assert()
            .code(1)
            .stderr(predicates::str::contains(*want));
        assert_eq!(files(dir.path()), before, "{name}: glossary untouched");
    }

    // A malformed glossary line: commands name file:line; lint lists it.
    let broken = dir.path().join("glossaries/broken.tsv");
    std::fs::write(
        &broken,
        "concept\tru\ten\tstatus\nc\tаким\takim\tpreferred\nd\tакимат\n",
    )
    .unwrap();
    tilmash(dir.path())
        .args(["suggest", "--text", "Аким выступил."])
        .assert()
        .code(1)
        .stderr(predicates::str::contains(
            "broken.tsv:3: 2 columns, but the header has 4",
        ));
    let out = tilmash(dir.path())
        .args(["glossary", "lint", "--format", "tsv"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("broken.tsv\t3\tmalformed\t2 columns"),
        "{text}"
    );
}

#[test]
fn bundled_glossary_lints_with_only_the_documented_finding() {
    let dir = workspace();
    let out = tilmash(dir.path())
        .args(["glossary", "lint", "--format", "tsv"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let rules: Vec<&str> = text
        .lines()
        .skip(1)
        .map(|l| l.split('\t').take(3).collect::<Vec<_>>().join(" "))
        .map(|s| Box::leak(s.into_boxed_str()) as &str)
        .collect();
    assert_eq!(
        rules,
        ["bodies.tsv 83 ambiguous"],
        "see glossaries/README.md, Lint"
    );
}

fn glossary() -> Glossary {
    Glossary::load(&root().join("glossaries")).unwrap()
}

#[test]
fn date_selection_and_status_table() {
    let g = glossary();
    // (text, lang, date, first target, flags)
    let cases: &[(&str, Lang, &str, &str, &[FlagRule])] = &[
        ("Нур-Султан", Lang::Ru, "2020-05-01", "Nur-Sultan", &[]),
        (
            "Астана",
            Lang::Ru,
            "2020-05-01",
            "Nur-Sultan",
            &[FlagRule::OutOfDate],
        ),
        ("Астана", Lang::Ru, "2023-01-01", "Astana", &[]),
        (
            "Нур-Султан",
            Lang::Ru,
            "2023-01-01",
            "Astana",
            &[FlagRule::OutOfDate],
        ),
        ("Астана", Lang::Ru, "2010-06-01", "Astana", &[]),
        ("Акмола", Lang::Ru, "1995-01-01", "Akmola", &[]),
        ("Nur-Sultan", Lang::En, "2019-03-23", "Нур-Султан", &[]),
        (
            "Nur-Sultan",
            Lang::En,
            "2019-03-22",
            "Астана",
            &[FlagRule::OutOfDate],
        ),
        (
            "Нурсултан",
            Lang::Ru,
            "2020-05-01",
            "Nur-Sultan",
            &[FlagRule::Forbidden],
        ),
        (
            "Целиноград",
            Lang::Ru,
            "2020-05-01",
            "Nur-Sultan",
            &[FlagRule::Deprecated],
        ),
        ("Нур Отан", Lang::Ru, "2021-01-01", "Nur Otan", &[]),
        (
            "Нур Отан",
            Lang::Ru,
            "2023-01-01",
            "Amanat",
            &[FlagRule::OutOfDate],
        ),
        (
            "Кыргызия",
            Lang::Ru,
            "2020-05-01",
            "Kyrgyzstan",
            &[FlagRule::Forbidden],
        ),
        ("Кыргызстан", Lang::Ru, "2020-05-01", "Kyrgyzstan", &[]),
        (
            "Kirghizia",
            Lang::En,
            "2020-05-01",
            "Кыргызстан",
            &[FlagRule::Forbidden],
        ),
        ("Turkey", Lang::En, "2020-05-01", "Турция", &[]),
        (
            "tenges",
            Lang::En,
            "2020-05-01",
            "тенге",
            &[FlagRule::Forbidden],
        ),
        (
            "Elbasy",
            Lang::En,
            "2020-05-01",
            "Елбасы",
            &[FlagRule::Deprecated],
        ),
    ];
    for (text, lang, date, target, flags) in cases {
        let hits = g.recognize(text, *lang, date.parse().unwrap());
        assert_eq!(hits.len(), 1, "{text} {date}");
        let hit = &hits[0];
        assert_eq!(hit.targets[0].term, *target, "{text} on {date}");
        let rules: Vec<FlagRule> = hit.flags.iter().map(|f| f.rule).collect();
        assert_eq!(rules, *flags, "{text} on {date}");
    }
}

#[test]
fn list_and_find() {
    let dir = workspace();
    let out = tilmash(dir.path())
        .args([
            "glossary",
            "list",
            "--concept",
            "city-astana",
            "--date",
            "2020-05-01",
        ])
        .args(["--format", "tsv"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let rows: Vec<(&str, &str, &str)> = text
        .lines()
        .skip(1)
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            (f[1], f[3], f[7])
        })
        .collect();
    // Valid on the date: the then name, and the undated historical and
    // forbidden rows.
    assert_eq!(
        rows,
        [
            ("32", "Нур-Султан", "preferred"),
            ("35", "Целиноград", "deprecated"),
            ("36", "Акмолинск", "deprecated"),
            ("37", "Нурсултан", "forbidden"),
        ]
    );
    let out = tilmash(dir.path())
        .args([
            "glossary",
            "list",
            "--status",
            "forbidden",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    let rows = json(&out.stdout);
    let rows = rows.as_array().unwrap();
    assert!(rows.len() >= 3, "{rows:?}");
    assert!(rows.iter().all(|r| r["status"] == "forbidden"), "{rows:?}");

    let out = tilmash(dir.path())
        .args([
            "glossary",
            "find",
            "в Нур-Султане Токаеву",
            "--date",
            "2020-05-01",
        ])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "term Нур-Султане → Nur-Sultan  [city-astana 2–13, places.tsv:32]\n\
         term Токаеву → Tokayev  [person-tokayev 14–21, people.tsv:8]\n"
    );
    let out = tilmash(dir.path())
        .args([
            "glossary",
            "find",
            "в Астане",
            "--date",
            "2023-01-01",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    let hits = json(&out.stdout);
    assert_eq!(hits[0]["concept"], "city-astana");
    assert_eq!(hits[0]["targets"][0]["term"], "Astana");
    assert_eq!(hits[0]["targets"][0]["entry"]["line"], 33);
    tilmash(dir.path())
        .args(["glossary", "find", "2020"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("pass --from ru or --from en"));
}

#[test]
fn add_with_status_and_dates_and_edit_at_a_line() {
    let dir = workspace();
    let places = dir.path().join("glossaries/places.tsv");
    let before = std::fs::read_to_string(&places).unwrap();
    tilmash(dir.path())
        .args([
            "glossary",
            "add",
            "--concept",
            "city-test",
            "--ru",
            "Тестоград",
            "--en",
            "Testograd",
            "--status",
            "deprecated",
            "--valid-from",
            "2001-02-03",
            "--valid-to",
            "2010-01-01",
            "--pos",
            "propn",
            "--domain",
            "place",
            "--note",
            "a test",
            "--file",
            "places.tsv",
        ])
        .assert()
        .success()
        .stderr(predicates::str::contains("added places.tsv:"));
    let after = std::fs::read_to_string(&places).unwrap();
    assert_eq!(
        after,
        format!(
            "{before}city-test\tТестоград\tTestograd\t\t\tdeprecated\t2001-02-03\t2010-01-01\tpropn\tplace\ta test\t\n"
        )
    );
    // Found only on a date inside its period, with its status.
    let find = |date: &str| {
        let out = tilmash(dir.path())
            .args([
                "glossary",
                "find",
                "Тестоград",
                "--date",
                date,
                "--format",
                "json",
            ])
            .output()
            .unwrap();
        json(&out.stdout)
    };
    assert_eq!(find("2005-06-07")[0]["status"], "deprecated");
    assert_eq!(find("2005-06-07")[0]["valid"], true);
    assert_eq!(find("2010-01-01")[0]["valid"], false);

    // edit --at changes that line only.
    tilmash(dir.path())
        .args([
            "glossary",
            "edit",
            "--at",
            "places.tsv:32",
            "--set",
            "valid_to=2022-09-16",
        ])
        .args(["--set", "note=edited"])
        .assert()
        .success()
        .stderr(predicates::str::contains("changed places.tsv:32"));
    let edited = std::fs::read_to_string(&places).unwrap();
    let (old, new): (Vec<&str>, Vec<&str>) = (after.lines().collect(), edited.lines().collect());
    assert_eq!(old.len(), new.len());
    let changed: Vec<usize> = (0..old.len()).filter(|&i| old[i] != new[i]).collect();
    assert_eq!(changed, [31]);
    assert_eq!(
        new[31],
        "city-astana\tНур-Султан\tNur-Sultan\t\t\tpreferred\t2019-03-23\t2022-09-16\tpropn\tplace\tedited\t"
    );
    for (at, message) in [
        (
            "places.tsv:1",
            "--at `places.tsv:1`: that line holds no entry",
        ),
        (
            "places.tsv:9999",
            "--at `places.tsv:9999`: that line holds no entry",
        ),
        ("nowhere.tsv:3", "no glossary file `nowhere.tsv`"),
    ] {
        tilmash(dir.path())
            .args(["glossary", "edit", "--at", at, "--set", "note=x"])
            .assert()
            .code(1)
            .stderr(predicates::str::contains(message));
    }
    let add = |extra: &[&str]| {
        tilmash(dir.path())
            .args([
                "glossary",
                "add",
                "--concept",
                "c",
                "--ru",
                "а",
                "--en",
                "a",
            ])
            .args(["--file", "places.tsv"])
            .args(extra)
            .assert()
    };
    add(&["--valid-from", "2020-01-01", "--valid-to", "2019-01-01"])
        .code(2)
        .stderr(predicates::str::contains(
            "valid_from 2020-01-01 is not before valid_to 2019-01-01",
        ));
    add(&["--status", "sometimes"]).code(2);
    assert_eq!(std::fs::read_to_string(&places).unwrap(), edited);
}

#[test]
fn check_reads_tsv_and_tmx_pairs_with_their_dates() {
    let dir = workspace();
    let pairs = [
        (
            "Токаев прибыл в Нур-Султан.",
            "Tokayev arrived in Astana.",
            "2020-05-01",
        ),
        (
            "Токаев прибыл в Нур-Султан.",
            "Tokayev arrived in Nur-Sultan.",
            "2020-05-01",
        ),
        (
            "Цены выросли на 1,5 млн тенге.",
            "Prices rose by 2.5 million tenge.",
            "2021-01-01",
        ),
    ];
    let mut tsv = String::from("ru\ten\tdate\n");
    let mut tmx = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\"><header srclang=\"ru\"/><body>\n",
    );
    for (ru, en, date) in pairs {
        tsv.push_str(&format!("{ru}\t{en}\t{date}\n"));
        tmx.push_str(&format!(
            "<tu><prop type=\"x-date\">{date}</prop><tuv xml:lang=\"ru\"><seg>{ru}</seg></tuv>\
             <tuv xml:lang=\"en\"><seg>{en}</seg></tuv></tu>\n"
        ));
    }
    tmx.push_str("</body></tmx>\n");
    dir.file("pairs.tsv", tsv);
    dir.file("pairs.tmx", tmx);
    let want = "pair 1, target 19–25 «Astana»: out-of-date: Astana is not valid on 2020-05-01 \
                (valid 1998-05-06 – 2019-03-23, from 2022-09-17); on that date: Nur-Sultan / Нур-Султан\n\
                pair 3, source 16–23 «1,5 млн»: number-mismatch: 1,5 млн (1500000) is not in the target\n\
                pair 3, target 15–26 «2.5 million»: number-mismatch: 2.5 million (2500000) is not in the source\n";
    for file in ["pairs.tsv", "pairs.tmx"] {
        let out = tilmash(dir.path()).args(["check", file]).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{file}");
        assert_eq!(String::from_utf8(out.stdout).unwrap(), want, "{file}");
    }
}

/// Runs tilmash in `dir`: (exit code, stdout, stderr).
fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = tilmash(dir).args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Issue 16, item 6: an edit that would give the glossary a lint finding
/// is refused (unless --force); an edit that changes nothing says so.
#[test]
fn edits_that_create_a_lint_finding_are_refused_and_no_ops_are_unchanged() {
    let dir = workspace();
    let places = dir.path().join("glossaries/places.tsv");
    let before = std::fs::read_to_string(&places).unwrap();
    assert!(before
        .lines()
        .nth(30)
        .unwrap()
        .starts_with("city-astana\tАстана\tAstana"));
    // The example `glossary --help` used to give: Astana 1998–2022 overlaps
    // Nur-Sultan 2019–2022.
    let (code, out, err) = run(
        dir.path(),
        &[
            "glossary",
            "edit",
            "--at",
            "places.tsv:31",
            "--set",
            "valid_to=2022-09-17",
        ],
    );
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        err.contains("places.tsv:32: overlapping-validity: Нур-Султан / Nur-Sultan"),
        "{err}"
    );
    assert!(err.contains("--force"), "{err}");
    assert_eq!(std::fs::read_to_string(&places).unwrap(), before);
    let (code, _, err) = run(
        dir.path(),
        &[
            "glossary",
            "edit",
            "--at",
            "places.tsv:31",
            "--set",
            "valid_to=2022-09-17",
            "--force",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("changed places.tsv:31"), "{err}");
    std::fs::write(&places, &before).unwrap();

    // The README's example sets what the row already holds.
    let (code, _, err) = run(
        dir.path(),
        &[
            "glossary",
            "edit",
            "--at",
            "places.tsv:32",
            "--set",
            "valid_to=2022-09-17",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(err, "unchanged places.tsv:32\n");
    assert_eq!(std::fs::read_to_string(&places).unwrap(), before);

    // A new row that duplicates another in the same period.
    let (code, _, err) = run(
        dir.path(),
        &[
            "glossary",
            "add",
            "--concept",
            "city-astana-2",
            "--ru",
            "Нур-Султан",
            "--en",
            "Nur-Sultan",
            "--pos",
            "propn",
            "--domain",
            "place",
            "--file",
            "places.tsv",
        ],
    );
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains(": duplicate: Нур-Султан / Nur-Sultan"),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&places).unwrap(), before);
}

/// Issue 16, item 6: closed columns are checked against their known
/// values, dates get one message with exit 2, and listing an unknown
/// domain says so.
#[test]
fn add_checks_closed_values_and_dates_and_list_names_domains() {
    let dir = workspace();
    let terms = dir.path().join("glossaries/terms.tsv");
    let before = std::fs::read_to_string(&terms).unwrap();
    let add = |extra: &[&str]| {
        let mut args = vec![
            "glossary",
            "add",
            "--concept",
            "term-heating-season",
            "--ru",
            "отопительный сезон",
            "--en",
            "heating season",
            "--file",
            "terms.tsv",
        ];
        args.extend_from_slice(extra);
        run(dir.path(), &args)
    };
    let (code, _, err) = add(&["--pos", "verbb"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("unknown part of speech `verbb`: write noun, propn, adj, verb or phrase"),
        "{err}"
    );
    let (code, _, err) = add(&["--domain", "food"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("unknown domain `food`: write person, place, organization, party, media, office, currency, event or term (or leave it empty)"),
        "{err}"
    );
    let (code, _, err) = add(&["--status", "good"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("preferred, admitted, deprecated or forbidden"),
        "{err}"
    );
    for (flag, value) in [("--valid-from", "2020-13-01"), ("--valid-to", "31.12.2020")] {
        let (code, _, err) = add(&[flag, value]);
        assert_eq!(code, 2, "{err}");
        assert!(
            err.contains(&format!(
                "`{value}` is not a date: write YYYY-MM-DD, e.g. 2024-05-03"
            )),
            "{err}"
        );
    }
    for args in [
        &["glossary", "list", "--date", "2020-5-1"][..],
        &["glossary", "find", "Астана", "--date", "tomorrow"],
        &["suggest", "--text", "Привет.", "--since", "2020-02-30"],
    ] {
        let (code, _, err) = run(dir.path(), args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(
            err.contains("is not a date: write YYYY-MM-DD"),
            "{args:?}: {err}"
        );
    }
    let (code, _, err) = run(
        dir.path(),
        &[
            "glossary",
            "edit",
            "--at",
            "terms.tsv:6",
            "--set",
            "domain=food",
        ],
    );
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("unknown domain `food`"), "{err}");
    assert_eq!(std::fs::read_to_string(&terms).unwrap(), before);
    let (code, _, err) = add(&["--pos", "phrase", "--domain", "term"]);
    assert_eq!(code, 0, "{err}");

    let (code, out, err) = run(dir.path(), &["glossary", "list", "--domain", "persons"]);
    assert_eq!((code, out.as_str()), (2, ""), "{err}");
    assert!(
        err.contains("no domain `persons` in the glossary: the domains are currency, event, media, office, organization, party, person, place, term"),
        "{err}"
    );
    let (code, out, _) = run(dir.path(), &["glossary", "list", "--domain", "person"]);
    assert_eq!(code, 0);
    assert!(out.contains("Kassym-Jomart Tokayev"), "{out}");

    // The glossary is no memory.
    let (code, _, err) = run(dir.path(), &["glossary", "lint", "--memory", "x"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("--memory does not apply to the glossary"),
        "{err}"
    );
    let (code, out, _) = run(dir.path(), &["glossary", "list", "--help"]);
    assert_eq!(code, 0);
    assert!(!out.contains("--memory"), "{out}");
}

/// Issue 16, item 7: `check` reads pretranslate's own TSV, reports an
/// untranslated row and goes on, and its hints name its own options.
#[test]
fn check_reads_pretranslate_tsv_and_goes_on_after_a_bad_pair() {
    let dir = workspace();
    dir.file(
        "article.txt",
        "Токаев прибыл в Нур-Султан.\nЖираф в зоопарке Караганды отметил день рождения.\n",
    );
    let (code, draft, err) = run(
        dir.path(),
        &[
            "pretranslate",
            "article.txt",
            "--format",
            "tsv",
            "--date",
            "2020-05-01",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let mut lines: Vec<String> = draft.lines().map(str::to_string).collect();
    // The translator fills in the first segment; the second stays empty.
    let mut first: Vec<&str> = lines[1].split('\t').collect();
    first[6] = "Tokayev arrived in Astana.";
    lines[1] = first.join("\t");
    dir.file("draft.tsv", lines.join("\n") + "\n");
    let (code, out, err) = run(dir.path(), &["check", "draft.tsv", "--date", "2020-05-01"]);
    assert_eq!(code, 1, "{err}");
    assert!(
        out.contains("pair 1, target 19–25 «Astana»: out-of-date"),
        "{out}"
    );
    assert!(
        out.contains("pair 2: unreadable: draft.tsv:3: empty English segment"),
        "{out}"
    );
    // A file without a header: the hint names --columns, which check has.
    dir.file(
        "three.tsv",
        "Токаев прибыл.\tTokayev arrived.\t2020-05-01\n",
    );
    let (code, out, _) = run(dir.path(), &["check", "three.tsv"]);
    assert_eq!(code, 1);
    assert!(out.contains("--columns"), "{out}");
    let (code, out, err) = run(
        dir.path(),
        &["check", "three.tsv", "--columns", "ru,en,date"],
    );
    assert_eq!(code, 0, "{out}{err}");
}

/// Issue 16, item 9: the text output cites the row of the matched form and
/// the row of the target, as the JSON does.
#[test]
fn terms_cite_the_matched_row_and_the_target_row() {
    let dir = workspace();
    let (code, out, err) = run(
        dir.path(),
        &[
            "glossary",
            "find",
            "Токаев прибыл в Астану",
            "--date",
            "2020-05-01",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let line = out.lines().find(|l| l.contains("Астану")).unwrap();
    assert!(
        line.contains(", target places.tsv:32]"),
        "the matched Astana row and the Nur-Sultan row valid then: {line}"
    );
}
