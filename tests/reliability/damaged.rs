//! Issue 17 §7: a damaged index is a clear error naming the file and the
//! repair, never a panic or a silent wrong answer. Each kind of segment
//! file gets bytes flipped in its middle; `verify` names it, and no
//! command panics; a truncated file is found on open.

use std::path::{Path, PathBuf};

use super::support::{run, tilmash};

const REPAIR: &str =
    "restore the memory from a backup, or `tilmash export` what can be read and re-import it";

/// A memory `m` in `dir` with a few hundred units in one segment.
fn memory(dir: &Path) {
    let pairs: String = (0..300)
        .map(|i| {
            format!(
                "Аким области {i} раз встретился с жителями района.\tThe regional akim met district residents {i} times.\n"
            )
        })
        .collect();
    std::fs::write(dir.join("pairs.tsv"), pairs).expect("write");
    let (code, _, err) = run(tilmash(dir).args(["import", "pairs.tsv", "--memory", "m"]));
    assert_eq!(code, 0, "{err}");
}

/// The index files of `m` whose name ends with `.EXT`.
fn files(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir.join("m/index"))
        .expect("index folder")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().ends_with(&format!(".{ext}")))
        .collect();
    found.sort();
    found
}

fn flip_middle(path: &Path) {
    let mut bytes = std::fs::read(path).expect("read");
    let middle = bytes.len() / 2;
    let end = (middle + 64).min(bytes.len());
    for b in &mut bytes[middle..end] {
        *b ^= 0x5A;
    }
    std::fs::write(path, bytes).expect("write");
}

/// Runs the commands that read the index; none may panic, and any error
/// must say that the index (or a unit of it) is damaged, and the repair.
fn no_panic(dir: &Path, kind: &str) {
    let commands: [&[&str]; 4] = [
        &[
            "suggest",
            "--memory",
            "m",
            "--text",
            "Аким области 7 раз встретился с жителями района.",
        ],
        &["stats", "--memory", "m"],
        &["concordance", "--memory", "m", "жителями"],
        &["export", "--memory", "m", "--format", "tsv"],
    ];
    for args in commands {
        let (code, _, err) = run(tilmash(dir).args(args));
        assert!(
            code == 0 || code == 1,
            "{kind}: {args:?} exit {code}: {err}"
        );
        assert!(!err.contains("panicked"), "{kind}: {args:?}: {err}");
        if code == 1 {
            assert!(
                err.contains(" is damaged") && err.contains(REPAIR),
                "{kind}: {args:?}: {err}"
            );
        }
    }
}

#[test]
fn flipped_bytes_in_each_kind_of_file_are_found_and_never_panic() {
    for kind in ["idx", "term", "fast", "fieldnorm", "store", "pos"] {
        let dir = tempfile::tempdir().expect("temp dir");
        let d = dir.path();
        memory(d);
        let (code, out, err) = run(tilmash(d).args(["verify", "--memory", "m"]));
        assert_eq!(code, 0, "{kind}: before: {err}");
        assert!(!out.contains("damaged") && out.contains("intact"), "{out}");
        let targets = files(d, kind);
        assert!(!targets.is_empty(), "the index has .{kind} files");
        for file in &targets {
            flip_middle(file);
        }
        let (code, out, err) = run(tilmash(d).args(["verify", "--memory", "m"]));
        assert_eq!(code, 1, "{kind}: {out}{err}");
        for file in &targets {
            let name = format!(
                "m/index/{}",
                file.file_name().expect("name").to_string_lossy()
            );
            assert!(out.contains(&format!("damaged\t{name}")), "{kind}: {out}");
            assert!(err.contains(&name) && err.contains(REPAIR), "{kind}: {err}");
        }
        no_panic(d, kind);
    }
}

#[test]
fn a_truncated_segment_file_is_found_on_open() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    memory(d);
    let store = files(d, "store").remove(0);
    let len = std::fs::metadata(&store).expect("metadata").len();
    let file = std::fs::OpenOptions::new()
        .write(true)
        .open(&store)
        .expect("open");
    file.set_len(len / 2).expect("truncate");
    let name = store
        .file_name()
        .expect("name")
        .to_string_lossy()
        .into_owned();
    let (code, _, err) = run(tilmash(d).args(["stats", "--memory", "m"]));
    assert_eq!(code, 1, "{err}");
    assert_eq!(
        err,
        format!(
            "error: m: the index is damaged: index/{name} holds {} bytes, {len} were written; {REPAIR}\n",
            len / 2
        )
    );
    no_panic(d, "truncated");
}

/// Issue 17 §11: an index folder that cannot be written (immutable,
/// `chattr +i`) is a clear error, not Tantivy's raw one.
#[test]
fn an_immutable_index_folder_is_a_clear_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    memory(d);
    std::fs::write(d.join("more.tsv"), "Новая пара.\tA new pair.\n").expect("write");
    let index = d.join("m/index");
    let chattr = |flag: &str| {
        std::process::Command::new("chattr")
            .arg(flag)
            .arg(&index)
            .status()
            .is_ok_and(|s| s.success())
    };
    if !chattr("+i") {
        eprintln!("skipped: chattr +i is not possible here (needs root and a file system with attributes)");
        return;
    }
    let (code, _, err) = run(tilmash(d).args(["import", "more.tsv", "--memory", "m"]));
    let reset = chattr("-i");
    assert!(reset, "chattr -i");
    assert_eq!(code, 1, "{err}");
    assert_eq!(
        err,
        "error: m: cannot write the memory: permission denied: a file or folder of the memory \
         cannot be written (check its owner, permissions and attributes: `ls -l`, `lsattr`); \
         the memory keeps its last commit\n"
    );
}
