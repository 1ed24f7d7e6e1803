//! Pretranslation (SPEC §5 `pretranslate`): a bilingual draft of a text,
//! each segment with the best match of the memory at or above a threshold
//! as its draft translation (numbers adapted where the score rules allow),
//! the glossary terms it contains, and the segments without a match left
//! for the translator.
//!
//! The state of a draft segment follows Trados Studio's pretranslation:
//! a match of 100 or 101 is *translated* ([`DraftState::Exact`]), a lower
//! one is a *draft* to review ([`DraftState::Fuzzy`]), and a segment with no
//! match stays *new* ([`DraftState::New`]), with no target. A target the
//! translator wrote or edited (the page's drafts, sent with
//! `/api/pretranslate`) is the translator's own: *confirmed* when they
//! confirmed it (Trados' "Translated" confirmation level), else *edited*, a
//! draft still to review; neither claims to be a memory match.

use serde::Serialize;

use crate::formats::{XliffCandidate, XliffMerge, XliffSegment, XliffState, XliffTerm};
use crate::glossary::Glossary;
use crate::memory::Snapshot;
use crate::repair::Repairer;
use crate::score::{CONTEXT_MATCH, EXACT_MATCH};
use crate::suggest::{
    best, best_score, joined, joins, paragraphs, queries, repair_matches, scored, Match, Query,
    SuggestError, SuggestOptions,
};
use crate::text::Lang;
use crate::unit::{Date, UnitFilter};

/// The default of `--min-score` for pretranslation: below 75 a fuzzy
/// match costs a translator more than it saves (the lowest band CAT tools
/// pretranslate by default).
pub const DEFAULT_MIN_SCORE: u8 = 75;

/// How to pretranslate (a checked configuration).
#[derive(Debug, Clone)]
pub struct PretranslateOptions {
    pub min_score: u8,
    /// Matches kept per segment (the first is the draft; all are offered
    /// as candidates in XLIFF).
    pub limit: usize,
    pub filter: UnitFilter,
    /// Draft a run of segments from a paragraph match when it beats
    /// their own drafts ([`joins`]): the run becomes one segment.
    pub join_paragraphs: bool,
}

impl Default for PretranslateOptions {
    fn default() -> Self {
        PretranslateOptions {
            min_score: DEFAULT_MIN_SCORE,
            limit: 1,
            filter: UnitFilter::default(),
            join_paragraphs: false,
        }
    }
}

/// A glossary term found in a source segment, with the target term to use.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TermNote {
    /// The term as it stands in the segment.
    pub source: String,
    /// The target term the glossary requires.
    pub target: String,
    /// `preferred`, `admitted`, `deprecated` or `forbidden`.
    pub status: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Finds the glossary terms of a source segment (in `Lang`).
///
/// The CLI passes [`glossary_terms`] over the workspace glossary (or
/// [`no_terms`] with `--no-glossary`); the writers carry whatever a finder
/// returns (XLIFF 2.0 `<gls:glossary>`, XLIFF 1.2 `<note>`, a TSV
/// column, a Markdown line).
pub type TermFinder<'a> = &'a (dyn Fn(&str, Lang) -> Vec<TermNote> + Sync);

/// A [`TermFinder`] that finds nothing.
pub fn no_terms(_: &str, _: Lang) -> Vec<TermNote> {
    Vec::new()
}

/// The glossary terms of a segment on `date`, each with its best target
/// term on that date; the note joins the target's note and what is wrong
/// with the source term as used (forbidden, deprecated, out of date). Hits
/// with no target valid on the date are left out: there is nothing to use.
pub fn glossary_terms(glossary: &Glossary, text: &str, lang: Lang, date: Date) -> Vec<TermNote> {
    glossary
        .recognize(text, lang, date)
        .into_iter()
        .filter_map(|hit| {
            let target = hit.targets.first()?;
            let note: Vec<&str> = std::iter::once(target.note.as_str())
                .chain(hit.flags.iter().map(|f| f.message.as_str()))
                .filter(|n| !n.is_empty())
                .collect();
            Some(TermNote {
                source: hit.text.clone(),
                target: target.term.clone(),
                status: target.status.name().to_string(),
                note: (!note.is_empty()).then(|| note.join("; ")),
            })
        })
        .collect()
}

/// How far a draft segment is from done.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DraftState {
    /// A match of 100 or 101: translated.
    Exact,
    /// A fuzzy or adapted match: a draft to review.
    Fuzzy,
    /// No match at or above the threshold: to translate.
    New,
    /// The translator's own target, confirmed: translated.
    Confirmed,
    /// The translator's own target, not confirmed yet: to review.
    Edited,
}

/// One segment of the draft.
#[derive(Debug, Clone, Serialize)]
pub struct DraftSegment {
    /// 1-based segment number (of the first, for joined segments).
    pub id: usize,
    /// How many of the text's segments this one is: more than one when a
    /// paragraph match joined them (`join_paragraphs`), its source their
    /// texts joined by a space and its draft the paragraph unit's target.
    #[serde(skip_serializing_if = "is_one")]
    pub segments: usize,
    pub paragraph: usize,
    /// Character range of the segment in the text.
    pub start: usize,
    pub end: usize,
    pub source: String,
    /// The draft translation: the best match's target, adapted if possible,
    /// its inline codes in place (shown as `{1}`, `{/1}`, `{2/}`).
    #[serde(serialize_with = "crate::text::inline::serialize_shown_opt")]
    pub target: Option<String>,
    pub state: DraftState,
    /// The best matches, best first; empty for a new segment.
    pub matches: Vec<Match>,
    pub terms: Vec<TermNote>,
    /// Its part in a run of the text's segments that the translator
    /// translated as one (a paragraph match taken over them in the page):
    /// unlike `segments`, the run's segments stay segments of their own.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub merged: Option<Merged>,
}

/// A segment's part in a run of segments one target translates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Merged {
    /// The run's first segment: its target translates this many segments.
    Head(usize),
    /// A later segment of the run: its translation is in this segment's
    /// target (the run's first); its own target is empty.
    CoveredBy(usize),
}

/// A bilingual draft of a whole text.
#[derive(Debug, Clone, Serialize)]
pub struct Draft {
    /// The file the text came from.
    pub original: String,
    pub source_lang: Lang,
    pub target_lang: Lang,
    /// The memory the matches came from.
    pub memory: String,
    pub min_score: u8,
    pub segments: Vec<DraftSegment>,
}

impl Draft {
    /// How many segments are in `state`.
    pub fn count(&self, state: DraftState) -> usize {
        self.segments.iter().filter(|x| x.state == state).count()
    }
}

/// What a draft is made from besides the text.
pub struct DraftSource<'a> {
    /// The file name the draft names as its original.
    pub original: &'a str,
    /// The memory, shown as the origin of every match.
    pub memory: &'a str,
    pub lang: Lang,
}

/// Segments `text` and drafts each segment from `snapshot`, the matches
/// repaired by `repairer` when given ([`crate::repair`]).
pub fn pretranslate(
    snapshot: &Snapshot,
    text: &str,
    source: DraftSource<'_>,
    opts: &PretranslateOptions,
    terms: TermFinder<'_>,
    repairer: Option<&Repairer<'_>>,
) -> Result<Draft, SuggestError> {
    let lang = source.lang;
    let queries = queries(text, lang);
    let suggest_opts = SuggestOptions {
        limit: opts.limit.max(1),
        min_score: opts.min_score,
        exhaustive: false,
        filter: opts.filter.clone(),
    };
    // `suggest`, with the paragraph matches read off the whole lists.
    let lists = scored(snapshot, &queries, &suggest_opts)?;
    let runs = if opts.join_paragraphs {
        let paragraph_matches = paragraphs(snapshot, &queries, &lists, &suggest_opts)?;
        let best_scores: Vec<Option<u8>> = lists.iter().map(|ms| best_score(ms)).collect();
        joins(&queries, &best_scores, &paragraph_matches, |_| false)
    } else {
        Vec::new()
    };
    let mut found: Vec<Vec<Match>> = lists
        .into_iter()
        .map(|ms| best(ms, suggest_opts.limit))
        .collect();
    let mut runs = runs.into_iter().peekable();
    let mut segments = Vec::with_capacity(queries.len());
    let mut i = 0;
    while i < queries.len() {
        let query = &queries[i];
        let draft = match runs.next_if(|run| run.start == i) {
            Some(run) => {
                let n = run.found.segments;
                let mut matches = vec![run.found.found];
                if let Some(repairer) = repairer {
                    repair_matches(repairer, &joined(&queries[i..i + n]), &mut matches);
                }
                let end = queries[i + n - 1].end;
                draft_segment(i, n, query, end, run.found.text, matches, terms)
            }
            None => {
                let mut matches = std::mem::take(&mut found[i]);
                if let Some(repairer) = repairer {
                    repair_matches(repairer, query, &mut matches);
                }
                let source = query.analyzed.text.clone();
                draft_segment(i, 1, query, query.end, source, matches, terms)
            }
        };
        i += draft.segments;
        segments.push(draft);
    }
    Ok(Draft {
        original: source.original.to_string(),
        source_lang: lang,
        target_lang: lang.other(),
        memory: source.memory.to_string(),
        min_score: opts.min_score,
        segments,
    })
}

/// The draft segment of `n` segments from the `i`th (0-based), `query`,
/// to character `end`: `source` drafted from the best of `matches`.
fn draft_segment(
    i: usize,
    n: usize,
    query: &Query,
    end: usize,
    source: String,
    matches: Vec<Match>,
    terms: TermFinder<'_>,
) -> DraftSegment {
    let (target, state) = match matches.first() {
        Some(best) if best.score >= EXACT_MATCH => (Some(best.target.clone()), DraftState::Exact),
        Some(best) => (Some(best.target.clone()), DraftState::Fuzzy),
        None => (None, DraftState::New),
    };
    DraftSegment {
        id: i + 1,
        segments: n,
        paragraph: query.paragraph,
        start: query.start,
        end,
        terms: terms(&source, query.analyzed.lang),
        source,
        target,
        state,
        matches,
        merged: None,
    }
}

fn is_one(n: &usize) -> bool {
    *n == 1
}

/// What repair did to a draft's match, for the translator: `repaired:
/// Almaty → Shymkent (place), May → June (month); left: … (reason)`.
pub fn repair_note(m: &Match) -> Option<String> {
    let mut parts = Vec::new();
    if !m.repairs.is_empty() {
        let made: Vec<String> = m
            .repairs
            .iter()
            .map(|r| format!("{} → {} ({})", r.target.old, r.target.new, r.kind.name()))
            .collect();
        let done = if m.complete { ", complete" } else { "" };
        parts.push(format!("repaired{done}: {}", made.join(", ")));
    }
    if !m.unrepaired.is_empty() {
        let left: Vec<String> = m
            .unrepaired
            .iter()
            .map(|u| format!("{} ({})", u.source.shown(), u.reason))
            .collect();
        parts.push(format!("not repaired: {}", left.join(", ")));
    }
    (!parts.is_empty()).then(|| parts.join("; "))
}

impl DraftSegment {
    /// The translator's own target in place of the memory's draft: a
    /// confirmed one is translated (as a 100 match is), else a draft to
    /// review.
    pub fn set_target(&mut self, target: &str, confirmed: bool) {
        self.target = Some(target.to_string());
        self.state = if confirmed {
            DraftState::Confirmed
        } else {
            DraftState::Edited
        };
    }

    /// Makes this segment the first of a run of `segments` translated as
    /// one by its target (the translator's own, set before).
    pub fn merge(&mut self, segments: usize) {
        self.merged = Some(Merged::Head(segments));
    }

    /// Makes this segment a later one of the run `head` translates: an
    /// empty target, in `head`'s state.
    pub fn cover(&mut self, head: &DraftSegment) {
        self.target = Some(String::new());
        self.state = head.state;
        self.merged = Some(Merged::CoveredBy(head.id));
    }

    /// The segment as the XLIFF writers take it; `draft` is the draft it
    /// belongs to.
    pub fn xliff<'a>(&'a self, draft: &'a Draft) -> XliffSegment<'a> {
        let candidates = self
            .matches
            .iter()
            .map(|m| {
                let meta = &m.unit.meta;
                let mut properties = vec![("unit-id", m.unit.id.to_string())];
                if let Some(a) = &meta.article {
                    properties.push(("article", a.clone()));
                }
                if let Some(p) = meta.position {
                    properties.push(("position", p.to_string()));
                }
                if let Some(d) = meta.date {
                    properties.push(("date", d.to_string()));
                }
                if let Some(o) = &meta.origin {
                    properties.push(("origin", o.clone()));
                }
                if let Some(n) = &meta.note {
                    properties.push(("note", n.clone()));
                }
                if !meta.tags.is_empty() {
                    properties.push(("tags", meta.tags.join(";")));
                }
                let inline = &m.unit.meta.inline;
                XliffCandidate {
                    // The memory's own pair, its inline codes as XLIFF
                    // codes; the adapted target is the segment's draft.
                    source: m.unit.side(draft.source_lang),
                    target: m.unit.side(draft.target_lang),
                    source_codes: inline.side(draft.source_lang),
                    target_codes: inline.side(draft.target_lang),
                    score: m.score,
                    fuzzy: m.fuzzy,
                    context: m.score == CONTEXT_MATCH,
                    adapted: m.adapted,
                    origin: &draft.memory,
                    properties,
                }
            })
            .collect();
        XliffSegment {
            id: self.id,
            source: &self.source,
            target: self.target.as_deref(),
            merge: self.merged.map(|m| match m {
                Merged::Head(segments) => XliffMerge::Head { segments },
                Merged::CoveredBy(_) => XliffMerge::Covered,
            }),
            state: match self.state {
                DraftState::Exact => XliffState::Exact,
                DraftState::Fuzzy => XliffState::Fuzzy,
                DraftState::New => XliffState::New,
                DraftState::Confirmed => XliffState::Confirmed,
                DraftState::Edited => XliffState::Edited,
            },
            candidates,
            terms: self
                .terms
                .iter()
                .map(|t| XliffTerm {
                    source: &t.source,
                    target: &t.target,
                    status: &t.status,
                })
                .collect(),
            note: {
                let joined = match self.merged {
                    _ if self.segments > 1 => Some(format!(
                        "segments {}–{} of the text joined: a paragraph unit of the memory holds them",
                        self.id,
                        self.id + self.segments - 1
                    )),
                    Some(Merged::Head(n)) => Some(format!(
                        "this target translates segments {}–{} (merged: a paragraph match)",
                        self.id,
                        self.id + n - 1
                    )),
                    Some(Merged::CoveredBy(head)) => Some(format!(
                        "merged: translated in segment {head}, whose target translates this segment too"
                    )),
                    None => None,
                };
                let found = match (self.state, self.matches.first()) {
                    (DraftState::New, _) => Some(format!(
                        "no match ≥ {} in {}: to translate",
                        draft.min_score, draft.memory
                    )),
                    (DraftState::Fuzzy, Some(best)) => repair_note(best),
                    _ => None,
                };
                let notes: Vec<String> = joined.into_iter().chain(found).collect();
                (!notes.is_empty()).then(|| notes.join("; "))
            },
        }
    }
}
