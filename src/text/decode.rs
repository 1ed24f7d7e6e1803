//! Turning the bytes of an input file into text (SPEC §3): UTF-8 with or
//! without a BOM, and UTF-16 when a UTF-16 BOM says so.

const UTF8_BOM: &[u8] = &[0xEF, 0xBB, 0xBF];
const UTF16_LE_BOM: &[u8] = &[0xFF, 0xFE];
const UTF16_BE_BOM: &[u8] = &[0xFE, 0xFF];

/// Why bytes are not text. Offsets count from the first byte of the input,
/// BOM included, so that they point into the file as a hex viewer shows it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    /// A byte sequence that is not UTF-8 starts at `offset`.
    #[error("invalid UTF-8 at byte {offset}: save the file as UTF-8")]
    InvalidUtf8 { offset: usize },
    /// A UTF-16 text (it starts with a UTF-16 BOM) holds an unpaired
    /// surrogate, or ends in half a code unit, at `offset`.
    #[error("invalid UTF-16 at byte {offset}: save the file as UTF-8")]
    InvalidUtf16 { offset: usize },
}

/// Decodes an input file: strips a UTF-8 BOM, decodes UTF-16 LE or BE when
/// the input starts with the matching BOM, and otherwise requires UTF-8.
pub fn decode(bytes: &[u8]) -> Result<String, DecodeError> {
    if let Some(rest) = bytes.strip_prefix(UTF8_BOM) {
        return utf8(rest, UTF8_BOM.len());
    }
    if let Some(rest) = bytes.strip_prefix(UTF16_LE_BOM) {
        return utf16(rest, UTF16_LE_BOM.len(), u16::from_le_bytes);
    }
    if let Some(rest) = bytes.strip_prefix(UTF16_BE_BOM) {
        return utf16(rest, UTF16_BE_BOM.len(), u16::from_be_bytes);
    }
    utf8(bytes, 0)
}

/// `bytes` as UTF-8; `base` is their offset in the input.
fn utf8(bytes: &[u8], base: usize) -> Result<String, DecodeError> {
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.to_owned()),
        Err(error) => Err(DecodeError::InvalidUtf8 {
            offset: base + error.valid_up_to(),
        }),
    }
}

/// `bytes` as UTF-16 with the given byte order; `base` is their offset in
/// the input.
fn utf16(bytes: &[u8], base: usize, unit: fn([u8; 2]) -> u16) -> Result<String, DecodeError> {
    let pairs = bytes.chunks_exact(2);
    let odd = pairs.remainder().len();
    let units = pairs.map(|pair| unit([pair[0], pair[1]]));
    let mut text = String::with_capacity(bytes.len() + bytes.len() / 2);
    // Offset (in bytes, from the start of `bytes`) of the next unit.
    let mut at = 0;
    for decoded in char::decode_utf16(units) {
        match decoded {
            Ok(c) => {
                text.push(c);
                at += 2 * c.len_utf16();
            }
            Err(_) => return Err(DecodeError::InvalidUtf16 { offset: base + at }),
        }
    }
    if odd != 0 {
        return Err(DecodeError::InvalidUtf16 { offset: base + at });
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn le(text: &str) -> Vec<u8> {
        let mut bytes = vec![0xFF, 0xFE];
        bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        bytes
    }

    fn be(text: &str) -> Vec<u8> {
        let mut bytes = vec![0xFE, 0xFF];
        bytes.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
        bytes
    }

    #[test]
    fn decode_table() {
        let cases: Vec<(&str, Vec<u8>, Result<String, DecodeError>)> = vec![
            ("empty input", vec![], Ok(String::new())),
            ("plain ascii", b"Astana".to_vec(), Ok("Astana".into())),
            ("plain utf-8", "Аким".as_bytes().to_vec(), Ok("Аким".into())),
            (
                "utf-8 bom stripped",
                [&[0xEF, 0xBB, 0xBF][..], "Мажилис".as_bytes()].concat(),
                Ok("Мажилис".into()),
            ),
            ("bom only", vec![0xEF, 0xBB, 0xBF], Ok(String::new())),
            (
                "only the first bom stripped",
                [&[0xEF, 0xBB, 0xBF, 0xEF, 0xBB, 0xBF][..], b"a"].concat(),
                Ok("\u{FEFF}a".into()),
            ),
            ("crlf kept", b"a\r\nb\rc".to_vec(), Ok("a\r\nb\rc".into())),
            (
                "invalid byte offset",
                b"abc\xFFdef".to_vec(),
                Err(DecodeError::InvalidUtf8 { offset: 3 }),
            ),
            (
                "invalid first byte",
                vec![0x80],
                Err(DecodeError::InvalidUtf8 { offset: 0 }),
            ),
            (
                "offset counts cyrillic bytes",
                ["Астана".as_bytes(), &[0xC0, 0x80]].concat(),
                Err(DecodeError::InvalidUtf8 { offset: 12 }),
            ),
            (
                "truncated sequence at the end",
                [&b"ok "[..], &"Ж".as_bytes()[..1]].concat(),
                Err(DecodeError::InvalidUtf8 { offset: 3 }),
            ),
            (
                "offset includes the bom",
                vec![0xEF, 0xBB, 0xBF, b'a', b'b', 0xFE],
                Err(DecodeError::InvalidUtf8 { offset: 5 }),
            ),
            (
                "latin-1 bytes rejected",
                b"caf\xE9 ok".to_vec(),
                Err(DecodeError::InvalidUtf8 { offset: 3 }),
            ),
            (
                "utf-16 surrogate encoded in utf-8 rejected",
                vec![b'x', 0xED, 0xA0, 0x80],
                Err(DecodeError::InvalidUtf8 { offset: 1 }),
            ),
            (
                "utf-16 le",
                le("Токаев, Astana"),
                Ok("Токаев, Astana".into()),
            ),
            (
                "utf-16 be",
                be("Токаев, Astana"),
                Ok("Токаев, Astana".into()),
            ),
            ("utf-16 le astral", le("a😀b"), Ok("a😀b".into())),
            ("utf-16 be astral", be("😀"), Ok("😀".into())),
            ("utf-16 bom only", vec![0xFF, 0xFE], Ok(String::new())),
            (
                "utf-16 le odd length",
                [le("ab"), vec![0x41]].concat(),
                Err(DecodeError::InvalidUtf16 { offset: 6 }),
            ),
            (
                "utf-16 le unpaired high surrogate",
                vec![0xFF, 0xFE, b'a', 0, 0x00, 0xD8, b'b', 0],
                Err(DecodeError::InvalidUtf16 { offset: 4 }),
            ),
            (
                "utf-16 be lone low surrogate after astral",
                [be("😀"), vec![0xDC, 0x00]].concat(),
                Err(DecodeError::InvalidUtf16 { offset: 6 }),
            ),
        ];
        for (rule, bytes, want) in cases {
            assert_eq!(decode(&bytes), want, "{rule}: {bytes:02X?}");
        }
    }

    #[test]
    fn messages_name_the_offset() {
        assert_eq!(
            DecodeError::InvalidUtf8 { offset: 1234 }.to_string(),
            "invalid UTF-8 at byte 1234: save the file as UTF-8"
        );
        assert!(DecodeError::InvalidUtf16 { offset: 7 }
            .to_string()
            .starts_with("invalid UTF-16 at byte 7"));
    }
}
