//! The line reader of the line-based formats (TSV, CSV, JSONL): bytes
//! split at LF, CRLF or CR, UTF-8 checked per line with the byte offset of
//! an invalid byte, UTF-16 recognised and refused, over-long lines skipped
//! without being held.

use std::io::{self, BufRead};

use super::{FormatError, MAX_RECORD_BYTES, UTF8_BOM};

fn utf16_bom(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF])
}

/// The UTF-16 byte order a first line without a byte-order mark seems to
/// be in: text never holds NUL bytes, and UTF-16 puts one beside every
/// ASCII character (after it in little-endian, before it in big-endian).
fn utf16_without_bom(first_line: &[u8]) -> Option<&'static str> {
    let (mut even, mut odd) = (0usize, 0usize);
    for (i, &b) in first_line.iter().enumerate() {
        if b == 0 {
            if i % 2 == 0 {
                even += 1;
            } else {
                odd += 1;
            }
        }
    }
    match (even, odd) {
        (0, 0) => None,
        (even, odd) if odd >= even => Some("UTF-16LE"),
        _ => Some("UTF-16BE"),
    }
}

/// How many leading NUL bytes make an input "not text" at once.
const NUL_START: usize = 1024;

/// One line from [`LineReader`].
pub(crate) enum Line<'a> {
    Text {
        number: u64,
        text: &'a str,
    },
    /// A line longer than [`MAX_RECORD_BYTES`], skipped without being held.
    TooLong {
        number: u64,
        bytes: u64,
    },
}

/// Reads lines as bytes (LF, CRLF or CR), checks UTF-8 per line and keeps
/// the byte offset, so that an error can say where it is. Holds at most
/// one line, itself at most [`MAX_RECORD_BYTES`].
pub(crate) struct LineReader<R> {
    input: R,
    pub(crate) file: String,
    buf: Vec<u8>,
    /// The number of the last line returned.
    number: u64,
    /// Byte offset of the start of the next line.
    offset: u64,
    done: bool,
}

impl<R: BufRead> LineReader<R> {
    pub(crate) fn new(input: R, file: &str) -> Self {
        LineReader {
            input,
            file: file.to_string(),
            buf: Vec::new(),
            number: 0,
            offset: 0,
            done: false,
        }
    }

    pub(crate) fn next_line(&mut self) -> Option<Result<Line<'_>, FormatError>> {
        if self.done {
            return None;
        }
        if self.buf.capacity() > 1 << 20 {
            self.buf = Vec::new();
        }
        self.buf.clear();
        let start = self.offset;
        if start == 0 {
            if let Err(e) = self.refuse_nul_start() {
                self.done = true;
                return Some(Err(e));
            }
        }
        let mut length: u64 = 0;
        let mut ended = false;
        loop {
            let chunk = match self.input.fill_buf() {
                Ok(chunk) => chunk,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Some(Err(self.fatal_io(e))),
            };
            if chunk.is_empty() {
                break;
            }
            let (used, terminator) = match chunk.iter().position(|&b| b == b'\n' || b == b'\r') {
                Some(i) => (i, Some(chunk[i])),
                None => (chunk.len(), None),
            };
            if self.buf.len() + used <= MAX_RECORD_BYTES {
                self.buf.extend_from_slice(&chunk[..used]);
            }
            length += used as u64;
            let consumed = used + usize::from(terminator.is_some());
            self.input.consume(consumed);
            self.offset += consumed as u64;
            if let Some(t) = terminator {
                ended = true;
                if t == b'\r' {
                    // CRLF is one line break.
                    match self.peek_byte() {
                        Ok(Some(b'\n')) => {
                            self.input.consume(1);
                            self.offset += 1;
                        }
                        Ok(_) => {}
                        Err(e) => return Some(Err(self.fatal_io(e))),
                    }
                }
                break;
            }
        }
        if !ended && length == 0 {
            self.done = true;
            return None;
        }
        self.number += 1;
        let number = self.number;
        if length > MAX_RECORD_BYTES as u64 {
            return Some(Ok(Line::TooLong {
                number,
                bytes: length,
            }));
        }
        let skip = if start == 0 {
            match self.first_line() {
                Ok(skip) => skip,
                Err(e) => {
                    self.done = true;
                    return Some(Err(e));
                }
            }
        } else {
            0
        };
        match std::str::from_utf8(&self.buf[skip..]) {
            Ok(text) => Some(Ok(Line::Text { number, text })),
            Err(e) => {
                self.done = true;
                Some(Err(FormatError::InvalidEncoding {
                    file: self.file.clone(),
                    line: number,
                    offset: start + (skip + e.valid_up_to()) as u64,
                    encoding: "UTF-8",
                }))
            }
        }
    }

    /// Checks the first line's encoding: a UTF-16 file (with or without a
    /// byte-order mark) is refused with how to convert it; returns the
    /// length of a UTF-8 byte-order mark to skip.
    fn first_line(&self) -> Result<usize, FormatError> {
        let refuse = |reason: String| FormatError::Malformed {
            file: self.file.clone(),
            line: 1,
            reason,
        };
        if utf16_bom(&self.buf) {
            return Err(refuse(
                "the file is UTF-16 (it starts with a UTF-16 byte-order mark); \
                 convert it to UTF-8, e.g. with `iconv -f UTF-16 -t UTF-8`"
                    .to_string(),
            ));
        }
        if let Some(encoding) = utf16_without_bom(&self.buf) {
            return Err(refuse(format!(
                "the file looks like {encoding} without a byte-order mark (its first \
                 line holds NUL bytes); convert it to UTF-8, e.g. with \
                 `iconv -f {encoding} -t UTF-8`"
            )));
        }
        Ok(if self.buf.starts_with(UTF8_BOM) {
            UTF8_BOM.len()
        } else {
            0
        })
    }

    /// Refuses input that starts with NUL bytes only (up to
    /// [`NUL_START`] of them): no text does, and such a stream may never
    /// end (`/dev/zero`), its one line growing for ever.
    fn refuse_nul_start(&mut self) -> Result<(), FormatError> {
        let chunk = loop {
            match self.input.fill_buf() {
                Ok(chunk) => break chunk,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(self.fatal_io(e)),
            }
        };
        let head = &chunk[..chunk.len().min(NUL_START)];
        if head.is_empty() || head.iter().any(|&b| b != 0) {
            return Ok(());
        }
        Err(FormatError::Malformed {
            file: self.file.clone(),
            line: 1,
            reason: format!(
                "the input starts with {} NUL bytes: it is not text (a device such as \
                 /dev/zero, or a binary file?)",
                head.len()
            ),
        })
    }

    fn peek_byte(&mut self) -> io::Result<Option<u8>> {
        loop {
            match self.input.fill_buf() {
                Ok(chunk) => return Ok(chunk.first().copied()),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            }
        }
    }

    /// A fatal I/O error at the current line; the reader ends.
    pub(crate) fn fatal_io(&mut self, source: io::Error) -> FormatError {
        self.done = true;
        FormatError::Io {
            file: self.file.clone(),
            line: self.number + 1,
            source,
        }
    }

    /// Ends the reader (after a fatal error found by the caller).
    pub(crate) fn stop(&mut self) {
        self.done = true;
    }
}

/// The reason for a line over [`MAX_RECORD_BYTES`].
pub(crate) fn too_long(bytes: u64) -> String {
    format!("record too long: {bytes} bytes, the limit is 16 MiB ({MAX_RECORD_BYTES} bytes)")
}

#[cfg(test)]
mod tests {
    use super::*;

    type LineResult = Result<(u64, String), String>;

    fn lines(input: &[u8]) -> Vec<LineResult> {
        let mut reader = LineReader::new(input, "f");
        let mut out = Vec::new();
        while let Some(line) = reader.next_line() {
            out.push(match line {
                Ok(Line::Text { number, text }) => Ok((number, text.to_string())),
                Ok(Line::TooLong { number, bytes }) => Err(format!("{number}: too long {bytes}")),
                Err(e) => Err(e.to_string()),
            });
        }
        out
    }

    #[test]
    fn line_endings_bom_and_offsets() {
        let ok = |n: u64, s: &str| Ok((n, s.to_string()));
        let cases: &[(&str, &[u8], Vec<LineResult>)] = &[
            ("lf", b"a\nb\n", vec![ok(1, "a"), ok(2, "b")]),
            ("crlf", b"a\r\nb\r\n", vec![ok(1, "a"), ok(2, "b")]),
            ("cr only", b"a\rb\r", vec![ok(1, "a"), ok(2, "b")]),
            ("no final break", b"a\nb", vec![ok(1, "a"), ok(2, "b")]),
            ("blank lines kept", b"a\n\r\n\rb", vec![ok(1, "a"), ok(2, ""), ok(3, ""), ok(4, "b")]),
            ("bom", b"\xEF\xBB\xBFa\nb", vec![ok(1, "a"), ok(2, "b")]),
            (
                "invalid utf-8 offset counts the bom and earlier lines",
                b"\xEF\xBB\xBFab\r\ncd\xFFe\n",
                vec![
                    ok(1, "ab"),
                    Err("f:2: invalid UTF-8 at byte 9 (save the file as UTF-8)".into()),
                ],
            ),
            (
                "truncated sequence at the end",
                "a\nб".as_bytes().split_last().map(|(_, s)| s).unwrap_or(b""),
                vec![ok(1, "a"), Err("f:2: invalid UTF-8 at byte 2 (save the file as UTF-8)".into())],
            ),
            ("utf-16", b"\xFF\xFEa\x00", vec![Err("f:1: the file is UTF-16 (it starts with a UTF-16 byte-order mark); convert it to UTF-8, e.g. with `iconv -f UTF-16 -t UTF-8`".into())]),
            ("NUL bytes only", b"\0\0\0", vec![Err("f:1: the input starts with 3 NUL bytes: it is not text (a device such as /dev/zero, or a binary file?)".into())]),
            ("UTF-16BE without a BOM is not NUL bytes only", b"\0a\n", vec![Err("f:1: the file looks like UTF-16BE without a byte-order mark (its first line holds NUL bytes); convert it to UTF-8, e.g. with `iconv -f UTF-16BE -t UTF-8`".into())]),
        ];
        for (name, input, expected) in cases {
            assert_eq!(&lines(input), expected, "{name}");
        }
    }

    #[test]
    fn too_long_line_is_skipped_and_reading_goes_on() {
        let mut input = vec![b'x'; MAX_RECORD_BYTES + 10];
        input.extend_from_slice(b"\r\nnext\n");
        let got = lines(&input);
        assert_eq!(
            got,
            vec![
                Err(format!("1: too long {}", MAX_RECORD_BYTES + 10)),
                Ok((2, "next".to_string()))
            ]
        );
    }
}
