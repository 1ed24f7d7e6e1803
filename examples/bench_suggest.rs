//! In-process suggest benchmark on a memory: per-segment latency (warm),
//! the exhaustive scan on a sample of the same queries with the results
//! compared, and peak resident memory.
//!
//! `cargo run --release --example bench_suggest -- MEMORY QUERIES.jsonl [EXHAUSTIVE_SAMPLE] [--repair-cost GLOSSARY_DIR]`
//!
//! `--repair-cost` adds the cost of fuzzy match repair: each query through
//! the whole suggest operation (glossary terms included) with repair and
//! with `no_repair`, alternately, and the two p50s compared.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use tilmash::glossary::Glossary;
use tilmash::memory::Memory;
use tilmash::operations::suggest_stream;
use tilmash::request::SuggestRequest;
use tilmash::suggest::{suggest, Query, SuggestOptions};

#[path = "../tests/support/queries.rs"]
mod queries;

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn peak_rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines().find(|l| l.starts_with("VmHWM:")).and_then(|l| {
                l.split_whitespace()
                    .nth(1)
                    .and_then(|kb| kb.parse::<f64>().ok())
            })
        })
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

fn ms(d: Duration) -> String {
    format!("{:.3}", d.as_secs_f64() * 1000.0)
}

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let repair_glossary = args.iter().position(|a| a == "--repair-cost").map(|i| {
        let dir = args
            .get(i + 1)
            .cloned()
            .expect("--repair-cost GLOSSARY_DIR");
        args.drain(i..i + 2);
        PathBuf::from(dir)
    });
    let mut args = args.into_iter();
    let memory = PathBuf::from(args.next().expect("MEMORY"));
    let queries_file = PathBuf::from(args.next().expect("QUERIES.jsonl"));
    let sample: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(10);

    let started = Instant::now();
    let memory = Memory::open(&memory).expect("memory");
    let snapshot = memory.snapshot();
    let opened = started.elapsed();
    let queries = queries::read(&queries_file);
    let opts = SuggestOptions::default();
    println!(
        "memory: {} units, opened in {} ms",
        snapshot.len(),
        ms(opened)
    );

    // Warm-up: every query once (page cache, allocations).
    for (q, _) in &queries {
        suggest(&snapshot, std::slice::from_ref(q), &opts).expect("suggest");
    }
    let mut times = Vec::with_capacity(queries.len());
    let mut found = 0;
    for (q, _) in &queries {
        let t = Instant::now();
        let r = suggest(&snapshot, std::slice::from_ref(q), &opts).expect("suggest");
        times.push(t.elapsed());
        found += r[0].len();
    }
    let total: Duration = times.iter().sum();
    times.sort();
    println!(
        "suggest, {} segments, warm, one at a time: p50 {} ms, p95 {} ms, p99 {} ms, max {} ms, mean {} ms; {} matches",
        times.len(),
        ms(percentile(&times, 0.5)),
        ms(percentile(&times, 0.95)),
        ms(percentile(&times, 0.99)),
        ms(*times.last().expect("times")),
        ms(total / times.len() as u32),
        found
    );

    // What the candidate filter does on average.
    let (mut postings, mut counted, mut candidates) = (0u64, 0u64, 0u64);
    for (q, _) in &queries {
        let c = snapshot
            .candidates(&q.analyzed, opts.min_score)
            .expect("candidates");
        postings += c.postings;
        counted += c.counted;
        candidates += c.docs.len() as u64;
    }
    let n = queries.len().max(1) as u64;
    println!(
        "filter, per segment: {} postings read, {} units counted, {} candidates scored",
        postings / n,
        counted / n,
        candidates / n
    );

    // The slowest segments, and what the candidate filter did for them.
    let mut slowest: Vec<(Duration, &Query)> = Vec::new();
    for (q, _) in &queries {
        let t = Instant::now();
        suggest(&snapshot, std::slice::from_ref(q), &opts).expect("suggest");
        slowest.push((t.elapsed(), q));
    }
    slowest.sort_by_key(|s| std::cmp::Reverse(s.0));
    for (t, q) in slowest
        .iter()
        .take(if std::env::var_os("BENCH_VERBOSE").is_some() {
            15
        } else {
            0
        })
    {
        let c = snapshot
            .candidates(&q.analyzed, opts.min_score)
            .expect("candidates");
        println!(
            "  {} ms  words {:>3}  postings {:>8}  counted {:>7}  candidates {:>6}  {:.60}",
            ms(*t),
            q.analyzed.tokens.len(),
            c.postings,
            c.counted,
            c.docs.len(),
            q.analyzed.text
        );
    }

    // The whole query set as one text: both cores.
    let all: Vec<Query> = queries.iter().map(|(q, _)| q.clone()).collect();
    let t = Instant::now();
    suggest(&snapshot, &all, &opts).expect("suggest");
    let batch = t.elapsed();
    println!(
        "suggest, {} segments as one batch (rayon): {} ms, {} ms per segment",
        all.len(),
        ms(batch),
        ms(batch / all.len() as u32)
    );

    if let Some(step) = queries.len().checked_div(sample) {
        let step = step.max(1);
        let picked: Vec<&Query> = queries
            .iter()
            .step_by(step)
            .take(sample)
            .map(|(q, _)| q)
            .collect();
        let exhaustive = SuggestOptions {
            exhaustive: true,
            ..opts.clone()
        };
        let mut slow = Vec::new();
        let mut fast = Vec::new();
        for q in &picked {
            let t = Instant::now();
            let a = suggest(&snapshot, std::slice::from_ref(*q), &opts).expect("suggest");
            fast.push(t.elapsed());
            let t = Instant::now();
            let b = suggest(&snapshot, std::slice::from_ref(*q), &exhaustive).expect("exhaustive");
            slow.push(t.elapsed());
            let key = |m: &Vec<tilmash::suggest::Match>| {
                m.iter()
                    .map(|m| (m.unit.id, m.score, m.fuzzy, m.target.clone()))
                    .collect::<Vec<_>>()
            };
            assert_eq!(
                key(&a[0]),
                key(&b[0]),
                "suggest and --exhaustive differ for {:?}",
                q.analyzed.text
            );
        }
        let fast: Duration = fast.iter().sum();
        let slow: Duration = slow.iter().sum();
        println!(
            "exhaustive on {} of the queries: {} ms per query vs {} ms; ratio {:.0}x; results identical",
            picked.len(),
            ms(slow / picked.len() as u32),
            ms(fast / picked.len() as u32),
            slow.as_secs_f64() / fast.as_secs_f64().max(1e-9)
        );
    }
    if let Some(dir) = repair_glossary {
        repair_cost(&snapshot, &dir, &queries);
    }
    println!("peak resident memory: {:.0} MB", peak_rss_mb());
}

/// p50 of the suggest operation (one segment, glossary on) with repair
/// and with `no_repair`, the two runs of a query back to back in
/// alternating order so that drift of the machine falls on both alike.
fn repair_cost(
    snapshot: &tilmash::memory::Snapshot,
    dir: &std::path::Path,
    queries: &[(Query, String)],
) {
    let glossary = Glossary::load(dir).expect("glossary");
    let run = |q: &Query, no_repair: bool| -> (Duration, usize) {
        let mut request = SuggestRequest::text("");
        request.text = None;
        request.segments = Some(vec![q.analyzed.text.clone()]);
        request.from = Some(q.analyzed.lang);
        request.no_repair = no_repair;
        let t = Instant::now();
        let mut repaired = 0;
        for segment in suggest_stream(snapshot, &glossary, &request).expect("suggest") {
            let segment = segment.expect("suggest");
            repaired += segment.matches.iter().filter(|m| m.repaired).count();
        }
        (t.elapsed(), repaired)
    };
    for (q, _) in queries {
        run(q, false);
    }
    let (mut with, mut without, mut repaired) = (Vec::new(), Vec::new(), 0);
    for (i, (q, _)) in queries.iter().enumerate() {
        let order = if i % 2 == 0 {
            [false, true]
        } else {
            [true, false]
        };
        for no_repair in order {
            let (t, n) = run(q, no_repair);
            if no_repair {
                without.push(t);
            } else {
                with.push(t);
                repaired += n;
            }
        }
    }
    with.sort();
    without.sort();
    let (a, b) = (percentile(&with, 0.5), percentile(&without, 0.5));
    println!(
        "suggest with glossary, {} segments, one at a time: repair p50 {} ms (p95 {}), --no-repair p50 {} ms (p95 {}); repair adds {:+.1}% at p50; {} matches repaired",
        with.len(),
        ms(a),
        ms(percentile(&with, 0.95)),
        ms(b),
        ms(percentile(&without, 0.95)),
        (a.as_secs_f64() / b.as_secs_f64().max(1e-9) - 1.0) * 100.0,
        repaired
    );
}
