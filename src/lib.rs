//! tilmash: a translation memory for a bilingual Russian/English newsroom.
//!
//! The modules, in the order the data flows and each using only those
//! before it: [`text`] (normalize, words, numbers, sentences) → [`fs`]
//! (atomic writes, lock files) → [`unit`] →
//! [`formats`] (read and write pairs) → [`score`] (the normative match
//! score of SPEC §4) → [`memory`] (the Tantivy index) → [`glossary`] →
//! [`import`], [`suggest`], [`analysis`], [`pretranslate`], [`export`] →
//! [`workspace`] → [`align`] → [`report`] (text, JSON, TSV) → the server
//! → [`cli`]. `ARCHITECTURE.md` walks through it and names the
//! invariants; `tests/architecture.rs` keeps the order true.

pub mod align;
pub mod analysis;
pub mod cli;
pub mod error;
pub mod export;
pub mod formats;
pub mod fs;
pub mod glossary;
pub mod harvest;
pub mod import;
pub mod memory;
pub mod operations;
pub mod paragraph;
pub mod pretranslate;
pub mod repair;
pub mod report;
pub mod request;
pub mod score;
pub mod serve;
pub mod suggest;
pub mod text;
pub mod unit;
pub mod workspace;
