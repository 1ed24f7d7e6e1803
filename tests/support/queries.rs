//! The benchmark queries file (`queries.jsonl` of `examples/bench_corpus`):
//! one JSON object a line with `text`, `lang` (`ru` or `en`) and `kind`
//! (`held-out` or `variant`). Read by `examples/bench_suggest.rs` and
//! `examples/bench_scale.rs`, included with `#[path]` (`mod queries;`).

use std::path::Path;

use tilmash::suggest::Query;
use tilmash::text::Lang;

/// Every query of `path` with its kind, in file order; panics naming the
/// file on a bad line (a benchmark's own generated input).
pub fn read(path: &Path) -> Vec<(Query, String)> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.lines()
        .enumerate()
        .map(|(i, l)| {
            let v: serde_json::Value = serde_json::from_str(l)
                .unwrap_or_else(|e| panic!("{}:{}: {e}", path.display(), i + 1));
            let lang = if v["lang"] == "ru" {
                Lang::Ru
            } else {
                Lang::En
            };
            let kind = v["kind"].as_str().unwrap_or("").to_string();
            (Query::single(v["text"].as_str().unwrap_or(""), lang), kind)
        })
        .collect()
}
