//! What the CLI test files share: the real binary run in a temporary
//! workspace made from the bundled one. Each file uses its own subset.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

/// The crate root, where the bundled workspace lives.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The tilmash binary, to run in `dir`, without colour or the
/// environment's memory.
pub fn tilmash(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("tilmash").expect("binary");
    cmd.current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("TILMASH_MEMORY");
    cmd
}

/// A temporary workspace: `tilmash.toml`, `memories/main.jsonl`, `glossaries/`.
pub struct Workspace {
    pub dir: tempfile::TempDir,
}

impl Workspace {
    pub fn empty() -> Workspace {
        Workspace {
            dir: tempfile::tempdir().expect("tempdir"),
        }
    }

    /// The bundled configuration and memory, without a glossary.
    pub fn bundled() -> Workspace {
        let ws = Workspace::empty();
        std::fs::create_dir_all(ws.path().join("memories")).expect("mkdir");
        std::fs::copy(root().join("tilmash.toml"), ws.path().join("tilmash.toml")).expect("copy");
        std::fs::copy(
            root().join("memories/main.jsonl"),
            ws.path().join("memories/main.jsonl"),
        )
        .expect("copy");
        ws
    }

    /// Adds a copy of the bundled glossary (its `*.tsv` files).
    pub fn with_glossaries(self) -> Workspace {
        let glossaries = self.path().join("glossaries");
        std::fs::create_dir_all(&glossaries).expect("mkdir");
        for entry in std::fs::read_dir(root().join("glossaries")).expect("glossaries") {
            let path = entry.expect("entry").path();
            if let (Some(name), true) = (
                path.file_name(),
                path.extension().is_some_and(|e| e == "tsv"),
            ) {
                std::fs::copy(&path, glossaries.join(name)).expect("copy");
            }
        }
        self
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn file(&self, name: &str, content: impl AsRef<[u8]>) -> PathBuf {
        let path = self.path().join(name);
        std::fs::write(&path, content).expect("write");
        path
    }

    pub fn cmd(&self) -> Command {
        tilmash(self.path())
    }

    /// Runs tilmash with `args`; returns (exit code, stdout, stderr), the
    /// workspace's path replaced by `[WS]`.
    pub fn run(&self, args: &[&str]) -> (i32, String, String) {
        let out = self.cmd().args(args).output().expect("run");
        let ws = self.path().display().to_string();
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout).replace(&ws, "[WS]"),
            String::from_utf8_lossy(&out.stderr).replace(&ws, "[WS]"),
        )
    }

    /// Standard output of a run that must succeed.
    pub fn ok(&self, args: &[&str]) -> String {
        let (code, out, err) = self.run(args);
        assert_eq!(code, 0, "{args:?} failed: {err}");
        out
    }

    /// The JSON output of a run that must succeed, without timestamps.
    pub fn json(&self, args: &[&str]) -> Value {
        let mut value: Value = serde_json::from_str(&self.ok(args)).expect("JSON output");
        redact(&mut value);
        value
    }
}

/// Removes what changes from run to run: import timestamps.
pub fn redact(value: &mut Value) {
    match value {
        Value::Object(map) => {
            map.remove("created");
            map.remove("changed");
            map.values_mut().for_each(redact);
        }
        Value::Array(items) => items.iter_mut().for_each(redact),
        _ => {}
    }
}
