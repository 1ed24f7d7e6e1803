//! JSONL: one JSON object per line, read as a stream, and written from
//! [`Unit`]s with serde.
//!
//! Keys: `ru`, `en` (required strings); `article`, or `url` when there is no
//! `article`; `position` (integer ≥ 0); `date` (`YYYY-MM-DD`, or an RFC 3339
//! timestamp whose date part is taken); `origin`; `note`; `tags` (an array
//! of strings, or one `;`-separated string); `created`, `changed` (RFC 3339);
//! `context` (as [`Context`]); `inline` (the inline codes of the segments,
//! as [`Inline`]: the segments show them as `{1}`, `{/1}`, `{2/}`, which
//! become their placeholders again); `id` (ignored: ids are recomputed). A `null`
//! is the same as an absent key. Unknown keys are ignored and remembered
//! ([`JsonlReader::unknown_keys`]) so that the caller can warn once.
//!
//! [`Context`]: crate::unit::Context
//! [`Inline`]: crate::unit::Inline

use std::borrow::Cow;
use std::collections::BTreeSet;
use std::io::{self, BufRead, BufWriter, Write};

use serde_json::{Map, Value};

use super::{
    meta_problem, non_empty, parse_date, parse_timestamp, push_tags, remember, segment_problem,
    too_long, FormatError, Line, LineReader, Located, ReadResult, Record, RecordReader,
};
use crate::text::inline::unshow;
use crate::text::Lang;
use crate::unit::{Context, Inline, Meta, Unit};

/// A streaming JSONL reader.
pub struct JsonlReader<R> {
    lines: LineReader<R>,
    unknown: BTreeSet<String>,
    done: bool,
}

impl<R: BufRead> JsonlReader<R> {
    pub fn new(input: R, file: &str) -> Self {
        JsonlReader {
            lines: LineReader::new(input, file),
            unknown: BTreeSet::new(),
            done: false,
        }
    }

    /// The unknown keys met so far (at most 64 are kept).
    pub fn unknown_keys(&self) -> &BTreeSet<String> {
        &self.unknown
    }
}

impl<R: BufRead> Iterator for JsonlReader<R> {
    type Item = ReadResult;

    fn next(&mut self) -> Option<ReadResult> {
        loop {
            if self.done {
                return None;
            }
            let (line, result) = match self.lines.next_line()? {
                Err(e) => {
                    self.done = true;
                    return Some(Err(e));
                }
                Ok(Line::TooLong { number, bytes }) => (number, Err(too_long(bytes))),
                Ok(Line::Text { text, .. }) if text.trim().is_empty() => continue,
                Ok(Line::Text { number, text }) => (number, parse_line(text, &mut self.unknown)),
            };
            return Some(match result {
                Ok(value) => Ok(Located { line, value }),
                Err(reason) => Err(FormatError::BadRecord {
                    file: self.lines.file.clone(),
                    line,
                    reason,
                }),
            });
        }
    }
}

impl<R: BufRead> RecordReader for JsonlReader<R> {
    fn warnings(&self) -> Vec<String> {
        if self.unknown.is_empty() {
            return Vec::new();
        }
        let keys: Vec<&str> = self.unknown.iter().map(String::as_str).collect();
        vec![format!("ignored unknown keys: {}", keys.join(", "))]
    }
}

/// `invalid JSON at column C: what serde_json says`.
fn json_reason(e: &serde_json::Error) -> String {
    let message = e.to_string();
    let message = match message.rfind(" at line ") {
        Some(i) => &message[..i],
        None => &message,
    };
    format!("invalid JSON at column {}: {message}", e.column())
}

fn parse_line(text: &str, unknown: &mut BTreeSet<String>) -> Result<Record, String> {
    let value: Value = serde_json::from_str(text).map_err(|e| json_reason(&e))?;
    let Value::Object(object) = value else {
        return Err(format!(
            "expected a JSON object {{\"ru\": …, \"en\": …}}, found {}",
            kind(&value)
        ));
    };
    record(object, unknown)
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// The string value of an optional key (`null` and absent are `None`).
fn string(key: &str, value: Value) -> Result<Option<String>, String> {
    match value {
        Value::Null => Ok(None),
        Value::String(s) => Ok(Some(s)),
        other => Err(format!("\"{key}\" must be a string, not {}", kind(&other))),
    }
}

/// A non-empty text of an optional key: `null`, absent and `""` are `None`.
fn text(key: &str, value: Value) -> Result<Option<String>, String> {
    Ok(string(key, value)?.and_then(|s| non_empty(Cow::Owned(s))))
}

/// The optional `position`: a whole number that fits in 32 bits.
fn position(value: Value) -> Result<Option<u32>, String> {
    match value {
        Value::Null => Ok(None),
        Value::Number(n) => match n.as_u64().and_then(|n| u32::try_from(n).ok()) {
            Some(p) => Ok(Some(p)),
            None => Err(format!(
                "bad \"position\" {n}: expected a whole number from 0 to {}",
                u32::MAX
            )),
        },
        other => Err(format!(
            "\"position\" must be a number, not {}",
            kind(&other)
        )),
    }
}

/// The optional `tags`: a string of `;`-separated tags or an array of them.
fn tags(value: Value, tags: &mut Vec<String>) -> Result<(), String> {
    match value {
        Value::Null => {}
        Value::String(s) => push_tags(tags, &s),
        Value::Array(items) => {
            for item in items {
                match item {
                    Value::String(s) => push_tags(tags, &s),
                    other => {
                        return Err(format!("\"tags\" must hold strings, not {}", kind(&other)))
                    }
                }
            }
        }
        other => {
            return Err(format!(
                "\"tags\" must be an array of strings or a string, not {}",
                kind(&other)
            ))
        }
    }
    Ok(())
}

/// An optional JSON object of the unit's metadata (`context`, `inline`),
/// read by serde; `example` shows the expected shape in the error.
fn object<T: serde::de::DeserializeOwned + Default>(
    key: &str,
    value: Value,
    example: &str,
) -> Result<T, String> {
    if value.is_null() {
        return Ok(T::default());
    }
    serde_json::from_value::<T>(value)
        .map_err(|e| format!("bad \"{key}\": {e}; expected {example}"))
}

fn record(object: Map<String, Value>, unknown: &mut BTreeSet<String>) -> Result<Record, String> {
    let mut ru = None;
    let mut en = None;
    let mut url = None;
    let mut meta = Meta::default();
    for (key, value) in object {
        match key.as_str() {
            "ru" => ru = string("ru", value)?,
            "en" => en = string("en", value)?,
            "article" => meta.article = text("article", value)?,
            "url" => url = text("url", value)?,
            "origin" => meta.origin = text("origin", value)?,
            "note" => meta.note = text("note", value)?,
            "position" => meta.position = position(value)?,
            "date" => {
                if let Some(s) = string("date", value)? {
                    meta.date = Some(parse_date(&s)?);
                }
            }
            "created" => {
                if let Some(s) = string("created", value)? {
                    meta.created = Some(parse_timestamp(&s)?);
                }
            }
            "changed" => {
                if let Some(s) = string("changed", value)? {
                    meta.changed = Some(parse_timestamp(&s)?);
                }
            }
            "tags" => tags(value, &mut meta.tags)?,
            "context" => {
                meta.context = self::object::<Context>(
                    "context",
                    value,
                    "{\"prev_ru\": \"16 hex digits\", …}",
                )?
            }
            "inline" => {
                meta.inline = self::object::<Inline>(
                    "inline",
                    value,
                    "{\"ru\": [{\"kind\": \"open\", \"n\": 1, \"xml\": \"<bpt i=\\\"1\\\">…</bpt>\"}, …], \"en\": […]}",
                )?
            }
            "id" => {}
            other => remember(unknown, other),
        }
    }
    if meta.article.is_none() {
        meta.article = url;
    }
    let ru = ru.ok_or("missing \"ru\" (the Russian segment)")?;
    let en = en.ok_or("missing \"en\" (the English segment)")?;
    if let Some(reason) = segment_problem(&ru, &en).or_else(|| meta_problem(&meta)) {
        return Err(reason);
    }
    // The segments show their codes as `{1}`, `{/1}`, `{2/}`: those of
    // the codes given become placeholders again.
    let ru = placeholders(ru, &meta.inline, Lang::Ru);
    let en = placeholders(en, &meta.inline, Lang::En);
    Ok(Record { ru, en, meta })
}

/// The `lang` segment with its shown codes as placeholders (as it is when
/// the record has no codes on that side).
fn placeholders(text: String, inline: &Inline, lang: Lang) -> String {
    if inline.side(lang).is_empty() {
        text
    } else {
        unshow(&text, |kind, n| inline.code(lang, kind, n).is_some())
    }
}

/// Writes units as JSONL: each [`Unit`] serialized with serde, one per line.
pub struct JsonlWriter<W: Write> {
    out: BufWriter<W>,
}

impl<W: Write> JsonlWriter<W> {
    pub fn new(out: W) -> io::Result<Self> {
        Ok(JsonlWriter {
            out: BufWriter::new(out),
        })
    }

    /// Writes one unit as one line.
    pub fn write(&mut self, unit: &Unit) -> io::Result<()> {
        serde_json::to_writer(&mut self.out, unit)?;
        self.out.write_all(b"\n")
    }

    /// Flushes everything written.
    pub fn finish(mut self) -> io::Result<()> {
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(input: &[u8]) -> (Vec<String>, Vec<String>) {
        let mut reader = JsonlReader::new(input, "in.jsonl");
        let items = reader
            .by_ref()
            .map(|item| match item {
                Ok(Located { line, value }) => {
                    let meta = serde_json::to_string(&value.meta).unwrap_or_default();
                    format!("{line}: {} | {} | {meta}", value.ru, value.en)
                }
                Err(e) => format!("ERR {e}"),
            })
            .collect();
        (items, reader.unknown_keys().iter().cloned().collect())
    }

    #[test]
    fn good_lines() {
        /// Name, input, items, unknown keys.
        type Case = (
            &'static str,
            &'static [u8],
            &'static [&'static str],
            &'static [&'static str],
        );
        let cases: [Case; 7] = [
            ("minimal", b"{\"ru\":\"\xd0\xb0\",\"en\":\"A\"}\n", &["1: а | A | {}"], &[]),
            (
                "all keys",
                r#"{"ru":"а","en":"A","article":"art","url":"u","position":2,"date":"2019-03-23T23:00:00+06:00","origin":"o","note":"n","tags":["x"," y ",""],"created":"2024-01-02T03:04:05Z","changed":"2024-01-03T00:00:00+01:00","context":{"prev_ru":"00000000000000ff"},"id":"whatever"}"#.as_bytes(),
                &[r#"1: а | A | {"article":"art","position":2,"date":"2019-03-23","origin":"o","note":"n","tags":["x","y"],"created":"2024-01-02T03:04:05Z","changed":"2024-01-02T23:00:00Z","context":{"prev_ru":"00000000000000ff"}}"#],
                &[],
            ),
            (
                "url when no article; tags as one string; nulls",
                br#"{"ru":"a","en":"b","url":"https://x","tags":"p; q","note":null,"note2":1,"zz":2}"#,
                &[r#"1: a | b | {"article":"https://x","tags":["p","q"]}"#],
                &["note2", "zz"],
            ),
            (
                "crlf, bom and blank lines",
                b"\xEF\xBB\xBF{\"ru\":\"a\",\"en\":\"b\"}\r\n\r\n  \r\n{\"ru\":\"c\",\"en\":\"d\"}\r\n",
                &["1: a | b | {}", "4: c | d | {}"],
                &[],
            ),
            (
                "cr only",
                b"{\"ru\":\"a\",\"en\":\"b\"}\r{\"ru\":\"c\",\"en\":\"d\"}",
                &["1: a | b | {}", "2: c | d | {}"],
                &[],
            ),
            (
                "escaped newlines and tabs in segments",
                br#"{"ru":"a\tb\nc","en":"d"}"#,
                &["1: a\tb\nc | d | {}"],
                &[],
            ),
            (
                "empty optional strings are absent",
                br#"{"ru":"a","en":"b","note":"","article":""}"#,
                &["1: a | b | {}"],
                &[],
            ),
        ];
        for (name, input, expected, unknown) in cases {
            let (items, keys) = read(input);
            assert_eq!(items, expected, "{name}");
            assert_eq!(keys, unknown, "{name}");
        }
        let mut reader = JsonlReader::new(&br#"{"ru":"a","en":"b","zz":1,"aa":2}"#[..], "w");
        assert!(reader.by_ref().all(|r| r.is_ok()));
        assert_eq!(reader.warnings(), ["ignored unknown keys: aa, zz"]);
    }

    #[test]
    fn bad_lines() {
        let cases: [(&str, &[u8], &[&str]); 11] = [
            (
                "bad JSON, reading goes on",
                b"{\"ru\":\"a\" \"en\":\"b\"}\n{\"ru\":\"c\",\"en\":\"d\"}\n",
                &["ERR in.jsonl:1: invalid JSON at column 11: expected `,` or `}`", "2: c | d | {}"],
            ),
            ("not an object", b"[1,2]\n", &["ERR in.jsonl:1: expected a JSON object {\"ru\": …, \"en\": …}, found an array"]),
            ("missing en", br#"{"ru":"a"}"#, &["ERR in.jsonl:1: missing \"en\" (the English segment)"]),
            ("ru not a string", br#"{"ru":5,"en":"b"}"#, &["ERR in.jsonl:1: \"ru\" must be a string, not a number"]),
            ("empty segment", br#"{"ru":"  ","en":"b"}"#, &["ERR in.jsonl:1: empty Russian segment"]),
            (
                "bad date",
                br#"{"ru":"a","en":"b","date":"2019-02-30"}"#,
                &["ERR in.jsonl:1: bad date `2019-02-30`: expected YYYY-MM-DD or an RFC 3339 timestamp"],
            ),
            (
                "negative position",
                br#"{"ru":"a","en":"b","position":-1}"#,
                &["ERR in.jsonl:1: bad \"position\" -1: expected a whole number from 0 to 4294967295"],
            ),
            (
                "bad tags",
                br#"{"ru":"a","en":"b","tags":[1]}"#,
                &["ERR in.jsonl:1: \"tags\" must hold strings, not a number"],
            ),
            (
                "bad context",
                br#"{"ru":"a","en":"b","context":{"prev_ru":"zz"}}"#,
                &["ERR in.jsonl:1: bad \"context\": invalid digit found in string; expected {\"prev_ru\": \"16 hex digits\", …}"],
            ),
            (
                "invalid utf-8 is fatal",
                b"{\"ru\":\"a\",\"en\":\"b\"}\n{\"ru\":\"\xC3\x28\",\"en\":\"b\"}\n{\"ru\":\"c\",\"en\":\"d\"}\n",
                &["1: a | b | {}", "ERR in.jsonl:2: invalid UTF-8 at byte 27 (save the file as UTF-8)"],
            ),
            (
                "deep nesting is an error, not a stack overflow",
                &[b'['; 100_000],
                &["ERR in.jsonl:1: invalid JSON at column 128: recursion limit exceeded"],
            ),
        ];
        for (name, input, expected) in cases {
            assert_eq!(read(input).0, expected, "{name}");
        }
    }

    #[test]
    fn long_lines() {
        let big = "ж".repeat(1 << 19);
        let mut input = format!("{{\"ru\":\"{big}\",\"en\":\"b\"}}\n").into_bytes();
        input.extend_from_slice(b"{\"ru\":\"");
        input.extend_from_slice(&vec![b'x'; 17 << 20]);
        input.extend_from_slice(b"\"}\n{\"ru\":\"c\",\"en\":\"d\"}\n");
        let got: Vec<_> = JsonlReader::new(&input[..], "big.jsonl").collect();
        assert_eq!(got.len(), 3);
        assert!(matches!(&got[0], Ok(r) if r.value.ru == big));
        match &got[1] {
            Err(e) => assert_eq!(
                e.to_string(),
                "big.jsonl:2: record too long: 17825801 bytes, the limit is 16 MiB (16777216 bytes)"
            ),
            Ok(_) => panic!("a 17 MB line must be refused"),
        }
        assert!(matches!(&got[2], Ok(r) if r.value.ru == "c" && r.line == 3));
    }

    #[test]
    fn writer_writes_units_with_ids() {
        let unit = Unit::new(
            "а".into(),
            "a".into(),
            Meta {
                position: Some(1),
                ..Meta::default()
            },
        );
        let mut out = Vec::new();
        let written = JsonlWriter::new(&mut out).and_then(|mut w| {
            w.write(&unit)?;
            w.finish()
        });
        assert!(written.is_ok());
        assert_eq!(
            String::from_utf8_lossy(&out),
            format!(
                "{{\"id\":\"{}\",\"ru\":\"а\",\"en\":\"a\",\"position\":1}}\n",
                unit.id
            )
        );
    }
}
