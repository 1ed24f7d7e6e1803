//! The translation unit: a Russian segment, its English segment, and metadata.

use serde::{Deserialize, Serialize};

use crate::text::inline::{show, strip, unshow};
use crate::text::{collapse, CodeKind, Lang};

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
        UnitId::of_tagged(ru, en, &Inline::default())
    }

    /// The id of a pair with inline codes: the placeholders count where
    /// they stand, and the codes' XML follows, each after a NUL (so a pair
    /// without codes has the id of [`UnitId::of`]).
    pub fn of_tagged(ru: &str, en: &str, inline: &Inline) -> UnitId {
        let mut key = collapse(ru);
        key.push('\0');
        key.push_str(&collapse(en));
        for code in inline.ru.iter().chain(&inline.en) {
            key.push('\0');
            key.push_str(&code.xml);
        }
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
    /// The inline codes (tags) whose placeholders the two segments hold.
    #[serde(default, skip_serializing_if = "Inline::is_empty")]
    pub inline: Inline,
    /// The other places the same pair stands (another article, or another
    /// position in this one), beyond the one above: see [`Unit::places`].
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub occurrences: Vec<Occurrence>,
}

/// One inline code of a segment (a tag of a CAT tool's TMX): its
/// placeholder in the text is [`crate::text::inline::placeholder`]`(kind, n)`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InlineCode {
    pub kind: CodeKind,
    /// Its number in the segment, from 1 (a pair shares one).
    pub n: u32,
    /// The TMX element as it stood in the file: a whole `<bpt>`, `<ept>`,
    /// `<ph>`, `<it>`, `<ut>` with its content, the start or end tag of a
    /// `<hi>`, or an empty element.
    pub xml: String,
}

impl InlineCode {
    /// The element's name (`bpt`, `hi`, …).
    pub fn element(&self) -> &str {
        let name = self.xml.trim_start_matches(['<', '/']);
        let end = name
            .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
            .unwrap_or(name.len());
        &name[..end]
    }

    /// The native code the element carries, as escaped XML content: the
    /// content of a `<bpt>`, `<ept>`, `<ph>`, `<it>` or `<ut>`, else the
    /// tag itself escaped (`&lt;hi type="b"&gt;`).
    pub fn native(&self) -> String {
        let whole = matches!(self.element(), "bpt" | "ept" | "ph" | "it" | "ut");
        if whole && !self.xml.ends_with("/>") {
            let start = self.xml.find('>').map_or(0, |i| i + 1);
            let end = self.xml.rfind("</").unwrap_or(self.xml.len()).max(start);
            return self.xml[start..end].to_string();
        }
        if whole {
            return String::new();
        }
        self.xml
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    }
}

/// The inline codes of a unit's two segments, in order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Inline {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ru: Vec<InlineCode>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub en: Vec<InlineCode>,
}

impl Inline {
    pub fn is_empty(&self) -> bool {
        self.ru.is_empty() && self.en.is_empty()
    }

    /// The codes of the `lang` segment.
    pub fn side(&self, lang: Lang) -> &[InlineCode] {
        match lang {
            Lang::Ru => &self.ru,
            Lang::En => &self.en,
        }
    }

    /// The code a placeholder of the `lang` segment stands for.
    pub fn code(&self, lang: Lang, kind: CodeKind, n: u32) -> Option<&InlineCode> {
        self.side(lang).iter().find(|c| c.kind == kind && c.n == n)
    }
}

/// One more place a unit stands: an article, the position there, the
/// article's date and the neighbouring segments.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Occurrence {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub article: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub position: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<Date>,
    #[serde(default, skip_serializing_if = "Context::is_empty")]
    pub context: Context,
}

impl Occurrence {
    pub fn place(&self) -> Place<'_> {
        Place {
            article: self.article.as_deref(),
            position: self.position,
            date: self.date,
            context: &self.context,
        }
    }
}

/// A place a unit stands, borrowed from it: its own (the unit's article,
/// position, date and context) or one of its [`Meta::occurrences`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Place<'a> {
    pub article: Option<&'a str>,
    pub position: Option<u32>,
    pub date: Option<Date>,
    pub context: &'a Context,
}

impl Place<'_> {
    /// What tells two places of the same pair apart: the article and the
    /// position (a pair again at a known place is unchanged).
    pub fn key(&self, id: UnitId) -> u64 {
        let mut key = id.0.to_le_bytes().to_vec();
        if let Some(article) = self.article {
            key.push(1);
            key.extend_from_slice(article.as_bytes());
        }
        key.push(0);
        if let Some(position) = self.position {
            key.extend_from_slice(&position.to_le_bytes());
        }
        xxhash_rust::xxh3::xxh3_64(&key)
    }

    pub fn to_occurrence(self) -> Occurrence {
        Occurrence {
            article: self.article.map(str::to_string),
            position: self.position,
            date: self.date,
            context: *self.context,
        }
    }
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
/// NFC and whitespace collapsing, without the placeholders of its inline
/// codes. The start and the end of an article are neighbours too, hashed
/// as the empty segment.
pub fn segment_hash(text: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(collapse(&strip(text)).as_bytes())
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

/// A translation unit as stored in a memory. The segments hold the
/// placeholders of their inline codes ([`Meta::inline`]); serialized
/// (stored, exported as JSONL, in JSON output), they show them numbered
/// (`{1}`, `{/1}`, `{2/}`: [`crate::text::inline`]), and read back with
/// their codes.
#[derive(Debug, Clone, PartialEq)]
pub struct Unit {
    pub id: UnitId,
    pub ru: String,
    pub en: String,
    pub meta: Meta,
}

/// How a [`Unit`] is serialized.
#[derive(Serialize)]
struct UnitOut<'a> {
    id: UnitId,
    ru: std::borrow::Cow<'a, str>,
    en: std::borrow::Cow<'a, str>,
    #[serde(flatten)]
    meta: &'a Meta,
}

/// How a [`Unit`] is read back.
#[derive(Deserialize)]
struct UnitIn {
    id: UnitId,
    ru: String,
    en: String,
    #[serde(flatten)]
    meta: Meta,
}

impl Serialize for Unit {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        UnitOut {
            id: self.id,
            ru: show(&self.ru),
            en: show(&self.en),
            meta: &self.meta,
        }
        .serialize(s)
    }
}

impl<'de> Deserialize<'de> for Unit {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let UnitIn { id, ru, en, meta } = UnitIn::deserialize(d)?;
        let text = |shown: String, lang: Lang| {
            if meta.inline.side(lang).is_empty() {
                shown
            } else {
                unshow(&shown, |kind, n| meta.inline.code(lang, kind, n).is_some())
            }
        };
        Ok(Unit {
            id,
            ru: text(ru, Lang::Ru),
            en: text(en, Lang::En),
            meta,
        })
    }
}

impl Unit {
    pub fn new(ru: String, en: String, meta: Meta) -> Unit {
        Unit {
            id: UnitId::of_tagged(&ru, &en, &meta.inline),
            ru,
            en,
            meta,
        }
    }

    /// The segment in `lang` without the placeholders of its inline codes:
    /// what the score, the diff and the index see.
    pub fn plain(&self, lang: Lang) -> std::borrow::Cow<'_, str> {
        strip(self.side(lang))
    }

    /// The segment in `lang`.
    pub fn side(&self, lang: Lang) -> &str {
        match lang {
            Lang::Ru => &self.ru,
            Lang::En => &self.en,
        }
    }

    /// Every place the unit stands: its own first, then its
    /// [`Meta::occurrences`] in order.
    pub fn places(&self) -> impl Iterator<Item = Place<'_>> {
        std::iter::once(self.place()).chain(self.meta.occurrences.iter().map(Occurrence::place))
    }

    /// The unit's own place: its article, position, date and context.
    pub fn place(&self) -> Place<'_> {
        let meta = &self.meta;
        Place {
            article: meta.article.as_deref(),
            position: meta.position,
            date: meta.date,
            context: &meta.context,
        }
    }

    /// The unit as it stands at its `index`th place ([`Unit::places`]):
    /// that place's article, position, date and context are the unit's
    /// own, the others (its own first) its occurrences.
    pub fn at(&self, index: usize) -> Unit {
        let mut unit = self.clone();
        if index == 0 || index > unit.meta.occurrences.len() {
            return unit;
        }
        let place = unit.meta.occurrences.remove(index - 1);
        let meta = &mut unit.meta;
        let own = Occurrence {
            article: std::mem::replace(&mut meta.article, place.article),
            position: std::mem::replace(&mut meta.position, place.position),
            date: std::mem::replace(&mut meta.date, place.date),
            context: std::mem::replace(&mut meta.context, place.context),
        };
        meta.occurrences.insert(0, own);
        unit
    }

    /// The unit at its `index`th place alone, without its other places:
    /// one record of an export.
    pub fn only_at(&self, index: usize) -> Unit {
        let mut unit = self.at(index);
        unit.meta.occurrences.clear();
        unit
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

    /// Whether the unit passes: its origin, and one of its places for
    /// the article and the dates.
    pub fn accepts(&self, unit: &Unit) -> bool {
        self.accepts_origin(unit) && unit.places().any(|p| self.accepts_place(&p))
    }

    /// Whether the unit's origin passes (the place filters aside).
    pub fn accepts_origin(&self, unit: &Unit) -> bool {
        self.origin
            .as_ref()
            .is_none_or(|o| unit.meta.origin.as_ref() == Some(o))
    }

    /// The place of `unit` to show for this filter ([`Unit::places`]): the
    /// most recent one that passes (undated last, the first of equals);
    /// `None` when the unit does not pass.
    pub fn best_place(&self, unit: &Unit) -> Option<usize> {
        if !self.accepts_origin(unit) {
            return None;
        }
        let mut best: Option<(usize, Option<Date>)> = None;
        for (i, place) in unit.places().enumerate() {
            if !self.accepts_place(&place) {
                continue;
            }
            let newer = match best {
                None => true,
                Some((_, date)) => place.date.is_some() && place.date > date,
            };
            if newer {
                best = Some((i, place.date));
            }
        }
        best.map(|(i, _)| i)
    }

    /// Whether one place of a unit passes the article and date filters.
    pub fn accepts_place(&self, place: &Place<'_>) -> bool {
        if let Some(a) = &self.article {
            if place.article != Some(a.as_str()) {
                return false;
            }
        }
        if self.since.is_some() || self.until.is_some() {
            let Some(date) = place.date else { return false };
            if self.since.is_some_and(|s| date < s) || self.until.is_some_and(|u| date > u) {
                return false;
            }
        }
        true
    }
}

/// Where a sentence entry stands in its paragraph unit: a unit whose
/// source holds several sentences is aligned at import
/// (`crate::paragraph`), and each confident bead is kept as a *sentence
/// entry* whose match drafts the aligned sentences.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SentenceOf {
    /// The paragraph unit.
    pub unit: UnitId,
    /// The bead's index in the unit's alignment (from 0): consecutive
    /// entries of a unit have consecutive beads.
    pub bead: u32,
    /// The Russian sentences of the bead (0-based, end excluded) and how
    /// many the unit's Russian side has.
    pub ru: std::ops::Range<u32>,
    pub ru_sentences: u32,
    /// The English sentences, likewise.
    pub en: std::ops::Range<u32>,
    pub en_sentences: u32,
    /// The aligner's confidence in the bead (its posterior probability).
    pub confidence: f32,
    /// A *sentence key* rather than an entry: one sentence of the unit's
    /// side in this language (`ru` or `en`, the other range empty),
    /// indexed for this language only and with no draft, whatever the
    /// alignment's confidence, so that paragraph matching finds every
    /// sentence of the unit (`crate::paragraph::sentence_entries`). A key's
    /// match is never shown; `bead` is the sentence's index.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<Lang>,
}

impl SentenceOf {
    /// Whether this is a sentence key of a language (never shown as a
    /// match) rather than a sentence entry.
    pub fn is_key(&self) -> bool {
        self.key.is_some()
    }

    /// The sentences of the `lang` side and how many that side has.
    pub fn side(&self, lang: Lang) -> (&std::ops::Range<u32>, u32) {
        match lang {
            Lang::Ru => (&self.ru, self.ru_sentences),
            Lang::En => (&self.en, self.en_sentences),
        }
    }
}

/// A sentence entry as the memory stores it: the aligned sentences as a
/// unit of their own (its id the hash of its sides) standing at the
/// paragraph unit's first place (without context: a sentence has no
/// neighbouring units), and where it stands in the paragraph.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SentenceEntry {
    pub sentence: Unit,
    pub of: SentenceOf,
}

/// Links consecutive units of the same article as each other's context.
/// Units without an article, or with an explicit context, are left alone;
/// the first and last segments of an article have the empty segment as
/// their outer neighbour. Push units in article order; each comes back,
/// linked, once its successor is known (the last one from `finish`).
#[derive(Default)]
pub struct ContextLinker {
    /// The last unit pushed, with the hashes of its sides when it has an
    /// article (each side is hashed once, for both of its neighbours).
    pending: Option<(Unit, Option<SideHashes>)>,
}

/// [`segment_hash`] of a unit's Russian and English sides.
type SideHashes = (u64, u64);

impl ContextLinker {
    pub fn push(&mut self, mut unit: Unit) -> Option<Unit> {
        let hashes = linkable(&unit).then(|| side_hashes(&unit));
        let mut done = self.pending.take();
        if let Some((prev, prev_hashes)) = done.as_mut() {
            if neighbours(prev, &unit) {
                link_next(prev, hashes);
                link_prev(&mut unit, *prev_hashes);
            } else {
                link_next(prev, None);
                link_prev(&mut unit, None);
            }
        } else {
            link_prev(&mut unit, None);
        }
        self.pending = Some((unit, hashes));
        done.map(|(unit, _)| unit)
    }

    pub fn finish(&mut self) -> Option<Unit> {
        let (mut last, _) = self.pending.take()?;
        link_next(&mut last, None);
        Some(last)
    }
}

fn side_hashes(unit: &Unit) -> SideHashes {
    (
        segment_hash(unit.side(Lang::Ru)),
        segment_hash(unit.side(Lang::En)),
    )
}

/// The hashes of a neighbour, or of the empty segment at an article's end.
fn or_empty(hashes: Option<SideHashes>) -> SideHashes {
    hashes.unwrap_or_else(|| (segment_hash(""), segment_hash("")))
}

fn neighbours(a: &Unit, b: &Unit) -> bool {
    a.meta.article.is_some()
        && a.meta.article == b.meta.article
        && match (a.meta.position, b.meta.position) {
            (Some(p), Some(q)) => p.checked_add(1) == Some(q),
            _ => true,
        }
}

fn linkable(unit: &Unit) -> bool {
    unit.meta.article.is_some()
}

fn link_prev(unit: &mut Unit, prev: Option<SideHashes>) {
    if !linkable(unit) || unit.meta.context.prev_ru.is_some() || unit.meta.context.prev_en.is_some()
    {
        return;
    }
    let (ru, en) = or_empty(prev);
    let Context {
        prev_ru, prev_en, ..
    } = &mut unit.meta.context;
    *prev_ru = Some(ru);
    *prev_en = Some(en);
}

fn link_next(unit: &mut Unit, next: Option<SideHashes>) {
    if !linkable(unit) || unit.meta.context.next_ru.is_some() || unit.meta.context.next_en.is_some()
    {
        return;
    }
    let (ru, en) = or_empty(next);
    let Context {
        next_ru, next_en, ..
    } = &mut unit.meta.context;
    *next_ru = Some(ru);
    *next_en = Some(en);
}
