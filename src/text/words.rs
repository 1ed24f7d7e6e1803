//! Words (SPEC §3): maximal runs of letters, digits and combining marks, with
//! internal hyphens and apostrophes, and decimal points and commas between
//! digits, joining; everything else is punctuation.

use super::normalize::{fold_char, lower_nfc, Fold};

/// One word of a text.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Word {
    /// The comparison form of the word, as [`normalize`](super::normalize()) would give.
    pub norm: String,
    /// Byte offset of the word's first character in the raw text.
    pub start: usize,
    /// Byte offset just past the word's last character in the raw text.
    pub end: usize,
}

/// The words of `text`, in order, with their byte spans in `text`.
///
/// Joining rules, applied to characters after [`fold_char`]:
/// - a hyphen (any dash) or an apostrophe (`'`, `’`, `ʼ`) between two word
///   characters: `Нур-Султан`, `O’Brien`, `2019–2021` (→ `2019-2021`);
/// - a `.` or `,` between two digits: `1,5`, `10.000`, `3.14`;
/// - invisible characters (soft hyphen, zero-width space, …) are transparent:
///   the word goes on across them and they are absent from `norm`; they also
///   count as nothing when deciding whether a joiner stands between two word
///   characters.
pub fn words(text: &str) -> Vec<Word> {
    spans(text)
        .map(|(start, end)| Word {
            norm: norm_of(&text[start..end]),
            start,
            end,
        })
        .collect()
}

/// Whether a normalized word is a number: it starts with a digit and holds
/// only digits and `.`, `,`, `-` (`2019`, `1,5`, `10.000`, `2019-2021`).
pub fn is_number(norm: &str) -> bool {
    let mut chars = norm.chars();
    chars.next().is_some_and(is_numeric)
        && chars.all(|c| is_numeric(c) || matches!(c, '.' | ',' | '-'))
}

/// `char::is_numeric`, without its Unicode tables for ASCII and for the
/// Cyrillic block (which holds no number: most words tested are Russian).
#[inline]
fn is_numeric(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_digit()
    } else {
        !matches!(c, '\u{0400}'..='\u{04FF}') && c.is_numeric()
    }
}

/// The comparison form of one word's raw text.
pub(super) fn norm_of(raw: &str) -> String {
    if raw.is_ascii() {
        // Inside a word no ASCII character folds to anything else.
        return raw.to_ascii_lowercase();
    }
    let folded = raw.chars().filter_map(|c| match fold_char(c) {
        Fold::Char(c) => Some(c),
        Fold::Space | Fold::Remove => None,
    });
    lower_nfc(folded, raw.len())
}

/// The byte spans of the words of `text`.
pub(super) fn spans(text: &str) -> Spans<'_> {
    Spans { text, pos: 0 }
}

/// What a character is to the word splitter, after [`fold_char`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    /// A letter or a combining mark.
    Letter,
    /// A digit (any numeric character).
    Digit,
    /// A hyphen or an apostrophe: joins two word characters.
    Joiner,
    /// A `.` or `,`: joins two digits.
    DecimalSeparator,
    /// Invisible: transparent.
    Transparent,
    /// Anything else ends a word.
    Boundary,
}

#[inline]
fn classify(c: char) -> Class {
    if c.is_ascii() {
        return match c {
            'a'..='z' | 'A'..='Z' => Class::Letter,
            '0'..='9' => Class::Digit,
            '-' | '\'' => Class::Joiner,
            '.' | ',' => Class::DecimalSeparator,
            _ => Class::Boundary,
        };
    }
    // The letters of Russian (А–я, Ё, ё): most of what is classified,
    // and the general path's Unicode tables cost a binary search each.
    if matches!(c, '\u{0410}'..='\u{044F}' | 'Ё' | 'ё') {
        return Class::Letter;
    }
    classify_other(c)
}

/// [`classify`] of a character neither ASCII nor a Russian letter.
fn classify_other(c: char) -> Class {
    match fold_char(c) {
        Fold::Remove => Class::Transparent,
        Fold::Space => Class::Boundary,
        Fold::Char('-' | '\'') => Class::Joiner,
        Fold::Char(c) if c.is_numeric() => Class::Digit,
        Fold::Char(c) if c.is_alphanumeric() || is_combining_mark(c) => Class::Letter,
        Fold::Char(_) => Class::Boundary,
    }
}

/// The combining-mark blocks that matter for Latin and Cyrillic text.
fn is_combining_mark(c: char) -> bool {
    matches!(c,
        '\u{0300}'..='\u{036F}'
        | '\u{0483}'..='\u{0489}'
        | '\u{1AB0}'..='\u{1AFF}'
        | '\u{1DC0}'..='\u{1DFF}'
        | '\u{20D0}'..='\u{20FF}'
        | '\u{FE20}'..='\u{FE2F}')
}

/// Iterator over word spans; see [`words`] for the rules.
pub(super) struct Spans<'a> {
    text: &'a str,
    pos: usize,
}

impl Spans<'_> {
    /// The class of the first visible character at or after byte `from`.
    fn next_visible(&self, from: usize) -> Option<Class> {
        self.text[from..]
            .chars()
            .map(classify)
            .find(|class| *class != Class::Transparent)
    }
}

impl Iterator for Spans<'_> {
    type Item = (usize, usize);

    fn next(&mut self) -> Option<(usize, usize)> {
        let text = self.text;
        // Find the first word character.
        let mut iter = text[self.pos..].char_indices();
        let (start, mut last) = loop {
            let (i, c) = iter.next()?;
            match classify(c) {
                class @ (Class::Letter | Class::Digit) => break (self.pos + i, class),
                _ => continue,
            }
        };
        let mut end = start + text[start..].chars().next().map_or(1, char::len_utf8);
        let mut at = end;
        while let Some(c) = text[at..].chars().next() {
            let next_at = at + c.len_utf8();
            match classify(c) {
                class @ (Class::Letter | Class::Digit) => {
                    last = class;
                    end = next_at;
                }
                Class::Transparent => {}
                Class::Joiner => {
                    if !matches!(
                        self.next_visible(next_at),
                        Some(Class::Letter | Class::Digit)
                    ) {
                        break;
                    }
                }
                Class::DecimalSeparator => {
                    if last != Class::Digit || self.next_visible(next_at) != Some(Class::Digit) {
                        break;
                    }
                }
                Class::Boundary => break,
            }
            at = next_at;
        }
        self.pos = at;
        Some((start, end))
    }
}

/// Converts byte offsets in a text into character offsets, counting only
/// from the previous offset when offsets increase (as spans are visited in
/// order). Offsets past the end count as the end.
pub struct CharOffsets<'a> {
    bytes: &'a [u8],
    byte: usize,
    chars: usize,
}

impl<'a> CharOffsets<'a> {
    pub fn new(text: &'a str) -> Self {
        CharOffsets {
            bytes: text.as_bytes(),
            byte: 0,
            chars: 0,
        }
    }

    /// The character offset of byte offset `byte`: the number of
    /// characters that start before it (a byte inside a character counts
    /// that character as begun).
    pub fn at(&mut self, byte: usize) -> usize {
        let byte = byte.min(self.bytes.len());
        if byte < self.byte {
            self.byte = 0;
            self.chars = 0;
        }
        self.chars += self.bytes[self.byte..byte]
            .iter()
            .filter(|&&b| b & 0xC0 != 0x80)
            .count();
        self.byte = byte;
        self.chars
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_fast_paths_of_classify_agree_with_the_general_one() {
        for c in ('\u{0410}'..='\u{044F}').chain(['Ё', 'ё']) {
            assert_eq!(super::classify(c), super::classify_other(c), "{c:?}");
        }
    }

    #[test]
    fn the_fast_path_of_is_numeric_agrees_with_the_unicode_tables() {
        for c in ('\0'..='\u{0600}').chain(['²', '½', 'Ⅻ', '٣', '߀', '\u{FF11}']) {
            assert_eq!(super::is_numeric(c), c.is_numeric(), "{c:?}");
        }
    }

    use super::*;

    #[test]
    fn char_offsets_count_characters_in_any_order() {
        // "аб cd": а 0..2, б 2..4, space 4..5, c 5, d 6 (bytes).
        let mut chars = CharOffsets::new("аб cd");
        assert_eq!(chars.at(2), 1);
        assert_eq!(chars.at(5), 3);
        assert_eq!(chars.at(4), 2, "going back starts again");
        assert_eq!(chars.at(99), 5, "past the end is the end");
        let mut chars = CharOffsets::new("аб cd");
        assert_eq!(chars.at(1), 1, "inside а: а has begun");
        assert_eq!(
            chars.at(4),
            2,
            "an offset inside a character loses no count after it"
        );
        assert_eq!(chars.at(6), 4);
    }

    fn norms(text: &str) -> Vec<String> {
        words(text).into_iter().map(|w| w.norm).collect()
    }

    #[test]
    fn words_table() {
        let cases: &[(&str, &str, &[&str])] = &[
            ("empty", "", &[]),
            ("only spaces", "  \n\t", &[]),
            ("only punctuation", "«—…», !?", &[]),
            (
                "simple words lower-cased",
                "Токаев подписал Указ",
                &["токаев", "подписал", "указ"],
            ),
            (
                "ascii words",
                "Tokayev Signs Decree",
                &["tokayev", "signs", "decree"],
            ),
            (
                "punctuation separates",
                "Астана,Алматы;Шымкент.",
                &["астана", "алматы", "шымкент"],
            ),
            ("hyphen joins", "Нур-Султан", &["нур-султан"]),
            (
                "inflected hyphenated name",
                "в Нур-Султане",
                &["в", "нур-султане"],
            ),
            (
                "non-breaking hyphen joins and folds",
                "Нур\u{2011}Султан",
                &["нур-султан"],
            ),
            ("en dash between years joins", "2019–2021", &["2019-2021"]),
            (
                "spaced dash separates",
                "Астана — столица",
                &["астана", "столица"],
            ),
            (
                "leading hyphen not a word",
                "-5 градусов",
                &["5", "градусов"],
            ),
            (
                "trailing hyphen not joined",
                "северо- и южно-казахстанский",
                &["северо", "и", "южно-казахстанский"],
            ),
            ("double hyphen separates", "a--b", &["a", "b"]),
            ("apostrophe joins", "O'Brien", &["o'brien"]),
            ("curly apostrophe joins and folds", "O’Brien", &["o'brien"]),
            (
                "modifier apostrophe joins and folds",
                "Qazaqstanʼs",
                &["qazaqstan's"],
            ),
            (
                "trailing apostrophe dropped",
                "leaders' summit",
                &["leaders", "summit"],
            ),
            ("quotes around a word", "«Нур Отан»", &["нур", "отан"]),
            ("single quotes around a word", "'Amanat'", &["amanat"]),
            ("decimal comma joins", "1,5 млн", &["1,5", "млн"]),
            ("decimal point joins", "3.14", &["3.14"]),
            (
                "thousands separator joins",
                "10.000 тенге",
                &["10.000", "тенге"],
            ),
            ("several separators", "1.234.567,89", &["1.234.567,89"]),
            (
                "comma after number then space",
                "2019, 2020",
                &["2019", "2020"],
            ),
            ("full stop after number", "в 2019.", &["в", "2019"]),
            ("stop between number and letter", "5.a", &["5", "a"]),
            ("stop between letter and number", "a.5", &["a", "5"]),
            ("comma between words", "да,нет", &["да", "нет"]),
            ("percent separates", "3.5%", &["3.5"]),
            (
                "alphanumeric run",
                "COVID-19 и 5G",
                &["covid-19", "и", "5g"],
            ),
            ("decimal then hyphen", "1.5-2", &["1.5-2"]),
            ("emoji separates", "Астана👍Алматы", &["астана", "алматы"]),
            ("emoji alone", "👍", &[]),
            (
                "combining acute stays in word",
                "за\u{301}мок",
                &["за\u{301}мок"],
            ),
            (
                "decomposed yo composes then folds",
                "Пе\u{308}тр",
                &["петр"],
            ),
            ("mark at text start is a word", "\u{301}a", &["\u{301}a"]),
            (
                "soft hyphen transparent",
                "Ма\u{AD}жи\u{AD}лис",
                &["мажилис"],
            ),
            (
                "zero-width space transparent",
                "Ак\u{200B}орда",
                &["акорда"],
            ),
            (
                "soft hyphen before joiner's partner",
                "Нур-\u{AD}Султан",
                &["нур-султан"],
            ),
            ("zero-width between decimal digits", "1,\u{200B}5", &["1,5"]),
            ("yo folds", "Ёлки", &["елки"]),
            ("nbsp separates", "5\u{A0}млн", &["5", "млн"]),
            ("underscore separates", "snake_case", &["snake", "case"]),
            (
                "kazakh letters",
                "Қазақстан Ұлттық",
                &["қазақстан", "ұлттық"],
            ),
            ("superscript digit is numeric", "км²", &["км²"]),
            ("fullwidth letters", "ＡＢＣ", &["ａｂｃ"]),
        ];
        for (rule, input, want) in cases {
            assert_eq!(norms(input), *want, "{rule}: {input:?}");
        }
    }

    /// Rule, text, and the expected (start, end, raw slice) of each word.
    type SpanCase = (
        &'static str,
        &'static str,
        &'static [(usize, usize, &'static str)],
    );

    #[test]
    fn spans_point_into_the_raw_text() {
        let cases: &[SpanCase] = &[
            (
                "ascii offsets",
                "Mr. Smith",
                &[(0, 2, "Mr"), (4, 9, "Smith")],
            ),
            (
                "cyrillic letters are two bytes",
                "в Астане",
                &[(0, 2, "в"), (3, 15, "Астане")],
            ),
            (
                "trailing soft hyphen outside the span",
                "аким\u{AD} ",
                &[(0, 8, "аким")],
            ),
            (
                "leading zero-width space outside the span",
                "\u{200B}аким",
                &[(3, 11, "аким")],
            ),
            (
                "inner soft hyphen inside the span",
                "а\u{AD}б",
                &[(0, 6, "а\u{AD}б")],
            ),
            (
                "quote and dash excluded",
                "«Нур-Султан»",
                &[(2, 21, "Нур-Султан")],
            ),
            ("decimal", "(1,5)", &[(1, 4, "1,5")]),
        ];
        for (rule, input, want) in cases {
            let got: Vec<(usize, usize, &str)> = words(input)
                .iter()
                .map(|w| (w.start, w.end, &input[w.start..w.end]))
                .collect();
            assert_eq!(got, *want, "{rule}: {input:?}");
        }
    }

    #[test]
    fn word_norm_equals_normalize_of_its_span() {
        let text = "«Пе\u{308}тр» O’Brien, Нур\u{2011}Султан: 1,5 млн; Ма\u{AD}жилис Cafe\u{301} \u{130}stanbul";
        for word in words(text) {
            assert_eq!(
                word.norm,
                super::super::normalize(&text[word.start..word.end])
            );
        }
    }

    #[test]
    fn is_number_table() {
        let cases: &[(&str, &str, bool)] = &[
            ("integer", "2019", true),
            ("decimal comma", "1,5", true),
            ("decimal point", "3.14", true),
            ("thousands", "10.000", true),
            ("range", "2019-2021", true),
            ("single digit", "0", true),
            ("superscript digits", "10²", true),
            ("digit then letter", "5g", false),
            ("letters then digits", "covid-19", false),
            ("word", "аким", false),
            ("empty", "", false),
            ("leading minus", "-5", false),
            ("leading separator", ",5", false),
            ("digit then apostrophe", "80's", false),
            ("digit then space", "5 000", false),
        ];
        for (rule, norm, want) in cases {
            assert_eq!(is_number(norm), *want, "{rule}: {norm:?}");
        }
    }
}
