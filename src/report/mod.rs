//! Turning results into text, JSON, JSON Lines or TSV. The library never
//! prints: commands hand a writer and a [`Style`] to these functions.

mod align;
mod analysis;
mod concordance;
pub mod glossary;
pub mod harvest;
mod pretranslate;
mod suggest;

use std::borrow::Cow;
use std::io::{self, Write};

use serde::Serialize;

pub use align::{
    aligned_article, summary_line, write_json_document, write_jsonl_article, write_text_article,
    write_tmx_article, write_tsv_article, AlignFormat, AlignSummary, AlignedArticle, AlignedBead,
    ALIGN_TSV_HEADER,
};
pub use analysis::write_analysis;
pub use concordance::{write_concordance, ConcordanceQuery};
pub use pretranslate::{write_draft, DraftFormat};
pub use suggest::{write_suggestion_stream, write_suggestions, StreamError};

/// Output formats of data commands (`--format`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OutputFormat {
    /// Human-readable text (coloured on a terminal).
    #[default]
    Text,
    /// One JSON document.
    Json,
    /// One JSON object per line.
    Jsonl,
    /// Tab-separated values with a header line.
    Tsv,
}

/// How text output looks.
#[derive(Debug, Clone, Copy, Default)]
pub struct Style {
    /// ANSI colours (a terminal without `NO_COLOR`).
    pub color: bool,
}

impl Style {
    pub(crate) fn paint(&self, code: &str, text: &str) -> String {
        if self.color && !text.is_empty() {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }
}

/// `text` as text output shows it: every control character but tab and
/// line feed (the rest of C0, DEL, C1) written as a visible escape,
/// `\u{1b}`, so that a unit's text or metadata never drives the terminal
/// it is printed on (an `ESC [2J` in an article id would clear the
/// screen). JSON, JSON Lines and TSV carry values exactly, escaped by
/// their own rules.
pub fn visible(text: &str) -> Cow<'_, str> {
    let shown = |c: char| !c.is_control() || matches!(c, '\t' | '\n');
    if text.chars().all(shown) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if shown(c) {
            out.push(c);
        } else {
            out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        }
    }
    Cow::Owned(out)
}

/// Writes `value` as pretty JSON followed by a newline.
pub fn write_json<T: Serialize>(out: &mut dyn Write, value: &T) -> io::Result<()> {
    // `io::Error::from` keeps the kind of a failed write (a closed pipe).
    serde_json::to_writer_pretty(&mut *out, value).map_err(io::Error::from)?;
    writeln!(out)
}

/// Writes `value` as one line of JSON.
pub fn write_json_line<T: Serialize>(out: &mut dyn Write, value: &T) -> io::Result<()> {
    serde_json::to_writer(&mut *out, value).map_err(io::Error::from)?;
    writeln!(out)
}

/// `1 new occurrence`, `2 new occurrences`: known pairs met at a new
/// place, in an import summary.
pub fn occurrences_phrase(count: u64) -> String {
    let s = if count == 1 { "" } else { "s" };
    format!("{count} new occurrence{s}")
}

/// A TSV field: tabs, line breaks and backslashes escaped as `\t`, `\n`,
/// `\r`, `\\`.
pub fn tsv_field(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    crate::formats::tsv_escape(text, &mut out);
    out
}

/// `name: value` lines of a flat JSON object, for text output of records.
pub fn write_fields<T: Serialize>(out: &mut dyn Write, value: &T) -> io::Result<()> {
    let value = serde_json::to_value(value).map_err(io::Error::other)?;
    if let serde_json::Value::Object(map) = value {
        let width = map.keys().map(|k| k.chars().count()).max().unwrap_or(0);
        for (key, value) in map {
            let shown = match value {
                serde_json::Value::Null => "-".to_string(),
                serde_json::Value::String(s) => s,
                serde_json::Value::Array(items) => items
                    .iter()
                    .map(|i| i.as_str().map_or_else(|| i.to_string(), str::to_string))
                    .collect::<Vec<_>>()
                    .join(", "),
                other => other.to_string(),
            };
            writeln!(out, "{key:width$}  {shown}")?;
        }
    }
    Ok(())
}
