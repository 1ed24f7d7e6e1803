//! Interchange formats (SPEC §5 `import`/`export`): streaming readers that
//! yield [`Record`]s with their line, and writers that take [`Unit`]s.
//!
//! Every reader is an iterator of `Result<Located<Record>, FormatError>`.
//! A [`FormatError::BadRecord`] spoils one record and the reader goes on with
//! the next; any other error is fatal: the reader yields it once, then ends.
//! Memory use is bounded by the longest record ([`MAX_RECORD_BYTES`]), never by
//! the size of the file.
//!
//! Conventions shared by all readers:
//! - input is UTF-8 (TMX may also be UTF-16 with a byte-order mark); a UTF-8
//!   BOM is skipped; invalid UTF-8 is a fatal error giving the byte offset
//!   from the start of the file;
//! - CRLF, LF and CR-only line endings all count as one line break;
//! - segments are kept as written (no trimming, no normalization); a segment
//!   that is empty or only whitespace is a bad record;
//! - an empty optional value (`article`, `origin`, `note`, …) is no value, so
//!   `Some("")` reads back as `None`; tags are trimmed and empty tags dropped.
//!
//! [`Unit`]: crate::unit::Unit

use std::borrow::Cow;
use std::collections::BTreeSet;
use std::fmt;
use std::io::{self, BufRead};
use std::path::Path;
use std::str::FromStr;

use crate::text::{fold_char, Fold};
use crate::unit::{Date, Meta, Timestamp};

mod jsonl;
mod srx;
mod tmx;
mod tsv;
mod xliff;

pub use jsonl::{JsonlReader, JsonlWriter};
pub use srx::{Srx, SrxError, SrxSegmenter};
pub use tmx::{TmxReader, TmxWriter};
pub use tsv::{escape as tsv_escape, TsvReader, TsvWriter, TSV_COLUMNS};
pub use xliff::{
    XliffCandidate, XliffSegment, XliffState, XliffTerm, XliffVersion, XliffWriter, XLIFF_1_2_NS,
    XLIFF_2_NS,
};

/// The longest record a reader accepts (16 MiB). A longer one is a bad
/// record ("record too long"); the reader skips it without holding it.
pub const MAX_RECORD_BYTES: usize = 16 << 20;

/// A translation pair as read from a file, before it becomes a unit (its id
/// is always recomputed from the two segments).
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    pub ru: String,
    pub en: String,
    pub meta: Meta,
}

/// A value and the 1-based line where it starts in its file.
#[derive(Debug, Clone, PartialEq)]
pub struct Located<T> {
    pub line: u64,
    pub value: T,
}

/// Why reading a file failed. [`FormatError::BadRecord`] concerns one record
/// only; every other variant is fatal (see [`FormatError::is_fatal`]).
#[derive(Debug, thiserror::Error)]
pub enum FormatError {
    /// One record is unusable (wrong column count, empty segment, bad date,
    /// bad JSON line, missing language, …); the reader goes on.
    #[error("{file}:{line}: {reason}")]
    BadRecord {
        file: String,
        line: u64,
        reason: String,
    },
    /// The bytes are not valid text in the file's encoding. Fatal.
    #[error("{file}:{line}: invalid {encoding} at byte {offset} (save the file as UTF-8)")]
    InvalidEncoding {
        file: String,
        line: u64,
        /// Byte offset from the start of the file (for UTF-16 input: of the
        /// UTF-16 file).
        offset: u64,
        encoding: &'static str,
    },
    /// The structure of the file is broken (malformed or truncated XML, a
    /// refused DTD, an unclosed quote at the end); nothing after it can be
    /// trusted. Fatal.
    #[error("{file}:{line}: {reason}")]
    Malformed {
        file: String,
        line: u64,
        reason: String,
    },
    /// Reading failed. Fatal.
    #[error("{file}:{line}: cannot read the file: {source}")]
    Io {
        file: String,
        line: u64,
        #[source]
        source: io::Error,
    },
}

impl FormatError {
    /// Whether the reader stops after this error.
    pub fn is_fatal(&self) -> bool {
        !matches!(self, FormatError::BadRecord { .. })
    }

    /// The file name given to the reader (`-` for standard input).
    pub fn file(&self) -> &str {
        match self {
            FormatError::BadRecord { file, .. }
            | FormatError::InvalidEncoding { file, .. }
            | FormatError::Malformed { file, .. }
            | FormatError::Io { file, .. } => file,
        }
    }

    /// The 1-based line where the problem is.
    pub fn line(&self) -> u64 {
        match self {
            FormatError::BadRecord { line, .. }
            | FormatError::InvalidEncoding { line, .. }
            | FormatError::Malformed { line, .. }
            | FormatError::Io { line, .. } => *line,
        }
    }
}

/// What a reader yields.
pub type ReadResult = Result<Located<Record>, FormatError>;

/// A reader of records. Beyond the iterator, it can tell, once at the end,
/// what it noticed without failing (unknown keys, ignored properties, …).
pub trait RecordReader: Iterator<Item = ReadResult> {
    /// Warnings worth showing once, e.g. after the import, without the
    /// file name (the caller knows it). Bounded in size.
    fn warnings(&self) -> Vec<String>;
}

/// The interchange formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// Tab-separated, no quoting; `\t`, `\n`, `\r`, `\\` escapes in fields.
    #[serde(alias = "tab")]
    Tsv,
    /// Comma-separated with RFC 4180 quoting.
    Csv,
    /// One JSON object per line.
    #[serde(alias = "ndjson")]
    Jsonl,
    /// TMX 1.4b.
    Tmx,
}

impl Format {
    /// The format a file name implies: `.tsv .tab .txt`, `.csv`,
    /// `.jsonl .ndjson .json`, `.tmx` (any case).
    pub fn from_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "tsv" | "tab" | "txt" => Some(Format::Tsv),
            "csv" => Some(Format::Csv),
            "jsonl" | "ndjson" | "json" => Some(Format::Jsonl),
            "tmx" => Some(Format::Tmx),
            _ => None,
        }
    }

    /// Guesses the format of a stream (standard input) from its first
    /// non-blank bytes without consuming anything: `<` is TMX, `{` is JSONL,
    /// anything else TSV. A UTF-16 byte-order mark means TMX.
    pub fn sniff(input: &mut impl BufRead) -> io::Result<Format> {
        let head = input.fill_buf()?;
        if head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]) {
            return Ok(Format::Tmx);
        }
        let head = head.strip_prefix(UTF8_BOM).unwrap_or(head);
        Ok(match head.iter().find(|b| !b.is_ascii_whitespace()) {
            Some(b'<') => Format::Tmx,
            Some(b'{') => Format::Jsonl,
            _ => Format::Tsv,
        })
    }

    /// The name used on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Format::Tsv => "tsv",
            Format::Csv => "csv",
            Format::Jsonl => "jsonl",
            Format::Tmx => "tmx",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Format {
    type Err = String;

    fn from_str(s: &str) -> Result<Format, String> {
        match s.to_ascii_lowercase().as_str() {
            "tsv" | "tab" | "txt" => Ok(Format::Tsv),
            "csv" => Ok(Format::Csv),
            "jsonl" | "ndjson" | "json" => Ok(Format::Jsonl),
            "tmx" => Ok(Format::Tmx),
            _ => Err(format!(
                "unknown format `{s}`: expected tsv, csv, jsonl or tmx"
            )),
        }
    }
}

/// A column of a TSV or CSV file (`--columns ru,en,article,date`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Column {
    Ru,
    En,
    /// `article`, or its alias `url`.
    Article,
    Position,
    Date,
    Origin,
    Note,
    /// `;`-separated tags.
    Tags,
    Created,
    Changed,
    /// Context hashes (16 hex digits), as [`crate::unit::Context`].
    PrevRu,
    NextRu,
    PrevEn,
    NextEn,
    /// A column that is read and dropped: `id` (ids are recomputed) or `-`.
    Ignore,
}

impl Column {
    /// The canonical name, as written in a header.
    pub fn name(self) -> &'static str {
        match self {
            Column::Ru => "ru",
            Column::En => "en",
            Column::Article => "article",
            Column::Position => "position",
            Column::Date => "date",
            Column::Origin => "origin",
            Column::Note => "note",
            Column::Tags => "tags",
            Column::Created => "created",
            Column::Changed => "changed",
            Column::PrevRu => "prev_ru",
            Column::NextRu => "next_ru",
            Column::PrevEn => "prev_en",
            Column::NextEn => "next_en",
            Column::Ignore => "-",
        }
    }

    /// Parses a `--columns` list such as `ru,en,article,date`: each name
    /// once (except `id`/`-`), `ru` and `en` required.
    pub fn parse_list(spec: &str) -> Result<Vec<Column>, String> {
        let columns = spec
            .split(',')
            .map(|name| name.trim().parse::<Column>())
            .collect::<Result<Vec<_>, _>>()?;
        check_columns(&columns)?;
        Ok(columns)
    }

    /// Checks a list of columns: `ru` and `en` present, no column twice
    /// (except `id`/`-`). Readers refuse a list that fails this.
    pub fn check_list(columns: &[Column]) -> Result<(), String> {
        check_columns(columns)
    }
}

/// Checks that `ru` and `en` appear and that no column appears twice.
fn check_columns(columns: &[Column]) -> Result<(), String> {
    for (i, c) in columns.iter().enumerate() {
        if *c != Column::Ignore && columns[..i].contains(c) {
            return Err(format!("column `{}` is named twice", c.name()));
        }
    }
    for required in [Column::Ru, Column::En] {
        if !columns.contains(&required) {
            return Err(format!("the columns must include `{}`", required.name()));
        }
    }
    Ok(())
}

/// The known column names, for messages.
pub const COLUMN_NAMES: &str = "ru, en, article (or url), position, date, origin, note, tags, \
     created, changed, prev_ru, next_ru, prev_en, next_en, id or - (ignored)";

impl FromStr for Column {
    type Err = String;

    fn from_str(s: &str) -> Result<Column, String> {
        Ok(match s.to_ascii_lowercase().as_str() {
            "ru" => Column::Ru,
            "en" => Column::En,
            "article" | "url" => Column::Article,
            "position" => Column::Position,
            "date" => Column::Date,
            "origin" => Column::Origin,
            "note" => Column::Note,
            "tags" => Column::Tags,
            "created" => Column::Created,
            "changed" => Column::Changed,
            "prev_ru" => Column::PrevRu,
            "next_ru" => Column::NextRu,
            "prev_en" => Column::PrevEn,
            "next_en" => Column::NextEn,
            "id" | "-" => Column::Ignore,
            _ => {
                return Err(format!(
                    "unknown column `{s}`: known columns are {COLUMN_NAMES}"
                ))
            }
        })
    }
}

/// How to read a TSV or CSV file (ignored by the other formats).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReadOptions {
    /// The columns, in order (`--columns`). `None`: from the header, else
    /// `ru, en`.
    pub columns: Option<Vec<Column>>,
    /// Whether the first line is a header. `None`: it is when every field
    /// is a known column name.
    pub has_header: Option<bool>,
}

/// A reader for `format` over `input`. `file` names the input in errors
/// (`-` for standard input).
pub fn open_reader<R: BufRead + Send + 'static>(
    format: Format,
    input: R,
    file: &str,
    opts: &ReadOptions,
) -> Box<dyn RecordReader + Send> {
    match format {
        Format::Tsv => Box::new(TsvReader::tsv(input, file, opts)),
        Format::Csv => Box::new(TsvReader::csv(input, file, opts)),
        Format::Jsonl => Box::new(JsonlReader::new(input, file)),
        Format::Tmx => Box::new(TmxReader::new(input, file)),
    }
}

const UTF8_BOM: &[u8] = &[0xEF, 0xBB, 0xBF];

fn utf16_bom(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF])
}

/// The UTF-16 byte order a first line without a byte-order mark seems to
/// be in: text never holds NUL bytes, and UTF-16 puts one beside every
/// ASCII character (after it in little-endian, before it in big-endian).
fn utf16_without_bom(first_line: &[u8]) -> Option<&'static str> {
    let (mut even, mut odd) = (0usize, 0usize);
    for (i, &b) in first_line.iter().enumerate() {
        if b == 0 {
            if i % 2 == 0 {
                even += 1;
            } else {
                odd += 1;
            }
        }
    }
    match (even, odd) {
        (0, 0) => None,
        (even, odd) if odd >= even => Some("UTF-16LE"),
        _ => Some("UTF-16BE"),
    }
}

/// One line from [`LineReader`].
pub(crate) enum Line<'a> {
    Text {
        number: u64,
        text: &'a str,
    },
    /// A line longer than [`MAX_RECORD_BYTES`], skipped without being held.
    TooLong {
        number: u64,
        bytes: u64,
    },
}

/// Reads lines as bytes (LF, CRLF or CR), checks UTF-8 per line and keeps
/// the byte offset, so that an error can say where it is. Holds at most
/// one line, itself at most [`MAX_RECORD_BYTES`].
pub(crate) struct LineReader<R> {
    input: R,
    pub(crate) file: String,
    buf: Vec<u8>,
    /// The number of the last line returned.
    number: u64,
    /// Byte offset of the start of the next line.
    offset: u64,
    done: bool,
}

impl<R: BufRead> LineReader<R> {
    pub(crate) fn new(input: R, file: &str) -> Self {
        LineReader {
            input,
            file: file.to_string(),
            buf: Vec::new(),
            number: 0,
            offset: 0,
            done: false,
        }
    }

    pub(crate) fn next_line(&mut self) -> Option<Result<Line<'_>, FormatError>> {
        if self.done {
            return None;
        }
        if self.buf.capacity() > 1 << 20 {
            self.buf = Vec::new();
        }
        self.buf.clear();
        let start = self.offset;
        let mut length: u64 = 0;
        let mut ended = false;
        loop {
            let chunk = match self.input.fill_buf() {
                Ok(chunk) => chunk,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Some(Err(self.fatal_io(e))),
            };
            if chunk.is_empty() {
                break;
            }
            let (used, terminator) = match chunk.iter().position(|&b| b == b'\n' || b == b'\r') {
                Some(i) => (i, Some(chunk[i])),
                None => (chunk.len(), None),
            };
            if self.buf.len() + used <= MAX_RECORD_BYTES {
                self.buf.extend_from_slice(&chunk[..used]);
            }
            length += used as u64;
            let consumed = used + usize::from(terminator.is_some());
            self.input.consume(consumed);
            self.offset += consumed as u64;
            if let Some(t) = terminator {
                ended = true;
                if t == b'\r' {
                    // CRLF is one line break.
                    match self.peek_byte() {
                        Ok(Some(b'\n')) => {
                            self.input.consume(1);
                            self.offset += 1;
                        }
                        Ok(_) => {}
                        Err(e) => return Some(Err(self.fatal_io(e))),
                    }
                }
                break;
            }
        }
        if !ended && length == 0 {
            self.done = true;
            return None;
        }
        self.number += 1;
        let number = self.number;
        if length > MAX_RECORD_BYTES as u64 {
            return Some(Ok(Line::TooLong {
                number,
                bytes: length,
            }));
        }
        let mut skip = 0;
        if start == 0 {
            if utf16_bom(&self.buf) {
                self.done = true;
                return Some(Err(FormatError::Malformed {
                    file: self.file.clone(),
                    line: 1,
                    reason: "the file is UTF-16 (it starts with a UTF-16 byte-order mark); \
                             convert it to UTF-8, e.g. with `iconv -f UTF-16 -t UTF-8`"
                        .to_string(),
                }));
            }
            if self.buf.starts_with(UTF8_BOM) {
                skip = UTF8_BOM.len();
            }
            if let Some(encoding) = utf16_without_bom(&self.buf) {
                self.done = true;
                return Some(Err(FormatError::Malformed {
                    file: self.file.clone(),
                    line: 1,
                    reason: format!(
                        "the file looks like {encoding} without a byte-order mark (its first \
                         line holds NUL bytes); convert it to UTF-8, e.g. with \
                         `iconv -f {encoding} -t UTF-8`"
                    ),
                }));
            }
        }
        match std::str::from_utf8(&self.buf[skip..]) {
            Ok(text) => Some(Ok(Line::Text { number, text })),
            Err(e) => {
                self.done = true;
                Some(Err(FormatError::InvalidEncoding {
                    file: self.file.clone(),
                    line: number,
                    offset: start + (skip + e.valid_up_to()) as u64,
                    encoding: "UTF-8",
                }))
            }
        }
    }

    fn peek_byte(&mut self) -> io::Result<Option<u8>> {
        loop {
            match self.input.fill_buf() {
                Ok(chunk) => return Ok(chunk.first().copied()),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            }
        }
    }

    /// A fatal I/O error at the current line; the reader ends.
    pub(crate) fn fatal_io(&mut self, source: io::Error) -> FormatError {
        self.done = true;
        FormatError::Io {
            file: self.file.clone(),
            line: self.number + 1,
            source,
        }
    }

    /// Ends the reader (after a fatal error found by the caller).
    pub(crate) fn stop(&mut self) {
        self.done = true;
    }
}

/// The reason for a line over [`MAX_RECORD_BYTES`].
pub(crate) fn too_long(bytes: u64) -> String {
    format!("record too long: {bytes} bytes, the limit is 16 MiB ({MAX_RECORD_BYTES} bytes)")
}

/// Whether a segment has nothing to see: only whitespace and invisible
/// characters (soft hyphens, zero-width spaces and joiners, bidi marks),
/// which normalization removes.
fn blank(text: &str) -> bool {
    text.chars()
        .all(|c| matches!(fold_char(c), Fold::Space | Fold::Remove))
}

/// The reason for an empty segment, or `None` if both have text.
pub(crate) fn empty_segment(ru: &str, en: &str) -> Option<String> {
    if blank(ru) {
        Some("empty Russian segment".to_string())
    } else if blank(en) {
        Some("empty English segment".to_string())
    } else {
        None
    }
}

/// Whether XML 1.0 forbids the character: controls other than tab, LF
/// and CR, and the noncharacters U+FFFE and U+FFFF.
pub(crate) fn xml_forbidden(c: char) -> bool {
    !matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// Why two segments cannot make a unit: one is empty, or holds a
/// character XML forbids (no TMX could carry it, and it is never text: a
/// NUL byte, a stray control code from a broken conversion). `None` if
/// they can.
pub(crate) fn segment_problem(ru: &str, en: &str) -> Option<String> {
    if let Some(reason) = empty_segment(ru, en) {
        return Some(reason);
    }
    for (side, text) in [("Russian", ru), ("English", en)] {
        if let Some(c) = text.chars().find(|&c| xml_forbidden(c)) {
            let kind = if c.is_control() {
                "a control character"
            } else {
                "a noncharacter"
            };
            return Some(format!(
                "the {side} segment holds U+{:04X}, {kind} that XML does not allow",
                u32::from(c)
            ));
        }
    }
    None
}

/// An optional text value: empty means absent.
pub(crate) fn non_empty(value: Cow<'_, str>) -> Option<String> {
    if value.is_empty() {
        None
    } else {
        Some(value.into_owned())
    }
}

/// A publication date: `YYYY-MM-DD`, or an RFC 3339 timestamp whose date
/// part (as written, in its own offset) is taken.
pub(crate) fn parse_date(s: &str) -> Result<Date, String> {
    let s = s.trim();
    let bad = || format!("bad date `{s}`: expected YYYY-MM-DD or an RFC 3339 timestamp");
    if s.len() == 10 {
        return s.parse::<Date>().map_err(|_| bad());
    }
    match (s.get(..10), s.parse::<Timestamp>()) {
        (Some(day), Ok(_)) => day.parse::<Date>().map_err(|_| bad()),
        _ => Err(bad()),
    }
}

/// A point in time: RFC 3339 (`2024-03-05T10:00:00Z`, any offset), or the
/// TMX form `YYYYMMDDThhmmssZ`.
pub(crate) fn parse_timestamp(s: &str) -> Result<Timestamp, String> {
    let s = s.trim();
    if let Some(ts) = parse_tmx_timestamp(s) {
        return Ok(ts);
    }
    s.parse::<Timestamp>()
        .map_err(|_| format!("bad timestamp `{s}`: expected RFC 3339, e.g. 2024-03-05T10:00:00Z"))
}

/// `YYYYMMDDThhmmssZ` (TMX `creationdate`, always UTC).
pub(crate) fn parse_tmx_timestamp(s: &str) -> Option<Timestamp> {
    let b = s.as_bytes();
    if b.len() != 16 || b[8] != b'T' || b[15] != b'Z' {
        return None;
    }
    let digits = |r: std::ops::Range<usize>| -> Option<i64> {
        let part = s.get(r)?;
        if part.bytes().all(|c| c.is_ascii_digit()) {
            part.parse().ok()
        } else {
            None
        }
    };
    let dt = jiff::civil::DateTime::new(
        i16::try_from(digits(0..4)?).ok()?,
        i8::try_from(digits(4..6)?).ok()?,
        i8::try_from(digits(6..8)?).ok()?,
        i8::try_from(digits(9..11)?).ok()?,
        i8::try_from(digits(11..13)?).ok()?,
        i8::try_from(digits(13..15)?).ok()?,
        0,
    )
    .ok()?;
    dt.to_zoned(jiff::tz::TimeZone::UTC)
        .ok()
        .map(|z| z.timestamp())
}

/// A position in an article: a whole number ≥ 0.
pub(crate) fn parse_position(s: &str) -> Result<u32, String> {
    let t = s.trim();
    t.parse::<u32>().map_err(|_| {
        format!(
            "bad position `{t}`: expected a whole number from 0 to {}",
            u32::MAX
        )
    })
}

/// A context hash: 16 hex digits (1 to 16 accepted).
pub(crate) fn parse_hash(s: &str, what: &str) -> Result<u64, String> {
    let t = s.trim();
    if t.is_empty() || t.len() > 16 {
        return Err(format!("bad {what} `{t}`: expected 16 hex digits"));
    }
    u64::from_str_radix(t, 16).map_err(|_| format!("bad {what} `{t}`: expected 16 hex digits"))
}

/// Adds `;`-separated tags, trimmed, empty ones dropped.
pub(crate) fn push_tags(tags: &mut Vec<String>, s: &str) {
    tags.extend(
        s.split(';')
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_string),
    );
}

/// Keeps a bounded set of names for a warning (unknown keys, properties).
pub(crate) fn remember(set: &mut BTreeSet<String>, name: &str) {
    const MAX_REMEMBERED: usize = 64;
    if set.len() < MAX_REMEMBERED && !set.contains(name) {
        set.insert(name.chars().take(80).collect());
    }
}

/// Writes `bytes` to `path` through a temporary file and a rename, so that
/// `path` holds either the old or the new content, never a part (the memory's
/// manifest, glossary files). On failure the temporary file is removed.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let prefix = format!(".{name}.tmp");
    let tmp = dir.join(format!("{prefix}{}", std::process::id()));
    let written = std::fs::File::create(&tmp).and_then(|mut file| {
        file.write_all(bytes)?;
        file.sync_all()
    });
    if let Err(e) = written.and_then(|()| std::fs::rename(&tmp, path)) {
        let _ = std::fs::remove_file(&tmp);
        return Err(e);
    }
    if let Ok(dir) = std::fs::File::open(dir) {
        let _ = dir.sync_all();
    }
    remove_stale_temporaries(dir, &prefix);
    Ok(())
}

/// Removes the temporary files that writers killed before their rename
/// left beside the file (`.NAME.tmpPID` of a process that no longer
/// runs), so that they do not pile up in a glossary folder under git.
/// Only where the process table can be asked (Linux `/proc`).
fn remove_stale_temporaries(dir: &Path, prefix: &str) {
    if !Path::new("/proc/self").exists() {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name.to_str().and_then(|n| n.strip_prefix(prefix)) else {
            continue;
        };
        if pid.parse::<u32>().is_ok() && !Path::new("/proc").join(pid).exists() {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    type LineResult = Result<(u64, String), String>;

    fn lines(input: &[u8]) -> Vec<LineResult> {
        let mut reader = LineReader::new(input, "f");
        let mut out = Vec::new();
        while let Some(line) = reader.next_line() {
            out.push(match line {
                Ok(Line::Text { number, text }) => Ok((number, text.to_string())),
                Ok(Line::TooLong { number, bytes }) => Err(format!("{number}: too long {bytes}")),
                Err(e) => Err(e.to_string()),
            });
        }
        out
    }

    #[test]
    fn line_endings_bom_and_offsets() {
        let ok = |n: u64, s: &str| Ok((n, s.to_string()));
        let cases: &[(&str, &[u8], Vec<LineResult>)] = &[
            ("lf", b"a\nb\n", vec![ok(1, "a"), ok(2, "b")]),
            ("crlf", b"a\r\nb\r\n", vec![ok(1, "a"), ok(2, "b")]),
            ("cr only", b"a\rb\r", vec![ok(1, "a"), ok(2, "b")]),
            ("no final break", b"a\nb", vec![ok(1, "a"), ok(2, "b")]),
            ("blank lines kept", b"a\n\r\n\rb", vec![ok(1, "a"), ok(2, ""), ok(3, ""), ok(4, "b")]),
            ("bom", b"\xEF\xBB\xBFa\nb", vec![ok(1, "a"), ok(2, "b")]),
            (
                "invalid utf-8 offset counts the bom and earlier lines",
                b"\xEF\xBB\xBFab\r\ncd\xFFe\n",
                vec![
                    ok(1, "ab"),
                    Err("f:2: invalid UTF-8 at byte 9 (save the file as UTF-8)".into()),
                ],
            ),
            (
                "truncated sequence at the end",
                "a\nб".as_bytes().split_last().map(|(_, s)| s).unwrap_or(b""),
                vec![ok(1, "a"), Err("f:2: invalid UTF-8 at byte 2 (save the file as UTF-8)".into())],
            ),
            ("utf-16", b"\xFF\xFEa\x00", vec![Err("f:1: the file is UTF-16 (it starts with a UTF-16 byte-order mark); convert it to UTF-8, e.g. with `iconv -f UTF-16 -t UTF-8`".into())]),
        ];
        for (name, input, expected) in cases {
            assert_eq!(&lines(input), expected, "{name}");
        }
    }

    #[test]
    fn too_long_line_is_skipped_and_reading_goes_on() {
        let mut input = vec![b'x'; MAX_RECORD_BYTES + 10];
        input.extend_from_slice(b"\r\nnext\n");
        let got = lines(&input);
        assert_eq!(
            got,
            vec![
                Err(format!("1: too long {}", MAX_RECORD_BYTES + 10)),
                Ok((2, "next".to_string()))
            ]
        );
    }

    #[test]
    fn format_from_path_and_sniff() {
        let cases = [
            ("a.tsv", Some(Format::Tsv)),
            ("a.TAB", Some(Format::Tsv)),
            ("a.txt", Some(Format::Tsv)),
            ("a.csv", Some(Format::Csv)),
            ("a.jsonl", Some(Format::Jsonl)),
            ("a.ndjson", Some(Format::Jsonl)),
            ("a.json", Some(Format::Jsonl)),
            ("dir.x/a.Tmx", Some(Format::Tmx)),
            ("a.xlf", None),
            ("a", None),
        ];
        for (path, expected) in cases {
            assert_eq!(Format::from_path(Path::new(path)), expected, "{path}");
        }
        let sniffs: [(&[u8], Format); 6] = [
            (b"  \n<?xml version='1.0'?><tmx>", Format::Tmx),
            (b"\xEF\xBB\xBF{\"ru\":1}", Format::Jsonl),
            (b"\n\n{\"ru\":1}", Format::Jsonl),
            (b"\xFF\xFE<\x00", Format::Tmx),
            ("привет\thello".as_bytes(), Format::Tsv),
            (b"", Format::Tsv),
        ];
        for (input, expected) in sniffs {
            let mut r = input;
            assert_eq!(Format::sniff(&mut r).ok(), Some(expected), "{input:?}");
            assert_eq!(r, input, "sniff consumes nothing");
        }
    }

    #[test]
    fn column_lists() {
        use Column::*;
        let cases: [(&str, Result<Vec<Column>, &str>); 6] = [
            ("ru,en", Ok(vec![Ru, En])),
            (" RU , en,url, date,id,-", Ok(vec![Ru, En, Article, Date, Ignore, Ignore])),
            ("en,ru,tags", Ok(vec![En, Ru, Tags])),
            ("ru,date", Err("the columns must include `en`")),
            ("ru,en,article,url", Err("column `article` is named twice")),
            ("ru,en,score", Err("unknown column `score`: known columns are ru, en, article (or url), position, date, origin, note, tags, created, changed, prev_ru, next_ru, prev_en, next_en, id or - (ignored)")),
        ];
        for (spec, expected) in cases {
            assert_eq!(
                Column::parse_list(spec),
                expected.map_err(str::to_string),
                "{spec}"
            );
        }
    }

    #[test]
    fn value_parsers() {
        let d = |s: &str| parse_date(s).map(|d| d.to_string());
        assert_eq!(d("2019-03-23"), Ok("2019-03-23".into()));
        assert_eq!(d("2019-03-23T23:30:00+06:00"), Ok("2019-03-23".into()));
        assert_eq!(
            d("23.03.2019"),
            Err("bad date `23.03.2019`: expected YYYY-MM-DD or an RFC 3339 timestamp".into())
        );
        assert!(d("2019-02-30").is_err());
        assert!(d("2019-03-23Tgarbage").is_err());
        let t = |s: &str| parse_timestamp(s).map(|t| t.to_string());
        assert_eq!(t("20190323T120000Z"), Ok("2019-03-23T12:00:00Z".into()));
        assert_eq!(
            t("2019-03-23T12:00:00+06:00"),
            Ok("2019-03-23T06:00:00Z".into())
        );
        assert!(t("20191323T120000Z").is_err());
        assert!(t("yesterday").is_err());
        assert_eq!(parse_position(" 7 "), Ok(7));
        assert!(parse_position("-1").is_err());
        assert_eq!(parse_hash("00000000000000ff", "hash"), Ok(255));
        assert!(parse_hash("xyz", "hash").is_err());
        let mut tags = vec![];
        push_tags(&mut tags, " a ; ;b;");
        assert_eq!(tags, ["a", "b"]);
    }

    mod round_trip {
        use super::super::*;
        use crate::unit::{Context, Unit};
        use proptest::prelude::*;

        /// Characters that stress every format: Cyrillic, ё, « », NBSP, soft
        /// hyphen, tab, LF, CR, XML and TSV specials, astral plane.
        fn tricky_char() -> impl Strategy<Value = char> {
            prop_oneof![
                4 => prop::char::range('а', 'я'),
                1 => prop::sample::select(vec![
                    'ё', 'Ё', '«', '»', '\u{a0}', '\u{ad}', '\t', '\n', '\r', '<', '>', '&',
                    '"', '\'', '\\', ';', ',', ' ', '—', '😀', 'A', 'z', '0', '{', '}',
                ]),
            ]
        }

        fn text(max: usize) -> impl Strategy<Value = String> {
            prop::collection::vec(tricky_char(), 0..max).prop_map(|v| v.into_iter().collect())
        }

        fn segment() -> impl Strategy<Value = String> {
            text(40).prop_filter("a segment has visible text", |s| {
                !crate::text::normalize(s).is_empty()
            })
        }

        fn timestamp() -> impl Strategy<Value = Timestamp> {
            (
                0i64..4_000_000_000,
                prop_oneof![Just(0i32), 0i32..1_000_000_000],
            )
                .prop_filter_map("valid timestamp", |(s, n)| Timestamp::new(s, n).ok())
        }

        fn meta() -> impl Strategy<Value = Meta> {
            (
                (
                    prop::option::of(text(20)),
                    prop::option::of(any::<u32>()),
                    prop::option::of((1900i16..2100, 1i8..=12, 1i8..=28)),
                    prop::option::of(text(10)),
                    prop::option::of(text(20)),
                    prop::collection::vec(text(8), 0..4),
                ),
                (
                    prop::option::of(timestamp()),
                    prop::option::of(timestamp()),
                    prop::array::uniform4(prop::option::of(any::<u64>())),
                ),
            )
                .prop_map(
                    |((article, position, date, origin, note, tags), (created, changed, c))| Meta {
                        article,
                        position,
                        date: date.and_then(|(y, m, d)| Date::new(y, m, d).ok()),
                        origin,
                        note,
                        tags,
                        created,
                        changed,
                        context: Context {
                            prev_ru: c[0],
                            next_ru: c[1],
                            prev_en: c[2],
                            next_en: c[3],
                        },
                    },
                )
        }

        /// What a reader gives back for a unit: empty optional text is no
        /// text; tags are split on `;`, trimmed, empty ones dropped.
        fn canonical(unit: &Unit) -> Record {
            let mut meta = unit.meta.clone();
            for field in [&mut meta.article, &mut meta.origin, &mut meta.note] {
                if field.as_deref() == Some("") {
                    *field = None;
                }
            }
            let mut tags = Vec::new();
            for tag in &meta.tags {
                push_tags(&mut tags, tag);
            }
            meta.tags = tags;
            Record {
                ru: unit.ru.clone(),
                en: unit.en.clone(),
                meta,
            }
        }

        fn write(format: Format, units: &[Unit]) -> io::Result<Vec<u8>> {
            let mut out = Vec::new();
            match format {
                Format::Tsv => {
                    let mut w = TsvWriter::new(&mut out)?;
                    units.iter().try_for_each(|u| w.write(u))?;
                    w.finish()?;
                }
                Format::Jsonl => {
                    let mut w = JsonlWriter::new(&mut out)?;
                    units.iter().try_for_each(|u| w.write(u))?;
                    w.finish()?;
                }
                Format::Tmx | Format::Csv => {
                    let mut w = TmxWriter::new(&mut out, "ru")?;
                    units.iter().try_for_each(|u| w.write(u))?;
                    w.finish()?;
                }
            }
            Ok(out)
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(200))]

            #[test]
            fn every_writer_round_trips_through_its_reader(
                units in prop::collection::vec((segment(), segment(), meta()), 1..5)
            ) {
                let units: Vec<Unit> =
                    units.into_iter().map(|(ru, en, meta)| Unit::new(ru, en, meta)).collect();
                let expected: Vec<Record> = units.iter().map(canonical).collect();
                for format in [Format::Tsv, Format::Jsonl, Format::Tmx] {
                    let bytes = write(format, &units).map_err(|e| TestCaseError::fail(e.to_string()))?;
                    let reader = open_reader(format, io::Cursor::new(bytes), "rt", &ReadOptions::default());
                    let back: Vec<Record> = reader
                        .map(|r| r.map(|l| l.value).map_err(|e| TestCaseError::fail(format!("{format}: {e}"))))
                        .collect::<Result<_, _>>()?;
                    prop_assert_eq!(&back, &expected, "{}", format);
                }
            }

            #[test]
            fn readers_never_panic_and_stop_after_a_fatal_error(
                bytes in prop::collection::vec(prop_oneof![
                    4 => prop::sample::select(b"<>/=\"\t\n\r&;#x{}[],:\\ abrutvsegn01".to_vec()),
                    1 => any::<u8>(),
                ], 0..300),
                prefix in prop::sample::select(vec![
                    "", "<tmx><body><tu><tuv xml:lang=\"ru\"><seg>", "{\"ru\":\"",
                    "ru\ten\n", "<!DOCTYPE tmx [",
                ]),
            ) {
                let input = [prefix.as_bytes(), &bytes].concat();
                for format in [Format::Tsv, Format::Csv, Format::Jsonl, Format::Tmx] {
                    let mut reader = open_reader(format, io::Cursor::new(input.clone()), "fuzz", &ReadOptions::default());
                    let mut count = 0;
                    while let Some(item) = reader.next() {
                        count += 1;
                        prop_assert!(count <= input.len() + 2, "{} does not end", format);
                        if let Err(e) = item {
                            prop_assert_eq!(e.file(), "fuzz");
                            if e.is_fatal() {
                                prop_assert!(reader.next().is_none(), "{} goes on after {}", format, e);
                                break;
                            }
                        }
                    }
                    let _ = reader.warnings();
                }
            }
        }
    }
}
