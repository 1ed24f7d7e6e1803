//! One glossary entry: a Russian term and an English term of one concept,
//! their variants, a status, the period the pair is valid and a note.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use serde::Serialize;

use crate::formats::xml::xml_forbidden;
use crate::text::Lang;
use crate::unit::Date;

/// The columns tilmash knows, in the order of a new file's header.
pub const COLUMNS: [&str; 12] = [
    "concept",
    "ru",
    "en",
    "ru_variants",
    "en_variants",
    "status",
    "valid_from",
    "valid_to",
    "pos",
    "domain",
    "note",
    "context",
];

/// The parts of speech a row names in `pos` (`glossaries/README.md`).
pub const PARTS_OF_SPEECH: [&str; 5] = ["noun", "propn", "adj", "verb", "phrase"];

/// The domains a row names in `domain` (`glossaries/README.md`).
pub const DOMAINS: [&str; 9] = [
    "person",
    "place",
    "organization",
    "party",
    "media",
    "office",
    "currency",
    "event",
    "term",
];

/// What is wrong with a value of a column of closed values (`status`,
/// `pos`, `domain`) that an edit or a new row gives, naming the valid
/// values; `None` if it is one of them (or empty, for `pos` and
/// `domain`). Rows already in a file are read as they are.
pub fn closed_value_problem(column: &str, value: &str) -> Option<String> {
    let value = value.trim();
    let (what, known): (&str, &[&str]) = match column {
        "status" => return value.parse::<Status>().err(),
        "pos" => ("part of speech", &PARTS_OF_SPEECH),
        "domain" => ("domain", &DOMAINS),
        _ => return None,
    };
    if value.is_empty() || known.contains(&value) {
        return None;
    }
    let (last, rest) = known.split_last()?;
    Some(format!(
        "unknown {what} `{value}`: write {} or {last} (or leave it empty)",
        rest.join(", ")
    ))
}

/// The separator of variants inside a `*_variants` column.
pub const VARIANT_SEPARATOR: char = '|';

/// How a term may be used (ISO 12620 administrative status, plus
/// `forbidden` as in memoQ and Trados MultiTerm).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Preferred,
    Admitted,
    Deprecated,
    Forbidden,
}

impl Status {
    pub const ALL: [Status; 4] = [
        Status::Preferred,
        Status::Admitted,
        Status::Deprecated,
        Status::Forbidden,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Status::Preferred => "preferred",
            Status::Admitted => "admitted",
            Status::Deprecated => "deprecated",
            Status::Forbidden => "forbidden",
        }
    }

    /// Preferred or admitted: fit for copy.
    pub fn is_good(self) -> bool {
        matches!(self, Status::Preferred | Status::Admitted)
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Status {
    type Err = String;

    fn from_str(s: &str) -> Result<Status, String> {
        Status::ALL
            .into_iter()
            .find(|status| status.name().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| {
                format!("unknown status `{s}`: write preferred, admitted, deprecated or forbidden")
            })
    }
}

/// One row of a glossary file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entry {
    /// Stable id shared by every row that names the same thing.
    pub concept: String,
    pub ru: String,
    pub en: String,
    pub ru_variants: Vec<String>,
    pub en_variants: Vec<String>,
    pub status: Status,
    /// First day the row is valid (none: no lower bound).
    pub valid_from: Option<Date>,
    /// First day the row is no longer valid (none: still valid).
    pub valid_to: Option<Date>,
    pub pos: String,
    pub domain: String,
    pub note: String,
    /// Where the entry fires: phrases of which one must be in the segment,
    /// or `check` (`glossary::context`); empty: everywhere.
    pub context: String,
    /// Columns tilmash does not know, by header name; kept on rewrite.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub extra: BTreeMap<String, String>,
}

impl Entry {
    /// An entry with the given sides and nothing else.
    pub fn new(concept: &str, ru: &str, en: &str) -> Entry {
        Entry {
            concept: concept.to_string(),
            ru: ru.to_string(),
            en: en.to_string(),
            ru_variants: Vec::new(),
            en_variants: Vec::new(),
            status: Status::Preferred,
            valid_from: None,
            valid_to: None,
            pos: String::new(),
            domain: String::new(),
            note: String::new(),
            context: String::new(),
            extra: BTreeMap::new(),
        }
    }

    /// The term on one side.
    pub fn term(&self, lang: Lang) -> &str {
        match lang {
            Lang::Ru => &self.ru,
            Lang::En => &self.en,
        }
    }

    /// The variants on one side.
    pub fn variants(&self, lang: Lang) -> &[String] {
        match lang {
            Lang::Ru => &self.ru_variants,
            Lang::En => &self.en_variants,
        }
    }

    /// The term and then its variants on one side.
    pub fn written_forms(&self, lang: Lang) -> impl Iterator<Item = &str> {
        std::iter::once(self.term(lang))
            .chain(self.variants(lang).iter().map(String::as_str))
            .filter(|t| !t.trim().is_empty())
    }

    /// Whether the row is valid on `date` (`valid_from ≤ date < valid_to`).
    pub fn valid_on(&self, date: Date) -> bool {
        self.valid_from.is_none_or(|from| from <= date) && self.valid_to.is_none_or(|to| date < to)
    }

    /// Whether the row carries any date.
    pub fn is_dated(&self) -> bool {
        self.valid_from.is_some() || self.valid_to.is_some()
    }

    /// The validity period as text: `2019-03-23 – 2022-09-17`, `until
    /// 1998-05-06`, `from 2022-09-17`, `always`.
    pub fn validity(&self) -> String {
        match (self.valid_from, self.valid_to) {
            (Some(from), Some(to)) => format!("{from} – {to}"),
            (Some(from), None) => format!("from {from}"),
            (None, Some(to)) => format!("until {to}"),
            (None, None) => "always".to_string(),
        }
    }

    /// Whether two rows' periods share at least one day.
    pub fn overlaps(&self, other: &Entry) -> bool {
        let starts_before_other_ends = match (self.valid_from, other.valid_to) {
            (Some(from), Some(to)) => from < to,
            _ => true,
        };
        let other_starts_before_end = match (other.valid_from, self.valid_to) {
            (Some(from), Some(to)) => from < to,
            _ => true,
        };
        starts_before_other_ends && other_starts_before_end
    }

    /// The value of column `name` as written in a file.
    pub fn field(&self, name: &str) -> String {
        match name {
            "concept" => self.concept.clone(),
            "ru" => self.ru.clone(),
            "en" => self.en.clone(),
            "ru_variants" => join_variants(&self.ru_variants),
            "en_variants" => join_variants(&self.en_variants),
            "status" => self.status.to_string(),
            "valid_from" => self.valid_from.map(|d| d.to_string()).unwrap_or_default(),
            "valid_to" => self.valid_to.map(|d| d.to_string()).unwrap_or_default(),
            "pos" => self.pos.clone(),
            "domain" => self.domain.clone(),
            "note" => self.note.clone(),
            "context" => self.context.clone(),
            other => self.extra.get(other).cloned().unwrap_or_default(),
        }
    }

    /// Sets column `name` from its written value; the reason on a bad value.
    pub fn set_field(&mut self, name: &str, value: &str) -> Result<(), String> {
        if let Some(problem) = value_problem(name, value) {
            return Err(problem);
        }
        match name {
            "concept" => self.concept = value.trim().to_string(),
            "ru" => self.ru = value.trim().to_string(),
            "en" => self.en = value.trim().to_string(),
            "ru_variants" => self.ru_variants = split_variants(value),
            "en_variants" => self.en_variants = split_variants(value),
            "status" => self.status = value.parse()?,
            "valid_from" => self.valid_from = parse_date(name, value)?,
            "valid_to" => self.valid_to = parse_date(name, value)?,
            "pos" => self.pos = value.trim().to_string(),
            "domain" => self.domain = value.trim().to_string(),
            "note" => self.note = value.trim().to_string(),
            "context" => self.context = value.trim().to_string(),
            other => {
                self.extra.insert(other.to_string(), value.to_string());
            }
        }
        Ok(())
    }

    /// What makes the entry unusable, if anything: an empty concept or
    /// side, a period that ends before it starts, or a value holding a tab,
    /// a line break or another control character (no TSV row nor TBX file
    /// could carry it).
    pub fn problem(&self) -> Option<String> {
        let values = COLUMNS.iter().map(|&c| (c, self.field(c)));
        let extra = self.extra.iter().map(|(c, v)| (c.as_str(), v.clone()));
        if let Some(problem) = values
            .chain(extra)
            .find_map(|(column, value)| value_problem(column, &value))
        {
            return Some(problem);
        }
        if self.concept.trim().is_empty() {
            return Some("the concept is empty: give the row a concept id".into());
        }
        if self.concept.trim_start().starts_with('#') {
            return Some(format!(
                "concept id `{}` begins with `#`, which starts a comment line in a glossary file: \
                 choose an id that does not",
                self.concept
            ));
        }
        if self.ru.trim().is_empty() || self.en.trim().is_empty() {
            return Some("both `ru` and `en` must hold a term".into());
        }
        if let (Some(from), Some(to)) = (self.valid_from, self.valid_to) {
            if from >= to {
                return Some(format!(
                    "valid_from {from} is not before valid_to {to} (valid_to is the first day no longer valid)"
                ));
            }
        }
        None
    }
}

/// Why column `name` cannot hold `value`: a tab or a line break (the file's
/// separators), another control character or a noncharacter.
fn value_problem(name: &str, value: &str) -> Option<String> {
    if value.contains(['\t', '\n', '\r']) {
        return Some(format!(
            "column `{name}`: a value may not hold a tab or a line break"
        ));
    }
    let c = value
        .chars()
        .find(|&c| c.is_control() || xml_forbidden(c))?;
    Some(format!(
        "column `{name}`: U+{:04X} is a control character or noncharacter; remove it",
        u32::from(c)
    ))
}

/// Splits a `*_variants` value at `|`, trimming and dropping empty parts.
pub fn split_variants(value: &str) -> Vec<String> {
    value
        .split(VARIANT_SEPARATOR)
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_string)
        .collect()
}

pub fn join_variants(variants: &[String]) -> String {
    variants.join("|")
}

fn parse_date(column: &str, value: &str) -> Result<Option<Date>, String> {
    let value = value.trim();
    if value.is_empty() {
        return Ok(None);
    }
    value.parse::<Date>().map(Some).map_err(|_| {
        format!("{column} `{value}` is not a date: write YYYY-MM-DD or leave it empty")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> Date {
        s.parse().unwrap()
    }

    #[test]
    fn validity_is_half_open() {
        let mut e = Entry::new("city-astana", "Нур-Султан", "Nur-Sultan");
        e.valid_from = Some(date("2019-03-23"));
        e.valid_to = Some(date("2022-09-17"));
        assert!(!e.valid_on(date("2019-03-22")));
        assert!(e.valid_on(date("2019-03-23")));
        assert!(e.valid_on(date("2022-09-16")));
        assert!(
            !e.valid_on(date("2022-09-17")),
            "valid_to is the first day no longer valid"
        );
    }

    #[test]
    fn overlap_of_periods() {
        let period = |from: Option<&str>, to: Option<&str>| {
            let mut e = Entry::new("c", "а", "a");
            e.valid_from = from.map(date);
            e.valid_to = to.map(date);
            e
        };
        let old = period(None, Some("2019-03-23"));
        let mid = period(Some("2019-03-23"), Some("2022-09-17"));
        let new = period(Some("2022-09-17"), None);
        let always = period(None, None);
        let late_mid = period(Some("2022-09-16"), None);
        assert!(!old.overlaps(&mid), "touching periods do not overlap");
        assert!(!mid.overlaps(&new));
        assert!(!old.overlaps(&new));
        assert!(always.overlaps(&mid));
        assert!(late_mid.overlaps(&mid), "one shared day is an overlap");
        assert!(mid.overlaps(&late_mid));
    }

    #[test]
    fn fields_round_trip_and_refuse_bad_values() {
        let mut e = Entry::new("c", "аким", "akim");
        e.set_field("ru_variants", " акимы | | акима").unwrap();
        assert_eq!(e.ru_variants, ["акимы", "акима"]);
        assert_eq!(e.field("ru_variants"), "акимы|акима");
        e.set_field("status", "Forbidden").unwrap();
        assert_eq!(e.status, Status::Forbidden);
        assert!(e
            .set_field("status", "prefered")
            .unwrap_err()
            .contains("prefered"));
        assert!(e
            .set_field("valid_to", "2022-13-01")
            .unwrap_err()
            .contains("YYYY-MM-DD"));
        assert!(e.set_field("note", "a\tb").is_err());
        e.set_field("reviewer", "Aigerim").unwrap();
        assert_eq!(e.field("reviewer"), "Aigerim");
    }
}
