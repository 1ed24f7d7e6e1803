//! Output of `align`: the beads of each article as text, JSON, JSON Lines,
//! TSV or TMX.

use std::io::{self, Write};

use serde::Serialize;

use super::{tsv_field, write_json, write_json_line, Style};
use crate::align::{Alignment, BeadFate, Stored};
use crate::formats::TmxWriter;
use crate::text::Lang;
use crate::unit::{Date, Meta};

const DIM: &str = "2";
const YELLOW: &str = "33";
const BOLD: &str = "1";

/// Output formats of `align`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AlignFormat {
    /// Human-readable text (coloured on a terminal).
    #[default]
    Text,
    /// One JSON document: the articles with their beads, and a summary.
    Json,
    /// One JSON object per bead (importable by `tilmash import`).
    Jsonl,
    /// Tab-separated values with a header line, one bead per line.
    Tsv,
    /// TMX 1.4b: the pairs at or above --min-confidence, as units.
    Tmx,
}

/// One bead as shown.
#[derive(Debug, Clone, Serialize)]
pub struct AlignedBead {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub article: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<Date>,
    /// 1-based number of the bead in its article.
    pub bead: usize,
    /// `1-1`, `2-1`, `1-0`, …: Russian sentences, English sentences.
    pub shape: String,
    /// How likely the bead is right, 0..1 (written with 3 decimals; kept
    /// whole, so that what is counted as at or above --min-confidence is
    /// what --import stores).
    #[serde(serialize_with = "three_decimals")]
    pub confidence: f64,
    pub ru: String,
    pub en: String,
    /// First and last Russian sentence, 1-based (absent for `0-1`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ru_sentences: Option<[usize; 2]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub en_sentences: Option<[usize; 2]>,
    /// 1-based paragraph of the bead's first sentence on each side.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ru_paragraph: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub en_paragraph: Option<usize>,
    /// The unit's position in the article (pairs only, 0-based).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub position: Option<u32>,
    /// With `--import`: what became of the bead.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub import: Option<BeadFate>,
}

/// An article as shown.
#[derive(Debug, Clone, Serialize)]
pub struct AlignedArticle {
    /// The input: `ru.txt + en.txt`, or `pairs.jsonl:12`.
    pub input: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub article: Option<String>,
    pub ru_sentences: usize,
    pub en_sentences: usize,
    pub beads: Vec<AlignedBead>,
}

/// Figures about a whole run.
#[derive(Debug, Clone, Default, Serialize)]
pub struct AlignSummary {
    pub articles: u64,
    /// Articles that could not be aligned (reported as they came).
    pub skipped: u64,
    pub beads: u64,
    pub pairs: u64,
    /// Pairs at or above the confidence threshold.
    pub confident_pairs: u64,
    pub unpaired_ru: u64,
    pub unpaired_en: u64,
    pub min_confidence: f64,
    /// With `--import`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub memory: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub import: Option<Stored>,
}

impl AlignSummary {
    pub fn count(&mut self, article: &AlignedArticle) {
        self.articles += 1;
        for b in &article.beads {
            self.beads += 1;
            match (b.ru_sentences.is_some(), b.en_sentences.is_some()) {
                (true, true) => {
                    self.pairs += 1;
                    if b.confidence >= self.min_confidence {
                        self.confident_pairs += 1;
                    }
                }
                (true, false) => self.unpaired_ru += 1,
                _ => self.unpaired_en += 1,
            }
        }
    }
}

fn three_decimals<S: serde::Serializer>(value: &f64, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_f64((value * 1000.0).round() / 1000.0)
}

/// The shown form of an alignment; `fates` from storing it, if it was.
pub fn aligned_article(
    input: String,
    alignment: &Alignment,
    meta: &Meta,
    fates: Option<&[BeadFate]>,
) -> AlignedArticle {
    let mut position = 0u32;
    let beads = alignment
        .beads
        .iter()
        .enumerate()
        .map(|(i, b)| {
            let range = |r: &std::ops::Range<usize>| (!r.is_empty()).then(|| [r.start + 1, r.end]);
            let unit_position = b.is_pair().then(|| {
                position += 1;
                position - 1
            });
            AlignedBead {
                article: meta.article.clone(),
                date: meta.date,
                bead: i + 1,
                shape: b.shape(),
                confidence: b.confidence,
                ru: alignment.text(b, Lang::Ru),
                en: alignment.text(b, Lang::En),
                ru_sentences: range(&b.ru),
                en_sentences: range(&b.en),
                ru_paragraph: alignment
                    .ru
                    .get(b.ru.start)
                    .filter(|_| !b.ru.is_empty())
                    .map(|s| s.paragraph + 1),
                en_paragraph: alignment
                    .en
                    .get(b.en.start)
                    .filter(|_| !b.en.is_empty())
                    .map(|s| s.paragraph + 1),
                position: unit_position,
                import: fates.and_then(|f| f.get(i).copied()),
            }
        })
        .collect();
    AlignedArticle {
        input,
        article: meta.article.clone(),
        ru_sentences: alignment.ru.len(),
        en_sentences: alignment.en.len(),
        beads,
    }
}

/// The TSV header of [`write_tsv_article`].
pub const ALIGN_TSV_HEADER: &str =
    "article\tbead\tshape\tconfidence\tru_sentences\ten_sentences\tposition\timport\tru\ten";

/// Writes one article's beads as TSV lines (after [`ALIGN_TSV_HEADER`]).
pub fn write_tsv_article(out: &mut dyn Write, article: &AlignedArticle) -> io::Result<()> {
    let span = |s: Option<[usize; 2]>| match s {
        Some([a, b]) if a == b => a.to_string(),
        Some([a, b]) => format!("{a}-{b}"),
        None => String::new(),
    };
    for b in &article.beads {
        writeln!(
            out,
            "{}\t{}\t{}\t{:.3}\t{}\t{}\t{}\t{}\t{}\t{}",
            tsv_field(b.article.as_deref().unwrap_or("")),
            b.bead,
            b.shape,
            b.confidence,
            span(b.ru_sentences),
            span(b.en_sentences),
            b.position.map(|p| p.to_string()).unwrap_or_default(),
            b.import.map(fate_name).unwrap_or(""),
            tsv_field(&b.ru),
            tsv_field(&b.en),
        )?;
    }
    Ok(())
}

fn fate_name(fate: BeadFate) -> &'static str {
    match fate {
        BeadFate::Added => "added",
        BeadFate::Occurrence => "occurrence",
        BeadFate::Unchanged => "unchanged",
        BeadFate::BelowThreshold => "below-threshold",
        BeadFate::Unpaired => "unpaired",
    }
}

/// Writes one article's beads as JSON Lines.
pub fn write_jsonl_article(out: &mut dyn Write, article: &AlignedArticle) -> io::Result<()> {
    article
        .beads
        .iter()
        .try_for_each(|b| write_json_line(out, b))
}

/// Writes the whole run as one JSON document.
pub fn write_json_document(
    out: &mut dyn Write,
    articles: &[AlignedArticle],
    summary: &AlignSummary,
) -> io::Result<()> {
    #[derive(Serialize)]
    struct AlignRunReport<'a> {
        articles: &'a [AlignedArticle],
        summary: &'a AlignSummary,
    }
    write_json(out, &AlignRunReport { articles, summary })
}

/// Writes one article as text: a heading, then per bead its number,
/// shape, confidence and the two sides.
pub fn write_text_article(
    out: &mut dyn Write,
    style: Style,
    min_confidence: f64,
    article: &AlignedArticle,
) -> io::Result<()> {
    let title = match &article.article {
        Some(a) if *a != article.input => format!("{} (article {a})", article.input),
        _ => article.input.clone(),
    };
    writeln!(
        out,
        "{}",
        style.paint(
            BOLD,
            &format!(
                "{title}: {} Russian and {} English sentences, {} beads",
                article.ru_sentences,
                article.en_sentences,
                article.beads.len()
            )
        )
    )?;
    for b in &article.beads {
        let confidence = format!("{:.2}", b.confidence);
        let confidence = if b.confidence < min_confidence {
            style.paint(YELLOW, &confidence)
        } else {
            confidence
        };
        let fate = match b.import {
            Some(BeadFate::Added) => "  added",
            Some(BeadFate::Occurrence) => "  new occurrence",
            Some(BeadFate::Unchanged) => "  unchanged",
            Some(BeadFate::BelowThreshold) => "  not imported",
            _ => "",
        };
        writeln!(
            out,
            "{:>4}  {}  {confidence}{}",
            b.bead,
            b.shape,
            style.paint(DIM, fate)
        )?;
        let missing = style.paint(DIM, "—");
        for (lang, text) in [("ru", &b.ru), ("en", &b.en)] {
            let shown = if text.is_empty() { &missing } else { text };
            writeln!(out, "      {}  {shown}", style.paint(DIM, lang))?;
        }
    }
    writeln!(out)
}

/// Writes the pairs of an article at or above `min_confidence` as TMX
/// units, with the bead's shape and confidence as properties.
pub fn write_tmx_article<W: Write>(
    tmx: &mut TmxWriter<W>,
    alignment: &Alignment,
    meta: &Meta,
    min_confidence: f64,
) -> io::Result<()> {
    for (unit, index) in alignment.units(meta) {
        let bead = &alignment.beads[index];
        if bead.confidence < min_confidence {
            continue;
        }
        let confidence = format!("{:.3}", bead.confidence);
        tmx.write_with_props(
            &unit,
            &[
                ("x-align-shape", &bead.shape()),
                ("x-align-confidence", &confidence),
            ],
        )?;
    }
    Ok(())
}

/// The run's summary as a sentence, for stderr.
pub fn summary_line(summary: &AlignSummary) -> String {
    let mut line = format!(
        "aligned {} article{}: {} beads, {} pairs ({} at confidence ≥ {}), {} Russian and {} English sentences without a partner",
        summary.articles,
        if summary.articles == 1 { "" } else { "s" },
        summary.beads,
        summary.pairs,
        summary.confident_pairs,
        summary.min_confidence,
        summary.unpaired_ru,
        summary.unpaired_en
    );
    if summary.skipped > 0 {
        line.push_str(&format!("; {} skipped", summary.skipped));
    }
    if let (Some(memory), Some(stored)) = (&summary.memory, &summary.import) {
        line.push_str(&format!("\n{memory}: {} added, ", stored.added));
        if stored.occurrences > 0 {
            line.push_str(&super::occurrences_phrase(stored.occurrences));
            line.push_str(", ");
        }
        line.push_str(&format!(
            "{} unchanged, {} below the threshold not imported",
            stored.unchanged, stored.below_threshold
        ));
    }
    line
}
