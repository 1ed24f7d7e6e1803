//! A segment analyzed for comparison: its words with normalized form, stem,
//! number flag and byte span.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::LazyLock;

use rust_stemmers::{Algorithm, Stemmer};

use super::lang::Lang;
use super::stems::KeptStems;
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

thread_local! {
    /// Stems kept by this thread: Russian, English.
    static STEMS: RefCell<[KeptStems; 2]> = RefCell::default();
}

/// `f` of this thread's kept stems of `lang`, and Snowball's stemmer of
/// `lang` for the words they lack.
fn with_kept<R>(lang: Lang, f: impl FnOnce(&mut KeptStems, &dyn Fn(&str) -> String) -> R) -> R {
    let snowball = |word: &str| stemmer(lang).stem(word).into_owned();
    STEMS.with_borrow_mut(|kept| {
        let kept = &mut kept[match lang {
            Lang::Ru => 0,
            Lang::En => 1,
        }];
        f(kept, &snowball)
    })
}

/// Fills in the stems of the words of `tokens` whose stem is empty yet
/// (those [`unstemmed`] made: a number's stem is its norm, never empty).
/// The kept stems' slots of all the words are read first, so that their
/// cache misses overlap rather than follow each other: on the import's
/// busy cores most of a look-up was that miss.
fn stem_words(tokens: &mut [Token], lang: Lang) {
    with_kept(lang, |kept, snowball| {
        for token in tokens.iter().filter(|t| t.stem.is_empty()) {
            kept.prefetch(&token.norm);
        }
        for token in tokens.iter_mut().filter(|t| t.stem.is_empty()) {
            token.stem = kept.stem(&token.norm, snowball);
        }
    })
}

/// Splits `text` into words, normalizes and stems them in `lang`.
///
/// The stem is the Snowball stem (rust-stemmers 1.2, SPEC §4) of the whole
/// normalized word, hyphens included; a number is its own stem.
pub fn analyze(text: &str, lang: Lang) -> Analyzed {
    let mut tokens: Vec<Token> = spans(text)
        .map(|(start, end)| unstemmed(text, start, end))
        .collect();
    stem_words(&mut tokens, lang);
    Analyzed {
        text: text.to_owned(),
        lang,
        tokens,
    }
}

/// `analyze(text, known.lang)` for a text whose words `known` mostly
/// holds already (a sentence of the paragraph `known` analysed): a word's
/// norm, stem and number flag depend on the word alone, so they are taken
/// from `known` wherever it has the same word, and computed otherwise.
/// Only the words' spans are found again, in `text` itself.
pub fn analyze_within(text: &str, known: &Analyzed) -> Analyzed {
    let words: HashMap<&str, &Token> = known
        .tokens
        .iter()
        .map(|t| (&known.text[t.start..t.end], t))
        .collect();
    let mut tokens: Vec<Token> = spans(text)
        .map(|(start, end)| match words.get(&text[start..end]) {
            Some(same) => Token {
                start,
                end,
                ..Token::clone(same)
            },
            None => unstemmed(text, start, end),
        })
        .collect();
    stem_words(&mut tokens, known.lang);
    Analyzed {
        text: text.to_owned(),
        lang: known.lang,
        tokens,
    }
}

/// The token of the word at `start..end` of `text`, but for the stem of a
/// word that is no number (empty).
fn unstemmed(text: &str, start: usize, end: usize) -> Token {
    let norm = norm_of(&text[start..end]);
    let number = is_number(&norm);
    Token {
        stem: if number { norm.clone() } else { String::new() },
        norm,
        number,
        start,
        end,
    }
}

#[cfg(test)]
mod tests {
    use super::super::stems::KEPT_WORDS;
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

    /// A sentence analysed within its paragraph's analysis is analysed
    /// exactly as on its own, whether its words are the paragraph's or
    /// not.
    #[test]
    fn analysis_within_a_paragraph_equals_analysis_alone() {
        let corpus =
            std::fs::read_to_string("../shared/data/corpora/wmt24_wmttest2024_en-orig.tsv")
                .expect("../shared/data/corpora");
        let mut words = 0;
        for line in corpus.lines().take(400) {
            for (side, lang) in line.split('\t').zip([Lang::Ru, Lang::En]) {
                let known = analyze(side, lang);
                let sentences = super::super::segment(side, lang);
                let mut texts: Vec<String> = sentences
                    .iter()
                    .map(|s| side[s.start..s.end].to_string())
                    .collect();
                // Sentences joined again, and words the paragraph lacks.
                texts.push(texts.join(" "));
                texts.push(format!("{side} Новые слова, new words 2019-2021."));
                for text in &texts {
                    let within = analyze_within(text, &known);
                    assert_eq!(within.tokens, analyze(text, lang).tokens, "{text}");
                    assert_eq!((within.text.as_str(), within.lang), (text.as_str(), lang));
                    words += within.tokens.len();
                }
            }
        }
        assert!(words > 10_000, "{words}");
    }

    /// Kept stems are Snowball's, for words met once and again, before
    /// and after the thread's store is full.
    #[test]
    fn kept_stems_are_snowballs() {
        let corpus =
            std::fs::read_to_string("../shared/data/corpora/wmt24_wmttest2024_en-orig.tsv")
                .expect("../shared/data/corpora");
        let check = |text: &str, lang: Lang| {
            for token in analyze(text, lang).tokens.iter().filter(|t| !t.number) {
                assert_eq!(token.stem, stemmer(lang).stem(&token.norm), "{text}");
            }
        };
        let letters: Vec<char> = "абвгдежзиклмнопрстуфхцчшщыэюя".chars().collect();
        for round in 0..2 {
            for line in corpus.lines() {
                for (side, lang) in line.split('\t').zip([Lang::Ru, Lang::En]) {
                    check(side, lang);
                }
            }
            if round == 0 {
                // Made-up words until the Russian store is full.
                for i in 0..KEPT_WORDS {
                    let word: String = [i % 29, i / 29 % 29, i / 841 % 29, i / 24_389]
                        .map(|k| letters[k % letters.len()])
                        .iter()
                        .chain(['о', 'м'].iter())
                        .collect();
                    check(&word, Lang::Ru);
                }
            }
        }
        let kept = STEMS.with_borrow(|kept| kept[0].len());
        assert_eq!(kept, KEPT_WORDS);
    }
}
