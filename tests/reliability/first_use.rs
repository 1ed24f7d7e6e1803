//! Issue 17 §2: the first use of a workspace builds its memory from the
//! seed files. A build killed at any moment leaves no memory (never an
//! empty one), and the next command builds it whole; a missing seed file
//! is a clear error that leaves no memory behind.

use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use super::support::{contents, corpus_files, kill9, run, seed, tilmash, Rng};

/// A workspace whose memory `m` is built from four corpus files (read in
/// place): long enough a build for a kill to land inside it.
fn workspace(dir: &Path) {
    let seed: Vec<String> = corpus_files()
        .iter()
        .take(4)
        .map(|p| format!("{:?}", p.display().to_string()))
        .collect();
    std::fs::write(
        dir.join("tilmash.toml"),
        format!("memory = \"m\"\nseed = [{}]\n", seed.join(", ")),
    )
    .expect("write the config");
}

fn units(dir: &Path) -> u64 {
    let (code, out, err) = run(tilmash(dir).args(["stats", "--format", "json"]));
    assert_eq!(code, 0, "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    json["units"].as_u64().expect("units")
}

#[test]
fn a_first_use_build_killed_at_any_moment_is_built_again() {
    let mut rng = Rng(seed(
        "a_first_use_build_killed_at_any_moment_is_built_again",
    ));
    let whole = tempfile::tempdir().expect("temp dir");
    workspace(whole.path());
    let start = Instant::now();
    let expected = units(whole.path());
    let took = start.elapsed().as_millis() as u64;
    assert!(expected > 4000, "the seed files hold {expected} units");

    for round in 0..4 {
        let dir = tempfile::tempdir().expect("temp dir");
        let d = dir.path();
        workspace(d);
        let mut child = tilmash(d)
            .args(["stats"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("tilmash starts");
        // Inside the build: the pairs are being imported.
        let at = took / 4 + rng.below((took / 2 + 1) as usize) as u64;
        std::thread::sleep(Duration::from_millis(at));
        kill9(&mut child);
        if let Some((n, _)) = contents(&d.join("m")) {
            assert_eq!(
                n, expected,
                "round {round}: killed at {at} ms, a memory stands half built"
            );
        }
        assert_eq!(
            units(d),
            expected,
            "round {round}: killed at {at} ms, then rebuilt"
        );
        let names: Vec<String> = std::fs::read_dir(d)
            .expect("read dir")
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with('.'))
            .collect();
        assert_eq!(
            names,
            Vec::<String>::new(),
            "round {round}: no build folder left"
        );
    }
}

#[test]
fn a_missing_seed_file_is_a_clear_error_and_leaves_no_memory() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    std::fs::write(
        d.join("tilmash.toml"),
        "memory = \"m\"\nseed = [\"gone.jsonl\"]\n",
    )
    .expect("write the config");
    for _ in 0..2 {
        let (code, out, err) =
            run(tilmash(d).args(["suggest", "--text", "В Астане прошли торжества."]));
        assert_eq!((code, out.as_str()), (1, ""), "{err}");
        assert!(
            err.contains("gone.jsonl: the seed file of")
                && err.contains("does not exist; the memory")
                && err.ends_with("cannot be built without it\n"),
            "{err}"
        );
        assert!(!d.join("m").exists(), "no memory is left");
    }
}
