//! Output of `analyze`: a table per file and for all files, JSON, JSON
//! Lines (one object per file, then the total) or TSV (one line per file
//! and band, the total as file `*`).

use std::fmt::Display;
use std::io::{self, Write};

use serde::Serialize;

use super::{tsv_field, write_json, write_json_line, OutputFormat, Style};
use crate::analysis::{Analysis, FileAnalysis};

const BOLD: &str = "1";

/// The whole JSON document `analyze --format json` prints.
#[derive(Serialize)]
struct AnalysisReport<'a> {
    memory: &'a str,
    #[serde(flatten)]
    analysis: &'a Analysis,
}

/// Writes an analysis.
pub fn write_analysis(
    out: &mut dyn Write,
    format: OutputFormat,
    style: Style,
    memory: &str,
    analysis: &Analysis,
) -> io::Result<()> {
    match format {
        OutputFormat::Json => write_json(out, &AnalysisReport { memory, analysis }),
        OutputFormat::Jsonl => analysis
            .files
            .iter()
            .chain([&analysis.total])
            .try_for_each(|f| write_json_line(out, f)),
        OutputFormat::Tsv => write_tsv(out, analysis),
        OutputFormat::Text => write_text(out, style, analysis),
    }
}

fn write_tsv(out: &mut dyn Write, analysis: &Analysis) -> io::Result<()> {
    writeln!(out, "file\tlang\tband\tsegments\twords")?;
    for file in analysis.files.iter().chain([&analysis.total]) {
        let name = file
            .file
            .as_deref()
            .map_or_else(|| "*".to_string(), tsv_field);
        let lang = file.lang.map(|l| l.code()).unwrap_or("");
        for row in &file.bands {
            writeln!(
                out,
                "{name}\t{lang}\t{}\t{}\t{}",
                row.band.name(),
                row.segments,
                row.words
            )?;
        }
        writeln!(
            out,
            "{name}\t{lang}\ttotal\t{}\t{}",
            file.total.segments, file.total.words
        )?;
    }
    Ok(())
}

fn percent(part: u64, whole: u64) -> String {
    if whole == 0 {
        "0.0".to_string()
    } else {
        // Tenths, rounded half up, in integers.
        let tenths = (part * 2000 + whole) / (2 * whole);
        format!("{}.{}", tenths / 10, tenths % 10)
    }
}

fn write_table(
    out: &mut dyn Write,
    style: Style,
    file: &FileAnalysis,
    title: &str,
) -> io::Result<()> {
    writeln!(out, "{}", style.paint(BOLD, title))?;
    let mut line = |label: &str, segments: &dyn Display, words: &dyn Display, share: &str| {
        writeln!(out, "  {label:<14} {segments:>8} {words:>8} {share:>8}")
    };
    line("band", &"segments", &"words", "words %")?;
    for row in &file.bands {
        let share = percent(row.words, file.total.words);
        line(row.band.label(), &row.segments, &row.words, &share)?;
    }
    let total = &file.total;
    line(
        "total",
        &total.segments,
        &total.words,
        &percent(total.words, total.words),
    )
}

fn write_text(out: &mut dyn Write, style: Style, analysis: &Analysis) -> io::Result<()> {
    for (i, file) in analysis.files.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        let name = file.file.as_deref().unwrap_or("-");
        let title = match file.lang {
            Some(lang) => format!("{name} ({lang})"),
            None => name.to_string(),
        };
        write_table(out, style, file, &title)?;
    }
    if analysis.files.len() > 1 {
        writeln!(out)?;
        let title = format!("all {} files", analysis.files.len());
        write_table(out, style, &analysis.total, &title)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percents_round_half_up_to_tenths() {
        assert_eq!(percent(1, 3), "33.3");
        assert_eq!(percent(2, 3), "66.7");
        assert_eq!(percent(1, 8), "12.5");
        assert_eq!(percent(1, 16), "6.3");
        assert_eq!(percent(0, 7), "0.0");
        assert_eq!(percent(7, 7), "100.0");
        assert_eq!(percent(3, 0), "0.0");
    }
}
