//! "Streams: memory use does not grow with the file" (SPEC §5 import):
//! the peak resident memory of `tilmash import -` reading 1 GiB from
//! standard input is about that of reading 128 MiB. The input is made on
//! the fly (the real pairs, cycled, with a 10 MB line every 100 MiB) and
//! never stored.
//!
//! Run: `cargo test --release --test reliability -- --ignored flat --nocapture`

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use super::support::corpus_files;

/// Feeds `bytes` of input to `tilmash import -` under `/usr/bin/time -v`;
/// returns the peak resident set in KiB and the summary.
fn peak_kib(dir: &Path, memory: &str, bytes: u64, pool: &[String]) -> (u64, String) {
    let mut child = Command::new("/usr/bin/time")
        .arg("-v")
        .arg(env!("CARGO_BIN_EXE_tilmash"))
        .args(["import", "-", "--input-format", "tsv", "--memory", memory])
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("/usr/bin/time and tilmash run");
    let mut stdin = child.stdin.take().expect("a pipe");
    let pool = pool.to_vec();
    let feeder = std::thread::spawn(move || {
        let long = format!("{}\tA very long line\n", "ж".repeat(5 << 20));
        let mut written = 0u64;
        let mut next_long = 100 << 20;
        let mut i = 0;
        while written < bytes {
            let line = if written >= next_long {
                next_long += 100 << 20;
                &long
            } else {
                i = (i + 1) % pool.len();
                &pool[i]
            };
            if stdin.write_all(line.as_bytes()).is_err() {
                break;
            }
            written += line.len() as u64;
        }
    });
    let out = child.wait_with_output().expect("ends");
    feeder.join().expect("the feeder ends");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let peak = stderr
        .lines()
        .find_map(|l| {
            l.trim()
                .strip_prefix("Maximum resident set size (kbytes): ")
        })
        .and_then(|v| v.trim().parse().ok())
        .expect("time -v reports the peak");
    (
        peak,
        String::from_utf8_lossy(&out.stdout).trim().to_string(),
    )
}

#[test]
#[ignore = "long: imports 1 GiB from standard input"]
fn flat_memory_for_a_gigabyte_on_stdin() {
    if !Path::new("/usr/bin/time").exists() {
        eprintln!("skipped: /usr/bin/time is not installed (apt-get install time)");
        return;
    }
    let mut pool = Vec::new();
    for file in corpus_files() {
        let text = std::fs::read_to_string(file).expect("corpus readable");
        pool.extend(text.lines().map(|l| format!("{l}\n")));
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let (small, small_summary) = peak_kib(dir.path(), "small", 128 << 20, &pool);
    let (large, large_summary) = peak_kib(dir.path(), "large", 1 << 30, &pool);
    eprintln!("128 MiB: peak {} MiB; {small_summary}", small / 1024);
    eprintln!("  1 GiB: peak {} MiB; {large_summary}", large / 1024);
    assert!(
        large < small + 64 * 1024,
        "peak memory grew from {small} KiB to {large} KiB with 8× the input"
    );
}
