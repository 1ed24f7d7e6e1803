//! TBX interchange (ISO 30042), TBX-Basic dialect, read and written with
//! quick-xml's streaming parser.
//!
//! Written: TBX-Basic in the 2008 `martif` form that memoQ, Trados
//! MultiTerm and OmegaT read. Each glossary row is one `termEntry` (id
//! `concept--n`), so the row's pairing, status and dates survive a round
//! trip: `subjectField` ← domain, `note`, `partOfSpeech`,
//! `administrativeStatus` per term (the side a deprecated/forbidden status
//! applies to gets `deprecatedTerm-admn-sts`), variants as further terms
//! with `termType` `variant`, and four extensions other tools ignore:
//! `<admin type="x-validFrom">`, `x-validTo`, `x-status` (for `forbidden`,
//! which TBX-Basic lacks) and `x-context` (the `context` column; TBX's own
//! `context` data category is an example sentence, not a condition).
//!
//! Read: that form and the 2019 form (`conceptEntry`/`langSec`/`termSec`).
//! A concept entry from another tool, with several terms per language,
//! becomes one row of its first non-deprecated terms (the others as
//! variants) plus one deprecated row per deprecated term. A langSet in
//! neither ru nor en (translate-toolkit's `csv2tbx` writes `en` and `xx`)
//! fills a side the entry lacks when its term is in that side's script.

use std::io::{BufRead, Write};

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use super::entry::{Entry, Status};
use super::{Glossary, GlossaryError};
use crate::formats::xml::{self, InputFailure};
use crate::text::{detect, Lang};

fn pos_to_tbx(pos: &str) -> &str {
    match pos {
        "propn" => "properNoun",
        "adj" => "adjective",
        "noun" | "verb" | "adverb" => pos,
        "" => "",
        _ => "other",
    }
}

fn pos_from_tbx(pos: &str) -> String {
    match pos {
        "properNoun" => "propn".into(),
        "adjective" => "adj".into(),
        "other" => "phrase".into(),
        other => other.to_string(),
    }
}

fn status_to_tbx(status: Status) -> &'static str {
    match status {
        Status::Preferred => "preferredTerm-admn-sts",
        Status::Admitted => "admittedTerm-admn-sts",
        Status::Deprecated | Status::Forbidden => "deprecatedTerm-admn-sts",
    }
}

fn status_from_tbx(value: &str) -> Status {
    match value {
        "admittedTerm-admn-sts" | "admittedTerm" => Status::Admitted,
        "deprecatedTerm-admn-sts"
        | "supersededTerm-admn-sts"
        | "deprecatedTerm"
        | "supersededTerm" => Status::Deprecated,
        _ => Status::Preferred,
    }
}

/// `text` escaped for XML content or an attribute value; characters XML
/// cannot carry become U+FFFD, so the export is always well-formed.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    xml::escape(text, true, &mut out);
    out
}

/// Writes the whole glossary as TBX-Basic.
pub fn write_tbx(out: &mut dyn Write, glossary: &Glossary) -> std::io::Result<()> {
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(out, r#"<martif type="TBX-Basic" xml:lang="en">"#)?;
    writeln!(
        out,
        "  <martifHeader><fileDesc><sourceDesc><p>tilmash glossary export</p></sourceDesc></fileDesc></martifHeader>"
    )?;
    writeln!(out, "  <text><body>")?;
    let mut counts: std::collections::HashMap<&str, usize> = Default::default();
    for (row, e) in glossary.entries().iter().enumerate() {
        let n = counts.entry(e.concept.as_str()).or_default();
        *n += 1;
        writeln!(out, r#"    <termEntry id="{}--{n}">"#, escape(&e.concept))?;
        if !e.domain.is_empty() {
            writeln!(
                out,
                r#"      <descrip type="subjectField">{}</descrip>"#,
                escape(&e.domain)
            )?;
        }
        if !e.note.is_empty() {
            writeln!(out, "      <note>{}</note>", escape(&e.note))?;
        }
        if let Some(d) = e.valid_from {
            writeln!(out, r#"      <admin type="x-validFrom">{d}</admin>"#)?;
        }
        if let Some(d) = e.valid_to {
            writeln!(out, r#"      <admin type="x-validTo">{d}</admin>"#)?;
        }
        if e.status == Status::Forbidden {
            writeln!(out, r#"      <admin type="x-status">forbidden</admin>"#)?;
        }
        if !e.context.is_empty() {
            writeln!(
                out,
                r#"      <admin type="x-context">{}</admin>"#,
                escape(&e.context)
            )?;
        }
        for lang in Lang::ALL {
            writeln!(out, r#"      <langSet xml:lang="{}">"#, lang.code())?;
            let status = status_to_tbx(glossary.side_status(row, lang));
            for (k, term) in e.written_forms(lang).enumerate() {
                write!(out, "        <tig><term>{}</term>", escape(term))?;
                let pos = pos_to_tbx(&e.pos);
                if !pos.is_empty() {
                    write!(out, r#"<termNote type="partOfSpeech">{pos}</termNote>"#)?;
                }
                if k > 0 {
                    write!(out, r#"<termNote type="termType">variant</termNote>"#)?;
                }
                writeln!(
                    out,
                    r#"<termNote type="administrativeStatus">{status}</termNote></tig>"#
                )?;
            }
            writeln!(out, "      </langSet>")?;
        }
        writeln!(out, "    </termEntry>")?;
    }
    writeln!(out, "  </body></text>")?;
    writeln!(out, "</martif>")
}

#[derive(Debug, Default)]
struct TbxTerm {
    text: String,
    status: Option<Status>,
    pos: String,
}

#[derive(Debug, Default)]
struct TbxEntry {
    /// The line where the entry starts.
    line: u64,
    id: String,
    domain: String,
    note: String,
    valid_from: String,
    valid_to: String,
    x_status: String,
    context: String,
    /// Russian, English, then the terms of langSets in any other language
    /// ([`OTHER`]).
    terms: [Vec<TbxTerm>; 3],
}

/// The index in [`TbxEntry::terms`] of langSets that are neither ru nor en
/// (translate-toolkit's `csv2tbx` labels its second column `xx`).
const OTHER: usize = 2;

/// Where a text node goes.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Slot {
    Term,
    Pos,
    AdmStatus,
    Domain,
    Note,
    ValidFrom,
    ValidTo,
    XStatus,
    Context,
    None,
}

/// The value of attribute `name` (qualified, as `xml:lang`), if readable.
fn attr(attributes: &[xml::Attribute], name: &str) -> Option<String> {
    attributes
        .iter()
        .find(|(key, _)| key == name)
        .and_then(|(_, value)| value.clone().ok())
}

/// Reads TBX rows through the shared XML input (UTF-8 or UTF-16, lines
/// counted, text runs capped, duplicate attributes refused); any problem
/// is an error with its line, and nothing is returned from a file with
/// problems.
pub fn read_tbx(input: impl BufRead, file: &str) -> Result<Vec<Entry>, GlossaryError> {
    let (input, early) = xml::open(input);
    if let Some(source) = early {
        return Err(GlossaryError::Io {
            file: file.to_string(),
            source,
        });
    }
    let mut reader = Reader::from_reader(input);
    reader.config_mut().trim_text(false);
    let mut tbx = TbxReader {
        file: file.to_string(),
        rows: Vec::new(),
        current: None,
        lang: None,
        slot: Slot::None,
        entries: 0,
    };
    let mut buf = Vec::new();
    loop {
        let line = reader.get_ref().line;
        let event = reader.read_event_into(&mut buf);
        if let Some(failure) = reader.get_mut().failure.take() {
            return Err(tbx.input_failure(failure));
        }
        let event = event.map_err(|e| tbx.malformed(line, format!("malformed XML: {e}")))?;
        match event {
            Event::Start(e) => tbx.start(&e, line)?,
            Event::Text(t) => {
                let raw = std::str::from_utf8(&t)
                    .map_err(|_| tbx.malformed(line, "invalid UTF-8 in text".into()))?;
                let text = xml::unescape(raw).map_err(|reason| tbx.malformed(line, reason))?;
                tbx.text(&text);
            }
            // CDATA is text as written, markup characters and all.
            Event::CData(t) => tbx.text(&String::from_utf8_lossy(&t)),
            Event::End(e) => tbx.end(e.local_name().as_ref())?,
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    tbx.finish(reader.get_ref().line)
}

/// The state of [`read_tbx`] between events.
struct TbxReader {
    file: String,
    rows: Vec<Entry>,
    current: Option<TbxEntry>,
    /// The langSet being read: a `Lang` index or [`OTHER`].
    lang: Option<usize>,
    slot: Slot,
    entries: usize,
}

impl TbxReader {
    fn malformed(&self, line: u64, reason: String) -> GlossaryError {
        GlossaryError::Xml {
            file: self.file.clone(),
            line,
            reason,
        }
    }

    fn input_failure(&self, failure: InputFailure) -> GlossaryError {
        match failure {
            InputFailure::Io { error, .. } => GlossaryError::Io {
                file: self.file.clone(),
                source: error,
            },
            failure => self.malformed(failure.line(), failure.to_string()),
        }
    }

    fn start(&mut self, e: &BytesStart<'_>, line: u64) -> Result<(), GlossaryError> {
        let name = e.local_name();
        let name = name.as_ref();
        let typed = matches!(name, b"termNote" | b"descrip" | b"admin");
        let attributes = if typed
            || matches!(
                name,
                b"termEntry" | b"conceptEntry" | b"langSet" | b"langSec"
            ) {
            xml::attributes(e).map_err(|reason| self.malformed(line, reason))?
        } else {
            Vec::new()
        };
        let kind = attr(&attributes, "type");
        match name {
            b"termEntry" | b"conceptEntry" => {
                self.entries += 1;
                self.current = Some(TbxEntry {
                    line,
                    id: attr(&attributes, "id").unwrap_or_default(),
                    ..TbxEntry::default()
                });
            }
            b"langSet" | b"langSec" => {
                self.lang = Some(
                    attr(&attributes, "xml:lang")
                        .and_then(|l| l.parse::<Lang>().ok())
                        .map_or(OTHER, |l| l as usize),
                );
            }
            b"tig" | b"ntig" | b"termSec" => {
                if let (Some(entry), Some(l)) = (self.current.as_mut(), self.lang) {
                    entry.terms[l].push(TbxTerm::default());
                }
            }
            b"term" => self.slot = Slot::Term,
            b"termNote" => {
                self.slot = match kind.as_deref() {
                    Some("partOfSpeech") => Slot::Pos,
                    Some("administrativeStatus") | Some("normativeAuthorization") => {
                        Slot::AdmStatus
                    }
                    _ => Slot::None,
                }
            }
            b"descrip" => {
                self.slot = match kind.as_deref() {
                    Some("subjectField") => Slot::Domain,
                    _ => Slot::None,
                }
            }
            b"note" if self.current.is_some() => self.slot = Slot::Note,
            b"admin" => {
                self.slot = match kind.as_deref() {
                    Some("x-validFrom") => Slot::ValidFrom,
                    Some("x-validTo") => Slot::ValidTo,
                    Some("x-status") => Slot::XStatus,
                    Some("x-context") => Slot::Context,
                    _ => Slot::None,
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn text(&mut self, text: &str) {
        let Some(entry) = self.current.as_mut() else {
            return;
        };
        let term = self.lang.and_then(|l| entry.terms[l].last_mut());
        match (self.slot, term) {
            (Slot::Term, Some(term)) => term.text.push_str(text),
            (Slot::Pos, Some(term)) => term.pos.push_str(text.trim()),
            (Slot::AdmStatus, Some(term)) => term.status = Some(status_from_tbx(text.trim())),
            (Slot::Domain, _) => entry.domain.push_str(text.trim()),
            (Slot::Note, _) => entry.note.push_str(text.trim()),
            (Slot::ValidFrom, _) => entry.valid_from.push_str(text.trim()),
            (Slot::ValidTo, _) => entry.valid_to.push_str(text.trim()),
            (Slot::XStatus, _) => entry.x_status.push_str(text.trim()),
            (Slot::Context, _) => entry.context.push_str(text.trim()),
            _ => {}
        }
    }

    fn end(&mut self, name: &[u8]) -> Result<(), GlossaryError> {
        match name {
            b"termEntry" | b"conceptEntry" => {
                if let Some(entry) = self.current.take() {
                    let line = entry.line;
                    let rows = to_rows(entry, self.entries)
                        .map_err(|reason| self.malformed(line, reason))?;
                    self.rows.extend(rows);
                }
            }
            b"langSet" | b"langSec" => self.lang = None,
            _ => self.slot = Slot::None,
        }
        Ok(())
    }

    fn finish(self, line: u64) -> Result<Vec<Entry>, GlossaryError> {
        if self.current.is_some() {
            return Err(self.malformed(line, "the file ends inside a term entry".into()));
        }
        if self.entries == 0 {
            return Err(self.malformed(
                line,
                "no termEntry or conceptEntry: is this a TBX file?".into(),
            ));
        }
        Ok(self.rows)
    }
}

/// Gives the terms of langSets in another language to a side (ru or en)
/// the entry lacks, by their script: Cyrillic to ru, Latin to en. Terms
/// that would fill no missing side are dropped, as any other language is.
fn assign_other_terms(entry: &mut TbxEntry) {
    let missing = [Lang::Ru, Lang::En].map(|l| {
        entry.terms[l as usize]
            .iter()
            .all(|t| t.text.trim().is_empty())
    });
    for term in std::mem::take(&mut entry.terms[OTHER]) {
        if let Some(lang) = detect(&term.text) {
            if missing[lang as usize] {
                entry.terms[lang as usize].push(term);
            }
        }
    }
}

/// The glossary rows of one TBX entry.
fn to_rows(mut entry: TbxEntry, n: usize) -> Result<Vec<Entry>, String> {
    assign_other_terms(&mut entry);
    let id = if entry.id.is_empty() {
        format!("tbx-{n}")
    } else {
        entry.id.clone()
    };
    let concept = match id.rsplit_once("--") {
        Some((concept, k)) if k.chars().all(|c| c.is_ascii_digit()) => concept.to_string(),
        _ => id.clone(),
    };
    let [ru, en, _] = &entry.terms;
    let side = |terms: &[TbxTerm], code: &str| -> Result<(usize, Vec<usize>), String> {
        let terms: Vec<usize> = (0..terms.len())
            .filter(|&i| !terms[i].text.trim().is_empty())
            .collect();
        if terms.is_empty() {
            return Err(format!("entry `{id}` has no {code} term"));
        }
        Ok((terms[0], terms))
    };
    let (ru_main, ru_all) = side(ru, "Russian (ru)")?;
    let (en_main, en_all) = side(en, "English (en)")?;
    let status_of = |t: &TbxTerm| t.status.unwrap_or(Status::Preferred);
    let mut main = Entry::new(&concept, ru[ru_main].text.trim(), en[en_main].text.trim());
    main.domain = entry.domain.clone();
    main.note = entry.note.clone();
    main.context = entry.context.clone();
    main.pos = pos_from_tbx(&ru[ru_main].pos);
    for (column, value) in [
        ("valid_from", &entry.valid_from),
        ("valid_to", &entry.valid_to),
    ] {
        main.set_field(column, value)
            .map_err(|e| format!("entry `{id}`: {e}"))?;
    }
    let main_statuses = [status_of(&ru[ru_main]), status_of(&en[en_main])];
    main.status = if entry.x_status == "forbidden" {
        Status::Forbidden
    } else {
        main_statuses.into_iter().max().unwrap_or(Status::Preferred)
    };
    let mut extra_rows = Vec::new();
    for (lang, terms, all, main_index) in [
        (Lang::Ru, ru, &ru_all, ru_main),
        (Lang::En, en, &en_all, en_main),
    ] {
        let main_status = main_statuses[lang as usize];
        for &i in all.iter().filter(|&&i| i != main_index) {
            let t = &terms[i];
            let text = t.text.trim().to_string();
            if status_of(t).is_good() || status_of(t) == main_status {
                match lang {
                    Lang::Ru => main.ru_variants.push(text),
                    Lang::En => main.en_variants.push(text),
                }
            } else {
                // A deprecated term beside good ones: its own row.
                let mut row = main.clone();
                row.ru_variants.clear();
                row.en_variants.clear();
                match lang {
                    Lang::Ru => row.ru = text,
                    Lang::En => row.en = text,
                }
                row.status = Status::Deprecated;
                extra_rows.push(row);
            }
        }
    }
    let mut rows = vec![main];
    rows.extend(extra_rows);
    if let Some(problem) = rows.iter().find_map(Entry::problem) {
        return Err(format!("entry `{id}`: {problem}"));
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::EntryRef;

    fn glossary(rows: Vec<Entry>) -> Glossary {
        Glossary::new(rows.into_iter().enumerate().map(|(i, e)| {
            (
                e,
                EntryRef {
                    file: "g.tsv".into(),
                    line: i + 2,
                },
            )
        }))
    }

    #[test]
    fn round_trip_keeps_rows() {
        let mut a = Entry::new("city-astana", "Нур-Султан", "Nur-Sultan");
        a.valid_from = Some("2019-03-23".parse().unwrap());
        a.valid_to = Some("2022-09-17".parse().unwrap());
        a.pos = "propn".into();
        a.domain = "place".into();
        a.note = "renamed <back> & forth".into();
        a.en_variants = vec!["Nur Sultan".into()];
        a.context = "Kazakhstan|<Тока> & co|check".into();
        let mut b = Entry::new("country-kyrgyzstan", "Кыргызстан", "Kirghizia");
        b.status = Status::Forbidden;
        b.pos = "propn".into();
        let mut c = Entry::new("country-kyrgyzstan", "Кыргызстан", "Kyrgyzstan");
        c.pos = "phrase".into();
        let rows = vec![a, b, c];
        let mut out = Vec::new();
        write_tbx(&mut out, &glossary(rows.clone())).unwrap();
        let back = read_tbx(out.as_slice(), "g.tbx").unwrap();
        assert_eq!(back, rows);
    }

    #[test]
    fn reads_a_foreign_concept_entry() {
        let tbx = r#"<tbx type="TBX-Basic"><text><body>
          <conceptEntry id="c7"><descrip type="subjectField">office</descrip>
            <langSec xml:lang="ru-RU"><termSec><term>аким</term></termSec></langSec>
            <langSec xml:lang="en"><termSec><term>akim</term></termSec>
              <termSec><term>governor</term><termNote type="administrativeStatus">admittedTerm-admn-sts</termNote></termSec>
              <termSec><term>hakim</term><termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></termSec>
            </langSec></conceptEntry></body></text></tbx>"#;
        let rows = read_tbx(tbx.as_bytes(), "x.tbx").unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(
            (rows[0].concept.as_str(), rows[0].en.as_str()),
            ("c7", "akim")
        );
        assert_eq!(rows[0].en_variants, ["governor"]);
        assert_eq!(
            (rows[1].en.as_str(), rows[1].status),
            ("hakim", Status::Deprecated)
        );
        assert_eq!(rows[0].domain, "office");
    }

    #[test]
    fn a_langset_in_another_language_fills_a_missing_side_by_script() {
        let entry = |sets: &[(&str, &str)]| {
            let sets: String = sets
                .iter()
                .map(|(lang, term)| {
                    format!(
                        r#"<langSet xml:lang="{lang}"><tig><term>{term}</term></tig></langSet>"#
                    )
                })
                .collect();
            format!(
                r#"<martif><text><body><termEntry id="k">{sets}</termEntry></body></text></martif>"#
            )
        };
        // (langSets as (xml:lang, term), Ok((ru, en)) or the error)
        type LangSets<'a> = &'a [(&'a str, &'a str)];
        type Want<'a> = Result<(&'a str, &'a str), &'a str>;
        let cases: &[(LangSets, Want)] = &[
            // csv2tbx: English first as `en`, Russian as `xx`.
            (
                &[("en", "akimat"), ("xx", "акимат")],
                Ok(("акимат", "akimat")),
            ),
            // A Latin `xx` term cannot be the missing Russian side.
            (
                &[("en", "tenge"), ("xx", "tenge")],
                Err("entry `k` has no Russian (ru) term"),
            ),
            // No language at all on either side: both decided by script.
            (
                &[("xx", "Mazhilis"), ("de", "Мажилис")],
                Ok(("Мажилис", "Mazhilis")),
            ),
            // Both sides present: the other language is ignored.
            (
                &[("ru", "тенге"), ("en", "tenge"), ("kk", "теңге")],
                Ok(("тенге", "tenge")),
            ),
            // Neither script (digits only): still missing.
            (
                &[("ru", "аким"), ("xx", "2024")],
                Err("entry `k` has no English (en) term"),
            ),
        ];
        for (sets, want) in cases {
            let got = read_tbx(entry(sets).as_bytes(), "x.tbx");
            match (want, got) {
                (Ok((ru, en)), Ok(rows)) => {
                    assert_eq!(rows.len(), 1, "{sets:?}");
                    assert_eq!(
                        (rows[0].ru.as_str(), rows[0].en.as_str()),
                        (*ru, *en),
                        "{sets:?}"
                    );
                }
                (Err(want), Err(e)) => assert!(e.to_string().contains(want), "{sets:?}: {e}"),
                (want, got) => panic!("{sets:?}: wanted {want:?}, got {got:?}"),
            }
        }
    }

    #[test]
    fn malformed_tbx_is_an_error() {
        let cases: &[(&str, &str)] = &[
            ("<martif><text><body><termEntry><langSet xml:lang=\"ru\"><tig><term>а</term></tig></langSet></body>", "malformed XML"),
            ("<martif><text><body><termEntry id=\"x\"><langSet xml:lang=\"en\"><tig><term>a</term></tig></langSet></termEntry></body></text></martif>", "entry `x` has no Russian (ru) term"),
            ("<html><p>hello</p></html>", "no termEntry"),
            ("<martif><text><body><termEntry id=\"x\"><admin type=\"x-validFrom\">soon</admin><langSet xml:lang=\"ru\"><tig><term>а</term></tig></langSet><langSet xml:lang=\"en\"><tig><term>a</term></tig></langSet></termEntry></body></text></martif>", "valid_from `soon`"),
        ];
        for (input, want) in cases {
            let got = read_tbx(input.as_bytes(), "x.tbx").unwrap_err().to_string();
            assert!(got.starts_with("x.tbx:1: ") && got.contains(want), "{got}");
        }
    }

    /// One entry whose Russian term element holds `ru_term`, in a file
    /// whose entry starts on line 3.
    fn one_entry(ru_term: &str) -> String {
        format!(
            "<?xml version=\"1.0\"?>\n<martif><text><body>\n<termEntry id=\"k\">\n\
             <langSet xml:lang=\"ru\"><tig><term>{ru_term}</term></tig></langSet>\n\
             <langSet xml:lang=\"en\"><tig><term>word</term></tig></langSet>\n\
             </termEntry>\n</body></text></martif>\n"
        )
    }

    #[test]
    fn cdata_is_text() {
        let rows = read_tbx(one_entry("<![CDATA[Сло]]>во").as_bytes(), "x.tbx").unwrap();
        assert_eq!(rows[0].ru, "Слово");
        let rows = read_tbx(one_entry("<![CDATA[a<b&c]]>").as_bytes(), "x.tbx").unwrap();
        assert_eq!(rows[0].ru, "a<b&c");
    }

    #[test]
    fn utf16_tbx_is_read() {
        for big_endian in [false, true] {
            let text = one_entry("Астана 😀");
            let mut bytes = if big_endian {
                vec![0xFE, 0xFF]
            } else {
                vec![0xFF, 0xFE]
            };
            for unit in text.encode_utf16() {
                bytes.extend(if big_endian {
                    unit.to_be_bytes()
                } else {
                    unit.to_le_bytes()
                });
            }
            let rows = read_tbx(bytes.as_slice(), "x.tbx").unwrap();
            assert_eq!(
                (rows[0].ru.as_str(), rows[0].en.as_str()),
                ("Астана 😀", "word")
            );
        }
    }

    #[test]
    fn bad_input_is_refused_with_its_line() {
        let cases: &[(String, &str)] = &[
            (
                one_entry("а&#1;б"),
                "x.tbx:3: entry `k`: column `ru`: U+0001 is a control character",
            ),
            (
                one_entry("а\u{0}б"),
                "x.tbx:3: entry `k`: column `ru`: U+0000",
            ),
            (
                one_entry("а").replace("<termEntry id=\"k\">", "<termEntry id=\"k\" id=\"j\">"),
                "x.tbx:3: malformed XML: <termEntry> has the attribute id twice",
            ),
            (
                one_entry("а").replace(
                    "<termEntry id=\"k\">",
                    &format!(
                        "<termEntry id=\"k\"{}>",
                        (0..300).map(|i| format!(" a{i}=\"\"")).collect::<String>()
                    ),
                ),
                "x.tbx:3: <termEntry> has more than 256 attributes",
            ),
            (one_entry("&nbsp;"), "x.tbx:4: unknown entity `&nbsp;`"),
            (
                one_entry("а").replace("<term>а", "<term>а\u{FFFF}"),
                "x.tbx:3: entry `k`: column `ru`: U+FFFF",
            ),
        ];
        for (input, want) in cases {
            let got = read_tbx(input.as_bytes(), "x.tbx").unwrap_err().to_string();
            assert!(got.starts_with(want), "{got}");
        }
        let mut invalid = one_entry("а").into_bytes();
        invalid.splice(60..60, [0xFF]);
        let got = read_tbx(invalid.as_slice(), "x.tbx")
            .unwrap_err()
            .to_string();
        assert_eq!(
            got,
            "x.tbx:3: invalid UTF-8 at byte 60 (save the file as UTF-8)"
        );
    }

    #[test]
    fn export_is_well_formed_whatever_a_row_holds() {
        let mut a = Entry::new("c\"1", "a<b", "x&y");
        a.note = "bad \u{1} byte".into();
        let mut out = Vec::new();
        write_tbx(&mut out, &glossary(vec![a])).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains("<note>bad \u{FFFD} byte</note>"), "{text}");
        assert!(text.contains("id=\"c&quot;1--1\""), "{text}");
        let back = read_tbx(text.as_bytes(), "x.tbx").unwrap();
        assert_eq!(
            (back[0].ru.as_str(), back[0].note.as_str()),
            ("a<b", "bad \u{FFFD} byte")
        );
    }
}
