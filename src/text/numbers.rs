//! Reading a number as written in Russian or English newsroom text: which
//! separator is a decimal point, which groups thousands, and when the
//! groups are a date or a version instead. The one reading the aligner's
//! anchors and the QA check share.
//!
//! - no separator: an integer (`05` is 5);
//! - English: `,` groups thousands (`10,000`, `1,500,000`), `.` is the
//!   decimal point, both together as `10,000.50`;
//! - Russian: `,` is the decimal point (`1,5`); `.` groups thousands when
//!   every group after the first has three digits and the first does not
//!   start with 0 (`1.500`, `1.500.000`), otherwise it is a decimal point as
//!   English writes it (`2.5`); spaces group thousands, which the callers
//!   join before reading (`10 000`);
//! - one separator otherwise: a decimal point (`1,5` in English copy too);
//! - several separators that fit none of these: groups, each a number
//!   (`14.02.2021`, `05:30` is read by the caller as two numbers).

use super::Lang;

/// What a written number is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NumberReading {
    /// A quantity: the digits of its whole part without leading zeros (`0`
    /// for none) and of its fraction without trailing zeros.
    Value { whole: String, fraction: String },
    /// Groups of digits that are no one quantity (a date, a version), each
    /// without leading zeros.
    Groups(Vec<String>),
}

impl NumberReading {
    /// The canonical forms: `1.5`, `10000`, or each group of a date.
    pub fn canonical(&self) -> Vec<String> {
        match self {
            NumberReading::Value { whole, fraction } if fraction.is_empty() => {
                vec![whole.clone()]
            }
            NumberReading::Value { whole, fraction } => vec![format!("{whole}.{fraction}")],
            NumberReading::Groups(groups) => groups.clone(),
        }
    }

    /// The value of a quantity (`None` for groups).
    pub fn value(&self) -> Option<f64> {
        match self {
            NumberReading::Value { whole, fraction } => format!("{whole}.{fraction}0").parse().ok(),
            NumberReading::Groups(_) => None,
        }
    }
}

/// Reads `written`: ASCII digits separated by `.` or `,`, in `lang`'s
/// convention (see the module documentation); a separator at the end is
/// punctuation, two in a row leave groups. `None` when it is not such a
/// number (no digit first, other characters).
pub fn read_number(written: &str, lang: Lang) -> Option<NumberReading> {
    let written = written.trim_end_matches(['.', ',']);
    if !written.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let groups: Vec<&str> = written.split(['.', ',']).collect();
    if !groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_digit())) {
        return None;
    }
    if groups.iter().any(|g| g.is_empty()) {
        let groups = groups.iter().filter(|g| !g.is_empty()).map(|g| integer(g));
        return Some(NumberReading::Groups(groups.collect()));
    }
    let separators: Vec<char> = written.chars().filter(|c| !c.is_ascii_digit()).collect();
    let thousands = |sep: char| {
        separators.iter().all(|&s| s == sep)
            && groups[0].len() <= 3
            && groups[1..].iter().all(|g| g.len() == 3)
    };
    let value = |whole: &str, fraction: &str| NumberReading::Value {
        whole: integer(whole),
        fraction: fraction.trim_end_matches('0').to_string(),
    };
    let grouped_by = match lang {
        Lang::En => ',',
        Lang::Ru => '.',
    };
    Some(match separators.len() {
        0 => value(written, ""),
        _ if thousands(grouped_by) && !(lang == Lang::Ru && groups[0].starts_with('0')) => {
            value(&groups.concat(), "")
        }
        1 => value(groups[0], groups[1]),
        // A thousands comma in either language: `1,500,000`.
        _ if thousands(',') || thousands('.') => value(&groups.concat(), ""),
        // `10,000.5`
        _ if lang == Lang::En
            && separators[..separators.len() - 1].iter().all(|&s| s == ',')
            && separators.last() == Some(&'.') =>
        {
            let (whole, fraction) = groups.split_at(groups.len() - 1);
            value(&whole.concat(), fraction[0])
        }
        _ => NumberReading::Groups(groups.iter().map(|g| integer(g)).collect()),
    })
}

/// Digits without leading zeros (`0` for none left).
fn integer(digits: &str) -> String {
    let trimmed = digits.trim_start_matches('0');
    if trimmed.is_empty() {
        "0".to_string()
    } else {
        trimmed.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readings_table() {
        // (rule, written, lang, canonical forms, value)
        type Case<'a> = (&'a str, &'a str, Lang, &'a [&'a str], Option<f64>);
        let cases: &[Case] = &[
            ("integer, leading zero", "05", Lang::Ru, &["5"], Some(5.0)),
            ("zero", "0,0", Lang::Ru, &["0"], Some(0.0)),
            (
                "russian decimal comma",
                "1,5",
                Lang::Ru,
                &["1.5"],
                Some(1.5),
            ),
            (
                "english decimal point",
                "1.50",
                Lang::En,
                &["1.5"],
                Some(1.5),
            ),
            (
                "english thousands",
                "10,000",
                Lang::En,
                &["10000"],
                Some(1e4),
            ),
            (
                "english millions",
                "1,500,000",
                Lang::En,
                &["1500000"],
                Some(1.5e6),
            ),
            (
                "english thousands and decimal",
                "10,000.50",
                Lang::En,
                &["10000.5"],
                Some(10000.5),
            ),
            (
                "russian dotted thousands",
                "1.500",
                Lang::Ru,
                &["1500"],
                Some(1500.0),
            ),
            (
                "russian dotted millions",
                "1.500.000",
                Lang::Ru,
                &["1500000"],
                Some(1.5e6),
            ),
            (
                "russian english-style decimal",
                "2.5",
                Lang::Ru,
                &["2.5"],
                Some(2.5),
            ),
            (
                "russian dot after a zero is a decimal",
                "0.125",
                Lang::Ru,
                &["0.125"],
                Some(0.125),
            ),
            (
                "russian comma millions",
                "1,500,000",
                Lang::Ru,
                &["1500000"],
                Some(1.5e6),
            ),
            (
                "comma in english copy as a decimal",
                "1,5",
                Lang::En,
                &["1.5"],
                Some(1.5),
            ),
            ("date", "14.02.2021", Lang::Ru, &["14", "2", "2021"], None),
            ("version", "1.2.3", Lang::En, &["1", "2", "3"], None),
        ];
        for (rule, written, lang, canonical, value) in cases {
            let reading = read_number(written, *lang);
            assert_eq!(
                reading.as_ref().map(NumberReading::canonical),
                Some(canonical.iter().map(|s| s.to_string()).collect()),
                "{rule}: {written}"
            );
            assert_eq!(reading.and_then(|r| r.value()), *value, "{rule}: {written}");
        }
        for not_a_number in ["", ",5", "1a", "−5", "٣"] {
            assert_eq!(read_number(not_a_number, Lang::En), None, "{not_a_number}");
        }
        assert_eq!(
            read_number("10.", Lang::En).and_then(|r| r.value()),
            Some(10.0)
        );
        assert_eq!(
            read_number("1..2", Lang::En),
            Some(NumberReading::Groups(vec!["1".into(), "2".into()]))
        );
    }
}
