//! Fuzzy match repair: the names, terms, numbers and dates in which a
//! query differs from a unit's source are replaced in the unit's target,
//! inflected where they stand, so that `Токаев встретился с акимом Алматы
//! в мае` drafts `Назарбаев встретился с акимом Шымкента в июне` from the
//! stored translation of the first.
//!
//! For each run of the word diff that is not equal, the *items* of both
//! sides in it are paired in order by kind: glossary terms (a person, a
//! place, any other term), names the glossary does not know (transliterated
//! into English), numbers, months and weekdays. For each pair, the old
//! item's translation is looked for in the target: through the glossary
//! (the target's own terms, in any inflected form), the number in either
//! decimal convention, the month or weekday in any case, the transliterated
//! name. It is replaced by the new item's translation valid on the text's
//! date ([`inflect`]: into Russian in the case of the old form, into
//! English with its possessive, plural and article).
//!
//! **Never worse.** A pair is repaired only when the old item's translation
//! stands once in the target, or as many times as the source has the old
//! item and every one of those is replaced by the same new item; when the
//! new item has a translation; and when the case of the old form can be
//! told. Otherwise the target is left as it is there and the pair is listed
//! as unrepaired with the reason. Scores never change: repair runs after
//! scoring, on matches below 100 that number adaptation did not complete.
//!
//! **Cost.** Nothing is done for a match of 100 or more, an adapted one, or
//! one whose differing query words hold no item; otherwise the unit's
//! source and target are recognized once each.

pub mod calendar;
pub mod inflect;

use serde::Serialize;

use crate::glossary::names::{romanize, unknown_names};
use crate::glossary::{Glossary, TermHit};
use crate::score::{in_target_convention, other_convention, Edit, Op, Span};
use crate::text::{Analyzed, Lang};
use crate::unit::Date;
use calendar::Calendar;
use inflect::{Case, TermKind};

/// What a repaired item is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RepairKind {
    /// A glossary person.
    Person,
    /// A glossary place.
    Place,
    /// Any other glossary term (bodies, offices, currencies …).
    Term,
    /// A capitalized name the glossary does not know, transliterated.
    Name,
    Number,
    Month,
    Weekday,
}

impl RepairKind {
    pub const ALL: [RepairKind; 7] = [
        RepairKind::Person,
        RepairKind::Place,
        RepairKind::Term,
        RepairKind::Name,
        RepairKind::Number,
        RepairKind::Month,
        RepairKind::Weekday,
    ];

    pub fn name(self) -> &'static str {
        match self {
            RepairKind::Person => "person",
            RepairKind::Place => "place",
            RepairKind::Term => "term",
            RepairKind::Name => "name",
            RepairKind::Number => "number",
            RepairKind::Month => "month",
            RepairKind::Weekday => "weekday",
        }
    }

    /// Whether an item of this kind may stand for one of `other`: the same
    /// kind, or a name the glossary does not know for a person or place.
    fn pairs_with(self, other: RepairKind) -> bool {
        use RepairKind::*;
        self == other
            || matches!(
                (self, other),
                (Name, Person | Place) | (Person | Place, Name)
            )
    }
}

/// One text's words before and after a repair, with their character spans
/// (in the unit's source and the query for a source change, in the stored
/// and the repaired target for a target change).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    pub old: String,
    pub new: String,
    pub old_span: Span,
    pub new_span: Span,
}

/// One replacement made in a match's target.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Repair {
    pub kind: RepairKind,
    /// The item in the unit's source (`old`) and in the query (`new`).
    pub source: Change,
    /// Its translation in the stored target and in the repaired one.
    pub target: Change,
}

/// A difference between the query and the unit's source that holds an
/// item but was left as the memory has it, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unrepaired {
    pub kind: RepairKind,
    /// The item in the unit's source (`old`) and in the query (`new`); an
    /// item with no counterpart has an empty side.
    pub source: Change,
    pub reason: String,
}

/// What repair made of a match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// The target with every repair made.
    pub target: String,
    pub repairs: Vec<Repair>,
    pub unrepaired: Vec<Unrepaired>,
    /// Every word difference between the query and the unit's source was
    /// repaired (or needs no change in the target).
    pub complete: bool,
}

impl QueryItems {
    /// Whether a differing run of `diff` holds a query item: when none
    /// does, there is nothing to repair.
    pub fn touch(&self, diff: &[Edit]) -> bool {
        self.items.iter().any(|item| {
            diff.iter()
                .any(|e| e.op != Op::Equal && overlaps(item.span, e.query))
        })
    }
}

/// Repairs matches against one glossary on one date.
#[derive(Debug, Clone, Copy)]
pub struct Repairer<'a> {
    glossary: &'a Glossary,
    date: Date,
}

/// What an item is, for finding the same item elsewhere.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Key {
    Concept(String),
    Number(String),
    Calendar(Calendar, usize),
    Name(String),
}

/// A name, term, number or date in a text.
#[derive(Debug, Clone)]
struct Item {
    kind: RepairKind,
    key: Key,
    /// Character span in the text.
    span: Span,
    /// Byte span in the text.
    start: usize,
    end: usize,
    hit: Option<TermHit>,
}

/// The items of a query, found once for all its matches.
#[derive(Debug, Clone, Default)]
pub struct QueryItems {
    items: Vec<Item>,
}

/// Where an old item's translation stands in the target.
#[derive(Debug, Clone)]
struct Found {
    /// Byte span in the target.
    start: usize,
    end: usize,
    /// The form of the item the target's language writes in the base
    /// form (a glossary term as written in its row), for reading the case
    /// or possessive of the found form.
    base: String,
    kind: TermKind,
}

/// The translation of a new item into the target's language, in its base
/// form.
#[derive(Debug, Clone)]
struct Translation {
    text: String,
    kind: TermKind,
}

/// Character spans of `tokens` in `text`.
fn char_spans(a: &Analyzed) -> Vec<Span> {
    let mut chars = crate::text::CharOffsets::new(&a.text);
    a.tokens
        .iter()
        .map(|t| Span {
            start: chars.at(t.start),
            end: chars.at(t.end),
        })
        .collect()
}

fn overlaps(a: Span, b: Span) -> bool {
    a.start < b.end && b.start < a.end
}

fn inside(a: Span, outer: Span) -> bool {
    outer.start <= a.start && a.end <= outer.end
}

/// The byte offset of character `at` in `text`.
fn byte_of(text: &str, at: usize) -> usize {
    text.char_indices().nth(at).map_or(text.len(), |(b, _)| b)
}

impl<'a> Repairer<'a> {
    pub fn new(glossary: &'a Glossary, date: Date) -> Self {
        Repairer { glossary, date }
    }

    /// The items of a query (see [`Repairer::repair`]).
    pub fn query_items(&self, query: &Analyzed) -> QueryItems {
        QueryItems {
            items: self.items(query),
        }
    }

    fn hits(&self, a: &Analyzed) -> Vec<TermHit> {
        if self.glossary.is_empty() {
            Vec::new()
        } else {
            self.glossary.recognize_analyzed(a, self.date)
        }
    }

    /// The kind of a glossary row for declension and for reports.
    fn row_kind(&self, row: usize) -> (RepairKind, TermKind) {
        let Some(e) = self.glossary.entries().get(row) else {
            return (RepairKind::Term, TermKind::default());
        };
        let person = e.domain == "person";
        let place = e.domain == "place";
        let kind = TermKind {
            person,
            animate: person || e.domain == "office",
            proper: e.pos == "propn" || person || place,
            place,
        };
        let repair = if person {
            RepairKind::Person
        } else if place {
            RepairKind::Place
        } else {
            RepairKind::Term
        };
        (repair, kind)
    }

    /// The items of `a`: glossary terms, then, among the other words,
    /// numbers, months, weekdays and unknown names; in text order.
    fn items(&self, a: &Analyzed) -> Vec<Item> {
        let spans = char_spans(a);
        let hits = self.hits(a);
        let mut covered = vec![false; a.tokens.len()];
        let mut items = Vec::new();
        let add = |items: &mut Vec<Item>, covered: &mut [bool], kind, key, span: Span, hit| {
            let words: Vec<usize> = (0..spans.len())
                .filter(|&i| inside(spans[i], span))
                .collect();
            let (Some(&first), Some(&last)) = (words.first(), words.last()) else {
                return;
            };
            for &i in &words {
                covered[i] = true;
            }
            items.push(Item {
                kind,
                key,
                span,
                start: a.tokens[first].start,
                end: a.tokens[last].end,
                hit,
            });
        };
        for hit in &hits {
            let row = hit.rows.first().copied().unwrap_or(0);
            let (kind, _) = self.row_kind(row);
            let span = Span {
                start: hit.start,
                end: hit.end,
            };
            let key = Key::Concept(hit.concept.clone());
            add(&mut items, &mut covered, kind, key, span, Some(hit.clone()));
        }
        for (i, token) in a.tokens.iter().enumerate() {
            if covered[i] {
                continue;
            }
            let raw = &a.text[token.start..token.end];
            let (kind, key) = if token.number {
                (RepairKind::Number, Key::Number(token.norm.clone()))
            } else if let Some(w) = calendar::read(&token.norm, raw, a.lang) {
                let kind = match w.calendar {
                    Calendar::Month => RepairKind::Month,
                    Calendar::Weekday => RepairKind::Weekday,
                };
                (kind, Key::Calendar(w.calendar, w.index))
            } else {
                continue;
            };
            add(&mut items, &mut covered, kind, key, spans[i], None);
        }
        for (span, name) in self.names(a, &hits, &covered, &spans) {
            add(
                &mut items,
                &mut covered,
                RepairKind::Name,
                Key::Name(name),
                span,
                None,
            );
        }
        items.sort_by_key(|item| item.start);
        items
    }

    /// Capitalized names no glossary term or other item covers: the
    /// unknown names of [`unknown_names`] in Russian, capitalized Latin
    /// words in English (the first word of the text alone is not one).
    fn names(
        &self,
        a: &Analyzed,
        hits: &[TermHit],
        covered: &[bool],
        spans: &[Span],
    ) -> Vec<(Span, String)> {
        let free = |span: Span| {
            spans
                .iter()
                .zip(covered)
                .all(|(s, &c)| !c || !overlaps(*s, span))
        };
        match a.lang {
            Lang::Ru => unknown_names(a, hits)
                .into_iter()
                .map(|n| {
                    (
                        Span {
                            start: n.start,
                            end: n.end,
                        },
                        crate::text::normalize(&n.text),
                    )
                })
                .filter(|(span, _)| free(*span))
                .collect(),
            Lang::En => {
                let capitalized = |i: usize| {
                    let t = &a.tokens[i];
                    let raw = &a.text[t.start..t.end];
                    let mut letters = raw.chars().filter(|c| c.is_alphabetic());
                    let first = letters.next();
                    !covered[i]
                        && !t.number
                        && first.is_some_and(|c| c.is_ascii_uppercase())
                        && letters.any(|c| c.is_lowercase())
                };
                let mut out = Vec::new();
                let mut i = 0;
                while i < a.tokens.len() {
                    if !capitalized(i) {
                        i += 1;
                        continue;
                    }
                    let first = i;
                    while i + 1 < a.tokens.len()
                        && capitalized(i + 1)
                        && a.text[a.tokens[i].end..a.tokens[i + 1].start]
                            .chars()
                            .all(char::is_whitespace)
                    {
                        i += 1;
                    }
                    let opens_text = first == 0;
                    if !(opens_text && first == i) {
                        let span = Span {
                            start: spans[first].start,
                            end: spans[i].end,
                        };
                        let key = a.tokens[first..=i]
                            .iter()
                            .map(|t| t.norm.trim_end_matches("'s"))
                            .collect::<Vec<_>>()
                            .join(" ");
                        out.push((span, key));
                    }
                    i += 1;
                }
                out
            }
        }
    }

    /// The new item's translation into `lang`, in its base form.
    fn translate(&self, item: &Item) -> Option<Translation> {
        match (&item.hit, item.kind) {
            (Some(hit), _) => {
                let target = hit.targets.first()?;
                let (_, kind) = self.row_kind(target.row);
                Some(Translation {
                    text: target.term.clone(),
                    kind,
                })
            }
            // An unknown name is written as inflected (`Шымкента`): it is
            // transliterated only from its base form, which
            // `glossary::names` does not give yet.
            _ => None,
        }
    }

    /// Where the old item's translation stands in the target.
    fn find(
        &self,
        old: &Item,
        source: &Analyzed,
        target: &Analyzed,
        hits: &[TermHit],
    ) -> Vec<Found> {
        let text = target.text.as_str();
        match &old.key {
            Key::Concept(concept) => hits
                .iter()
                .filter(|h| &h.concept == concept)
                .map(|h| {
                    let row = h.rows.first().copied().unwrap_or(0);
                    Found {
                        start: byte_of(text, h.start),
                        end: byte_of(text, h.end),
                        base: h.term.clone(),
                        kind: self.row_kind(row).1,
                    }
                })
                .collect(),
            Key::Number(norm) => {
                let other = other_convention(norm);
                target
                    .tokens
                    .iter()
                    .filter(|t| {
                        t.number && (&t.norm == norm || other.as_deref() == Some(t.norm.as_str()))
                    })
                    .map(|t| Found {
                        start: t.start,
                        end: t.end,
                        base: text[t.start..t.end].to_string(),
                        kind: TermKind::default(),
                    })
                    .collect()
            }
            Key::Calendar(cal, index) => target
                .tokens
                .iter()
                .filter(|t| {
                    calendar::read(&t.norm, &text[t.start..t.end], target.lang)
                        .is_some_and(|w| w.calendar == *cal && w.index == *index)
                })
                .map(|t| Found {
                    start: t.start,
                    end: t.end,
                    base: text[t.start..t.end].to_string(),
                    kind: TermKind::default(),
                })
                .collect(),
            Key::Name(_) => {
                let Some(written) = source.text.get(old.start..old.end) else {
                    return Vec::new();
                };
                if target.lang != Lang::En {
                    return Vec::new();
                }
                let words: Vec<String> = crate::text::analyze(&romanize(written), Lang::En)
                    .tokens
                    .into_iter()
                    .map(|t| t.norm)
                    .collect();
                find_words(target, &words)
                    .into_iter()
                    .map(|(start, end)| Found {
                        start,
                        end,
                        base: romanize(written),
                        kind: TermKind::default(),
                    })
                    .collect()
            }
        }
    }

    /// The new item's words in the place of `found` in the target, or why
    /// not.
    fn shape(
        &self,
        old: &Item,
        new: &Item,
        query: &Analyzed,
        target: &Analyzed,
        found: &Found,
    ) -> Result<String, String> {
        let text = target.text.as_str();
        let written = &text[found.start..found.end];
        let lang = target.lang;
        let before: Vec<&str> = target
            .tokens
            .iter()
            .filter(|t| t.end <= found.start)
            .map(|t| t.norm.as_str())
            .collect();
        let before = &before[before.len().saturating_sub(2)..];
        let new_written = query.text.get(new.start..new.end).unwrap_or_default();
        match (&old.key, &new.key) {
            (Key::Number(_), Key::Number(_)) => {
                Ok(in_target_convention(new_written, query.lang, written, lang))
            }
            (Key::Calendar(cal, _), Key::Calendar(_, index)) => match lang {
                Lang::En => {
                    let name = calendar::english(*cal, *index).unwrap_or_default();
                    let old_name = calendar::read(&written.to_lowercase(), written, lang)
                        .and_then(|w| calendar::english(w.calendar, w.index))
                        .unwrap_or(written);
                    Ok(inflect::english(written, old_name, name))
                }
                Lang::Ru => {
                    let cases = calendar::read(&crate::text::normalize(written), written, lang)
                        .map(|w| w.cases)
                        .unwrap_or_default();
                    let form = |c: Case| calendar::russian(*cal, *index, c).map(str::to_string);
                    let case = inflect::choose_case(&cases, before, false, form)
                        .ok_or_else(|| format!("the case of «{written}» is ambiguous"))?;
                    let form = calendar::russian(*cal, *index, case).unwrap_or_default();
                    Ok(inflect::capital_like(written, form, form.to_string()))
                }
            },
            _ => {
                let translation = self
                    .translate(new)
                    .ok_or_else(|| format!("no {} translation of «{new_written}»", lang.code()))?;
                match lang {
                    Lang::En => Ok(inflect::english(written, &found.base, &translation.text)),
                    Lang::Ru => {
                        let mut cases = inflect::cases_of(&found.base, found.kind, written);
                        if cases.is_empty() {
                            // The last words alone (`Токаева` of a longer
                            // form the row does not spell).
                            let last = |s: &str| s.rsplit(' ').next().unwrap_or(s).to_string();
                            cases =
                                inflect::cases_of(&last(&found.base), found.kind, &last(written));
                        }
                        if cases.is_empty() {
                            return Err(format!("the case of «{written}» cannot be read"));
                        }
                        let t = &translation;
                        let form = |c: Case| inflect::decline(&t.text, t.kind, c);
                        let case = inflect::choose_case(&cases, before, t.kind.person, form)
                            .ok_or_else(|| format!("the case of «{written}» is ambiguous"))?;
                        let form = inflect::decline(&t.text, t.kind, case)
                            .ok_or_else(|| format!("«{}» cannot be inflected", translation.text))?;
                        Ok(inflect::capital_like(written, &found.base, form))
                    }
                }
            }
        }
    }

    /// Repairs the target of a match of `query` (with its `items`) whose
    /// unit has the source `source` and the target `target`, given their
    /// word diff; `None` when there is nothing to repair (no differing query
    /// word is an item).
    pub fn repair(
        &self,
        query: &Analyzed,
        items: &QueryItems,
        source: &Analyzed,
        target: &Analyzed,
        diff: &[Edit],
    ) -> Option<Outcome> {
        if !items.touch(diff) {
            return None;
        }
        let differing: Vec<&Edit> = diff.iter().filter(|e| e.op != Op::Equal).collect();
        let q_items = &items.items;
        let s_items = self.items(source);

        // Pair the items of each differing run, in order, by kind.
        let mut q_used = vec![false; q_items.len()];
        let mut s_used = vec![false; s_items.len()];
        let mut pairs: Vec<(usize, usize)> = Vec::new();
        let mut unrepaired = Vec::new();
        for e in &differing {
            let s_in: Vec<usize> = (0..s_items.len())
                .filter(|&i| !s_used[i] && overlaps(s_items[i].span, e.unit))
                .collect();
            let q_in: Vec<usize> = (0..q_items.len())
                .filter(|&j| !q_used[j] && overlaps(q_items[j].span, e.query))
                .collect();
            for &i in &s_in {
                let partner = q_in
                    .iter()
                    .copied()
                    .find(|&j| !q_used[j] && s_items[i].kind.pairs_with(q_items[j].kind));
                s_used[i] = true;
                match partner {
                    Some(j) => {
                        q_used[j] = true;
                        pairs.push((i, j));
                    }
                    None => unrepaired.push(Unrepaired {
                        kind: s_items[i].kind,
                        source: change(source, &s_items[i], None, None),
                        reason: "the query has nothing of its kind in its place".into(),
                    }),
                }
            }
            for j in q_in {
                if q_used[j] {
                    continue;
                }
                q_used[j] = true;
                unrepaired.push(Unrepaired {
                    kind: q_items[j].kind,
                    source: change(source, &q_items[j], None, Some(query)),
                    reason: "the unit has nothing of its kind in its place".into(),
                });
            }
        }

        let target_hits = if pairs
            .iter()
            .any(|&(i, _)| matches!(s_items[i].key, Key::Concept(_)))
        {
            self.hits(target)
        } else {
            Vec::new()
        };
        // (byte start, byte end, new words, pair)
        let mut edits: Vec<(usize, usize, String, (usize, usize))> = Vec::new();
        let mut explained: Vec<(usize, usize)> = Vec::new();
        for &(i, j) in &pairs {
            let (old, new) = (&s_items[i], &q_items[j]);
            let refuse = |reason: String| Unrepaired {
                kind: new.kind,
                source: change(source, old, Some((query, new)), None),
                reason,
            };
            let found = self.find(old, source, target, &target_hits);
            let written = source.text.get(old.start..old.end).unwrap_or_default();
            let same_key: Vec<usize> = (0..s_items.len())
                .filter(|&k| s_items[k].key == old.key)
                .collect();
            let replaced_alike = same_key.iter().all(|&k| {
                pairs
                    .iter()
                    .any(|&(pi, pj)| pi == k && q_items[pj].key == new.key)
            });
            let accounted = match found.len() {
                0 => Err(format!("«{written}» is not found in the target")),
                n if !replaced_alike => Err(format!(
                    "the source has «{written}» elsewhere too, and the target has it {n} time{}",
                    if n == 1 { "" } else { "s" }
                )),
                1 => Ok(()),
                n if n == same_key.len() => Ok(()),
                n => Err(format!("«{written}» stands {n} times in the target")),
            };
            if let Err(reason) = accounted {
                unrepaired.push(refuse(reason));
                continue;
            }
            // Each occurrence is replaced once, by the first pair of the key.
            if same_key.first() != Some(&i) {
                explained.push((i, j));
                continue;
            }
            let mut shaped = Vec::with_capacity(found.len());
            for f in &found {
                match self.shape(old, new, query, target, f) {
                    Ok(words) => shaped.push((f.start, f.end, words)),
                    Err(reason) => {
                        unrepaired.push(refuse(reason));
                        shaped.clear();
                        break;
                    }
                }
            }
            if shaped.is_empty() {
                continue;
            }
            explained.push((i, j));
            for (start, end, words) in shaped {
                let (start, words) = agree_before(&target.text, target.lang, start, words);
                if target.text.get(start..end) != Some(words.as_str()) {
                    edits.push((start, end, words, (i, j)));
                }
            }
        }

        // Apply, refusing overlaps.
        edits.sort_by_key(|e| (e.0, e.1));
        let mut kept: Vec<(usize, usize, String, (usize, usize))> = Vec::new();
        for e in edits {
            if kept.last().is_some_and(|k| k.1 > e.0) {
                let (i, j) = e.3;
                explained.retain(|&p| p != (i, j));
                unrepaired.push(Unrepaired {
                    kind: q_items[j].kind,
                    source: change(source, &s_items[i], Some((query, &q_items[j])), None),
                    reason: "its translation overlaps another repair".into(),
                });
                continue;
            }
            kept.push(e);
        }
        let mut out = String::with_capacity(target.text.len() + 16);
        let mut copied = 0;
        let mut repairs = Vec::with_capacity(kept.len());
        let mut old_chars = crate::text::CharOffsets::new(&target.text);
        for (start, end, words, (i, j)) in kept {
            out.push_str(&target.text[copied..start]);
            let new_start = out.chars().count();
            out.push_str(&words);
            let new_end = new_start + words.chars().count();
            copied = end;
            repairs.push(Repair {
                kind: q_items[j].kind,
                source: change(source, &s_items[i], Some((query, &q_items[j])), None),
                target: Change {
                    old: target.text[start..end].to_string(),
                    new: words,
                    old_span: Span {
                        start: old_chars.at(start),
                        end: old_chars.at(end),
                    },
                    new_span: Span {
                        start: new_start,
                        end: new_end,
                    },
                },
            });
        }
        out.push_str(&target.text[copied..]);

        let complete = unrepaired.is_empty()
            && every_word_explained(query, source, &differing, q_items, &s_items, &explained);
        Some(Outcome {
            target: out,
            repairs,
            unrepaired,
            complete,
        })
    }
}

/// Whether every word of every differing run lies in a repaired pair's
/// items.
fn every_word_explained(
    query: &Analyzed,
    source: &Analyzed,
    differing: &[&Edit],
    q_items: &[Item],
    s_items: &[Item],
    explained: &[(usize, usize)],
) -> bool {
    let q_spans = char_spans(query);
    let s_spans = char_spans(source);
    let covered = |word: Span, items: &[Item], pick: &dyn Fn(&(usize, usize)) -> usize| {
        explained.iter().any(|p| inside(word, items[pick(p)].span))
    };
    differing.iter().all(|e| {
        q_spans
            .iter()
            .filter(|w| inside(**w, e.query) && w.end > w.start)
            .all(|w| covered(*w, q_items, &|p| p.1))
            && s_spans
                .iter()
                .filter(|w| inside(**w, e.unit) && w.end > w.start)
                .all(|w| covered(*w, s_items, &|p| p.0))
    })
}

/// A source change: the old item in the unit's source, the new one in the
/// query (either may be missing: an empty side). With `only_query`, `item`
/// is a query item with no unit counterpart.
fn change(
    source: &Analyzed,
    item: &Item,
    new: Option<(&Analyzed, &Item)>,
    only_query: Option<&Analyzed>,
) -> Change {
    let text =
        |a: &Analyzed, it: &Item| a.text.get(it.start..it.end).unwrap_or_default().to_string();
    match only_query {
        Some(query) => Change {
            old: String::new(),
            new: text(query, item),
            old_span: Span { start: 0, end: 0 },
            new_span: item.span,
        },
        None => {
            let (new, new_span) = match new {
                Some((q, it)) => (text(q, it), it.span),
                None => (String::new(), Span { start: 0, end: 0 }),
            };
            Change {
                old: text(source, item),
                new,
                old_span: item.span,
                new_span,
            }
        }
    }
}

/// The byte spans of `words` (normalized) standing consecutively in
/// `target`, the last one possibly with a possessive.
fn find_words(target: &Analyzed, words: &[String]) -> Vec<(usize, usize)> {
    let n = words.len();
    if n == 0 || target.tokens.len() < n {
        return Vec::new();
    }
    (0..=target.tokens.len() - n)
        .filter(|&i| {
            words.iter().enumerate().all(|(k, w)| {
                let norm = target.tokens[i + k].norm.as_str();
                norm == w || (k == n - 1 && norm.strip_suffix("'s") == Some(w.as_str()))
            })
        })
        .map(|i| (target.tokens[i].start, target.tokens[i + n - 1].end))
        .collect()
}

/// The word before the replaced words agrees with the new first word: in
/// English an article (`a` → `an`), in Russian a preposition (`во вторник`
/// → `в пятницу`, `о мае` → `об июне`). Returns the start to replace from
/// and the words to write there.
fn agree_before(text: &str, lang: Lang, start: usize, words: String) -> (usize, String) {
    let before = text[..start].trim_end_matches(' ');
    let gap = &text[before.len()..start];
    let word_start = before
        .char_indices()
        .rev()
        .find(|(_, c)| !c.is_alphabetic())
        .map_or(0, |(i, c)| i + c.len_utf8());
    let word = &before[word_start..];
    if gap.is_empty() || word.is_empty() {
        return (start, words);
    }
    let lower = word.to_lowercase();
    let mut next = words.chars().flat_map(char::to_lowercase);
    let (first, second) = (next.next(), next.next());
    let vowel = |c: Option<char>, vowels: &str| c.is_some_and(|c| vowels.contains(c));
    let wanted = match (lang, lower.as_str()) {
        (Lang::En, "a" | "an") => {
            if vowel(first, "aeiou") {
                "an"
            } else {
                "a"
            }
        }
        (Lang::Ru, "в" | "во") => {
            let cluster = vowel(first, "вф") && !vowel(second, "аеёиоуыэюя");
            if cluster {
                "во"
            } else {
                "в"
            }
        }
        (Lang::Ru, "с" | "со") => {
            let cluster = vowel(first, "сзшж") && !vowel(second, "аеёиоуыэюя");
            if cluster {
                "со"
            } else {
                "с"
            }
        }
        (Lang::Ru, "о" | "об") => {
            if vowel(first, "аиоуыэ") {
                "об"
            } else {
                "о"
            }
        }
        _ => return (start, words),
    };
    if wanted == lower {
        return (start, words);
    }
    let capital = word.chars().next().is_some_and(char::is_uppercase);
    let wanted = inflect::capital_like(if capital { "A" } else { "a" }, "a", wanted.to_string());
    (word_start, format!("{wanted}{gap}{words}"))
}

#[cfg(test)]
mod tests;
