//! Normalization for comparison (SPEC §3). What is stored and shown stays as
//! written; these forms only decide equality.
//!
//! The comparison form of a text is, in this order: the per-character fold of
//! [`fold_char`] (typographic quotes, dashes, spaces, invisible characters),
//! full lower-casing (`char::to_lowercase`), NFC, ё → е, whitespace runs
//! collapsed to one space and trimmed. Lower-casing before NFC keeps the
//! result in NFC; ё → е comes after NFC so that a decomposed `е` + U+0308
//! becomes `ё` first and then `е`.

use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// NFC, whitespace runs (any Unicode space) collapsed to one ASCII space,
/// trimmed. Two segments equal in this form are an exact (100) match.
pub fn collapse(text: &str) -> String {
    if is_collapsed(text) {
        return text.to_owned();
    }
    collapse_any(text)
}

/// Whether `text` is its own [`collapse`], told by one pass over its bytes
/// that knows ASCII, the upper half of Latin-1 and the Cyrillic letters
/// (NFC-stable, and no whitespace among them but the space): no space at
/// either end or after another, no other whitespace, and no other
/// character. Most segments of a newsroom are; the others take
/// [`collapse_any`].
fn is_collapsed(text: &str) -> bool {
    let bytes = text.as_bytes();
    if bytes.first() == Some(&b' ') || bytes.last() == Some(&b' ') {
        return false;
    }
    let mut prev = 0;
    for &b in bytes {
        let known = match b {
            b' ' => prev != b' ',
            b'\t' | b'\n' | 0x0B | 0x0C | b'\r' => false,
            // ASCII, and the continuation bytes of the lead bytes below
            // (any other lead byte has answered already).
            0..=0xBF => true,
            // U+00C0–U+00FF, U+0400–U+047F.
            0xC3 | 0xD0 | 0xD1 => true,
            _ => false,
        };
        if !known {
            return false;
        }
        prev = b;
    }
    true
}

/// [`collapse`] of any text.
fn collapse_any(text: &str) -> String {
    // A text already in NFC (every character NFC-stable, or the quick
    // check says so) is its own NFC: the composition pass, the import's
    // largest cost after indexing, is skipped.
    if text.chars().all(is_nfc_stable) || is_nfc_quick(text.chars()) == IsNormalized::Yes {
        collapse_chars(text.chars(), text.len())
    } else {
        collapse_chars(text.nfc(), text.len())
    }
}

/// [`collapse`] of characters already in NFC.
fn collapse_chars(chars: impl Iterator<Item = char>, capacity: usize) -> String {
    let mut out = String::with_capacity(capacity);
    let mut pending_space = false;
    for c in chars {
        if c.is_whitespace() {
            pending_space = !out.is_empty();
        } else {
            if pending_space {
                out.push(' ');
                pending_space = false;
            }
            out.push(c);
        }
    }
    out
}

/// What the comparison form makes of one character.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Fold {
    /// The character stands as this one: itself, or its plain replacement
    /// (`«` → `"`, `’` → `'`, `—` → `-`).
    Char(char),
    /// A space of any kind (line breaks, tabs, NBSP, thin and ideographic
    /// spaces): it separates words and collapses with its neighbours.
    Space,
    /// An invisible formatting character (soft hyphen, zero-width space and
    /// joiners, word joiner, BOM, bidi marks, variation selectors) or the
    /// placeholder of an inline code: it is dropped, and a word around it
    /// continues.
    Remove,
}

/// The per-character fold of SPEC §3. It does not change case, and leaves
/// `ё` alone: see [`normalize`] for the whole comparison form.
#[inline]
pub fn fold_char(c: char) -> Fold {
    if c.is_ascii() {
        return if c.is_ascii_whitespace() || c == '\u{0B}' {
            Fold::Space
        } else {
            Fold::Char(c)
        };
    }
    match c {
        // Quotation marks: guillemets, curly and low-9 quotes, their
        // reversed, fullwidth and CJK forms.
        '«' | '»' | '“' | '”' | '„' | '‟' | '〝' | '〞' | '〟' | '＂' => {
            Fold::Char('"')
        }
        '‘' | '’' | '‚' | '‛' | '‹' | '›' | '＇' | 'ʼ' => Fold::Char('\''),
        // Dashes (general category Pd) and minus signs.
        '\u{058A}'
        | '\u{05BE}'
        | '\u{1400}'
        | '\u{1806}'
        | '\u{2010}'..='\u{2015}'
        | '\u{2E17}'
        | '\u{2E1A}'
        | '\u{2E3A}'
        | '\u{2E3B}'
        | '\u{2E40}'
        | '\u{2E5D}'
        | '\u{301C}'
        | '\u{3030}'
        | '\u{30A0}'
        | '\u{FE31}'
        | '\u{FE32}'
        | '\u{FE58}'
        | '\u{FE63}'
        | '\u{FF0D}'
        | '\u{10EAD}'
        | '\u{2212}'
        | '\u{2796}' => Fold::Char('-'),
        // Invisible formatting: soft hyphen, combining grapheme joiner is
        // kept (it orders marks), Mongolian vowel separator, zero-width
        // space, ZWNJ, ZWJ, LRM, RLM, bidi embeddings and isolates, word
        // joiner and invisible operators, Arabic letter mark, BOM /
        // ZWNBSP, variation selectors.
        '\u{00AD}'
        | '\u{061C}'
        | '\u{180E}'
        | '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{2069}'
        | '\u{FEFF}'
        | '\u{FE00}'..='\u{FE0F}'
        | '\u{E0100}'..='\u{E01EF}' => Fold::Remove,
        // The placeholders of inline codes (tags): matching sees the text
        // without them (see `inline`).
        c if super::inline::is_placeholder(c) => Fold::Remove,
        c if c.is_whitespace() => Fold::Space,
        c => Fold::Char(c),
    }
}

/// The comparison form of a whole text: [`fold_char`], lower case, NFC,
/// ё → е, whitespace collapsed to single spaces and trimmed.
pub fn normalize(text: &str) -> String {
    lower_nfc(Collapsed::new(text), text.len())
}

/// Whether `c` (already lower-cased) is certainly in NFC whatever surrounds
/// it: it has canonical combining class 0 and NFC quick-check "yes". True of
/// Latin-1 and the Latin extensions, and of Cyrillic except its combining
/// marks, which covers nearly all newsroom text.
#[inline]
fn is_nfc_stable(c: char) -> bool {
    matches!(c, '\0'..='\u{02FF}' | '\u{0400}'..='\u{0482}' | '\u{048A}'..='\u{052F}')
}

/// Lower-cases already folded characters into their comparison form: NFC and
/// ё → е. `capacity` is a hint for the output size in bytes.
///
/// The common case takes one pass that maps ё → е on the fly; only when a
/// character outside the NFC-stable ranges shows up, and the result is not
/// quickly provable NFC, is the text lower-cased again, composed and mapped.
pub(super) fn lower_nfc<I>(chars: I, capacity: usize) -> String
where
    I: Iterator<Item = char> + Clone,
{
    let mut out = String::with_capacity(capacity);
    let mut stable = true;
    for c in chars.clone() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
            continue;
        }
        match c {
            'ё' | 'Ё' => out.push('е'),
            'а'..='я' => out.push(c),
            // А..Я are 0x20 below а..я.
            'А'..='Я' => out.push(char::from_u32(c as u32 + 0x20).unwrap_or(c)),
            _ => {
                for lower in c.to_lowercase() {
                    stable &= is_nfc_stable(lower);
                    out.push(if lower == 'ё' { 'е' } else { lower });
                }
            }
        }
    }
    // Mapping ё → е before NFC changes nothing unless a combining mark could
    // attach to the letter; a quick "yes" rules that out.
    if stable || is_nfc_quick(out.chars()) == IsNormalized::Yes {
        return out;
    }
    out.clear();
    let lowered: String = chars.flat_map(char::to_lowercase).collect();
    out.extend(lowered.nfc().map(|c| if c == 'ё' { 'е' } else { c }));
    out
}

/// The characters of a text after [`fold_char`], with whitespace runs
/// collapsed to one `' '` and no space at either end.
#[derive(Clone)]
struct Collapsed<'a> {
    chars: std::str::Chars<'a>,
    /// A character held back while the space before it is returned.
    held: Option<char>,
    /// Whether a space was seen since the last character returned.
    pending_space: bool,
    /// Whether a character has been returned yet.
    started: bool,
}

impl<'a> Collapsed<'a> {
    fn new(text: &'a str) -> Self {
        Collapsed {
            chars: text.chars(),
            held: None,
            pending_space: false,
            started: false,
        }
    }
}

impl Iterator for Collapsed<'_> {
    type Item = char;

    fn next(&mut self) -> Option<char> {
        if let Some(c) = self.held.take() {
            return Some(c);
        }
        for c in self.chars.by_ref() {
            match fold_char(c) {
                Fold::Remove => {}
                Fold::Space => self.pending_space = true,
                Fold::Char(c) => {
                    if self.pending_space && self.started {
                        self.pending_space = false;
                        self.held = Some(c);
                        return Some(' ');
                    }
                    self.pending_space = false;
                    self.started = true;
                    return Some(c);
                }
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_table() {
        let cases: &[(&str, &str, &str)] = &[
            ("empty", "", ""),
            ("only spaces", " \t\n\u{A0} ", ""),
            ("ascii lower-cased", "Astana Hub", "astana hub"),
            (
                "cyrillic lower-cased",
                "МАЖИЛИС Парламента",
                "мажилис парламента",
            ),
            ("cyrillic outside а-я lower-cased", "ЄЇЎ", "єїў"),
            (
                "kazakh letters lower-cased",
                "ҚАЗАҚСТАН ӘҢГІМЕ",
                "қазақстан әңгіме",
            ),
            ("yo to ye", "Пётр Ёлкин", "петр елкин"),
            ("capital yo to ye", "ЁЛКА", "елка"),
            ("decomposed yo composes then folds", "Пе\u{0308}тр", "петр"),
            ("decomposed capital yo", "Е\u{0308}лка", "елка"),
            ("decomposed latin composes", "Cafe\u{0301}", "caf\u{E9}"),
            ("composed latin stays", "Caf\u{E9}", "caf\u{E9}"),
            ("decomposed short i composes", "Таи\u{0306}м", "тайм"),
            ("stress mark stays on а", "за\u{0301}мок", "за\u{0301}мок"),
            ("yo with stress mark", "ё\u{0301}ж", "е\u{0301}ж"),
            (
                "marks reordered canonically then composed",
                "a\u{0301}\u{0316}",
                "\u{E1}\u{0316}",
            ),
            ("guillemets to plain", "«Нур Отан»", "\"нур отан\""),
            (
                "low and high quotes",
                "„Самрук“ и “Kazatomprom”",
                "\"самрук\" и \"kazatomprom\"",
            ),
            ("single curly quotes", "‘Astana’", "'astana'"),
            ("curly apostrophe", "O’Brien", "o'brien"),
            ("modifier letter apostrophe", "Oʼbrien", "o'brien"),
            ("single guillemets", "‹a›", "'a'"),
            ("en dash", "2019–2021", "2019-2021"),
            ("em dash", "Астана — столица", "астана - столица"),
            ("minus sign", "\u{2212}5", "-5"),
            ("non-breaking hyphen", "Нур\u{2011}Султан", "нур-султан"),
            ("figure dash and bar", "\u{2012}\u{2015}", "--"),
            (
                "small and fullwidth hyphen-minus",
                "\u{FE58}\u{FE63}\u{FF0D}",
                "---",
            ),
            ("nbsp to space", "5\u{A0}млн", "5 млн"),
            ("narrow nbsp to space", "10\u{202F}000", "10 000"),
            ("ideographic and em space", "a\u{3000}b\u{2003}c", "a b c"),
            (
                "line breaks collapse",
                "Астана\r\n\r\nАлматы",
                "астана алматы",
            ),
            (
                "runs collapse and trim",
                "  Токаев \t подписал  ",
                "токаев подписал",
            ),
            ("soft hyphen removed", "Ма\u{AD}жи\u{AD}лис", "мажилис"),
            ("zero-width space removed", "Ак\u{200B}орда", "акорда"),
            ("zero-width joiners removed", "a\u{200C}b\u{200D}c", "abc"),
            ("word joiner removed", "a\u{2060}b", "ab"),
            ("bom removed", "\u{FEFF}Астана", "астана"),
            (
                "bidi marks removed",
                "\u{200E}a\u{200F}b\u{202B}c\u{202C}\u{2067}d\u{2069}",
                "abcd",
            ),
            (
                "removed char between spaces still collapses",
                "a \u{200B} b",
                "a b",
            ),
            (
                "removed char between marks lets them compose",
                "е\u{200B}\u{0308}",
                "е",
            ),
            ("final sigma is not context-sensitive", "ΟΔΟΣ", "οδοσ"),
            ("dotted capital i", "\u{130}", "i\u{307}"),
            ("kelvin sign", "\u{212A}", "k"),
            ("sharp s stays", "Straße", "straße"),
            ("punctuation kept", "Итак: 3,5%!", "итак: 3,5%!"),
            ("emoji kept", "👍 ок", "👍 ок"),
        ];
        for (rule, input, want) in cases {
            assert_eq!(normalize(input), *want, "{rule}: {input:?}");
        }
    }

    #[test]
    fn fold_char_table() {
        let cases: &[(&str, char, Fold)] = &[
            ("letter unchanged", 'Ж', Fold::Char('Ж')),
            ("case unchanged", 'A', Fold::Char('A')),
            ("yo unchanged", 'ё', Fold::Char('ё')),
            ("ascii quote", '"', Fold::Char('"')),
            ("left guillemet", '«', Fold::Char('"')),
            ("right guillemet", '»', Fold::Char('"')),
            ("low-9 double quote", '„', Fold::Char('"')),
            ("left double quote", '“', Fold::Char('"')),
            ("right double quote", '”', Fold::Char('"')),
            ("left single quote", '‘', Fold::Char('\'')),
            ("right single quote", '’', Fold::Char('\'')),
            ("low-9 single quote", '‚', Fold::Char('\'')),
            ("hyphen", '\u{2010}', Fold::Char('-')),
            ("en dash", '–', Fold::Char('-')),
            ("em dash", '—', Fold::Char('-')),
            ("minus", '−', Fold::Char('-')),
            ("ascii hyphen", '-', Fold::Char('-')),
            ("space", ' ', Fold::Space),
            ("tab", '\t', Fold::Space),
            ("vertical tab", '\u{0B}', Fold::Space),
            ("line feed", '\n', Fold::Space),
            ("next line", '\u{85}', Fold::Space),
            ("nbsp", '\u{A0}', Fold::Space),
            ("figure space", '\u{2007}', Fold::Space),
            ("line separator", '\u{2028}', Fold::Space),
            ("paragraph separator", '\u{2029}', Fold::Space),
            ("soft hyphen", '\u{AD}', Fold::Remove),
            ("zero-width space", '\u{200B}', Fold::Remove),
            ("zwnj", '\u{200C}', Fold::Remove),
            ("zwj", '\u{200D}', Fold::Remove),
            ("lrm", '\u{200E}', Fold::Remove),
            ("rlm", '\u{200F}', Fold::Remove),
            ("word joiner", '\u{2060}', Fold::Remove),
            ("bom", '\u{FEFF}', Fold::Remove),
            ("variation selector 16", '\u{FE0F}', Fold::Remove),
            ("inline code placeholder", '\u{F0000}', Fold::Remove),
            ("last inline code placeholder", '\u{FFFFD}', Fold::Remove),
            (
                "combining acute is a character",
                '\u{301}',
                Fold::Char('\u{301}'),
            ),
            ("prime is not a quote", '′', Fold::Char('′')),
        ];
        for (rule, c, want) in cases {
            assert_eq!(fold_char(*c), *want, "{rule}: U+{:04X}", *c as u32);
        }
    }

    #[test]
    fn normalize_is_idempotent() {
        let texts = [
            "«Нур-Султан» — Пе\u{0308}тр\u{A0}Ёлкин, 1\u{2212}2",
            "Cafe\u{0301}  O’Brien\u{200B}",
            "ΟΔΟΣ \u{130} \u{212A}",
        ];
        for text in texts {
            let once = normalize(text);
            assert_eq!(normalize(&once), once, "{text:?}");
        }
    }

    #[test]
    fn collapse_keeps_case_and_quotes() {
        assert_eq!(collapse("  «Акорда»\u{A0} заявила\n"), "«Акорда» заявила");
        assert_eq!(collapse("Пе\u{0308}тр"), "Пётр");
    }

    /// The quick path (text already in NFC) gives what composing always
    /// gave: characters that compose with a neighbour of combining class 0
    /// (Hangul jamo, Indic vowel signs), combining marks, singletons.
    #[test]
    fn collapse_equals_composing_always() {
        let texts = [
            "",
            "  plain  ASCII\ttext ",
            "Пе\u{0308}тр и Ёлкин",
            "\u{1100}\u{1161}\u{11A8} 한",
            "\u{0B47}\u{0B3E} \u{0B4B}",
            "Cafe\u{0301} \u{212B} \u{2126} \u{0344}",
            "e\u{0301}\u{0323} \u{1E0B}\u{0323}",
            "«Акорда»\u{A0}заявила\u{2003}—\u{3000}да",
            // The byte scan's edges: accepted as they are, or not.
            "Ёлка, ёж и Über-café: 2019 год.",
            " leading",
            "trailing ",
            "two  spaces",
            "a\tb\nc\rd\u{B}e\u{C}f",
            "next\u{85}line",
            "Ҋ д\u{0301} \u{0483}",
        ];
        let corpus = std::fs::read_to_string("../shared/data/corpora/tatoeba_test_v2021-08-07.tsv")
            .expect("../shared/data/corpora");
        let mut quick = 0;
        for text in texts
            .into_iter()
            .chain(corpus.lines().take(5_000).flat_map(|l| l.split('\t')))
        {
            quick += usize::from(is_collapsed(text));
            let mut always = String::new();
            let mut pending_space = false;
            for c in text.nfc() {
                if c.is_whitespace() {
                    pending_space = !always.is_empty();
                } else {
                    if pending_space {
                        always.push(' ');
                        pending_space = false;
                    }
                    always.push(c);
                }
            }
            assert_eq!(collapse(text), always, "{text:?}");
        }
        // Most sides of the corpus are their own collapse.
        assert!(quick > 5_000, "{quick}");
        assert!(is_collapsed("Ёлка, ёж и Über-café: 2019 год."));
    }
}
