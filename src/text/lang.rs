//! The two languages of the memory, their codes, and detection of a text's
//! language from its script.

use std::fmt;
use std::str::FromStr;

/// A language of the memory. The order (`Ru` < `En`) is the order of the
/// columns wherever both sides are listed.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    Ru,
    En,
}

impl Lang {
    /// Both languages, in column order.
    pub const ALL: [Lang; 2] = [Lang::Ru, Lang::En];

    /// The ISO 639-1 code: `ru` or `en`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Ru => "ru",
            Lang::En => "en",
        }
    }

    /// The other side of a translation.
    pub fn other(self) -> Lang {
        match self {
            Lang::Ru => Lang::En,
            Lang::En => Lang::Ru,
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A language tag that names neither Russian nor English.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseLangError {
    /// The tag as given.
    pub tag: String,
}

impl fmt::Display for ParseLangError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown language `{}`: expected `ru` or `en` (a tag such as `ru-RU` or `en_GB` works too)",
            self.tag
        )
    }
}

impl std::error::Error for ParseLangError {}

impl FromStr for Lang {
    type Err = ParseLangError;

    /// Accepts a BCP 47 / POSIX-style tag whose primary subtag is `ru`, `rus`,
    /// `en` or `eng` in any case, with optional subtags separated by `-` or
    /// `_` (`ru-RU`, `en_GB`, `EN-us`). The names `russian` and `english` are
    /// accepted too.
    fn from_str(s: &str) -> Result<Lang, ParseLangError> {
        let error = || ParseLangError { tag: s.to_owned() };
        let tag = s.trim();
        let mut subtags = tag.split(['-', '_']);
        let primary = subtags.next().unwrap_or_default();
        let lang = if ["ru", "rus", "russian"]
            .iter()
            .any(|code| primary.eq_ignore_ascii_case(code))
        {
            Lang::Ru
        } else if ["en", "eng", "english"]
            .iter()
            .any(|code| primary.eq_ignore_ascii_case(code))
        {
            Lang::En
        } else {
            return Err(error());
        };
        // Region, script and variant subtags are not checked beyond their
        // shape: 1 to 8 ASCII letters or digits each.
        let well_formed = subtags.all(|sub| {
            (1..=8).contains(&sub.len()) && sub.bytes().all(|b| b.is_ascii_alphanumeric())
        });
        if well_formed {
            Ok(lang)
        } else {
            Err(error())
        }
    }
}

/// Whether `c` is a Cyrillic letter (Russian, Kazakh, Ukrainian, … and the
/// historic and extended blocks). The one test of script in tilmash: the
/// blocks Cyrillic, Cyrillic Supplement, Extended-A/B/C, letters only (not
/// the titlo, the thousands sign ҂ or other marks in those blocks), so that
/// Kazakh names (`Әлихан`, `Құнаев`) count as Cyrillic everywhere.
pub fn is_cyrillic_letter(c: char) -> bool {
    matches!(c,
        '\u{0400}'..='\u{0481}'
        | '\u{048A}'..='\u{052F}'
        | '\u{1C80}'..='\u{1C8F}'
        | '\u{A640}'..='\u{A66E}'
        | '\u{A680}'..='\u{A69D}')
        && c.is_alphabetic()
}

/// Whether `c` is a Latin letter (ASCII, Latin-1, the Latin extensions).
fn is_latin_letter(c: char) -> bool {
    c.is_ascii_alphabetic()
        || (matches!(c,
            '\u{00C0}'..='\u{024F}'
            | '\u{1E00}'..='\u{1EFF}'
            | '\u{2C60}'..='\u{2C7F}'
            | '\u{A720}'..='\u{A7FF}'
            | '\u{AB30}'..='\u{AB6F}'
            | '\u{FF21}'..='\u{FF3A}'
            | '\u{FF41}'..='\u{FF5A}')
            && c.is_alphabetic())
}

/// The language of `text` judged by its script: Russian when it has more
/// Cyrillic letters than Latin ones, English when it has more Latin letters;
/// `None` when it has no letters of either script or as many of each.
pub fn detect(text: &str) -> Option<Lang> {
    let (mut cyrillic, mut latin) = (0usize, 0usize);
    for c in text.chars() {
        if c.is_ascii() {
            latin += usize::from(c.is_ascii_alphabetic());
        } else if is_cyrillic_letter(c) {
            cyrillic += 1;
        } else if is_latin_letter(c) {
            latin += 1;
        }
    }
    match cyrillic.cmp(&latin) {
        std::cmp::Ordering::Greater => Some(Lang::Ru),
        std::cmp::Ordering::Less => Some(Lang::En),
        std::cmp::Ordering::Equal => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_other_side() {
        assert_eq!(Lang::Ru.code(), "ru");
        assert_eq!(Lang::En.code(), "en");
        assert_eq!(Lang::Ru.other(), Lang::En);
        assert_eq!(Lang::En.other(), Lang::Ru);
        assert_eq!(Lang::Ru.to_string(), "ru");
        assert_eq!(format!("{}", Lang::En), "en");
        assert!(Lang::Ru < Lang::En);
        assert_eq!(Lang::ALL, [Lang::Ru, Lang::En]);
    }

    #[test]
    fn parse_tags() {
        let cases: &[(&str, &str, Option<Lang>)] = &[
            ("two-letter code", "ru", Some(Lang::Ru)),
            ("two-letter code", "en", Some(Lang::En)),
            ("upper case", "RU", Some(Lang::Ru)),
            ("upper case", "EN", Some(Lang::En)),
            ("mixed case", "Ru", Some(Lang::Ru)),
            ("region with hyphen", "ru-RU", Some(Lang::Ru)),
            ("region with underscore", "ru_RU", Some(Lang::Ru)),
            ("region with hyphen, upper", "EN-GB", Some(Lang::En)),
            ("region lower case", "en-us", Some(Lang::En)),
            ("region with underscore", "en_GB", Some(Lang::En)),
            ("Kazakhstan region", "ru-KZ", Some(Lang::Ru)),
            ("script and region", "ru-Cyrl-KZ", Some(Lang::Ru)),
            ("three-letter code", "rus", Some(Lang::Ru)),
            ("three-letter code", "eng", Some(Lang::En)),
            ("three-letter code upper", "ENG", Some(Lang::En)),
            ("english name", "English", Some(Lang::En)),
            ("russian name", "russian", Some(Lang::Ru)),
            ("surrounding spaces", " ru ", Some(Lang::Ru)),
            ("other language", "kk", None),
            ("other language with region", "kk-KZ", None),
            ("prefix only", "r", None),
            ("longer word", "rusx", None),
            ("empty", "", None),
            ("empty subtag", "ru-", None),
            ("double separator", "en--GB", None),
            ("subtag too long", "en-abcdefghi", None),
            ("non-ASCII subtag", "ru-РФ", None),
            ("cyrillic name", "ру", None),
        ];
        for (rule, tag, want) in cases {
            let got = tag.parse::<Lang>().ok();
            assert_eq!(got, *want, "{rule}: {tag:?}");
        }
    }

    #[test]
    fn parse_error_names_the_tag() {
        let err = "kk".parse::<Lang>().err();
        let message = err.map(|e| e.to_string()).unwrap_or_default();
        assert!(message.contains("`kk`"), "{message}");
        assert!(
            message.contains("ru") && message.contains("en"),
            "{message}"
        );
    }

    #[test]
    fn round_trip_through_code() {
        for lang in Lang::ALL {
            assert_eq!(lang.code().parse::<Lang>().ok(), Some(lang));
        }
    }

    #[test]
    fn detect_by_script() {
        let cases: &[(&str, &str, Option<Lang>)] = &[
            ("only cyrillic", "Токаев прибыл в Астану", Some(Lang::Ru)),
            ("only latin", "Tokayev arrived in Astana", Some(Lang::En)),
            ("no letters", "2019-2021, 3.5% (+7)", None),
            ("empty", "", None),
            ("whitespace", " \n\t ", None),
            ("tie", "abc где", None),
            ("tie one each", "a я", None),
            (
                "cyrillic majority with latin name",
                "Компания KazMunayGas отчиталась о прибыли",
                Some(Lang::Ru),
            ),
            (
                "latin majority with cyrillic word",
                "The word аким means mayor",
                Some(Lang::En),
            ),
            (
                "kazakh letters count as cyrillic",
                "Қазақстан Ұлттық",
                Some(Lang::Ru),
            ),
            ("accented latin", "café résumé", Some(Lang::En)),
            ("yo counts", "ёЁ", Some(Lang::Ru)),
            (
                "digits and symbols ignored",
                "Мажилис 2023 !!! ??? 12345",
                Some(Lang::Ru),
            ),
            ("greek is neither", "αβγ", None),
            ("fullwidth latin", "ＡＢＣ", Some(Lang::En)),
            (
                "cyrillic combining titlo is no letter",
                "\u{0483}\u{0483}a",
                Some(Lang::En),
            ),
        ];
        for (rule, text, want) in cases {
            assert_eq!(detect(text), *want, "{rule}: {text:?}");
        }
    }
}
