//! The word diff between a query and a unit's source segment: the alignment
//! of the distance's DP, traced back and grouped into runs with character
//! spans into both texts.

use serde::Serialize;

use super::distance::{substitution_cost2, with_scorer, Scorer};
use super::{EDIT_COST2, STEM_SUBSTITUTION_COST2};
use crate::text::{Analyzed, CharOffsets, Token};

/// What happened to a run of words between the unit and the query.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Op {
    /// The same normalized words.
    Equal,
    /// Same stem, different word (`выборах` / `выборы`).
    Inflected,
    /// Different words in the same place.
    Replaced,
    /// In the query, not in the unit.
    Inserted,
    /// In the unit, not in the query.
    Deleted,
}

/// A range of characters (Unicode scalar values, not bytes) in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

/// One run of consecutive words with the same [`Op`].
///
/// `query` spans the run's words in the query text, `unit` in the unit's
/// source text, from the first word's start to the last word's end. The side
/// without words (`Inserted` has no unit words, `Deleted` no query words) has
/// an empty span where the words would be: right after the previous word on
/// that side, or right before the next one at the start of the text, or 0 when
/// that side has no words at all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Edit {
    pub op: Op,
    pub query: Span,
    pub unit: Span,
}

/// The word diff between a query and a unit's source: runs in text order,
/// covering every word of both (equal runs included).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Diff {
    pub edits: Vec<Edit>,
}

/// One aligned step: a pair of words, or a word on one side only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Step {
    pub op: Op,
    /// Index of the query word, if the step has one.
    pub query: Option<usize>,
    /// Index of the unit word, if the step has one.
    pub unit: Option<usize>,
}

/// An optimal alignment and its doubled distance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Alignment {
    pub d2: u32,
    /// Steps in text order.
    pub steps: Vec<Step>,
}

/// Step codes kept per DP cell: the predecessor the backtrace takes.
const FROM_DIAGONAL: u8 = 0;
const FROM_LEFT: u8 = 1; // a unit word the query lacks: Deleted
const FROM_ABOVE: u8 = 2; // a query word the unit lacks: Inserted

/// A larger step table than this is freed after use instead of kept.
const KEPT_STEP_CELLS: usize = 1 << 20;

fn pair_op(a: &Token, b: &Token) -> Op {
    match substitution_cost2(a, b) {
        0 => Op::Equal,
        STEM_SUBSTITUTION_COST2 => Op::Inflected,
        _ => Op::Replaced,
    }
}

impl Scorer {
    /// An optimal alignment of `q` against `c`, with the tie-break of the
    /// module documentation (see [`super`]).
    ///
    /// Only cells within `|i − j| × 2 ≤ D` can lie on an optimal path, so
    /// the step table holds `(m + 1) × min(D + 1, n + 1)` bytes; the choice
    /// made at every cell of an optimal path is the one the full matrix would
    /// make, so the band never changes the result.
    pub(super) fn align(&mut self, q: &[Token], c: &[Token]) -> Alignment {
        let d2 = self.distance2(q, c);
        let steps = self.trace(q, c, d2).unwrap_or_else(|| naive_steps(q, c));
        if self.steps.capacity() > KEPT_STEP_CELLS {
            self.steps = Vec::new();
        }
        Alignment { d2, steps }
    }

    /// The banded DP with a step table, traced back; `None` only if the table
    /// cannot be allocated.
    fn trace(&mut self, q: &[Token], c: &[Token], d2: u32) -> Option<Vec<Step>> {
        let (m, n) = (q.len(), c.len());
        let band = usize::try_from(d2 / EDIT_COST2).unwrap_or(usize::MAX);
        let width = band.saturating_mul(2).saturating_add(1).min(n + 1);
        // Row i stores columns first(i) .. first(i) + width, which covers the
        // band [i − band, i + band] ∩ [0, n].
        let first = |i: usize| i.saturating_sub(band).min(n + 1 - width);

        let cells = m.checked_add(1)?.checked_mul(width)?;
        self.steps.clear();
        self.steps.try_reserve_exact(cells).ok()?;
        self.steps.resize(cells, FROM_DIAGONAL);
        let (prev, row, table) = (&mut self.prev, &mut self.row, &mut self.steps);
        prev.clear();
        prev.resize(n + 1, u32::MAX);
        row.clear();
        row.resize(n + 1, u32::MAX);

        for j in 0..width {
            prev[j] = super::distance::edits2(j);
            table[j] = FROM_LEFT;
        }
        for (i, qt) in q.iter().enumerate() {
            let i = i + 1;
            let (above_first, lo) = (first(i - 1), first(i));
            let above = above_first..above_first + width;
            for j in lo..lo + width {
                // Preference on equal cost: diagonal, then left, then above.
                let mut best = (u32::MAX, FROM_DIAGONAL);
                if j > 0 && above.contains(&(j - 1)) {
                    let cost = prev[j - 1].saturating_add(substitution_cost2(qt, &c[j - 1]));
                    best = (cost, FROM_DIAGONAL);
                }
                if j > lo {
                    let cost = row[j - 1].saturating_add(EDIT_COST2);
                    if cost < best.0 {
                        best = (cost, FROM_LEFT);
                    }
                }
                if above.contains(&j) {
                    let cost = prev[j].saturating_add(EDIT_COST2);
                    if cost < best.0 {
                        best = (cost, FROM_ABOVE);
                    }
                }
                row[j] = best.0;
                table[i * width + (j - lo)] = best.1;
            }
            std::mem::swap(prev, row);
        }

        let mut steps = Vec::with_capacity(m + n);
        let (mut i, mut j) = (m, n);
        while i > 0 || j > 0 {
            let lo = first(i);
            let code = *table.get(i * width + j.checked_sub(lo)?)?;
            match code {
                FROM_DIAGONAL if i > 0 && j > 0 => {
                    i -= 1;
                    j -= 1;
                    steps.push(Step {
                        op: pair_op(&q[i], &c[j]),
                        query: Some(i),
                        unit: Some(j),
                    });
                }
                FROM_ABOVE if i > 0 => {
                    i -= 1;
                    steps.push(Step {
                        op: Op::Inserted,
                        query: Some(i),
                        unit: None,
                    });
                }
                FROM_LEFT if j > 0 => {
                    j -= 1;
                    steps.push(Step {
                        op: Op::Deleted,
                        query: None,
                        unit: Some(j),
                    });
                }
                _ => return None,
            }
        }
        steps.reverse();
        Some(steps)
    }
}

/// A valid (not necessarily optimal) alignment for when no step table fits in
/// memory: words paired by position, the longer side's rest on its own.
fn naive_steps(q: &[Token], c: &[Token]) -> Vec<Step> {
    let paired = q.iter().zip(c).enumerate().map(|(k, (a, b))| Step {
        op: pair_op(a, b),
        query: Some(k),
        unit: Some(k),
    });
    let inserted = (c.len()..q.len()).map(|k| Step {
        op: Op::Inserted,
        query: Some(k),
        unit: None,
    });
    let deleted = (q.len()..c.len()).map(|k| Step {
        op: Op::Deleted,
        query: None,
        unit: Some(k),
    });
    paired.chain(inserted).chain(deleted).collect()
}

/// One side of the diff: the words of a text and where to put empty spans.
struct Side<'a> {
    tokens: &'a [Token],
    offsets: CharOffsets<'a>,
    /// Index of the next word not yet covered by a run.
    next: usize,
}

impl<'a> Side<'a> {
    fn new(text: &'a Analyzed) -> Self {
        Self {
            tokens: &text.tokens,
            offsets: CharOffsets::new(&text.text),
            next: 0,
        }
    }

    /// The span of words `from..=to`, or of nothing at the current position.
    fn span(&mut self, words: Option<(usize, usize)>) -> Span {
        match words.and_then(|(from, to)| Some((self.tokens.get(from)?, self.tokens.get(to)?, to)))
        {
            Some((first, last, to)) => {
                let start = self.offsets.at(first.start);
                let end = self.offsets.at(last.end).max(start);
                self.next = to + 1;
                Span { start, end }
            }
            None => {
                let at = match self.next.checked_sub(1).and_then(|k| self.tokens.get(k)) {
                    Some(previous) => self.offsets.at(previous.end),
                    None => self
                        .tokens
                        .get(self.next)
                        .map_or(0, |t| self.offsets.at(t.start)),
                };
                Span { start: at, end: at }
            }
        }
    }
}

impl Alignment {
    /// Groups the steps into runs of one op with character spans.
    pub(super) fn to_diff(&self, q: &Analyzed, c: &Analyzed) -> Diff {
        let (mut query, mut unit) = (Side::new(q), Side::new(c));
        let mut edits = Vec::new();
        let mut rest = self.steps.as_slice();
        while let Some(head) = rest.first() {
            let len = rest.iter().take_while(|s| s.op == head.op).count();
            let (run, tail) = rest.split_at(len);
            rest = tail;
            let range = |side: fn(&Step) -> Option<usize>| {
                let mut words = run.iter().filter_map(side);
                let from = words.next()?;
                Some((from, words.next_back().unwrap_or(from)))
            };
            edits.push(Edit {
                op: head.op,
                query: query.span(range(|s| s.query)),
                unit: unit.span(range(|s| s.unit)),
            });
        }
        Diff { edits }
    }
}

/// The word diff between the query `q` and a unit's source `c`: the alignment
/// of the distance's DP, grouped into runs (see [`Edit`] and the tie-break in
/// the module documentation).
pub fn diff(q: &Analyzed, c: &Analyzed) -> Diff {
    with_scorer(|scorer| scorer.align(&q.tokens, &c.tokens)).to_diff(q, c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Lang;
    use proptest::prelude::*;

    /// Builds an analyzed text from whitespace-separated words; a word's stem
    /// is the part before `_` (the `_` and the rest stay in the text).
    fn analyzed(text: &str) -> Analyzed {
        let mut tokens = Vec::new();
        let mut offset = 0;
        for word in text.split(' ') {
            if !word.is_empty() && word.chars().any(char::is_alphanumeric) {
                let norm = word.to_lowercase();
                let stem = norm.split('_').next().unwrap_or_default().to_string();
                tokens.push(Token {
                    number: norm.chars().all(|ch| ch.is_ascii_digit()),
                    norm,
                    stem,
                    start: offset,
                    end: offset + word.len(),
                });
            }
            offset += word.len() + 1;
        }
        Analyzed {
            text: text.to_string(),
            lang: Lang::Ru,
            tokens,
        }
    }

    fn edit(op: Op, query: (usize, usize), unit: (usize, usize)) -> Edit {
        Edit {
            op,
            query: Span {
                start: query.0,
                end: query.1,
            },
            unit: Span {
                start: unit.0,
                end: unit.1,
            },
        }
    }

    #[test]
    fn equal_texts_are_one_equal_run() {
        let q = analyzed("мы в Астане");
        // 11 characters, 20 bytes.
        assert_eq!(q.text.len(), 20);
        assert_eq!(diff(&q, &q).edits, vec![edit(Op::Equal, (0, 11), (0, 11))]);
    }

    #[test]
    fn edits_table() {
        /// An edit as (op, query chars, unit chars).
        type Row = (Op, (usize, usize), (usize, usize));
        // (case, query, unit, edits).
        let cases: &[(&str, &str, &str, &[Row])] = &[
            (
                // query chars: саммит 0..6, в 7..8, Нур-Султан_е 9..21,
                // прошёл 22..28; unit: Нур-Султан 9..19, прошёл 20..26,
                // вчера 27..32.
                "Cyrillic spans count characters, not bytes",
                "саммит в Нур-Султан_е прошёл",
                "саммит в Нур-Султан прошёл вчера",
                &[
                    (Op::Equal, (0, 8), (0, 8)),
                    (Op::Inflected, (9, 21), (9, 19)),
                    (Op::Equal, (22, 28), (20, 26)),
                    (Op::Deleted, (28, 28), (27, 32)),
                ],
            ),
            (
                // города is query chars 5..11; in the unit it would
                // follow "аким" (0..4).
                "an inserted word has an empty unit span after the previous word",
                "аким города Алматы",
                "аким Алматы",
                &[
                    (Op::Equal, (0, 4), (0, 4)),
                    (Op::Inserted, (5, 11), (4, 4)),
                    (Op::Equal, (12, 18), (5, 11)),
                ],
            ),
            (
                "a run at the start is placed before the next word",
                "важно",
                "« Очень важно »",
                &[(Op::Deleted, (0, 0), (2, 7)), (Op::Equal, (0, 5), (8, 13))],
            ),
            (
                "two replacements in a row form one run",
                "a b c d",
                "a x y d",
                &[
                    (Op::Equal, (0, 1), (0, 1)),
                    (Op::Replaced, (2, 5), (2, 5)),
                    (Op::Equal, (6, 7), (6, 7)),
                ],
            ),
            (
                // Tracing back from the end, the diagonal wins: the second
                // "a" of the query pairs with the unit's "a".
                "a repeated word matches the later occurrence",
                "a a",
                "a",
                &[(Op::Inserted, (0, 1), (0, 0)), (Op::Equal, (2, 3), (0, 1))],
            ),
        ];
        for (case, query, unit, edits) in cases {
            let expected: Vec<Edit> = edits.iter().map(|&(op, q, c)| edit(op, q, c)).collect();
            assert_eq!(
                diff(&analyzed(query), &analyzed(unit)).edits,
                expected,
                "{case}"
            );
        }
    }

    #[test]
    fn empty_sides() {
        let empty = analyzed("…");
        let c = analyzed("три слова здесь");
        assert_eq!(diff(&empty, &empty).edits, vec![]);
        assert_eq!(
            diff(&empty, &c).edits,
            vec![edit(Op::Deleted, (0, 0), (0, 15))]
        );
        assert_eq!(
            diff(&c, &empty).edits,
            vec![edit(Op::Inserted, (0, 15), (0, 0))]
        );
    }

    #[test]
    fn bad_token_spans_do_not_panic() {
        let mut q = analyzed("мир");
        q.tokens[0].start = 1; // inside "м"
        q.tokens[0].end = 99; // past the end
        let c = analyzed("мир");
        assert_eq!(diff(&q, &c).edits, vec![edit(Op::Equal, (1, 3), (0, 3))]);
    }

    /// Every optimal alignment found by the full matrix, as the oracle: the
    /// same preference order, with no band.
    fn full_matrix_steps(q: &[Token], c: &[Token]) -> Vec<Step> {
        let (m, n) = (q.len(), c.len());
        let mut v = vec![vec![0u32; n + 1]; m + 1];
        for i in 0..=m {
            for j in 0..=n {
                v[i][j] = if i == 0 {
                    2 * j as u32
                } else if j == 0 {
                    2 * i as u32
                } else {
                    (v[i - 1][j - 1] + substitution_cost2(&q[i - 1], &c[j - 1]))
                        .min(v[i][j - 1] + 2)
                        .min(v[i - 1][j] + 2)
                };
            }
        }
        let (mut i, mut j, mut steps) = (m, n, Vec::new());
        while i > 0 || j > 0 {
            if i > 0
                && j > 0
                && v[i - 1][j - 1] + substitution_cost2(&q[i - 1], &c[j - 1]) == v[i][j]
            {
                i -= 1;
                j -= 1;
                steps.push(Step {
                    op: pair_op(&q[i], &c[j]),
                    query: Some(i),
                    unit: Some(j),
                });
            } else if j > 0 && v[i][j - 1] + 2 == v[i][j] {
                j -= 1;
                steps.push(Step {
                    op: Op::Deleted,
                    query: None,
                    unit: Some(j),
                });
            } else {
                i -= 1;
                steps.push(Step {
                    op: Op::Inserted,
                    query: Some(i),
                    unit: None,
                });
            }
        }
        steps.reverse();
        steps
    }

    fn words_strategy() -> impl Strategy<Value = String> {
        prop::collection::vec(
            prop::sample::select(vec!["а_1", "а_2", "б", "в_1", "в", "г"]),
            0..10,
        )
        .prop_map(|words| words.join(" "))
    }

    proptest! {
        #[test]
        fn banded_alignment_equals_the_full_matrix(q in words_strategy(), c in words_strategy()) {
            let (q, c) = (analyzed(&q), analyzed(&c));
            let alignment = Scorer::new().align(&q.tokens, &c.tokens);
            prop_assert_eq!(alignment.d2, super::super::distance2(&q.tokens, &c.tokens));
            prop_assert_eq!(alignment.steps, full_matrix_steps(&q.tokens, &c.tokens));
        }

        #[test]
        fn runs_cover_every_word_once_in_order(q in words_strategy(), c in words_strategy()) {
            let (q, c) = (analyzed(&q), analyzed(&c));
            let alignment = Scorer::new().align(&q.tokens, &c.tokens);
            let queried: Vec<usize> = alignment.steps.iter().filter_map(|s| s.query).collect();
            let united: Vec<usize> = alignment.steps.iter().filter_map(|s| s.unit).collect();
            prop_assert_eq!(queried, (0..q.tokens.len()).collect::<Vec<_>>());
            prop_assert_eq!(united, (0..c.tokens.len()).collect::<Vec<_>>());
            let edits = diff(&q, &c).edits;
            for pair in edits.windows(2) {
                prop_assert!(pair[0].op != pair[1].op);
                prop_assert!(pair[0].query.end <= pair[1].query.start);
                prop_assert!(pair[0].unit.end <= pair[1].unit.start);
            }
        }
    }
}
