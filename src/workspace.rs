//! The workspace: which memory and which glossaries a command uses.
//!
//! The memory is `--memory PATH`, else `$TILMASH_MEMORY`, else the `memory`
//! key of the nearest `tilmash.toml` in the current folder or its parents
//! (relative to that file), else `memories/main`. A `tilmash.toml` may name
//! `seed` files: when its memory does not exist yet, it is built from them
//! on first use, so a fresh clone of a workspace is ready to query.

use std::path::{Path, PathBuf};

use serde::Deserialize;

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
            memory,
            glossaries,
            seed,
        })
    }
}

/// The nearest `tilmash.toml` in `dir` or its parents.
pub fn find_config(dir: &Path) -> Option<PathBuf> {
    dir.ancestors()
        .map(|d| d.join(CONFIG_FILE))
        .find(|p| p.is_file())
}
