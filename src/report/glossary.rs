//! Output of `glossary list|find|lint`, `check`, and the terms of `suggest`.

use std::io::{self, Write};

use serde::Serialize;

use super::{tsv_field, write_json, write_json_line, OutputFormat, Style};
use crate::glossary::check::Problem;
use crate::glossary::lint::Finding;
use crate::glossary::names::NameGuess;
use crate::glossary::{Entry, EntryRef, TermHit};

const BOLD: &str = "1";
const DIM: &str = "2";
const YELLOW: &str = "33";
const RED: &str = "31";

/// A row with where it is.
#[derive(Debug, Serialize)]
pub struct Row<'a> {
    #[serde(flatten)]
    pub at: &'a EntryRef,
    #[serde(flatten)]
    pub entry: &'a Entry,
}

/// Writes glossary rows (`glossary list`).
pub fn write_rows(out: &mut dyn Write, format: OutputFormat, rows: &[Row]) -> io::Result<()> {
    match format {
        OutputFormat::Json => write_json(out, &rows),
        OutputFormat::Jsonl => rows.iter().try_for_each(|r| write_json_line(out, r)),
        OutputFormat::Tsv => {
            writeln!(out, "file\tline\t{}", crate::glossary::COLUMNS.join("\t"))?;
            for r in rows {
                let fields: Vec<String> = crate::glossary::COLUMNS
                    .iter()
                    .map(|c| tsv_field(&r.entry.field(c)))
                    .collect();
                writeln!(out, "{}\t{}\t{}", r.at.file, r.at.line, fields.join("\t"))?;
            }
            Ok(())
        }
        OutputFormat::Text => {
            for r in rows {
                let e = r.entry;
                let mut about = vec![e.status.to_string()];
                if e.is_dated() {
                    about.push(e.validity());
                }
                if !e.domain.is_empty() {
                    about.push(e.domain.clone());
                }
                writeln!(out, "{}  {} → {}  ({})", r.at, e.ru, e.en, about.join(", "))?;
                if !e.ru_variants.is_empty() || !e.en_variants.is_empty() {
                    writeln!(
                        out,
                        "    variants: {} | {}",
                        e.ru_variants.join(", "),
                        e.en_variants.join(", ")
                    )?;
                }
            }
            Ok(())
        }
    }
}

/// Writes term hits of one text (`glossary find`).
pub fn write_hits(
    out: &mut dyn Write,
    format: OutputFormat,
    style: Style,
    hits: &[TermHit],
) -> io::Result<()> {
    match format {
        OutputFormat::Json => write_json(out, &hits),
        OutputFormat::Jsonl => hits.iter().try_for_each(|h| write_json_line(out, h)),
        OutputFormat::Tsv => {
            writeln!(
                out,
                "start\tend\ttext\tconcept\tterm\tstatus\ttargets\tflags\tentry\ttarget_entry"
            )?;
            for h in hits {
                writeln!(
                    out,
                    "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
                    h.start,
                    h.end,
                    tsv_field(&h.text),
                    h.concept,
                    tsv_field(&h.term),
                    h.status,
                    tsv_field(&targets(h)),
                    tsv_field(
                        &h.flags
                            .iter()
                            .map(|f| f.message.as_str())
                            .collect::<Vec<_>>()
                            .join("; ")
                    ),
                    h.entry,
                    target_row(h)
                )?;
            }
            Ok(())
        }
        OutputFormat::Text => write_terms_text(out, style, "", hits, &[]),
    }
}

/// The glossary rows a hit cites: the row of the matched form, and the
/// row of the target offered when it is another (`Астане` in 2020 matches
/// an Astana row, the target Nur-Sultan is on its own row).
fn rows(hit: &TermHit) -> String {
    match hit.targets.first() {
        Some(t) if t.entry != hit.entry => format!("{}, target {}", hit.entry, t.entry),
        _ => hit.entry.to_string(),
    }
}

/// The row of the first target offered, for the TSV column.
fn target_row(hit: &TermHit) -> String {
    hit.targets
        .first()
        .map_or_else(String::new, |t| t.entry.to_string())
}

fn targets(hit: &TermHit) -> String {
    hit.targets
        .iter()
        .map(|t| {
            if t.status == crate::glossary::Status::Preferred {
                t.term.clone()
            } else {
                format!("{} ({})", t.term, t.status)
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The terms and unknown names of a segment as text lines, each starting
/// with `indent` (used under the matches of `suggest`).
pub fn write_terms_text(
    out: &mut dyn Write,
    style: Style,
    indent: &str,
    hits: &[TermHit],
    names: &[NameGuess],
) -> io::Result<()> {
    for h in hits {
        writeln!(
            out,
            "{indent}{} {} → {}  {}",
            style.paint(BOLD, "term"),
            h.text,
            style.paint(BOLD, &targets(h)),
            style.paint(
                DIM,
                &format!("[{} {}–{}, {}]", h.concept, h.start, h.end, rows(h))
            )
        )?;
        for flag in &h.flags {
            writeln!(
                out,
                "{indent}  {} {}",
                style.paint(RED, &format!("warning ({}):", flag.rule.name())),
                flag.message
            )?;
        }
    }
    for n in names {
        writeln!(
            out,
            "{indent}{} {} → {}  {}",
            style.paint(BOLD, "name"),
            n.text,
            n.proposed,
            style.paint(YELLOW, &format!("[unverified, {}–{}]", n.start, n.end))
        )?;
    }
    Ok(())
}

/// Writes lint findings.
pub fn write_findings(
    out: &mut dyn Write,
    format: OutputFormat,
    findings: &[Finding],
) -> io::Result<()> {
    match format {
        OutputFormat::Json => write_json(out, &findings),
        OutputFormat::Jsonl => findings.iter().try_for_each(|f| write_json_line(out, f)),
        OutputFormat::Tsv => {
            writeln!(out, "file\tline\trule\tmessage\tother")?;
            for f in findings {
                writeln!(
                    out,
                    "{}\t{}\t{}\t{}\t{}",
                    f.file,
                    f.line,
                    f.rule.name(),
                    tsv_field(&f.message),
                    f.other.as_ref().map(|o| o.to_string()).unwrap_or_default()
                )?;
            }
            Ok(())
        }
        OutputFormat::Text => {
            for f in findings {
                writeln!(
                    out,
                    "{}:{}: {}: {}",
                    f.file,
                    f.line,
                    f.rule.name(),
                    f.message
                )?;
            }
            Ok(())
        }
    }
}

/// Writes `check` problems.
pub fn write_problems(
    out: &mut dyn Write,
    format: OutputFormat,
    style: Style,
    problems: &[Problem],
) -> io::Result<()> {
    match format {
        OutputFormat::Json => write_json(out, &problems),
        OutputFormat::Jsonl => problems.iter().try_for_each(|p| write_json_line(out, p)),
        OutputFormat::Tsv => {
            writeln!(out, "pair\trule\tside\tstart\tend\ttext\tmessage")?;
            for p in problems {
                writeln!(
                    out,
                    "{}\t{}\t{}\t{}\t{}\t{}\t{}",
                    p.pair,
                    p.rule.name(),
                    side(p),
                    p.start,
                    p.end,
                    tsv_field(&p.text),
                    tsv_field(&p.message)
                )?;
            }
            Ok(())
        }
        OutputFormat::Text => {
            for p in problems {
                if p.text.is_empty() {
                    writeln!(
                        out,
                        "pair {}: {}: {}",
                        p.pair,
                        style.paint(RED, p.rule.name()),
                        p.message
                    )?;
                    continue;
                }
                writeln!(
                    out,
                    "pair {}, {} {}–{} «{}»: {}: {}",
                    p.pair,
                    side(p),
                    p.start,
                    p.end,
                    style.paint(BOLD, &p.text),
                    style.paint(RED, p.rule.name()),
                    p.message
                )?;
            }
            Ok(())
        }
    }
}

fn side(p: &Problem) -> &'static str {
    match p.side {
        crate::glossary::check::Side::Source => "source",
        crate::glossary::check::Side::Target => "target",
    }
}
