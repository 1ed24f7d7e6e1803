//! What a `<seg>`, `<note>` or `<prop>` holds while the reader is inside
//! it: its text and, for a seg, its inline codes (each `<bpt>`, `<ept>`,
//! `<ph>`, `<it>`, `<ut>` copied whole; `<hi>`-like spans opened and
//! closed), within the `<tu>`'s size budget.

use quick_xml::events::BytesStart;

use super::tu::Tu;
use crate::formats::xml;
use crate::formats::MAX_RECORD_BYTES;
use crate::text::inline::{is_placeholder, placeholder, MAX_CODE_NUMBER};
use crate::text::CodeKind;
use crate::unit::InlineCode;

/// What the text being gathered belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Target {
    Seg,
    Note,
    Prop(String),
}

/// Text gathered inside `<seg>`, `<note>` or `<prop>`.
pub(super) struct Capture {
    pub(super) target: Target,
    /// Depth of the element being captured.
    pub(super) depth: usize,
    pub(super) text: String,
    /// The inline codes of a seg, in order; `text` holds their placeholders.
    pub(super) codes: Vec<InlineCode>,
    /// The inline element being copied whole, if the parser is inside one.
    whole: Option<Whole>,
    /// The numbers of the `<hi>`-like elements open, innermost last.
    open: Vec<u32>,
    /// The numbers given to `<bpt i="…">`, for their `<ept>`.
    pairs: Vec<(String, u32)>,
    /// The last code number given.
    numbered: u32,
}

/// A `<bpt>`, `<ept>`, `<ph>`, `<it>` or `<ut>` being copied whole, its
/// content (native code, `<sub>` elements) as written.
struct Whole {
    kind: CodeKind,
    n: Option<u32>,
    xml: String,
    /// Elements open inside it, itself included.
    depth: usize,
}

const RESERVED: &str = "a segment holds a private-use character tilmash reserves for inline tags";

impl Capture {
    pub(super) fn new(target: Target, depth: usize) -> Capture {
        Capture {
            target,
            depth,
            text: String::new(),
            codes: Vec::new(),
            whole: None,
            open: Vec::new(),
            pairs: Vec::new(),
            numbered: 0,
        }
    }

    /// The next code number; `None` beyond what a placeholder can carry.
    fn number(&mut self) -> Option<u32> {
        self.numbered = self.numbered.saturating_add(1);
        (self.numbered <= MAX_CODE_NUMBER).then_some(self.numbered)
    }

    /// Adds text (or, inside a code element, its XML), within the record
    /// size limit.
    fn append(&mut self, tu: &mut Tu, text: &str) {
        if tu.too_long {
            return;
        }
        tu.bytes += text.len();
        if tu.bytes > MAX_RECORD_BYTES {
            tu.too_long = true;
            self.text = String::new();
            self.codes = Vec::new();
            if let Some(whole) = &mut self.whole {
                whole.xml = String::new();
            }
            return;
        }
        match &mut self.whole {
            Some(whole) => whole.xml.push_str(text),
            None => self.text.push_str(text),
        }
    }

    /// An inline element of a seg begins: a code element (`<bpt>`,
    /// `<ept>`, `<ph>`, `<it>`, `<ut>`) is copied whole into one code;
    /// any other opens a span (`<hi>`) whose text is the seg's, or is a
    /// standalone code when empty. An attribute error is the reason.
    pub(super) fn start_inline(
        &mut self,
        tu: &mut Tu,
        e: &BytesStart<'_>,
        empty: bool,
    ) -> Result<(), String> {
        let raw = String::from_utf8_lossy(e);
        let markup = if empty {
            format!("<{raw}/>")
        } else {
            format!("<{raw}>")
        };
        if let Some(whole) = &mut self.whole {
            if !empty {
                whole.depth += 1;
            }
            self.append(tu, &markup);
            return Ok(());
        }
        let name = e.local_name();
        let element = name.as_ref();
        if !matches!(element, b"bpt" | b"ept" | b"ph" | b"it" | b"ut") {
            let n = self.number();
            if empty {
                self.push_code(tu, CodeKind::Standalone, n, markup);
            } else {
                self.open.extend(n);
                self.push_code(tu, CodeKind::Open, n, markup);
            }
            return Ok(());
        }
        let mut pair = None;
        if matches!(element, b"bpt" | b"ept") {
            for (key, value) in xml::attributes(e)? {
                if key == "i" {
                    pair = value.ok();
                }
            }
        }
        let known = pair
            .as_ref()
            .and_then(|i| self.pairs.iter().find(|(j, _)| j == i).map(|(_, n)| *n));
        let (kind, n) = match element {
            b"bpt" => {
                let n = self.number();
                if let (Some(i), Some(n)) = (pair, n) {
                    self.pairs.push((i, n));
                }
                (CodeKind::Open, n)
            }
            b"ept" => (CodeKind::Close, known.or_else(|| self.number())),
            _ => (CodeKind::Standalone, self.number()),
        };
        self.whole = Some(Whole {
            kind,
            n,
            xml: String::new(),
            depth: 1,
        });
        self.append(tu, &markup);
        if empty {
            self.finish_whole(tu);
        }
        Ok(())
    }

    /// An element inside the seg ends (`name`, as written).
    pub(super) fn end_inline(&mut self, tu: &mut Tu, name: &[u8]) {
        let markup = format!("</{}>", String::from_utf8_lossy(name));
        if let Some(whole) = &mut self.whole {
            whole.depth -= 1;
            let done = whole.depth == 0;
            self.append(tu, &markup);
            if done {
                self.finish_whole(tu);
            }
        } else if let Some(n) = self.open.pop() {
            self.push_code(tu, CodeKind::Close, Some(n), markup);
        }
    }

    /// The inline element copied whole is complete: it becomes a code.
    fn finish_whole(&mut self, tu: &mut Tu) {
        if let Some(whole) = self.whole.take() {
            self.push_code(tu, whole.kind, whole.n, whole.xml);
        }
    }

    /// Adds an inline code to the seg: its placeholder to the text, its
    /// XML to the codes.
    fn push_code(&mut self, tu: &mut Tu, kind: CodeKind, n: Option<u32>, xml: String) {
        let Some(c) = n.and_then(|n| placeholder(kind, n)) else {
            tu.fail(format!(
                "more than {MAX_CODE_NUMBER} inline tags in a segment"
            ));
            return;
        };
        self.append(tu, c.encode_utf8(&mut [0; 4]));
        tu.bytes += xml.len();
        if let (Some(n), false) = (n, tu.too_long) {
            self.codes.push(InlineCode { kind, n, xml });
        }
    }

    /// Text or CDATA as the parser gives it (`raw`, still escaped unless
    /// CDATA).
    pub(super) fn text(&mut self, tu: &mut Tu, raw: &[u8], cdata: bool) {
        // Inside a code element, text is its native code, kept as written.
        let inline = self.whole.is_some();
        let seg = self.target == Target::Seg;
        let Ok(raw) = std::str::from_utf8(raw) else {
            tu.fail("invalid UTF-8 in a segment".to_string());
            return;
        };
        // XML end-of-line handling: CRLF and CR read as LF.
        let raw: std::borrow::Cow<'_, str> = if raw.contains('\r') {
            raw.replace("\r\n", "\n").replace('\r', "\n").into()
        } else {
            raw.into()
        };
        if seg && !inline && raw.chars().any(is_placeholder) {
            tu.fail(RESERVED.to_string());
            return;
        }
        if cdata {
            if inline {
                let markup = format!("<![CDATA[{raw}]]>");
                self.append(tu, &markup);
            } else {
                self.append(tu, &raw);
            }
            return;
        }
        if inline {
            self.append(tu, &raw);
            return;
        }
        match xml::unescape(&raw) {
            Ok(text) if seg && text.chars().any(is_placeholder) => tu.fail(RESERVED.to_string()),
            Ok(text) => {
                let text = text.into_owned();
                self.append(tu, &text);
            }
            Err(reason) => tu.fail(reason),
        }
    }
}
