//! The stable fuzz harness (SPEC §7 "Parsers are fuzzed"): every input
//! parser gets arbitrary bytes and structure-aware mutations of real and
//! hand-written files (truncation, duplicated and deleted tags and spans,
//! wrong encodings, huge attributes, deep nesting, entity expansion, stray
//! control bytes), and replays the inputs kept in `fuzz/regressions/`.
//!
//! - CI: `cargo test --test fuzz`: a fixed seed and a fixed number of
//!   cases per target, so that every run checks the same inputs however
//!   loaded the machine is.
//! - Long (`bash .ci/long`): `TILMASH_FUZZ_CASES=200000
//!   TILMASH_SEED=random cargo test --release --test fuzz -- --test-threads
//!   1 --nocapture`; `TILMASH_SEED=N` replays a run, `TILMASH_FUZZ_SECONDS`
//!   gives a time budget instead of a case count.
//!
//! The checks themselves are in `targets.rs`, shared with the cargo-fuzz
//! targets in `fuzz/` (nightly).

mod mutate;
mod targets;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use proptest::test_runner::{Config, RngAlgorithm, TestError, TestRng, TestRunner};

use mutate::{input, Seeds};

/// The seed of a CI run (any fixed number: runs must be comparable).
const CI_SEED: u64 = 0x7115_a5f0_2026_0001;

/// A fuzz target: checks one input, panics on a finding.
type Target = fn(&[u8]);

/// Every target, by the name of its seed and regression folders and of
/// its cargo-fuzz binary.
const TARGETS: [(&str, Target); 11] = [
    ("tsv", targets::tsv),
    ("csv", targets::csv),
    ("jsonl", targets::jsonl),
    ("tmx", targets::tmx),
    ("config", targets::config),
    ("text", targets::text),
    ("srx", targets::srx),
    ("align", targets::align),
    ("tbx", targets::tbx),
    ("glossary_tsv", targets::glossary_tsv),
    ("glossary_csv", targets::glossary_csv),
];

fn env_number(name: &str) -> Option<u64> {
    let value = std::env::var(name).ok()?;
    Some(
        value
            .parse()
            .unwrap_or_else(|_| panic!("{name}={value}: a whole number, please")),
    )
}

/// `TILMASH_SEED`: unset, the CI seed; `random`, the clock; else the number.
fn seed() -> u64 {
    match std::env::var("TILMASH_SEED").as_deref() {
        Err(_) => CI_SEED,
        Ok("random") => std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(1),
        Ok(_) => env_number("TILMASH_SEED").unwrap_or(CI_SEED),
    }
}

fn manifest() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The files of `dir`, sorted.
fn files_in(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

/// The hand-written seed files of a target (`fuzz/seeds/NAME/`); a
/// missing or empty folder fails, so that moved seeds are noticed.
fn seed_files(name: &str) -> Vec<Vec<u8>> {
    let dir = manifest().join("fuzz/seeds").join(name);
    let files = files_in(&dir);
    assert!(
        !files.is_empty(),
        "{} holds no seed files: were the seeds moved?",
        dir.display()
    );
    files
        .iter()
        .map(|p| std::fs::read(p).unwrap_or_else(|e| panic!("{}: {e}", p.display())))
        .collect()
}

/// Runs `target` on `cases` generated inputs (CI), or on as many as
/// `TILMASH_FUZZ_CASES` / `TILMASH_FUZZ_SECONDS` say; on a failure,
/// shrinks it, saves the input under `target/fuzz-failures/` and panics
/// with it.
fn fuzz(name: &str, seeds: Seeds, target: Target, cases: u64) {
    let budget = env_number("TILMASH_FUZZ_SECONDS").map(Duration::from_secs);
    let max_cases =
        env_number("TILMASH_FUZZ_CASES").unwrap_or(if budget.is_some() { u64::MAX } else { cases });
    let seed = seed();
    let start = Instant::now();
    let strategy = input(seeds);
    let mut done = 0u64;
    let mut round = 0u64;
    while done < max_cases && budget.is_none_or(|b| start.elapsed() < b) {
        let batch = 16.min(max_cases - done) as u32;
        let mut bytes = [0u8; 32];
        bytes[..8].copy_from_slice(&seed.to_le_bytes());
        bytes[8..16].copy_from_slice(&round.to_le_bytes());
        let config = Config {
            cases: batch,
            failure_persistence: None,
            max_shrink_iters: 4096,
            ..Config::default()
        };
        let mut runner =
            TestRunner::new_with_rng(config, TestRng::from_seed(RngAlgorithm::ChaCha, &bytes));
        let result = runner.run(&strategy, |data| {
            target(&data);
            Ok(())
        });
        if let Err(TestError::Fail(reason, data)) = result {
            let dir = manifest().join("target/fuzz-failures");
            let _ = std::fs::create_dir_all(&dir);
            let file = dir.join(format!("{name}-{seed}-{round}.bin"));
            let _ = std::fs::write(&file, &data);
            panic!(
                "fuzz target {name} failed (TILMASH_SEED={seed}, round {round}): {reason}\n\
                 minimal input ({} bytes) saved to {}; once fixed, keep it in \
                 fuzz/regressions/{name}/:\n{:?}",
                data.len(),
                file.display(),
                String::from_utf8_lossy(&data)
            );
        }
        done += u64::from(batch);
        round += 1;
    }
    eprintln!(
        "fuzz {name}: {done} inputs in {:.1} s without a failure (seed {seed})",
        start.elapsed().as_secs_f64()
    );
}

#[test]
fn fuzz_tsv() {
    fuzz("tsv", Seeds::tsv(&seed_files("tsv")), targets::tsv, 3000);
}

#[test]
fn fuzz_csv() {
    fuzz("csv", Seeds::csv(&seed_files("csv")), targets::csv, 3000);
}

#[test]
fn fuzz_jsonl() {
    fuzz(
        "jsonl",
        Seeds::jsonl(&seed_files("jsonl")),
        targets::jsonl,
        3000,
    );
}

#[test]
fn fuzz_tmx() {
    fuzz("tmx", Seeds::tmx(&seed_files("tmx")), targets::tmx, 3000);
}

#[test]
fn fuzz_config() {
    fuzz(
        "config",
        Seeds::plain(seed_files("config")),
        targets::config,
        3000,
    );
}

#[test]
fn fuzz_text() {
    fuzz("text", Seeds::text(&seed_files("text")), targets::text, 300);
}

#[test]
fn fuzz_srx() {
    fuzz("srx", Seeds::tmx(&seed_files("srx")), targets::srx, 2000);
}

#[test]
fn fuzz_align() {
    fuzz(
        "align",
        Seeds::text(&seed_files("align")),
        targets::align,
        1000,
    );
}

#[test]
fn fuzz_tbx() {
    fuzz("tbx", Seeds::tmx(&seed_files("tbx")), targets::tbx, 2000);
}

#[test]
fn fuzz_glossary_tsv() {
    fuzz(
        "glossary_tsv",
        Seeds::glossary(&seed_files("glossary_tsv")),
        targets::glossary_tsv,
        2000,
    );
}

#[test]
fn fuzz_glossary_csv() {
    fuzz(
        "glossary_csv",
        Seeds::plain(seed_files("glossary_csv")),
        targets::glossary_csv,
        2000,
    );
}

/// Every seed passes its target, and so does every input kept in
/// `fuzz/regressions/NAME/` (crashes found once, fixed since).
#[test]
fn seeds_and_regressions_pass() {
    let mut replayed = 0;
    for (name, target) in TARGETS {
        let mut inputs = seed_files(name);
        let regressions = manifest().join("fuzz/regressions").join(name);
        if regressions.exists() {
            for path in files_in(&regressions) {
                inputs.push(std::fs::read(&path).unwrap_or_else(|e| panic!("{e}")));
                replayed += 1;
            }
        }
        for input in inputs {
            target(&input);
        }
    }
    assert!(replayed > 0, "fuzz/regressions/ holds no inputs");
}

/// Seeds, regressions and the cargo-fuzz targets all name the same
/// targets: a folder or binary that names none (moved, renamed, a typo)
/// would be silently ignored.
#[test]
fn every_folder_and_cargo_fuzz_target_names_a_target() {
    let names: Vec<&str> = TARGETS.iter().map(|(name, _)| *name).collect();
    for folder in ["fuzz/seeds", "fuzz/regressions"] {
        let dir = manifest().join(folder);
        let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{folder}: {e}"));
        for entry in entries.filter_map(|e| e.ok()) {
            let file_name = entry.file_name();
            let sub = file_name.to_string_lossy();
            if entry.path().is_dir() {
                assert!(
                    names.contains(&sub.as_ref()),
                    "{folder}/{sub} names no fuzz target (targets: {names:?})"
                );
            }
        }
    }
    let cargo =
        std::fs::read_to_string(manifest().join("fuzz/Cargo.toml")).expect("fuzz/Cargo.toml");
    let run = std::fs::read_to_string(manifest().join("fuzz/run.sh")).expect("fuzz/run.sh");
    for name in &names {
        let source = format!("fuzz/fuzz_targets/{name}.rs");
        let text = std::fs::read_to_string(manifest().join(&source))
            .unwrap_or_else(|e| panic!("{source}: {e}"));
        assert!(
            text.contains(&format!("targets::{name}(data)")),
            "{source} does not call targets::{name}"
        );
        assert!(
            cargo.contains(&format!(
                "name = \"{name}\"\npath = \"fuzz_targets/{name}.rs\""
            )),
            "fuzz/Cargo.toml has no [[bin]] {name}"
        );
        let all = run
            .lines()
            .find_map(|l| l.strip_prefix("all=\""))
            .unwrap_or_else(|| panic!("fuzz/run.sh has no all=\"…\" line of targets"));
        assert!(
            all.trim_end_matches('"')
                .split_whitespace()
                .any(|w| w == *name),
            "fuzz/run.sh does not run {name}"
        );
    }
}
