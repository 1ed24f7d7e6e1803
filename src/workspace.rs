//! The workspace: which memory and which glossaries a command uses.
//!
//! The memory is `--memory PATH`, else `$TILMASH_MEMORY`, else the `memory`
//! key of the nearest `tilmash.toml` in the current folder or its parents
//! (relative to that file), else `memories/main`. A `tilmash.toml` may name
//! `seed` files: when its memory does not exist yet, it is built from them
//! on first use, so a fresh clone of a workspace is ready to query. The
//! build happens in a temporary folder beside the memory, renamed into
//! place once complete: a build cut short leaves no memory, and the next
//! command builds it again.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::import::{import, ImportError, ImportEvent, ImportOptions, Source};
use crate::memory::{Memory, MemoryError};

pub const CONFIG_FILE: &str = "tilmash.toml";
pub const DEFAULT_MEMORY: &str = "memories/main";
pub const DEFAULT_GLOSSARIES: &str = "glossaries";
pub const MEMORY_ENV: &str = "TILMASH_MEMORY";

#[derive(Debug, thiserror::Error)]
pub enum WorkspaceError {
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}: {message}", path.display())]
    Config { path: PathBuf, message: String },
    #[error("{}: the seed file of {} does not exist; the memory {} cannot be built without it", path.display(), config.display(), memory.display())]
    SeedMissing {
        path: PathBuf,
        config: PathBuf,
        memory: PathBuf,
    },
    #[error(transparent)]
    Memory(#[from] MemoryError),
    #[error("building {} from its seed files: {source}", memory.display())]
    Build {
        memory: PathBuf,
        source: ImportError,
    },
}

/// The contents of `tilmash.toml`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The memory folder.
    pub memory: Option<PathBuf>,
    /// The glossary folder.
    pub glossaries: Option<PathBuf>,
    /// Files the memory is built from when it does not exist yet.
    #[serde(default)]
    pub seed: Vec<PathBuf>,
}

impl Config {
    /// Parses `text`, the contents of the file at `path`.
    pub fn parse(text: &str, path: &Path) -> Result<Config, WorkspaceError> {
        toml::from_str(text).map_err(|e| WorkspaceError::Config {
            path: path.to_path_buf(),
            message: e.to_string().trim_end().replace('\n', " "),
        })
    }
}

/// A resolved workspace.
#[derive(Debug, Clone)]
pub struct Workspace {
    /// The `tilmash.toml` found, if any.
    pub config_file: Option<PathBuf>,
    /// The folder of `tilmash.toml`, else the current folder.
    pub root: PathBuf,
    pub memory: PathBuf,
    pub glossaries: PathBuf,
    /// Seed files of the memory (only when the memory came from the config).
    pub seed: Vec<PathBuf>,
}

impl Workspace {
    /// Resolves the workspace from the current folder.
    pub fn resolve(memory: Option<PathBuf>) -> Result<Workspace, WorkspaceError> {
        let cwd = std::env::current_dir().map_err(|source| WorkspaceError::Io {
            path: PathBuf::from("."),
            source,
        })?;
        let env = std::env::var_os(MEMORY_ENV)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from);
        Self::resolve_in(&cwd, memory, env)
    }

    /// Resolves the workspace from `dir`, given the `--memory` flag and the
    /// environment variable.
    pub fn resolve_in(
        dir: &Path,
        flag: Option<PathBuf>,
        env: Option<PathBuf>,
    ) -> Result<Workspace, WorkspaceError> {
        let found = find_config(dir);
        let (config, base) = match &found {
            Some(path) => {
                let text = std::fs::read_to_string(path).map_err(|source| WorkspaceError::Io {
                    path: path.clone(),
                    source,
                })?;
                let base = path.parent().unwrap_or(dir).to_path_buf();
                (Config::parse(&text, path)?, base)
            }
            None => (Config::default(), dir.to_path_buf()),
        };
        let glossaries = base.join(
            config
                .glossaries
                .clone()
                .unwrap_or_else(|| PathBuf::from(DEFAULT_GLOSSARIES)),
        );
        let (memory, seed) = if let Some(path) = flag.or(env) {
            (path, Vec::new())
        } else if let Some(path) = &config.memory {
            (
                base.join(path),
                config.seed.iter().map(|s| base.join(s)).collect(),
            )
        } else {
            (base.join(DEFAULT_MEMORY), Vec::new())
        };
        Ok(Workspace {
            config_file: found,
            root: base,
            memory,
            glossaries,
            seed,
        })
    }
}

impl Workspace {
    /// The memory's name in reports and drafts (`stats`, a Markdown
    /// draft, an XLIFF `origin`): its path as given when relative, else
    /// relative to the workspace's root when inside it, else its folder's
    /// name; never a path of this machine, which means nothing to whoever
    /// reads the draft.
    pub fn memory_name(&self) -> String {
        let path = &self.memory;
        let shown = if path.is_relative() {
            path.as_path()
        } else if let Ok(inside) = path.strip_prefix(&self.root) {
            inside
        } else {
            path.file_name().map_or(path.as_path(), Path::new)
        };
        let shown = shown.strip_prefix(".").unwrap_or(shown);
        shown.display().to_string()
    }

    /// Whether the memory is still to be built from its seed files.
    pub fn needs_build(&self) -> bool {
        !self.seed.is_empty() && !Memory::exists(&self.memory)
    }

    /// Builds the memory from its seed files (see the module
    /// documentation) and opens it. Every seed file must exist. Another
    /// process building the same memory at once is no harm: the first
    /// complete build takes the place, the other is dropped.
    pub fn build_memory(
        &self,
        on_event: &mut dyn FnMut(ImportEvent<'_>),
    ) -> Result<Memory, WorkspaceError> {
        for path in &self.seed {
            if !path.is_file() {
                return Err(WorkspaceError::SeedMissing {
                    path: path.clone(),
                    config: self
                        .config_file
                        .clone()
                        .unwrap_or_else(|| CONFIG_FILE.into()),
                    memory: self.memory.clone(),
                });
            }
        }
        let io = |path: &Path| {
            let path = path.to_path_buf();
            move |source| WorkspaceError::Io { path, source }
        };
        let parent = match self.memory.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&parent).map_err(io(&parent))?;
        let prefix = format!(
            ".{}.building-",
            self.memory
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        );
        remove_abandoned_builds(&parent, &prefix);
        let building = parent.join(format!("{prefix}{}", std::process::id()));
        if building.exists() {
            std::fs::remove_dir_all(&building).map_err(io(&building))?;
        }
        let built = build_in(&building, &self.seed, on_event).map_err(|e| match e {
            WorkspaceError::Build { source, .. } => WorkspaceError::Build {
                memory: self.memory.clone(),
                source,
            },
            other => other,
        });
        if let Err(e) = built.and_then(|()| {
            std::fs::rename(&building, &self.memory).or_else(|e| {
                // Another process finished first: its memory stands.
                if Memory::exists(&self.memory) {
                    Ok(())
                } else {
                    Err(io(&self.memory)(e))
                }
            })
        }) {
            let _ = std::fs::remove_dir_all(&building);
            return Err(e);
        }
        let _ = std::fs::remove_dir_all(&building);
        if let Ok(dir) = std::fs::File::open(&parent) {
            let _ = dir.sync_all();
        }
        Ok(Memory::open(&self.memory)?)
    }
}

/// Creates a memory at `dir` and imports `seed` into it.
fn build_in(
    dir: &Path,
    seed: &[PathBuf],
    on_event: &mut dyn FnMut(ImportEvent<'_>),
) -> Result<(), WorkspaceError> {
    let memory = Memory::create(dir)?;
    let sources: Vec<Source> = seed.iter().cloned().map(Source::File).collect();
    import(&memory, &sources, &ImportOptions::default(), on_event).map_err(|source| {
        WorkspaceError::Build {
            memory: dir.to_path_buf(),
            source,
        }
    })?;
    Ok(())
}

/// Removes the build folders of processes that no longer run: builds
/// killed before their rename.
fn remove_abandoned_builds(parent: &Path, prefix: &str) {
    for path in crate::fs::left_by_dead_processes(parent, prefix) {
        let _ = std::fs::remove_dir_all(path);
    }
}

/// The nearest `tilmash.toml` in `dir` or its parents.
pub fn find_config(dir: &Path) -> Option<PathBuf> {
    dir.ancestors()
        .map(|d| d.join(CONFIG_FILE))
        .find(|p| p.is_file())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memory_names_never_show_the_machine_s_paths() {
        let at = |root: &str, memory: &str| Workspace {
            config_file: None,
            root: PathBuf::from(root),
            memory: PathBuf::from(memory),
            glossaries: PathBuf::from("glossaries"),
            seed: Vec::new(),
        };
        let cases = [
            (
                "/home/desk/ws",
                "/home/desk/ws/memories/main",
                "memories/main",
            ),
            ("/home/desk/ws", "memories/main", "memories/main"),
            ("/home/desk/ws", "./m1", "m1"),
            ("/home/desk/ws", "/srv/tm/archive", "archive"),
            ("/home/desk/ws", "../other/tm", "../other/tm"),
        ];
        for (root, memory, name) in cases {
            assert_eq!(at(root, memory).memory_name(), name, "{memory}");
        }
    }
}
