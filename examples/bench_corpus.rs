//! Builds the benchmark's input from the real pairs of `../shared/data/corpora`:
//! a memory of N units (default 1,000,000: every real pair but the held-out
//! ones, plus variants made by deleting, inserting, replacing and inflecting
//! words and changing numbers) and a query set (held-out real sentences and
//! fresh variants of stored ones), both as JSONL.
//!
//! `cargo run --release --example bench_corpus -- OUT_DIR [UNITS]`
//! writes OUT_DIR/memory.jsonl and OUT_DIR/queries.jsonl. Deterministic.

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use serde_json::json;
use tilmash::text::{words, Lang};

#[path = "../tests/support/rng.rs"]
mod rng;

use rng::Rng;

/// Every this-many-th real pair is held out of the memory as a query.
const HOLD_OUT_EVERY: usize = 100;
const QUERIES_HELD_OUT: usize = 500;
const QUERIES_VARIANTS: usize = 500;

fn corpora() -> Vec<(String, String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/corpora");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("../shared/data/corpora")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            name.ends_with(".tsv") && !name.ends_with(".meta.tsv")
        })
        .collect();
    files.sort();
    let mut pairs = Vec::new();
    for file in files {
        let name = file
            .file_stem()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let text = std::fs::read_to_string(&file).expect("corpus file");
        for line in text.lines() {
            if let Some((ru, en)) = line.split_once('\t') {
                if !ru.trim().is_empty() && !en.trim().is_empty() {
                    pairs.push((ru.to_string(), en.to_string(), name.clone()));
                }
            }
        }
    }
    pairs
}

/// One random edit of `text`: delete, insert or replace a word, inflect
/// one, or change a number (to `number` when given, so both sides agree).
fn edit(text: &str, lang: Lang, donor: &str, number: Option<u32>, rng: &mut Rng) -> String {
    let ws = words(text);
    if ws.is_empty() {
        return text.to_string();
    }
    if let Some(number) = number {
        if let Some(n) = ws
            .iter()
            .find(|w| text[w.start..w.end].starts_with(|c: char| c.is_ascii_digit()))
        {
            return format!("{}{}{}", &text[..n.start], number, &text[n.end..]);
        }
    }
    let w = &ws[rng.below(ws.len())];
    let (before, word, after) = (&text[..w.start], &text[w.start..w.end], &text[w.end..]);
    let donor_words = words(donor);
    let other = donor_words
        .get(rng.below(donor_words.len()))
        .map(|d| &donor[d.start..d.end])
        .unwrap_or(word);
    match rng.below(4) {
        // Deleting the only word would leave an empty segment.
        0 if ws.len() > 1 => format!("{before}{}", after.trim_start()),
        1 => format!("{before}{other} {word}{after}"),
        0 | 2 => format!("{before}{other}{after}"),
        _ => {
            let chars: Vec<char> = word.chars().collect();
            let keep = chars.len().saturating_sub(1).max(1);
            let stem: String = chars[..keep].iter().collect();
            let ending = match lang {
                Lang::Ru => ["е", "а", "ом", "ы", "ах", "ой"][rng.below(6)],
                Lang::En => ["s", "ed", "ing", "'s", "er", "ly"][rng.below(6)],
            };
            format!("{before}{stem}{ending}{after}")
        }
    }
}

fn variant(
    pair: &(String, String, String),
    donor: &(String, String, String),
    rng: &mut Rng,
) -> (String, String) {
    let (mut ru, mut en) = (pair.0.clone(), pair.1.clone());
    for _ in 0..1 + rng.below(3) {
        let number = (rng.below(4) == 0).then(|| rng.below(2030) as u32);
        ru = edit(&ru, Lang::Ru, &donor.0, number, rng);
        en = edit(&en, Lang::En, &donor.1, number, rng);
    }
    (ru, en)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let out = PathBuf::from(args.next().unwrap_or_else(|| "target/bench".into()));
    let units: usize = args
        .next()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1_000_000);
    std::fs::create_dir_all(&out).expect("output folder");
    let pairs = corpora();
    let mut rng = Rng(0x5eed_1234_abcd_ef01);
    let (held, kept): (Vec<_>, Vec<_>) = pairs
        .iter()
        .enumerate()
        .partition(|(i, _)| i % HOLD_OUT_EVERY == 0);
    let kept: Vec<&(String, String, String)> = kept.into_iter().map(|(_, p)| p).collect();

    let mut memory =
        BufWriter::new(std::fs::File::create(out.join("memory.jsonl")).expect("memory.jsonl"));
    let date = |rng: &mut Rng| {
        format!(
            "{}-{:02}-{:02}",
            2010 + rng.below(15),
            1 + rng.below(12),
            1 + rng.below(28)
        )
    };
    let mut written = 0usize;
    for (i, (ru, en, origin)) in kept.iter().enumerate() {
        if written == units {
            break;
        }
        let line = json!({"ru": ru, "en": en, "article": format!("{origin}-{}", i / 20), "position": i % 20, "date": date(&mut rng), "origin": origin});
        writeln!(memory, "{line}").expect("write");
        written += 1;
    }
    while written < units {
        let pair = kept[rng.below(kept.len())];
        let donor = kept[rng.below(kept.len())];
        let (ru, en) = variant(pair, donor, &mut rng);
        let line = json!({"ru": ru, "en": en, "article": format!("variant-{}", written / 20), "position": written % 20, "date": date(&mut rng), "origin": "variant"});
        writeln!(memory, "{line}").expect("write");
        written += 1;
    }
    memory.flush().expect("flush");

    let mut queries =
        BufWriter::new(std::fs::File::create(out.join("queries.jsonl")).expect("queries.jsonl"));
    for (k, (_, (ru, en, _))) in held.iter().take(QUERIES_HELD_OUT).enumerate() {
        let (text, lang) = if k % 2 == 0 { (ru, "ru") } else { (en, "en") };
        writeln!(
            queries,
            "{}",
            json!({"text": text, "lang": lang, "kind": "held-out"})
        )
        .expect("write");
    }
    for k in 0..QUERIES_VARIANTS {
        let pair = kept[rng.below(kept.len())];
        let donor = kept[rng.below(kept.len())];
        let (ru, en) = variant(pair, donor, &mut rng);
        let (text, lang) = if k % 2 == 0 { (ru, "ru") } else { (en, "en") };
        writeln!(
            queries,
            "{}",
            json!({"text": text, "lang": lang, "kind": "variant"})
        )
        .expect("write");
    }
    queries.flush().expect("flush");
    eprintln!(
        "{written} units, {} queries in {}",
        QUERIES_HELD_OUT.min(held.len()) + QUERIES_VARIANTS,
        out.display()
    );
}
