//! What the reliability tests share: the real binary, the real corpora, a
//! seeded generator, and a look at a memory through the library.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use tilmash::formats::{open_reader, Format, ReadOptions};
use tilmash::memory::Memory;
use tilmash::unit::UnitId;

/// The real corpora, read in place.
pub fn corpora() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/corpora")
}

/// Every pair file of the corpora (`*.tsv` but not `*.meta.tsv`), sorted.
pub fn corpus_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(corpora())
        .expect("the corpora folder ../shared/data/corpora is readable")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            name.ends_with(".tsv") && !name.ends_with(".meta.tsv")
        })
        .collect();
    files.sort();
    files
}

/// The distinct unit ids of `files`, in the order an import meets them,
/// read with the same readers the import uses (bad records skipped).
pub fn ids_in_order(files: &[PathBuf]) -> Vec<u64> {
    let mut seen = HashSet::new();
    let mut order = Vec::new();
    for path in files {
        let file = std::fs::File::open(path).expect("corpus file opens");
        let name = path.display().to_string();
        let reader = open_reader(
            Format::Tsv,
            std::io::BufReader::new(file),
            &name,
            &ReadOptions::default(),
        );
        for record in reader.flatten() {
            let id = UnitId::of(&record.value.ru, &record.value.en).0;
            if seen.insert(id) {
                order.push(id);
            }
        }
    }
    order
}

/// What a memory holds at its last commit: the number of units and their
/// ids; `None` when there is no memory at `path` (yet).
pub fn contents(path: &Path) -> Option<(u64, HashSet<u64>)> {
    if !Memory::exists(path) {
        return None;
    }
    let memory = Memory::open(path).unwrap_or_else(|e| panic!("the memory must open: {e}"));
    let snapshot = memory.snapshot();
    let ids = snapshot
        .ids()
        .unwrap_or_else(|e| panic!("ids readable: {e}"));
    Some((snapshot.len(), ids))
}

/// The `tilmash` binary of this build, run in `dir` with a clean environment.
pub fn tilmash(dir: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_tilmash"));
    cmd.current_dir(dir)
        .env_remove("TILMASH_MEMORY")
        .env("NO_COLOR", "1");
    cmd
}

/// Runs `cmd` to the end: (exit code, stdout, stderr).
pub fn run(cmd: &mut Command) -> (i32, String, String) {
    let out = cmd
        .stdin(Stdio::null())
        .output()
        .expect("the tilmash binary runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Sends SIGKILL to `child` and reaps it.
pub fn kill9(child: &mut Child) {
    // Child::kill sends SIGKILL on Unix.
    let _ = child.kill();
    let _ = child.wait();
}

/// Starts `cmd`, kills it with SIGKILL after `at`; whether it had ended.
pub fn kill_after(cmd: &mut Command, at: Duration) -> bool {
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("tilmash starts");
    std::thread::sleep(at);
    let finished = matches!(child.try_wait(), Ok(Some(_)));
    kill9(&mut child);
    finished
}

/// Waits until `ready` holds, or panics after `limit`.
pub fn wait_until(limit: Duration, what: &str, mut ready: impl FnMut() -> bool) {
    let start = Instant::now();
    while !ready() {
        assert!(start.elapsed() < limit, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The seed of a randomized test: `$TILMASH_SEED`, else the clock. Printed,
/// so that a failure can be replayed.
pub fn seed(test: &str) -> u64 {
    let seed = std::env::var("TILMASH_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos() as u64)
                .unwrap_or(1)
                | 1
        });
    eprintln!("{test}: seed {seed} (replay with TILMASH_SEED={seed})");
    seed
}

pub use crate::rng::Rng;

/// An integer from the environment variable `name`, else `default`.
pub fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
}

/// Asserts that a finished `tilmash` succeeded, showing its stderr if not.
pub fn assert_success(out: &std::process::Output) {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
