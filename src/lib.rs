//! tilmash: a translation memory for a bilingual Russian/English newsroom.
//!
//! The data flows through the modules in this order: [`text`] (normalize,
//! words, sentences) → [`formats`] (read and write pairs) → [`memory`] (the
//! Tantivy index) → [`score`] (the normative match score of SPEC §4) →
//! [`suggest`] → [`report`] (text, JSON, TSV) → [`cli`].
//! `ARCHITECTURE.md` walks through it and names the invariants.

pub mod align;
pub mod analysis;
pub mod cli;
pub mod error;
pub mod export;
pub mod formats;
pub mod fs;
pub mod glossary;
pub mod import;
pub mod memory;
pub mod operations;
pub mod pretranslate;
pub mod report;
pub mod request;
pub mod score;
pub mod serve;
pub mod suggest;
pub mod text;
pub mod unit;
pub mod workspace;
