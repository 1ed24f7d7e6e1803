//! Persons by surname: news names a person in full once and by the surname
//! afterwards (`Косанова`, `Kosanov's`), or with initials (`А. Косанов`).
//!
//! Every preferred or admitted row of domain `person` whose term or
//! variant has two or more words gives its last word (the surname) as a
//! *derived* pattern of the row's concept, compiled into tables of their
//! own ([`Surnames`]). Recognition consults them only where the glossary's
//! own patterns found nothing, so an editor's explicit surname row
//! (`Жапаров → person-sadyr-japarov`) decides; the first name alone never
//! names the person. A derived surname shared by two persons is reported
//! as ambiguous with both candidates, not resolved. Initials before a
//! surname (`А. Косанов`, `A. Kosanov`) join the hit when the first one is
//! the initial of a candidate's first name; a surname after other initials
//! (`Б. Косанов`) names nobody in the glossary and is not a hit.

use super::entry::Entry;
use super::table::Table;
use crate::text::{Analyzed, Lang};

/// The derived surname patterns of the person rows, per language, and the
/// glossary row of each derived row.
#[derive(Debug, Clone, Default)]
pub(super) struct Surnames {
    pub tables: [Table; 2],
    /// Derived row → glossary row.
    pub rows: Vec<usize>,
}

impl Surnames {
    pub(super) fn build(entries: &[Entry]) -> Surnames {
        let mut derived = Vec::new();
        let mut rows = Vec::new();
        for (row, e) in entries.iter().enumerate() {
            if e.domain != "person" || !e.status.is_good() {
                continue;
            }
            let mut d = Entry::new(&e.concept, "", "");
            d.pos = "propn".into();
            d.domain = e.domain.clone();
            for lang in Lang::ALL {
                let mut surnames: Vec<String> = e
                    .written_forms(lang)
                    .filter_map(|w| {
                        let ws: Vec<&str> = w.split_whitespace().collect();
                        (ws.len() >= 2).then(|| ws.last().map(|s| s.to_string()))?
                    })
                    .collect();
                surnames.dedup();
                let mut it = surnames.into_iter();
                let term = it.next().unwrap_or_default();
                let variants: Vec<String> = it.collect();
                match lang {
                    Lang::Ru => (d.ru, d.ru_variants) = (term, variants),
                    Lang::En => (d.en, d.en_variants) = (term, variants),
                }
            }
            if !d.ru.is_empty() || !d.en.is_empty() {
                derived.push(d);
                rows.push(row);
            }
        }
        Surnames {
            tables: [
                Table::build(&derived, Lang::Ru),
                Table::build(&derived, Lang::En),
            ],
            rows,
        }
    }
}

/// The initials written just before token `first` (`А. Б. Косанов`: up to
/// two single capital letters, each followed by a full stop): the index of
/// the first initial's token and the initials in order; `None` if there
/// are none.
pub(super) fn initials_before(analyzed: &Analyzed, first: usize) -> Option<(usize, Vec<char>)> {
    let text = analyzed.text.as_str();
    let tokens = &analyzed.tokens;
    let mut at = first;
    let mut initials = Vec::new();
    while at > 0 && initials.len() < 2 {
        let t = &tokens[at - 1];
        let raw = &text[t.start..t.end];
        let mut chars = raw.chars();
        let (Some(letter), None) = (chars.next(), chars.next()) else {
            break;
        };
        let gap = &text[t.end..tokens[at].start];
        let stop = gap
            .strip_prefix('.')
            .is_some_and(|rest| rest.chars().all(|c| c.is_whitespace() || c == '\u{a0}'));
        if !letter.is_uppercase() || !stop {
            break;
        }
        initials.insert(0, letter);
        at -= 1;
    }
    (!initials.is_empty()).then_some((at, initials))
}

/// The initials of the first names `entry` gives on side `lang` (first
/// letter of the first word of each multi-word form).
pub(super) fn first_initials(entry: &Entry, lang: Lang) -> Vec<char> {
    entry
        .written_forms(lang)
        .filter(|w| w.split_whitespace().count() >= 2)
        .filter_map(|w| w.chars().next())
        .flat_map(char::to_uppercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::analyze;

    #[test]
    fn initials_are_single_capitals_with_a_stop() {
        let a = analyze("Вчера А. Б. Косанов пришёл", Lang::Ru);
        assert_eq!(initials_before(&a, 3), Some((1, vec!['А', 'Б'])));
        let a = analyze("Сказал А.Косанов", Lang::En);
        assert_eq!(initials_before(&a, 2), Some((1, vec!['А'])));
        let a = analyze("и Косанов", Lang::Ru);
        assert_eq!(initials_before(&a, 1), None, "a lower-case word");
        let a = analyze("В Косанов", Lang::Ru);
        assert_eq!(initials_before(&a, 1), None, "no full stop");
    }

    #[test]
    fn surnames_come_from_multi_word_person_forms() {
        let mut full = Entry::new("person-kosanov", "Амиржан Косанов", "Amirzhan Kosanov");
        full.domain = "person".into();
        full.en_variants = vec!["Amirjan Qosanov".into()];
        let mut place = Entry::new("city-ust", "Усть-Каменогорск", "Ust-Kamenogorsk");
        place.domain = "place".into();
        let s = Surnames::build(&[place, full.clone()]);
        assert_eq!(s.rows, [1]);
        assert_eq!(first_initials(&full, Lang::En), ['A', 'A']);
        assert!(!s.tables[Lang::En as usize].bytes().is_empty());
    }
}
