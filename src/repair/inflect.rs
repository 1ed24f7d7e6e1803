//! Putting a new term in the grammatical place of the one it replaces:
//! into Russian, the case of the old term's form (`с Токаевым` →
//! `с Назарбаевым`, `в Алматы` → `в Шымкенте`); into English, its
//! possessive or plural (`Tokayev's` → `Nazarbayev's`) and capital.
//!
//! Russian names and terms are declined in the singular by the regular
//! paradigms of their ending (the glossary writes them in the nominative):
//! surnames in `-ов/-ев/-ин` and `-ова/-ева/-ина`, nouns in a consonant,
//! `-й`, `-ь`, `-а`, `-я`, `-ия`, `-о`, `-е`, `-ие`, and adjectives. A
//! proper noun ending in another vowel (`Алматы`, `Актобе`, `Атырау`) or
//! written in other letters does not decline. The case of the old form is
//! read back through the same paradigms; where a form can be several cases
//! (`Алматы`, `Астане`), the preposition before it decides (`в`/`на`: the
//! prepositional, or the accusative after a verb of motion; `к`, `по`: the
//! dative; `из`, `от`, `для`: the genitive; `с`: the instrumental for a
//! person, else the genitive). A case still undecided, when the new term's
//! forms differ between the candidates, is no case at all: the term is
//! left as it stands (never worse).

/// The six cases, in the order of the tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Case {
    Nominative = 0,
    Genitive = 1,
    Dative = 2,
    Accusative = 3,
    Instrumental = 4,
    Prepositional = 5,
}

impl Case {
    pub const ALL: [Case; 6] = [
        Case::Nominative,
        Case::Genitive,
        Case::Dative,
        Case::Accusative,
        Case::Instrumental,
        Case::Prepositional,
    ];
}

/// What declension needs to know of a term beyond its letters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TermKind {
    /// A person (surname paradigms; every part of a name declines).
    pub person: bool,
    /// A person or an office held by one (`аким`): the accusative of a
    /// masculine noun is its genitive.
    pub animate: bool,
    /// A proper noun: a final vowel other than `-а`/`-я` does not decline.
    pub proper: bool,
    /// A place: a final `-ь` is feminine (`Беларусь`, `Тюмень`).
    pub place: bool,
}

/// Endings by case (nominative … prepositional) that replace `cut`
/// characters of the nominative.
struct Paradigm {
    cut: usize,
    endings: [&'static str; 6],
}

const fn paradigm(cut: usize, endings: [&'static str; 6]) -> Paradigm {
    Paradigm { cut, endings }
}

fn lower(word: &str) -> String {
    word.to_lowercase().replace('ё', "е")
}

fn is_russian(word: &str) -> bool {
    !word.is_empty()
        && word
            .chars()
            .all(|c| ('а'..='я').contains(&c) || c == 'ё' || c == '-')
}

/// Whether a word is declined as an adjective.
fn is_adjective(lower: &str, kind: TermKind) -> bool {
    if lower.chars().count() <= 4 {
        return false;
    }
    if kind.person {
        return ["ский", "цкий", "ская", "цкая"]
            .iter()
            .any(|e| lower.ends_with(e));
    }
    ["ый", "ий", "ой", "ая", "яя", "ое", "ее"]
        .iter()
        .any(|e| lower.ends_with(e))
}

fn adjective(lower: &str, animate: bool) -> Option<Paradigm> {
    let before = lower.chars().rev().nth(2);
    let velar_or_hushing = before.is_some_and(|c| "гкхжшчщ".contains(c));
    let soft = before == Some('н') && lower.ends_with("ий");
    Some(match () {
        _ if lower.ends_with("ый") || lower.ends_with("ой") => paradigm(
            2,
            [
                "",
                "ого",
                "ому",
                if animate { "ого" } else { "" },
                "ым",
                "ом",
            ],
        ),
        _ if lower.ends_with("ий") && velar_or_hushing => paradigm(
            2,
            [
                "",
                "ого",
                "ому",
                if animate { "ого" } else { "" },
                "им",
                "ом",
            ],
        ),
        _ if lower.ends_with("ий") && soft => paradigm(
            2,
            [
                "",
                "его",
                "ему",
                if animate { "его" } else { "" },
                "им",
                "ем",
            ],
        ),
        _ if lower.ends_with("ий") => paradigm(
            2,
            [
                "",
                "ого",
                "ому",
                if animate { "ого" } else { "" },
                "им",
                "ом",
            ],
        ),
        _ if lower.ends_with("ая") => paradigm(2, ["", "ой", "ой", "ую", "ой", "ой"]),
        _ if lower.ends_with("яя") => paradigm(2, ["", "ей", "ей", "юю", "ей", "ей"]),
        _ if lower.ends_with("ое") => paradigm(2, ["", "ого", "ому", "", "ым", "ом"]),
        _ if lower.ends_with("ее") => paradigm(2, ["", "его", "ему", "", "им", "ем"]),
        _ => return None,
    })
}

/// The paradigm of one Russian word (lower case), or `None` when it does
/// not decline.
fn noun(lower: &str, kind: TermKind) -> Option<Paradigm> {
    if !is_russian(lower) {
        return None;
    }
    if is_adjective(lower, kind) {
        return adjective(lower, kind.animate);
    }
    let mut rev = lower.chars().rev();
    let last = rev.next()?;
    let before = rev.next();
    let hushing = |c: Option<char>| c.is_some_and(|c| "жшчщц".contains(c));
    let velar = |c: Option<char>| c.is_some_and(|c| "гкхжшчщ".contains(c));
    let surname = kind.person
        && ["ов", "ев", "ин", "ын"]
            .iter()
            .any(|e| lower.ends_with(e) && lower.chars().count() > 3);
    let female_surname = kind.person
        && ["ова", "ева", "ина", "ына"]
            .iter()
            .any(|e| lower.ends_with(e) && lower.chars().count() > 4);
    let acc = |animate: bool, gen: &'static str, nom: &'static str| {
        if animate {
            gen
        } else {
            nom
        }
    };
    Some(match last {
        _ if surname => paradigm(0, ["", "а", "у", "а", "ым", "е"]),
        _ if female_surname => paradigm(1, ["а", "ой", "ой", "у", "ой", "ой"]),
        'й' if lower.ends_with("ий") => paradigm(
            2,
            ["ий", "ия", "ию", acc(kind.animate, "ия", "ий"), "ием", "ии"],
        ),
        'й' => paradigm(1, ["й", "я", "ю", acc(kind.animate, "я", "й"), "ем", "е"]),
        'ь' => {
            let feminine = kind.place
                || ["сть", "знь", "чь", "шь", "жь", "щь"]
                    .iter()
                    .any(|e| lower.ends_with(e));
            if feminine {
                paradigm(1, ["ь", "и", "и", "ь", "ью", "и"])
            } else {
                paradigm(1, ["ь", "я", "ю", acc(kind.animate, "я", "ь"), "ем", "е"])
            }
        }
        'а' => paradigm(
            1,
            [
                "а",
                if velar(before) { "и" } else { "ы" },
                "е",
                "у",
                if hushing(before) { "ей" } else { "ой" },
                "е",
            ],
        ),
        'я' if lower.ends_with("ия") => paradigm(2, ["ия", "ии", "ии", "ию", "ией", "ии"]),
        'я' => paradigm(1, ["я", "и", "е", "ю", "ей", "е"]),
        'о' if !kind.proper => paradigm(1, ["о", "а", "у", "о", "ом", "е"]),
        'е' if lower.ends_with("ие") => paradigm(2, ["ие", "ия", "ию", "ие", "ием", "ии"]),
        'е' if lower.ends_with("ье") => paradigm(2, ["ье", "ья", "ью", "ье", "ьем", "ье"]),
        c if "бвгджзклмнпрстфхцчшщ".contains(c) => paradigm(
            0,
            [
                "",
                "а",
                "у",
                acc(kind.animate, "а", ""),
                if hushing(Some(c)) { "ем" } else { "ом" },
                "е",
            ],
        ),
        _ => paradigm(0, [""; 6]),
    })
}

/// `word` with the ending of `case` in its paradigm `p`.
fn with_ending(word: &str, p: &Paradigm, case: Case) -> String {
    let keep = word.chars().count().saturating_sub(p.cut);
    let mut out: String = word.chars().take(keep).collect();
    out.push_str(p.endings[case as usize]);
    out
}

/// One word (possibly hyphenated) in `case`; `None` when it is not a word
/// Russian declines by rule (a plural, a form not in the nominative).
fn decline_word(word: &str, kind: TermKind, case: Case) -> Option<String> {
    let l = lower(word);
    if word.chars().count() > 1 && word.chars().all(|c| !c.is_lowercase()) {
        // An abbreviation (`КНБ`, `ЦИК`) is written the same in every case.
        return Some(word.to_string());
    }
    if word.contains('-') {
        let parts: Vec<&str> = word.split('-').collect();
        let last = parts.len() - 1;
        let mut out = Vec::with_capacity(parts.len());
        for (i, part) in parts.iter().enumerate() {
            let declines = kind.person || i == last;
            if declines && part.chars().count() > 1 {
                out.push(decline_word(part, kind, case)?);
            } else {
                out.push(part.to_string());
            }
        }
        return Some(out.join("-"));
    }
    match noun(&l, kind) {
        Some(p) => Some(with_ending(word, &p, case)),
        None if is_russian(&l) => None,
        // Latin, digits, Kazakh letters: as written.
        None => Some(word.to_string()),
    }
}

/// The words of a phrase that decline: every word of a person's name; else
/// the adjectives and the first noun (`Национальный банк`, `Министерство`
/// of `Министерство иностранных дел`).
fn declining_words(words: &[&str], kind: TermKind) -> usize {
    if kind.person {
        return words.len();
    }
    words
        .iter()
        .position(|w| !is_adjective(&lower(w), kind))
        .map_or(words.len(), |i| i + 1)
}

/// The phrase `base` (a term in the nominative) in `case`.
pub fn decline(base: &str, kind: TermKind, case: Case) -> Option<String> {
    let words: Vec<&str> = base.split(' ').collect();
    let declining = declining_words(&words, kind);
    let mut out = Vec::with_capacity(words.len());
    for (i, w) in words.iter().enumerate() {
        if i < declining {
            out.push(decline_word(w, kind, case)?);
        } else {
            out.push(w.to_string());
        }
    }
    Some(out.join(" "))
}

/// The cases in which the nominative `base` is written `form`.
pub fn cases_of(base: &str, kind: TermKind, form: &str) -> Vec<Case> {
    let form = lower(form);
    Case::ALL
        .into_iter()
        .filter(|&c| decline(base, kind, c).is_some_and(|f| lower(&f) == form))
        .collect()
}

/// Verbs of motion before `в`/`на` (by their start): the accusative
/// (`прибыл в Шымкент`), not the prepositional.
const MOTION: &[&str] = &[
    "прибы",
    "приех",
    "прилет",
    "поех",
    "поед",
    "вылет",
    "вылета",
    "отправ",
    "направ",
    "переех",
    "перенес",
    "перевед",
    "верну",
    "возвращ",
    "пришл",
    "пришел",
    "въех",
    "избран",
    "назнач",
    "переименова",
];

/// Whether a word looks like a verb by its ending (past `-л`, `-ла`,
/// `-ли`, `-ло`; present or future `-т`; infinitive `-ть`; reflexive
/// `-ся`, `-сь`).
fn verb_like(word: &str) -> bool {
    ["л", "ла", "ли", "ло", "т", "ть", "ся", "сь"]
        .iter()
        .any(|e| word.ends_with(e))
}

/// The cases a preposition governs (for a noun after it); `None` for a
/// word that is not one.
fn governed(preposition: &str) -> Option<&'static [Case]> {
    use Case::*;
    Some(match preposition {
        "в" | "во" | "на" => &[Prepositional, Accusative],
        "о" | "об" | "обо" | "при" => &[Prepositional],
        "к" | "ко" | "по" => &[Dative],
        "с" | "со" => &[Instrumental, Genitive],
        "из" | "от" | "до" | "у" | "для" | "без" | "около" | "после" | "возле" | "среди"
        | "из-за" | "кроме" | "вокруг" | "против" | "накануне" | "начиная" => {
            &[Genitive]
        }
        "над" | "под" | "перед" | "между" | "за" => &[Instrumental, Accusative],
        "через" | "про" | "сквозь" => &[Accusative],
        _ => return None,
    })
}

/// The case to write a new term in, where the old one stands as `cases`
/// allow, after the words `before` (normalized, nearest last), when the
/// new term's forms `new` by case do not already agree.
pub fn choose_case(
    cases: &[Case],
    before: &[&str],
    person: bool,
    new: impl Fn(Case) -> Option<String>,
) -> Option<Case> {
    let mut cases: Vec<Case> = cases.to_vec();
    let preposition = before.last().and_then(|w| governed(w));
    if let Some(allowed) = preposition {
        cases.retain(|c| allowed.contains(c));
    }
    let agree = |cases: &[Case]| {
        let mut forms = cases.iter().map(|&c| new(c));
        let first = forms.next()?;
        first.as_ref()?;
        forms.all(|f| f == first).then_some(cases[0])
    };
    if let Some(case) = agree(&cases) {
        return Some(case);
    }
    let has = |c: Case| cases.contains(&c);
    let pick = if preposition.is_some() && has(Case::Prepositional) && has(Case::Accusative) {
        let verb = before.len().checked_sub(2).map(|i| before[i]);
        if verb.is_some_and(|v| MOTION.iter().any(|m| v.starts_with(m))) {
            Case::Accusative
        } else {
            Case::Prepositional
        }
    } else if preposition.is_some() && has(Case::Instrumental) && has(Case::Genitive) {
        if person {
            Case::Instrumental
        } else {
            Case::Genitive
        }
    } else if preposition.is_none() && before.is_empty() && has(Case::Nominative) {
        Case::Nominative
    } else if preposition.is_none() && before.last().is_some_and(|w| !verb_like(w)) {
        // `акимом Алматы`: a noun after a noun is its genitive.
        Case::Genitive
    } else {
        return None;
    };
    has(pick).then_some(pick)
}

/// `new` (an English term) in the place of `found`, the form in the text
/// of the English term `base`: its possessive or plural, and its capital
/// when `found` has one that `base` has not (a sentence's first word).
pub fn english(found: &str, base: &str, new: &str) -> String {
    let f = found.to_lowercase().replace('’', "'");
    let b = base.to_lowercase();
    let mut out = new.to_string();
    if f.ends_with("'s") && !b.ends_with("'s") {
        out.push_str("'s");
    } else if f.ends_with('\'') && !b.ends_with('\'') {
        out.push_str(if new.ends_with('s') { "'" } else { "'s" });
    } else if f != b && (f == format!("{b}s") || f == format!("{b}es")) {
        out = plural(&out);
    }
    capital_like(found, base, out)
}

fn plural(word: &str) -> String {
    if let Some(stem) = word.strip_suffix('y') {
        if !stem.ends_with(['a', 'e', 'i', 'o', 'u']) {
            return format!("{stem}ies");
        }
    }
    if ["s", "x", "ch", "sh"].iter().any(|e| word.ends_with(e)) {
        return format!("{word}es");
    }
    format!("{word}s")
}

/// `new` with a capital first letter when `found` has one and `base` has
/// not (the term opens a sentence).
pub fn capital_like(found: &str, base: &str, new: String) -> String {
    let capital = |s: &str| s.chars().next().is_some_and(char::is_uppercase);
    if capital(found) && !capital(base) && !capital(&new) {
        let mut chars = new.chars();
        match chars.next() {
            Some(first) => first.to_uppercase().chain(chars).collect(),
            None => new,
        }
    } else {
        new
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PERSON: TermKind = TermKind {
        person: true,
        animate: true,
        proper: true,
        place: false,
    };
    const PLACE: TermKind = TermKind {
        person: false,
        animate: false,
        proper: true,
        place: true,
    };
    const OFFICE: TermKind = TermKind {
        person: false,
        animate: true,
        proper: false,
        place: false,
    };
    const TERM: TermKind = TermKind {
        person: false,
        animate: false,
        proper: false,
        place: false,
    };

    #[test]
    fn declension_table() {
        use Case::*;
        // (base, kind, case, form)
        let table = [
            ("Токаев", PERSON, Instrumental, "Токаевым"),
            ("Назарбаев", PERSON, Accusative, "Назарбаева"),
            (
                "Касым-Жомарт Токаев",
                PERSON,
                Genitive,
                "Касыма-Жомарта Токаева",
            ),
            (
                "Дарига Назарбаева",
                PERSON,
                Instrumental,
                "Даригой Назарбаевой",
            ),
            ("Алексей Цой", PERSON, Dative, "Алексею Цою"),
            ("Шымкент", PLACE, Prepositional, "Шымкенте"),
            ("Шымкент", PLACE, Accusative, "Шымкент"),
            ("Алматы", PLACE, Prepositional, "Алматы"),
            ("Актобе", PLACE, Genitive, "Актобе"),
            ("Астана", PLACE, Instrumental, "Астаной"),
            ("Караганда", PLACE, Genitive, "Караганды"),
            ("Нур-Султан", PLACE, Prepositional, "Нур-Султане"),
            ("Усть-Каменогорск", PLACE, Genitive, "Усть-Каменогорска"),
            ("Беларусь", PLACE, Instrumental, "Беларусью"),
            ("Китай", PLACE, Prepositional, "Китае"),
            ("Киргизия", PLACE, Genitive, "Киргизии"),
            ("Костанай", PLACE, Genitive, "Костаная"),
            ("аким", OFFICE, Accusative, "акима"),
            (
                "Национальный банк",
                TERM,
                Prepositional,
                "Национальном банке",
            ),
            ("Верховный суд", TERM, Genitive, "Верховного суда"),
            (
                "Министерство иностранных дел",
                TERM,
                Dative,
                "Министерству иностранных дел",
            ),
            (
                "Алматинская область",
                PLACE,
                Genitive,
                "Алматинской области",
            ),
            ("правительство", TERM, Instrumental, "правительством"),
            ("недропользование", TERM, Genitive, "недропользования"),
            ("тенге", TERM, Genitive, "тенге"),
        ];
        for (base, kind, case, form) in table {
            assert_eq!(
                decline(base, kind, case).as_deref(),
                Some(form),
                "{base} {case:?}"
            );
        }
    }

    #[test]
    fn cases_are_read_back_and_chosen() {
        use Case::*;
        assert_eq!(cases_of("Токаев", PERSON, "Токаевым"), [Instrumental]);
        assert_eq!(cases_of("Алматы", PLACE, "Алматы").len(), 6);
        let shymkent = |c| decline("Шымкент", PLACE, c);
        let all = Case::ALL;
        assert_eq!(
            choose_case(&all, &["в"], false, shymkent),
            Some(Prepositional)
        );
        assert_eq!(
            choose_case(&all, &["прибыл", "в"], false, shymkent),
            Some(Accusative)
        );
        assert_eq!(choose_case(&all, &["из"], false, shymkent), Some(Genitive));
        assert_eq!(
            choose_case(&all, &["аким"], false, shymkent),
            Some(Genitive),
            "a noun after a noun"
        );
        assert_eq!(
            choose_case(&all, &["посетил"], false, shymkent),
            None,
            "after a verb: nominative or accusative, unknown"
        );
        let nazarbayev = |c| decline("Назарбаев", PERSON, c);
        assert_eq!(
            choose_case(&[Instrumental], &["с"], true, nazarbayev),
            Some(Instrumental)
        );
        assert_eq!(choose_case(&all, &[], true, nazarbayev), Some(Nominative));
    }

    #[test]
    fn english_possessive_plural_and_capital() {
        assert_eq!(
            english("Tokayev's", "Tokayev", "Nazarbayev"),
            "Nazarbayev's"
        );
        assert_eq!(
            english("Tokayev’s", "Tokayev", "Nazarbayev"),
            "Nazarbayev's"
        );
        assert_eq!(english("akims", "akim", "minister"), "ministers");
        assert_eq!(english("Akim", "akim", "minister"), "Minister");
        assert_eq!(english("Almaty", "Almaty", "Shymkent"), "Shymkent");
    }
}
