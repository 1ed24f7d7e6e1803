//! Keeps the module diagram of `ARCHITECTURE.md` true: every `crate::…`
//! path in a module's code names a module listed above it.

use std::path::{Path, PathBuf};

/// The modules of the diagram, in order (`text/` → `text`).
fn diagram(root: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(root.join("ARCHITECTURE.md")).expect("ARCHITECTURE.md");
    let block = text
        .split("```")
        .nth(1)
        .expect("ARCHITECTURE.md opens with the module diagram");
    block
        .lines()
        .filter(|line| !line.starts_with(' ') && !line.trim().is_empty())
        .filter_map(|line| line.split_whitespace().next())
        .map(|name| {
            name.trim_end_matches('/')
                .trim_end_matches(".rs")
                .to_string()
        })
        .collect()
}

/// The `.rs` files of module `name`: `src/NAME.rs` or everything under `src/NAME/`.
fn files(src: &Path, name: &str) -> Vec<PathBuf> {
    let file = src.join(format!("{name}.rs"));
    if file.is_file() {
        return vec![file];
    }
    let mut out = Vec::new();
    let mut dirs = vec![src.join(name)];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    out
}

/// The modules `crate::NAME` names in the code (not the comments) of `path`.
fn used(path: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let mut out = Vec::new();
    for line in text.lines().filter(|l| !l.trim_start().starts_with("//")) {
        for (at, _) in line.match_indices("crate::") {
            let rest = &line[at + "crate::".len()..];
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() && !out.contains(&name) {
                out.push(name);
            }
        }
    }
    out
}

#[test]
fn modules_use_only_modules_above_them_in_the_diagram() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let src = root.join("src");
    let order = diagram(root);
    assert!(order.len() > 10, "the diagram lists the modules: {order:?}");
    let lib = std::fs::read_to_string(src.join("lib.rs")).expect("src/lib.rs");
    let mut problems = Vec::new();
    for module in lib
        .lines()
        .filter_map(|l| l.strip_prefix("pub mod "))
        .map(|l| l.trim_end_matches(';'))
    {
        let Some(rank) = order.iter().position(|m| m == module) else {
            problems.push(format!(
                "{module} is not in the diagram: add it to ARCHITECTURE.md below what it uses"
            ));
            continue;
        };
        for file in files(&src, module) {
            for name in used(&file) {
                match order.iter().position(|m| *m == name) {
                    Some(other) if other < rank || name == module => {}
                    Some(_) => problems.push(format!(
                        "{} uses crate::{name}, which the diagram of ARCHITECTURE.md puts \
                         below {module}: move one of them",
                        file.display()
                    )),
                    None => problems.push(format!(
                        "{} uses crate::{name}, which is not in the diagram of ARCHITECTURE.md",
                        file.display()
                    )),
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
