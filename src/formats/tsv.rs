//! TSV and CSV: a streaming reader (header or `--columns`) and a TSV writer.
//!
//! **TSV** has no quoting: a `"` is an ordinary character, fields are split
//! on tabs. Inside a field, `\t`, `\n`, `\r` and `\\` stand for a tab, a line
//! feed, a carriage return and a backslash; a backslash before anything else
//! is kept as it is (`C:\dir` stays `C:\dir`). The writer escapes exactly
//! these four, so any segment survives a round trip.
//!
//! **CSV** is RFC 4180: `,` between fields, `"…"` quoting with `""` for a
//! quote, line breaks allowed inside quotes (read back as `\n`). It is parsed
//! here on top of the same line reader as TSV rather than with the `csv`
//! crate, so that a record is capped at [`MAX_RECORD_BYTES`] and invalid
//! UTF-8 is reported with its exact byte offset.
//!
//! **Header**: the first non-blank line is a header when every field is a
//! known column name ([`Column`]), when it names both `ru` and `en`, or when
//! `has_header` says so; a header's unknown columns are an error naming
//! them. `--columns` wins over a header (which is then skipped). Without
//! both, the columns are `ru, en`.

use std::borrow::Cow;
use std::io::{self, BufRead, BufWriter, Write};

use super::{
    check_columns, meta_problem, non_empty, parse_date, parse_hash, parse_position,
    parse_timestamp, push_tags, segment_problem, too_long, Column, FormatError, Line, LineReader,
    Located, ReadOptions, ReadResult, Record, RecordReader, COLUMN_NAMES, MAX_RECORD_BYTES,
};
use crate::text::inline::show;
use crate::unit::{Meta, Unit};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Dialect {
    Tsv,
    Csv,
}

impl Dialect {
    fn describe(self) -> &'static str {
        match self {
            Dialect::Tsv => "tab-separated",
            Dialect::Csv => "comma-separated",
        }
    }

    /// The `--input-format` of the other dialect, for hints.
    fn other_name(self) -> &'static str {
        match self {
            Dialect::Tsv => "csv",
            Dialect::Csv => "tsv",
        }
    }
}

/// A CSV record being assembled over one or more lines.
#[derive(Default)]
struct CsvState {
    fields: Vec<String>,
    field: String,
    in_quotes: bool,
    /// Whether the current field began with a quote.
    quoted: bool,
    start_line: u64,
    /// The last line fed to the current record.
    last_line: u64,
    bytes: usize,
}

impl CsvState {
    /// Feeds one line; returns whether the record is complete.
    fn feed(&mut self, line: &str) -> bool {
        self.bytes += line.len() + 1;
        let mut chars = line.chars().peekable();
        while let Some(c) = chars.next() {
            if self.in_quotes {
                if c == '"' {
                    if chars.peek() == Some(&'"') {
                        chars.next();
                        self.field.push('"');
                    } else {
                        self.in_quotes = false;
                    }
                } else {
                    self.field.push(c);
                }
            } else if c == ',' {
                self.fields.push(std::mem::take(&mut self.field));
                self.quoted = false;
            } else if c == '"' && self.field.is_empty() && !self.quoted {
                self.in_quotes = true;
                self.quoted = true;
            } else {
                // Lenient like most readers: a stray quote is a character.
                self.field.push(c);
            }
        }
        if self.in_quotes {
            self.field.push('\n');
            false
        } else {
            self.fields.push(std::mem::take(&mut self.field));
            self.quoted = false;
            true
        }
    }

    fn active(&self) -> bool {
        self.in_quotes
    }

    fn take(&mut self) -> Vec<String> {
        self.bytes = 0;
        std::mem::take(&mut self.fields)
    }

    fn reset(&mut self) {
        *self = CsvState::default();
    }
}

/// Why a CSV file whose quote opened on line `start` (and never closed
/// by its last line, `last`) is refused: every line from there on was read
/// as one field, so the records on them are lost, and the file is not
/// what its author meant.
fn unclosed_quote(start: u64, last: u64) -> String {
    let lines = last - start + 1;
    let lost = if lines == 1 {
        "its one line".to_string()
    } else {
        format!("lines {start}–{last} ({lines} lines, with every record on them)")
    };
    format!(
        "unclosed quote: the quote opened on line {start} is never closed, so {lost} \
         would be read as one field; nothing from line {start} on was imported. \
         Close the quote (a quote inside a quoted field is written \"\")"
    )
}

/// A streaming reader of TSV or CSV records.
pub struct TsvReader<R> {
    lines: LineReader<R>,
    dialect: Dialect,
    /// From `--columns`.
    explicit: Option<Vec<Column>>,
    /// From the header.
    header: Option<Vec<Column>>,
    has_header: Option<bool>,
    ignore_unknown_columns: bool,
    first: bool,
    csv: CsvState,
    done: bool,
}

impl<R: BufRead> TsvReader<R> {
    /// A tab-separated reader.
    pub fn tsv(input: R, file: &str, opts: &ReadOptions) -> Self {
        Self::new(input, file, opts, Dialect::Tsv)
    }

    /// A comma-separated reader.
    pub fn csv(input: R, file: &str, opts: &ReadOptions) -> Self {
        Self::new(input, file, opts, Dialect::Csv)
    }

    fn new(input: R, file: &str, opts: &ReadOptions, dialect: Dialect) -> Self {
        TsvReader {
            lines: LineReader::new(input, file),
            dialect,
            explicit: opts.columns.clone(),
            header: None,
            has_header: opts.has_header,
            ignore_unknown_columns: opts.ignore_unknown_columns,
            first: true,
            csv: CsvState::default(),
            done: false,
        }
    }

    /// The columns in use: `--columns`, else the header, else `None` (ru, en).
    pub fn columns(&self) -> Option<&[Column]> {
        self.explicit.as_deref().or(self.header.as_deref())
    }

    fn bad(&self, line: u64, reason: String) -> FormatError {
        FormatError::BadRecord {
            file: self.lines.file.clone(),
            line,
            reason,
        }
    }

    fn fatal(&mut self, line: u64, reason: String) -> FormatError {
        self.done = true;
        self.lines.stop();
        FormatError::Malformed {
            file: self.lines.file.clone(),
            line,
            reason,
        }
    }

    /// The next complete record's fields and first line, skipping blank lines.
    fn next_fields(&mut self) -> Option<Result<(u64, Vec<String>), FormatError>> {
        loop {
            let dialect = self.dialect;
            let in_record = self.csv.active();
            let line = match self.lines.next_line() {
                None => {
                    if in_record {
                        let (start, last) = (self.csv.start_line, self.csv.last_line);
                        self.csv.reset();
                        return Some(Err(self.fatal(start, unclosed_quote(start, last))));
                    }
                    return None;
                }
                Some(Err(e)) => {
                    self.done = true;
                    return Some(Err(e));
                }
                Some(Ok(line)) => line,
            };
            match line {
                Line::TooLong { number, bytes } => {
                    if in_record {
                        let start = self.csv.start_line;
                        return Some(Err(self.fatal(
                            number,
                            format!(
                                "the record starting at line {start} is longer than 16 MiB; \
                                 is a quote left open?"
                            ),
                        )));
                    }
                    return Some(Err(self.bad(number, too_long(bytes))));
                }
                Line::Text { number, text } => {
                    if !in_record && text.trim().is_empty() {
                        continue;
                    }
                    match dialect {
                        Dialect::Tsv => {
                            let fields =
                                text.split('\t').map(|f| unescape(f).into_owned()).collect();
                            return Some(Ok((number, fields)));
                        }
                        Dialect::Csv => {
                            if !in_record {
                                self.csv.start_line = number;
                            }
                            self.csv.last_line = number;
                            if self.csv.feed(text) {
                                return Some(Ok((self.csv.start_line, self.csv.take())));
                            }
                            if self.csv.bytes > MAX_RECORD_BYTES {
                                let start = self.csv.start_line;
                                self.csv.reset();
                                return Some(Err(self.fatal(
                                    start,
                                    format!(
                                        "the record starting at line {start} is longer than \
                                         16 MiB; is a quote left open?"
                                    ),
                                )));
                            }
                        }
                    }
                }
            }
        }
    }

    /// Decides on the header when the first record arrives. `Ok(true)`: the
    /// record was the header and is consumed. Without `has_header`, the
    /// first record is a header when every field is a known column, or
    /// when it names both `ru` and `en`; unknown columns of a header are
    /// refused by name (or read and dropped with `ignore_unknown_columns`).
    fn take_header(&mut self, line: u64, fields: &[String]) -> Result<bool, FormatError> {
        if let Some(columns) = &self.explicit {
            if let Err(reason) = check_columns(columns) {
                return Err(self.fatal(line, format!("--columns: {reason}")));
            }
        }
        if self.has_header == Some(false) {
            return Ok(false);
        }
        let parsed: Vec<Option<Column>> = fields
            .iter()
            .map(|f| f.trim().parse::<Column>().ok())
            .collect();
        let names_both = parsed.contains(&Some(Column::Ru)) && parsed.contains(&Some(Column::En));
        let all_known = parsed.iter().all(Option::is_some);
        if self.has_header.is_none() && !all_known && !names_both {
            return Ok(false);
        }
        if self.explicit.is_some() {
            return Ok(true);
        }
        let unknown: Vec<String> = parsed
            .iter()
            .zip(fields)
            .filter(|(column, _)| column.is_none())
            .map(|(_, name)| format!("`{}`", name.trim()))
            .collect();
        if !unknown.is_empty() && !self.ignore_unknown_columns {
            let (what, them) = if unknown.len() == 1 {
                ("column", "it")
            } else {
                ("columns", "them")
            };
            return Err(self.fatal(
                line,
                format!(
                    "header: unknown {what} {} (known: {COLUMN_NAMES}); rename {them} to `-` \
                     to skip {them}, or give --columns",
                    unknown.join(", ")
                ),
            ));
        }
        let columns: Vec<Column> = parsed
            .into_iter()
            .map(|c| c.unwrap_or(Column::Ignore))
            .collect();
        if let Err(reason) = check_columns(&columns) {
            return Err(self.fatal(line, format!("header: {reason}")));
        }
        self.header = Some(columns);
        Ok(true)
    }

    fn record(&self, fields: Vec<String>) -> Result<Record, String> {
        let default = [Column::Ru, Column::En];
        let (columns, declared) = match self.columns() {
            Some(c) => (c, true),
            None => (&default[..], false),
        };
        if fields.len() != columns.len() {
            let names: Vec<&str> = columns.iter().map(|c| c.name()).collect();
            let found = fields.len();
            let mut reason = format!(
                "expected {} columns ({}), found {found}",
                columns.len(),
                names.join(", ")
            );
            if found == 1 {
                reason.push_str(&format!(
                    ": is the file {}? If not, pass --input-format {}",
                    self.dialect.describe(),
                    self.dialect.other_name()
                ));
            } else if !declared {
                reason.push_str("; name the columns with --columns, e.g. --columns ru,en,article");
            }
            return Err(reason);
        }
        let mut ru = None;
        let mut en = None;
        let mut meta = Meta::default();
        for (column, value) in columns.iter().zip(fields) {
            match column {
                Column::Ru => ru = Some(value),
                Column::En => en = Some(value),
                Column::Ignore => {}
                Column::Article => meta.article = non_empty(Cow::Owned(value)),
                Column::Origin => meta.origin = non_empty(Cow::Owned(value)),
                Column::Note => meta.note = non_empty(Cow::Owned(value)),
                _ if value.trim().is_empty() => {}
                Column::Position => meta.position = Some(parse_position(&value)?),
                Column::Date => meta.date = Some(parse_date(&value)?),
                Column::Tags => push_tags(&mut meta.tags, &value),
                Column::Created => meta.created = Some(parse_timestamp(&value)?),
                Column::Changed => meta.changed = Some(parse_timestamp(&value)?),
                Column::PrevRu => meta.context.prev_ru = Some(parse_hash(&value, "prev_ru")?),
                Column::NextRu => meta.context.next_ru = Some(parse_hash(&value, "next_ru")?),
                Column::PrevEn => meta.context.prev_en = Some(parse_hash(&value, "prev_en")?),
                Column::NextEn => meta.context.next_en = Some(parse_hash(&value, "next_en")?),
            }
        }
        let (ru, en) = (ru.unwrap_or_default(), en.unwrap_or_default());
        if let Some(reason) = segment_problem(&ru, &en).or_else(|| meta_problem(&meta)) {
            return Err(reason);
        }
        Ok(Record { ru, en, meta })
    }
}

impl<R: BufRead> Iterator for TsvReader<R> {
    type Item = ReadResult;

    fn next(&mut self) -> Option<ReadResult> {
        loop {
            if self.done {
                return None;
            }
            let (line, fields) = match self.next_fields()? {
                Ok(x) => x,
                Err(e) => return Some(Err(e)),
            };
            if self.first {
                self.first = false;
                match self.take_header(line, &fields) {
                    Ok(true) => continue,
                    Ok(false) => {}
                    Err(e) => return Some(Err(e)),
                }
            }
            return Some(match self.record(fields) {
                Ok(value) => Ok(Located { line, value }),
                Err(reason) => Err(self.bad(line, reason)),
            });
        }
    }
}

impl<R: BufRead> RecordReader for TsvReader<R> {
    fn warnings(&self) -> Vec<String> {
        Vec::new()
    }
}

/// Undoes the TSV escapes `\t`, `\n`, `\r`, `\\`; any other backslash stays.
fn unescape(field: &str) -> Cow<'_, str> {
    if !field.contains('\\') {
        return Cow::Borrowed(field);
    }
    let mut out = String::with_capacity(field.len());
    let mut chars = field.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.clone().next() {
            Some('t') => out.push('\t'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('\\') => out.push('\\'),
            _ => {
                out.push('\\');
                continue;
            }
        }
        chars.next();
    }
    Cow::Owned(out)
}

/// Writes the TSV escapes for tab, line feed, carriage return and backslash
/// (the reports' TSV output uses the same, through `report::tsv_field`).
pub fn escape(field: &str, out: &mut String) {
    for c in field.chars() {
        match c {
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\\' => out.push_str("\\\\"),
            c => out.push(c),
        }
    }
}

/// The columns [`TsvWriter`] writes, in order.
pub const TSV_COLUMNS: [Column; 14] = [
    Column::Ru,
    Column::En,
    Column::Article,
    Column::Position,
    Column::Date,
    Column::Origin,
    Column::Note,
    Column::Tags,
    Column::Created,
    Column::Changed,
    Column::PrevRu,
    Column::NextRu,
    Column::PrevEn,
    Column::NextEn,
];

/// Writes units as TSV with a header line of [`TSV_COLUMNS`]; tags are
/// joined with `;` (so a tag cannot itself hold a `;`), timestamps are
/// RFC 3339, context hashes 16 hex digits.
pub struct TsvWriter<W: Write> {
    out: BufWriter<W>,
    line: String,
}

impl<W: Write> TsvWriter<W> {
    /// Starts the file: writes the header.
    pub fn new(out: W) -> io::Result<Self> {
        let mut out = BufWriter::new(out);
        let names: Vec<&str> = TSV_COLUMNS.iter().map(|c| c.name()).collect();
        writeln!(out, "{}", names.join("\t"))?;
        Ok(TsvWriter {
            out,
            line: String::new(),
        })
    }

    /// Writes one unit as one line.
    pub fn write(&mut self, unit: &Unit) -> io::Result<()> {
        use std::fmt::Write as _;
        let m = &unit.meta;
        let line = &mut self.line;
        line.clear();
        let text = |s: &Option<String>, line: &mut String| {
            if let Some(s) = s {
                escape(s, line);
            }
        };
        let hash = |h: Option<u64>, line: &mut String| {
            if let Some(h) = h {
                let _ = write!(line, "{h:016x}");
            }
        };
        // TSV has no column for inline codes: they show as `{1}` text.
        escape(&show(&unit.ru), line);
        line.push('\t');
        escape(&show(&unit.en), line);
        line.push('\t');
        text(&m.article, line);
        line.push('\t');
        if let Some(p) = m.position {
            let _ = write!(line, "{p}");
        }
        line.push('\t');
        if let Some(d) = m.date {
            let _ = write!(line, "{d}");
        }
        line.push('\t');
        text(&m.origin, line);
        line.push('\t');
        text(&m.note, line);
        line.push('\t');
        for (i, tag) in m.tags.iter().enumerate() {
            if i > 0 {
                line.push(';');
            }
            escape(tag, line);
        }
        line.push('\t');
        if let Some(t) = m.created {
            let _ = write!(line, "{t}");
        }
        line.push('\t');
        if let Some(t) = m.changed {
            let _ = write!(line, "{t}");
        }
        for h in [
            m.context.prev_ru,
            m.context.next_ru,
            m.context.prev_en,
            m.context.next_en,
        ] {
            line.push('\t');
            hash(h, line);
        }
        line.push('\n');
        self.out.write_all(line.as_bytes())
    }

    /// Flushes everything written.
    pub fn finish(mut self) -> io::Result<()> {
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::unit::Context;

    /// Reads `input` and renders each item as `line: ru | en | meta…` or the
    /// error message.
    fn read(dialect: Dialect, input: &[u8], opts: &ReadOptions) -> Vec<String> {
        let reader = TsvReader::new(input, "in.tsv", opts, dialect);
        reader
            .map(|item| match item {
                Ok(Located { line, value }) => {
                    let mut s = format!("{line}: {} | {}", value.ru, value.en);
                    if value.meta != Meta::default() {
                        s.push_str(&format!(" | {:?}", value.meta));
                    }
                    s
                }
                Err(e) => format!("ERR {e}"),
            })
            .collect()
    }

    fn opts(columns: Option<&str>, has_header: Option<bool>) -> ReadOptions {
        ReadOptions {
            columns: columns.and_then(|c| Column::parse_list(c).ok()),
            has_header,
            ..ReadOptions::default()
        }
    }

    #[test]
    fn tsv_good_files() {
        let none = opts(None, None);
        let cases: Vec<(&str, &[u8], ReadOptions, Vec<&str>)> = vec![
            ("plain lf", b"\xd0\xb0\tA\n\xd0\xb1\tB\n", none.clone(), vec!["1: а | A", "2: б | B"]),
            ("crlf", "а\tA\r\nб\tB\r\n".as_bytes(), none.clone(), vec!["1: а | A", "2: б | B"]),
            ("cr only", "а\tA\rб\tB".as_bytes(), none.clone(), vec!["1: а | A", "2: б | B"]),
            ("bom", "\u{feff}а\tA\n".as_bytes(), none.clone(), vec!["1: а | A"]),
            (
                "blank lines skipped, numbering kept",
                "\n  \nа\tA\n\n\nб\tB\n".as_bytes(),
                none.clone(),
                vec!["3: а | A", "6: б | B"],
            ),
            (
                "quotes are ordinary characters",
                "\"Он\" сказал: \"да\tHe said \"yes\n".as_bytes(),
                none.clone(),
                vec!["1: \"Он\" сказал: \"да | He said \"yes"],
            ),
            (
                "escapes",
                "a\\tb\\nc\\\\d\\x\tC:\\dir\\\n".as_bytes(),
                none.clone(),
                vec!["1: a\tb\nc\\d\\x | C:\\dir\\"],
            ),
            (
                "header detected, any order and case",
                "EN\tru\tDate\tURL\nA\tа\t2019-03-23\thttps://x\n".as_bytes(),
                none.clone(),
                vec!["2: а | A | Meta { article: Some(\"https://x\"), position: None, date: Some(2019-03-23), origin: None, note: None, tags: [], created: None, changed: None, context: Context { prev_ru: None, next_ru: None, prev_en: None, next_en: None }, inline: Inline { ru: [], en: [] }, occurrences: [] }"],
            ),
            (
                "--columns",
                "а\tA\t2019-03-23\n".as_bytes(),
                opts(Some("ru,en,date"), None),
                vec!["1: а | A | Meta { article: None, position: None, date: Some(2019-03-23), origin: None, note: None, tags: [], created: None, changed: None, context: Context { prev_ru: None, next_ru: None, prev_en: None, next_en: None }, inline: Inline { ru: [], en: [] }, occurrences: [] }"],
            ),
            (
                "--columns wins over a header, which is skipped",
                "ru\ten\tid\nA\tа\tx\n".as_bytes(),
                opts(Some("en,ru,-"), None),
                vec!["2: а | A"],
            ),
            (
                "has_header false: a header-like line is data",
                "ru\ten\n".as_bytes(),
                opts(None, Some(false)),
                vec!["1: ru | en"],
            ),
            (
                "has_header true: unknown names refused",
                "russian\tenglish\nа\tA\n".as_bytes(),
                opts(None, Some(true)),
                vec!["ERR in.tsv:1: header: unknown columns `russian`, `english` (known: ru, en, article (or url), position, date, origin, note, tags, created, changed, prev_ru, next_ru, prev_en, next_en, id or - (ignored)); rename them to `-` to skip them, or give --columns"],
            ),
            (
                "a header naming ru and en is a header: its unknown column refused by name",
                "en\tru\tnotes\nA\tа\tx\n".as_bytes(),
                none.clone(),
                vec!["ERR in.tsv:1: header: unknown column `notes` (known: ru, en, article (or url), position, date, origin, note, tags, created, changed, prev_ru, next_ru, prev_en, next_en, id or - (ignored)); rename it to `-` to skip it, or give --columns"],
            ),
            (
                "ignore_unknown_columns: a header's unknown columns dropped",
                "segment\tstate\tru\ten\tmatch_date\n1\tnew\tа\tA\t2020-01-01\n".as_bytes(),
                ReadOptions { ignore_unknown_columns: true, ..ReadOptions::default() },
                vec!["2: а | A"],
            ),
            (
                "has_header true with --columns: any header skipped",
                "russian\tenglish\nа\tA\n".as_bytes(),
                opts(Some("ru,en"), Some(true)),
                vec!["2: а | A"],
            ),
            (
                "empty optional fields are absent",
                "ru\ten\tnote\ttags\nа\tA\t\t\n".as_bytes(),
                none.clone(),
                vec!["2: а | A"],
            ),
        ];
        for (name, input, opts, expected) in cases {
            assert_eq!(read(Dialect::Tsv, input, &opts), expected, "{name}");
        }
    }

    #[test]
    fn tsv_bad_records() {
        let none = opts(None, None);
        let cases: Vec<(&str, &[u8], ReadOptions, Vec<&str>)> = vec![
            (
                "one column",
                "а\tA\nтолько русский\nб\tB\n".as_bytes(),
                none.clone(),
                vec!["1: а | A", "ERR in.tsv:2: expected 2 columns (ru, en), found 1: is the file tab-separated? If not, pass --input-format csv", "3: б | B"],
            ),
            (
                "three columns without --columns",
                "а\tA\tx\n".as_bytes(),
                none.clone(),
                vec!["ERR in.tsv:1: expected 2 columns (ru, en), found 3; name the columns with --columns, e.g. --columns ru,en,article"],
            ),
            (
                "declared columns",
                "а\tA\n".as_bytes(),
                opts(Some("ru,en,date"), None),
                vec!["ERR in.tsv:1: expected 3 columns (ru, en, date), found 2"],
            ),
            (
                "empty segments",
                "\tA\nа\t \nб\tB\n".as_bytes(),
                none.clone(),
                vec!["ERR in.tsv:1: empty Russian segment", "ERR in.tsv:2: empty English segment", "3: б | B"],
            ),
            (
                "bad date and position",
                "ru\ten\tdate\tposition\nа\tA\t23.03.2019\t1\nа\tA\t2019-03-23\t-1\n".as_bytes(),
                none.clone(),
                vec![
                    "ERR in.tsv:2: bad date `23.03.2019`: expected YYYY-MM-DD or an RFC 3339 timestamp",
                    "ERR in.tsv:3: bad position `-1`: expected a whole number from 0 to 4294967295",
                ],
            ),
            (
                "invalid utf-8 is fatal with the byte offset",
                b"\xd0\xb0\tA\n\xd0\xb1\t\xffB\n\xd0\xb2\tC\n",
                none.clone(),
                vec!["1: а | A", "ERR in.tsv:2: invalid UTF-8 at byte 8 (save the file as UTF-8)"],
            ),
            (
                "bad --columns",
                "а\tA\n".as_bytes(),
                ReadOptions { columns: Some(vec![Column::Ru]), ..ReadOptions::default() },
                vec!["ERR in.tsv:1: --columns: the columns must include `en`"],
            ),
        ];
        for (name, input, opts, expected) in cases {
            assert_eq!(read(Dialect::Tsv, input, &opts), expected, "{name}");
        }
    }

    #[test]
    fn csv_files() {
        let none = opts(None, None);
        let cases: Vec<(&str, &[u8], ReadOptions, Vec<&str>)> = vec![
            (
                "quoted fields, doubled quotes, commas",
                "ru,en\n\"Он сказал: \"\"да\"\"\",\"Yes, he said\"\r\nб,B\n".as_bytes(),
                none.clone(),
                vec!["2: Он сказал: \"да\" | Yes, he said", "3: б | B"],
            ),
            (
                "a line break inside quotes; the record starts at its first line",
                "\"две\r\nстроки\",\"two\nlines\"\nб,B\n".as_bytes(),
                none.clone(),
                vec!["1: две\nстроки | two\nlines", "4: б | B"],
            ),
            (
                "no escapes in CSV",
                "a\\tb,c\n".as_bytes(),
                none.clone(),
                vec!["1: a\\tb | c"],
            ),
            (
                "one column",
                "только\n".as_bytes(),
                none.clone(),
                vec!["ERR in.tsv:1: expected 2 columns (ru, en), found 1: is the file comma-separated? If not, pass --input-format tsv"],
            ),
            (
                "an unclosed quote stops the file at its line, naming the lines lost",
                "а,A\n\"б,B\nв,C\n\nг,D\n".as_bytes(),
                none.clone(),
                vec![
                    "1: а | A",
                    "ERR in.tsv:2: unclosed quote: the quote opened on line 2 is never closed, so \
                     lines 2–5 (4 lines, with every record on them) would be read as one field; \
                     nothing from line 2 on was imported. Close the quote (a quote inside a \
                     quoted field is written \"\")",
                ],
            ),
            (
                "an unclosed quote on the last line",
                "а,A\n\"б,B".as_bytes(),
                none.clone(),
                vec![
                    "1: а | A",
                    "ERR in.tsv:2: unclosed quote: the quote opened on line 2 is never closed, so \
                     its one line would be read as one field; nothing from line 2 on was \
                     imported. Close the quote (a quote inside a quoted field is written \"\")",
                ],
            ),
        ];
        for (name, input, opts, expected) in cases {
            assert_eq!(read(Dialect::Csv, input, &opts), expected, "{name}");
        }
    }

    #[test]
    fn long_lines() {
        let mut input = Vec::new();
        let one_mb = "ж".repeat(1 << 19);
        input.extend_from_slice(format!("{one_mb}\tA\n").as_bytes());
        input.extend_from_slice(&vec![b'x'; 17 << 20]);
        input.extend_from_slice("\tB\nб\tC\n".as_bytes());
        let got: Vec<_> = TsvReader::tsv(&input[..], "big.tsv", &ReadOptions::default()).collect();
        assert_eq!(got.len(), 3);
        assert!(matches!(&got[0], Ok(r) if r.value.ru == one_mb && r.line == 1));
        match &got[1] {
            Err(e) => assert_eq!(
                e.to_string(),
                "big.tsv:2: record too long: 17825794 bytes, the limit is 16 MiB (16777216 bytes)"
            ),
            Ok(_) => panic!("a 17 MB line must be refused"),
        }
        assert!(matches!(&got[2], Ok(r) if r.value.ru == "б" && r.line == 3));
    }

    #[test]
    fn csv_open_quote_longer_than_the_cap_is_fatal() {
        let mut input = b"\"".to_vec();
        for _ in 0..17 {
            input.extend_from_slice(&vec![b'x'; 1 << 20]);
            input.push(b'\n');
        }
        let got: Vec<String> = TsvReader::csv(&input[..], "q.csv", &ReadOptions::default())
            .map(|r| r.map(|_| String::new()).unwrap_or_else(|e| e.to_string()))
            .collect();
        assert_eq!(
            got,
            ["q.csv:1: the record starting at line 1 is longer than 16 MiB; is a quote left open?"]
        );
    }

    #[test]
    fn writer_output() {
        let meta = Meta {
            article: Some("a\tb".into()),
            position: Some(3),
            date: "2019-03-23".parse().ok(),
            tags: vec!["x".into(), "y z".into()],
            created: "2024-01-02T03:04:05.5Z".parse().ok(),
            context: Context {
                prev_ru: Some(255),
                ..Context::default()
            },
            ..Meta::default()
        };
        let unit = Unit::new("Нур-Султан\nстолица".into(), "C:\\".into(), meta);
        let mut out = Vec::new();
        let mut w = TsvWriter::new(&mut out).map_err(|e| e.to_string());
        if let Ok(w) = &mut w {
            assert!(w.write(&unit).is_ok());
        }
        assert!(w
            .and_then(|w| w.finish().map_err(|e| e.to_string()))
            .is_ok());
        assert_eq!(
            String::from_utf8_lossy(&out),
            "ru\ten\tarticle\tposition\tdate\torigin\tnote\ttags\tcreated\tchanged\tprev_ru\tnext_ru\tprev_en\tnext_en\n\
             Нур-Султан\\nстолица\tC:\\\\\ta\\tb\t3\t2019-03-23\t\t\tx;y z\t2024-01-02T03:04:05.5Z\t\t00000000000000ff\t\t\t\n"
        );
    }

    #[test]
    #[ignore = "reads the shared corpora (run with --ignored)"]
    fn corpora() {
        let dir = std::path::Path::new("/work/shared/data/corpora");
        let Ok(entries) = std::fs::read_dir(dir) else {
            panic!("no corpora at {}", dir.display());
        };
        let mut paths: Vec<_> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
                name.ends_with(".tsv") && !name.ends_with(".meta.tsv")
            })
            .collect();
        paths.sort();
        let (mut pairs, mut bad) = (0usize, 0usize);
        for path in &paths {
            let file = std::fs::File::open(path).map(io::BufReader::new);
            let Ok(file) = file else {
                panic!("cannot open {}", path.display())
            };
            let name = path.display().to_string();
            let (mut n, mut b) = (0, 0);
            for item in TsvReader::tsv(file, &name, &ReadOptions::default()) {
                match item {
                    Ok(_) => n += 1,
                    Err(e) => {
                        b += 1;
                        eprintln!("{e}");
                    }
                }
            }
            eprintln!("{name}: {n} pairs, {b} bad");
            pairs += n;
            bad += b;
        }
        eprintln!("{} files: {pairs} pairs, {bad} bad records", paths.len());
        assert!(pairs > 60_000, "{pairs} pairs");
    }
}
