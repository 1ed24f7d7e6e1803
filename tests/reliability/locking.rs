//! SPEC §7, second promise: one writer, many readers. A second writer is
//! refused at once with an error naming the memory and the holder, or
//! waits with `--wait`; a lock left by a killed writer is taken over;
//! readers keep answering during an import and see its last commit.

use std::io::Write;
use std::path::Path;
use std::process::{Child, ChildStdin, Stdio};
use std::time::{Duration, Instant};

use super::support::{contents, corpus_files, ids_in_order, kill9, run, tilmash, wait_until};

/// A made-up word for `i`, in Cyrillic and in Latin letters, so that every
/// pair is distinct and differs from the others in one whole word.
fn word(mut i: usize) -> (String, String) {
    const RU: [&str; 16] = [
        "ба", "ве", "ги", "до", "жу", "за", "ки", "ло", "му", "не", "по", "ру", "са", "ти", "фу",
        "ха",
    ];
    const EN: [&str; 16] = [
        "ba", "ve", "gi", "do", "zhu", "za", "ki", "lo", "mu", "ne", "po", "ru", "sa", "ti", "fu",
        "kha",
    ];
    let (mut ru, mut en) = (String::new(), String::new());
    loop {
        ru.push_str(RU[i % 16]);
        en.push_str(EN[i % 16]);
        i /= 16;
        if i == 0 {
            return (ru, en);
        }
    }
}

/// Pair `i` of the made-up pairs.
fn pair(i: usize) -> (String, String) {
    let (ru, en) = word(i);
    (
        format!("Жители деревни Кара{ru} встретили гостей."),
        format!("The villagers of Kara{en} welcomed the guests."),
    )
}

fn tsv(range: std::ops::Range<usize>) -> String {
    range
        .map(|i| {
            let (ru, en) = pair(i);
            format!("{ru}\t{en}\n")
        })
        .collect()
}

/// A writer that holds the lock: `tilmash import -` reading pairs
/// `0..5000` from a pipe it keeps open. With `--batch 1000` it commits
/// 4,000 units (its first 4,096-unit chunk), then waits for more input
/// with the lock held.
fn holder(dir: &Path) -> (Child, ChildStdin) {
    let mut child = tilmash(dir)
        .args([
            "import",
            "-",
            "--memory",
            "m",
            "--batch",
            "1000",
            "--input-format",
            "tsv",
            "--format",
            "json",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("tilmash starts");
    let mut stdin = child.stdin.take().expect("a pipe");
    stdin
        .write_all(tsv(0..5000).as_bytes())
        .expect("the holder reads");
    stdin.flush().expect("flush");
    let memory = dir.join("m");
    wait_until(Duration::from_secs(120), "4,000 committed units", || {
        contents(&memory).is_some_and(|(n, _)| n == 4000)
    });
    (child, stdin)
}

/// The text of the lock file: who holds the memory.
fn lock_text(dir: &Path) -> String {
    std::fs::read_to_string(dir.join("m/write.lock")).expect("the lock file is there")
}

fn locked_message(holder: &str) -> String {
    format!(
        "error: m: memory is being written by another process ({holder}); try again later or pass --wait SECONDS\n"
    )
}

/// What `suggest --min-score 100` offers for the Russian side of pair `i`:
/// the English targets of the matches.
fn exact_targets(dir: &Path, i: usize) -> Vec<String> {
    let (ru, _) = pair(i);
    let (code, out, err) = run(tilmash(dir).args([
        "suggest",
        "--memory",
        "m",
        "--min-score",
        "100",
        "--from",
        "ru",
        "--format",
        "json",
        "--text",
        &ru,
    ]));
    assert_eq!(code, 0, "suggest during an import: {err}");
    let json: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    json["segments"][0]["matches"]
        .as_array()
        .expect("matches")
        .iter()
        .map(|m| m["target"].as_str().unwrap_or("").to_string())
        .collect()
}

fn units(dir: &Path, memory: &str) -> u64 {
    let (code, out, err) =
        run(tilmash(dir).args(["stats", "--memory", memory, "--format", "json"]));
    assert_eq!(code, 0, "stats during an import: {err}");
    let json: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    json["units"].as_u64().expect("units")
}

#[test]
fn a_second_writer_is_refused_at_once_or_waits_and_readers_see_the_last_commit() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    std::fs::write(d.join("more.tsv"), tsv(5000..5100)).expect("write");
    let (child, stdin) = holder(d);

    // The lock names the holder: its pid and its command.
    let holder_text = lock_text(d);
    let pid = child.id();
    assert!(
        holder_text.starts_with(&format!("pid {pid} `tilmash import - --memory m ")),
        "{holder_text}"
    );

    // A second writer: refused at once, naming the memory and the holder.
    let (code, out, err) = run(tilmash(d).args(["import", "more.tsv", "--memory", "m"]));
    assert_eq!(
        (code, out.as_str(), err),
        (1, "", locked_message(&holder_text))
    );

    // With --wait it waits that long, then gives up with the same message.
    let start = Instant::now();
    let (code, _, err) =
        run(tilmash(d).args(["import", "more.tsv", "--memory", "m", "--wait", "1"]));
    assert!(start.elapsed() >= Duration::from_secs(1));
    assert_eq!((code, err), (1, locked_message(&holder_text)));

    // Readers keep answering and see the last commit: 4,000 units, pair 10
    // committed, pair 4,500 read by the writer but not committed.
    assert_eq!(units(d, "m"), 4000);
    assert_eq!(exact_targets(d, 10), vec![pair(10).1]);
    assert_eq!(exact_targets(d, 4500), Vec::<String>::new());

    // A writer that waits gets the memory when the holder finishes.
    let waiter = tilmash(d)
        .args([
            "import", "more.tsv", "--memory", "m", "--wait", "120", "--format", "json",
        ])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("tilmash starts");
    std::thread::sleep(Duration::from_millis(300));
    drop(stdin);
    let held = child.wait_with_output().expect("the holder ends");
    assert!(
        held.status.success(),
        "{}",
        String::from_utf8_lossy(&held.stderr)
    );
    let waited = waiter.wait_with_output().expect("the waiter ends");
    assert!(
        waited.status.success(),
        "{}",
        String::from_utf8_lossy(&waited.stderr)
    );
    let summary: serde_json::Value = serde_json::from_slice(&waited.stdout).expect("JSON");
    assert_eq!(summary["added"], 100);
    assert_eq!(units(d, "m"), 5100);
    assert_eq!(exact_targets(d, 4500), vec![pair(4500).1]);
    assert_eq!(
        lock_text(d),
        "",
        "a finished writer leaves the lock file empty"
    );
}

#[test]
fn a_lock_left_by_a_killed_writer_is_taken_over() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    std::fs::write(d.join("all.tsv"), tsv(0..5000)).expect("write");
    let (mut child, _stdin) = holder(d);
    let pid = child.id();
    kill9(&mut child);
    // The file still names the dead writer, but the OS released its lock.
    assert!(lock_text(d).starts_with(&format!("pid {pid} ")));
    let (code, out, err) =
        run(tilmash(d).args(["import", "all.tsv", "--memory", "m", "--format", "json"]));
    assert_eq!(code, 0, "{err}");
    let summary: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(
        (summary["added"].as_u64(), summary["unchanged"].as_u64()),
        (Some(1000), Some(4000))
    );
    let (n, ids) = contents(&d.join("m")).expect("a memory");
    assert_eq!((n, ids.len()), (5000, 5000));
}

#[test]
fn two_imports_into_a_new_memory_at_once_both_land() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    std::fs::write(d.join("a.tsv"), tsv(0..300)).expect("write");
    std::fs::write(d.join("b.tsv"), tsv(300..600)).expect("write");
    for round in 0..5 {
        let memory = format!("m{round}");
        let spawn = |file: &str| {
            tilmash(d)
                .args(["import", file, "--memory", &memory, "--wait", "60"])
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .expect("tilmash starts")
        };
        let (a, b) = (spawn("a.tsv"), spawn("b.tsv"));
        for child in [a, b] {
            let out = child.wait_with_output().expect("ends");
            assert!(
                out.status.success(),
                "round {round}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        assert_eq!(units(d, &memory), 600, "round {round}");
    }
}

#[test]
fn readers_keep_answering_during_a_real_import() {
    let files = corpus_files();
    let total = ids_in_order(&files).len() as u64;
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    let mut import = tilmash(d)
        .args(["import", "--memory", "m", "--batch", "2000"])
        .args(&files)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("tilmash starts");
    let mut seen = Vec::new();
    while matches!(import.try_wait(), Ok(None)) {
        if !d.join("m/tilmash-memory.json").exists() {
            std::thread::sleep(Duration::from_millis(20));
            continue;
        }
        let n = units(d, "m");
        assert!(
            n.is_multiple_of(2000) || n == total,
            "a reader saw {n} units: not a commit"
        );
        assert!(
            seen.last().is_none_or(|&last| last <= n),
            "went back: {seen:?} then {n}"
        );
        seen.push(n);
    }
    let out = import.wait_with_output().expect("ends");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(units(d, "m"), total);
    let mut commits = seen.clone();
    commits.dedup();
    eprintln!(
        "{} reads during the import saw {} commits",
        seen.len(),
        commits.len()
    );
    assert!(!seen.is_empty(), "no read happened during the import");
}

/// Issue 17 §4: the lock file is never opened through a link, and a
/// folder in its place is a clear error.
#[test]
fn a_planted_lock_file_is_refused_and_its_target_untouched() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    std::fs::write(d.join("more.tsv"), tsv(0..10)).expect("write");
    let (code, _, err) = run(tilmash(d).args(["import", "more.tsv", "--memory", "m"]));
    assert_eq!(code, 0, "{err}");
    let precious = d.join("precious.txt");
    std::fs::write(&precious, "keep me").expect("write");
    let lock = d.join("m/write.lock");
    std::fs::remove_file(&lock).expect("remove the lock file");
    std::os::unix::fs::symlink(&precious, &lock).expect("symlink");
    let (code, _, err) = run(tilmash(d).args(["import", "more.tsv", "--memory", "m"]));
    assert_eq!(
        (code, err.as_str()),
        (
            1,
            "error: m/write.lock: a symbolic link, not a lock file; remove it\n"
        )
    );
    assert_eq!(std::fs::read_to_string(&precious).expect("read"), "keep me");

    std::fs::remove_file(&lock).expect("remove the link");
    std::fs::create_dir(&lock).expect("mkdir");
    let (code, _, err) = run(tilmash(d).args(["import", "more.tsv", "--memory", "m"]));
    assert_eq!(
        (code, err.as_str()),
        (
            1,
            "error: m/write.lock: a folder, not a lock file; remove it\n"
        )
    );
}

/// Issue 17 §6: `--wait` is bounded where it is parsed: a usage error,
/// never a panic.
#[test]
fn huge_wait_values_are_usage_errors() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    std::fs::write(d.join("more.tsv"), tsv(0..10)).expect("write");
    std::fs::write(d.join("a.txt"), "Аким встретился с жителями.\n").expect("write");
    std::fs::write(d.join("b.txt"), "The akim met residents.\n").expect("write");
    for wait in ["1e20", "1.8e19", "NaN"] {
        let commands: [&[&str]; 3] = [
            &["import", "more.tsv", "--memory", "m", "--wait", wait],
            &[
                "align", "a.txt", "b.txt", "--import", "--memory", "m", "--wait", wait,
            ],
            &[
                "glossary",
                "add",
                "--concept",
                "x",
                "--ru",
                "икс",
                "--en",
                "ex",
                "--wait",
                wait,
            ],
        ];
        for args in commands {
            let (code, _, err) = run(tilmash(d).args(args));
            assert_eq!(code, 2, "{args:?}: {err}");
            assert!(
                err.contains("give a number of seconds from 0 to 604800"),
                "{args:?}: {err}"
            );
        }
    }
}
