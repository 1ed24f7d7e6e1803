//! A segment analyzed for comparison: its words with normalized form, stem,
//! number flag and byte span.

use std::sync::LazyLock;

use rust_stemmers::{Algorithm, Stemmer};

use super::lang::Lang;
use super::words::{is_number, norm_of, spans};

/// One word of a segment, ready for the match score.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// The normalized word (SPEC §3): NFC, case-folded, ё → е, dashes → `-`.
    pub norm: String,
    /// The Snowball stem of `norm` in the segment's language (rust-stemmers 1.2).
    pub stem: String,
    /// Whether the word is a number (`2019`, `1,5`, `10.000`, `2019-2021`).
    pub number: bool,
    /// Byte range of the word in the raw text.
    pub start: usize,
    pub end: usize,
}

/// A raw segment and its tokens.
#[derive(Debug, Clone)]
pub struct Analyzed {
    pub text: String,
    pub lang: Lang,
    pub tokens: Vec<Token>,
}

/// The Snowball stemmers, built once. A `Stemmer` is a function pointer, so
/// sharing them between threads costs nothing.
static RUSSIAN: LazyLock<Stemmer> = LazyLock::new(|| Stemmer::create(Algorithm::Russian));
static ENGLISH: LazyLock<Stemmer> = LazyLock::new(|| Stemmer::create(Algorithm::English));

fn stemmer(lang: Lang) -> &'static Stemmer {
    match lang {
        Lang::Ru => &RUSSIAN,
        Lang::En => &ENGLISH,
    }
}

/// Splits `text` into words, normalizes and stems them in `lang`.
///
/// The stem is the Snowball stem (rust-stemmers 1.2, SPEC §4) of the whole
/// normalized word, hyphens included; a number is its own stem.
pub fn analyze(text: &str, lang: Lang) -> Analyzed {
    let stemmer = stemmer(lang);
    let tokens = spans(text)
        .map(|(start, end)| {
            let norm = norm_of(&text[start..end]);
            let number = is_number(&norm);
            let stem = if number {
                norm.clone()
            } else {
                stemmer.stem(&norm).into_owned()
            };
            Token {
                norm,
                stem,
                number,
                start,
                end,
            }
        })
        .collect();
    Analyzed {
        text: text.to_owned(),
        lang,
        tokens,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (norm, stem, number) of each token.
    fn triples(text: &str, lang: Lang) -> Vec<(String, String, bool)> {
        analyze(text, lang)
            .tokens
            .into_iter()
            .map(|t| (t.norm, t.stem, t.number))
            .collect()
    }

    /// Rule, language, text, and the expected (norm, stem, number) of each token.
    type StemCase = (
        &'static str,
        Lang,
        &'static str,
        &'static [(&'static str, &'static str, bool)],
    );

    #[test]
    fn stems_table() {
        let cases: &[StemCase] = &[
            ("empty text", Lang::Ru, "", &[]),
            (
                // Snowball strips the noun ending -е from the locative, but
                // treats the final -ан of the nominative as a verb ending.
                "russian hyphenated name stemmed whole",
                Lang::Ru,
                "в Нур-Султане Нур-Султан",
                &[
                    ("в", "в", false),
                    ("нур-султане", "нур-султан", false),
                    ("нур-султан", "нур-султа", false),
                ],
            ),
            (
                "russian plural cases share a stem",
                Lang::Ru,
                "выборах выборы",
                &[("выборах", "выбор", false), ("выборы", "выбор", false)],
            ),
            (
                "russian yo folded before stemming",
                Lang::Ru,
                "Пётр",
                &[("петр", "петр", false)],
            ),
            (
                "russian stemmer on a latin word leaves it",
                Lang::Ru,
                "KazMunayGas",
                &[("kazmunaygas", "kazmunaygas", false)],
            ),
            (
                "english plural",
                Lang::En,
                "Elections election",
                &[("elections", "elect", false), ("election", "elect", false)],
            ),
            (
                "english verb forms",
                Lang::En,
                "signed signing",
                &[("signed", "sign", false), ("signing", "sign", false)],
            ),
            (
                "numbers are their own stem",
                Lang::Ru,
                "1,5 млн 2019-2021",
                &[
                    ("1,5", "1,5", true),
                    ("млн", "млн", false),
                    ("2019-2021", "2019-2021", true),
                ],
            ),
            (
                "alphanumeric is no number",
                Lang::En,
                "COVID-19",
                &[("covid-19", "covid-19", false)],
            ),
        ];
        for (rule, lang, text, want) in cases {
            let want: Vec<(String, String, bool)> = want
                .iter()
                .map(|(n, s, b)| (n.to_string(), s.to_string(), *b))
                .collect();
            assert_eq!(triples(text, *lang), want, "{rule}: {text:?}");
        }
    }

    #[test]
    fn keeps_text_lang_and_spans() {
        let text = "Аким Астаны, 2023.";
        let analyzed = analyze(text, Lang::Ru);
        assert_eq!(analyzed.text, text);
        assert_eq!(analyzed.lang, Lang::Ru);
        let spans: Vec<&str> = analyzed
            .tokens
            .iter()
            .map(|t| &text[t.start..t.end])
            .collect();
        assert_eq!(spans, ["Аким", "Астаны", "2023"]);
    }

    #[test]
    fn tokens_match_words() {
        let text = "«Мажилис» одобрил закон о выборах в 2019–2021 гг. O’Brien's 3,5%";
        let words = super::super::words(text);
        let tokens = analyze(text, Lang::Ru).tokens;
        assert_eq!(tokens.len(), words.len());
        for (token, word) in tokens.iter().zip(&words) {
            assert_eq!(
                (&token.norm, token.start, token.end),
                (&word.norm, word.start, word.end)
            );
        }
    }
}
