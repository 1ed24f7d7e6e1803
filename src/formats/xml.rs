//! The XML input every XML reader shares (TMX, SRX, TBX): the byte-order
//! mark and UTF-16 decoding, UTF-8 checked with exact byte offsets, lines
//! counted as the parser consumes bytes, a cap on text without markup, the
//! attributes of an element read with a count limit and duplicates refused,
//! and the escaping the XML writers share.
//!
//! Only the predefined entities and character references are known to
//! [`unescape`]; no reader expands a DTD's entities.

use std::io::{self, BufRead, Read};

use quick_xml::events::BytesStart;

use super::{MAX_RECORD_BYTES, UTF8_BOM};

/// Text with no markup at all (not even one `<` or `>`) longer than this
/// is fatal: it bounds what the parser buffers for one event.
pub(crate) const MAX_MARKUP_FREE_RUN: usize = 2 * MAX_RECORD_BYTES;

/// The most attributes an element may have. TMX, SRX and TBX elements
/// carry a handful; the limit keeps reading an element linear (checking
/// for duplicate names compares each name with the ones before it).
pub(crate) const MAX_ATTRIBUTES: usize = 256;

/// An encoding error the input adapters found, with the file offset.
#[derive(Debug)]
struct EncodingError {
    offset: u64,
    encoding: &'static str,
}

impl std::fmt::Display for EncodingError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "invalid {} at byte {}", self.encoding, self.offset)
    }
}

impl std::error::Error for EncodingError {}

/// Decodes UTF-16 (after its byte-order mark) to UTF-8 on the fly.
pub(crate) struct Utf16Decoder<R> {
    inner: R,
    big_endian: bool,
    /// File offset of the next byte to decode.
    offset: u64,
    carry: Option<u8>,
    high: Option<(u16, u64)>,
    out: Vec<u8>,
    out_pos: usize,
}

impl<R: BufRead> Utf16Decoder<R> {
    fn new(inner: R, big_endian: bool, offset: u64) -> Self {
        Utf16Decoder {
            inner,
            big_endian,
            offset,
            carry: None,
            high: None,
            out: Vec::new(),
            out_pos: 0,
        }
    }

    fn invalid(offset: u64) -> io::Error {
        io::Error::new(
            io::ErrorKind::InvalidData,
            EncodingError {
                offset,
                encoding: "UTF-16",
            },
        )
    }

    /// Decodes the next chunk of input into `out` (left empty at the end).
    fn refill(&mut self) -> io::Result<()> {
        self.out.clear();
        self.out_pos = 0;
        while self.out.is_empty() {
            let chunk = match self.inner.fill_buf() {
                Ok(chunk) => chunk,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if chunk.is_empty() {
                return match (self.carry, self.high) {
                    (Some(_), _) => Err(Self::invalid(self.offset)),
                    (None, Some((_, at))) => Err(Self::invalid(at)),
                    (None, None) => Ok(()),
                };
            }
            let n = chunk.len();
            let mut bytes = chunk.iter().copied();
            let mut first = self.carry.take().or_else(|| bytes.next());
            while let Some(a) = first {
                let Some(b) = bytes.next() else {
                    self.carry = Some(a);
                    break;
                };
                let unit = if self.big_endian {
                    u16::from_be_bytes([a, b])
                } else {
                    u16::from_le_bytes([a, b])
                };
                let at = self.offset;
                self.offset += 2;
                let c = match (self.high.take(), unit) {
                    (Some((high, _)), 0xDC00..=0xDFFF) => {
                        let code = 0x10000
                            + ((u32::from(high) - 0xD800) << 10)
                            + (u32::from(unit) - 0xDC00);
                        char::from_u32(code)
                    }
                    (Some((_, high_at)), _) => return Err(Self::invalid(high_at)),
                    (None, 0xD800..=0xDBFF) => {
                        self.high = Some((unit, at));
                        None
                    }
                    (None, 0xDC00..=0xDFFF) => return Err(Self::invalid(at)),
                    (None, _) => char::from_u32(u32::from(unit)),
                };
                if let Some(c) = c {
                    let mut utf8 = [0; 4];
                    self.out
                        .extend_from_slice(c.encode_utf8(&mut utf8).as_bytes());
                }
                first = bytes.next();
            }
            self.inner.consume(n);
        }
        Ok(())
    }
}

impl<R: BufRead> Read for Utf16Decoder<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.out_pos == self.out.len() {
            self.refill()?;
        }
        let n = buf.len().min(self.out.len() - self.out_pos);
        buf[..n].copy_from_slice(&self.out[self.out_pos..self.out_pos + n]);
        self.out_pos += n;
        Ok(n)
    }
}

/// The bytes of the file, as UTF-8.
pub(crate) enum Source<R> {
    Utf8(R),
    Utf16(Utf16Decoder<R>),
}

impl<R: BufRead> Read for Source<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            Source::Utf8(r) => r.read(buf),
            Source::Utf16(r) => r.read(buf),
        }
    }
}

/// Why [`XmlInput`] stopped.
#[derive(Debug)]
pub(crate) enum InputFailure {
    Encoding {
        offset: u64,
        line: u64,
        encoding: &'static str,
    },
    RunTooLong {
        line: u64,
    },
    Io {
        line: u64,
        error: io::Error,
    },
}

impl InputFailure {
    /// The line where the input stopped.
    pub(crate) fn line(&self) -> u64 {
        match self {
            InputFailure::Encoding { line, .. }
            | InputFailure::RunTooLong { line }
            | InputFailure::Io { line, .. } => *line,
        }
    }
}

impl std::fmt::Display for InputFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            InputFailure::Encoding {
                offset, encoding, ..
            } => write!(
                f,
                "invalid {encoding} at byte {offset} (save the file as UTF-8)"
            ),
            InputFailure::RunTooLong { .. } => write!(
                f,
                "more than {} MiB of text without any markup; this is not a usable file",
                MAX_MARKUP_FREE_RUN >> 20
            ),
            InputFailure::Io { error, .. } => write!(f, "cannot read the file: {error}"),
        }
    }
}

/// What quick-xml reads from: checks UTF-8 (giving the exact byte offset of
/// an invalid byte), counts lines as the parser consumes bytes, and stops a
/// run of text without markup longer than [`MAX_MARKUP_FREE_RUN`]. After a
/// failure it keeps failing; the failure itself is taken by the reader.
/// Every XML reader (TMX, SRX, TBX) reads through it.
pub(crate) struct XmlInput<S> {
    source: S,
    buf: Box<[u8]>,
    /// Consumed up to here.
    pos: usize,
    /// Validated up to here (what `fill_buf` shows).
    valid: usize,
    /// Read from the source up to here (an incomplete UTF-8 tail follows `valid`).
    filled: usize,
    /// Bytes consumed so far, plus the byte-order mark already skipped.
    offset: u64,
    /// The 1-based line of the next byte.
    pub(crate) line: u64,
    prev_cr: bool,
    run: usize,
    eof: bool,
    /// An invalid byte sits at `valid`: report it once the parser gets there.
    invalid_ahead: bool,
    pub(crate) failure: Option<InputFailure>,
    failed: bool,
}

impl<S: Read> XmlInput<S> {
    pub(crate) fn new(source: S, offset: u64) -> Self {
        XmlInput {
            source,
            buf: vec![0; 64 * 1024].into_boxed_slice(),
            pos: 0,
            valid: 0,
            filled: 0,
            offset,
            line: 1,
            prev_cr: false,
            run: 0,
            eof: false,
            invalid_ahead: false,
            failure: None,
            failed: false,
        }
    }

    fn fail(&mut self, failure: InputFailure) -> io::Error {
        let message = format!("{failure:?}");
        self.failure = Some(failure);
        self.failed = true;
        io::Error::other(message)
    }

    fn encoding_failure(&mut self) -> io::Error {
        let failure = InputFailure::Encoding {
            offset: self.offset,
            line: self.line,
            encoding: "UTF-8",
        };
        self.fail(failure)
    }
}

impl<S: Read> Read for XmlInput<S> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let available = self.fill_buf()?;
        let n = available.len().min(out.len());
        out[..n].copy_from_slice(&available[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl<S: Read> BufRead for XmlInput<S> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.failed {
            return Err(io::Error::other("the input failed before"));
        }
        if self.pos < self.valid {
            return Ok(&self.buf[self.pos..self.valid]);
        }
        if self.invalid_ahead {
            return Err(self.encoding_failure());
        }
        // Keep the incomplete UTF-8 tail, read more after it.
        self.buf.copy_within(self.valid..self.filled, 0);
        self.filled -= self.valid;
        self.pos = 0;
        self.valid = 0;
        loop {
            if self.eof {
                if self.filled > 0 {
                    return Err(self.encoding_failure());
                }
                return Ok(&[]);
            }
            let n = match self.source.read(&mut self.buf[self.filled..]) {
                Ok(n) => n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(error) => {
                    let line = self.line;
                    let failure = match error
                        .get_ref()
                        .and_then(|e| e.downcast_ref::<EncodingError>())
                    {
                        Some(e) => InputFailure::Encoding {
                            offset: e.offset,
                            line,
                            encoding: e.encoding,
                        },
                        None => InputFailure::Io { line, error },
                    };
                    return Err(self.fail(failure));
                }
            };
            if n == 0 {
                self.eof = true;
                continue;
            }
            self.filled += n;
            match std::str::from_utf8(&self.buf[..self.filled]) {
                Ok(_) => self.valid = self.filled,
                Err(e) => {
                    self.valid = e.valid_up_to();
                    if e.error_len().is_some() {
                        self.invalid_ahead = true;
                        if self.valid == 0 {
                            return Err(self.encoding_failure());
                        }
                    }
                }
            }
            if self.valid > 0 {
                return Ok(&self.buf[..self.valid]);
            }
        }
    }

    fn consume(&mut self, amt: usize) {
        let amt = amt.min(self.valid - self.pos);
        for &b in &self.buf[self.pos..self.pos + amt] {
            match b {
                b'\n' => {
                    if !self.prev_cr {
                        self.line += 1;
                    }
                    self.prev_cr = false;
                }
                b'\r' => {
                    self.line += 1;
                    self.prev_cr = true;
                }
                _ => self.prev_cr = false,
            }
            if b == b'<' || b == b'>' {
                self.run = 0;
            } else {
                self.run += 1;
            }
        }
        self.pos += amt;
        self.offset += amt as u64;
        if self.run > MAX_MARKUP_FREE_RUN && !self.failed {
            let line = self.line;
            self.fail(InputFailure::RunTooLong { line });
        }
    }
}

/// Opens `input` for the XML parser: a UTF-8 byte-order mark is skipped,
/// UTF-16 is decoded (after its byte-order mark, or when the file starts
/// with `<` and a NUL byte). Offsets in errors count from the start of the
/// file, byte-order mark included. A failure to read the first bytes is
/// returned beside the input, for the reader to report first.
pub(crate) fn open<R: BufRead>(mut input: R) -> (XmlInput<Source<R>>, Option<io::Error>) {
    let head = input.fill_buf().map(|head| {
        if head.starts_with(&[0xFF, 0xFE]) {
            (Some(false), 2)
        } else if head.starts_with(&[0xFE, 0xFF]) {
            (Some(true), 2)
        } else if head.starts_with(b"<\0") {
            (Some(false), 0)
        } else if head.starts_with(b"\0<") {
            (Some(true), 0)
        } else if head.starts_with(UTF8_BOM) {
            (None, UTF8_BOM.len())
        } else {
            (None, 0)
        }
    });
    let (utf16, skip, early) = match head {
        Ok((utf16, skip)) => (utf16, skip, None),
        Err(error) => (None, 0, Some(error)),
    };
    input.consume(skip);
    let source = match utf16 {
        Some(big_endian) => Source::Utf16(Utf16Decoder::new(input, big_endian, skip as u64)),
        None => Source::Utf8(input),
    };
    (XmlInput::new(source, skip as u64), early)
}

/// Whether XML 1.0 forbids the character: controls other than tab, LF
/// and CR, and the noncharacters U+FFFE and U+FFFF.
pub(crate) fn xml_forbidden(c: char) -> bool {
    !matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// The first character of `text` that XML forbids, and what it is: "a
/// control character" or "a noncharacter".
pub(crate) fn forbidden_char(text: &str) -> Option<(char, &'static str)> {
    // Each is a C0 control or U+FFFE or U+FFFF (lead byte 0xEF): a byte
    // scan clears most texts (an import checks every segment).
    let suspect = |b: u8| (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r')) || b == 0xEF;
    if !text.bytes().any(suspect) {
        return None;
    }
    let c = text.chars().find(|&c| xml_forbidden(c))?;
    let kind = if c.is_control() {
        "a control character"
    } else {
        "a noncharacter"
    };
    Some((c, kind))
}

/// Writes `text` escaped for XML content (`attr`: for an attribute value),
/// replacing the characters XML cannot carry by U+FFFD.
pub(crate) fn escape(text: &str, attr: bool, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\r' => out.push_str("&#13;"),
            '"' if attr => out.push_str("&quot;"),
            '\t' if attr => out.push_str("&#9;"),
            '\n' if attr => out.push_str("&#10;"),
            c if xml_forbidden(c) => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
}

/// Text as it stands between tags, with the predefined entities and
/// character references replaced; an unknown entity is a reason.
pub(crate) fn unescape(raw: &str) -> Result<std::borrow::Cow<'_, str>, String> {
    quick_xml::escape::unescape(raw).map_err(|e| match e {
        quick_xml::escape::EscapeError::UnrecognizedEntity(_, name) => format!(
            "unknown entity `&{name};`: only &lt; &gt; &amp; &quot; &apos; and \
             character references (&#…;) are allowed"
        ),
        other => format!("bad character reference: {other}"),
    })
}

/// One attribute: its qualified name (`xml:lang`) and unescaped value, or
/// why the value cannot be read (not UTF-8, a bad reference).
pub(crate) type Attribute = (String, Result<String, String>);

/// The attributes of an element. Malformed XML, the reader's error: an
/// attribute without a value or quotes, a name given twice, more than
/// [`MAX_ATTRIBUTES`].
pub(crate) fn attributes(e: &BytesStart<'_>) -> Result<Vec<Attribute>, String> {
    let element = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
    if e.attributes().with_checks(false).count() > MAX_ATTRIBUTES {
        return Err(format!(
            "<{element}> has more than {MAX_ATTRIBUTES} attributes; this is not a usable file"
        ));
    }
    let mut out = Vec::new();
    for attribute in e.attributes() {
        let a = attribute.map_err(|error| match error {
            quick_xml::events::attributes::AttrError::Duplicated(at, _) => {
                let name: String = String::from_utf8_lossy(e.get(at..).unwrap_or_default())
                    .chars()
                    .take_while(|c| *c != '=' && !c.is_whitespace())
                    .collect();
                format!(
                    "malformed XML: <{element}> has the attribute {name} twice; nothing after \
                     this point can be trusted"
                )
            }
            other => format!(
                "malformed XML: <{element}>: {other}; nothing after this point can be trusted"
            ),
        })?;
        let key = String::from_utf8_lossy(a.key.as_ref()).into_owned();
        let value = std::str::from_utf8(&a.value)
            .map_err(|_| format!("attribute {key} is not UTF-8"))
            .and_then(|raw| {
                unescape(raw)
                    .map(|v| v.into_owned())
                    .map_err(|e| format!("attribute {key}: {e}"))
            });
        out.push((key, value));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use quick_xml::events::Event;

    /// The attributes of the first element of `xml`, as `key=value` or the error.
    fn first_attributes(xml: &str) -> Result<Vec<String>, String> {
        let (input, _) = open(xml.as_bytes());
        let mut reader = quick_xml::Reader::from_reader(input);
        let mut buf = Vec::new();
        loop {
            match reader.read_event_into(&mut buf) {
                Ok(Event::Start(e) | Event::Empty(e)) => {
                    return attributes(&e).map(|attrs| {
                        attrs
                            .into_iter()
                            .map(|(k, v)| format!("{k}={}", v.unwrap_or_else(|e| e)))
                            .collect()
                    })
                }
                Ok(Event::Eof) | Err(_) => return Err("no element".into()),
                Ok(_) => {}
            }
        }
    }

    #[test]
    fn attributes_are_unescaped_counted_and_unique() {
        assert_eq!(
            first_attributes("<a xml:lang=\"ru\" b='&lt;&#1071;' c=\"&x;\"/>"),
            Ok(vec![
                "xml:lang=ru".to_string(),
                "b=<Я".to_string(),
                "c=attribute c: unknown entity `&x;`: only &lt; &gt; &amp; &quot; &apos; and character references (&#…;) are allowed".to_string(),
            ])
        );
        assert_eq!(
            first_attributes("<tu a=\"1\" b=\"2\" a=\"3\">"),
            Err("malformed XML: <tu> has the attribute a twice; nothing after this point can be trusted".into())
        );
        let many = |n: usize| {
            let attrs: String = (0..n).map(|i| format!(" a{i}=\"{i}\"")).collect();
            format!("<tu{attrs}/>")
        };
        assert_eq!(
            first_attributes(&many(MAX_ATTRIBUTES)).map(|a| a.len()),
            Ok(256)
        );
        assert_eq!(
            first_attributes(&many(200_000)),
            Err("<tu> has more than 256 attributes; this is not a usable file".into())
        );
    }

    #[test]
    fn escape_keeps_output_well_formed() {
        let mut out = String::new();
        escape("a<b>&\"\t\n\r\u{1}\u{FFFF}я", true, &mut out);
        assert_eq!(out, "a&lt;b&gt;&amp;&quot;&#9;&#10;&#13;\u{FFFD}\u{FFFD}я");
        out.clear();
        escape("\"\t\n", false, &mut out);
        assert_eq!(out, "\"\t\n");
        assert_eq!(
            forbidden_char("ok\u{7F}\u{0}"),
            Some(('\u{0}', "a control character"))
        );
        assert_eq!(
            forbidden_char("\u{FFFE}"),
            Some(('\u{FFFE}', "a noncharacter"))
        );
        assert_eq!(forbidden_char("\t\n\r😀"), None);
        // Lead bytes of allowed characters the byte scan suspects.
        assert_eq!(forbidden_char("\u{FFFD}\u{FEFF}ï"), None);
    }
}
