//! cargo-fuzz target `tbx`: see ../../tests/fuzz/targets.rs for the checks.
#![no_main]

#[allow(dead_code)]
#[path = "../../tests/fuzz/targets.rs"]
mod targets;

libfuzzer_sys::fuzz_target!(|data: &[u8]| targets::tbx(data));
