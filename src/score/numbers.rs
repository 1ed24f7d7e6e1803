//! Number adaptation (SPEC §4): when the query differs from a unit's source
//! only in numbers, the unit's target gets the query's numbers.

use crate::text::{Analyzed, Lang, Token};

/// A target adapted to the query's numbers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Adaptation {
    /// The unit's target text with the query's numbers.
    pub target: String,
    /// The unit's source text with the query's numbers written as in the
    /// query, for the 100/99 rule.
    pub unit: String,
}

/// The adapted target, or `None` when the rule of the module documentation
/// (see [`super`]) does not apply.
pub(super) fn adapt<'t>(
    q: &Analyzed,
    c: &Analyzed,
    target: impl FnOnce() -> &'t Analyzed,
) -> Option<Adaptation> {
    if q.tokens.len() != c.tokens.len() {
        return None;
    }
    let mut pairs = Vec::new();
    for (query, unit) in q.tokens.iter().zip(&c.tokens) {
        if query.norm == unit.norm {
            continue;
        }
        if !(query.number && unit.number) {
            return None;
        }
        pairs.push((query, unit));
    }
    if pairs.is_empty() {
        return None;
    }
    let target = target();

    // (index of the target's number, the query's number that replaces it)
    let mut replacements: Vec<(usize, &Token)> = Vec::with_capacity(pairs.len());
    for &(query, unit) in &pairs {
        let other = other_convention(&unit.norm);
        let mut found = target.tokens.iter().enumerate().filter(|(_, t)| {
            t.number && (t.norm == unit.norm || other.as_deref() == Some(t.norm.as_str()))
        });
        let (at, _) = found.next()?;
        if found.next().is_some() {
            return None;
        }
        match replacements.iter().find(|(earlier, _)| *earlier == at) {
            // The same target number asked to become two different numbers.
            Some((_, earlier)) if earlier.norm != query.norm => return None,
            Some(_) => {}
            None => replacements.push((at, query)),
        }
    }

    let mut target_edits = Vec::with_capacity(replacements.len());
    for (at, query) in replacements {
        let number = target.tokens.get(at)?;
        let written = in_target_convention(
            q.text.get(query.start..query.end)?,
            q.lang,
            target.text.get(number.start..number.end)?,
            target.lang,
        );
        target_edits.push((number.start, number.end, written));
    }
    let mut unit_edits = Vec::with_capacity(pairs.len());
    for (query, unit) in pairs {
        let written = q.text.get(query.start..query.end)?.to_string();
        unit_edits.push((unit.start, unit.end, written));
    }
    Some(Adaptation {
        target: splice(&target.text, target_edits)?,
        unit: splice(&c.text, unit_edits)?,
    })
}

/// `text` with the byte ranges of `edits` replaced; `None` if a range is not
/// within the text on character boundaries or two ranges overlap.
fn splice(text: &str, mut edits: Vec<(usize, usize, String)>) -> Option<String> {
    edits.sort_by_key(|&(start, _, _)| start);
    let mut out = String::with_capacity(text.len() + 16);
    let mut copied = 0;
    for (start, end, written) in edits {
        out.push_str(text.get(copied..start)?);
        text.get(start..end)?;
        out.push_str(&written);
        copied = end;
    }
    out.push_str(text.get(copied..)?);
    Some(out)
}

/// The decimal separator of a language's newsroom convention.
fn decimal_separator(lang: Lang) -> char {
    match lang {
        Lang::Ru => ',',
        Lang::En => '.',
    }
}

/// The separator of a simple decimal: ASCII digits, one `.` or `,`, digits.
fn simple_decimal(number: &str) -> Option<char> {
    let at = number.find(['.', ','])?;
    let (whole, rest) = number.split_at(at);
    let mut rest = rest.chars();
    let separator = rest.next()?;
    let fraction = rest.as_str();
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    (digits(whole) && digits(fraction)).then_some(separator)
}

/// `1,5` for `1.5` and back; `None` for anything but a simple decimal.
pub(crate) fn other_convention(number: &str) -> Option<String> {
    let separator = simple_decimal(number)?;
    let other = if separator == '.' { "," } else { "." };
    Some(number.replacen(separator, other, 1))
}

/// The query's number as it should stand in the target: a simple decimal is
/// written with the target number's separator when that number is a simple
/// decimal too; when the target number is a plain integer, a query decimal
/// written in the query language's convention (ru `1,5`) takes the target
/// language's (en `1.5`). Anything else is copied as the query writes it.
pub(crate) fn in_target_convention(
    query: &str,
    query_lang: Lang,
    target: &str,
    target_lang: Lang,
) -> String {
    let Some(separator) = simple_decimal(query) else {
        return query.to_string();
    };
    let wanted = match simple_decimal(target) {
        Some(wanted) => wanted,
        None if target.bytes().all(|b| b.is_ascii_digit())
            && separator == decimal_separator(query_lang) =>
        {
            decimal_separator(target_lang)
        }
        None => separator,
    };
    if wanted == separator {
        query.to_string()
    } else {
        query.replacen(separator, wanted.encode_utf8(&mut [0; 4]), 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn simple_decimals() {
        assert_eq!(simple_decimal("1,5"), Some(','));
        assert_eq!(simple_decimal("10.000"), Some('.'));
        assert_eq!(simple_decimal("15"), None);
        assert_eq!(simple_decimal("1.5.2"), None);
        assert_eq!(simple_decimal(",5"), None);
        assert_eq!(simple_decimal("5,"), None);
        assert_eq!(simple_decimal("2019-2021"), None);
        assert_eq!(other_convention("1,5").as_deref(), Some("1.5"));
        assert_eq!(other_convention("2,75").as_deref(), Some("2.75"));
        assert_eq!(other_convention("7"), None);
    }

    #[test]
    fn query_numbers_follow_the_target_convention() {
        // (query number, query lang, target number, target lang, written)
        let table = [
            ("1,5", Lang::Ru, "2.5", Lang::En, "1.5"),
            ("1,5", Lang::Ru, "2", Lang::En, "1.5"),
            ("1.5", Lang::En, "2", Lang::Ru, "1,5"),
            ("1.5", Lang::En, "2,5", Lang::Ru, "1,5"),
            ("1,5", Lang::Ru, "2,5", Lang::Ru, "1,5"),
            // en "1,500" is a thousands group, not a decimal: copied as is.
            ("1,500", Lang::En, "7", Lang::Ru, "1,500"),
            ("2021", Lang::Ru, "2020", Lang::En, "2021"),
            ("2019-2021", Lang::Ru, "2020", Lang::En, "2019-2021"),
        ];
        for (query, query_lang, target, target_lang, written) in table {
            assert_eq!(
                in_target_convention(query, query_lang, target, target_lang),
                written,
                "{query} → {target}"
            );
        }
    }

    #[test]
    fn splice_refuses_bad_ranges() {
        let edits = |v: &[(usize, usize, &str)]| {
            v.iter()
                .map(|&(s, e, w)| (s, e, w.to_string()))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            splice("в 2020 году 5", edits(&[(20, 21, "6"), (3, 7, "2021")])).as_deref(),
            None,
            "20 is past the end"
        );
        assert_eq!(
            splice("в 2020 году 5", edits(&[(17, 18, "6"), (3, 7, "2021")])).as_deref(),
            Some("в 2021 году 6")
        );
        assert_eq!(
            splice("мир", edits(&[(1, 2, "x")])),
            None,
            "inside a character"
        );
        assert_eq!(
            splice("abcdef", edits(&[(1, 3, "x"), (2, 4, "y")])),
            None,
            "overlap"
        );
    }
}
