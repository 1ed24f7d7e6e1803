//! XLIFF writers for bilingual drafts (`pretranslate`): XLIFF 2.0 (OASIS
//! Standard, core plus the Translation Candidates, Glossary and Metadata
//! modules) and XLIFF 1.2 (what most CAT tools still read best). Both
//! stream: one segment is written as soon as it is given.
//!
//! One `<unit>` (`<trans-unit>`) per segment, numbered from 1.
//!
//! XLIFF 2.0 (`urn:oasis:names:tc:xliff:document:2.0`):
//! - `<xliff version="2.0" srcLang trgLang>`, one `<file id="f1" original>`;
//! - per unit, in the order the core schema wants (modules first): the
//!   memory's matches as `<mtc:match ref="#sN" type="tm" origin
//!   similarity matchQuality subType>` with the match's source and target
//!   and its unit's metadata in `<mda:metadata>` (score, fuzzy, unit id,
//!   article, position, date, origin); glossary terms as `<gls:glossary>`;
//!   then `<segment id="sN" state subState>`;
//! - `state`: `translated` for an exact match (100, 101), `initial` with
//!   the draft as target for a fuzzy one, `initial` with no target for a
//!   segment to translate; `subState` says which (`tilmash:exact`,
//!   `tilmash:fuzzy`, `tilmash:new`).
//!
//! XLIFF 1.2 (`urn:oasis:names:tc:xliff:document:1.2`):
//! - `<trans-unit id="N">` with `<source>`, then `<target state
//!   state-qualifier>`: `translated`/`exact-match` (and `approved="yes"`
//!   on the unit, which tools built on translate-toolkit need to see it as
//!   translated rather than fuzzy), or `needs-review-translation`/
//!   `fuzzy-match`; no `<target>` at all for a segment to translate, and
//!   a `<note>` saying so;
//! - each match as `<alt-trans match-quality="95" origin tool-id>` with
//!   its source, target and a `<note>` with its metadata; glossary terms
//!   as `<note from="tilmash-glossary">`.
//!
//! A run of segments the translator translated as one (a paragraph match
//! of the memory taken over them, as memoQ joins segments for a TM match)
//! keeps one unit per segment, so that segment ids stay those of the text:
//! the run's first segment holds the whole target, the others an empty
//! `<target/>` in the same state, and the run's units are grouped. XLIFF
//! 1.2 has the group for it, `<group merged-trans="yes">` (the form the
//! XLIFF segmentation subcommittee gave for a target that spans several
//! trans-units); XLIFF 2.0 has no such attribute, so the run is a
//! `<group type="tilmash:merged">` and each covered segment says it with
//! `subState="tilmash:covered"` and a note naming where its translation
//! is.
//!
//! Text is escaped as in TMX: `&`, `<`, `>`, CR as `&#13;` (so that XML
//! end-of-line handling keeps it), characters XML cannot carry as U+FFFD.
//!
//! Inline codes (the tags of a unit from a CAT tool's TMX) are written as
//! the version's own inline elements in a candidate's source and target
//! ([`XliffCandidate::source_codes`]): XLIFF 2.0 `<sc id/>` … `<ec
//! startRef/>` for a pair (`isolated="yes"` when one half is missing) and
//! `<ph id/>` for a standalone code, ids `mN-n` (match `N`, code `n`) so
//! that they are unique in the unit; XLIFF 1.2 `<bpt id>`/`<ept id>`
//! (`<it pos>` when one half is missing) and `<ph id>`, each holding the
//! native code of the TMX element. The segment's own target, a draft of a
//! text without tags, has them left out.

use std::borrow::Cow;
use std::io::{self, Write};

use quick_xml::events::attributes::Attribute;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::name::QName;
use quick_xml::Writer;

use super::xml::escape;
use crate::text::inline::{code_of, is_placeholder, strip};
use crate::text::{CodeKind, Lang};
use crate::unit::InlineCode;

pub const XLIFF_2_NS: &str = "urn:oasis:names:tc:xliff:document:2.0";
pub const XLIFF_1_2_NS: &str = "urn:oasis:names:tc:xliff:document:1.2";
const MATCHES_NS: &str = "urn:oasis:names:tc:xliff:matches:2.0";
const GLOSSARY_NS: &str = "urn:oasis:names:tc:xliff:glossary:2.0";
const METADATA_NS: &str = "urn:oasis:names:tc:xliff:metadata:2.0";

/// The XLIFF versions written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum XliffVersion {
    V2_0,
    V1_2,
}

/// The state of a segment of a draft.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum XliffState {
    /// Translated from an exact match (100 or 101).
    Exact,
    /// A draft from a fuzzy match, to review.
    Fuzzy,
    /// Not translated.
    New,
    /// The translator's own target, confirmed.
    Confirmed,
    /// The translator's own target, still to review.
    Edited,
}

/// A segment's part in a run of segments translated as one (see the
/// module's documentation).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum XliffMerge {
    /// The run's first segment, whose target translates `segments`
    /// segments: this one and the next `segments - 1` written.
    Head { segments: usize },
    /// A later segment of the run: its target is empty, its translation
    /// in the first segment's.
    Covered,
}

/// A translation candidate from the memory.
#[derive(Debug, Clone)]
pub struct XliffCandidate<'a> {
    /// The memory's source and target, with the placeholders of their
    /// inline codes.
    pub source: &'a str,
    pub target: &'a str,
    /// The inline codes of `source` and of `target`.
    pub source_codes: &'a [InlineCode],
    pub target_codes: &'a [InlineCode],
    /// The score (0–101) and fuzzy figure (0–100) of SPEC §4.
    pub score: u8,
    pub fuzzy: u8,
    /// Context match (101).
    pub context: bool,
    /// Numbers adapted in the target.
    pub adapted: bool,
    /// Where the candidate comes from (the memory).
    pub origin: &'a str,
    /// The unit's metadata: (name, value) pairs.
    pub properties: Vec<(&'static str, String)>,
}

/// A glossary term of a segment.
#[derive(Debug, Clone)]
pub struct XliffTerm<'a> {
    pub source: &'a str,
    pub target: &'a str,
    pub status: &'a str,
}

/// One segment of a draft.
#[derive(Debug, Clone)]
pub struct XliffSegment<'a> {
    /// The segment number, unique in the file.
    pub id: usize,
    pub source: &'a str,
    /// `None` for a segment left to translate.
    pub target: Option<&'a str>,
    pub state: XliffState,
    /// Best first.
    pub candidates: Vec<XliffCandidate<'a>>,
    pub terms: Vec<XliffTerm<'a>>,
    /// A note for the translator (XLIFF 1.2 `<note>`, XLIFF 2.0 `<note>`).
    pub note: Option<String>,
    /// Its part in a run of segments translated as one, if any.
    pub merge: Option<XliffMerge>,
}

/// Writes a draft as XLIFF, one segment at a time.
pub struct XliffWriter<W: Write> {
    xml: Writer<W>,
    version: XliffVersion,
    /// Segments still to write in the open group of a merged run.
    run_left: usize,
}

/// `text` escaped for XML content or an attribute value.
fn escaped(text: &str, attr: bool) -> String {
    let mut out = String::with_capacity(text.len());
    escape(text, attr, &mut out);
    out
}

fn start<'a>(name: &'a str, attrs: &[(&'a str, &str)]) -> BytesStart<'a> {
    let mut e = BytesStart::new(name);
    for (key, value) in attrs {
        e.push_attribute(Attribute {
            key: QName(key.as_bytes()),
            value: Cow::Owned(escaped(value, true).into_bytes()),
        });
    }
    e
}

impl<W: Write> XliffWriter<W> {
    /// Starts the document: `original` names the source file.
    pub fn new(
        out: W,
        version: XliffVersion,
        original: &str,
        source_lang: Lang,
        target_lang: Lang,
    ) -> io::Result<Self> {
        let mut xml = Writer::new_with_indent(out, b' ', 2);
        xml.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
        let (src, trg) = (source_lang.code(), target_lang.code());
        match version {
            XliffVersion::V2_0 => {
                xml.write_event(Event::Start(start(
                    "xliff",
                    &[
                        ("xmlns", XLIFF_2_NS),
                        ("xmlns:mtc", MATCHES_NS),
                        ("xmlns:gls", GLOSSARY_NS),
                        ("xmlns:mda", METADATA_NS),
                        ("version", "2.0"),
                        ("srcLang", src),
                        ("trgLang", trg),
                    ],
                )))?;
                xml.write_event(Event::Start(start(
                    "file",
                    &[("id", "f1"), ("original", original)],
                )))?;
            }
            XliffVersion::V1_2 => {
                xml.write_event(Event::Start(start(
                    "xliff",
                    &[("version", "1.2"), ("xmlns", XLIFF_1_2_NS)],
                )))?;
                xml.write_event(Event::Start(start(
                    "file",
                    &[
                        ("original", original),
                        ("source-language", src),
                        ("target-language", trg),
                        ("datatype", "plaintext"),
                        ("tool-id", "tilmash"),
                    ],
                )))?;
                xml.write_event(Event::Start(start("header", &[])))?;
                xml.write_event(Event::Empty(start(
                    "tool",
                    &[
                        ("tool-id", "tilmash"),
                        ("tool-name", "tilmash"),
                        ("tool-version", env!("CARGO_PKG_VERSION")),
                    ],
                )))?;
                xml.write_event(Event::End(BytesEnd::new("header")))?;
                xml.write_event(Event::Start(start("body", &[])))?;
            }
        }
        Ok(XliffWriter {
            xml,
            version,
            run_left: 0,
        })
    }

    /// `<name attrs>text</name>`, or `<name attrs/>` for empty text.
    fn element(&mut self, name: &str, attrs: &[(&str, &str)], text: &str) -> io::Result<()> {
        if text.is_empty() {
            return self.xml.write_event(Event::Empty(start(name, attrs)));
        }
        self.xml.write_event(Event::Start(start(name, attrs)))?;
        self.xml
            .write_event(Event::Text(BytesText::from_escaped(escaped(text, false))))?;
        self.xml.write_event(Event::End(BytesEnd::new(name)))
    }

    /// `<name>text</name>` where `text` holds the placeholders of
    /// `codes`, written as inline elements (see the module documentation);
    /// `scope` prefixes XLIFF 2.0 code ids.
    fn coded(
        &mut self,
        name: &str,
        text: &str,
        codes: &[InlineCode],
        scope: &str,
    ) -> io::Result<()> {
        if !text.chars().any(is_placeholder) {
            return self.element(name, &[], text);
        }
        let content = inline_content(self.version, text, codes, scope);
        self.xml.write_event(Event::Start(start(name, &[])))?;
        // One pre-escaped text event: the indenting writer would put line
        // breaks between adjacent elements, inside the segment's text.
        self.xml
            .write_event(Event::Text(BytesText::from_escaped(content)))?;
        self.xml.write_event(Event::End(BytesEnd::new(name)))
    }

    fn open(&mut self, name: &str, attrs: &[(&str, &str)]) -> io::Result<()> {
        self.xml.write_event(Event::Start(start(name, attrs)))
    }

    fn close(&mut self, name: &str) -> io::Result<()> {
        self.xml.write_event(Event::End(BytesEnd::new(name)))
    }

    /// Writes one segment. A run's segments come in order, its first
    /// one ([`XliffMerge::Head`]) opening the run's group.
    pub fn write(&mut self, segment: &XliffSegment<'_>) -> io::Result<()> {
        if let Some(XliffMerge::Head { segments }) = segment.merge {
            self.close_run()?;
            let id = format!("g{}", segment.id);
            let name = format!("segments {}–{}", segment.id, segment.id + segments - 1);
            match self.version {
                XliffVersion::V2_0 => self.open(
                    "group",
                    &[("id", &id), ("name", &name), ("type", "tilmash:merged")],
                )?,
                XliffVersion::V1_2 => self.open(
                    "group",
                    &[("id", &id), ("resname", &name), ("merged-trans", "yes")],
                )?,
            }
            self.run_left = segments;
        }
        match self.version {
            XliffVersion::V2_0 => self.write_2_0(segment)?,
            XliffVersion::V1_2 => self.write_1_2(segment)?,
        }
        if self.run_left > 0 {
            self.run_left -= 1;
            if self.run_left == 0 {
                self.close("group")?;
            }
        }
        Ok(())
    }

    /// Closes the group of a run that ended early (fewer segments given
    /// than its first one announced).
    fn close_run(&mut self) -> io::Result<()> {
        if self.run_left > 0 {
            self.run_left = 0;
            self.close("group")?;
        }
        Ok(())
    }

    fn write_2_0(&mut self, s: &XliffSegment<'_>) -> io::Result<()> {
        let unit_id = format!("u{}", s.id);
        let segment_id = format!("s{}", s.id);
        self.open("unit", &[("id", &unit_id)])?;
        if !s.candidates.is_empty() {
            self.open("mtc:matches", &[])?;
            let reference = format!("#{segment_id}");
            for (i, c) in s.candidates.iter().enumerate() {
                let id = format!("m{}", i + 1);
                let quality = c.score.min(100).to_string();
                let similarity = c.fuzzy.to_string();
                let mut attrs = vec![
                    ("id", id.as_str()),
                    ("ref", reference.as_str()),
                    ("type", "tm"),
                    ("origin", c.origin),
                    ("similarity", similarity.as_str()),
                    ("matchQuality", quality.as_str()),
                ];
                if c.context {
                    attrs.push(("subType", "tilmash:context"));
                } else if c.adapted {
                    attrs.push(("subType", "tilmash:adapted"));
                }
                self.open("mtc:match", &attrs)?;
                self.open("mda:metadata", &[])?;
                self.open("mda:metaGroup", &[("category", "tilmash")])?;
                self.element("mda:meta", &[("type", "score")], &c.score.to_string())?;
                self.element("mda:meta", &[("type", "fuzzy")], &c.fuzzy.to_string())?;
                for (name, value) in &c.properties {
                    self.element("mda:meta", &[("type", name)], value)?;
                }
                self.close("mda:metaGroup")?;
                self.close("mda:metadata")?;
                let scope = format!("{id}-");
                self.coded("source", c.source, c.source_codes, &scope)?;
                self.coded("target", c.target, c.target_codes, &scope)?;
                self.close("mtc:match")?;
            }
            self.close("mtc:matches")?;
        }
        if !s.terms.is_empty() {
            self.open("gls:glossary", &[])?;
            for t in &s.terms {
                self.open("gls:glossEntry", &[])?;
                self.element("gls:term", &[("source", "tilmash glossary")], t.source)?;
                self.element("gls:translation", &[], t.target)?;
                self.element("gls:definition", &[], &format!("status: {}", t.status))?;
                self.close("gls:glossEntry")?;
            }
            self.close("gls:glossary")?;
        }
        if let Some(note) = &s.note {
            self.open("notes", &[])?;
            self.element("note", &[("category", "tilmash")], note)?;
            self.close("notes")?;
        }
        let (state, sub_state) = match s.state {
            XliffState::Exact => ("translated", "tilmash:exact"),
            XliffState::Fuzzy => ("initial", "tilmash:fuzzy"),
            XliffState::New => ("initial", "tilmash:new"),
            XliffState::Confirmed => ("translated", "tilmash:confirmed"),
            XliffState::Edited => ("initial", "tilmash:edited"),
        };
        let sub_state = match s.merge {
            Some(XliffMerge::Covered) => "tilmash:covered",
            _ => sub_state,
        };
        self.open(
            "segment",
            &[
                ("id", &segment_id),
                ("state", state),
                ("subState", sub_state),
            ],
        )?;
        self.element("source", &[], s.source)?;
        if let Some(target) = s.target {
            self.element("target", &[], &strip(target))?;
        }
        self.close("segment")?;
        self.close("unit")
    }

    fn write_1_2(&mut self, s: &XliffSegment<'_>) -> io::Result<()> {
        let id = s.id.to_string();
        let mut attrs = vec![("id", id.as_str()), ("xml:space", "preserve")];
        if matches!(s.state, XliffState::Exact | XliffState::Confirmed) {
            // Without `approved`, translate-toolkit (and Weblate, Pootle)
            // read every target as fuzzy, whatever its state.
            attrs.push(("approved", "yes"));
        }
        self.open("trans-unit", &attrs)?;
        self.element("source", &[], s.source)?;
        if let Some(target) = s.target {
            // XLIFF 1.2's qualifiers name where a target came from; the
            // translator's own has none.
            let (state, qualifier) = match s.state {
                XliffState::Exact => ("translated", Some("exact-match")),
                XliffState::Fuzzy | XliffState::New => {
                    ("needs-review-translation", Some("fuzzy-match"))
                }
                XliffState::Confirmed => ("translated", None),
                XliffState::Edited => ("needs-review-translation", None),
            };
            let mut attrs = vec![("state", state)];
            attrs.extend(qualifier.map(|q| ("state-qualifier", q)));
            self.element("target", &attrs, &strip(target))?;
        }
        if let Some(note) = &s.note {
            self.element("note", &[("from", "tilmash")], note)?;
        }
        for t in &s.terms {
            let text = format!("{} → {} ({})", t.source, t.target, t.status);
            self.element("note", &[("from", "tilmash-glossary")], &text)?;
        }
        for c in &s.candidates {
            let quality = c.score.min(100).to_string();
            self.open(
                "alt-trans",
                &[
                    ("match-quality", &quality),
                    ("origin", c.origin),
                    ("tool-id", "tilmash"),
                ],
            )?;
            self.coded("source", c.source, c.source_codes, "")?;
            self.coded("target", c.target, c.target_codes, "")?;
            let mut about = vec![format!("score {}", c.score), format!("fuzzy {}", c.fuzzy)];
            if c.adapted {
                about.push("numbers adapted".into());
            }
            about.extend(c.properties.iter().map(|(k, v)| format!("{k} {v}")));
            self.element("note", &[("from", "tilmash")], &about.join("; "))?;
            self.close("alt-trans")?;
        }
        self.close("trans-unit")
    }

    /// Closes the document and flushes.
    pub fn finish(mut self) -> io::Result<()> {
        self.close_run()?;
        match self.version {
            XliffVersion::V2_0 => {
                self.close("file")?;
                self.close("xliff")?;
            }
            XliffVersion::V1_2 => {
                self.close("body")?;
                self.close("file")?;
                self.close("xliff")?;
            }
        }
        let out = self.xml.get_mut();
        out.write_all(b"\n")?;
        out.flush()
    }
}

/// `text` as escaped XML content with its placeholders as `version`'s
/// inline elements (see the module documentation).
fn inline_content(version: XliffVersion, text: &str, codes: &[InlineCode], scope: &str) -> String {
    let present: Vec<(CodeKind, u32)> = text.chars().filter_map(code_of).collect();
    let paired =
        |n: u32| present.contains(&(CodeKind::Open, n)) && present.contains(&(CodeKind::Close, n));
    let mut out = String::with_capacity(text.len() + 32);
    let mut run = String::new();
    for c in text.chars() {
        let Some((kind, n)) = code_of(c) else {
            run.push(c);
            continue;
        };
        escape(&run, false, &mut out);
        run.clear();
        let tag = match version {
            XliffVersion::V2_0 => {
                let id = format!("{scope}{n}");
                match (kind, paired(n)) {
                    (CodeKind::Open, true) => format!("<sc id=\"{id}\"/>"),
                    (CodeKind::Open, false) => format!("<sc id=\"{id}\" isolated=\"yes\"/>"),
                    (CodeKind::Close, true) => format!("<ec startRef=\"{id}\"/>"),
                    (CodeKind::Close, false) => format!("<ec id=\"{id}\" isolated=\"yes\"/>"),
                    (CodeKind::Standalone, _) => format!("<ph id=\"{id}\"/>"),
                }
            }
            XliffVersion::V1_2 => {
                let native = codes
                    .iter()
                    .find(|code| code.kind == kind && code.n == n)
                    .map(InlineCode::native)
                    .unwrap_or_default();
                match (kind, paired(n)) {
                    (CodeKind::Open, true) => format!("<bpt id=\"{n}\">{native}</bpt>"),
                    (CodeKind::Close, true) => format!("<ept id=\"{n}\">{native}</ept>"),
                    (CodeKind::Open, false) => format!("<it id=\"{n}\" pos=\"open\">{native}</it>"),
                    (CodeKind::Close, false) => {
                        format!("<it id=\"{n}\" pos=\"close\">{native}</it>")
                    }
                    (CodeKind::Standalone, _) => format!("<ph id=\"{n}\">{native}</ph>"),
                }
            }
        };
        out.push_str(&tag);
    }
    escape(&run, false, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn segment(state: XliffState) -> XliffSegment<'static> {
        XliffSegment {
            id: 1,
            source: "Аким <b> & «Астаны»\r\n\u{1}",
            target: (state != XliffState::New).then_some("Akim of \"Astana\""),
            state,
            candidates: vec![],
            terms: vec![],
            note: None,
            merge: None,
        }
    }

    fn write(version: XliffVersion, segments: &[XliffSegment<'_>]) -> String {
        let mut out = Vec::new();
        let mut w = XliffWriter::new(&mut out, version, "a&b.txt", Lang::Ru, Lang::En)
            .unwrap_or_else(|e| panic!("{e}"));
        for s in segments {
            w.write(s).unwrap_or_else(|e| panic!("{e}"));
        }
        w.finish().unwrap_or_else(|e| panic!("{e}"));
        String::from_utf8(out).unwrap_or_default()
    }

    #[test]
    fn text_is_escaped_and_carriage_returns_kept() {
        let out = write(XliffVersion::V2_0, &[segment(XliffState::Exact)]);
        assert!(out.contains("original=\"a&amp;b.txt\""), "{out}");
        assert!(
            out.contains("<source>Аким &lt;b&gt; &amp; «Астаны»&#13;\n\u{FFFD}</source>"),
            "{out}"
        );
        assert!(out.contains("<target>Akim of \"Astana\"</target>"), "{out}");
    }

    #[test]
    fn candidates_and_terms_in_both_versions() {
        let mut s = segment(XliffState::Fuzzy);
        s.candidates = vec![XliffCandidate {
            source: "Аким «Алматы»",
            target: "Akim of Almaty",
            source_codes: &[],
            target_codes: &[],
            score: 101,
            fuzzy: 100,
            context: true,
            adapted: false,
            origin: "memories/main",
            properties: vec![("article", "kz-1".into())],
        }];
        s.terms = vec![XliffTerm {
            source: "Аким",
            target: "akim",
            status: "preferred",
        }];
        let v2 = write(XliffVersion::V2_0, std::slice::from_ref(&s));
        let at = |needle: &str| {
            v2.find(needle)
                .unwrap_or_else(|| panic!("{needle} in {v2}"))
        };
        // Modules before the segment, as the core schema orders a unit.
        assert!(at("<mtc:matches>") < at("<gls:glossary>"));
        assert!(at("<gls:glossary>") < at("<segment "));
        assert!(v2.contains(
            "ref=\"#s1\" type=\"tm\" origin=\"memories/main\" similarity=\"100\" \
             matchQuality=\"100\" subType=\"tilmash:context\""
        ));
        assert!(v2.contains("<mda:meta type=\"score\">101</mda:meta>"));
        assert!(v2.contains("<mda:meta type=\"article\">kz-1</mda:meta>"));
        assert!(v2.contains("<gls:term source=\"tilmash glossary\">Аким</gls:term>"));
        assert!(v2.contains("<gls:translation>akim</gls:translation>"));
        let v1 = write(XliffVersion::V1_2, &[s]);
        assert!(v1.contains(
            "<alt-trans match-quality=\"100\" origin=\"memories/main\" tool-id=\"tilmash\">"
        ));
        assert!(v1.contains("<note from=\"tilmash-glossary\">Аким → akim (preferred)</note>"));
        assert!(v1.contains("score 101; fuzzy 100; article kz-1"));
    }

    #[test]
    fn inline_codes_become_inline_elements() {
        let code = |kind, n, xml: &str| InlineCode {
            kind,
            n,
            xml: xml.to_string(),
        };
        let p = |kind, n| crate::text::inline::placeholder(kind, n).unwrap_or('?');
        let codes = vec![
            code(CodeKind::Open, 1, "<bpt i=\"1\">&lt;b&gt;</bpt>"),
            code(CodeKind::Close, 1, "<ept i=\"1\">&lt;/b&gt;</ept>"),
            code(CodeKind::Standalone, 2, "<ph x=\"2\">&lt;br/&gt;</ph>"),
        ];
        let source = format!(
            "{}Токаев{} & Мажилис{}",
            p(CodeKind::Open, 1),
            p(CodeKind::Close, 1),
            p(CodeKind::Standalone, 2)
        );
        let target = format!(
            "{}Tokayev{} & Mazhilis",
            p(CodeKind::Open, 1),
            p(CodeKind::Close, 1)
        );
        let mut s = segment(XliffState::Fuzzy);
        s.target = Some(&target);
        s.candidates = vec![XliffCandidate {
            source: &source,
            target: &target,
            source_codes: &codes,
            target_codes: &codes[..2],
            score: 99,
            fuzzy: 100,
            context: false,
            adapted: false,
            origin: "m",
            properties: vec![],
        }];
        let v2 = write(XliffVersion::V2_0, std::slice::from_ref(&s));
        assert!(
            v2.contains("<source><sc id=\"m1-1\"/>Токаев<ec startRef=\"m1-1\"/> &amp; Мажилис<ph id=\"m1-2\"/></source>"),
            "{v2}"
        );
        assert!(
            v2.contains(
                "<target><sc id=\"m1-1\"/>Tokayev<ec startRef=\"m1-1\"/> &amp; Mazhilis</target>"
            ),
            "{v2}"
        );
        assert!(
            v2.contains("<target>Tokayev &amp; Mazhilis</target>"),
            "the draft has no codes: {v2}"
        );
        let v1 = write(XliffVersion::V1_2, &[s]);
        assert!(
            v1.contains("<source><bpt id=\"1\">&lt;b&gt;</bpt>Токаев<ept id=\"1\">&lt;/b&gt;</ept> &amp; Мажилис<ph id=\"2\">&lt;br/&gt;</ph></source>"),
            "{v1}"
        );
    }

    #[test]
    fn states_in_both_versions() {
        let v2 = write(
            XliffVersion::V2_0,
            &[
                segment(XliffState::Exact),
                segment(XliffState::Fuzzy),
                segment(XliffState::New),
            ],
        );
        assert!(v2.contains("state=\"translated\" subState=\"tilmash:exact\""));
        assert!(v2.contains("state=\"initial\" subState=\"tilmash:fuzzy\""));
        assert!(v2.contains("state=\"initial\" subState=\"tilmash:new\""));
        assert_eq!(v2.matches("<target>").count(), 2, "no target when new");
        let v1 = write(
            XliffVersion::V1_2,
            &[segment(XliffState::Fuzzy), segment(XliffState::New)],
        );
        assert!(v1.contains("state=\"needs-review-translation\" state-qualifier=\"fuzzy-match\""));
        assert_eq!(v1.matches("<target").count(), 1, "no target when new");
    }

    /// A run translated by one target: one unit per segment, grouped, the
    /// first holding the target, the others an empty target in its state.
    #[test]
    fn a_merged_run_is_grouped_with_empty_covered_targets() {
        let mut head = segment(XliffState::Confirmed);
        head.id = 2;
        head.merge = Some(XliffMerge::Head { segments: 2 });
        let mut covered = segment(XliffState::Confirmed);
        covered.id = 3;
        covered.target = Some("");
        covered.merge = Some(XliffMerge::Covered);
        let mut after = segment(XliffState::New);
        after.id = 4;
        let run = [head, covered, after];

        let v2 = write(XliffVersion::V2_0, &run);
        let group = v2
            .find("<group id=\"g2\" name=\"segments 2–3\" type=\"tilmash:merged\">")
            .expect(&v2);
        let end = v2.find("</group>").expect(&v2);
        let (u2, u3, u4) = (
            v2.find("<unit id=\"u2\">").expect(&v2),
            v2.find("<unit id=\"u3\">").expect(&v2),
            v2.find("<unit id=\"u4\">").expect(&v2),
        );
        assert!(group < u2 && u3 < end && end < u4, "{v2}");
        assert!(
            v2.contains("<segment id=\"s3\" state=\"translated\" subState=\"tilmash:covered\">"),
            "{v2}"
        );
        assert!(
            v2.contains("<target></target>") || v2.contains("<target/>"),
            "{v2}"
        );

        let v1 = write(XliffVersion::V1_2, &run);
        let group = v1
            .find("<group id=\"g2\" resname=\"segments 2–3\" merged-trans=\"yes\">")
            .expect(&v1);
        let end = v1.find("</group>").expect(&v1);
        let t4 = v1.find("<trans-unit id=\"4\"").expect(&v1);
        assert!(group < end && end < t4, "{v1}");
        assert_eq!(v1.matches("approved=\"yes\"").count(), 2, "{v1}");
        assert_eq!(
            v1.matches("<target state=\"translated\"").count(),
            2,
            "{v1}"
        );
    }

    /// A run cut short (fewer segments given than announced) is closed at
    /// the next run or at the end: the document stays well formed.
    #[test]
    fn a_run_cut_short_is_closed() {
        let mut head = segment(XliffState::Confirmed);
        head.merge = Some(XliffMerge::Head { segments: 3 });
        for version in [XliffVersion::V2_0, XliffVersion::V1_2] {
            let out = write(version, std::slice::from_ref(&head));
            assert_eq!(out.matches("<group").count(), 1, "{out}");
            assert_eq!(out.matches("</group>").count(), 1, "{out}");
            assert!(out.find("</group>") < out.find("</file>"), "{out}");
        }
    }

    #[test]
    fn the_translators_own_targets_are_not_memory_matches() {
        let own = [segment(XliffState::Confirmed), segment(XliffState::Edited)];
        let v2 = write(XliffVersion::V2_0, &own);
        assert!(v2.contains("state=\"translated\" subState=\"tilmash:confirmed\""));
        assert!(v2.contains("state=\"initial\" subState=\"tilmash:edited\""));
        assert!(!v2.contains("tilmash:exact") && !v2.contains("tilmash:fuzzy"));
        let v1 = write(XliffVersion::V1_2, &own);
        assert_eq!(v1.matches("approved=\"yes\"").count(), 1, "{v1}");
        assert!(v1.contains("<target state=\"translated\">"), "{v1}");
        assert!(
            v1.contains("<target state=\"needs-review-translation\">"),
            "{v1}"
        );
        assert!(!v1.contains("state-qualifier"), "{v1}");
    }
}
