//! In-process benchmark of `concordance` and `analyze` on a memory: warm
//! timings over several rounds (median and slowest), and what each query
//! found.
//!
//! `cargo run --release --example bench_commands -- MEMORY [ROUNDS] [--limited]`
//! (`--limited`: leave out the concordances with no limit, which read
//! every unit holding the phrase's words).
//!
//! Concordance: common and rare words and phrases in both languages, with
//! the default `--limit 20` and with no limit. Analyze: a 40-segment
//! "article" made deterministically from real Russian sentences of
//! `../shared/data/corpora/wmt_newstest2019_ru-orig.tsv` (every third one
//! with a word left out, every fifth with two words swapped, so that the
//! bands are mixed), and the same for English from the en-orig file.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use tilmash::analysis::{analyze_texts, AnalysisInput};
use tilmash::memory::{ConcordanceOptions, Memory};
use tilmash::score::Band;
use tilmash::text::{analyze, words, Lang};
use tilmash::unit::UnitFilter;

const PHRASES: &[(&str, Lang)] = &[
    ("в", Lang::Ru),
    ("выборы", Lang::Ru),
    ("президент", Lang::Ru),
    ("в Москве", Lang::Ru),
    ("по словам", Lang::Ru),
    ("Европейский союз", Lang::Ru),
    ("2019", Lang::Ru),
    ("the", Lang::En),
    ("of the", Lang::En),
    ("election", Lang::En),
    ("European Union", Lang::En),
    ("said on Tuesday", Lang::En),
];

fn timed<T>(rounds: usize, mut f: impl FnMut() -> T) -> (Duration, Duration, T) {
    let mut times = Vec::with_capacity(rounds);
    let mut last = f(); // warm-up
    for _ in 0..rounds {
        let start = Instant::now();
        last = f();
        times.push(start.elapsed());
    }
    times.sort();
    (times[times.len() / 2], times[times.len() - 1], last)
}

fn ms(d: Duration) -> String {
    format!("{:.2}", d.as_secs_f64() * 1000.0)
}

/// A 40-sentence text from the `lang` side of `file`, lines 1000–1039,
/// with every third sentence missing a word and every fifth with two words
/// swapped.
fn article(file: &str, lang: Lang) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/data/corpora")
        .join(file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut sentences = Vec::new();
    for (i, line) in text.lines().skip(1000).take(40).enumerate() {
        let Some((ru, en)) = line.split_once('\t') else {
            continue;
        };
        let s = if lang == Lang::Ru { ru } else { en };
        let ws = words(s);
        let changed = if i % 3 == 0 && ws.len() > 3 {
            let w = &ws[ws.len() / 2];
            format!("{}{}", &s[..w.start], s[w.end..].trim_start())
        } else if i % 5 == 0 && ws.len() > 3 {
            let (a, b) = (&ws[1], &ws[2]);
            format!(
                "{}{}{}{}{}",
                &s[..a.start],
                &s[b.start..b.end],
                &s[a.end..b.start],
                &s[a.start..a.end],
                &s[b.end..]
            )
        } else {
            s.to_string()
        };
        sentences.push(changed);
    }
    sentences.join("\n\n")
}

fn main() {
    let mut args = std::env::args().skip(1);
    let path = PathBuf::from(args.next().expect("usage: bench_commands MEMORY [ROUNDS]"));
    let rounds: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(10);
    let limits: &[Option<usize>] = if args.next().as_deref() == Some("--limited") {
        &[Some(20)]
    } else {
        &[Some(20), None]
    };
    let memory = Memory::open(&path).unwrap_or_else(|e| panic!("{e}"));
    println!(
        "memory {} ({} units), {rounds} rounds warm",
        path.display(),
        memory.snapshot().len()
    );

    println!("\nconcordance");
    println!("| phrase | lang | limit | median ms | max ms | shown | candidates | total |");
    println!("|---|---|---:|---:|---:|---:|---:|---:|");
    for &(phrase, lang) in PHRASES {
        let analyzed = analyze(phrase, lang);
        for &limit in limits {
            let opts = ConcordanceOptions {
                limit,
                filter: UnitFilter::default(),
            };
            let (median, max, found) = timed(rounds, || {
                memory
                    .concordance(&analyzed, &opts)
                    .unwrap_or_else(|e| panic!("{e}"))
            });
            println!(
                "| {phrase} | {lang} | {} | {} | {} | {} | {} | {} |",
                limit.map_or("all".to_string(), |l| l.to_string()),
                ms(median),
                ms(max),
                found.hits.len(),
                found.candidates,
                found.total.map_or("?".to_string(), |t| t.to_string()),
            );
        }
    }

    println!("\nanalyze (one 40-segment text)");
    println!("| text | words | median ms | max ms | context | rep. | 100 | 95–99 | 85–94 | 75–84 | 50–74 | none |");
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (file, lang) in [
        ("wmt_newstest2019_ru-orig.tsv", Lang::Ru),
        ("wmt_newstest2019_en-orig.tsv", Lang::En),
    ] {
        let input = AnalysisInput {
            name: file.to_string(),
            text: article(file, lang),
            lang,
        };
        let snapshot = memory.snapshot();
        let (median, max, analysis) = timed(rounds, || {
            analyze_texts(
                &snapshot,
                std::slice::from_ref(&input),
                &UnitFilter::default(),
                false,
            )
            .unwrap_or_else(|e| panic!("{e}"))
        });
        let t = &analysis.total;
        let bands: Vec<String> = Band::ALL
            .iter()
            .map(|b| t.band(*b).segments.to_string())
            .collect();
        println!(
            "| {file} ({lang}) | {} | {} | {} | {} |",
            t.total.words,
            ms(median),
            ms(max),
            bands.join(" | ")
        );
    }
}
