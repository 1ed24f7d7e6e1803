//! A glossary file as written: header, comments, blank lines and entries,
//! each line kept with its own text and line ending, so that a rewrite
//! changes exactly the lines that were edited (`git diff` shows only them).

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use super::entry::{split_variants, Entry, COLUMNS};
use super::GlossaryError;

const BOM: &str = "\u{FEFF}";

/// What one line after the header holds.
#[derive(Debug, Clone, PartialEq)]
pub enum LineKind {
    Blank,
    /// A line starting with `#`.
    Comment,
    Entry(Box<Entry>),
    /// An entry line that could not be read (lenient parsing only): why.
    Malformed(String),
}

/// One line after the header.
#[derive(Debug, Clone)]
pub struct Line {
    /// The text without its line ending.
    text: String,
    /// `\n`, `\r\n`, `\r`, or empty for a last line without one.
    ending: String,
    pub kind: LineKind,
}

/// A glossary TSV file, kept line by line.
#[derive(Debug, Clone)]
pub struct GlossaryFile {
    path: PathBuf,
    bom: bool,
    /// The header's column names, in order.
    columns: Vec<String>,
    header: String,
    header_ending: String,
    lines: Vec<Line>,
    /// Length and xxh3 of the bytes the file was read from (0 for a new
    /// one): what the compiled glossary's cache is keyed by.
    source_len: u64,
    digest: u64,
}

/// How strictly to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Parse {
    /// The first malformed line is an error.
    Strict,
    /// Malformed lines are kept as [`LineKind::Malformed`] and reported.
    Lenient,
}

impl GlossaryFile {
    /// An empty file at `path` with the standard header.
    pub fn new(path: &Path) -> GlossaryFile {
        GlossaryFile {
            path: path.to_path_buf(),
            bom: false,
            columns: COLUMNS.iter().map(|c| c.to_string()).collect(),
            header: COLUMNS.join("\t"),
            header_ending: "\n".into(),
            lines: Vec::new(),
            source_len: 0,
            digest: 0,
        }
    }

    /// Reads the file at `path` (strictly).
    pub fn read(path: &Path) -> Result<GlossaryFile, GlossaryError> {
        let bytes = std::fs::read(path).map_err(|source| GlossaryError::Io {
            file: path.display().to_string(),
            source,
        })?;
        Self::parse(&bytes, path, Parse::Strict).map(|(file, _)| file)
    }

    /// Parses the bytes of the file at `path`. Lenient parsing returns the
    /// problems of malformed lines beside the file; strict parsing fails on
    /// the first. A file that is not UTF-8, or whose header is unusable, is
    /// an error either way.
    pub fn parse(
        bytes: &[u8],
        path: &Path,
        mode: Parse,
    ) -> Result<(GlossaryFile, Vec<GlossaryError>), GlossaryError> {
        let name = path.display().to_string();
        let text = std::str::from_utf8(bytes).map_err(|e| {
            let offset = e.valid_up_to();
            GlossaryError::Encoding {
                file: name.clone(),
                line: 1 + bytes[..offset].iter().filter(|&&b| b == b'\n').count(),
                offset,
            }
        })?;
        let (bom, text) = match text.strip_prefix(BOM) {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let mut raw = split_lines(text).into_iter();
        let (header, header_ending) = raw.next().unwrap_or_default();
        let columns = read_header(&header).map_err(|reason| GlossaryError::Malformed {
            file: name.clone(),
            line: 1,
            reason,
        })?;
        let mut file = GlossaryFile {
            path: path.to_path_buf(),
            bom,
            columns,
            header,
            header_ending,
            lines: Vec::new(),
            source_len: bytes.len() as u64,
            digest: xxhash_rust::xxh3::xxh3_64(bytes),
        };
        let mut problems = Vec::new();
        for (i, (text, ending)) in raw.enumerate() {
            let kind = if text.trim().is_empty() {
                LineKind::Blank
            } else if text.starts_with('#') {
                LineKind::Comment
            } else {
                match file.read_entry(&text) {
                    Ok(entry) => LineKind::Entry(Box::new(entry)),
                    Err(reason) => {
                        let error = GlossaryError::Malformed {
                            file: name.clone(),
                            line: i + 2,
                            reason: reason.clone(),
                        };
                        if mode == Parse::Strict {
                            return Err(error);
                        }
                        problems.push(error);
                        LineKind::Malformed(reason)
                    }
                }
            };
            file.lines.push(Line { text, ending, kind });
        }
        Ok((file, problems))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The length of the bytes the file was read from.
    pub fn source_len(&self) -> u64 {
        self.source_len
    }

    /// The xxh3 of the bytes the file was read from.
    pub fn digest(&self) -> u64 {
        self.digest
    }

    /// The header's column names.
    pub fn columns(&self) -> &[String] {
        &self.columns
    }

    /// The entries with their 1-based line numbers.
    pub fn entries(&self) -> impl Iterator<Item = (usize, &Entry)> {
        self.lines
            .iter()
            .enumerate()
            .filter_map(|(i, line)| match &line.kind {
                LineKind::Entry(entry) => Some((i + 2, entry.as_ref())),
                _ => None,
            })
    }

    /// The malformed lines (lenient parsing) with their line numbers.
    pub fn malformed(&self) -> impl Iterator<Item = (usize, &str)> {
        self.lines
            .iter()
            .enumerate()
            .filter_map(|(i, line)| match &line.kind {
                LineKind::Malformed(reason) => Some((i + 2, reason.as_str())),
                _ => None,
            })
    }

    /// The entry on line `line`, if that line holds one.
    pub fn entry_at(&self, line: usize) -> Option<&Entry> {
        match &self.lines.get(line.checked_sub(2)?)?.kind {
            LineKind::Entry(entry) => Some(entry.as_ref()),
            _ => None,
        }
    }

    /// Replaces the entry on line `line`; only that line's text changes.
    pub fn replace(&mut self, line: usize, entry: Entry) -> Result<(), GlossaryError> {
        let text = self.write_entry(&entry)?;
        let at = line
            .checked_sub(2)
            .filter(|&i| matches!(self.lines.get(i).map(|l| &l.kind), Some(LineKind::Entry(_))))
            .ok_or_else(|| self.edit_error(line, "this line holds no entry"))?;
        self.lines[at].text = text;
        self.lines[at].kind = LineKind::Entry(Box::new(entry));
        Ok(())
    }

    /// Adds `entry` after the last entry of its concept, or at the end of
    /// the file for a new concept; returns its line number.
    pub fn insert(&mut self, entry: Entry) -> Result<usize, GlossaryError> {
        let at = self
            .lines
            .iter()
            .rposition(|l| matches!(&l.kind, LineKind::Entry(e) if e.concept == entry.concept))
            .map(|i| i + 1)
            .unwrap_or(self.lines.len());
        let ending = self.newline().to_string();
        self.insert_at(at, entry, &ending)
    }

    /// Adds `entries` as [`GlossaryFile::insert`] would one by one, in time
    /// linear in the file and the entries (a 60,000-row import): those of
    /// concepts the file holds one by one, the new concepts' appended
    /// grouped by concept, in order of first appearance.
    pub fn insert_all(&mut self, entries: Vec<Entry>) -> Result<(), GlossaryError> {
        let known: HashSet<String> = self.entries().map(|(_, e)| e.concept.clone()).collect();
        let (old, new): (Vec<Entry>, Vec<Entry>) = entries
            .into_iter()
            .partition(|e| known.contains(&e.concept));
        for entry in old {
            self.insert(entry)?;
        }
        let mut order: Vec<String> = Vec::new();
        let mut groups: HashMap<String, Vec<Entry>> = HashMap::new();
        for entry in new {
            let group = groups.entry(entry.concept.clone()).or_insert_with(|| {
                order.push(entry.concept.clone());
                Vec::new()
            });
            group.push(entry);
        }
        let ending = self.newline().to_string();
        for concept in order {
            for entry in groups.remove(&concept).unwrap_or_default() {
                self.insert_at(self.lines.len(), entry, &ending)?;
            }
        }
        Ok(())
    }

    /// Inserts `entry` as line index `at`, with line ending `ending`.
    fn insert_at(&mut self, at: usize, entry: Entry, ending: &str) -> Result<usize, GlossaryError> {
        let text = self.write_entry(&entry)?;
        let had_final_newline = self
            .lines
            .last()
            .map_or(!self.header_ending.is_empty(), |l| !l.ending.is_empty());
        // The line before the new one must end with a line break.
        match at.checked_sub(1).and_then(|i| self.lines.get_mut(i)) {
            Some(prev) if prev.ending.is_empty() => prev.ending = ending.to_string(),
            None if self.header_ending.is_empty() => self.header_ending = ending.to_string(),
            _ => {}
        }
        let last = at == self.lines.len();
        self.lines.insert(
            at,
            Line {
                text,
                ending: if last && !had_final_newline {
                    String::new()
                } else {
                    ending.to_string()
                },
                kind: LineKind::Entry(Box::new(entry)),
            },
        );
        Ok(at + 2)
    }

    /// Removes the entry on line `line`.
    pub fn remove(&mut self, line: usize) -> Result<Entry, GlossaryError> {
        let at = line
            .checked_sub(2)
            .filter(|&i| matches!(self.lines.get(i).map(|l| &l.kind), Some(LineKind::Entry(_))))
            .ok_or_else(|| self.edit_error(line, "this line holds no entry"))?;
        let removed = self.lines.remove(at);
        // Removing the last line must not drop the file's final line break
        // state: the new last line takes the removed line's ending.
        if at == self.lines.len() {
            if let Some(last) = self.lines.last_mut() {
                last.ending = removed.ending.clone();
            }
        }
        match removed.kind {
            LineKind::Entry(entry) => Ok(*entry),
            _ => Err(self.edit_error(line, "this line holds no entry")),
        }
    }

    /// The file's bytes: unchanged lines exactly as read.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        if self.bom {
            out.push_str(BOM);
        }
        out.push_str(&self.header);
        out.push_str(&self.header_ending);
        for line in &self.lines {
            out.push_str(&line.text);
            out.push_str(&line.ending);
        }
        out
    }

    /// Writes the file through a temporary file and a rename.
    pub fn save(&self) -> Result<(), GlossaryError> {
        crate::fs::write_atomically(&self.path, self.to_text().as_bytes()).map_err(|source| {
            GlossaryError::Io {
                file: self.path.display().to_string(),
                source,
            }
        })
    }

    /// The line ending most lines use (`\n` for a file without any).
    fn newline(&self) -> &str {
        let mut counts = [0usize; 3];
        let endings = ["\n", "\r\n", "\r"];
        for ending in
            std::iter::once(&self.header_ending).chain(self.lines.iter().map(|l| &l.ending))
        {
            if let Some(i) = endings.iter().position(|e| e == ending) {
                counts[i] += 1;
            }
        }
        let best = (0..3)
            .max_by_key(|&i| (counts[i], usize::from(i == 0)))
            .unwrap_or(0);
        endings[best]
    }

    fn edit_error(&self, line: usize, reason: &str) -> GlossaryError {
        GlossaryError::Malformed {
            file: self.path.display().to_string(),
            line,
            reason: reason.to_string(),
        }
    }

    fn read_entry(&self, text: &str) -> Result<Entry, String> {
        let fields: Vec<&str> = text.split('\t').collect();
        if fields.len() != self.columns.len() {
            return Err(format!(
                "{} columns, but the header has {}: separate the columns with exactly one tab each ({})",
                fields.len(),
                self.columns.len(),
                self.columns.join(", ")
            ));
        }
        let mut entry = Entry::new("", "", "");
        for (column, value) in self.columns.iter().zip(&fields) {
            match column.as_str() {
                // Variants are read leniently here and rewritten only on edit.
                "ru_variants" => entry.ru_variants = split_variants(value),
                "en_variants" => entry.en_variants = split_variants(value),
                name => entry.set_field(name, value)?,
            }
        }
        match entry.problem() {
            Some(problem) => Err(problem),
            None => Ok(entry),
        }
    }

    fn write_entry(&self, entry: &Entry) -> Result<String, GlossaryError> {
        if let Some(problem) = entry.problem() {
            return Err(GlossaryError::Edit(problem));
        }
        let mut fields = Vec::with_capacity(self.columns.len());
        for column in &self.columns {
            let value = entry.field(column);
            if value.contains(['\t', '\n', '\r']) {
                return Err(GlossaryError::Edit(format!(
                    "column `{column}`: a value may not hold a tab or a line break"
                )));
            }
            fields.push(value);
        }
        for column in entry.extra.keys() {
            if !self.columns.contains(column) {
                return Err(GlossaryError::Edit(format!(
                    "{} has no column `{column}`: add it to the header first",
                    self.path.display()
                )));
            }
        }
        let line = fields.join("\t");
        // The row's first column must not make it a comment or a blank line.
        if line.starts_with('#') || line.trim().is_empty() {
            return Err(GlossaryError::Edit(format!(
                "column `{}` may not begin with `#` or be empty: the row would read as a comment",
                self.columns[0]
            )));
        }
        Ok(line)
    }
}

/// The column names of a header line: `concept`, `ru` and `en` must be
/// there, no name twice.
fn read_header(header: &str) -> Result<Vec<String>, String> {
    let expected = COLUMNS.join("\\t");
    if header.trim().is_empty() || header.starts_with('#') {
        return Err(format!(
            "the first line must be the header, e.g. `{expected}`"
        ));
    }
    let columns: Vec<String> = header.split('\t').map(|c| c.trim().to_string()).collect();
    for (i, column) in columns.iter().enumerate() {
        if column.is_empty() {
            return Err(format!("header column {} has no name", i + 1));
        }
        if columns[..i].contains(column) {
            return Err(format!("header names column `{column}` twice"));
        }
    }
    for required in ["concept", "ru", "en"] {
        if !columns.iter().any(|c| c == required) {
            return Err(format!(
                "the header has no `{required}` column (expected `{expected}`)"
            ));
        }
    }
    Ok(columns)
}

/// Lines with their endings (`\n`, `\r\n`, `\r`, or none at the end).
fn split_lines(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => {
                out.push((text[start..i].to_string(), "\n".to_string()));
                i += 1;
                start = i;
            }
            b'\r' => {
                let ending = if bytes.get(i + 1) == Some(&b'\n') {
                    "\r\n"
                } else {
                    "\r"
                };
                out.push((text[start..i].to_string(), ending.to_string()));
                i += ending.len();
                start = i;
            }
            _ => i += 1,
        }
    }
    if start < bytes.len() {
        out.push((text[start..].to_string(), String::new()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::Status;

    const HEADER: &str =
        "concept\tru\ten\tru_variants\ten_variants\tstatus\tvalid_from\tvalid_to\tpos\tdomain\tnote";

    fn parse(text: &str) -> GlossaryFile {
        GlossaryFile::parse(text.as_bytes(), Path::new("g.tsv"), Parse::Strict)
            .unwrap()
            .0
    }

    fn error(text: &[u8]) -> String {
        GlossaryFile::parse(text, Path::new("g.tsv"), Parse::Strict)
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn reads_entries_comments_and_extra_columns() {
        let text = format!(
            "{HEADER}\treviewer\n# capital\n\ncity-astana\tНур-Султан\tNur-Sultan\t\tNur Sultan|Nursultan city\tpreferred\t2019-03-23\t2022-09-17\tpropn\tplace\trenamed\tAigerim\n"
        );
        let file = parse(&text);
        let entries: Vec<_> = file.entries().collect();
        assert_eq!(entries.len(), 1);
        let (line, e) = entries[0];
        assert_eq!(line, 4);
        assert_eq!(e.en_variants, ["Nur Sultan", "Nursultan city"]);
        assert_eq!(e.valid_to.unwrap().to_string(), "2022-09-17");
        assert_eq!(e.extra["reviewer"], "Aigerim");
        assert_eq!(
            file.to_text(),
            text,
            "unchanged file reads back byte for byte"
        );
    }

    #[test]
    fn edits_change_only_their_line() {
        let text = format!(
            "\u{FEFF}{HEADER}\r\n# people\r\nperson-tokayev\tТокаев\tTokayev\t\tToqaev\tpreferred\t\t\tpropn\tperson\tsurname\r\nterm-akim\tаким\takim\t\t\tpreferred\t\t\tnoun\toffice\t\r\n"
        );
        let mut file = parse(&text);
        let mut e = file.entry_at(3).unwrap().clone();
        e.en_variants.push("Toqayev".into());
        file.replace(3, e).unwrap();
        let expected = text.replace("Toqaev\tpreferred", "Toqaev|Toqayev\tpreferred");
        assert_eq!(file.to_text(), expected);

        // A new row of an existing concept goes right after that concept.
        let mut added = Entry::new(
            "person-tokayev",
            "Касым-Жомарт Токаев",
            "Kassym-Jomart Tokayev",
        );
        added.status = Status::Preferred;
        assert_eq!(file.insert(added).unwrap(), 4);
        let text_now = file.to_text();
        let lines: Vec<&str> = text_now.split("\r\n").collect();
        assert!(lines[3].starts_with("person-tokayev\tКасым-Жомарт Токаев"));
        assert!(lines[4].starts_with("term-akim"));

        file.remove(4).unwrap();
        assert_eq!(file.to_text(), expected, "remove undoes insert exactly");
    }

    #[test]
    fn insert_keeps_a_missing_final_newline_missing() {
        let text = format!("{HEADER}\nterm-akim\tаким\takim\t\t\tpreferred\t\t\tnoun\toffice\t");
        let mut file = parse(&text);
        file.insert(Entry::new("term-akimat", "акимат", "akimat"))
            .unwrap();
        let out = file.to_text();
        assert!(out.starts_with(&format!("{text}\n")));
        assert!(out.ends_with("\tpreferred\t\t\t\t\t"), "{out:?}");
    }

    #[test]
    fn malformed_lines_name_the_line_and_the_fix() {
        let cases: &[(&str, &[u8], &str)] = &[
            (
                "empty file",
                b"",
                "g.tsv:1: the first line must be the header",
            ),
            (
                "header without ru",
                b"concept\ten\n",
                "g.tsv:1: the header has no `ru` column",
            ),
            (
                "column twice",
                b"concept\tru\ten\tru\n",
                "g.tsv:1: header names column `ru` twice",
            ),
            (
                "too few columns",
                "concept\tru\ten\tstatus\nc\tаким\takim\n".as_bytes(),
                "g.tsv:2: 3 columns, but the header has 4",
            ),
            (
                "unknown status",
                "concept\tru\ten\tstatus\n#\nc\tаким\takim\tprefered\n".as_bytes(),
                "g.tsv:3: unknown status `prefered`",
            ),
            (
                "bad date",
                "concept\tru\ten\tvalid_from\nc\tаким\takim\t2019-02-30\n".as_bytes(),
                "g.tsv:2: valid_from `2019-02-30` is not a date",
            ),
            (
                "empty period",
                "concept\tru\ten\tvalid_from\tvalid_to\nc\tа\ta\t2020-01-01\t2020-01-01\n"
                    .as_bytes(),
                "g.tsv:2: valid_from 2020-01-01 is not before valid_to",
            ),
            (
                "empty side",
                "concept\tru\ten\nc\t\takim\n".as_bytes(),
                "g.tsv:2: both `ru` and `en` must hold a term",
            ),
            (
                "invalid utf-8",
                b"concept\tru\ten\nc\t\xD0\tx\n",
                "g.tsv:2: invalid UTF-8 at byte 16",
            ),
        ];
        for (rule, input, want) in cases {
            let got = error(input);
            assert!(got.starts_with(want), "{rule}: got {got:?}, want {want:?}");
        }
    }

    #[test]
    fn lenient_parse_keeps_going() {
        let text =
            "concept\tru\ten\tstatus\na\tаким\takim\tbad\nb\tакимат\takimat\tpreferred\nc\tx\n";
        let (file, problems) =
            GlossaryFile::parse(text.as_bytes(), Path::new("g.tsv"), Parse::Lenient).unwrap();
        assert_eq!(problems.len(), 2);
        assert_eq!(file.entries().count(), 1);
        assert_eq!(file.malformed().map(|(l, _)| l).collect::<Vec<_>>(), [2, 4]);
        assert_eq!(file.to_text(), text);
    }
}
