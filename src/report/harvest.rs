//! Output of `glossary harvest`: the proposals as a glossary TSV file to
//! review and import (the evidence in comment lines), as text, JSON or
//! JSON Lines.

use std::io::{self, Write};

use serde::Serialize;

use super::{tsv_field, visible, write_json, write_json_line, OutputFormat, Style};
use crate::glossary::{Entry, Status, COLUMNS};
use crate::harvest::{Harvest, Kind, Proposal, TargetSeen};
use crate::unit::Date;

const BOLD: &str = "1";
const DIM: &str = "2";
/// Characters of an example shown in a comment or in text output.
const EXAMPLE_CHARS: usize = 120;

/// The harvest as `--format json` writes it.
#[derive(Debug, Serialize)]
pub struct HarvestReport<'a> {
    /// The memory read, by its name in the workspace.
    pub memory: &'a str,
    #[serde(flatten)]
    pub harvest: &'a Harvest,
}

/// Writes `harvest`: TSV (a glossary file), text, JSON or JSON Lines.
pub fn write_harvest(
    out: &mut dyn Write,
    format: OutputFormat,
    style: Style,
    memory: &str,
    harvest: &Harvest,
) -> io::Result<()> {
    match format {
        OutputFormat::Json => write_json(out, &HarvestReport { memory, harvest }),
        OutputFormat::Jsonl => harvest
            .proposals
            .iter()
            .try_for_each(|p| write_json_line(out, p)),
        OutputFormat::Tsv => write_tsv(out, memory, harvest),
        OutputFormat::Text => write_text(out, style, memory, harvest),
    }
}

/// The glossary row a proposal makes.
pub fn proposal_entry(p: &Proposal) -> Entry {
    let mut entry = Entry::new(&p.concept, &p.ru, &p.en);
    entry.status = Status::Preferred;
    match p.kind {
        Kind::Name => entry.pos = "propn".into(),
        Kind::Term => {
            entry.pos = "phrase".into();
            entry.domain = "term".into();
        }
    }
    entry
}

fn row(entry: &Entry) -> String {
    COLUMNS
        .iter()
        .map(|c| tsv_field(&entry.field(c)))
        .collect::<Vec<_>>()
        .join("\t")
}

fn period(first: Option<Date>, last: Option<Date>) -> String {
    match (first, last) {
        (Some(f), Some(l)) if f == l => f.to_string(),
        (Some(f), Some(l)) => format!("{f} – {l}"),
        _ => "undated".into(),
    }
}

fn shorten(text: &str) -> String {
    let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() <= EXAMPLE_CHARS {
        return one_line;
    }
    let cut: String = one_line.chars().take(EXAMPLE_CHARS - 1).collect();
    format!("{cut}…")
}

fn forms(p: &Proposal) -> String {
    let side = |forms: &[crate::harvest::FormCount]| {
        forms
            .iter()
            .map(|f| format!("{} {}", f.form, f.count))
            .collect::<Vec<_>>()
            .join(", ")
    };
    format!("{} | {}", side(&p.ru_forms), side(&p.en_forms))
}

fn evidence(p: &Proposal) -> String {
    let mut about = vec![
        p.kind.name().to_string(),
        format!(
            "{} units with both ({} {}, {} {})",
            p.count, p.ru, p.ru_count, p.en, p.en_count
        ),
        format!("Dice {:.2}", p.dice),
    ];
    if let Some(s) = p.similarity {
        about.push(format!("spelling {s:.2}"));
    }
    about.push(format!("seen {}", period(p.first_seen, p.last_seen)));
    if let Some(k) = &p.known {
        about.push(format!("{} side known as {}", k.lang, k.concept));
    }
    about.join(" · ")
}

fn target_text(t: &TargetSeen) -> String {
    format!(
        "{} ({} units, {})",
        t.term,
        t.count,
        period(t.first_seen, t.last_seen)
    )
}

fn write_tsv(out: &mut dyn Write, memory: &str, harvest: &Harvest) -> io::Result<()> {
    writeln!(out, "{}", COLUMNS.join("\t"))?;
    writeln!(
        out,
        "# tilmash glossary harvest of {memory}: {} units read, pairs in {} units or more, {} proposals ({} pairs the glossary holds left out).",
        harvest.units,
        harvest.min_count,
        harvest.proposals.len(),
        harvest.known
    )?;
    writeln!(
        out,
        "# Review: delete a wrong row, correct a kept one (concept, domain, note, dates), uncomment another target to keep it; then `tilmash glossary import FILE.tsv --into NAME.tsv`."
    )?;
    for p in &harvest.proposals {
        writeln!(out, "#")?;
        writeln!(out, "# {}. {}", p.rank, tsv_field(&evidence(p)))?;
        writeln!(out, "#    forms: {}", tsv_field(&forms(p)))?;
        for e in &p.examples {
            writeln!(
                out,
                "#    e.g. {} ⇄ {} ({}, {})",
                tsv_field(&shorten(&e.ru)),
                tsv_field(&shorten(&e.en)),
                e.id,
                e.date
                    .map_or_else(|| "undated".to_string(), |d| d.to_string())
            )?;
        }
        let entry = proposal_entry(p);
        if p.targets.len() > 1 {
            writeln!(
                out,
                "#    over time: {}; to keep another target, uncomment its row and give both rows their dates",
                tsv_field(
                    &p.targets
                        .iter()
                        .map(target_text)
                        .collect::<Vec<_>>()
                        .join("; ")
                )
            )?;
        }
        writeln!(out, "{}", row(&entry))?;
        for other in p.targets.iter().skip(1) {
            let mut alt = entry.clone();
            match harvest.from {
                crate::text::Lang::Ru => alt.en = other.term.clone(),
                crate::text::Lang::En => alt.ru = other.term.clone(),
            }
            writeln!(out, "#{}", row(&alt))?;
        }
    }
    Ok(())
}

fn write_text(
    out: &mut dyn Write,
    style: Style,
    memory: &str,
    harvest: &Harvest,
) -> io::Result<()> {
    for p in &harvest.proposals {
        writeln!(
            out,
            "{:>4}  {}",
            p.rank,
            style.paint(BOLD, &visible(&format!("{} → {}", p.ru, p.en)))
        )?;
        writeln!(out, "      {}", visible(&evidence(p)))?;
        writeln!(
            out,
            "      {}",
            style.paint(DIM, &visible(&format!("forms: {}", forms(p))))
        )?;
        if p.targets.len() > 1 {
            let over: Vec<String> = p.targets.iter().map(target_text).collect();
            writeln!(out, "      over time: {}", visible(&over.join("; ")))?;
        }
        for e in &p.examples {
            writeln!(out, "      ru: {}", visible(&shorten(&e.ru)))?;
            writeln!(out, "      en: {}", visible(&shorten(&e.en)))?;
        }
        writeln!(out)?;
    }
    writeln!(
        out,
        "{} proposals from {memory} ({} units, pairs in {} units or more; {} pairs the glossary holds left out)",
        harvest.proposals.len(),
        harvest.units,
        harvest.min_count,
        harvest.known
    )
}
