//! The items a repair knows in a text: glossary terms and names (known or
//! unverified), numbers, months and weekdays, each with its span and key.

use super::*;

impl<'a> Repairer<'a> {
    pub(super) fn hits(&self, a: &Analyzed) -> Vec<TermHit> {
        if self.glossary.is_empty() {
            Vec::new()
        } else {
            self.glossary.recognize_analyzed(a, self.date)
        }
    }

    /// The kind of a glossary row for declension and for reports.
    pub(super) fn row_kind(&self, row: usize) -> (RepairKind, TermKind) {
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
    pub(super) fn items(&self, a: &Analyzed) -> Vec<Item> {
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
            if let Some((kind, key)) = word_item(a, token) {
                add(&mut items, &mut covered, kind, key, spans[i], None);
            }
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

    /// The numbers, months and weekdays inside a glossary term's words.
    pub(super) fn inner_items(&self, a: &Analyzed, term: &Item) -> Vec<Item> {
        let spans = char_spans(a);
        a.tokens
            .iter()
            .zip(spans)
            .filter(|(t, _)| term.start <= t.start && t.end <= term.end)
            .filter_map(|(t, span)| {
                let (kind, key) = word_item(a, t)?;
                Some(Item {
                    kind,
                    key,
                    span,
                    start: t.start,
                    end: t.end,
                    hit: None,
                })
            })
            .collect()
    }

    /// Capitalized names no glossary term or other item covers: the
    /// unknown names of [`unknown_names`] in Russian, capitalized Latin
    /// words in English (the first word of the text alone is not one).
    pub(super) fn names(
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
                        crate::text::normalize(&base_name(&n.text)),
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
}

/// A number, month or weekday word of `a`.
pub(super) fn word_item(a: &Analyzed, token: &crate::text::Token) -> Option<(RepairKind, Key)> {
    if token.number {
        return Some((RepairKind::Number, Key::Number(token.norm.clone())));
    }
    let w = calendar::read(&token.norm, &a.text[token.start..token.end], a.lang)?;
    let kind = match w.calendar {
        Calendar::Month => RepairKind::Month,
        Calendar::Weekday => RepairKind::Weekday,
    };
    Some((kind, Key::Calendar(w.calendar, w.index)))
}

/// The base form of an unknown Russian name, when it is certain: one the
/// name's spelling rules changed (`Жумабековым` → `Жумабеков`), or one that
/// ends as no case form does. `Шымкента` may be the genitive of
/// `Шымкент` or a nominative like `Астана`: no base form, no repair.
pub(super) fn certain_base(written: &str) -> Option<String> {
    let base = base_name(written);
    if base != written {
        return Some(base);
    }
    let last = written.rsplit(' ').next().unwrap_or(written).to_lowercase();
    let inflected = [
        "а", "я", "у", "ю", "е", "ы", "и", "ой", "ом", "ем", "ым", "ей",
    ]
    .iter()
    .any(|e| last.ends_with(e));
    (!inflected).then_some(base)
}

/// An English name without its possessive (`Zhumabekov's`).
pub(super) fn english_base(name: &str) -> &str {
    name.strip_suffix("'s")
        .or_else(|| name.strip_suffix("’s"))
        .unwrap_or(name)
}

/// How a Russian name declines: a surname's paradigm when its last word
/// ends like one (`-ов`, `-ев`, `-ин`, `-ова` …), else a place's.
pub(super) fn name_kind(name: &str) -> TermKind {
    let last = name.rsplit(' ').next().unwrap_or(name).to_lowercase();
    let person = ["ов", "ев", "ин", "ын", "ова", "ева", "ина", "ына"]
        .iter()
        .any(|e| last.ends_with(e));
    TermKind {
        person,
        animate: person,
        proper: true,
        place: !person,
    }
}
