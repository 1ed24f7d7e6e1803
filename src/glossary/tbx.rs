//! TBX interchange (ISO 30042), TBX-Basic dialect, read and written with
//! quick-xml's streaming parser.
//!
//! Written: TBX-Basic in the 2008 `martif` form that memoQ, Trados
//! MultiTerm and OmegaT read. Each glossary row is one `termEntry` (id
//! `concept--n`), so the row's pairing, status and dates survive a round
//! trip: `subjectField` ← domain, `note`, `partOfSpeech`,
//! `administrativeStatus` per term (the side a deprecated/forbidden status
//! applies to gets `deprecatedTerm-admn-sts`), variants as further terms
//! with `termType` `variant`, and three extensions other tools ignore:
//! `<admin type="x-validFrom">`, `x-validTo`, `x-status` (for `forbidden`,
//! which TBX-Basic lacks).
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

fn escape(text: &str) -> String {
    quick_xml::escape::escape(text).into_owned()
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
    id: String,
    domain: String,
    note: String,
    valid_from: String,
    valid_to: String,
    x_status: String,
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
    None,
}

fn attr(e: &BytesStart, name: &[u8]) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == name)
        .and_then(|a| a.unescape_value().ok().map(|v| v.into_owned()))
}

/// Reads TBX rows; any problem is an error with the byte offset, and
/// nothing is returned from a file with problems.
pub fn read_tbx(input: impl BufRead, file: &str) -> Result<Vec<Entry>, GlossaryError> {
    let mut reader = Reader::from_reader(input);
    reader.config_mut().trim_text(false);
    let mut buf = Vec::new();
    let mut rows = Vec::new();
    let mut current: Option<TbxEntry> = None;
    // The langSet being read: a `Lang` index or OTHER.
    let mut lang: Option<usize> = None;
    let mut slot = Slot::None;
    let mut entries = 0usize;
    let malformed = |offset: u64, reason: String| GlossaryError::Xml {
        file: file.to_string(),
        offset,
        reason,
    };
    loop {
        let offset = reader.buffer_position();
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|e| malformed(offset, format!("malformed XML: {e}")))?;
        match event {
            Event::Start(e) => {
                let name = e.local_name();
                match name.as_ref() {
                    b"termEntry" | b"conceptEntry" => {
                        entries += 1;
                        current = Some(TbxEntry {
                            id: attr(&e, b"id").unwrap_or_default(),
                            ..TbxEntry::default()
                        });
                    }
                    b"langSet" | b"langSec" => {
                        lang = Some(
                            attr(&e, b"xml:lang")
                                .and_then(|l| l.parse::<Lang>().ok())
                                .map_or(OTHER, |l| l as usize),
                        );
                    }
                    b"tig" | b"ntig" | b"termSec" => {
                        if let (Some(entry), Some(l)) = (current.as_mut(), lang) {
                            entry.terms[l].push(TbxTerm::default());
                        }
                    }
                    b"term" => slot = Slot::Term,
                    b"termNote" => {
                        slot = match attr(&e, b"type").as_deref() {
                            Some("partOfSpeech") => Slot::Pos,
                            Some("administrativeStatus") | Some("normativeAuthorization") => {
                                Slot::AdmStatus
                            }
                            _ => Slot::None,
                        }
                    }
                    b"descrip" => {
                        slot = match attr(&e, b"type").as_deref() {
                            Some("subjectField") => Slot::Domain,
                            _ => Slot::None,
                        }
                    }
                    b"note" if current.is_some() => slot = Slot::Note,
                    b"admin" => {
                        slot = match attr(&e, b"type").as_deref() {
                            Some("x-validFrom") => Slot::ValidFrom,
                            Some("x-validTo") => Slot::ValidTo,
                            Some("x-status") => Slot::XStatus,
                            _ => Slot::None,
                        }
                    }
                    _ => {}
                }
            }
            Event::Text(t) => {
                let text = t
                    .unescape()
                    .map_err(|e| malformed(offset, format!("bad text: {e}")))?;
                if let Some(entry) = current.as_mut() {
                    let term = lang.and_then(|l| entry.terms[l].last_mut());
                    match (slot, term) {
                        (Slot::Term, Some(term)) => term.text.push_str(&text),
                        (Slot::Pos, Some(term)) => term.pos.push_str(text.trim()),
                        (Slot::AdmStatus, Some(term)) => {
                            term.status = Some(status_from_tbx(text.trim()))
                        }
                        (Slot::Domain, _) => entry.domain.push_str(text.trim()),
                        (Slot::Note, _) => entry.note.push_str(text.trim()),
                        (Slot::ValidFrom, _) => entry.valid_from.push_str(text.trim()),
                        (Slot::ValidTo, _) => entry.valid_to.push_str(text.trim()),
                        (Slot::XStatus, _) => entry.x_status.push_str(text.trim()),
                        _ => {}
                    }
                }
            }
            Event::End(e) => {
                let name = e.local_name();
                match name.as_ref() {
                    b"termEntry" | b"conceptEntry" => {
                        if let Some(entry) = current.take() {
                            rows.extend(
                                to_rows(entry, entries).map_err(|reason| {
                                    malformed(reader.buffer_position(), reason)
                                })?,
                            );
                        }
                    }
                    b"langSet" | b"langSec" => lang = None,
                    _ => slot = Slot::None,
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    if current.is_some() {
        return Err(malformed(
            reader.buffer_position(),
            "the file ends inside a term entry".into(),
        ));
    }
    if entries == 0 {
        return Err(malformed(
            0,
            "no termEntry or conceptEntry: is this a TBX file?".into(),
        ));
    }
    Ok(rows)
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
    if let Some(problem) = main.problem() {
        return Err(format!("entry `{id}`: {problem}"));
    }
    let mut rows = vec![main];
    rows.extend(extra_rows);
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
            assert!(
                got.starts_with("x.tbx: byte ") && got.contains(want),
                "{got}"
            );
        }
    }
}
