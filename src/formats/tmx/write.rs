//! The TMX writer: TMX 1.4b, UTF-8, every field of a unit's meta.

use std::fmt::Write as _;
use std::io::{self, BufWriter, Write};

use crate::formats::xml::escape;
use crate::text::inline::code_of;
use crate::text::Lang;
use crate::unit::{InlineCode, Timestamp, Unit};

/// `YYYYMMDDThhmmssZ` when the time fits it exactly (whole seconds, year
/// 0–9999); with `exact == false`, the nearest second below.
fn tmx_timestamp(t: Timestamp, exact: bool) -> Option<String> {
    let dt = jiff::tz::TimeZone::UTC.to_datetime(t);
    if !(0..=9999).contains(&dt.year()) || (exact && t.subsec_nanosecond() != 0) {
        return None;
    }
    Some(format!(
        "{:04}{:02}{:02}T{:02}{:02}{:02}Z",
        dt.year(),
        dt.month(),
        dt.day(),
        dt.hour(),
        dt.minute(),
        dt.second()
    ))
}

/// A segment's text as `<seg>` content: escaped, each placeholder of an
/// inline code written back as the element it was read from, so the
/// codes come back tag for tag. A placeholder without its code is written
/// as the character it is.
fn seg_content(text: &str, codes: &[InlineCode], out: &mut String) {
    let mut run_start = 0;
    for (at, c) in text.char_indices() {
        let code =
            code_of(c).and_then(|(kind, n)| codes.iter().find(|x| x.kind == kind && x.n == n));
        if let Some(code) = code {
            escape(&text[run_start..at], false, out);
            out.push_str(&code.xml);
            run_start = at + c.len_utf8();
        }
    }
    escape(&text[run_start..], false, out);
}

/// Writes TMX 1.4b. Per unit: `<tu tuid="ID" creationdate=… changedate=…>`,
/// `<prop type="x-article">`, `x-position`, `x-date`, `x-origin`, one
/// `x-tags` per tag, `x-context-prev-ru` … `x-context-next-en` (16 hex
/// digits), `x-created`/`x-changed` (RFC 3339, only when the time has a
/// fraction of a second that the TMX attribute cannot hold), `<note>`, then
/// `<tuv xml:lang="ru"><seg>…</seg></tuv>` and `en`, their inline codes
/// as the TMX elements they were read from.
pub struct TmxWriter<W: Write> {
    out: BufWriter<W>,
    scratch: String,
}

impl<W: Write> TmxWriter<W> {
    /// Starts the document; `srclang` is the header's source language
    /// (`ru`, `en` or `*all*`).
    pub fn new(out: W, srclang: &str) -> io::Result<Self> {
        let mut out = BufWriter::new(out);
        let mut lang = String::new();
        escape(srclang, true, &mut lang);
        write!(
            out,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
             <tmx version=\"1.4\">\n  \
             <header creationtool=\"tilmash\" creationtoolversion=\"{}\" segtype=\"sentence\" \
             o-tmf=\"tilmash\" adminlang=\"en\" srclang=\"{lang}\" datatype=\"plaintext\"/>\n  \
             <body>\n",
            env!("CARGO_PKG_VERSION")
        )?;
        Ok(TmxWriter {
            out,
            scratch: String::new(),
        })
    }

    /// Writes one `<tu>`.
    pub fn write(&mut self, unit: &Unit) -> io::Result<()> {
        self.write_with_props(unit, &[])
    }

    /// Writes one `<tu>` with more `<prop type="…">` after the unit's own
    /// (`x-align-confidence` from `align`, …).
    pub fn write_with_props(&mut self, unit: &Unit, props: &[(&str, &str)]) -> io::Result<()> {
        let m = &unit.meta;
        let s = &mut self.scratch;
        s.clear();
        let _ = write!(s, "    <tu tuid=\"{}\"", unit.id);
        for (name, t) in [("creationdate", m.created), ("changedate", m.changed)] {
            if let Some(t) = t.and_then(|t| tmx_timestamp(t, false)) {
                let _ = write!(s, " {name}=\"{t}\"");
            }
        }
        s.push_str(">\n");
        let prop = |s: &mut String, kind: &str, value: &str| {
            let _ = write!(s, "      <prop type=\"{kind}\">");
            escape(value, false, s);
            s.push_str("</prop>\n");
        };
        if let Some(a) = &m.article {
            prop(s, "x-article", a);
        }
        if let Some(p) = m.position {
            prop(s, "x-position", &p.to_string());
        }
        if let Some(d) = m.date {
            prop(s, "x-date", &d.to_string());
        }
        if let Some(o) = &m.origin {
            prop(s, "x-origin", o);
        }
        for tag in &m.tags {
            prop(s, "x-tags", tag);
        }
        let c = &m.context;
        for (kind, h) in [
            ("x-context-prev-ru", c.prev_ru),
            ("x-context-next-ru", c.next_ru),
            ("x-context-prev-en", c.prev_en),
            ("x-context-next-en", c.next_en),
        ] {
            if let Some(h) = h {
                prop(s, kind, &format!("{h:016x}"));
            }
        }
        for (kind, t) in [("x-created", m.created), ("x-changed", m.changed)] {
            if let Some(t) = t.filter(|&t| tmx_timestamp(t, true).is_none()) {
                prop(s, kind, &t.to_string());
            }
        }
        for (kind, value) in props {
            let mut kind_escaped = String::new();
            escape(kind, true, &mut kind_escaped);
            prop(s, &kind_escaped, value);
        }
        if let Some(note) = &m.note {
            s.push_str("      <note>");
            escape(note, false, s);
            s.push_str("</note>\n");
        }
        for lang in [Lang::Ru, Lang::En] {
            let _ = write!(s, "      <tuv xml:lang=\"{}\"><seg>", lang.code());
            seg_content(unit.side(lang), m.inline.side(lang), s);
            s.push_str("</seg></tuv>\n");
        }
        s.push_str("    </tu>\n");
        self.out.write_all(s.as_bytes())
    }

    /// Closes the document and flushes.
    pub fn finish(mut self) -> io::Result<()> {
        self.out.write_all(b"  </body>\n</tmx>\n")?;
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::TmxReader;
    use crate::unit::Meta;

    #[test]
    fn writer_output_and_escaping() {
        let meta = Meta {
            article: Some("a&b".into()),
            position: Some(2),
            date: "2019-03-23".parse().ok(),
            tags: vec!["x".into()],
            created: "2019-03-23T12:00:00Z".parse().ok(),
            changed: "2020-01-01T00:00:00.25Z".parse().ok(),
            note: Some("<n>".into()),
            ..Meta::default()
        };
        let unit = Unit::new("Tom & <Jerry>\u{1}".into(), "a\r\nb".into(), meta);
        let mut out = Vec::new();
        let written = TmxWriter::new(&mut out, "r\"u").and_then(|mut w| {
            w.write(&unit)?;
            w.finish()
        });
        assert!(written.is_ok());
        let expected = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\">\n  \
             <header creationtool=\"tilmash\" creationtoolversion=\"{}\" segtype=\"sentence\" o-tmf=\"tilmash\" adminlang=\"en\" srclang=\"r&quot;u\" datatype=\"plaintext\"/>\n  <body>\n    \
             <tu tuid=\"{}\" creationdate=\"20190323T120000Z\" changedate=\"20200101T000000Z\">\n      \
             <prop type=\"x-article\">a&amp;b</prop>\n      <prop type=\"x-position\">2</prop>\n      \
             <prop type=\"x-date\">2019-03-23</prop>\n      <prop type=\"x-tags\">x</prop>\n      \
             <prop type=\"x-changed\">2020-01-01T00:00:00.25Z</prop>\n      <note>&lt;n&gt;</note>\n      \
             <tuv xml:lang=\"ru\"><seg>Tom &amp; &lt;Jerry&gt;\u{FFFD}</seg></tuv>\n      \
             <tuv xml:lang=\"en\"><seg>a&#13;\nb</seg></tuv>\n    </tu>\n  </body>\n</tmx>\n",
            env!("CARGO_PKG_VERSION"),
            unit.id
        );
        assert_eq!(String::from_utf8_lossy(&out), expected);
        let back: Vec<_> = TmxReader::new(&out[..], "w.tmx").collect();
        assert_eq!(back.len(), 1);
        assert!(
            matches!(&back[0], Ok(r) if r.value.ru == "Tom & <Jerry>\u{FFFD}" && r.value.en == "a\r\nb" && r.value.meta == unit.meta)
        );
    }
}
