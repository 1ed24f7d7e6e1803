//! The in-process half of `bench/scale.sh`: suggest latency at
//! `--min-score` 60 and 50 (warm, one segment at a time), and the
//! exactness check every timing run makes: default retrieval against
//! `--exhaustive` on a sample of the queries at 30, 50, 60, 75 and 90,
//! exiting non-zero on any difference.
//!
//! `cargo run --release --example bench_scale -- MEMORY QUERIES.jsonl [SAMPLE]`
//!
//! Prints `key value` lines for the script to put in its table row.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use tilmash::memory::{Memory, Snapshot};
use tilmash::suggest::{suggest, Match, Query, SuggestOptions};

#[path = "../tests/support/queries.rs"]
mod queries;

/// Thresholds at which default retrieval must equal the exhaustive scan.
const THRESHOLDS: [u8; 5] = [30, 50, 60, 75, 90];

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn ms(d: Duration) -> String {
    format!("{:.2}", d.as_secs_f64() * 1000.0)
}

/// p50 and p99 of one warm pass over `queries` at `min_score`.
fn latency(snapshot: &Snapshot, queries: &[Query], min_score: u8) -> (Duration, Duration) {
    let opts = SuggestOptions {
        min_score,
        ..SuggestOptions::default()
    };
    for q in queries {
        suggest(snapshot, std::slice::from_ref(q), &opts).expect("suggest");
    }
    let mut times: Vec<Duration> = queries
        .iter()
        .map(|q| {
            let t = Instant::now();
            suggest(snapshot, std::slice::from_ref(q), &opts).expect("suggest");
            t.elapsed()
        })
        .collect();
    times.sort();
    (percentile(&times, 0.5), percentile(&times, 0.99))
}

fn key(matches: &[Match]) -> Vec<(String, u8, u8, String)> {
    matches
        .iter()
        .map(|m| (m.unit.id.to_string(), m.score, m.fuzzy, m.target.clone()))
        .collect()
}

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let memory = PathBuf::from(args.next().expect("MEMORY"));
    let queries_file = PathBuf::from(args.next().expect("QUERIES.jsonl"));
    let sample: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(2);

    let memory = Memory::open(&memory).expect("memory");
    let snapshot = memory.snapshot();
    let queries: Vec<Query> = queries::read(&queries_file)
        .into_iter()
        .map(|(q, _)| q)
        .collect();
    println!("units {}", snapshot.len());
    for min_score in [60, 50] {
        let (p50, p99) = latency(&snapshot, &queries, min_score);
        println!("suggest{min_score} {}/{}", ms(p50), ms(p99));
    }

    // The sample: evenly spread over the queries (held-out sentences and
    // variants of stored pairs, both languages).
    let step = (queries.len() / sample.max(1)).max(1);
    let mut differences = 0;
    let mut compared = 0;
    for q in queries.iter().step_by(step).take(sample) {
        for min_score in THRESHOLDS {
            let opts = SuggestOptions {
                min_score,
                ..SuggestOptions::default()
            };
            let exhaustive = SuggestOptions {
                exhaustive: true,
                ..opts.clone()
            };
            let a = suggest(&snapshot, std::slice::from_ref(q), &opts).expect("suggest");
            let b = suggest(&snapshot, std::slice::from_ref(q), &exhaustive).expect("exhaustive");
            compared += 1;
            if key(&a[0]) != key(&b[0]) {
                differences += 1;
                eprintln!(
                    "DIFFERENCE at --min-score {min_score} for {:?}:\n  default    {:?}\n  exhaustive {:?}",
                    q.analyzed.text,
                    key(&a[0]),
                    key(&b[0])
                );
            }
        }
    }
    println!("exhaustive {compared}/{differences}");
    if differences > 0 {
        eprintln!("suggest and --exhaustive differ in {differences} of {compared} comparisons");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
