//! SPEC §7, proved against the real binary: crash-safe imports (`crash`)
//! and other writers (`kill_more`: `glossary add`, `align --import`),
//! one writer and many readers (`locking`), hostile input by name
//! (`hostile`), full and read-only disks (`disk`), and flat memory on a
//! 1 GiB input (`flat`, ignored: long), the first-use build of a
//! workspace's memory (`first_use`), concurrent glossary edits
//! (`glossary`), and outputs that must not replace what they should not
//! (`outputs`), damaged index files (`damaged`), the resource bounds of
//! `suggest` and what reaches a terminal (`limits`). RELIABILITY.md lists
//! each promise and its test.

mod crash;
mod damaged;
mod disk;
mod first_use;
mod flat;
mod glossary;
mod hostile;
mod kill_more;
mod limits;
mod locking;
mod outputs;
#[path = "../support/rng.rs"]
mod rng;
mod support;
