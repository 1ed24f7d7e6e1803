//! Output of `concordance`: keyword in context.
//!
//! Text output puts each hit in a fixed-width window: the `width`
//! characters before it, right-aligned, the hit (bold on a terminal,
//! `[…]` otherwise), the `width` characters after it, so that the hits of
//! all lines stand in one column; line breaks and tabs show as spaces and
//! a cut context ends in `…`. Below come the translation and the unit's
//! metadata.

use std::io::{self, Write};

use serde::Serialize;

use super::{tsv_field, visible, write_json, write_json_line, OutputFormat, Style};
use crate::memory::{Concordance, ConcordanceHit};
use crate::text::Lang;
use crate::unit::Unit;

const BOLD_YELLOW: &str = "1;33";
const DIM: &str = "2";

/// One hit as the JSON output shows it.
#[derive(Serialize)]
struct Hit<'a> {
    lang: Lang,
    /// The side containing the phrase.
    text: &'a str,
    /// The other side.
    translation: &'a str,
    /// Character ranges of the occurrences in `text`.
    occurrences: Vec<Span>,
    /// The first occurrence in its window.
    kwic: Kwic,
    unit: &'a Unit,
}

#[derive(Serialize)]
struct Span {
    start: usize,
    end: usize,
}

/// A hit in its window: `left` and `right` hold at most `width`
/// characters each (with `…` where cut), whitespace flattened.
#[derive(Serialize)]
struct Kwic {
    left: String,
    hit: String,
    right: String,
}

/// The whole JSON document `concordance --format json` prints.
#[derive(Serialize)]
struct ConcordanceReport<'a> {
    phrase: &'a str,
    lang: Lang,
    memory: &'a str,
    /// Units containing the phrase, when known.
    total: Option<u64>,
    /// Units holding every word of the phrase: an upper bound.
    candidates: u64,
    shown: usize,
    hits: Vec<Hit<'a>>,
}

/// What was asked, for the output.
#[derive(Debug, Clone, Copy)]
pub struct ConcordanceQuery<'a> {
    pub memory: &'a str,
    pub phrase: &'a str,
    pub lang: Lang,
    /// Characters of context on each side of a hit.
    pub width: usize,
}

/// Writes a concordance.
pub fn write_concordance(
    out: &mut dyn Write,
    format: OutputFormat,
    style: Style,
    query: ConcordanceQuery<'_>,
    found: &Concordance,
) -> io::Result<()> {
    let ConcordanceQuery {
        memory,
        phrase,
        lang,
        width,
    } = query;
    let hits: Vec<Hit<'_>> = found.hits.iter().map(|h| hit(h, width)).collect();
    match format {
        OutputFormat::Json => write_json(
            out,
            &ConcordanceReport {
                phrase,
                lang,
                memory,
                total: found.total,
                candidates: found.candidates,
                shown: hits.len(),
                hits,
            },
        ),
        OutputFormat::Jsonl => hits.iter().try_for_each(|h| write_json_line(out, h)),
        OutputFormat::Tsv => write_tsv(out, &hits),
        OutputFormat::Text => write_text(out, style, query, found, &hits),
    }
}

fn hit(h: &ConcordanceHit, width: usize) -> Hit<'_> {
    let text = h.unit.side(h.lang);
    let chars = |byte: usize| text.get(..byte).map_or(0, |s| s.chars().count());
    let occurrences = h
        .spans
        .iter()
        .map(|&(s, e)| Span {
            start: chars(s),
            end: chars(e),
        })
        .collect();
    let (start, end) = h.spans.first().copied().unwrap_or((0, 0));
    Hit {
        lang: h.lang,
        text,
        translation: h.unit.side(h.lang.other()),
        occurrences,
        kwic: kwic(text, start, end, width),
        unit: &h.unit,
    }
}

/// Line breaks, tabs and other whitespace as one space each.
fn flat(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .collect()
}

fn kwic(text: &str, start: usize, end: usize, width: usize) -> Kwic {
    let left: Vec<char> = flat(text.get(..start).unwrap_or("")).chars().collect();
    let right: Vec<char> = flat(text.get(end..).unwrap_or("")).chars().collect();
    let left = if left.len() > width {
        let keep = width.saturating_sub(1);
        let mut s = String::from("…");
        s.extend(&left[left.len() - keep..]);
        s
    } else {
        left.iter().collect()
    };
    let right = if right.len() > width {
        let mut s: String = right[..width.saturating_sub(1)].iter().collect();
        s.push('…');
        s
    } else {
        right.iter().collect()
    };
    Kwic {
        left,
        hit: flat(text.get(start..end).unwrap_or("")),
        right,
    }
}

fn write_tsv(out: &mut dyn Write, hits: &[Hit<'_>]) -> io::Result<()> {
    writeln!(
        out,
        "id\tlang\tleft\thit\tright\ttext\ttranslation\tarticle\tposition\tdate"
    )?;
    for h in hits {
        let meta = &h.unit.meta;
        writeln!(
            out,
            "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
            h.unit.id,
            h.lang,
            tsv_field(&h.kwic.left),
            tsv_field(&h.kwic.hit),
            tsv_field(&h.kwic.right),
            tsv_field(h.text),
            tsv_field(h.translation),
            tsv_field(meta.article.as_deref().unwrap_or("")),
            meta.position.map(|p| p.to_string()).unwrap_or_default(),
            meta.date.map(|d| d.to_string()).unwrap_or_default(),
        )?;
    }
    Ok(())
}

fn write_text(
    out: &mut dyn Write,
    style: Style,
    query: ConcordanceQuery<'_>,
    found: &Concordance,
    hits: &[Hit<'_>],
) -> io::Result<()> {
    let ConcordanceQuery {
        phrase,
        lang,
        width,
        ..
    } = query;
    let number_width = hits.len().to_string().len();
    for (i, h) in hits.iter().enumerate() {
        let pad = width.saturating_sub(h.kwic.left.chars().count());
        let hit = visible(&h.kwic.hit);
        let shown = if style.color {
            style.paint(BOLD_YELLOW, &hit)
        } else {
            format!("[{hit}]")
        };
        writeln!(
            out,
            "{:>number_width$}  {}{}{}{}",
            i + 1,
            " ".repeat(pad),
            visible(&h.kwic.left),
            shown,
            visible(&h.kwic.right)
        )?;
        let indent = " ".repeat(number_width + 2);
        writeln!(
            out,
            "{indent}{}: {}",
            h.lang.other(),
            visible(&flat(h.translation))
        )?;
        let mut about = Vec::new();
        let meta = &h.unit.meta;
        if let Some(article) = &meta.article {
            match meta.position {
                Some(p) => about.push(format!("{article} #{p}")),
                None => about.push(article.clone()),
            }
        }
        if let Some(date) = meta.date {
            about.push(date.to_string());
        }
        if h.occurrences.len() > 1 {
            about.push(format!("{} times", h.occurrences.len()));
        }
        about.push(format!("id {}", h.unit.id));
        writeln!(
            out,
            "{indent}{}",
            style.paint(DIM, &visible(&about.join(" · ")))
        )?;
    }
    let units = |n: u64| format!("{n} unit{}", if n == 1 { "" } else { "s" });
    let summary = match found.total {
        Some(0) => format!("no unit contains «{phrase}» ({lang})"),
        Some(total) if total as usize == hits.len() => {
            format!(
                "{} contain{} «{phrase}» ({lang})",
                units(total),
                if total == 1 { "s" } else { "" }
            )
        }
        Some(total) => format!(
            "{} contain «{phrase}» ({lang}); {} shown, raise --limit for more",
            units(total),
            hits.len()
        ),
        None => format!(
            "{} shown of at most {} containing «{phrase}» ({lang}); raise --limit for more",
            hits.len(),
            found.candidates
        ),
    };
    if !hits.is_empty() {
        writeln!(out)?;
    }
    writeln!(out, "{}", style.paint(DIM, &summary))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kwic_windows() {
        let text = "Выборы\tпрошли в Нур-Султане\nи Алматы.";
        let start = text.find("Нур").unwrap_or(0);
        let end = start + "Нур-Султане".len();
        let k = kwic(text, start, end, 8);
        assert_eq!(k.left, "…ошли в ");
        assert_eq!(k.hit, "Нур-Султане");
        assert_eq!(k.right, " и Алма…");
        let k = kwic(text, start, end, 100);
        assert_eq!(k.left, "Выборы прошли в ");
        assert_eq!(k.right, " и Алматы.");
        let k = kwic("abc", 0, 3, 4);
        assert_eq!(
            (k.left.as_str(), k.hit.as_str(), k.right.as_str()),
            ("", "abc", "")
        );
    }
}
