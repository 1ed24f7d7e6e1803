//! The stable fuzz harness (SPEC §7 "Parsers are fuzzed"): every input
//! parser gets arbitrary bytes and structure-aware mutations of real and
//! hand-written files (truncation, duplicated and deleted tags and spans,
//! wrong encodings, huge attributes, deep nesting, entity expansion, stray
//! control bytes), for a time budget per target.
//!
//! - CI: `cargo test --test fuzz` (10 s per target; debug build).
//! - Long: `TILMASH_FUZZ_SECONDS=600 cargo test --release --test fuzz --
//!   --test-threads 1 --nocapture` (`TILMASH_FUZZ_CASES` caps the cases,
//!   `TILMASH_SEED` replays a run).
//!
//! The checks themselves are in `targets.rs`, shared with the cargo-fuzz
//! targets in `fuzz/` (nightly).

mod mutate;
mod targets;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use proptest::test_runner::{Config, RngAlgorithm, TestError, TestRng, TestRunner};

use mutate::{input, Seeds};

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
}

fn seed() -> u64 {
    env_number(
        "TILMASH_SEED",
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(1),
    )
}

fn manifest() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The hand-written seed files of a target (`fuzz/seeds/NAME/`).
fn seed_files(name: &str) -> Vec<Vec<u8>> {
    let dir = manifest().join("fuzz/seeds").join(name);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.sort();
    files.iter().filter_map(|p| std::fs::read(p).ok()).collect()
}

/// A fuzz target: checks one input, panics on a finding.
type Target = fn(&[u8]);

/// Runs `target` on generated inputs until the time budget or the case
/// limit is spent; on a failure, shrinks it, saves the input under
/// `target/fuzz-failures/` and panics with it.
fn fuzz(name: &str, seeds: Seeds, target: Target) {
    let budget = Duration::from_secs(env_number("TILMASH_FUZZ_SECONDS", 10));
    let max_cases = env_number("TILMASH_FUZZ_CASES", u64::MAX);
    let seed = seed();
    let start = Instant::now();
    let strategy = input(seeds);
    let mut cases = 0u64;
    let mut round = 0u64;
    while start.elapsed() < budget && cases < max_cases {
        let batch = 16.min(max_cases - cases) as u32;
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
                "fuzz target {name} failed (seed {seed}, round {round}): {reason}\n\
                 minimal input ({} bytes) saved to {}:\n{:?}",
                data.len(),
                file.display(),
                String::from_utf8_lossy(&data)
            );
        }
        cases += u64::from(batch);
        round += 1;
    }
    eprintln!(
        "fuzz {name}: {cases} inputs in {:.1} s without a failure (seed {seed})",
        start.elapsed().as_secs_f64()
    );
}

#[test]
fn fuzz_tsv() {
    fuzz("tsv", Seeds::tsv(&seed_files("tsv")), targets::tsv);
}

#[test]
fn fuzz_csv() {
    fuzz("csv", Seeds::csv(&seed_files("csv")), targets::csv);
}

#[test]
fn fuzz_jsonl() {
    fuzz("jsonl", Seeds::jsonl(&seed_files("jsonl")), targets::jsonl);
}

#[test]
fn fuzz_tmx() {
    fuzz("tmx", Seeds::tmx(&seed_files("tmx")), targets::tmx);
}

#[test]
fn fuzz_config() {
    fuzz(
        "config",
        Seeds::plain(seed_files("config")),
        targets::config,
    );
}

#[test]
fn fuzz_text() {
    fuzz("text", Seeds::text(&seed_files("text")), targets::text);
}

#[test]
fn fuzz_srx() {
    fuzz("srx", Seeds::tmx(&seed_files("srx")), targets::srx);
}

#[test]
fn fuzz_align() {
    fuzz("align", Seeds::text(&seed_files("align")), targets::align);
}

/// Every cargo-fuzz seed passes its target (and the crash files found by
/// cargo-fuzz and kept as regressions, `fuzz/regressions/NAME/`).
#[test]
fn seeds_and_regressions_pass() {
    let all: [(&str, Target); 8] = [
        ("tsv", targets::tsv),
        ("csv", targets::csv),
        ("jsonl", targets::jsonl),
        ("tmx", targets::tmx),
        ("config", targets::config),
        ("text", targets::text),
        ("srx", targets::srx),
        ("align", targets::align),
    ];
    for (name, target) in all {
        let regressions = manifest().join("fuzz/regressions").join(name);
        let mut inputs = seed_files(name);
        if let Ok(dir) = std::fs::read_dir(regressions) {
            inputs.extend(
                dir.filter_map(|e| e.ok())
                    .filter_map(|e| std::fs::read(e.path()).ok()),
            );
        }
        for input in inputs {
            target(&input);
        }
    }
}
