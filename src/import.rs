//! Importing aligned pairs into a memory: streaming, deduplicating, with
//! context hashes for consecutive segments of an article, committed once
//! per import or per `batch` units.

use std::io::{BufRead, Read};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use serde::Serialize;

use crate::formats::{self, Format, FormatError, ReadOptions, Record};
use crate::memory::{Added, Memory, MemoryError, MemoryWriter};
use crate::paragraph::sentence_entries;
use crate::unit::{Timestamp, Unit};

pub use crate::unit::ContextLinker;

/// Units analyzed and handed to the index at a time.
const CHUNK: usize = 4096;

/// Where pairs come from.
#[derive(Debug, Clone)]
pub enum Source {
    File(PathBuf),
    Stdin,
}

impl Source {
    /// The source a command-line argument names: `-` is standard input.
    pub fn from_arg(path: &Path) -> Source {
        if path == Path::new("-") {
            Source::Stdin
        } else {
            Source::File(path.to_path_buf())
        }
    }

    /// The name used in messages (`-` for standard input).
    pub fn name(&self) -> String {
        match self {
            Source::File(p) => p.display().to_string(),
            Source::Stdin => "-".to_string(),
        }
    }

    /// The origin of the units that name none: the file's name, or `stdin`.
    pub fn default_origin(&self) -> String {
        match self {
            Source::File(path) => path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| self.name()),
            Source::Stdin => "stdin".to_string(),
        }
    }

    /// The input, buffered, and its size in bytes when it is a file.
    pub fn open(&self) -> std::io::Result<(Box<dyn BufRead + Send>, Option<u64>)> {
        Ok(match self {
            Source::File(path) => {
                let file = std::fs::File::open(path)?;
                let bytes = file.metadata().ok().map(|m| m.len());
                let input = std::io::BufReader::with_capacity(1 << 16, file);
                (Box::new(input), bytes)
            }
            Source::Stdin => (Box::new(std::io::BufReader::new(std::io::stdin())), None),
        })
    }
}

/// How to import (a checked configuration).
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// The input format; detected from the extension (or content) if None.
    pub format: Option<Format>,
    pub read: ReadOptions,
    /// Commit after every this many new units (one commit per import if None).
    pub batch: Option<usize>,
    /// Refuse the whole import at the first bad record.
    pub strict: bool,
    /// The origin of units that do not name one (default: the file name).
    pub origin: Option<String>,
    /// How long to wait for another writer.
    pub wait: Duration,
    /// A fatal read error abandons the whole import, committing nothing
    /// (the server's streamed bodies: a body cut short or over its limit
    /// is no file to take half of). Otherwise the records read before it
    /// are imported and the file is reported incomplete.
    pub stop_on_fatal: bool,
}

/// Most problems an [`ImportSummary`] lists (all are counted).
pub const MAX_LISTED_PROBLEMS: usize = 1000;

/// A record skipped, or where a file stopped, for the summary.
#[derive(Debug, Clone, Serialize)]
pub struct ImportProblem {
    pub file: String,
    pub line: u64,
    pub message: String,
}

/// What an import did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ImportSummary {
    pub memory: String,
    pub files: usize,
    /// Records read and usable (added or unchanged); `skipped` are the
    /// others.
    pub read: u64,
    /// Lines of the inputs (a record may span several, a header and blank
    /// lines are none).
    pub lines: u64,
    pub added: u64,
    /// Pairs the memory held already, met at a new place (another article
    /// or position): the place was added to the unit.
    pub occurrences: u64,
    pub unchanged: u64,
    pub skipped: u64,
    pub commits: u64,
    /// What the readers noticed without failing (unknown keys, ignored
    /// properties), once per file.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
    /// Files whose reading stopped early (a fatal error); their records up
    /// to that point were imported.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub incomplete: Vec<String>,
    /// The first [`MAX_LISTED_PROBLEMS`] records skipped and files
    /// stopped early, with their lines.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub problems: Vec<ImportProblem>,
}

/// Something the caller may show while an import runs.
#[derive(Debug)]
pub enum ImportEvent<'a> {
    /// A record was skipped, or a file stopped early.
    Problem(&'a FormatError),
    /// Records read so far, and bytes of input consumed, in all files.
    Progress { read: u64, bytes: u64 },
    /// A file is starting.
    File { name: &'a str, bytes: Option<u64> },
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error(transparent)]
    Memory(#[from] MemoryError),
    #[error("{path}: {source}")]
    Open {
        path: String,
        source: std::io::Error,
    },
    #[error("{0}\nnothing was imported (--strict)")]
    Strict(FormatError),
    /// A fatal read error with [`ImportOptions::stop_on_fatal`].
    #[error("{0}\nnothing was imported")]
    Stopped(FormatError),
}

/// Imports `sources` into `memory`.
pub fn import(
    memory: &Memory,
    sources: &[Source],
    opts: &ImportOptions,
    on_event: &mut dyn FnMut(ImportEvent<'_>),
) -> Result<ImportSummary, ImportError> {
    let mut run = Run::start(memory, opts)?;
    for source in sources {
        let name = source.name();
        let (input, bytes) = source.open().map_err(|e| ImportError::Open {
            path: name.clone(),
            source: e,
        })?;
        on_event(ImportEvent::File { name: &name, bytes });
        let format = match source {
            Source::File(path) => opts.format.or_else(|| Format::from_path(path)),
            Source::Stdin => opts.format,
        };
        run.read(&name, input, format, &source.default_origin(), on_event)?;
    }
    run.finish()
}

/// Imports one stream of pairs named `name` (its format from the options,
/// else sniffed; its origin from the options, else `name`).
pub fn import_reader(
    memory: &Memory,
    name: &str,
    input: Box<dyn BufRead + Send>,
    opts: &ImportOptions,
    on_event: &mut dyn FnMut(ImportEvent<'_>),
) -> Result<ImportSummary, ImportError> {
    let mut run = Run::start(memory, opts)?;
    on_event(ImportEvent::File { name, bytes: None });
    run.read(name, input, opts.format, name, on_event)?;
    run.finish()
}

/// An import under way: the writer, the options, what it did so far.
struct Run<'a> {
    writer: MemoryWriter,
    opts: &'a ImportOptions,
    summary: ImportSummary,
    now: Timestamp,
    /// Bytes of the inputs read before the current one.
    bytes_before: u64,
}

impl<'a> Run<'a> {
    fn start(memory: &Memory, opts: &'a ImportOptions) -> Result<Run<'a>, ImportError> {
        let mut writer = memory.writer(opts.wait)?;
        // A unit of several sentences adds its aligned sentences as
        // sentence entries (`paragraph`).
        writer.split_sentences(sentence_entries);
        Ok(Run {
            writer,
            opts,
            summary: ImportSummary {
                memory: memory.path().display().to_string(),
                ..ImportSummary::default()
            },
            now: Timestamp::now(),
            bytes_before: 0,
        })
    }

    /// Reads one input to its end (or its first fatal error).
    fn read(
        &mut self,
        name: &str,
        input: Box<dyn BufRead + Send>,
        format: Option<Format>,
        default_origin: &str,
        on_event: &mut dyn FnMut(ImportEvent<'_>),
    ) -> Result<(), ImportError> {
        let opts = self.opts;
        let counter = Arc::new(Counter::default());
        let mut input = Counted {
            inner: input,
            counter: Arc::clone(&counter),
        };
        let format = match format {
            Some(f) => f,
            None => Format::sniff(&mut input).map_err(|e| ImportError::Open {
                path: name.to_string(),
                source: e,
            })?,
        };
        let origin = opts.origin.as_deref().unwrap_or(default_origin);
        let mut reader = formats::open_reader(format, input, name, &opts.read);
        let bytes_before = self.bytes_before;
        let progress = |read| ImportEvent::Progress {
            read,
            bytes: bytes_before + counter.bytes.load(Ordering::Relaxed),
        };
        let mut linker = ContextLinker::default();
        let mut chunk: Vec<Unit> = Vec::with_capacity(CHUNK);
        for item in reader.by_ref() {
            match item {
                Ok(located) => {
                    self.summary.read += 1;
                    let unit = unit_of(located.value, origin, self.now);
                    if let Some(done) = linker.push(unit) {
                        chunk.push(done);
                    }
                    if chunk.len() >= CHUNK {
                        store(&mut self.writer, &mut chunk, opts, &mut self.summary)?;
                        on_event(progress(self.summary.read));
                    }
                }
                Err(error) => {
                    if opts.strict {
                        return Err(ImportError::Strict(error));
                    }
                    if error.is_fatal() && opts.stop_on_fatal {
                        return Err(ImportError::Stopped(error));
                    }
                    if error.is_fatal() {
                        self.summary.incomplete.push(name.to_string());
                    } else {
                        self.summary.skipped += 1;
                    }
                    if self.summary.problems.len() < MAX_LISTED_PROBLEMS {
                        self.summary.problems.push(ImportProblem {
                            file: error.file().to_string(),
                            line: error.line(),
                            message: error.to_string(),
                        });
                    }
                    on_event(ImportEvent::Problem(&error));
                }
            }
        }
        chunk.extend(linker.finish());
        store(&mut self.writer, &mut chunk, opts, &mut self.summary)?;
        for warning in reader.warnings() {
            self.summary.warnings.push(format!("{name}: {warning}"));
        }
        self.summary.files += 1;
        drop(reader);
        self.summary.lines += counter.lines();
        on_event(progress(self.summary.read));
        self.bytes_before += counter.bytes.load(Ordering::Relaxed);
        Ok(())
    }

    /// Commits what is left: the import's last (or only) commit.
    fn finish(mut self) -> Result<ImportSummary, ImportError> {
        if self.writer.uncommitted() > 0 || self.summary.commits == 0 {
            self.summary.commits += 1;
        }
        self.writer.finish()?;
        Ok(self.summary)
    }
}

/// What a [`Counted`] input has given so far: bytes, line breaks, and
/// whether the last byte ended a line.
#[derive(Default)]
struct Counter {
    bytes: AtomicU64,
    breaks: AtomicU64,
    /// The last byte consumed, plus one (0: none yet).
    last: AtomicU64,
}

impl Counter {
    /// Lines seen: CRLF, LF and CR each end one, and a last line without
    /// an ending counts too.
    fn lines(&self) -> u64 {
        let breaks = self.breaks.load(Ordering::Relaxed);
        match self.last.load(Ordering::Relaxed) {
            0 => 0,
            last if last == u64::from(b'\n') + 1 || last == u64::from(b'\r') + 1 => breaks,
            _ => breaks + 1,
        }
    }

    fn count(&self, bytes: &[u8]) {
        let Some(&last) = bytes.last() else { return };
        let mut prev = self.last.load(Ordering::Relaxed);
        let mut breaks = 0;
        for &b in bytes {
            // A LF right after a CR is the same line break.
            if b == b'\r' || (b == b'\n' && prev != u64::from(b'\r') + 1) {
                breaks += 1;
            }
            prev = u64::from(b) + 1;
        }
        self.bytes.fetch_add(bytes.len() as u64, Ordering::Relaxed);
        self.breaks.fetch_add(breaks, Ordering::Relaxed);
        self.last.store(u64::from(last) + 1, Ordering::Relaxed);
    }
}

/// An input that counts the bytes and lines its reader consumes, for the
/// progress (bytes of the total) and the summary (lines).
struct Counted {
    inner: Box<dyn BufRead + Send>,
    counter: Arc<Counter>,
}

impl Read for Counted {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.counter.count(&buf[..n]);
        Ok(n)
    }
}

impl BufRead for Counted {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        self.inner.fill_buf()
    }

    fn consume(&mut self, amount: usize) {
        // The caller saw `amount` bytes from `fill_buf`, so they are still
        // buffered: this `fill_buf` reads nothing.
        if amount > 0 {
            if let Ok(buf) = self.inner.fill_buf() {
                self.counter.count(&buf[..amount.min(buf.len())]);
            }
        }
        self.inner.consume(amount);
    }
}

fn store(
    writer: &mut MemoryWriter,
    chunk: &mut Vec<Unit>,
    opts: &ImportOptions,
    summary: &mut ImportSummary,
) -> Result<(), ImportError> {
    let mut rest = std::mem::replace(chunk, Vec::with_capacity(CHUNK));
    let Some(batch) = opts.batch else {
        count(writer.add_all(rest)?, summary);
        return Ok(());
    };
    // Split at batch boundaries so that a commit holds exactly `batch` new units.
    while !rest.is_empty() {
        let room = batch.saturating_sub(writer.uncommitted()).max(1);
        // Take units up to the batch boundary; known units take no room
        // (a new place of a known pair is a small document).
        let mut take = 0;
        let mut fresh = std::collections::HashSet::new();
        for unit in &rest {
            if fresh.len() == room {
                break;
            }
            take += 1;
            if writer.is_new(unit.id) {
                fresh.insert(unit.id);
            }
        }
        let later = rest.split_off(take);
        count(writer.add_all(rest)?, summary);
        rest = later;
        if writer.uncommitted() >= batch {
            writer.commit()?;
            summary.commits += 1;
        }
    }
    Ok(())
}

/// Counts what became of units handed to the writer.
fn count(outcome: Vec<Added>, summary: &mut ImportSummary) {
    for added in outcome {
        match added {
            Added::New => summary.added += 1,
            Added::Occurrence => summary.occurrences += 1,
            Added::Unchanged => summary.unchanged += 1,
        }
    }
}

fn unit_of(record: Record, origin: &str, now: Timestamp) -> Unit {
    let mut meta = record.meta;
    if meta.origin.is_none() {
        meta.origin = Some(origin.to_string());
    }
    meta.created.get_or_insert(now);
    meta.changed.get_or_insert(now);
    Unit::new(record.ru, record.en, meta)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counted_inputs_count_bytes_and_lines_of_every_ending() {
        let cases: [(&[u8], u64); 8] = [
            (b"", 0),
            (b"a", 1),
            (b"a\n", 1),
            (b"a\nb", 2),
            (b"a\r\nb\r\n", 2),
            (b"a\rb\r", 2),
            (b"\n\n\n", 3),
            (b"a\r\n\r\nb", 3),
        ];
        for (bytes, lines) in cases {
            // Read in pieces of one byte too, so that a CRLF may be split.
            for capacity in [1, 64] {
                let counter = Arc::new(Counter::default());
                let mut input = Counted {
                    inner: Box::new(std::io::BufReader::with_capacity(capacity, bytes)),
                    counter: Arc::clone(&counter),
                };
                let mut sink = Vec::new();
                std::io::copy(&mut input, &mut sink).expect("read");
                let mut line = Vec::new();
                let mut again = Counted {
                    inner: Box::new(std::io::BufReader::with_capacity(capacity, bytes)),
                    counter: Arc::new(Counter::default()),
                };
                while again.read_until(b'\n', &mut line).expect("read") > 0 {}
                for c in [&counter, &again.counter] {
                    assert_eq!(c.lines(), lines, "{bytes:?} by {capacity}");
                    assert_eq!(
                        c.bytes.load(Ordering::Relaxed),
                        bytes.len() as u64,
                        "{bytes:?}"
                    );
                }
            }
        }
    }
}
