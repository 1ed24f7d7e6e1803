//! Months and weekdays as anchors.

use super::{Anchor, AnchorKind, Anchors};
use crate::text::{words, Lang, Word};

/// Months and weekdays, as `m1`…`m12` and `d1`…`d7`. Russian forms are
/// matched by their stem (`марта`, `мае`); English names only when
/// capitalized (`March`, not `march`; `May`, not `may`), abbreviations
/// too (`Jan.`, `Sept.`).
#[derive(Debug, Clone, Copy, Default)]
pub struct Dates;

/// Stems of the months; May has its forms instead ([`MAY_FORMS`]): the
/// stem `ма` alone would catch too much.
const RUSSIAN_MONTHS: [&str; 12] = [
    "январ",
    "феврал",
    "март",
    "апрел",
    "",
    "июн",
    "июл",
    "август",
    "сентябр",
    "октябр",
    "ноябр",
    "декабр",
];
/// The forms of `май`.
const MAY_FORMS: [&str; 5] = ["май", "мая", "мае", "маю", "маем"];
const RUSSIAN_WEEKDAYS: [&str; 7] = [
    "понедельник",
    "вторник",
    "сред",
    "четверг",
    "пятниц",
    "суббот",
    "воскресень",
];
const ENGLISH_MONTHS: [&[&str]; 12] = [
    &["january", "jan"],
    &["february", "feb"],
    &["march", "mar"],
    &["april", "apr"],
    &["may"],
    &["june", "jun"],
    &["july", "jul"],
    &["august", "aug"],
    &["september", "sep", "sept"],
    &["october", "oct"],
    &["november", "nov"],
    &["december", "dec"],
];
const ENGLISH_WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

impl Anchors for Dates {
    fn find(&self, sentence: &str, lang: Lang, out: &mut Vec<Anchor>) {
        dates_in(sentence, &words(sentence), lang, out);
    }
}

pub(super) fn dates_in(sentence: &str, ws: &[Word], lang: Lang, out: &mut Vec<Anchor>) {
    for word in ws {
        let w = word.norm.as_str();
        let found = match lang {
            Lang::Ru => russian_date(w),
            Lang::En => {
                let capitalized = sentence[word.start..]
                    .chars()
                    .next()
                    .is_some_and(char::is_uppercase);
                if capitalized {
                    english_date(w)
                } else {
                    None
                }
            }
        };
        if let Some(key) = found {
            out.push(Anchor::new(AnchorKind::Date, key));
        }
    }
}

fn russian_date(w: &str) -> Option<String> {
    if MAY_FORMS.contains(&w) {
        return Some("m5".into());
    }
    if let Some(m) = RUSSIAN_MONTHS
        .iter()
        .position(|stem| !stem.is_empty() && w.starts_with(stem))
    {
        return Some(format!("m{}", m + 1));
    }
    // `сред` (Wednesday) must be the whole weekday (`среда`, `среду`),
    // not `среди`, `средства`.
    let weekday = RUSSIAN_WEEKDAYS.iter().position(|stem| {
        if *stem == "сред" {
            matches!(w, "среда" | "среду" | "среды" | "среде" | "средам")
        } else {
            w.starts_with(stem)
        }
    })?;
    Some(format!("d{}", weekday + 1))
}

fn english_date(w: &str) -> Option<String> {
    if let Some(m) = ENGLISH_MONTHS.iter().position(|forms| forms.contains(&w)) {
        return Some(format!("m{}", m + 1));
    }
    let d = ENGLISH_WEEKDAYS.iter().position(|day| *day == w)?;
    Some(format!("d{}", d + 1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::anchors::tests::keys;
    #[test]
    fn dates_table() {
        let cases: &[(&str, &str, Lang, &[&str])] = &[
            ("russian month genitive", "15 марта", Lang::Ru, &["m3"]),
            ("russian may", "в мае и июне", Lang::Ru, &["m5", "m6"]),
            ("not may", "маяк и материк", Lang::Ru, &[]),
            ("english month", "on March 15", Lang::En, &["m3"]),
            ("english verb", "they march and may go", Lang::En, &[]),
            ("abbreviation", "Sept. 5", Lang::En, &["m9"]),
            ("weekday", "в среду и в пятницу", Lang::Ru, &["d3", "d5"]),
            ("not wednesday", "среди средств", Lang::Ru, &[]),
            ("english weekday", "on Friday", Lang::En, &["d5"]),
        ];
        for (rule, text, lang, want) in cases {
            assert_eq!(keys(&Dates, text, *lang), *want, "{rule}: {text}");
        }
    }
}
