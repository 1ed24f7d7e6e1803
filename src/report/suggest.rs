//! Output of `suggest`.

use std::borrow::Borrow;
use std::cell::RefCell;
use std::convert::Infallible;
use std::io::{self, Write};

use serde::ser::{Error as _, SerializeSeq};
use serde::{Serialize, Serializer};

use super::{tsv_field, visible, write_json_line, OutputFormat, Style};
use crate::repair::{Repair, Unrepaired};
use crate::score::{Edit, Op};
use crate::suggest::{Match, SegmentSuggestions};
use crate::text::inline::show;
use crate::text::Lang;
use crate::unit::SentenceOf;

const RED: &str = "31";
const GREEN: &str = "32";
const BOLD: &str = "1";
const DIM: &str = "2";

/// The whole JSON document `suggest --format json` prints. `segments` is
/// written element by element as the suggestions arrive ([`Lazy`]), in
/// the same bytes as a slice would be.
#[derive(Serialize)]
struct SuggestReport<'a, S> {
    memory: &'a str,
    min_score: u8,
    segments: S,
}

/// What stopped a streamed output: writing it, or an error of the stream
/// itself (what was written before it stays written).
#[derive(Debug)]
pub enum StreamError<E> {
    Write(io::Error),
    Source(E),
}

/// A JSON array serialized from an iterator as it is read; the iterator's
/// first error is kept for the caller and ends the document.
struct Lazy<I, E> {
    items: RefCell<Option<I>>,
    error: RefCell<Option<E>>,
}

impl<I, T, E> Serialize for Lazy<I, E>
where
    I: Iterator<Item = Result<T, E>>,
    T: Borrow<SegmentSuggestions>,
{
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(None)?;
        let items = self.items.borrow_mut().take();
        for item in items.into_iter().flatten() {
            match item {
                Ok(segment) => seq.serialize_element(segment.borrow())?,
                Err(e) => {
                    *self.error.borrow_mut() = Some(e);
                    return Err(S::Error::custom("the suggestions stopped"));
                }
            }
        }
        seq.end()
    }
}

/// Writes the suggestions of a whole text.
pub fn write_suggestions(
    out: &mut dyn Write,
    format: OutputFormat,
    style: Style,
    memory: &str,
    min_score: u8,
    segments: &[SegmentSuggestions],
) -> io::Result<()> {
    let all = segments.iter().map(Ok::<_, Infallible>);
    write_suggestion_stream(out, format, style, memory, min_score, all).map_err(|e| match e {
        StreamError::Write(e) => e,
        StreamError::Source(never) => match never {},
    })
}

/// Writes suggestions as `segments` yields them, each segment's output
/// before the next is asked for, so that what is held is one segment's
/// results; the bytes are those [`write_suggestions`] writes for the same
/// segments.
pub fn write_suggestion_stream<T, E>(
    out: &mut dyn Write,
    format: OutputFormat,
    style: Style,
    memory: &str,
    min_score: u8,
    segments: impl Iterator<Item = Result<T, E>>,
) -> Result<(), StreamError<E>>
where
    T: Borrow<SegmentSuggestions>,
{
    match format {
        OutputFormat::Json => {
            let report = SuggestReport {
                memory,
                min_score,
                segments: Lazy {
                    items: RefCell::new(Some(segments)),
                    error: RefCell::new(None),
                },
            };
            let written = serde_json::to_writer_pretty(&mut *out, &report);
            if let Some(e) = report.segments.error.take() {
                return Err(StreamError::Source(e));
            }
            written.map_err(|e| StreamError::Write(e.into()))?;
            writeln!(out).map_err(StreamError::Write)
        }
        OutputFormat::Jsonl => each(segments, |_, s| write_json_line(out, s)),
        OutputFormat::Tsv => {
            writeln!(out, "{TSV_HEADER}").map_err(StreamError::Write)?;
            each(segments, |_, s| write_tsv_segment(out, s))
        }
        OutputFormat::Text => each(segments, |i, s| {
            if i > 0 {
                writeln!(out)?;
            }
            write_text_segment(out, style, min_score, s)
        }),
    }
}

/// Writes each segment as it comes (`write` gets its 0-based index).
fn each<T: Borrow<SegmentSuggestions>, E>(
    segments: impl Iterator<Item = Result<T, E>>,
    mut write: impl FnMut(usize, &SegmentSuggestions) -> io::Result<()>,
) -> Result<(), StreamError<E>> {
    for (i, segment) in segments.enumerate() {
        let segment = segment.map_err(StreamError::Source)?;
        write(i, segment.borrow()).map_err(StreamError::Write)?;
    }
    Ok(())
}

/// The columns of `--format tsv`; the repair's four come after the first
/// twelve, then what kind of match a row is, so that readers of the
/// earlier columns are unaffected. A segment's matches come first
/// (`kind` `unit` or `sentence`), then its paragraph matches (`kind`
/// `paragraph`, ranked among themselves, `text` the segments joined).
const TSV_HEADER: &str = "segment\trank\tscore\tfuzzy\tadapted\ttext\tsource\ttarget\tid\tarticle\tdate\tterms\trepaired\tcomplete\trepairs\tunrepaired\tkind\tparagraph_unit\tsentences\tsegments";

/// What kind of match a TSV row is.
#[derive(Clone, Copy)]
enum Row {
    /// A match of a segment: a unit, or a sentence entry of one
    /// ([`Match::sentence_of`]).
    Match,
    /// A paragraph match spanning this many segments.
    Paragraph(usize),
}

fn write_tsv_segment(out: &mut dyn Write, s: &SegmentSuggestions) -> io::Result<()> {
    let terms = tsv_field(&terms_field(s));
    for (rank, m) in s.matches.iter().enumerate() {
        write_tsv_match(out, s, rank + 1, &s.text, &terms, m, Row::Match)?;
    }
    if s.matches.is_empty() {
        writeln!(
            out,
            "{}\t0\t\t\t\t{}\t\t\t\t\t\t{}\t\t\t\t\t\t\t\t",
            s.segment,
            tsv_field(&s.text),
            terms
        )?;
    }
    for (rank, p) in s.paragraph_matches.iter().enumerate() {
        let row = Row::Paragraph(p.segments);
        write_tsv_match(out, s, rank + 1, &p.text, "", &p.found, row)?;
    }
    Ok(())
}

/// One row: `m`, found for `query` (the segment's text, or the segments a
/// paragraph match joins), listed under segment `s` at `rank`.
fn write_tsv_match(
    out: &mut dyn Write,
    s: &SegmentSuggestions,
    rank: usize,
    query: &str,
    terms: &str,
    m: &Match,
    row: Row,
) -> io::Result<()> {
    // `2 of 3`, `1–3`: with words and a dash, which no spreadsheet reads
    // as a date.
    let (kind, paragraph_unit, sentences, segments) = match (row, &m.sentence_of) {
        (Row::Paragraph(n), _) => (
            "paragraph",
            String::new(),
            String::new(),
            format!("{}–{}", s.segment, s.segment + n - 1),
        ),
        (Row::Match, Some(of)) => (
            "sentence",
            of.unit.to_string(),
            sentences_of(of, s.lang),
            String::new(),
        ),
        (Row::Match, None) => ("unit", String::new(), String::new(), String::new()),
    };
    writeln!(
        out,
        "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
        s.segment,
        rank,
        m.score,
        m.fuzzy,
        m.adapted,
        tsv_field(query),
        tsv_field(&m.source),
        tsv_field(&show(&m.target)),
        m.unit.id,
        tsv_field(m.unit.meta.article.as_deref().unwrap_or("")),
        m.unit.meta.date.map(|d| d.to_string()).unwrap_or_default(),
        terms,
        m.repaired,
        m.complete,
        tsv_field(&repairs_field(&m.repairs)),
        tsv_field(&unrepaired_field(&m.unrepaired)),
        kind,
        paragraph_unit,
        sentences,
        segments,
    )
}

/// Which sentences of its paragraph unit a sentence entry holds on the
/// `lang` side, and of how many: `2 of 3`, `2–3 of 4`.
fn sentences_of(of: &SentenceOf, lang: Lang) -> String {
    let (range, count) = of.side(lang);
    if range.len() == 1 {
        format!("{} of {count}", range.start + 1)
    } else {
        format!("{}–{} of {count}", range.start + 1, range.end)
    }
}

/// `Нур-Султане=Nur-Sultan; Токаеву=Tokayev`: the terms of a segment
/// and their first target, for the TSV column.
fn terms_field(s: &SegmentSuggestions) -> String {
    s.terms
        .iter()
        .map(|h| {
            let target = h.targets.first().map_or("", |t| t.term.as_str());
            format!("{}={}", h.text, target)
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// `person:Токаева→Назарбаева; month:May→June`: each repair's kind and
/// its target words, stored → written, for the TSV column.
fn repairs_field(repairs: &[Repair]) -> String {
    repairs
        .iter()
        .map(|r| {
            let (old, new) = (show(&r.target.old), show(&r.target.new));
            format!("{}:{old}→{new}", r.kind.name())
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// `place:Алматы→Шымкента (no en translation of «Шымкента»)`: each
/// difference left as stored, its source words and the reason, for the
/// TSV column.
fn unrepaired_field(unrepaired: &[Unrepaired]) -> String {
    unrepaired
        .iter()
        .map(|u| {
            format!(
                "{}:{}→{} ({})",
                u.kind.name(),
                u.source.old,
                u.source.new,
                u.reason
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn write_text_segment(
    out: &mut dyn Write,
    style: Style,
    min_score: u8,
    s: &SegmentSuggestions,
) -> io::Result<()> {
    writeln!(
        out,
        "{} {}",
        style.paint(BOLD, &format!("[{}]", s.segment)),
        style.paint(BOLD, &visible(&s.text))
    )?;
    if s.matches.is_empty() {
        writeln!(
            out,
            "    {}",
            style.paint(DIM, &format!("no match ≥ {min_score}"))
        )?;
    }
    for m in &s.matches {
        write_match(out, style, &s.text, s.lang, m)?;
    }
    for p in &s.paragraph_matches {
        let last = s.segment + p.segments - 1;
        writeln!(
            out,
            "    {}",
            style.paint(
                DIM,
                &format!("paragraph unit over segments {}–{last}:", s.segment)
            )
        )?;
        write_match(out, style, &p.text, s.lang, &p.found)?;
    }
    super::glossary::write_terms_text(out, style, "    ", &s.terms, &s.names)
}

/// One match of `query` (a segment's text, or the joined segments of a
/// paragraph match) in `lang`.
fn write_match(
    out: &mut dyn Write,
    style: Style,
    query: &str,
    lang: Lang,
    m: &Match,
) -> io::Result<()> {
    let flag = match (m.adapted, m.repaired, m.complete) {
        (true, _, _) => " adapted",
        (false, true, true) => " repaired, complete",
        (false, true, false) => " repaired",
        (false, false, _) => "",
    };
    let score = if m.score == m.fuzzy {
        format!("{:>3}", m.score)
    } else {
        format!("{:>3} (fuzzy {})", m.score, m.fuzzy)
    };
    writeln!(
        out,
        "  {}{}  {}",
        style.paint(BOLD, &score),
        flag,
        render_repairs(style, &m.target, &m.repairs)
    )?;
    writeln!(
        out,
        "      {}",
        render_diff(style, query, &m.source, &m.diff)
    )?;
    if !m.unrepaired.is_empty() {
        let left: Vec<String> = m
            .unrepaired
            .iter()
            .map(|u| format!("{}: {}", u.source.shown(), u.reason))
            .collect();
        writeln!(
            out,
            "      {}",
            style.paint(DIM, &visible(&format!("not repaired: {}", left.join("; "))))
        )?;
    }
    let mut about = vec![format!("id {}", m.unit.id)];
    if let Some(of) = &m.sentence_of {
        // Which sentences of which paragraph unit, on the query's side.
        let word = if of.side(lang).0.len() == 1 {
            "sentence"
        } else {
            "sentences"
        };
        let which = sentences_of(of, lang);
        about.push(format!("{word} {which} of unit {}", of.unit));
    }
    if let Some(article) = &m.unit.meta.article {
        match m.unit.meta.position {
            Some(p) => about.push(format!("{article} #{p}")),
            None => about.push(article.clone()),
        }
    }
    if let Some(date) = m.unit.meta.date {
        about.push(date.to_string());
    }
    if let Some(origin) = &m.unit.meta.origin {
        about.push(origin.clone());
    }
    writeln!(
        out,
        "      {}",
        style.paint(DIM, &visible(&about.join(" · ")))
    )
}

/// A match's target with the words repair wrote marked as the diff marks
/// the query's words, `{+…+}` (green on a terminal), so that a translator
/// sees what the memory did not say.
fn render_repairs(style: Style, target: &str, repairs: &[Repair]) -> String {
    // The repairs' spans count the target's characters as shown.
    let chars: Vec<char> = show(target).chars().collect();
    let piece = |start: usize, end: usize| -> String {
        let text: String = chars
            .get(start.min(chars.len())..end.min(chars.len()))
            .map(|s| s.iter().collect())
            .unwrap_or_default();
        visible(&text).into_owned()
    };
    let mut out = String::new();
    let mut at = 0;
    for r in repairs {
        let span = r.target.new_span;
        out.push_str(&piece(at, span.start));
        out.push_str(&style.paint(GREEN, &format!("{{+{}+}}", piece(span.start, span.end))));
        at = at.max(span.end);
    }
    out.push_str(&piece(at, chars.len()));
    out
}

/// The unit's source with the differences from the query marked: words
/// only in the memory as `[-…-]`, words only in the query as `{+…+}`,
/// with or without colour (red and green on a terminal add to the
/// markers, never replace them: colour alone is lost on colour-blind
/// readers and on many terminals). An inserted word gets the space it has
/// in the query where the source has none at that point (`ставку {+на+}
/// до`, `{+Годовая+} инфляция`).
pub(crate) fn render_diff(style: Style, query: &str, source: &str, edits: &[Edit]) -> String {
    let q: Vec<char> = query.chars().collect();
    let c: Vec<char> = source.chars().collect();
    let slice = |chars: &[char], start: usize, end: usize| -> String {
        let text: String = chars
            .get(start.min(chars.len())..end.min(chars.len()))
            .map(|s| s.iter().collect())
            .unwrap_or_default();
        visible(&text).into_owned()
    };
    let space_at = |chars: &[char], at: Option<usize>| {
        at.and_then(|i| chars.get(i))
            .is_some_and(|ch| ch.is_whitespace())
    };
    let deleted = |t: &str| style.paint(RED, &format!("[-{t}-]"));
    let inserted = |t: &str| style.paint(GREEN, &format!("{{+{t}+}}"));
    let mut out = String::new();
    let mut at = 0;
    for edit in edits {
        out.push_str(&slice(&c, at, edit.unit.start));
        let ours = slice(&c, edit.unit.start, edit.unit.end);
        let theirs = slice(&q, edit.query.start, edit.query.end);
        match edit.op {
            Op::Equal => out.push_str(&ours),
            Op::Deleted => out.push_str(&deleted(&ours)),
            Op::Inserted => {
                let here = edit.unit.start;
                let before = here.checked_sub(1);
                // Words of the source touch this point on the left / right.
                let joined_left = before.is_some() && !space_at(&c, before);
                let joined_right = here < c.len() && !space_at(&c, Some(here));
                let spaced_left = space_at(&q, edit.query.start.checked_sub(1));
                let spaced_right = space_at(&q, Some(edit.query.end));
                if joined_left && spaced_left {
                    out.push(' ');
                }
                out.push_str(&inserted(&theirs));
                if joined_right && spaced_right && !(joined_left && spaced_left) {
                    out.push(' ');
                }
            }
            Op::Replaced | Op::Inflected => {
                out.push_str(&deleted(&ours));
                out.push_str(&inserted(&theirs));
            }
        }
        at = at.max(edit.unit.end);
    }
    out.push_str(&slice(&c, at, c.len()));
    out
}
