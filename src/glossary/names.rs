//! Names the glossary does not know: capitalized Russian word sequences
//! with a proposed English spelling, marked unverified.
//!
//! The system is the romanization Kazakhstan's government uses for English
//! (passports, akorda.kz, the official press): letter by letter, with
//! `ж → zh`, `х → kh`, `ц → ts`, `ч → ch`, `ш → sh`, `щ → shch`,
//! `ы → y`, `ю → yu`, `я → ya`, `ё → yo`, `е → ye` at the start of a word
//! and after a vowel or ь/ъ (so `-аев → -ayev`: `Токаев → Tokayev`,
//! `Ерлан → Yerlan`), `е → e` elsewhere, `й → y` before a vowel and `i`
//! otherwise (`Кайрат → Kairat`), `ь`/`ъ` dropped, and the Kazakh letters
//! `ә → a`, `ғ → g`, `қ → k`, `ң → ng`, `ө → o`, `ұ → u`, `ү → u`,
//! `һ → h`, `і → i`. Words are transliterated as written (inflected forms
//! are not turned back into the nominative).

use serde::Serialize;

use super::TermHit;
use crate::text::{is_cyrillic_letter, Analyzed};

/// A proposed spelling of an unknown name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NameGuess {
    /// Character range in the text.
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub proposed: String,
    /// Always true: nobody has checked the spelling.
    pub unverified: bool,
    pub system: &'static str,
}

pub const SYSTEM: &str = "Kazakhstan government English romanization";

const VOWELS: &str = "аеёиоуыэюяәөұүі";

/// One Cyrillic letter (lower case) in the system's spelling, given the
/// previous and next letters.
fn letter(c: char, prev: Option<char>, next: Option<char>) -> String {
    let after_vowel_or_sign =
        prev.is_none_or(|p| VOWELS.contains(p) || p == 'ь' || p == 'ъ' || !p.is_alphabetic());
    let s = match c {
        'а' | 'ә' => "a",
        'б' => "b",
        'в' => "v",
        'г' | 'ғ' => "g",
        'д' => "d",
        'е' if after_vowel_or_sign => "ye",
        'е' | 'э' => "e",
        'ё' => "yo",
        'ж' => "zh",
        'з' => "z",
        'и' | 'і' => "i",
        'й' if next.is_some_and(|n| VOWELS.contains(n)) => "y",
        'й' => "i",
        'к' | 'қ' => "k",
        'л' => "l",
        'м' => "m",
        'н' => "n",
        'ң' => "ng",
        'о' | 'ө' => "o",
        'п' => "p",
        'р' => "r",
        'с' => "s",
        'т' => "t",
        'у' | 'ұ' | 'ү' => "u",
        'ф' => "f",
        'х' => "kh",
        'һ' => "h",
        'ц' => "ts",
        'ч' => "ch",
        'ш' => "sh",
        'щ' => "shch",
        'ъ' | 'ь' => "",
        'ы' => "y",
        'ю' => "yu",
        'я' => "ya",
        other => return other.to_string(),
    };
    s.to_string()
}

/// The proposed English spelling of a Russian (or Kazakh) name.
pub fn romanize(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::new();
    let mut word_start = true;
    for (i, &c) in chars.iter().enumerate() {
        let lower = c.to_lowercase().next().unwrap_or(c);
        let prev = i
            .checked_sub(1)
            .and_then(|p| chars.get(p))
            .map(|p| p.to_lowercase().next().unwrap_or(*p));
        let next = chars
            .get(i + 1)
            .map(|n| n.to_lowercase().next().unwrap_or(*n));
        let latin = letter(lower, prev, next);
        if c.is_uppercase() || (word_start && c.is_alphabetic() && c.is_uppercase()) {
            let mut cs = latin.chars();
            if let Some(first) = cs.next() {
                out.extend(first.to_uppercase());
                out.push_str(cs.as_str());
            }
        } else {
            out.push_str(&latin);
        }
        word_start = !c.is_alphabetic();
    }
    out
}

fn is_capitalized_cyrillic(raw: &str) -> bool {
    let mut letters = raw.chars().filter(|c| c.is_alphabetic());
    let Some(first) = letters.next() else {
        return false;
    };
    let rest: Vec<char> = letters.collect();
    first.is_uppercase()
        && is_cyrillic_letter(first)
        // All-capital abbreviations (КНБ, МВД) are not names to spell out.
        && (rest.is_empty() || !rest.iter().all(|c| c.is_uppercase()))
}

/// Capitalized Cyrillic word sequences of `analyzed` that no hit covers.
/// A single capitalized word at the start of the text is skipped (any
/// sentence starts with a capital); a longer sequence there is kept whole,
/// so `Вчера Ерболат Жумабеков` proposes all three words.
pub fn unknown_names(analyzed: &Analyzed, hits: &[TermHit]) -> Vec<NameGuess> {
    let text = analyzed.text.as_str();
    let tokens = &analyzed.tokens;
    let mut char_of = Vec::with_capacity(tokens.len());
    for t in tokens {
        char_of.push((
            text[..t.start].chars().count(),
            text[..t.end].chars().count(),
        ));
    }
    let covered = |k: usize| {
        let (s, e) = char_of[k];
        hits.iter().any(|h| h.start < e && s < h.end)
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let raw = &text[tokens[i].start..tokens[i].end];
        if covered(i) || !is_capitalized_cyrillic(raw) {
            i += 1;
            continue;
        }
        let first = i;
        while i + 1 < tokens.len()
            && !covered(i + 1)
            && is_capitalized_cyrillic(&text[tokens[i + 1].start..tokens[i + 1].end])
            && text[tokens[i].end..tokens[i + 1].start]
                .chars()
                .all(char::is_whitespace)
        {
            i += 1;
        }
        // A lone capitalized first word tells nothing: any sentence starts
        // with a capital.
        let mut first = first;
        if first == i
            && text[..tokens[first].start]
                .chars()
                .all(|c| !c.is_alphanumeric())
        {
            first += 1;
        }
        if first <= i {
            let span = &text[tokens[first].start..tokens[i].end];
            out.push(NameGuess {
                start: char_of[first].0,
                end: char_of[i].1,
                text: span.to_string(),
                proposed: romanize(span),
                unverified: true,
                system: SYSTEM,
            });
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::{analyze, Lang};

    #[test]
    fn romanization_table() {
        let cases = [
            ("Токаев", "Tokayev"),
            ("Назарбаев", "Nazarbayev"),
            ("Ерлан Кошанов", "Yerlan Koshanov"),
            ("Жанболат", "Zhanbolat"),
            ("Бектенов", "Bektenov"),
            ("Кайрат Ахмедьяров", "Kairat Akhmedyarov"),
            ("Айгерим", "Aigerim"),
            ("Майя", "Mayya"),
            ("Шымкент", "Shymkent"),
            ("Щучинск", "Shchuchinsk"),
            ("Цой", "Tsoi"),
            ("Чолпон-Ата", "Cholpon-Ata"),
            ("Юлия", "Yuliya"),
            ("Ақтөбе", "Aktobe"),
            ("Әлихан", "Alikhan"),
        ];
        for (ru, en) in cases {
            assert_eq!(romanize(ru), en, "{ru}");
        }
    }

    #[test]
    fn finds_unknown_capitalized_sequences() {
        let a = analyze("Ерболат Жумабеков встретился с МВД в Талгаре.", Lang::Ru);
        let got: Vec<(String, String)> = unknown_names(&a, &[])
            .into_iter()
            .map(|n| (n.text, n.proposed))
            .collect();
        assert_eq!(
            got,
            [
                (
                    "Ерболат Жумабеков".to_string(),
                    "Yerbolat Zhumabekov".to_string()
                ),
                ("Талгаре".to_string(), "Talgare".to_string()),
            ]
        );
        let a = analyze("Вчера в Талгаре.", Lang::Ru);
        let got: Vec<String> = unknown_names(&a, &[]).into_iter().map(|n| n.text).collect();
        assert_eq!(got, ["Талгаре"], "a lone first word is skipped");
    }
}
