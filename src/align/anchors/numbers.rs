//! Numbers as anchors: the same quantity in either language's notation.

use super::{Anchor, AnchorKind, Anchors};
use crate::text::{fold_char, read_number, words, Fold, Lang, Word};

/// Numbers, canonical across the two languages' conventions:
/// - Russian: `,` is the decimal separator, a space (or NBSP, thin space)
///   groups thousands (`10 000`, `1 500 000`);
/// - English: `,` groups thousands when three digits follow (`10,000`),
///   `.` is the decimal separator;
/// - dates and ranges split into their numbers (`14.02.2021` → 14, 2,
///   2021; `2019–2021` → 2019, 2021), leading zeros and a decimal part of
///   zeros dropped (`05` → 5, `1.50` → 1.5), ordinals lose their suffix
///   (`19th`, `19-го` → 19).
#[derive(Debug, Clone, Copy, Default)]
pub struct Numbers;

impl Anchors for Numbers {
    fn find(&self, sentence: &str, lang: Lang, out: &mut Vec<Anchor>) {
        numbers_in(sentence, &words(sentence), lang, out);
    }
}

pub(super) fn numbers_in(sentence: &str, ws: &[Word], lang: Lang, out: &mut Vec<Anchor>) {
    let mut i = 0;
    while i < ws.len() {
        let word = &ws[i];
        i += 1;
        if !word.norm.starts_with(|c: char| c.is_ascii_digit()) {
            if let Some(n) = number_word(&word.norm, lang) {
                out.push(Anchor::new(AnchorKind::Number, n.to_string()));
            }
            continue;
        }
        let mut raw = word.norm.clone();
        // Russian thousands groups: `10 000`, `1 500 000`.
        if lang == Lang::Ru && is_group_head(&raw) {
            while let Some(next) = ws.get(i) {
                let gap = &sentence[ws[i - 1].end..next.start];
                if is_group(&next.norm) && !gap.is_empty() && gap.chars().all(is_space) {
                    raw.push_str(&next.norm);
                    i += 1;
                } else {
                    break;
                }
            }
        }
        for part in raw.split('-') {
            canonical_numbers(part, lang, &mut |n| {
                out.push(Anchor::new(AnchorKind::Number, n));
            });
        }
    }
}

/// Numbers written out, two to fifty and a hundred, in their Russian
/// case forms (`пяти`, `двумя`). One is left out: `один` and `one` are
/// pronouns as often as numbers; so is `семью` (family).
const RUSSIAN_NUMBER_WORDS: &[(&str, u32)] = &[
    ("два", 2),
    ("две", 2),
    ("двух", 2),
    ("двум", 2),
    ("двумя", 2),
    ("двое", 2),
    ("двоих", 2),
    ("три", 3),
    ("трех", 3),
    ("трем", 3),
    ("тремя", 3),
    ("трое", 3),
    ("троих", 3),
    ("четыре", 4),
    ("четырех", 4),
    ("четырем", 4),
    ("четырьмя", 4),
    ("четверо", 4),
    ("пять", 5),
    ("пяти", 5),
    ("пятью", 5),
    ("пятеро", 5),
    ("шесть", 6),
    ("шести", 6),
    ("шестью", 6),
    ("семь", 7),
    ("семи", 7),
    ("восемь", 8),
    ("восьми", 8),
    ("восемью", 8),
    ("девять", 9),
    ("девяти", 9),
    ("девятью", 9),
    ("десять", 10),
    ("десяти", 10),
    ("десятью", 10),
    ("одиннадцать", 11),
    ("одиннадцати", 11),
    ("двенадцать", 12),
    ("двенадцати", 12),
    ("пятнадцать", 15),
    ("пятнадцати", 15),
    ("двадцать", 20),
    ("двадцати", 20),
    ("тридцать", 30),
    ("тридцати", 30),
    ("сорок", 40),
    ("сорока", 40),
    ("пятьдесят", 50),
    ("пятидесяти", 50),
    ("сто", 100),
    ("ста", 100),
];

const ENGLISH_NUMBER_WORDS: &[(&str, u32)] = &[
    ("two", 2),
    ("three", 3),
    ("four", 4),
    ("five", 5),
    ("six", 6),
    ("seven", 7),
    ("eight", 8),
    ("nine", 9),
    ("ten", 10),
    ("eleven", 11),
    ("twelve", 12),
    ("fifteen", 15),
    ("twenty", 20),
    ("thirty", 30),
    ("forty", 40),
    ("fifty", 50),
    ("hundred", 100),
];

/// The value of a number written out (`пяти` → 5, `twenty` → 20).
fn number_word(norm: &str, lang: Lang) -> Option<u32> {
    let table = match lang {
        Lang::Ru => RUSSIAN_NUMBER_WORDS,
        Lang::En => ENGLISH_NUMBER_WORDS,
    };
    table.iter().find(|(w, _)| *w == norm).map(|(_, n)| *n)
}

fn is_space(c: char) -> bool {
    fold_char(c) == Fold::Space
}

/// One to three digits and nothing else: may start a spaced number.
fn is_group_head(norm: &str) -> bool {
    (1..=3).contains(&norm.len()) && norm.bytes().all(|b| b.is_ascii_digit())
}

/// Exactly three digits: a thousands group.
fn is_group(norm: &str) -> bool {
    norm.len() == 3 && norm.bytes().all(|b| b.is_ascii_digit())
}

/// The canonical numbers of one number word without hyphens: its leading
/// digits and separators (`19th`, `1990s`), read by [`read_number`].
fn canonical_numbers(part: &str, lang: Lang, emit: &mut dyn FnMut(String)) {
    let end = part
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))
        .unwrap_or(part.len());
    if let Some(reading) = read_number(&part[..end], lang) {
        reading.canonical().into_iter().for_each(emit);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::anchors::tests::keys;
    #[test]
    fn numbers_table() {
        let cases: &[(&str, &str, Lang, &[&str])] = &[
            ("russian decimal comma", "рост на 1,5%", Lang::Ru, &["1.5"]),
            ("english decimal point", "grew 1.5%", Lang::En, &["1.5"]),
            (
                "russian spaced thousands",
                "10 000 человек",
                Lang::Ru,
                &["10000"],
            ),
            (
                "nbsp thousands",
                "1\u{a0}500\u{a0}000 тенге",
                Lang::Ru,
                &["1500000"],
            ),
            (
                "english comma thousands",
                "10,000 people",
                Lang::En,
                &["10000"],
            ),
            (
                "english millions",
                "1,500,000 tenge",
                Lang::En,
                &["1500000"],
            ),
            (
                "english thousands and decimal",
                "10,000.50 tenge",
                Lang::En,
                &["10000.5"],
            ),
            (
                "russian date",
                "от 14.02.2021 г.",
                Lang::Ru,
                &["14", "2", "2021"],
            ),
            (
                "english slashes",
                "on 14/02/2021",
                Lang::En,
                &["14", "2", "2021"],
            ),
            ("range", "в 2019–2021 годах", Lang::Ru, &["2019", "2021"]),
            ("ordinal", "the 19th century", Lang::En, &["19"]),
            ("russian ordinal", "19-го века", Lang::Ru, &["19"]),
            ("decade", "the 1990s", Lang::En, &["1990"]),
            (
                "two numbers not joined",
                "в 2019 году 300 человек",
                Lang::Ru,
                &["2019", "300"],
            ),
            (
                "year then group not joined",
                "в 2019 100 человек",
                Lang::Ru,
                &["2019", "100"],
            ),
            (
                "english comma list",
                "1, 2 and 3",
                Lang::En,
                &["1", "2", "3"],
            ),
            ("zero", "0,0%", Lang::Ru, &["0"]),
            ("leading zero", "в 05:30", Lang::Ru, &["5", "30"]),
        ];
        for (rule, text, lang, want) in cases {
            assert_eq!(keys(&Numbers, text, *lang), *want, "{rule}: {text}");
        }
    }
}
