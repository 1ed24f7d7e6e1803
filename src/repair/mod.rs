//! Fuzzy match repair: the names, terms, numbers and dates in which a
//! query differs from a unit's source are replaced in the unit's target,
//! inflected where they stand, so that `Токаев встретился с акимом Алматы
//! в мае` drafts `Назарбаев встретился с акимом Шымкента в июне` from the
//! stored translation of the first.
//!
//! For each run of the word diff that is not equal, the *items* of both
//! sides in it are paired in order by kind: glossary terms (a person, a
//! place, any other term), names the glossary does not know (in their base
//! form, transliterated either way by [`crate::glossary::names`]), numbers,
//! months and weekdays. For each pair, the old
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
mod items;
mod target;

use serde::Serialize;

use crate::glossary::names::{base_name, cyrillize, romanize, unknown_names};
use crate::glossary::{Glossary, TermHit};
use crate::score::{in_target_convention, other_convention, Edit, Op, Span};
use crate::text::{Analyzed, Lang};
use crate::unit::Date;
use calendar::Calendar;
use inflect::{Case, TermKind};
use items::{certain_base, english_base, name_kind};
use target::agree_before;

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
/// and the repaired target for a target change, counted in the target as
/// shown: an inline code is its `{1}`, as in the match's JSON).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    pub old: String,
    pub new: String,
    pub old_span: Span,
    pub new_span: Span,
}

impl Change {
    /// `old → new` as a reader sees it; only the side there is when the
    /// other is empty (an item with no counterpart), never `→ new`.
    pub fn shown(&self) -> String {
        match (self.old.is_empty(), self.new.is_empty()) {
            (true, _) => self.new.clone(),
            (_, true) => self.old.clone(),
            _ => format!("{} → {}", self.old, self.new),
        }
    }
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
        let mut p = self.pair(query, items, source, &differing);
        let (edits, mut explained) = self.plan(&mut p, query, source, target);
        let (out, repairs) = p.apply(edits, &mut explained, query, source, target);
        let complete = p.unrepaired.is_empty()
            && every_word_explained(
                query, source, &differing, &p.q_items, &p.s_items, &explained,
            );
        Some(Outcome {
            target: out,
            repairs,
            unrepaired: p.unrepaired,
            complete,
        })
    }

    /// Pairs the items of each differing run, in order, by kind; an item
    /// left without a partner is unrepaired.
    fn pair(
        &self,
        query: &Analyzed,
        items: &QueryItems,
        source: &Analyzed,
        differing: &[&Edit],
    ) -> Pairing {
        let mut p = Pairing {
            q_items: items.items.clone(),
            s_items: self.items(source),
            pairs: Vec::new(),
            unrepaired: Vec::new(),
        };
        let (q_items, s_items) = (&mut p.q_items, &mut p.s_items);
        let mut q_used = vec![false; q_items.len()];
        let mut s_used = vec![false; s_items.len()];
        for e in differing {
            let mut s_in: Vec<usize> = (0..s_items.len())
                .filter(|&i| !s_used[i] && overlaps(s_items[i].span, e.unit))
                .collect();
            let mut q_in: Vec<usize> = (0..q_items.len())
                .filter(|&j| !q_used[j] && overlaps(q_items[j].span, e.query))
                .collect();
            // A term with no counterpart (`референдума 5 июня 2022 года`)
            // is taken apart into the numbers and dates it holds.
            let lone = |from: &[usize], items: &[Item], to: &[usize], other: &[Item]| {
                from.iter()
                    .copied()
                    .filter(|&i| {
                        items[i].kind == RepairKind::Term
                            && !to.iter().any(|&j| items[i].kind.pairs_with(other[j].kind))
                    })
                    .collect::<Vec<usize>>()
            };
            for i in lone(&s_in, s_items, &q_in, q_items) {
                let inner = self.inner_items(source, &s_items[i]);
                s_used[i] = true;
                s_in.retain(|&k| k != i);
                for item in inner.into_iter().filter(|it| overlaps(it.span, e.unit)) {
                    s_in.push(s_items.len());
                    s_items.push(item);
                    s_used.push(false);
                }
            }
            for j in lone(&q_in, q_items, &s_in, s_items) {
                let inner = self.inner_items(query, &q_items[j]);
                q_used[j] = true;
                q_in.retain(|&k| k != j);
                for item in inner.into_iter().filter(|it| overlaps(it.span, e.query)) {
                    q_in.push(q_items.len());
                    q_items.push(item);
                    q_used.push(false);
                }
            }
            s_in.sort_by_key(|&i| s_items[i].start);
            q_in.sort_by_key(|&j| q_items[j].start);
            for &i in &s_in {
                let partner = q_in
                    .iter()
                    .copied()
                    .find(|&j| !q_used[j] && s_items[i].kind.pairs_with(q_items[j].kind));
                s_used[i] = true;
                match partner {
                    Some(j) => {
                        q_used[j] = true;
                        p.pairs.push((i, j));
                    }
                    None => p.unrepaired.push(Unrepaired {
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
                p.unrepaired.push(Unrepaired {
                    kind: q_items[j].kind,
                    source: change(source, &q_items[j], None, Some(query)),
                    reason: "the unit has nothing of its kind in its place".into(),
                });
            }
        }
        p
    }

    /// The target edits of the pairs whose old item's translation is found
    /// (each occurrence accounted for) and can be shaped like the new one,
    /// with the pairs they explain.
    fn plan(
        &self,
        p: &mut Pairing,
        query: &Analyzed,
        source: &Analyzed,
        target: &Analyzed,
    ) -> (Vec<Planned>, Vec<(usize, usize)>) {
        let Pairing {
            q_items,
            s_items,
            pairs,
            unrepaired,
        } = p;
        let target_hits = if pairs
            .iter()
            .any(|&(i, _)| matches!(s_items[i].key, Key::Concept(_)))
        {
            self.hits(target)
        } else {
            Vec::new()
        };
        // (byte start, byte end, new words, pair)
        let mut edits: Vec<Planned> = Vec::new();
        let mut explained: Vec<(usize, usize)> = Vec::new();
        for &(i, j) in pairs.iter() {
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
        (edits, explained)
    }
}

/// A planned target edit: byte start, byte end, the new words, and the
/// pair (source item, query item) it repairs.
type Planned = (usize, usize, String, (usize, usize));

/// The items of a match's source and of the query, the pairs made of
/// them and what could not be repaired so far.
struct Pairing {
    q_items: Vec<Item>,
    s_items: Vec<Item>,
    pairs: Vec<(usize, usize)>,
    unrepaired: Vec<Unrepaired>,
}

impl Pairing {
    /// Applies the planned edits to the target, refusing overlaps: the
    /// repaired target and its repairs.
    fn apply(
        &mut self,
        mut edits: Vec<Planned>,
        explained: &mut Vec<(usize, usize)>,
        query: &Analyzed,
        source: &Analyzed,
        target: &Analyzed,
    ) -> (String, Vec<Repair>) {
        let (q_items, s_items) = (&self.q_items, &self.s_items);
        // Apply, refusing overlaps.
        edits.sort_by_key(|e| (e.0, e.1));
        let mut kept: Vec<Planned> = Vec::new();
        for e in edits {
            if kept.last().is_some_and(|k| k.1 > e.0) {
                let (i, j) = e.3;
                explained.retain(|&p| p != (i, j));
                self.unrepaired.push(Unrepaired {
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
        // Spans count the characters of the targets as shown, where an
        // inline code is `{1}`: the JSON's texts, the page and the reports.
        for r in &mut repairs {
            let t = &mut r.target;
            t.old_span = shown_span(&target.text, t.old_span);
            t.new_span = shown_span(&out, t.new_span);
        }
        (out, repairs)
    }
}

/// `span` of `text` in the characters of `text` as shown.
fn shown_span(text: &str, span: Span) -> Span {
    Span {
        start: crate::text::inline::shown_offset(text, span.start),
        end: crate::text::inline::shown_offset(text, span.end),
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

#[cfg(test)]
mod tests;
