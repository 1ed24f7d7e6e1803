//! Issue 17 §1, §3, §11: glossary edits by several processes at once lose
//! nothing (one editor at a time per glossary folder, the second waits or
//! is refused naming the holder), and rows that would read back as
//! comments or land in files the glossary never reads are refused.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use super::support::{assert_success, run, tilmash};

const HEADER: &str =
    "concept\tru\ten\tru_variants\ten_variants\tstatus\tvalid_from\tvalid_to\tpos\tdomain\tnote\n";

fn glossary(dir: &Path, args: &[&str]) -> Command {
    let mut cmd = tilmash(dir);
    cmd.arg("glossary").args(args);
    cmd
}

/// Runs `commands` at the same moment; every one must succeed.
fn all_at_once(mut commands: Vec<Command>) {
    let children: Vec<_> = commands
        .iter_mut()
        .map(|c| {
            c.stdin(Stdio::null())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .expect("tilmash starts")
        })
        .collect();
    for child in children {
        assert_success(&child.wait_with_output().expect("tilmash ends"));
    }
}

/// The rows of the workspace's glossary, as JSON.
fn rows(dir: &Path) -> Vec<serde_json::Value> {
    let (code, out, err) = run(&mut glossary(dir, &["list", "--format", "json"]));
    assert_eq!(code, 0, "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    json.as_array().cloned().unwrap_or_default()
}

#[test]
fn concurrent_adds_and_edits_lose_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    std::fs::create_dir(d.join("glossaries")).expect("mkdir");
    std::fs::write(
        d.join("glossaries/terms.tsv"),
        format!("{HEADER}a\tаким\takim\t\t\tpreferred\t\t\t\t\t\nb\tакимат\takimat\t\t\tpreferred\t\t\t\t\t\n"),
    )
    .expect("write");
    for round in 0..20 {
        let add = |k: usize| {
            let concept = format!("c{round}-{k}");
            let mut cmd = glossary(d, &["add", "--concept", &concept, "--file", "terms.tsv"]);
            cmd.args([
                "--ru",
                &format!("слово{round}x{k}"),
                "--en",
                &format!("word{round}x{k}"),
            ])
            .args(["--wait", "60"]);
            cmd
        };
        all_at_once(vec![add(0), add(1)]);
    }
    assert_eq!(rows(d).len(), 2 + 40, "every added row is there");

    for round in 0..10 {
        let note = format!("note={round}");
        let edit = |line: &str| {
            let mut cmd = glossary(d, &["edit", "--at", line, "--set", &note]);
            cmd.args(["--wait", "60"]);
            cmd
        };
        all_at_once(vec![edit("terms.tsv:2"), edit("terms.tsv:3")]);
        let text = std::fs::read_to_string(d.join("glossaries/terms.tsv")).expect("read");
        let lines: Vec<&str> = text.lines().collect();
        for line in &lines[1..3] {
            assert!(
                line.ends_with(&format!("\t{round}")),
                "round {round}: {line}"
            );
        }
    }
    let leftovers: Vec<_> = std::fs::read_dir(d.join("glossaries"))
        .expect("read dir")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n != "terms.tsv")
        .collect();
    assert_eq!(leftovers, Vec::<String>::new(), "no lock or temporary left");
}

#[test]
fn a_second_editor_is_refused_naming_the_holder_or_waits() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    let folder = d.join("glossaries");
    let lock = tilmash::glossary::GlossaryLock::acquire(&folder, Duration::ZERO).expect("lock");
    let add = |wait: &str| {
        let mut cmd = glossary(d, &["add", "--concept", "x", "--ru", "икс", "--en", "ex"]);
        cmd.args(["--file", "terms.tsv", "--wait", wait]);
        cmd
    };
    let (code, _, err) = run(&mut add("0"));
    let holder = format!("pid {} `", std::process::id());
    assert_eq!(code, 1, "{err}");
    assert!(
        err.starts_with(&format!(
            "error: {}: the glossary is being edited by another process ({holder}",
            folder.display()
        )) && err.ends_with("); try again later or pass --wait SECONDS\n"),
        "{err}"
    );
    assert!(!folder.join("terms.tsv").exists());

    let waiter = add("60")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn();
    let waiter = waiter.expect("tilmash starts");
    std::thread::sleep(Duration::from_millis(500));
    drop(lock);
    assert_success(&waiter.wait_with_output().expect("tilmash ends"));
    assert_eq!(rows(d).len(), 1);
}

#[test]
fn rows_that_would_read_as_comments_are_refused_everywhere() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    let (code, _, err) = run(&mut glossary(
        d,
        &[
            "add",
            "--concept",
            "#x",
            "--ru",
            "икс",
            "--en",
            "ex",
            "--file",
            "terms.tsv",
        ],
    ));
    // A bad value of an argument: a usage error (exit 2).
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("concept id `#x` begins with `#`"), "{err}");
    assert!(!d.join("glossaries/terms.tsv").exists());

    std::fs::write(d.join("g.csv"), "concept,ru,en\n#x,икс,ex\n").expect("write");
    let tbx = concat!(
        r##"<?xml version="1.0"?><martif type="TBX"><text><body><termEntry id="#x">"##,
        r#"<langSet xml:lang="ru"><tig><term>икс</term></tig></langSet>"#,
        r#"<langSet xml:lang="en"><tig><term>ex</term></tig></langSet>"#,
        "</termEntry></body></text></martif>"
    );
    std::fs::write(d.join("g.tbx"), tbx).expect("write");
    for file in ["g.csv", "g.tbx"] {
        let (code, _, err) = run(&mut glossary(d, &["import", file]));
        assert_eq!(code, 1, "{file}: {err}");
        assert!(err.contains("begins with `#`"), "{file}: {err}");
        assert!(rows(d).is_empty(), "{file}");
    }
}

#[test]
fn a_file_name_without_a_stem_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    let (code, _, err) = run(&mut glossary(
        d,
        &[
            "add",
            "--concept",
            "x",
            "--ru",
            "икс",
            "--en",
            "ex",
            "--file",
            ".tsv",
        ],
    ));
    // A bad value of an argument: a usage error (exit 2).
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("give a file name ending in .tsv"), "{err}");
    assert!(!d.join("glossaries/.tsv").exists());
}

/// Issue 17 §8: a large glossary imports whole and lints. How its time
/// grows with the rows (linear: 60,000 rows once took 53 s, quadratic) is
/// a benchmark, `bench/glossary.sh`, never a timed assertion here: this
/// machine is shared and a wall clock in a test fails under load.
#[test]
fn a_large_glossary_imports_whole_and_lints() {
    let rows_written = 20_000;
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    std::fs::write(d.join("big.csv"), generated_glossary(rows_written)).expect("write");
    let (code, _, err) = run(&mut glossary(d, &["import", "big.csv"]));
    assert_eq!(code, 0, "{err}");
    let listed = rows(d);
    assert_eq!(listed.len(), rows_written, "every row is stored");
    // The dated pairs of renamed concepts keep their dates.
    let dated = listed
        .iter()
        .filter(|r| r["valid_from"] == "2019-01-01" && r["valid_to"] == "2022-01-01")
        .count();
    assert_eq!(dated, rows_written / 10);
    let (code, out, err) = run(&mut glossary(d, &["lint", "--format", "json"]));
    assert!(code == 0 || code == 1, "{err}");
    serde_json::from_str::<serde_json::Value>(&out).expect("lint writes JSON");
}

/// A CSV glossary of `rows` generated rows, two per concept; every tenth
/// row is dated, as renamed places are.
fn generated_glossary(rows: usize) -> String {
    let mut csv = String::from("concept,ru,en,status,valid_from,valid_to\n");
    for i in 0..rows {
        let dated = if i % 10 == 0 {
            "2019-01-01,2022-01-01"
        } else {
            ","
        };
        csv.push_str(&format!("c{},слово{i},word{i},preferred,{dated}\n", i / 2));
    }
    csv
}
