//! SPEC §7, proved against the real binary: crash-safe imports (`crash`),
//! one writer and many readers (`locking`), hostile input by name
//! (`hostile`), full and read-only disks (`disk`), and flat memory on a
//! 1 GiB input (`flat`, ignored: long). RELIABILITY.md lists each promise
//! and its test.

mod crash;
mod disk;
mod flat;
mod hostile;
mod locking;
#[path = "../support/rng.rs"]
mod rng;
mod support;
