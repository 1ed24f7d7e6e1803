//! Inline codes as placeholders in a segment's text.
//!
//! A TMX from Trados or memoQ marks formatting and markup inside a segment
//! with inline elements: `<bpt>`/`<ept>` pairs, `<ph>`, `<it>`, `<ut>`,
//! `<hi>`. tilmash keeps each code as one placeholder character in the text
//! and the element's XML beside it (`crate::unit::InlineCode`), so that:
//! - comparison sees the text without them: they fold away like
//!   zero-width characters (SPEC §3, [`super::fold_char`]), and [`strip`]
//!   removes them before a text is analyzed for the score, the diff and
//!   the index (OmegaT's rule: tags never change a score);
//! - edits of a text (the numbers of an adapted target) keep them in place;
//! - output shows them numbered ([`show`]): `{1}` opens and `{/1}` closes
//!   a paired code (`<bpt>`/`<ept>`, `<hi>`), `{2/}` is a standalone one
//!   (`<ph>`, `<it>`, `<ut>`), numbered from 1 in the order they open in
//!   the segment, as OmegaT numbers its `<b0>`/`</b0>`, `<x1/>` tags
//!   (braces, so that they do not read as markup).
//!
//! A placeholder is a character of the Supplementary Private Use Area-A:
//! `U+F0000 + 3 × (n − 1) + kind`, so it says its number and kind by itself
//! (the private use area of the first plane is avoided: symbol fonts put
//! characters there). A text that holds such a character itself shows it
//! as a placeholder too.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

/// What an inline code does where it stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CodeKind {
    /// Opens a span (`<bpt>`, the start of `<hi>`): `{n}`.
    Open,
    /// Closes a span (`<ept>`, the end of `<hi>`): `{/n}`.
    Close,
    /// Stands alone (`<ph>`, `<it>`, `<ut>`, an empty element): `{n/}`.
    Standalone,
}

impl CodeKind {
    fn offset(self) -> u32 {
        match self {
            CodeKind::Open => 0,
            CodeKind::Close => 1,
            CodeKind::Standalone => 2,
        }
    }
}

const FIRST: u32 = 0xF0000;
const LAST: u32 = 0xFFFFD;
/// The highest code number a placeholder can carry.
pub const MAX_CODE_NUMBER: u32 = (LAST - FIRST + 1) / 3;

/// The placeholder of code `n` (from 1) of `kind`; `None` beyond
/// [`MAX_CODE_NUMBER`].
pub fn placeholder(kind: CodeKind, n: u32) -> Option<char> {
    if n == 0 || n > MAX_CODE_NUMBER {
        return None;
    }
    char::from_u32(FIRST + 3 * (n - 1) + kind.offset())
}

/// The kind and number of a placeholder character.
pub fn code_of(c: char) -> Option<(CodeKind, u32)> {
    let v = u32::from(c);
    if !(FIRST..=LAST).contains(&v) {
        return None;
    }
    let i = v - FIRST;
    let kind = match i % 3 {
        0 => CodeKind::Open,
        1 => CodeKind::Close,
        _ => CodeKind::Standalone,
    };
    Some((kind, i / 3 + 1))
}

/// Whether `c` is a placeholder.
#[inline]
pub fn is_placeholder(c: char) -> bool {
    (FIRST..=LAST).contains(&u32::from(c))
}

/// Whether `text` holds a placeholder. Every placeholder is written with the
/// lead byte 0xF3 (U+C0000–U+FFFFF), which a text without one seldom holds:
/// a byte search answers for most texts (every unit is stripped and shown
/// several times by an import).
pub fn holds_placeholder(text: &str) -> bool {
    text.as_bytes().contains(&0xF3) && text.chars().any(is_placeholder)
}

/// `text` without its placeholders: what the score, the diff and the
/// index see.
pub fn strip(text: &str) -> Cow<'_, str> {
    if !holds_placeholder(text) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(text.chars().filter(|&c| !is_placeholder(c)).collect())
}

/// How a code shows in output: `{1}`, `{/1}`, `{2/}`.
pub fn shown(kind: CodeKind, n: u32) -> String {
    match kind {
        CodeKind::Open => format!("{{{n}}}"),
        CodeKind::Close => format!("{{/{n}}}"),
        CodeKind::Standalone => format!("{{{n}/}}"),
    }
}

/// `text` with its placeholders shown as numbered codes ([`shown`]). In a
/// text that has placeholders, a `{` of the text itself is doubled, so
/// that [`unshow`] tells it from a code.
pub fn show(text: &str) -> Cow<'_, str> {
    if !holds_placeholder(text) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match code_of(c) {
            Some((kind, n)) => out.push_str(&shown(kind, n)),
            None if c == '{' => out.push_str("{{"),
            None => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Where character `at` of `text` falls in [`show`]`(text)`, counted in
/// characters: a placeholder before it counts as its code's length, a `{`
/// as two when the text has codes. Offsets into a text with placeholders
/// (a repair's target span) are given this way wherever the text is shown.
pub fn shown_offset(text: &str, at: usize) -> usize {
    if !text.chars().any(is_placeholder) {
        return at;
    }
    let before: usize = text
        .chars()
        .take(at)
        .map(|c| match code_of(c) {
            Some((kind, n)) => shown(kind, n).chars().count(),
            None if c == '{' => 2,
            None => 1,
        })
        .sum();
    // An offset past the end stays past it by as much.
    before + at.saturating_sub(text.chars().count())
}

/// Serializes a text with its placeholders shown (`serialize_with`).
pub fn serialize_shown<S: serde::Serializer>(text: &str, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&show(text))
}

/// Serializes an optional text with its placeholders shown.
pub fn serialize_shown_opt<S: serde::Serializer>(
    text: &Option<String>,
    s: S,
) -> Result<S::Ok, S::Error> {
    match text {
        Some(text) => s.serialize_some(&show(text)),
        None => s.serialize_none(),
    }
}

/// The inverse of [`show`] for a text with codes, `known` saying which:
/// each `{n}`, `{/n}`, `{n/}` of a known code becomes its placeholder, `{{`
/// a `{`; anything else stays as written.
pub fn unshow(text: &str, known: impl Fn(CodeKind, u32) -> bool) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('{') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        if let Some(after) = rest.strip_prefix("{{") {
            out.push('{');
            rest = after;
            continue;
        }
        match parse_shown(rest).filter(|(kind, n, _)| known(*kind, *n)) {
            Some((kind, n, len)) => {
                out.extend(placeholder(kind, n));
                rest = &rest[len..];
            }
            None => {
                out.push('{');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// A shown code at the start of `text`: its kind, number and length.
fn parse_shown(text: &str) -> Option<(CodeKind, u32, usize)> {
    let body = text.strip_prefix('{')?;
    let end = body.find('}')?;
    let inner = &body[..end];
    let (kind, digits) = if let Some(d) = inner.strip_prefix('/') {
        (CodeKind::Close, d)
    } else if let Some(d) = inner.strip_suffix('/') {
        (CodeKind::Standalone, d)
    } else {
        (CodeKind::Open, inner)
    };
    if digits.is_empty() || digits.len() > 5 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n: u32 = digits.parse().ok()?;
    placeholder(kind, n)?;
    Some((kind, n, end + 2))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_carry_kind_and_number() {
        for kind in [CodeKind::Open, CodeKind::Close, CodeKind::Standalone] {
            for n in [1, 2, 77, MAX_CODE_NUMBER] {
                let c = placeholder(kind, n).unwrap_or('x');
                assert_eq!(code_of(c), Some((kind, n)), "{kind:?} {n}");
            }
        }
        assert_eq!(placeholder(CodeKind::Open, 0), None);
        assert_eq!(placeholder(CodeKind::Open, MAX_CODE_NUMBER + 1), None);
        assert_eq!(code_of('a'), None);
    }

    #[test]
    fn shown_offsets_point_at_the_same_characters_in_the_shown_text() {
        let open = placeholder(CodeKind::Open, 1).unwrap_or('x');
        let close = placeholder(CodeKind::Close, 12).unwrap_or('x');
        let text = format!("{{a}} {open}Токаев{close} и {{б}}");
        let raw: Vec<char> = text.chars().collect();
        let shown_text: Vec<char> = show(&text).chars().collect();
        for (i, c) in raw.iter().enumerate() {
            let at = shown_offset(&text, i);
            if code_of(*c).is_none() && *c != '{' {
                assert_eq!(shown_text.get(at), Some(c), "offset {i}");
            }
        }
        assert_eq!(shown_offset(&text, raw.len()), shown_text.len());
        // «Токаев» starts after `{{a} {1}`: 2 + 1 + 1 + 1 + 3 = 8 characters.
        assert_eq!(shown_offset(&text, 5), 8);
        assert_eq!(shown_offset("без тегов", 4), 4);
    }

    #[test]
    fn show_strip_and_back() {
        let open = placeholder(CodeKind::Open, 1).unwrap_or('x');
        let close = placeholder(CodeKind::Close, 1).unwrap_or('x');
        let alone = placeholder(CodeKind::Standalone, 2).unwrap_or('x');
        let text = format!("Президент {open}Токаев{close} заявил{alone} {{1}}.");
        assert_eq!(show(&text), "Президент {1}Токаев{/1} заявил{2/} {{1}.");
        assert_eq!(strip(&text), "Президент Токаев заявил {1}.");
        assert!(matches!(strip("без тегов"), Cow::Borrowed(_)));
        // A character with the placeholders' lead byte that is none.
        assert!(matches!(strip("\u{C0000}\u{FFFFE}"), Cow::Borrowed(_)));
        assert_eq!(strip(&format!("\u{C0000}{open}")), "\u{C0000}");
        let known = |kind: CodeKind, n: u32| (n == 1 && kind != CodeKind::Standalone) || n == 2;
        assert_eq!(unshow(&show(&text), known), text);
        // Braces that are no known code stay text; doubled ones are one.
        assert_eq!(
            unshow("{3} {x} {1/} {} {/2 {{2/}", known),
            "{3} {x} {1/} {} {/2 {2/}"
        );
    }
}
