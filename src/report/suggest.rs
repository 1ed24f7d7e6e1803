//! Output of `suggest`.

use std::io::{self, Write};

use serde::Serialize;

use super::{tsv_field, write_json, write_json_line, OutputFormat, Style};
use crate::score::{Edit, Op};
use crate::suggest::{Match, SegmentSuggestions};
use crate::text::inline::show;

const RED: &str = "31";
const GREEN: &str = "32";
const BOLD: &str = "1";
const DIM: &str = "2";

/// The whole JSON document `suggest --format json` prints.
#[derive(Serialize)]
struct SuggestReport<'a> {
    memory: &'a str,
    min_score: u8,
    segments: &'a [SegmentSuggestions],
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
    match format {
        OutputFormat::Json => write_json(
            out,
            &SuggestReport {
                memory,
                min_score,
                segments,
            },
        ),
        OutputFormat::Jsonl => segments.iter().try_for_each(|s| write_json_line(out, s)),
        OutputFormat::Tsv => write_tsv(out, segments),
        OutputFormat::Text => write_text(out, style, min_score, segments),
    }
}

fn write_tsv(out: &mut dyn Write, segments: &[SegmentSuggestions]) -> io::Result<()> {
    writeln!(
        out,
        "segment\trank\tscore\tfuzzy\tadapted\ttext\tsource\ttarget\tid\tarticle\tdate\tterms"
    )?;
    for s in segments {
        let terms = tsv_field(&terms_field(s));
        for (rank, m) in s.matches.iter().enumerate() {
            writeln!(
                out,
                "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
                s.segment,
                rank + 1,
                m.score,
                m.fuzzy,
                m.adapted,
                tsv_field(&s.text),
                tsv_field(&m.source),
                tsv_field(&show(&m.target)),
                m.unit.id,
                tsv_field(m.unit.meta.article.as_deref().unwrap_or("")),
                m.unit.meta.date.map(|d| d.to_string()).unwrap_or_default(),
                terms,
            )?;
        }
        if s.matches.is_empty() {
            writeln!(
                out,
                "{}\t0\t\t\t\t{}\t\t\t\t\t\t{}",
                s.segment,
                tsv_field(&s.text),
                terms
            )?;
        }
    }
    Ok(())
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

fn write_text(
    out: &mut dyn Write,
    style: Style,
    min_score: u8,
    segments: &[SegmentSuggestions],
) -> io::Result<()> {
    for (i, s) in segments.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        writeln!(
            out,
            "{} {}",
            style.paint(BOLD, &format!("[{}]", s.segment)),
            style.paint(BOLD, &s.text)
        )?;
        if s.matches.is_empty() {
            writeln!(
                out,
                "    {}",
                style.paint(DIM, &format!("no match ≥ {min_score}"))
            )?;
        }
        for m in &s.matches {
            write_match(out, style, s, m)?;
        }
        super::glossary::write_terms_text(out, style, "    ", &s.terms, &s.names)?;
    }
    Ok(())
}

fn write_match(
    out: &mut dyn Write,
    style: Style,
    segment: &SegmentSuggestions,
    m: &Match,
) -> io::Result<()> {
    let flag = if m.adapted { " adapted" } else { "" };
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
        show(&m.target)
    )?;
    writeln!(
        out,
        "      {}",
        render_diff(style, &segment.text, &m.source, &m.diff)
    )?;
    let mut about = vec![format!("id {}", m.unit.id)];
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
    writeln!(out, "      {}", style.paint(DIM, &about.join(" · ")))
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
        chars
            .get(start.min(chars.len())..end.min(chars.len()))
            .map(|s| s.iter().collect())
            .unwrap_or_default()
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
