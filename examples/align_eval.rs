//! The alignment benchmark: precision, recall and F1 of beads on article
//! pairs built from the project's real parallel text (see
//! `tests/support/eval.rs`), the reliability of the confidence, the time per
//! article, and the same figures for hunalign on the same inputs.
//!
//! ```text
//! cargo run --release --example align_eval -- [--set dev|test] [--limit N] [--seed S]
//!     [--hunalign PATH] [--show-errors N] [--model key=value,…] [--tune]
//! ```
//!
//! `bench/align-vs-hunalign.sh` builds hunalign and runs this; the results
//! are in BENCHMARKS.md, section "Alignment".

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use tilmash::align::{align, AlignOptions, Anchors, GlossaryAnchors, Model};
use tilmash::glossary::Glossary;
use tilmash::text::{segment, Lang, Segment};

#[path = "../tests/support/eval.rs"]
mod eval;
#[path = "../tests/support/rng.rs"]
mod rng;

use eval::{Case, Figures, Judged, Predicted};

struct Args {
    set: String,
    limit: Option<usize>,
    seed: u64,
    hunalign: Option<PathBuf>,
    show_errors: usize,
    model: Model,
    tune: bool,
    fit: bool,
    repeat: usize,
    glossary: Option<PathBuf>,
    dir: PathBuf,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        set: "test".into(),
        limit: None,
        seed: 2024,
        hunalign: None,
        show_errors: 0,
        model: Model::default(),
        tune: false,
        fit: false,
        repeat: 0,
        glossary: None,
        dir: Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/corpora"),
    };
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        let mut value = || it.next().ok_or(format!("{a} needs a value"));
        match a.as_str() {
            "--set" => args.set = value()?,
            "--limit" => args.limit = Some(value()?.parse().map_err(|e| format!("{e}"))?),
            "--seed" => args.seed = value()?.parse().map_err(|e| format!("{e}"))?,
            "--hunalign" => args.hunalign = Some(PathBuf::from(value()?)),
            "--show-errors" => args.show_errors = value()?.parse().map_err(|e| format!("{e}"))?,
            "--corpora" => args.dir = PathBuf::from(value()?),
            "--glossary" => args.glossary = Some(PathBuf::from(value()?)),
            "--model" => {
                for kv in value()?.split(',') {
                    let (k, v) = kv.split_once('=').ok_or(format!("bad --model item {kv}"))?;
                    let v: f64 = v.parse().map_err(|e| format!("{kv}: {e}"))?;
                    set_param(&mut args.model, k, v)?;
                }
            }
            "--tune" => args.tune = true,
            "--fit-calibration" => args.fit = true,
            "--repeat" => args.repeat = value()?.parse().map_err(|e| format!("{e}"))?,
            _ => return Err(format!("unknown argument {a}")),
        }
    }
    Ok(args)
}

fn set_param(model: &mut Model, key: &str, v: f64) -> Result<(), String> {
    match key {
        "p11" => model.prior[0] = v,
        "p10" => {
            model.prior[1] = v;
            model.prior[2] = v;
        }
        "p21" => {
            model.prior[3] = v;
            model.prior[4] = v;
        }
        "p22" => model.prior[5] = v,
        "null_per_char" => model.null_per_char = v,
        "match" => model.match_weight = v,
        "miss" => model.miss_weight = v,
        "para_bonus" => model.paragraph_bonus = v,
        "para_mismatch" => model.paragraph_mismatch = v,
        "temperature" => model.temperature = v,
        "w_number" => model.anchor_weights.number = v,
        "w_date" => model.anchor_weights.date = v,
        "w_name" => model.anchor_weights.name = v,
        "w_cognate" => model.anchor_weights.cognate = v,
        "w_quote" => model.anchor_weights.quote = v,
        _ => return Err(format!("unknown model key {key}")),
    }
    Ok(())
}

fn get_param(model: &Model, key: &str) -> f64 {
    match key {
        "p11" => model.prior[0],
        "p10" => model.prior[1],
        "p21" => model.prior[3],
        "p22" => model.prior[5],
        "null_per_char" => model.null_per_char,
        "match" => model.match_weight,
        "miss" => model.miss_weight,
        "para_bonus" => model.paragraph_bonus,
        "para_mismatch" => model.paragraph_mismatch,
        "temperature" => model.temperature,
        "w_number" => model.anchor_weights.number,
        "w_date" => model.anchor_weights.date,
        "w_name" => model.anchor_weights.name,
        "w_cognate" => model.anchor_weights.cognate,
        "w_quote" => model.anchor_weights.quote,
        _ => f64::NAN,
    }
}

/// A case, segmented.
struct Prepared {
    case: Case,
    ru: Vec<Segment>,
    en: Vec<Segment>,
}

fn spans(segments: &[Segment]) -> Vec<std::ops::Range<usize>> {
    segments.iter().map(|s| s.start..s.end).collect()
}

/// Aligns every case with `model`: the figures, the judged beads and the
/// time of each alignment in seconds.
fn run_tilmash(cases: &[Prepared], model: &Model) -> (Figures, Vec<Judged>, Vec<(usize, f64)>) {
    run_tilmash_with(cases, model, Vec::new())
}

/// [`run_tilmash`] with more anchor finders.
fn run_tilmash_with(
    cases: &[Prepared],
    model: &Model,
    anchors: Vec<&(dyn Anchors + Sync)>,
) -> (Figures, Vec<Judged>, Vec<(usize, f64)>) {
    let opts = AlignOptions {
        model: model.clone(),
        anchors,
    };
    let mut figures = Figures::default();
    let mut judged = Vec::new();
    let mut times = Vec::new();
    for p in cases {
        let started = Instant::now();
        let result = align(&p.case.ru, &p.ru, &p.case.en, &p.en, &opts);
        let seconds = started.elapsed().as_secs_f64();
        times.push((p.ru.len().max(p.en.len()), seconds));
        let predicted = match result {
            Ok(a) => eval::predicted(&a),
            Err(e) => {
                eprintln!("{}: {e}", p.case.name);
                Vec::new()
            }
        };
        let j = eval::judge(&p.case, &spans(&p.ru), &spans(&p.en), &predicted);
        figures.add(&j);
        judged.push(j);
    }
    (figures, judged, times)
}

/// hunalign's tokenization: punctuation split from words by spaces.
fn tokenize(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if c.is_alphanumeric() || c == '-' || c == '\'' {
            out.push(c);
        } else if c.is_whitespace() {
            out.push(' ');
        } else {
            out.push(' ');
            out.push(c);
            out.push(' ');
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// One sentence per line, `<p>` between paragraphs; returns the file
/// line of each sentence.
fn hunalign_input(text: &str, segments: &[Segment]) -> (String, Vec<usize>) {
    let mut out = String::new();
    let mut lines = Vec::new();
    let mut line = 0;
    for (i, s) in segments.iter().enumerate() {
        if i > 0 && s.paragraph != segments[i - 1].paragraph {
            out.push_str("<p>\n");
            line += 1;
        }
        out.push_str(&tokenize(&text[s.start..s.end]));
        out.push('\n');
        lines.push(line);
        line += 1;
    }
    (out, lines)
}

/// Runs hunalign on every case; its ladder becomes beads.
fn run_hunalign(
    cases: &[Prepared],
    bin: &Path,
    realign: bool,
) -> std::io::Result<(Figures, Vec<Judged>, f64)> {
    let dir = std::env::temp_dir().join(format!("tilmash-hunalign-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let dic = dir.join("null.dic");
    std::fs::write(&dic, "")?;
    let mut figures = Figures::default();
    let mut all = Vec::new();
    let mut seconds = 0.0;
    for p in cases {
        let (ru_text, ru_lines) = hunalign_input(&p.case.ru, &p.ru);
        let (en_text, en_lines) = hunalign_input(&p.case.en, &p.en);
        let (ru_file, en_file) = (dir.join("ru.txt"), dir.join("en.txt"));
        std::fs::write(&ru_file, ru_text)?;
        std::fs::write(&en_file, en_text)?;
        let mut cmd = Command::new(bin);
        // hunalign writes a file of its own in the current folder.
        cmd.current_dir(&dir).arg("-utf");
        if realign {
            cmd.arg("-realign");
        }
        let started = Instant::now();
        let output = cmd.arg(&dic).arg(&ru_file).arg(&en_file).output()?;
        seconds += started.elapsed().as_secs_f64();
        let ladder = String::from_utf8_lossy(&output.stdout);
        let rungs: Vec<(usize, usize)> = ladder
            .lines()
            .filter_map(|l| {
                let mut f = l.split('\t');
                Some((f.next()?.parse().ok()?, f.next()?.parse().ok()?))
            })
            .collect();
        // File lines → sentence indexes (`<p>` lines belong to no sentence).
        let to_sentences = |lines: &[usize], range: std::ops::Range<usize>| {
            let first = lines.iter().position(|&l| l >= range.start);
            let last = lines.iter().rposition(|&l| l < range.end);
            match (first, last) {
                (Some(a), Some(b)) if a <= b => a..b + 1,
                _ => 0..0,
            }
        };
        let predicted: Predicted = rungs
            .windows(2)
            .map(|w| {
                (
                    to_sentences(&ru_lines, w[0].0..w[1].0),
                    to_sentences(&en_lines, w[0].1..w[1].1),
                    1.0,
                )
            })
            .filter(|(r, e, _)| !r.is_empty() || !e.is_empty())
            .collect();
        let j = eval::judge(&p.case, &spans(&p.ru), &spans(&p.en), &predicted);
        figures.add(&j);
        all.push(j);
    }
    let _ = std::fs::remove_dir_all(&dir);
    Ok((figures, all, seconds))
}

/// Recall of the gold beads by shape (in pieces: `2-1` is a merge).
fn print_shapes(judged: &[Judged]) {
    let mut shapes: std::collections::BTreeMap<String, (usize, usize)> = Default::default();
    for (shape, found) in judged.iter().flat_map(|j| j.gold_shapes.iter()) {
        let entry = shapes.entry(shape.clone()).or_default();
        entry.0 += 1;
        entry.1 += usize::from(*found);
    }
    println!("  recall by gold shape (in pieces):");
    for (shape, (count, found)) in &shapes {
        println!(
            "    {shape:>4}  {count:>6}  {:.4}",
            *found as f64 / *count as f64
        );
    }
}

fn print_figures(name: &str, f: &Figures) {
    println!(
        "{name:<28} docs {:>4}  gold {:>5}  predicted {:>5}  right {:>5}  P {:.4}  R {:.4}  F1 {:.4}",
        f.documents,
        f.gold,
        f.predicted,
        f.right,
        f.precision(),
        f.recall(),
        f.f1()
    );
}

fn main() {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(2);
        }
    };
    let files = if args.set == "dev" {
        eval::DEV_FILES
    } else {
        eval::TEST_FILES
    };
    let cases = match eval::cases(&args.dir, files, args.seed, args.limit) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {}: {e}", args.dir.display());
            std::process::exit(1);
        }
    };
    let prepared: Vec<Prepared> = cases
        .into_iter()
        .map(|case| Prepared {
            ru: segment(&case.ru, Lang::Ru),
            en: segment(&case.en, Lang::En),
            case,
        })
        .collect();
    let sentences: usize = prepared.iter().map(|p| p.ru.len() + p.en.len()).sum();
    println!(
        "set {} seed {}: {} article pairs, {} sentences",
        args.set,
        args.seed,
        prepared.len(),
        sentences
    );
    let mut model = args.model.clone();
    if args.tune {
        model = tune(&prepared, model);
        println!("tuned: {model:?}");
    }
    if args.fit {
        fit_calibration(&prepared, &model);
        return;
    }
    let (figures, judged, times) = run_tilmash(&prepared, &model);
    print_figures("tilmash", &figures);
    if let Some(dir) = &args.glossary {
        match Glossary::load(dir) {
            Ok(glossary) => {
                let anchors = GlossaryAnchors::new(&glossary, jiff::civil::date(2024, 1, 1));
                let (f, _, _) = run_tilmash_with(&prepared, &model, vec![&anchors]);
                print_figures("tilmash + glossary", &f);
            }
            Err(e) => eprintln!("glossary: {e}"),
        }
    }
    // Reliability of the confidence, over beads with text on both sides.
    let pairs: Vec<(f64, bool, bool)> = judged
        .iter()
        .flat_map(|j| j.beads.iter().copied())
        .filter(|b| b.1)
        .collect();
    let all: Vec<(f64, bool, bool)> = judged
        .iter()
        .flat_map(|j| j.beads.iter().copied())
        .collect();
    for (name, beads) in [("pairs", &pairs), ("all beads", &all)] {
        println!("reliability ({name}): bin, beads, mean confidence, right");
        for (bin, count, mean, right) in eval::reliability(beads) {
            if count > 0 {
                println!(
                    "  {:.1}–{:.1}  {count:>6}  {mean:.3}  {right:.3}",
                    bin.start, bin.end
                );
            }
        }
    }
    print_shapes(&judged);
    for threshold in [0.3, 0.5, 0.7, 0.9] {
        let kept: Vec<&(f64, bool, bool)> = pairs.iter().filter(|b| b.0 >= threshold).collect();
        let right = kept.iter().filter(|b| b.2).count();
        let total_right = pairs.iter().filter(|b| b.2).count();
        println!(
            "min-confidence {threshold}: keeps {} of {} pair beads, {:.4} of them right, {:.4} of the right ones kept",
            kept.len(),
            pairs.len(),
            right as f64 / kept.len().max(1) as f64,
            right as f64 / total_right.max(1) as f64
        );
    }
    let mut forty: Vec<f64> = times
        .iter()
        .filter(|(n, _)| (35..=45).contains(n))
        .map(|(_, s)| *s)
        .collect();
    forty.sort_by(f64::total_cmp);
    let total: f64 = times.iter().map(|t| t.1).sum();
    println!(
        "time: {:.1} ms in all, {:.3} ms per article; 35–45 sentence articles: {} of them, median {:.3} ms, max {:.3} ms",
        total * 1e3,
        total * 1e3 / times.len().max(1) as f64,
        forty.len(),
        forty.get(forty.len() / 2).copied().unwrap_or(0.0) * 1e3,
        forty.last().copied().unwrap_or(0.0) * 1e3
    );
    if args.repeat > 0 {
        time_articles(&prepared, &model, args.repeat);
    }
    if args.show_errors > 0 {
        show_errors(&prepared, &judged, args.show_errors, &model);
    }
    if let Some(bin) = &args.hunalign {
        for realign in [false, true] {
            match run_hunalign(&prepared, bin, realign) {
                Ok((f, judged, seconds)) => {
                    let name = if realign {
                        "hunalign -utf -realign"
                    } else {
                        "hunalign -utf"
                    };
                    print_figures(name, &f);
                    print_shapes(&judged);
                    println!(
                        "  time: {:.1} ms in all, {:.3} ms per article (process start included)",
                        seconds * 1e3,
                        seconds * 1e3 / prepared.len().max(1) as f64
                    );
                }
                Err(e) => eprintln!("hunalign: {e}"),
            }
        }
    }
}

/// Coordinate search on the model's parameters, maximizing F1.
fn tune(cases: &[Prepared], mut model: Model) -> Model {
    let keys = [
        "match",
        "miss",
        "para_bonus",
        "para_mismatch",
        "p10",
        "p21",
        "p22",
        "null_per_char",
        "w_date",
        "w_cognate",
        "w_quote",
    ];
    let mut best = run_tilmash(cases, &model).0.f1();
    println!("start F1 {best:.4}");
    for round in 0..3 {
        for key in keys {
            let current = get_param(&model, key);
            for factor in [0.5, 0.75, 1.33, 2.0] {
                let mut trial = model.clone();
                let value = if current == 0.0 {
                    factor * 0.01
                } else {
                    current * factor
                };
                if set_param(&mut trial, key, value).is_err() {
                    continue;
                }
                let f1 = run_tilmash(cases, &trial).0.f1();
                if f1 > best + 1e-5 {
                    best = f1;
                    model = trial;
                    println!("round {round}: {key} = {value:.4} → F1 {f1:.4}");
                }
            }
        }
    }
    model
}

fn show_errors(cases: &[Prepared], judged: &[Judged], limit: usize, model: &Model) {
    let opts = AlignOptions {
        model: model.clone(),
        ..AlignOptions::default()
    };
    let mut shown = 0;
    for (p, j) in cases.iter().zip(judged) {
        if j.right_pairs == j.gold_pairs && j.predicted_pairs == j.gold_pairs {
            continue;
        }
        shown += 1;
        if shown > limit {
            break;
        }
        println!(
            "\n== {} ({}) gold {} predicted {} right {}",
            p.case.name,
            p.case.perturbations.join(", "),
            j.gold_pairs,
            j.predicted_pairs,
            j.right_pairs
        );
        let Ok(a) = align(&p.case.ru, &p.ru, &p.case.en, &p.en, &opts) else {
            continue;
        };
        for (bead, judged) in a.beads.iter().zip(&j.beads) {
            let mark = if judged.2 { " " } else { "✗" };
            let short = |s: String| s.chars().take(70).collect::<String>();
            println!(
                "{mark} {} {:.2} | {} | {}",
                bead.shape(),
                bead.confidence,
                short(a.text(bead, Lang::Ru)),
                short(a.text(bead, Lang::En))
            );
        }
    }
}

/// Fits the calibration: the temperature with the least log loss of the
/// raw posteriors, then an isotonic (pool adjacent violators) map from
/// posterior to the share of right beads, for paired and unpaired beads.
fn fit_calibration(cases: &[Prepared], model: &Model) {
    let mut best = (f64::INFINITY, 1.0);
    for t in [0.5, 0.75, 1.0, 1.25, 1.5, 2.0, 3.0] {
        let mut trial = model.clone();
        trial.temperature = t;
        let (_, judged, _) = run_tilmash(cases, &trial);
        let beads: Vec<(f64, bool, bool)> = judged.iter().flat_map(|j| j.beads.clone()).collect();
        let loss: f64 = beads
            .iter()
            .map(|(p, _, right)| {
                let p = p.clamp(1e-6, 1.0 - 1e-6);
                if *right {
                    -p.ln()
                } else {
                    -(1.0 - p).ln()
                }
            })
            .sum::<f64>()
            / beads.len().max(1) as f64;
        println!("temperature {t}: log loss {loss:.5}");
        if loss < best.0 {
            best = (loss, t);
        }
    }
    let mut trial = model.clone();
    trial.temperature = best.1;
    println!("temperature {}", best.1);
    let (_, judged, _) = run_tilmash(cases, &trial);
    for pair in [true, false] {
        let mut beads: Vec<(f64, f64)> = judged
            .iter()
            .flat_map(|j| j.beads.iter())
            .filter(|b| b.1 == pair)
            .map(|b| (b.0, if b.2 { 1.0 } else { 0.0 }))
            .collect();
        beads.sort_by(|a, b| a.0.total_cmp(&b.0));
        // Pool adjacent violators: blocks of (sum x, sum y, count).
        let mut blocks: Vec<(f64, f64, f64)> = Vec::new();
        for (x, y) in beads {
            blocks.push((x, y, 1.0));
            while blocks.len() > 1 {
                let n = blocks.len();
                let (a, b) = (blocks[n - 2], blocks[n - 1]);
                if a.1 / a.2 >= b.1 / b.2 {
                    blocks.pop();
                    blocks[n - 2] = (a.0 + b.0, a.1 + b.1, a.2 + b.2);
                } else {
                    break;
                }
            }
        }
        println!(
            "{} beads: (mean posterior, share right, beads)",
            if pair { "paired" } else { "unpaired" }
        );
        for (sx, sy, n) in blocks {
            println!("    ({:.4}, {:.4}), // {n}", sx / n, sy / n);
        }
    }
}

/// Times the whole of `align` (segmentation included) on the articles of
/// 35–45 sentences a side: each `repeat` times, keeping its fastest run
/// (the least disturbed by other processes), then the median, 95th
/// percentile and maximum over the articles.
fn time_articles(cases: &[Prepared], model: &Model, repeat: usize) {
    let opts = AlignOptions {
        model: model.clone(),
        ..AlignOptions::default()
    };
    let mut best: Vec<f64> = Vec::new();
    for p in cases {
        let n = p.ru.len().max(p.en.len());
        if !(35..=45).contains(&n) {
            continue;
        }
        let mut fastest = f64::INFINITY;
        for _ in 0..repeat {
            let started = Instant::now();
            let _ = tilmash::align::align_texts(&p.case.ru, &p.case.en, &opts);
            fastest = fastest.min(started.elapsed().as_secs_f64());
        }
        best.push(fastest * 1e3);
    }
    best.sort_by(f64::total_cmp);
    let at = |q: f64| {
        best.get(((best.len() as f64 - 1.0) * q).round() as usize)
            .copied()
            .unwrap_or(0.0)
    };
    println!(
        "align_texts on {} articles of 35–45 sentences, fastest of {repeat} runs each: median {:.2} ms, p95 {:.2} ms, max {:.2} ms",
        best.len(),
        at(0.5),
        at(0.95),
        best.last().copied().unwrap_or(0.0)
    );
}
