//! The inflected forms of a glossary word, so that recognition finds
//! `Токаеву`, `в Нур-Султане`, `Европейского совета`, `Tokayev's`, `akims`.
//!
//! Snowball stems alone do not do it: rust-stemmers 1.2 stems `Нур-Султан`
//! to `нур-султа` but `Нур-Султане` to `нур-султан`, `Астана` to `аста` but
//! `Астане` to `астан`, `Токаев` to `тока` but `Токаеву` to `токаев` (it
//! reads a final `-ан`/`-ев` as a verb ending). So each glossary word gets
//! the set of its plausible inflected forms, generated from its ending by
//! the regular noun, adjective and surname paradigms of Russian (English:
//! plural and possessive). The generator over-generates on purpose (it
//! cannot know a word's gender or animacy): a form that Russian does not
//! have costs nothing, because a text never contains it. Matching then
//! accepts a text word whose normalized form is one of them, or, for
//! Russian words, whose Snowball stem is the stem of one of them (see
//! `recognize`).

use crate::text::Lang;

const RU_CONSONANTS: &str = "бвгджзклмнпрстфхцчшщ";

/// Noun endings added to a word ending in a consonant: the cases of the
/// second declension (`Токаев → Токаева, Токаеву, Токаевым, Токаеве`),
/// surnames in -ов/-ев/-ин (`-ым`), and the plural.
const AFTER_CONSONANT: &[&str] = &[
    "а", "у", "ом", "ем", "ым", "е", "ы", "и", "ов", "ев", "ей", "ам", "ами", "ах", "ых", "ыми",
];
/// Replacing a final `-й` (`Китай → Китая`, `Семей → Семее`).
const AFTER_SHORT_I: &[&str] = &["я", "ю", "ем", "е", "и", "ев", "ям", "ями", "ях", "ей"];
/// Replacing a final `-ь` (`рубль → рубля`, `Беларусь → Беларуси, Беларусью`).
const AFTER_SOFT_SIGN: &[&str] = &["я", "ю", "ем", "е", "и", "ью", "ей", "ям", "ями", "ях"];
/// Replacing a final `-а` (`Астана → Астаны, Астане, Астану, Астаной`).
const AFTER_A: &[&str] = &["ы", "и", "е", "у", "ой", "ою", "ам", "ами", "ах", ""];
/// Replacing a final `-я` (`Киргизия → Киргизии`, `Ассамблея → Ассамблеи`).
const AFTER_YA: &[&str] = &["и", "е", "ю", "ей", "ею", "ям", "ями", "ях", "ь", "й", ""];
/// Replacing a final `-о` (`правительство → правительства`).
const AFTER_O: &[&str] = &["а", "у", "ом", "е", "ы", "ам", "ами", "ах", ""];
/// Replacing a final `-е` (`недропользование → недропользования`).
const AFTER_E: &[&str] = &["я", "ю", "ем", "и", "ей", "ям", "ями", "ях", "а", "у", "ом"];
/// Replacing a final `-ы`/`-и` of a plural (`выборы → выборов`,
/// `миротворцы → миротворцев`).
const AFTER_PLURAL: &[&str] = &["ов", "ев", "ей", "ам", "ами", "ах", "", "ы", "и"];
/// The nominative endings that make a word look like an adjective.
const ADJECTIVE_NOMINATIVE: &[&str] = &["ый", "ий", "ой", "ая", "яя", "ое", "ее", "ые", "ие"];
/// Every ending of the hard, soft and mixed adjective paradigms.
const ADJECTIVE: &[&str] = &[
    "ый", "ий", "ой", "ого", "его", "ому", "ему", "ым", "им", "ом", "ем", "ая", "яя", "ую", "юю",
    "ою", "ею", "ей", "ое", "ее", "ые", "ие", "ых", "их", "ыми", "ими",
];

/// The forms of a normalized word (lower case, ё → е) in `lang`, the word
/// itself first.
pub fn forms(word: &str, lang: Lang) -> Vec<String> {
    let mut out = match lang {
        Lang::Ru => russian(word),
        Lang::En => english(word),
    };
    out.sort();
    out.dedup();
    if let Some(i) = out.iter().position(|f| f == word) {
        out.remove(i);
    }
    out.insert(0, word.to_string());
    out
}

/// Whether the word is written in lower-case Russian letters only: the
/// endings below are Russian, so a Kazakh letter (`ә`) or any other
/// Cyrillic one leaves the word uninflected. Not a test of script (that is
/// [`crate::text::is_cyrillic_letter`]).
fn is_russian_word(word: &str) -> bool {
    word.chars().all(|c| ('а'..='я').contains(&c) || c == 'ё')
}

fn russian(word: &str) -> Vec<String> {
    if word.contains('-') {
        return hyphenated(word);
    }
    if !is_russian_word(word) {
        return vec![word.to_string()];
    }
    let mut out = noun(word);
    out.extend(adjective(word));
    out
}

/// `Нур-Султан → Нур-Султане`, `Касым-Жомарт → Касыма-Жомарта`,
/// `Алма-Ата → Алма-Аты`: every part may take an ending (parts that are
/// not Cyrillic, such as numbers, stay).
fn hyphenated(word: &str) -> Vec<String> {
    let parts: Vec<&str> = word.split('-').collect();
    let options: Vec<Vec<String>> = parts
        .iter()
        .map(|part| {
            if is_russian_word(part) && part.chars().count() > 1 {
                let mut forms = noun(part);
                forms.extend(adjective(part));
                forms.push(part.to_string());
                forms
            } else {
                vec![part.to_string()]
            }
        })
        .collect();
    if parts.len() > 3 {
        // Only the last part inflects in long compounds.
        let head = parts[..parts.len() - 1].join("-");
        return options
            .last()
            .map(|last| last.iter().map(|f| format!("{head}-{f}")).collect())
            .unwrap_or_default();
    }
    let mut out = vec![String::new()];
    for (i, part_forms) in options.iter().enumerate() {
        out = out
            .iter()
            .flat_map(|prefix| {
                part_forms.iter().map(move |f| {
                    if i == 0 {
                        f.clone()
                    } else {
                        format!("{prefix}-{f}")
                    }
                })
            })
            .collect();
    }
    out
}

fn with_endings(stem: &str, endings: &[&str]) -> Vec<String> {
    endings.iter().map(|e| format!("{stem}{e}")).collect()
}

fn noun(word: &str) -> Vec<String> {
    let mut chars = word.chars();
    let Some(last) = chars.next_back() else {
        return Vec::new();
    };
    let stem = chars.as_str();
    if stem.chars().count() < 1 {
        return Vec::new();
    }
    match last {
        c if RU_CONSONANTS.contains(c) => with_endings(word, AFTER_CONSONANT),
        'й' => with_endings(stem, AFTER_SHORT_I),
        'ь' => with_endings(stem, AFTER_SOFT_SIGN),
        'а' => with_endings(stem, AFTER_A),
        'я' => with_endings(stem, AFTER_YA),
        'о' => with_endings(stem, AFTER_O),
        'е' => with_endings(stem, AFTER_E),
        'ы' | 'и' => with_endings(stem, AFTER_PLURAL),
        _ => Vec::new(),
    }
}

fn adjective(word: &str) -> Vec<String> {
    if word.chars().count() <= 4 {
        return Vec::new();
    }
    ADJECTIVE_NOMINATIVE
        .iter()
        .find_map(|ending| word.strip_suffix(ending))
        .map(|stem| with_endings(stem, ADJECTIVE))
        .unwrap_or_default()
}

/// English: the plural and the possessive (`akims`, `Tokayev's`,
/// `parties`, `akims'`).
fn english(word: &str) -> Vec<String> {
    if word.ends_with("'s") || word.ends_with('\'') || word.chars().any(|c| c.is_numeric()) {
        return vec![word.to_string()];
    }
    let mut out = vec![word.to_string()];
    if word.ends_with('s') {
        out.push(format!("{word}'"));
        out.push(format!("{word}'s"));
        out.push(format!("{word}es"));
        return out;
    }
    out.extend([
        format!("{word}s"),
        format!("{word}es"),
        format!("{word}'s"),
        format!("{word}s'"),
    ]);
    if let Some(stem) = word.strip_suffix('y') {
        if !stem.ends_with(['a', 'e', 'i', 'o', 'u']) {
            out.push(format!("{stem}ies"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn has(word: &str, lang: Lang, wanted: &[&str]) {
        let got = forms(word, lang);
        assert_eq!(got[0], word, "the word itself comes first");
        for w in wanted {
            assert!(got.iter().any(|f| f == w), "{word}: no form {w} in {got:?}");
        }
    }

    #[test]
    fn russian_paradigms() {
        has(
            "токаев",
            Lang::Ru,
            &["токаева", "токаеву", "токаевым", "токаеве"],
        );
        has(
            "нур-султан",
            Lang::Ru,
            &["нур-султана", "нур-султане", "нур-султаном"],
        );
        has(
            "касым-жомарт",
            Lang::Ru,
            &["касыма-жомарта", "касыму-жомарту"],
        );
        has(
            "астана",
            Lang::Ru,
            &["астаны", "астане", "астану", "астаной"],
        );
        has("назарбаева", Lang::Ru, &["назарбаевой", "назарбаеву"]);
        has(
            "аким",
            Lang::Ru,
            &["акима", "акиму", "акимом", "акиме", "акимы", "акимов"],
        );
        has("мажилис", Lang::Ru, &["мажилиса", "мажилисом", "мажилисе"]);
        has("китай", Lang::Ru, &["китая", "китаю", "китаем", "китае"]);
        has("беларусь", Lang::Ru, &["беларуси", "беларусью"]);
        has("киргизия", Lang::Ru, &["киргизии", "киргизию", "киргизией"]);
        has(
            "ассамблея",
            Lang::Ru,
            &["ассамблеи", "ассамблею", "ассамблеей"],
        );
        has(
            "правительство",
            Lang::Ru,
            &["правительства", "правительством"],
        );
        has("выборы", Lang::Ru, &["выборов", "выборах"]);
        has(
            "европейский",
            Lang::Ru,
            &["европейского", "европейскому", "европейским", "европейском"],
        );
        has("национальная", Lang::Ru, &["национальной", "национальную"]);
        has(
            "казахский",
            Lang::Ru,
            &["казахского", "казахская", "казахские"],
        );
        assert_eq!(
            forms("kase", Lang::Ru),
            ["kase"],
            "latin words do not inflect in russian"
        );
    }

    #[test]
    fn english_plural_and_possessive() {
        has("tokayev", Lang::En, &["tokayev's", "tokayevs"]);
        has("akim", Lang::En, &["akims", "akim's", "akims'"]);
        has("party", Lang::En, &["parties", "party's"]);
        has("kazakhs", Lang::En, &["kazakhs'"]);
        assert!(!forms("day", Lang::En).contains(&"daies".to_string()));
    }
}
