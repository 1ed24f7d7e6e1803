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

use std::fmt;
use std::io::{self, BufRead};
use std::path::Path;
use std::str::FromStr;

use crate::unit::Meta;

mod columns;
mod fields;
mod jsonl;
mod lines;
mod srx;
mod tmx;
mod tsv;
mod xliff;
pub(crate) mod xml;

pub(crate) use columns::check_columns;
pub use columns::{Column, ReadOptions, COLUMN_NAMES};
pub(crate) use fields::{
    empty_segment, meta_problem, non_empty, parse_date, parse_hash, parse_position,
    parse_timestamp, push_tags, remember, segment_problem,
};
pub(crate) use lines::{too_long, Line, LineReader};

pub use jsonl::{JsonlReader, JsonlWriter};
pub use srx::{Srx, SrxError, SrxSegmenter};
pub use tmx::{TmxReader, TmxWriter};
pub use tsv::{escape as tsv_escape, TsvReader, TsvWriter, TSV_COLUMNS};
pub use xliff::{
    XliffCandidate, XliffMerge, XliffSegment, XliffState, XliffTerm, XliffVersion, XliffWriter,
    XLIFF_1_2_NS, XLIFF_2_NS,
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
    /// The format a file name implies: `.tsv .tab`, `.csv`,
    /// `.jsonl .ndjson .json`, `.tmx` (any case). A `.txt` file says
    /// nothing of its format (it holds TSV as often as CSV): `None`, so
    /// that its content decides ([`Format::sniff`]).
    pub fn from_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "tsv" | "tab" => Some(Format::Tsv),
            "csv" => Some(Format::Csv),
            "jsonl" | "ndjson" | "json" => Some(Format::Jsonl),
            "tmx" => Some(Format::Tmx),
            _ => None,
        }
    }

    /// Guesses the format of a stream (standard input, a `.txt` file) from
    /// its first non-blank bytes without consuming anything: `<` is TMX,
    /// `{` is JSONL; otherwise the separators of the first record outside
    /// quotes decide: a tab makes TSV, commas without a tab CSV, neither
    /// TSV. A UTF-16 byte-order mark means TMX.
    pub fn sniff(input: &mut impl BufRead) -> io::Result<Format> {
        let head = input.fill_buf()?;
        if head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]) {
            return Ok(Format::Tmx);
        }
        let head = head.strip_prefix(UTF8_BOM).unwrap_or(head);
        let start = head.iter().position(|b| !b.is_ascii_whitespace());
        Ok(match start.map(|i| &head[i..]) {
            Some([b'<', ..]) => Format::Tmx,
            Some([b'{', ..]) => Format::Jsonl,
            Some(record) => separated_by(record),
            None => Format::Tsv,
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

pub(crate) const UTF8_BOM: &[u8] = &[0xEF, 0xBB, 0xBF];

/// TSV or CSV, by the separators of the first record of `text` outside
/// double quotes (a quoted CSV field may hold tabs, commas and line
/// breaks): a tab means TSV, a comma without a tab CSV.
fn separated_by(text: &[u8]) -> Format {
    let (mut quoted, mut commas) = (false, 0);
    for &b in text {
        match b {
            b'"' => quoted = !quoted,
            b'\t' if !quoted => return Format::Tsv,
            b',' if !quoted => commas += 1,
            b'\n' | b'\r' if !quoted => break,
            _ => {}
        }
    }
    if commas > 0 {
        Format::Csv
    } else {
        Format::Tsv
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_from_path_and_sniff() {
        let cases = [
            ("a.tsv", Some(Format::Tsv)),
            ("a.TAB", Some(Format::Tsv)),
            ("a.txt", None),
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
        let sniffs: [(&[u8], Format); 12] = [
            (b"  \n<?xml version='1.0'?><tmx>", Format::Tmx),
            (b"\xEF\xBB\xBF{\"ru\":1}", Format::Jsonl),
            (b"\n\n{\"ru\":1}", Format::Jsonl),
            (b"\xFF\xFE<\x00", Format::Tmx),
            ("привет\thello".as_bytes(), Format::Tsv),
            (b"", Format::Tsv),
            (b"ru,en\n\"a\",\"b\"\n", Format::Csv),
            ("\n\"Привет, мир\",\"Hello, world\"".as_bytes(), Format::Csv),
            ("\"a\tb\",c\n".as_bytes(), Format::Csv),
            ("ru\ten\nа,б\tA,B\n".as_bytes(), Format::Tsv),
            ("а, б\tA, B\n".as_bytes(), Format::Tsv),
            ("\"a\nb,c\",d\n".as_bytes(), Format::Csv),
        ];
        for (input, expected) in sniffs {
            let mut r = input;
            assert_eq!(Format::sniff(&mut r).ok(), Some(expected), "{input:?}");
            assert_eq!(r, input, "sniff consumes nothing");
        }
    }

    mod round_trip {
        use super::super::*;
        use crate::unit::{Context, Date, Timestamp, Unit};
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
                        ..Meta::default()
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
