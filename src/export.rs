//! Exporting a memory: every unit that passes a filter, streamed from the
//! index into a TMX 1.4b, TSV or JSONL writer, one unit at a time, so that
//! memory use does not grow with the memory's size.
//!
//! Every field of a unit is written (see [`TmxWriter`], [`TsvWriter`],
//! [`JsonlWriter`]), so import → export → import gives back the same units
//! with the same metadata (`tests/round_trip.rs`). A unit that stands at
//! several places (the same pair in two articles) is written once per
//! place the filter takes, each record with that place's article,
//! position, date and context: every article's export has all its lines,
//! and importing them gives back the unit with all its places. The one loss is TSV's:
//! a tag holding `;` comes back as several tags.

use std::io::{self, Write};
use std::path::Path;

use serde::Serialize;

use crate::formats::{Format, JsonlWriter, TmxWriter, TsvWriter};
use crate::memory::{MemoryError, Snapshot};
use crate::unit::{Unit, UnitFilter};

/// The formats `export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ExportFormat {
    /// TMX 1.4b, every field as a `<prop>` or `<note>`.
    Tmx,
    /// Tab-separated with a header line (the import columns).
    Tsv,
    /// One JSON object per unit.
    Jsonl,
}

impl ExportFormat {
    /// The format a file name implies, by the extensions import reads
    /// ([`Format::from_path`], and `.txt` as TSV); none for CSV, which
    /// export does not write.
    pub fn from_path(path: &Path) -> Option<ExportFormat> {
        let txt = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("txt"));
        if txt {
            return Some(ExportFormat::Tsv);
        }
        match Format::from_path(path)? {
            Format::Tmx => Some(ExportFormat::Tmx),
            Format::Tsv => Some(ExportFormat::Tsv),
            Format::Jsonl => Some(ExportFormat::Jsonl),
            Format::Csv => None,
        }
    }
}

/// How to export (a checked configuration).
#[derive(Debug, Clone)]
pub struct ExportOptions {
    pub format: ExportFormat,
    pub filter: UnitFilter,
}

/// What an export wrote.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ExportSummary {
    /// Units written.
    pub units: u64,
    /// Records written: a unit once per place it stands that the filter
    /// takes (see the module documentation).
    pub records: u64,
    /// Units the filter left out (at every place).
    pub filtered_out: u64,
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    Memory(#[from] MemoryError),
    #[error("cannot write the export: {0}")]
    Write(#[from] io::Error),
}

/// One of the three unit writers.
enum UnitWriter<W: Write> {
    Tmx(TmxWriter<W>),
    Tsv(TsvWriter<W>),
    Jsonl(JsonlWriter<W>),
}

impl<W: Write> UnitWriter<W> {
    fn new(format: ExportFormat, out: W) -> io::Result<Self> {
        Ok(match format {
            // Units are written Russian first, so `ru` is the source
            // language tools that read TMX by position expect.
            ExportFormat::Tmx => UnitWriter::Tmx(TmxWriter::new(out, "ru")?),
            ExportFormat::Tsv => UnitWriter::Tsv(TsvWriter::new(out)?),
            ExportFormat::Jsonl => UnitWriter::Jsonl(JsonlWriter::new(out)?),
        })
    }

    fn write(&mut self, unit: &Unit) -> io::Result<()> {
        match self {
            UnitWriter::Tmx(w) => w.write(unit),
            UnitWriter::Tsv(w) => w.write(unit),
            UnitWriter::Jsonl(w) => w.write(unit),
        }
    }

    fn finish(self) -> io::Result<()> {
        match self {
            UnitWriter::Tmx(w) => w.finish(),
            UnitWriter::Tsv(w) => w.finish(),
            UnitWriter::Jsonl(w) => w.finish(),
        }
    }
}

/// Writes the units of `snapshot` that pass `opts.filter` to `out`, in
/// storage order.
pub fn export(
    snapshot: &Snapshot,
    out: impl Write,
    opts: &ExportOptions,
) -> Result<ExportSummary, ExportError> {
    let mut writer = UnitWriter::new(opts.format, out)?;
    let mut summary = ExportSummary::default();
    let mut failed: Option<io::Error> = None;
    let scanned = snapshot.for_each_unit(|_, unit| {
        let origin = opts.filter.accepts_origin(&unit);
        let mut written = false;
        for (index, place) in unit.places().enumerate() {
            if !(origin && opts.filter.accepts_place(&place)) {
                continue;
            }
            if let Err(e) = writer.write(&unit.only_at(index)) {
                // Stop the scan; the write error is the one to report.
                failed = Some(e);
                return Err(MemoryError::Io {
                    path: Default::default(),
                    source: io::Error::other("export stopped"),
                });
            }
            summary.records += 1;
            written = true;
        }
        summary.units += u64::from(written);
        summary.filtered_out += u64::from(!written);
        Ok(())
    });
    if let Some(e) = failed {
        return Err(ExportError::Write(e));
    }
    scanned?;
    writer.finish()?;
    Ok(summary)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_from_path() {
        let cases = [
            ("out.tmx", Some(ExportFormat::Tmx)),
            ("OUT.TMX", Some(ExportFormat::Tmx)),
            ("a/b.tsv", Some(ExportFormat::Tsv)),
            ("b.txt", Some(ExportFormat::Tsv)),
            ("b.jsonl", Some(ExportFormat::Jsonl)),
            ("b.ndjson", Some(ExportFormat::Jsonl)),
            ("b.csv", None),
            ("b.json", Some(ExportFormat::Jsonl)),
            ("b", None),
        ];
        for (path, want) in cases {
            assert_eq!(ExportFormat::from_path(Path::new(path)), want, "{path}");
        }
    }
}
