//! What every handler shares: the workspace, its open memory (readers see
//! the last commit, refreshed before each request), its glossary (read
//! again when a file of the folder changed), and the server's settings.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use crate::error::{Error, Result};
use crate::glossary::Glossary;
use crate::memory::{Memory, Snapshot};
use crate::workspace::Workspace;

use super::ServeConfig;

/// The glossary folder's files as seen: names, sizes and times.
type Fingerprint = Vec<(PathBuf, u64, Option<SystemTime>)>;

pub struct AppState {
    pub workspace: Workspace,
    pub memory: Memory,
    pub token: Option<String>,
    pub read_only: bool,
    /// Largest JSON body, in bytes.
    pub body_limit: usize,
    /// Largest import body, in bytes.
    pub import_limit: usize,
    glossary: Mutex<Option<(Fingerprint, Arc<Glossary>)>>,
    /// One slot per core for searches (see `api::search`).
    pub searches: Arc<tokio::sync::Semaphore>,
}

impl AppState {
    pub fn new(workspace: Workspace, memory: Memory, config: &ServeConfig) -> AppState {
        AppState {
            workspace,
            memory,
            token: config.token.clone(),
            read_only: config.read_only,
            body_limit: config.body_limit,
            import_limit: config.import_limit,
            glossary: Mutex::new(None),
            searches: Arc::new(tokio::sync::Semaphore::new(
                std::thread::available_parallelism().map_or(2, |n| n.get()),
            )),
        }
    }

    /// A view of the memory's last commit, this process's or another's.
    pub fn snapshot(&self) -> Result<Snapshot> {
        self.memory.refresh()?;
        Ok(self.memory.snapshot())
    }

    /// The memory's name in reports, as the command line shows it.
    pub fn memory_name(&self) -> String {
        self.workspace.memory_name()
    }

    /// The workspace's glossary as its files are now.
    pub fn glossary(&self) -> Result<Arc<Glossary>> {
        let dir = &self.workspace.glossaries;
        let fingerprint = fingerprint(dir);
        let mut cached = self.glossary.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((seen, glossary)) = cached.as_ref() {
            if *seen == fingerprint {
                return Ok(glossary.clone());
            }
        }
        let glossary = Arc::new(Glossary::load(dir)?);
        *cached = Some((fingerprint, glossary.clone()));
        Ok(glossary)
    }

    /// Refuses writes on a `--read-only` server.
    pub fn writable(&self) -> Result<()> {
        if self.read_only {
            return Err(Error::ReadOnly(
                "this server is read-only (--read-only): imports and glossary edits are refused"
                    .into(),
            ));
        }
        Ok(())
    }
}

fn fingerprint(dir: &std::path::Path) -> Fingerprint {
    let mut files: Fingerprint = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| {
            let meta = entry.metadata().ok()?;
            Some((entry.path(), meta.len(), meta.modified().ok()))
        })
        .collect();
    files.sort();
    files
}
