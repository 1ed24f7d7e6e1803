//! cargo-fuzz target `glossary_tsv`: see ../../tests/fuzz/targets.rs for the checks.
#![no_main]

#[allow(dead_code)]
#[path = "../../tests/fuzz/targets.rs"]
mod targets;

libfuzzer_sys::fuzz_target!(|data: &[u8]| targets::glossary_tsv(data));
