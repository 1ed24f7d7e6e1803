//! Inner loops: normalization, analysis (words + stems), the §4 distance
//! (full and banded), the signature bound, and the whole score with diff.
//!
//! `cargo bench --bench score`

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use tilmash::score::{distance2, distance2_within, lower_bound2, score, signature};
use tilmash::text::{analyze, normalize, Lang};

const QUERY: &str = "Национальный банк Казахстана сохранил базовую ставку на уровне 16,75% годовых, сообщили в регуляторе в пятницу.";
const UNIT: &str = "Национальный банк Казахстана повысил базовую ставку до 16,5% годовых, сообщили в регуляторе во вторник.";
const TARGET: &str = "The National Bank of Kazakhstan raised its base rate to 16.5% a year, the regulator said on Tuesday.";

fn text(c: &mut Criterion) {
    c.bench_function("normalize (111 chars, ru)", |b| {
        b.iter(|| normalize(black_box(QUERY)))
    });
    c.bench_function("analyze (16 words, ru)", |b| {
        b.iter(|| analyze(black_box(QUERY), Lang::Ru))
    });
}

fn distance(c: &mut Criterion) {
    let q = analyze(QUERY, Lang::Ru);
    let u = analyze(UNIT, Lang::Ru);
    let t = analyze(TARGET, Lang::En);
    c.bench_function("distance2 (16 x 15 words)", |b| {
        b.iter(|| distance2(black_box(&q.tokens), black_box(&u.tokens)))
    });
    c.bench_function("distance2_within max 12", |b| {
        b.iter(|| distance2_within(black_box(&q.tokens), black_box(&u.tokens), 12))
    });
    let qs: Vec<u32> = q.tokens.iter().map(signature).collect();
    let us: Vec<u32> = u.tokens.iter().map(signature).collect();
    let mut row = Vec::new();
    c.bench_function("lower_bound2 over signatures, max 12", |b| {
        b.iter(|| lower_bound2(black_box(&qs), black_box(&us), 12, &mut row))
    });
    c.bench_function("score with diff and adaptation", |b| {
        b.iter(|| score(black_box(&q), black_box(&u), black_box(&t), false))
    });
}

criterion_group!(benches, text, distance);
criterion_main!(benches);
