//! CSV interchange: the TSV columns (`concept, ru, en, ru_variants, …`) as
//! RFC 4180 CSV with a header, for spreadsheets.

use std::io::{Read, Write};

use super::entry::{Entry, COLUMNS};
use super::GlossaryError;

/// Writes `rows` as CSV with the standard header.
pub fn write_csv<'a>(
    out: impl Write,
    rows: impl IntoIterator<Item = &'a Entry>,
) -> std::io::Result<()> {
    let mut writer = ::csv::Writer::from_writer(out);
    writer.write_record(COLUMNS).map_err(io_error)?;
    for e in rows {
        writer
            .write_record(COLUMNS.iter().map(|c| e.field(c)))
            .map_err(io_error)?;
    }
    writer.flush()
}

/// A CSV write error as the I/O error it is (a closed pipe stays one).
fn io_error(e: ::csv::Error) -> std::io::Error {
    match e.into_kind() {
        ::csv::ErrorKind::Io(e) => e,
        other => std::io::Error::other(format!("{other:?}")),
    }
}

/// Reads CSV rows with a header naming at least `concept`, `ru`, `en`;
/// every bad record is an error with its line (nothing is imported from a
/// file with errors, so each is reported).
pub fn read_csv(input: impl Read, file: &str) -> Result<Vec<(usize, Entry)>, Vec<GlossaryError>> {
    let mut reader = ::csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(input);
    let error = |line: u64, reason: String| GlossaryError::Malformed {
        file: file.to_string(),
        line: line as usize,
        reason,
    };
    let header: Vec<String> = match reader.headers() {
        Ok(h) => h
            .iter()
            .map(|c| c.trim().trim_start_matches('\u{FEFF}').to_string())
            .collect(),
        Err(e) => return Err(vec![error(1, format!("cannot read the header: {e}"))]),
    };
    for required in ["concept", "ru", "en"] {
        if !header.iter().any(|c| c == required) {
            return Err(vec![error(
                1,
                format!(
                    "the header has no `{required}` column (expected {})",
                    COLUMNS.join(",")
                ),
            )]);
        }
    }
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                errors.push(error(line, format!("unreadable CSV record: {e}")));
                if matches!(
                    e.kind(),
                    ::csv::ErrorKind::Utf8 { .. } | ::csv::ErrorKind::Io(_)
                ) {
                    break;
                }
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line()) as usize;
        if record.len() != header.len() {
            errors.push(error(
                line as u64,
                format!(
                    "{} fields, but the header has {}",
                    record.len(),
                    header.len()
                ),
            ));
            continue;
        }
        let mut entry = Entry::new("", "", "");
        let mut bad = None;
        for (column, value) in header.iter().zip(record.iter()) {
            if let Err(reason) = entry.set_field(column, value) {
                bad = Some(reason);
                break;
            }
        }
        match bad.or_else(|| entry.problem()) {
            Some(reason) => errors.push(error(line as u64, reason)),
            None => rows.push((line, entry)),
        }
    }
    if errors.is_empty() {
        Ok(rows)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_errors() {
        let mut e = Entry::new("city-astana", "Нур-Султан", "Nur-Sultan");
        e.en_variants = vec!["Nur Sultan".into(), "Nursultan, city".into()];
        e.note = "quoted \"name\"".into();
        e.valid_from = Some("2019-03-23".parse().unwrap());
        e.context = "Kazakhstan|check".into();
        let mut out = Vec::new();
        write_csv(&mut out, [&e]).unwrap();
        let back = read_csv(out.as_slice(), "g.csv").unwrap();
        assert_eq!(back, vec![(2, e)]);

        let bad = "concept,ru,en,status\nc,аким,akim,preferred\nd,акимат,akimat,maybe\ne,,x,preferred\nf,a\n";
        let errors: Vec<String> = read_csv(bad.as_bytes(), "g.csv")
            .unwrap_err()
            .iter()
            .map(|e| e.to_string())
            .collect();
        assert_eq!(errors.len(), 3, "{errors:?}");
        assert!(errors[0].starts_with("g.csv:3: unknown status `maybe`"));
        assert!(errors[1].starts_with("g.csv:4: both `ru` and `en`"));
        assert!(errors[2].starts_with("g.csv:5: 2 fields, but the header has 4"));
        assert!(read_csv("ru,en\nа,a\n".as_bytes(), "g.csv").is_err());
    }

    #[test]
    fn control_characters_are_refused() {
        let input = "concept,ru,en,note\nc,аким\u{0},akim,\nd,акимат,akimat,a\u{1b}[31m\n";
        let errors: Vec<String> = read_csv(input.as_bytes(), "g.csv")
            .unwrap_err()
            .iter()
            .map(|e| e.to_string())
            .collect();
        assert_eq!(
            errors,
            [
                "g.csv:2: column `ru`: U+0000 is a control character or noncharacter; remove it",
                "g.csv:3: column `note`: U+001B is a control character or noncharacter; remove it",
            ]
        );
    }
}
