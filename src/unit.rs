//! The translation unit: a Russian segment, its English segment, and metadata.

use serde::{Deserialize, Serialize};

use crate::text::{collapse, Lang};

/// A publication date (`YYYY-MM-DD`).
pub type Date = jiff::civil::Date;
/// A point in time (RFC 3339).
pub type Timestamp = jiff::Timestamp;

/// A stable unit id: a 64-bit hash of both sides after NFC and whitespace
/// collapsing, shown as 16 hex digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnitId(pub u64);

impl UnitId {
    /// The id of a pair: xxh3-64 of `collapse(ru) NUL collapse(en)`.
    pub fn of(ru: &str, en: &str) -> UnitId {
        let mut key = collapse(ru);
        key.push('\0');
        key.push_str(&collapse(en));
        UnitId(xxhash_rust::xxh3::xxh3_64(key.as_bytes()))
    }

    pub fn parse(s: &str) -> Option<UnitId> {
        if s.len() != 16 {
            return None;
        }
        u64::from_str_radix(s, 16).ok().map(UnitId)
    }
}

impl std::fmt::Display for UnitId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:016x}", self.0)
    }
}

impl Serialize for UnitId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for UnitId {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        UnitId::parse(&s).ok_or_else(|| serde::de::Error::custom("a unit id is 16 hex digits"))
    }
}

/// Everything about a unit except its two segments.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Meta {
    /// Article id or URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub article: Option<String>,
    /// Position of the segment in its article (0-based).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub position: Option<u32>,
    /// Publication date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<Date>,
    /// Where the unit came from: a file, a batch name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub changed: Option<Timestamp>,
    /// Hashes of the neighbouring source segments, for context matches.
    #[serde(default, skip_serializing_if = "Context::is_empty")]
    pub context: Context,
}

/// Hashes ([`segment_hash`]) of the segments before and after a unit in
/// its article, in both languages (either may be the source of a query).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Context {
    #[serde(default, skip_serializing_if = "Option::is_none", with = "hex_opt")]
    pub prev_ru: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none", with = "hex_opt")]
    pub next_ru: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none", with = "hex_opt")]
    pub prev_en: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none", with = "hex_opt")]
    pub next_en: Option<u64>,
}

impl Context {
    pub fn is_empty(&self) -> bool {
        *self == Context::default()
    }

    /// The neighbours of a unit on the `lang` side.
    pub fn neighbours(&self, lang: Lang) -> (Option<u64>, Option<u64>) {
        match lang {
            Lang::Ru => (self.prev_ru, self.next_ru),
            Lang::En => (self.prev_en, self.next_en),
        }
    }
}

/// The hash that context matches compare: xxh3-64 of the raw segment after
/// NFC and whitespace collapsing. The start and the end of an article are
/// neighbours too, hashed as the empty segment.
pub fn segment_hash(text: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(collapse(text).as_bytes())
}

mod hex_opt {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(v: &Option<u64>, s: S) -> Result<S::Ok, S::Error> {
        match v {
            Some(h) => s.collect_str(&format_args!("{h:016x}")),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
        let s = Option::<String>::deserialize(d)?;
        s.map(|s| u64::from_str_radix(&s, 16).map_err(serde::de::Error::custom))
            .transpose()
    }
}

/// A translation unit as stored in a memory.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Unit {
    pub id: UnitId,
    pub ru: String,
    pub en: String,
    #[serde(flatten)]
    pub meta: Meta,
}

impl Unit {
    pub fn new(ru: String, en: String, meta: Meta) -> Unit {
        Unit {
            id: UnitId::of(&ru, &en),
            ru,
            en,
            meta,
        }
    }

    /// The segment in `lang`.
    pub fn side(&self, lang: Lang) -> &str {
        match lang {
            Lang::Ru => &self.ru,
            Lang::En => &self.en,
        }
    }
}

/// Whether a unit passes the filters of `suggest` and `export`.
#[derive(Debug, Clone, Default)]
pub struct UnitFilter {
    pub article: Option<String>,
    pub origin: Option<String>,
    pub since: Option<Date>,
    pub until: Option<Date>,
}

impl UnitFilter {
    pub fn is_empty(&self) -> bool {
        self.article.is_none()
            && self.origin.is_none()
            && self.since.is_none()
            && self.until.is_none()
    }

    pub fn accepts(&self, unit: &Unit) -> bool {
        let meta = &unit.meta;
        if let Some(a) = &self.article {
            if meta.article.as_ref() != Some(a) {
                return false;
            }
        }
        if let Some(o) = &self.origin {
            if meta.origin.as_ref() != Some(o) {
                return false;
            }
        }
        if self.since.is_some() || self.until.is_some() {
            let Some(date) = meta.date else { return false };
            if self.since.is_some_and(|s| date < s) || self.until.is_some_and(|u| date > u) {
                return false;
            }
        }
        true
    }
}
