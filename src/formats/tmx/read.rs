//! The TMX reader: quick-xml's pull parser over the shared XML input
//! ([`super::super::xml`]), one record per `<tu>`.

use std::collections::BTreeSet;
use std::io::BufRead;

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use super::seg::{Capture, Target};
use super::tu::{Tu, Tuv};
use crate::formats::xml::{self, InputFailure, Source, XmlInput, MAX_MARKUP_FREE_RUN};
use crate::formats::{
    empty_segment, meta_problem, parse_timestamp, too_long, FormatError, Located, ReadResult,
    Record, RecordReader,
};

/// Elements nested deeper than this are refused (TMX needs about 8).
const MAX_DEPTH: usize = 128;
/// How many distinct languages a message lists.
const MAX_LANGS_LISTED: usize = 16;

/// A streaming TMX reader.
pub struct TmxReader<R: BufRead> {
    xml: Reader<XmlInput<Source<R>>>,
    file: String,
    buf: Vec<u8>,
    done: bool,
    /// A fatal error found before parsing (reading the first bytes).
    early: Option<FormatError>,
    depth: usize,
    root_seen: bool,
    tu: Option<Tu>,
    tuv: Option<Tuv>,
    capture: Option<Capture>,
    /// Languages met in the file so far, as written (bounded).
    file_langs: Vec<String>,
    pairs: u64,
    language_error_given: bool,
    /// The `srclang` of the `<header>`, as written.
    srclang: Option<String>,
    duplicates: u64,
    first_duplicate: u64,
    ignored_props: BTreeSet<String>,
}

impl<R: BufRead> TmxReader<R> {
    /// A reader of `input`, UTF-8 (with or without BOM) or UTF-16 (with a
    /// BOM, or starting with `<`).
    pub fn new(input: R, file: &str) -> Self {
        let (input, early) = xml::open(input);
        let early = early.map(|source| FormatError::Io {
            file: file.to_string(),
            line: 1,
            source,
        });
        let xml = Reader::from_reader(input);
        TmxReader {
            xml,
            file: file.to_string(),
            buf: Vec::new(),
            done: false,
            early,
            depth: 0,
            root_seen: false,
            tu: None,
            tuv: None,
            capture: None,
            file_langs: Vec::new(),
            pairs: 0,
            language_error_given: false,
            srclang: None,
            duplicates: 0,
            first_duplicate: 0,
            ignored_props: BTreeSet::new(),
        }
    }

    fn line(&self) -> u64 {
        self.xml.get_ref().line
    }

    fn fatal(&mut self, line: u64, reason: String) -> FormatError {
        self.done = true;
        FormatError::Malformed {
            file: self.file.clone(),
            line,
            reason,
        }
    }

    /// Turns a parser error into the fatal error to report.
    fn parse_failure(&mut self, error: quick_xml::Error) -> FormatError {
        self.done = true;
        let line = self.line();
        let file = self.file.clone();
        match self.xml.get_mut().failure.take() {
            Some(InputFailure::Encoding {
                offset,
                line,
                encoding,
            }) => FormatError::InvalidEncoding {
                file,
                line,
                offset,
                encoding,
            },
            Some(InputFailure::RunTooLong { line }) => FormatError::Malformed {
                file,
                line,
                reason: format!(
                    "more than {} MiB of text without any markup; this is not a usable TMX",
                    MAX_MARKUP_FREE_RUN >> 20
                ),
            },
            Some(InputFailure::Io { line, error }) => FormatError::Io {
                file,
                line,
                source: error,
            },
            None => FormatError::Malformed {
                file,
                line,
                reason: format!("malformed XML: {error}; nothing after this point can be trusted"),
            },
        }
    }

    fn tu_fail(&mut self, reason: String) {
        if let Some(tu) = &mut self.tu {
            tu.fail(reason);
        }
    }

    fn start(&mut self, e: &BytesStart<'_>, empty: bool, line: u64) -> Result<(), FormatError> {
        if let Some(capture) = &self.capture {
            if capture.target == Target::Seg {
                let (Some(capture), Some(tu)) = (&mut self.capture, &mut self.tu) else {
                    return Ok(());
                };
                return capture
                    .start_inline(tu, e, empty)
                    .map_err(|reason| self.fatal(line, reason));
            }
            return Ok(());
        }
        let name = e.local_name();
        let name = name.as_ref();
        if self.depth == 1 {
            if name != b"tmx" {
                let name = String::from_utf8_lossy(name).into_owned();
                return Err(self.fatal(
                    line,
                    format!("not a TMX file: the root element is <{name}>, not <tmx>"),
                ));
            }
            self.root_seen = true;
            return Ok(());
        }
        match (name, self.tu.is_some(), self.tuv.is_some()) {
            (b"header", false, _) => {
                for (key, value) in self.attributes(e, line)? {
                    if key == "srclang" {
                        self.srclang = value.ok();
                    }
                }
            }
            (b"tu", false, _) => self.start_tu(e, line)?,
            (b"tuv", true, false) => self.start_tuv(e, line)?,
            (b"seg", true, true) => self.capture_start(Target::Seg, empty),
            (b"note", true, false) => self.capture_start(Target::Note, empty),
            (b"prop", true, false) => {
                let mut kind = None;
                for (key, value) in self.attributes(e, line)? {
                    if key == "type" {
                        kind = value.ok();
                    }
                }
                match kind {
                    Some(kind) => self.capture_start(Target::Prop(kind), empty),
                    None => self.tu_fail("a <prop> has no type attribute".to_string()),
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// A `<tu>` begins: its dates from the attributes.
    fn start_tu(&mut self, e: &BytesStart<'_>, line: u64) -> Result<(), FormatError> {
        let mut tu = Tu {
            line,
            depth: self.depth,
            ..Tu::default()
        };
        for (key, value) in self.attributes(e, line)? {
            let value = match value {
                Ok(v) => v,
                Err(reason) => {
                    tu.fail(reason);
                    continue;
                }
            };
            let slot = match key.as_str() {
                "creationdate" => &mut tu.meta.created,
                "changedate" => &mut tu.meta.changed,
                _ => continue,
            };
            match parse_timestamp(&value) {
                Ok(t) => *slot = Some(t),
                Err(_) => tu.fail(format!(
                    "bad {key} `{value}`: expected YYYYMMDDThhmmssZ, e.g. 20190323T120000Z"
                )),
            }
        }
        self.tu = Some(tu);
        Ok(())
    }

    /// A `<tuv>` begins: its language from `xml:lang` (or TMX 1.1 `lang`).
    fn start_tuv(&mut self, e: &BytesStart<'_>, line: u64) -> Result<(), FormatError> {
        let mut lang = None;
        for (key, value) in self.attributes(e, line)? {
            if key == "xml:lang" || (key == "lang" && lang.is_none()) {
                match value {
                    Ok(v) => lang = Some(v),
                    Err(reason) => self.tu_fail(reason),
                }
            }
        }
        let primary = match lang {
            Some(lang) => Some(self.note_language(lang)),
            None => {
                self.tu_fail("a <tuv> has no xml:lang attribute".to_string());
                None
            }
        };
        self.tuv = Some(Tuv {
            depth: self.depth,
            primary,
            has_seg: false,
        });
        Ok(())
    }

    /// The attributes of `e`; one given twice or too many are fatal.
    fn attributes(
        &mut self,
        e: &BytesStart<'_>,
        line: u64,
    ) -> Result<Vec<xml::Attribute>, FormatError> {
        xml::attributes(e).map_err(|reason| self.fatal(line, reason))
    }

    /// Records the language of a `<tuv>` and returns its primary subtag.
    fn note_language(&mut self, lang: String) -> String {
        let primary = lang
            .split(['-', '_'])
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        if let Some(tu) = &mut self.tu {
            if !tu.langs.iter().any(|l| l.eq_ignore_ascii_case(&lang))
                && tu.langs.len() < MAX_LANGS_LISTED
            {
                tu.langs.push(lang.clone());
            }
        }
        if !self
            .file_langs
            .iter()
            .any(|l| l.eq_ignore_ascii_case(&lang))
            && self.file_langs.len() < MAX_LANGS_LISTED
        {
            self.file_langs.push(lang);
        }
        primary
    }

    fn capture_start(&mut self, target: Target, empty: bool) {
        let capture = Capture::new(target, self.depth);
        if empty {
            self.capture_end(capture);
        } else {
            self.capture = Some(capture);
        }
    }

    /// Stores what a finished `<seg>`, `<note>` or `<prop>` held.
    fn capture_end(&mut self, capture: Capture) {
        if let Some(tu) = &mut self.tu {
            tu.store(capture, self.tuv.as_mut(), &mut self.ignored_props);
        }
    }

    /// Handles the end of the element at `self.depth`, then leaves it.
    /// Returns the finished `<tu>`'s result.
    fn end(&mut self, name: &[u8]) -> Option<ReadResult> {
        let depth = self.depth;
        self.depth = self.depth.saturating_sub(1);
        if let Some(capture) = &mut self.capture {
            if depth == capture.depth {
                if let Some(capture) = self.capture.take() {
                    self.capture_end(capture);
                }
            } else if let (Target::Seg, Some(tu)) = (&capture.target, &mut self.tu) {
                capture.end_inline(tu, name);
            }
            return None;
        }
        if self.tuv.as_ref().is_some_and(|t| t.depth == depth) {
            self.tuv = None;
            return None;
        }
        if self.tu.as_ref().is_some_and(|t| t.depth == depth) {
            let tu = self.tu.take()?;
            return Some(self.finish_tu(tu));
        }
        None
    }

    fn finish_tu(&mut self, mut tu: Tu) -> ReadResult {
        let line = tu.line;
        if tu.duplicate {
            if self.duplicates == 0 {
                self.first_duplicate = line;
            }
            self.duplicates += 1;
        }
        if tu.meta.note.is_none() {
            tu.meta.note = tu.prop_note.take();
        }
        let reason = if tu.too_long {
            Some(too_long(tu.bytes as u64))
        } else if let Some(reason) = tu.error.take() {
            Some(reason)
        } else if tu.ru.is_none() || tu.en.is_none() {
            let reason = self.language_reason(&tu);
            if self.pairs == 0 && self.foreign() {
                return Err(self.fatal(line, format!("{reason}, so nothing was read from it")));
            }
            Some(reason)
        } else {
            None
        };
        if let Some(reason) = reason {
            return Err(FormatError::BadRecord {
                file: self.file.clone(),
                line,
                reason,
            });
        }
        let (ru, en) = (tu.ru.unwrap_or_default(), tu.en.unwrap_or_default());
        if let Some(reason) = empty_segment(&ru, &en).or_else(|| meta_problem(&tu.meta)) {
            return Err(FormatError::BadRecord {
                file: self.file.clone(),
                line,
                reason,
            });
        }
        self.pairs += 1;
        Ok(Located {
            line,
            value: Record {
                ru,
                en,
                meta: tu.meta,
            },
        })
    }

    /// Whether the file is in other languages altogether: its header names
    /// a source language other than ru and en, and no `<tuv>` so far was in
    /// either. Such a file is refused whole, as Trados refuses a TMX whose
    /// languages do not match the memory's.
    fn foreign(&self) -> bool {
        let primary = |l: &str| {
            l.split(['-', '_'])
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase()
        };
        let ours = |l: &str| matches!(primary(l).as_str(), "ru" | "en");
        self.srclang
            .as_deref()
            .is_some_and(|s| !ours(s) && s.trim() != "*all*")
            && !self.file_langs.iter().any(|l| ours(l))
    }

    fn language_reason(&mut self, tu: &Tu) -> String {
        let has = |p: &str| {
            self.file_langs.iter().any(|l| {
                l.split(['-', '_'])
                    .next()
                    .unwrap_or("")
                    .trim()
                    .eq_ignore_ascii_case(p)
            })
        };
        let first = !self.language_error_given;
        self.language_error_given = true;
        if first && self.pairs == 0 && !(has("ru") && has("en")) {
            let langs = if self.file_langs.is_empty() {
                "no language".to_string()
            } else {
                format!("languages {}", self.file_langs.join(", "))
            };
            let source = match &self.srclang {
                Some(s) if !s.trim().is_empty() && s.trim() != "*all*" => {
                    format!(" (source language {})", s.trim())
                }
                _ => String::new(),
            };
            return format!("this TMX holds {langs}{source}; tilmash needs ru and en");
        }
        let missing = match (tu.ru.is_none(), tu.en.is_none()) {
            (true, true) => "ru and en segments",
            (true, false) => "ru segment",
            _ => "en segment",
        };
        if tu.langs.is_empty() {
            format!("the <tu> has no <tuv>: no {missing}")
        } else {
            format!(
                "the <tu> has no {missing} (languages found: {})",
                tu.langs.join(", ")
            )
        }
    }

    fn text(&mut self, raw: &[u8], cdata: bool) {
        if let (Some(capture), Some(tu)) = (&mut self.capture, &mut self.tu) {
            capture.text(tu, raw, cdata);
        }
    }
}

impl<R: BufRead> Iterator for TmxReader<R> {
    type Item = ReadResult;

    fn next(&mut self) -> Option<ReadResult> {
        if let Some(e) = self.early.take() {
            self.done = true;
            return Some(Err(e));
        }
        let mut buf = std::mem::take(&mut self.buf);
        let result = self.pull(&mut buf);
        if buf.capacity() > 1 << 20 {
            buf = Vec::new();
        }
        self.buf = buf;
        result
    }
}

impl<R: BufRead> TmxReader<R> {
    fn pull(&mut self, buf: &mut Vec<u8>) -> Option<ReadResult> {
        loop {
            if self.done {
                return None;
            }
            buf.clear();
            let line = self.line();
            let event = match self.xml.read_event_into(buf) {
                Ok(event) => event,
                Err(e) => return Some(Err(self.parse_failure(e))),
            };
            match event {
                Event::Start(_) | Event::Empty(_) if self.depth >= MAX_DEPTH => {
                    return Some(Err(self.fatal(
                        line,
                        format!(
                            "elements nested more than {MAX_DEPTH} deep; this is not a usable TMX"
                        ),
                    )));
                }
                Event::Start(e) => {
                    self.depth += 1;
                    if let Err(err) = self.start(&e, false, line) {
                        return Some(Err(err));
                    }
                }
                Event::Empty(e) => {
                    self.depth += 1;
                    let in_capture = self.capture.is_some();
                    if let Err(err) = self.start(&e, true, line) {
                        return Some(Err(err));
                    }
                    if in_capture {
                        // An inline empty element: already appended.
                        self.depth -= 1;
                    } else if let Some(result) = self.end(&[]) {
                        return Some(result);
                    }
                }
                Event::End(e) => {
                    let name = e.name();
                    if let Some(result) = self.end(name.as_ref()) {
                        return Some(result);
                    }
                }
                Event::Text(t) => self.text(&t, false),
                Event::CData(t) => self.text(&t, true),
                Event::DocType(d) => {
                    let lower = String::from_utf8_lossy(&d).to_ascii_lowercase();
                    if lower.contains("<!entity") {
                        return Some(Err(self.fatal(
                            line,
                            "the DOCTYPE declares entities: DTD entity declarations are refused; \
                             remove the internal DTD subset"
                                .to_string(),
                        )));
                    }
                }
                Event::Comment(_) | Event::Decl(_) | Event::PI(_) => {}
                Event::Eof => {
                    let line = self.line();
                    if let Some(tu) = &self.tu {
                        let opened = tu.line;
                        return Some(Err(self.fatal(
                            line,
                            format!(
                                "the file ends inside the <tu> opened at line {opened}: \
                                 it is cut short"
                            ),
                        )));
                    }
                    if self.depth > 0 {
                        return Some(Err(self.fatal(
                            line,
                            "the file ends before </tmx>: it is cut short".to_string(),
                        )));
                    }
                    if !self.root_seen {
                        return Some(Err(
                            self.fatal(line, "not a TMX file: no <tmx> element".to_string())
                        ));
                    }
                    self.done = true;
                    return None;
                }
            }
        }
    }
}

impl<R: BufRead> RecordReader for TmxReader<R> {
    fn warnings(&self) -> Vec<String> {
        let mut warnings = Vec::new();
        if self.duplicates > 0 {
            warnings.push(format!(
                "{} translation unit(s) had more than one segment in a language \
                 (first at line {}); the first one was taken",
                self.duplicates, self.first_duplicate
            ));
        }
        if !self.ignored_props.is_empty() {
            let names: Vec<&str> = self.ignored_props.iter().map(String::as_str).collect();
            warnings.push(format!("ignored <prop> types: {}", names.join(", ")));
        }
        warnings
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::UTF8_BOM;
    use crate::text::inline::show;

    fn read(input: &[u8]) -> (Vec<String>, Vec<String>) {
        let mut reader = TmxReader::new(input, "in.tmx");
        let items = reader
            .by_ref()
            .map(|item| match item {
                Ok(Located { line, value }) => {
                    let meta = serde_json::to_string(&value.meta).unwrap_or_default();
                    let (ru, en) = (show(&value.ru), show(&value.en));
                    if meta == "{}" {
                        format!("{line}: {ru} | {en}")
                    } else {
                        format!("{line}: {ru} | {en} | {meta}")
                    }
                }
                Err(e) => format!("ERR {e}"),
            })
            .collect();
        (items, reader.warnings())
    }

    fn tmx(body: &str) -> String {
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\">\n\
             <header srclang=\"*all*\" adminlang=\"en\" segtype=\"sentence\" o-tmf=\"x\" \
             creationtool=\"x\" creationtoolversion=\"1\" datatype=\"plaintext\"/>\n<body>\n{body}</body>\n</tmx>\n"
        )
    }

    fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
        let mut out = if big_endian {
            vec![0xFE, 0xFF]
        } else {
            vec![0xFF, 0xFE]
        };
        for unit in text.encode_utf16() {
            out.extend_from_slice(&if big_endian {
                unit.to_be_bytes()
            } else {
                unit.to_le_bytes()
            });
        }
        out
    }

    #[test]
    fn good_files() {
        let cases: Vec<(&str, Vec<u8>, Vec<&str>)> = vec![
            (
                "plain, two units, lines of the <tu>",
                tmx("<tu><tuv xml:lang=\"ru\"><seg>Астана</seg></tuv><tuv xml:lang=\"en\"><seg>Astana</seg></tuv></tu>\n\
                     <tu>\n<tuv xml:lang=\"en\"><seg>B</seg></tuv>\n<tuv xml:lang=\"ru\"><seg>Б</seg></tuv>\n</tu>\n").into_bytes(),
                vec!["5: Астана | Astana", "6: Б | B"],
            ),
            (
                "language forms: RU-ru, EN_us, TMX 1.1 lang",
                tmx("<tu><tuv xml:lang=\"RU-ru\"><seg>а</seg></tuv><tuv lang=\"EN_us\"><seg>a</seg></tuv></tu>\n").into_bytes(),
                vec!["5: а | a"],
            ),
            (
                "inline tags as numbered codes with their XML, entities in seg text unescaped",
                tmx("<tu><tuv xml:lang=\"ru\"><seg>Астана &amp; <ph x=\"1\">&lt;b&gt;</ph><bpt i=\"1\">&lt;i&gt;</bpt>Б<ept i=\"1\">&lt;/i&gt;</ept><x id=\"3\"/></seg></tuv>\
                     <tuv xml:lang=\"en\"><seg>&#x41;&#66;&quot;&apos;<hi type=\"b\">Hi &amp; <ph><sub>s &amp; t</sub></ph></hi></seg></tuv></tu>\n").into_bytes(),
                vec![concat!(
                    "5: Астана & {1/}{2}Б{/2}{3/} | AB\"'{1}Hi & {2/}{/1} | {\"inline\":{\"ru\":[",
                    "{\"kind\":\"standalone\",\"n\":1,\"xml\":\"<ph x=\\\"1\\\">&lt;b&gt;</ph>\"},",
                    "{\"kind\":\"open\",\"n\":2,\"xml\":\"<bpt i=\\\"1\\\">&lt;i&gt;</bpt>\"},",
                    "{\"kind\":\"close\",\"n\":2,\"xml\":\"<ept i=\\\"1\\\">&lt;/i&gt;</ept>\"},",
                    "{\"kind\":\"standalone\",\"n\":3,\"xml\":\"<x id=\\\"3\\\"/>\"}],\"en\":[",
                    "{\"kind\":\"open\",\"n\":1,\"xml\":\"<hi type=\\\"b\\\">\"},",
                    "{\"kind\":\"standalone\",\"n\":2,\"xml\":\"<ph><sub>s &amp; t</sub></ph>\"},",
                    "{\"kind\":\"close\",\"n\":1,\"xml\":\"</hi>\"}]}}",
                )],
            ),
            (
                "props, note, dates",
                tmx("<tu tuid=\"7\" creationdate=\"20190323T120000Z\" changedate=\"20200101T000000Z\">\
                     <prop type=\"x-article\">https://x/1</prop><prop type=\"x-position\">4</prop>\
                     <prop type=\"x-date\">2019-03-23</prop><prop type=\"x-origin\">batch 1</prop>\
                     <prop type=\"x-tags\">politics;kz</prop><prop type=\"x-tags\">capital</prop>\
                     <prop type=\"x-context-prev-ru\">00000000000000ff</prop><prop type=\"x-other\">?</prop>\
                     <note>check the name</note>\
                     <tuv xml:lang=\"ru\"><seg>а</seg></tuv><tuv xml:lang=\"en\"><seg>a</seg></tuv></tu>\n").into_bytes(),
                vec![r#"5: а | a | {"article":"https://x/1","position":4,"date":"2019-03-23","origin":"batch 1","note":"check the name","tags":["politics","kz","capital"],"created":"2019-03-23T12:00:00Z","changed":"2020-01-01T00:00:00Z","context":{"prev_ru":"00000000000000ff"}}"#],
            ),
            (
                "x-note when there is no <note>; other languages ignored",
                tmx("<tu><prop type=\"x-note\">n</prop><tuv xml:lang=\"de\"><seg>d</seg></tuv><tuv xml:lang=\"ru\"><seg>а</seg></tuv><tuv xml:lang=\"en\"><seg>a</seg></tuv></tu>\n").into_bytes(),
                vec![r#"5: а | a | {"note":"n"}"#],
            ),
            (
                "CRLF file: line breaks inside a seg read as LF, &#13; kept",
                tmx("<tu>\r\n<tuv xml:lang=\"ru\"><seg>две\r\nстроки&#13;</seg></tuv>\r\n<tuv xml:lang=\"en\"><seg> two\tlines </seg></tuv></tu>\r\n").replace('\n', "\r\n").replace("\r\r\n", "\r\n").into_bytes(),
                vec!["5: две\nстроки\r |  two\tlines "],
            ),
            (
                "CR-only line endings",
                tmx("<tu><tuv xml:lang=\"ru\"><seg>а</seg></tuv><tuv xml:lang=\"en\"><seg>a</seg></tuv></tu>\n").replace('\n', "\r").into_bytes(),
                vec!["5: а | a"],
            ),
            (
                "UTF-8 BOM, CDATA, comments, DOCTYPE without entities",
                [UTF8_BOM, tmx("<tu><!-- c --><tuv xml:lang=\"ru\"><seg><![CDATA[<b>а</b>]]></seg></tuv><tuv xml:lang=\"en\"><seg>a</seg></tuv></tu>\n")
                    .replace("<tmx ", "<!DOCTYPE tmx SYSTEM \"tmx14.dtd\">\n<tmx ").as_bytes()].concat(),
                vec!["6: <b>а</b> | a"],
            ),
            (
                "UTF-16LE with BOM",
                utf16(&tmx("<tu><tuv xml:lang=\"ru\"><seg>Нур-Султан 😀</seg></tuv><tuv xml:lang=\"en\"><seg>Nur-Sultan</seg></tuv></tu>\n").replace("UTF-8", "UTF-16"), false),
                vec!["5: Нур-Султан 😀 | Nur-Sultan"],
            ),
            (
                "UTF-16BE with BOM",
                utf16(&tmx("<tu><tuv xml:lang=\"ru\"><seg>а</seg></tuv><tuv xml:lang=\"en\"><seg>a</seg></tuv></tu>\n"), true),
                vec!["5: а | a"],
            ),
        ];
        for (name, input, expected) in cases {
            assert_eq!(read(&input).0, expected, "{name}");
        }
    }

    #[test]
    fn bad_files() {
        let pair = "<tuv xml:lang=\"ru\"><seg>а</seg></tuv><tuv xml:lang=\"en\"><seg>a</seg></tuv>";
        let cases: Vec<(&str, Vec<u8>, Vec<String>)> = vec![
            (
                "only de and fr: the first error speaks of the file",
                tmx("<tu><tuv xml:lang=\"de\"><seg>d</seg></tuv><tuv xml:lang=\"fr\"><seg>f</seg></tuv></tu>\n<tu><tuv xml:lang=\"de\"><seg>e</seg></tuv></tu>\n").into_bytes(),
                vec![
                    "ERR in.tmx:5: this TMX holds languages de, fr; tilmash needs ru and en".into(),
                    "ERR in.tmx:6: the <tu> has no ru and en segments (languages found: de)".into(),
                ],
            ),
            (
                "one language missing after good units",
                tmx(&format!("<tu>{pair}</tu>\n<tu><tuv xml:lang=\"ru-RU\"><seg>б</seg></tuv></tu>\n<tu/>\n")).into_bytes(),
                vec![
                    "5: а | a".into(),
                    "ERR in.tmx:6: the <tu> has no en segment (languages found: ru-RU)".into(),
                    "ERR in.tmx:7: the <tu> has no <tuv>: no ru and en segments".into(),
                ],
            ),
            (
                "control characters skip the tu, reading goes on",
                tmx(&format!("<tu><tuv xml:lang=\"ru\"><seg>а&#1;</seg></tuv><tuv xml:lang=\"en\"><seg>a</seg></tuv></tu>\n<tu><tuv xml:lang=\"ru\"><seg>\u{1}</seg></tuv><tuv xml:lang=\"en\"><seg>a</seg></tuv></tu>\n<tu>{pair}</tu>\n")).into_bytes(),
                vec![
                    "ERR in.tmx:5: U+0001 is a control character that XML does not allow; this <tu> is skipped".into(),
                    "ERR in.tmx:6: U+0001 is a control character that XML does not allow; this <tu> is skipped".into(),
                    "7: а | a".into(),
                ],
            ),
            (
                "unknown entity and empty segment",
                tmx(&format!("<tu><tuv xml:lang=\"ru\"><seg>&nbsp;</seg></tuv><tuv xml:lang=\"en\"><seg>a</seg></tuv></tu>\n<tu><tuv xml:lang=\"ru\"><seg/></tuv><tuv xml:lang=\"en\"><seg>a</seg></tuv></tu>\n<tu>{pair}</tu>\n")).into_bytes(),
                vec![
                    "ERR in.tmx:5: unknown entity `&nbsp;`: only &lt; &gt; &amp; &quot; &apos; and character references (&#…;) are allowed".into(),
                    "ERR in.tmx:6: empty Russian segment".into(),
                    "7: а | a".into(),
                ],
            ),
            (
                "bad prop and bad creationdate",
                tmx("<tu creationdate=\"2019\"><tuv xml:lang=\"ru\"><seg>а</seg></tuv><tuv xml:lang=\"en\"><seg>a</seg></tuv></tu>\n<tu><prop type=\"x-date\">soon</prop><tuv xml:lang=\"ru\"><seg>а</seg></tuv><tuv xml:lang=\"en\"><seg>a</seg></tuv></tu>\n").into_bytes(),
                vec![
                    "ERR in.tmx:5: bad creationdate `2019`: expected YYYYMMDDThhmmssZ, e.g. 20190323T120000Z".into(),
                    "ERR in.tmx:6: <prop type=\"x-date\">: bad date `soon`: expected YYYY-MM-DD or an RFC 3339 timestamp".into(),
                ],
            ),
            (
                "cut in the middle of a tu",
                tmx(&format!("<tu>{pair}</tu>\n<tu>\n<tuv xml:lang=\"ru\"><seg>обре")).split("</body>").next().unwrap_or("").as_bytes().to_vec(),
                vec![
                    "5: а | a".into(),
                    "ERR in.tmx:7: the file ends inside the <tu> opened at line 6: it is cut short".into(),
                ],
            ),
            (
                "cut inside a tag",
                tmx(&format!("<tu>{pair}</tu>\n<tu>\n<tuv xml:la")).split("</body>").next().unwrap_or("").as_bytes().to_vec(),
                vec![
                    "5: а | a".into(),
                    "ERR in.tmx:7: malformed XML: syntax error: tag not closed: `>` not found before end of input; nothing after this point can be trusted".into(),
                ],
            ),
            (
                "mismatched end tag",
                tmx(&format!("<tu>{pair}</tuv>\n<tu>{pair}</tu>\n")).into_bytes(),
                vec!["ERR in.tmx:5: malformed XML: ill-formed document: expected `</tu>`, but `</tuv>` was found; nothing after this point can be trusted".into()],
            ),
            (
                "entity bomb",
                "<?xml version=\"1.0\"?>\n<!DOCTYPE tmx [\n<!ENTITY lol \"lol\">\n<!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n]>\n<tmx><body><tu><tuv xml:lang=\"ru\"><seg>&lol2;</seg></tuv></tu></body></tmx>\n".as_bytes().to_vec(),
                vec!["ERR in.tmx:2: the DOCTYPE declares entities: DTD entity declarations are refused; remove the internal DTD subset".into()],
            ),
            (
                "invalid UTF-8 with its byte offset",
                [tmx(&format!("<tu>{pair}</tu>\n")).split("</body>").next().unwrap_or("").as_bytes(), b"<tu>\xFF</tu>"].concat(),
                vec![
                    "5: а | a".into(),
                    format!("ERR in.tmx:6: invalid UTF-8 at byte {} (save the file as UTF-8)", tmx(&format!("<tu>{pair}</tu>\n")).find("</body>").unwrap_or(0) + 4),
                ],
            ),
            (
                "invalid UTF-8 after a BOM counts the BOM",
                [UTF8_BOM, b"<tmx>\xC3("].concat(),
                vec!["ERR in.tmx:1: invalid UTF-8 at byte 8 (save the file as UTF-8)".into()],
            ),
            (
                "an attribute given twice is malformed XML",
                tmx(&format!("<tu>{pair}</tu>\n<tu tuid=\"1\" tuid=\"2\">{pair}</tu>\n")).into_bytes(),
                vec![
                    "5: а | a".into(),
                    "ERR in.tmx:6: malformed XML: <tu> has the attribute tuid twice; nothing after this point can be trusted".into(),
                ],
            ),
            (
                "200,000 attributes are refused at once, not checked pairwise",
                tmx(&format!("<tu{}>{pair}</tu>\n", (0..200_000).map(|i| format!(" a{i}=\"\"")).collect::<String>())).into_bytes(),
                vec!["ERR in.tmx:5: <tu> has more than 256 attributes; this is not a usable file".into()],
            ),
            (
                "not TMX",
                b"<html><body/></html>".to_vec(),
                vec!["ERR in.tmx:1: not a TMX file: the root element is <html>, not <tmx>".into()],
            ),
            (
                "empty input",
                Vec::new(),
                vec!["ERR in.tmx:1: not a TMX file: no <tmx> element".into()],
            ),
            (
                "UTF-16 with an unpaired surrogate",
                {
                    let mut v = utf16("<tmx>", false);
                    v.extend_from_slice(&[0x00, 0xD8, b'a', 0]);
                    v
                },
                vec!["ERR in.tmx:1: invalid UTF-16 at byte 12 (save the file as UTF-8)".into()],
            ),
        ];
        for (name, input, expected) in cases {
            assert_eq!(read(&input).0, expected, "{name}");
        }
    }

    #[test]
    fn duplicate_languages_take_the_first_and_warn() {
        let input = tmx("<tu><tuv xml:lang=\"ru\"><seg>1</seg></tuv><tuv xml:lang=\"ru\"><seg>2</seg></tuv><tuv xml:lang=\"en\"><seg>a</seg></tuv></tu>\n\
                         <tu><tuv xml:lang=\"ru\"><seg>3</seg></tuv><tuv xml:lang=\"en\"><seg>b</seg></tuv><prop type=\"x-zz\">1</prop></tu>\n");
        let (items, warnings) = read(input.as_bytes());
        assert_eq!(items, ["5: 1 | a", "6: 3 | b"]);
        assert_eq!(
            warnings,
            [
                "1 translation unit(s) had more than one segment in a language (first at line 5); the first one was taken",
                "ignored <prop> types: x-zz",
            ]
        );
    }

    #[test]
    fn long_segments() {
        let pair = "<tuv xml:lang=\"ru\"><seg>а</seg></tuv><tuv xml:lang=\"en\"><seg>a</seg></tuv>";
        let one_mb = "ж".repeat(1 << 19);
        let huge = "x".repeat(17 << 20);
        let input = tmx(&format!(
            "<tu><tuv xml:lang=\"ru\"><seg>{one_mb}</seg></tuv><tuv xml:lang=\"en\"><seg>b</seg></tuv></tu>\n\
             <tu><tuv xml:lang=\"ru\"><seg>{huge}</seg></tuv><tuv xml:lang=\"en\"><seg>b</seg></tuv></tu>\n<tu>{pair}</tu>\n"
        ));
        let got: Vec<_> = TmxReader::new(input.as_bytes(), "big.tmx").collect();
        assert_eq!(got.len(), 3);
        assert!(matches!(&got[0], Ok(r) if r.value.ru == one_mb));
        match &got[1] {
            Err(e) => assert_eq!(
                e.to_string(),
                "big.tmx:6: record too long: 17825792 bytes, the limit is 16 MiB (16777216 bytes)"
            ),
            Ok(_) => panic!("a 17 MB segment must be refused"),
        }
        assert!(matches!(&got[2], Ok(r) if r.line == 7));
    }

    #[test]
    fn text_without_markup_beyond_32_mib_is_fatal() {
        let mut input = b"<tmx><body><tu><tuv xml:lang=\"ru\"><seg>".to_vec();
        input.extend(std::iter::repeat_n(b'x', 33 << 20));
        let got: Vec<String> = TmxReader::new(&input[..], "t.tmx")
            .map(|r| r.map(|_| String::new()).unwrap_or_else(|e| e.to_string()))
            .collect();
        assert_eq!(
            got,
            ["t.tmx:1: more than 32 MiB of text without any markup; this is not a usable TMX"]
        );
    }
}
