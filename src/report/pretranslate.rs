//! Output of `pretranslate`: the draft as XLIFF 2.0 or 1.2 (through the
//! writers of [`crate::formats`]), TSV, Markdown or JSON.
//!
//! Segments left to translate are marked in every format: XLIFF `initial`
//! with no target (1.2: no `<target>`, a `<note>`), an empty TSV target
//! with state `new`, and `**TO TRANSLATE**` in Markdown.

use std::io::{self, Write};

use super::{tsv_field, write_json};
use crate::formats::{XliffVersion, XliffWriter};
use crate::pretranslate::{Draft, DraftSegment, DraftState};
use crate::text::inline::show;

/// The formats of a draft (`pretranslate --format`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DraftFormat {
    /// XLIFF 2.0 with the Translation Candidates, Glossary and Metadata modules.
    #[default]
    #[serde(alias = "xliff")]
    Xliff2,
    /// XLIFF 1.2 with `<alt-trans>` matches.
    Xliff12,
    /// Tab-separated: one line per segment.
    Tsv,
    /// A Markdown table for review.
    #[serde(alias = "markdown")]
    Md,
    /// One JSON document with every match and its metadata.
    Json,
}

/// Writes `draft` in `format`.
pub fn write_draft(out: &mut dyn Write, format: DraftFormat, draft: &Draft) -> io::Result<()> {
    match format {
        DraftFormat::Xliff2 => write_xliff(out, XliffVersion::V2_0, draft),
        DraftFormat::Xliff12 => write_xliff(out, XliffVersion::V1_2, draft),
        DraftFormat::Tsv => write_tsv(out, draft),
        DraftFormat::Md => write_markdown(out, draft),
        DraftFormat::Json => write_json(out, draft),
    }
}

fn write_xliff(out: &mut dyn Write, version: XliffVersion, draft: &Draft) -> io::Result<()> {
    let mut writer = XliffWriter::new(
        out,
        version,
        &draft.original,
        draft.source_lang,
        draft.target_lang,
    )?;
    for segment in &draft.segments {
        writer.write(&segment.xliff(draft))?;
    }
    writer.finish()
}

fn state_name(state: DraftState) -> &'static str {
    match state {
        DraftState::Exact => "exact",
        DraftState::Fuzzy => "fuzzy",
        DraftState::New => "new",
        DraftState::Confirmed => "confirmed",
        DraftState::Edited => "edited",
    }
}

fn terms_line(segment: &DraftSegment) -> String {
    segment
        .terms
        .iter()
        .map(|t| format!("{} → {} ({})", t.source, t.target, t.status))
        .collect::<Vec<_>>()
        .join("; ")
}

fn write_tsv(out: &mut dyn Write, draft: &Draft) -> io::Result<()> {
    writeln!(
        out,
        "segment\tstate\tscore\tfuzzy\tadapted\t{}\t{}\tmatch_source\tmatch_unit\tmatch_article\tmatch_date\tterms",
        draft.source_lang, draft.target_lang
    )?;
    for s in &draft.segments {
        let best = s.matches.first();
        writeln!(
            out,
            "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
            s.id,
            state_name(s.state),
            best.map(|m| m.score.to_string()).unwrap_or_default(),
            best.map(|m| m.fuzzy.to_string()).unwrap_or_default(),
            best.map(|m| m.adapted.to_string()).unwrap_or_default(),
            tsv_field(&s.source),
            tsv_field(&show(s.target.as_deref().unwrap_or(""))),
            tsv_field(best.map_or("", |m| m.source.as_str())),
            best.map(|m| m.unit.id.to_string()).unwrap_or_default(),
            tsv_field(
                best.and_then(|m| m.unit.meta.article.as_deref())
                    .unwrap_or("")
            ),
            best.and_then(|m| m.unit.meta.date)
                .map(|d| d.to_string())
                .unwrap_or_default(),
            tsv_field(&terms_line(s)),
        )?;
    }
    Ok(())
}

/// Text for a Markdown table cell: markup characters escaped, line
/// breaks as `<br>`.
fn cell(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '|' | '\\' | '*' | '_' | '`' | '[' | ']' | '#' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\r' => {}
            '\n' => out.push_str("<br>"),
            c => out.push(c),
        }
    }
    out
}

fn write_markdown(out: &mut dyn Write, draft: &Draft) -> io::Result<()> {
    let count = |state| draft.count(state);
    let own = count(DraftState::Confirmed) + count(DraftState::Edited);
    let own = if own > 0 {
        format!(", {own} by the translator")
    } else {
        String::new()
    };
    writeln!(
        out,
        "# Draft: {} ({} → {})\n",
        cell(&draft.original),
        draft.source_lang,
        draft.target_lang
    )?;
    writeln!(
        out,
        "Memory `{}`, matches ≥ {}: {} exact, {} fuzzy{own}, {} to translate.\n",
        draft.memory.replace('`', "'"),
        draft.min_score,
        count(DraftState::Exact),
        count(DraftState::Fuzzy),
        count(DraftState::New),
    )?;
    writeln!(
        out,
        "| # | {} | {} | match |\n|---:|---|---|---|",
        draft.source_lang, draft.target_lang
    )?;
    for s in &draft.segments {
        let target = match &s.target {
            Some(t) => cell(&show(t)),
            None => "**TO TRANSLATE**".to_string(),
        };
        let mut about = Vec::new();
        match s.matches.first() {
            Some(m) => {
                let mut score = format!("{} {}", m.score, state_name(s.state));
                if m.adapted {
                    score.push_str(", numbers adapted");
                }
                about.push(score);
                let meta = &m.unit.meta;
                if let Some(a) = &meta.article {
                    about.push(match meta.position {
                        Some(p) => format!("{} #{p}", cell(a)),
                        None => cell(a),
                    });
                }
                if let Some(d) = meta.date {
                    about.push(d.to_string());
                }
            }
            None => about.push(format!("no match ≥ {}", draft.min_score)),
        }
        if !s.terms.is_empty() {
            about.push(format!("terms: {}", cell(&terms_line(s))));
        }
        writeln!(
            out,
            "| {} | {} | {} | {} |",
            s.id,
            cell(&s.source),
            target,
            about.join(" · ")
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_cells_escape_markup() {
        assert_eq!(
            cell("a|b *c* <b> [x]\r\n_y_ #1 & `z`"),
            "a\\|b \\*c\\* &lt;b&gt; \\[x\\]<br>\\_y\\_ \\#1 &amp; \\`z\\`"
        );
    }
}
