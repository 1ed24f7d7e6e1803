//! Disk full and read-only memories: an import that cannot write fails
//! with a clear error and leaves the last commit intact; readers still
//! work on a read-only memory. Needs root to mount a small tmpfs; skips
//! with the reason where it cannot, except under CI (`CI` set), where a
//! skip is a failure: CI runs as root, and a test that silently stops
//! running proves nothing.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::support::{contents, corpus_files, ids_in_order, run, tilmash};

/// A tmpfs mounted for one test, unmounted when dropped.
struct Tmpfs {
    dir: tempfile::TempDir,
}

impl Tmpfs {
    /// Mounts a tmpfs of `size` (e.g. `2m`), or says why it cannot.
    fn mount(size: &str) -> Result<Tmpfs, String> {
        let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
        let out = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir.path())
            .output()
            .map_err(|e| format!("cannot run mount: {e}"))?;
        if !out.status.success() {
            return Err(format!(
                "cannot mount a tmpfs (root needed): {}",
                String::from_utf8_lossy(&out.stderr).trim()
            ));
        }
        Ok(Tmpfs { dir })
    }

    fn path(&self) -> PathBuf {
        self.dir.path().to_path_buf()
    }

    fn remount_read_only(&self) -> Result<(), String> {
        let out = Command::new("mount")
            .args(["-o", "remount,ro"])
            .arg(self.dir.path())
            .output()
            .map_err(|e| e.to_string())?;
        if out.status.success() {
            Ok(())
        } else {
            Err(String::from_utf8_lossy(&out.stderr).trim().to_string())
        }
    }
}

/// Gives up a test that cannot set up its file system: a printed skip on
/// a developer's machine, a failure under CI.
fn skip(reason: &str) {
    let ci = std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0");
    assert!(
        !ci,
        "{reason} (CI is set: this test must run there, as root)"
    );
    eprintln!("skipped: {reason}");
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(self.dir.path()).status();
    }
}

/// The first `n` lines of the first corpus file, as a file in `dir`.
fn small_file(dir: &Path, n: usize) -> PathBuf {
    let first = &corpus_files()[0];
    let text = std::fs::read_to_string(first).expect("corpus readable");
    let lines: String = text.lines().take(n).map(|l| format!("{l}\n")).collect();
    let path = dir.join("small.tsv");
    std::fs::write(&path, lines).expect("write");
    path
}

#[test]
fn an_import_onto_a_full_disk_fails_clearly_and_keeps_the_last_commit() {
    let fs = match Tmpfs::mount("3m") {
        Ok(fs) => fs,
        Err(reason) => {
            skip(&reason);
            return;
        }
    };
    let work = tempfile::tempdir().expect("temp dir");
    let memory = fs.path().join("m");
    let small = small_file(work.path(), 200);
    let first = ids_in_order(std::slice::from_ref(&small));
    let (code, _, err) = run(tilmash(work.path())
        .arg("import")
        .arg(&small)
        .arg("--memory")
        .arg(&memory));
    assert_eq!(code, 0, "{err}");

    // ~64,000 pairs do not fit in what is left of 3 MB.
    let (code, out, err) = run(tilmash(work.path())
        .arg("import")
        .arg("--memory")
        .arg(&memory)
        .args(corpus_files()));
    assert_eq!((code, out.as_str()), (1, ""), "{err}");
    let expected = format!(
        "error: {}: cannot write the memory: the disk is full (No space left on device); \
         the memory keeps its last commit. Free some space and run the import again\n",
        memory.display()
    );
    assert_eq!(err, expected);
    let (n, ids) = contents(&memory).expect("the memory still opens");
    assert_eq!(n as usize, first.len());
    assert!(first.iter().all(|id| ids.contains(id)));

    // Readers still work on it.
    let (code, _, err) = run(tilmash(work.path())
        .arg("stats")
        .arg("--memory")
        .arg(&memory));
    assert_eq!(code, 0, "{err}");
}

#[test]
fn a_read_only_memory_refuses_imports_clearly_and_keeps_its_units() {
    let fs = match Tmpfs::mount("64m") {
        Ok(fs) => fs,
        Err(reason) => {
            skip(&reason);
            return;
        }
    };
    let work = tempfile::tempdir().expect("temp dir");
    let memory = fs.path().join("m");
    let small = small_file(work.path(), 200);
    let first = ids_in_order(std::slice::from_ref(&small));
    let (code, _, err) = run(tilmash(work.path())
        .arg("import")
        .arg(&small)
        .arg("--memory")
        .arg(&memory));
    assert_eq!(code, 0, "{err}");
    if let Err(reason) = fs.remount_read_only() {
        skip(&format!("cannot remount read-only: {reason}"));
        return;
    }
    let more = work.path().join("more.tsv");
    std::fs::write(&more, "Новая строка\tA new line\n").expect("write");
    let (code, out, err) = run(tilmash(work.path())
        .arg("import")
        .arg(&more)
        .arg("--memory")
        .arg(&memory));
    assert_eq!((code, out.as_str()), (1, ""));
    assert_eq!(
        err,
        format!(
            "error: {}: cannot write the memory: the file system is read-only (Read-only file system); \
             copy the memory somewhere writable or import into another memory\n",
            memory.display()
        )
    );
    // Known limit (RELIABILITY.md): Tantivy takes a lock file to open a
    // reader, so a memory on a read-only file system cannot be read either;
    // the message says why.
    let (code, _, err) = run(tilmash(work.path())
        .args(["stats", "--memory"])
        .arg(&memory));
    assert_eq!(code, 1);
    assert!(err.contains("the file system is read-only"), "{err}");
    // Back to read-write: the last commit is intact.
    let out = Command::new("mount")
        .args(["-o", "remount,rw"])
        .arg(fs.path())
        .output()
        .expect("mount runs");
    assert!(out.status.success());
    let (n, ids) = contents(&memory).expect("the memory opens");
    assert_eq!(n as usize, first.len());
    assert!(first.iter().all(|id| ids.contains(id)));
}
