//! Field values every reader shares: segments that cannot make a unit,
//! dates, timestamps, positions, context hashes, tags.

use std::borrow::Cow;
use std::collections::BTreeSet;

use super::xml::{forbidden_char, xml_forbidden};
use crate::text::inline::{holds_placeholder, is_placeholder};
use crate::text::{fold_char, Fold};
use crate::unit::{Date, Meta, Timestamp};

/// Whether a segment has nothing to see: only whitespace and invisible
/// characters (soft hyphens, zero-width spaces and joiners, bidi marks),
/// which normalization removes.
fn blank(text: &str) -> bool {
    text.chars()
        .all(|c| matches!(fold_char(c), Fold::Space | Fold::Remove))
}

/// The reason for an empty segment, or `None` if both have text.
pub(crate) fn empty_segment(ru: &str, en: &str) -> Option<String> {
    if blank(ru) {
        Some("empty Russian segment".to_string())
    } else if blank(en) {
        Some("empty English segment".to_string())
    } else {
        None
    }
}

/// Why two segments cannot make a unit: one is empty, or holds a
/// character XML forbids (no TMX could carry it, and it is never text: a
/// NUL byte, a stray control code from a broken conversion). `None` if
/// they can.
pub(crate) fn segment_problem(ru: &str, en: &str) -> Option<String> {
    if let Some(reason) = empty_segment(ru, en) {
        return Some(reason);
    }
    if let Some(reason) = stray_placeholder(ru, en) {
        return Some(reason);
    }
    for (side, text) in [("Russian", ru), ("English", en)] {
        if let Some((c, kind)) = forbidden_char(text) {
            return Some(format!(
                "the {side} segment holds U+{:04X}, {kind} that XML does not allow",
                u32::from(c)
            ));
        }
    }
    None
}

/// Why a record's article, origin, note or tags cannot be stored: a
/// control character. Those XML forbids would make a TMX export differ
/// from the import (written as U+FFFD); the others (DEL, C1 controls such
/// as U+009B) are sequences a terminal acts on when `suggest` or
/// `concordance` show the value. Neither is ever part of a name or an id.
/// `None` if every value can be stored.
pub(crate) fn meta_problem(meta: &Meta) -> Option<String> {
    let values = [
        ("the article", meta.article.as_deref()),
        ("the origin", meta.origin.as_deref()),
        ("the note", meta.note.as_deref()),
    ]
    .into_iter()
    .chain(meta.tags.iter().map(|t| ("a tag", Some(t.as_str()))));
    for (what, value) in values {
        let Some(c) = value.and_then(|v| {
            v.chars()
                .find(|&c| xml_forbidden(c) || (c.is_control() && !matches!(c, '\t' | '\n' | '\r')))
        }) else {
            continue;
        };
        let why = if xml_forbidden(c) {
            "that XML does not allow"
        } else {
            "that terminals act on"
        };
        return Some(format!(
            "{what} holds U+{:04X}, a control character {why}",
            u32::from(c)
        ));
    }
    None
}

/// Why a segment read as text cannot be taken: it holds a character that
/// tilmash reserves for the placeholders of inline tags
/// ([`crate::text::inline`]), which no text of a newsroom uses.
pub(crate) fn stray_placeholder(ru: &str, en: &str) -> Option<String> {
    for (side, text) in [("Russian", ru), ("English", en)] {
        if !holds_placeholder(text) {
            continue;
        }
        if let Some(c) = text.chars().find(|&c| is_placeholder(c)) {
            return Some(format!(
                "the {side} segment holds U+{:X}, a private-use character tilmash reserves for inline tags",
                u32::from(c)
            ));
        }
    }
    None
}

/// An optional text value: empty means absent.
pub(crate) fn non_empty(value: Cow<'_, str>) -> Option<String> {
    if value.is_empty() {
        None
    } else {
        Some(value.into_owned())
    }
}

/// A publication date: `YYYY-MM-DD`, or an RFC 3339 timestamp whose date
/// part (as written, in its own offset) is taken.
pub(crate) fn parse_date(s: &str) -> Result<Date, String> {
    let s = s.trim();
    let bad = || format!("bad date `{s}`: expected YYYY-MM-DD or an RFC 3339 timestamp");
    if s.len() == 10 {
        return s.parse::<Date>().map_err(|_| bad());
    }
    match (s.get(..10), s.parse::<Timestamp>()) {
        (Some(day), Ok(_)) => day.parse::<Date>().map_err(|_| bad()),
        _ => Err(bad()),
    }
}

/// A point in time: RFC 3339 (`2024-03-05T10:00:00Z`, any offset), or the
/// TMX form `YYYYMMDDThhmmssZ`.
pub(crate) fn parse_timestamp(s: &str) -> Result<Timestamp, String> {
    let s = s.trim();
    if let Some(ts) = parse_tmx_timestamp(s) {
        return Ok(ts);
    }
    s.parse::<Timestamp>()
        .map_err(|_| format!("bad timestamp `{s}`: expected RFC 3339, e.g. 2024-03-05T10:00:00Z"))
}

/// `YYYYMMDDThhmmssZ` (TMX `creationdate`, always UTC).
fn parse_tmx_timestamp(s: &str) -> Option<Timestamp> {
    let b = s.as_bytes();
    if b.len() != 16 || b[8] != b'T' || b[15] != b'Z' {
        return None;
    }
    let digits = |r: std::ops::Range<usize>| -> Option<i64> {
        let part = s.get(r)?;
        if part.bytes().all(|c| c.is_ascii_digit()) {
            part.parse().ok()
        } else {
            None
        }
    };
    let dt = jiff::civil::DateTime::new(
        i16::try_from(digits(0..4)?).ok()?,
        i8::try_from(digits(4..6)?).ok()?,
        i8::try_from(digits(6..8)?).ok()?,
        i8::try_from(digits(9..11)?).ok()?,
        i8::try_from(digits(11..13)?).ok()?,
        i8::try_from(digits(13..15)?).ok()?,
        0,
    )
    .ok()?;
    dt.to_zoned(jiff::tz::TimeZone::UTC)
        .ok()
        .map(|z| z.timestamp())
}

/// A position in an article: a whole number ≥ 0.
pub(crate) fn parse_position(s: &str) -> Result<u32, String> {
    let t = s.trim();
    t.parse::<u32>().map_err(|_| {
        format!(
            "bad position `{t}`: expected a whole number from 0 to {}",
            u32::MAX
        )
    })
}

/// A context hash: 16 hex digits (1 to 16 accepted).
pub(crate) fn parse_hash(s: &str, what: &str) -> Result<u64, String> {
    let t = s.trim();
    if t.is_empty() || t.len() > 16 {
        return Err(format!("bad {what} `{t}`: expected 16 hex digits"));
    }
    u64::from_str_radix(t, 16).map_err(|_| format!("bad {what} `{t}`: expected 16 hex digits"))
}

/// Adds `;`-separated tags, trimmed, empty ones dropped.
pub(crate) fn push_tags(tags: &mut Vec<String>, s: &str) {
    tags.extend(
        s.split(';')
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_string),
    );
}

/// Keeps a bounded set of names for a warning (unknown keys, properties).
pub(crate) fn remember(set: &mut BTreeSet<String>, name: &str) {
    const MAX_REMEMBERED: usize = 64;
    if set.len() < MAX_REMEMBERED && !set.contains(name) {
        set.insert(name.chars().take(80).collect());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn value_parsers() {
        let d = |s: &str| parse_date(s).map(|d| d.to_string());
        assert_eq!(d("2019-03-23"), Ok("2019-03-23".into()));
        assert_eq!(d("2019-03-23T23:30:00+06:00"), Ok("2019-03-23".into()));
        assert_eq!(
            d("23.03.2019"),
            Err("bad date `23.03.2019`: expected YYYY-MM-DD or an RFC 3339 timestamp".into())
        );
        assert!(d("2019-02-30").is_err());
        assert!(d("2019-03-23Tgarbage").is_err());
        let t = |s: &str| parse_timestamp(s).map(|t| t.to_string());
        assert_eq!(t("20190323T120000Z"), Ok("2019-03-23T12:00:00Z".into()));
        assert_eq!(
            t("2019-03-23T12:00:00+06:00"),
            Ok("2019-03-23T06:00:00Z".into())
        );
        assert!(t("20191323T120000Z").is_err());
        assert!(t("yesterday").is_err());
        assert_eq!(parse_position(" 7 "), Ok(7));
        assert!(parse_position("-1").is_err());
        assert_eq!(parse_hash("00000000000000ff", "hash"), Ok(255));
        assert!(parse_hash("xyz", "hash").is_err());
        let mut tags = vec![];
        push_tags(&mut tags, " a ; ;b;");
        assert_eq!(tags, ["a", "b"]);
    }
}
