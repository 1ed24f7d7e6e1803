//! How a proposal is written: a pair of words as shown, title case, the
//! Russian base form that spells an English partner, what the glossary
//! already holds.

use super::*;

/// A written pair of words.
pub(super) fn pair_text(side: &Side, pair: &[u32; 2]) -> String {
    format!(
        "{} {}",
        side.words.values[pair[0] as usize], side.words.values[pair[1] as usize]
    )
}

/// Per raw term id, the written pair of words to show: a Russian one
/// whose first word has a nominative adjective ending if any, else the
/// most frequent (ties: the first in word order).
pub(super) fn term_shown(side: &Side, lang: Lang) -> HashMap<u32, [u32; 2]> {
    let mut best: HashMap<u32, ((u8, u32), [u32; 2])> = HashMap::new();
    for (pair, &(term, count)) in &side.term_forms {
        let first = &side.words.values[pair[0] as usize];
        // `-ой` is also the genitive, dative and instrumental feminine.
        let nominative = match lang {
            Lang::Ru if first.ends_with("ой") => 1,
            Lang::Ru if ADJECTIVE_NOMINATIVE.iter().any(|e| first.ends_with(e)) => 2,
            _ => 0,
        };
        let key = (nominative, count);
        let better = best
            .get(&term)
            .is_none_or(|(k, p)| key > *k || (key == *k && pair < p));
        if better {
            best.insert(term, (key, *pair));
        }
    }
    best.into_iter()
        .map(|(term, (_, pair))| (term, pair))
        .collect()
}

/// The nominative endings of Russian adjectives.
pub(super) const ADJECTIVE_NOMINATIVE: &[&str] =
    &["ый", "ий", "ой", "ая", "яя", "ое", "ее", "ые", "ие"];

/// Whether a word starts a sentence in most of its capitalized uses.
pub(super) fn mostly_initial(side: &Side, w: u32) -> bool {
    let s = &side.stats[w as usize];
    2 * s.initial >= s.capitalized
}

/// The word as first written capitalized, else title-cased.
pub(super) fn surface(side: &Side, w: u32) -> String {
    if let Some(s) = &side.stats[w as usize].surface {
        return s.clone();
    }
    title_case(&side.words.values[w as usize])
}

/// `нур-султан` → `Нур-Султан`.
pub(super) fn title_case(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    let mut start = true;
    for c in word.chars() {
        if start {
            out.extend(c.to_uppercase());
        } else {
            out.push(c);
        }
        start = c == '-';
    }
    out
}

/// The Russian word `ru` in the base form that the English `en` spells,
/// when `ru` itself does not and one of its bases does (`Косанова` beside
/// `Kosanov` → `Косанов`); else `ru`.
pub(super) fn spelled_like(ru: &str, en: &str) -> String {
    let target = skeleton(en);
    if skeleton(&romanize(ru)) == target {
        return ru.to_string();
    }
    let lower = ru.to_lowercase();
    // Only a base ending in a consonant: the nominative of a surname or a
    // town (`Косанов`, `Талгар`); a vowel would trade one case for another
    // (`Украина` is not `Украине` for `Ukraine`).
    let consonant = |b: &str| b.chars().last().is_some_and(|c| RU_CONSONANTS.contains(c));
    base_candidates(&lower)
        .into_iter()
        .skip(1)
        .find(|b| consonant(b) && skeleton(&romanize(b)) == target)
        .map(|b| title_case(&b))
        .unwrap_or_else(|| ru.to_string())
}

pub(super) const RU_CONSONANTS: &str = "бвгджзклмнпрстфхцчшщ";

/// Whether a word ends as the nominative of a declined name does: a
/// consonant, `-й`, `-ь`, `-а`, `-я` (`Токаев`, `Андрей`, `Астана`,
/// `Мария`). The paradigms also generate bases in `-е`, `-и`, `-о`, which
/// would take `Мэри` for a form of `Мэре`; names ending so do not decline.
pub(super) fn nominative_ending(word: &str) -> bool {
    word.chars()
        .last()
        .is_some_and(|c| RU_CONSONANTS.contains(c) || "йьая".contains(c))
}

/// Endings replaced to go from a form back to a possible base.
pub(super) const BASE_ENDINGS: &[&str] = &["", "а", "я", "й", "ь", "о", "е"];
/// Every ending the paradigms of `forms` add (longest first is not
/// needed: each is tried).
pub(super) const FORM_ENDINGS: &[&str] = &[
    "а", "у", "ом", "ем", "ым", "е", "ы", "и", "ов", "ев", "ей", "ам", "ами", "ах", "ых", "ыми",
    "я", "ю", "ям", "ями", "ях", "ью", "ой", "ою", "ею", "им", "его", "ого", "ому", "ему", "ую",
    "юю", "ая", "яя", "ое", "ее", "ые", "ие", "их", "ими", "ь", "й",
];

/// The possible bases of a normalized Russian word: itself, and each
/// word whose generated forms ([`forms`]) include it.
pub(super) fn base_candidates(word: &str) -> Vec<String> {
    let mut out = vec![word.to_string()];
    let chars: Vec<char> = word.chars().collect();
    for cut in 1..=3usize.min(chars.len().saturating_sub(2)) {
        let ending: String = chars[chars.len() - cut..].iter().collect();
        if !FORM_ENDINGS.contains(&ending.as_str()) {
            continue;
        }
        let stem: String = chars[..chars.len() - cut].iter().collect();
        for add in BASE_ENDINGS {
            let base = format!("{stem}{add}");
            if base != word
                && !out.contains(&base)
                && forms(&base, Lang::Ru).iter().any(|f| f == word)
            {
                out.push(base);
            }
        }
    }
    out
}

/// The concept of the glossary entry whose form `term` is, whole.
pub(super) fn known_concept(
    glossary: &Glossary,
    term: &str,
    lang: Lang,
    date: Date,
) -> Option<String> {
    let len = term.chars().count();
    glossary
        .recognize(term, lang, date)
        .into_iter()
        .find(|hit| hit.start == 0 && hit.end == len)
        .map(|hit| hit.concept)
}

/// The Snowball stems of the words of every glossary form in `lang`.
pub(super) fn glossary_stems(glossary: &Glossary, lang: Lang) -> HashSet<String> {
    glossary
        .entries()
        .iter()
        .flat_map(|e| e.written_forms(lang))
        .flat_map(|form| analyze(form, lang).tokens)
        .map(|t| t.stem)
        .collect()
}

/// Whether every word of `text` is (by stem) a word of a glossary form:
/// a part of a known name (`Касым-Жомарт` of `Касым-Жомарт Токаев`,
/// `Национальный` of `Национальный банк`) is no new entry.
pub(super) fn within(stems: &HashSet<String>, text: &str, lang: Lang) -> bool {
    let tokens = analyze(text, lang).tokens;
    !tokens.is_empty() && tokens.iter().all(|t| stems.contains(&t.stem))
}

/// `harvest-` and the English term as an id (`harvest-vladimir-putin`),
/// made unique among `taken`.
pub(super) fn unique_concept(taken: &mut HashSet<String>, en: &str) -> String {
    let mut slug = String::new();
    for c in en.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-');
    let base = format!("harvest-{slug}");
    let mut id = base.clone();
    let mut n = 2;
    while !taken.insert(id.clone()) {
        id = format!("{base}-{n}");
        n += 1;
    }
    id
}

pub(super) fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}
