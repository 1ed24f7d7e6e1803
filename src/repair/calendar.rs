//! Months and weekdays in both languages: the Russian forms by case, the
//! English names, so that `в мае` becomes `в июне` and `May` `June`.

use super::inflect::Case;
use crate::text::Lang;

/// Which table a calendar word belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Calendar {
    Month,
    Weekday,
}

/// Russian forms by [`Case`] (nominative, genitive, dative, accusative,
/// instrumental, prepositional), normalized (lower case, ё → е).
type Forms = [&'static str; 6];

const RU_MONTHS: [Forms; 12] = [
    ["январь", "января", "январю", "январь", "январем", "январе"],
    [
        "февраль",
        "февраля",
        "февралю",
        "февраль",
        "февралем",
        "феврале",
    ],
    ["март", "марта", "марту", "март", "мартом", "марте"],
    ["апрель", "апреля", "апрелю", "апрель", "апрелем", "апреле"],
    ["май", "мая", "маю", "май", "маем", "мае"],
    ["июнь", "июня", "июню", "июнь", "июнем", "июне"],
    ["июль", "июля", "июлю", "июль", "июлем", "июле"],
    [
        "август",
        "августа",
        "августу",
        "август",
        "августом",
        "августе",
    ],
    [
        "сентябрь",
        "сентября",
        "сентябрю",
        "сентябрь",
        "сентябрем",
        "сентябре",
    ],
    [
        "октябрь",
        "октября",
        "октябрю",
        "октябрь",
        "октябрем",
        "октябре",
    ],
    ["ноябрь", "ноября", "ноябрю", "ноябрь", "ноябрем", "ноябре"],
    [
        "декабрь",
        "декабря",
        "декабрю",
        "декабрь",
        "декабрем",
        "декабре",
    ],
];

const RU_WEEKDAYS: [Forms; 7] = [
    [
        "понедельник",
        "понедельника",
        "понедельнику",
        "понедельник",
        "понедельником",
        "понедельнике",
    ],
    [
        "вторник",
        "вторника",
        "вторнику",
        "вторник",
        "вторником",
        "вторнике",
    ],
    ["среда", "среды", "среде", "среду", "средой", "среде"],
    [
        "четверг",
        "четверга",
        "четвергу",
        "четверг",
        "четвергом",
        "четверге",
    ],
    [
        "пятница",
        "пятницы",
        "пятнице",
        "пятницу",
        "пятницей",
        "пятнице",
    ],
    [
        "суббота",
        "субботы",
        "субботе",
        "субботу",
        "субботой",
        "субботе",
    ],
    [
        "воскресенье",
        "воскресенья",
        "воскресенью",
        "воскресенье",
        "воскресеньем",
        "воскресенье",
    ],
];

const EN_MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

const EN_WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// A calendar word as read: which table, which month or day (0-based), and
/// for Russian the cases its form can be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarWord {
    pub calendar: Calendar,
    pub index: usize,
    pub cases: Vec<Case>,
}

/// Reads the word `raw` (normalized `norm`) of a text in `lang` as a month
/// or weekday. English names need their capital (`may` is a verb); an
/// English possessive or plural (`Monday's`, `Mondays`) is read too.
pub fn read(norm: &str, raw: &str, lang: Lang) -> Option<CalendarWord> {
    match lang {
        Lang::Ru => [
            (Calendar::Month, &RU_MONTHS[..]),
            (Calendar::Weekday, &RU_WEEKDAYS[..]),
        ]
        .into_iter()
        .find_map(|(calendar, table)| {
            table.iter().enumerate().find_map(|(index, forms)| {
                let cases: Vec<Case> = Case::ALL
                    .into_iter()
                    .filter(|&c| forms[c as usize] == norm)
                    .collect();
                (!cases.is_empty()).then_some(CalendarWord {
                    calendar,
                    index,
                    cases,
                })
            })
        }),
        Lang::En => {
            if !raw.starts_with(|c: char| c.is_ascii_uppercase()) {
                return None;
            }
            let base = norm
                .strip_suffix("'s")
                .or_else(|| norm.strip_suffix('s'))
                .filter(|b| !b.is_empty());
            [
                (Calendar::Month, &EN_MONTHS[..]),
                (Calendar::Weekday, &EN_WEEKDAYS[..]),
            ]
            .into_iter()
            .find_map(|(calendar, table)| {
                let index = table.iter().position(|name| {
                    name.eq_ignore_ascii_case(norm)
                        || base.is_some_and(|b| name.eq_ignore_ascii_case(b))
                })?;
                Some(CalendarWord {
                    calendar,
                    index,
                    cases: Vec::new(),
                })
            })
        }
    }
}

/// The Russian form of month or day `index` in `case` (normalized).
pub fn russian(calendar: Calendar, index: usize, case: Case) -> Option<&'static str> {
    let table: &[Forms] = match calendar {
        Calendar::Month => &RU_MONTHS,
        Calendar::Weekday => &RU_WEEKDAYS,
    };
    table.get(index).map(|forms| forms[case as usize])
}

/// The English name of month or day `index`.
pub fn english(calendar: Calendar, index: usize) -> Option<&'static str> {
    match calendar {
        Calendar::Month => EN_MONTHS.get(index).copied(),
        Calendar::Weekday => EN_WEEKDAYS.get(index).copied(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn russian_forms_are_read_with_their_cases() {
        let w = read("мае", "мае", Lang::Ru).unwrap();
        assert_eq!((w.calendar, w.index), (Calendar::Month, 4));
        assert_eq!(w.cases, [Case::Prepositional]);
        let w = read("среду", "среду", Lang::Ru).unwrap();
        assert_eq!((w.calendar, w.index), (Calendar::Weekday, 2));
        assert_eq!(w.cases, [Case::Accusative]);
        let w = read("июнь", "июнь", Lang::Ru).unwrap();
        assert_eq!(w.cases, [Case::Nominative, Case::Accusative]);
        assert_eq!(read("мир", "мир", Lang::Ru), None);
        assert_eq!(
            russian(Calendar::Month, 5, Case::Prepositional),
            Some("июне")
        );
    }

    #[test]
    fn english_names_need_their_capital() {
        assert_eq!(read("may", "may", Lang::En), None);
        assert_eq!(read("may", "May", Lang::En).unwrap().index, 4);
        assert_eq!(read("monday's", "Monday's", Lang::En).unwrap().index, 0);
        assert_eq!(read("fridays", "Fridays", Lang::En).unwrap().index, 4);
        assert_eq!(read("marches", "Marches", Lang::En), None);
        assert_eq!(english(Calendar::Weekday, 6), Some("Sunday"));
    }
}
