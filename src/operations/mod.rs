//! The operations as the command line and the server run them: a request
//! of [`crate::request`] in, checked first, the result that [`crate::report`]
//! writes out. The command line reads files and arguments into the request,
//! the server a JSON body; neither holds any logic of its own.

use std::path::Path;
use std::time::Duration;

use crate::align::{
    align_with, AlignError, AlignOptions, Alignment, Anchors, GlossaryAnchors, MemoryAnchors,
    Segmenter, Stored,
};
use crate::analysis::{analyze_texts, Analysis};
use crate::error::{Error, Result};
use crate::glossary::check::{check_pair, Problem};
use crate::glossary::lint::{lint, parse_findings, Finding};
use crate::glossary::names::{unknown_names_in, Lexicon};
use crate::glossary::{
    display_name, Entry, EntryRef, Glossary, GlossaryFile, GlossaryLock, TermHit,
};
use crate::harvest::{harvest, Harvest};
use crate::import::{import_reader, ImportOptions, ImportSummary};
use crate::memory::{Concordance, ConcordanceOptions, Memory, MemoryWriter, Snapshot};
use crate::paragraph::sentence_entries;
use crate::pretranslate::{
    glossary_terms, no_terms, pretranslate, Draft, DraftSource, PretranslateOptions, TermFinder,
};
use crate::repair::Repairer;
use crate::report::{aligned_article, AlignSummary, AlignedArticle};
use crate::request::{
    check_file_name, today, AlignRequest, AnalyzeRequest, CheckRequest, ConcordanceRequest,
    GlossaryAddRequest, GlossaryEditRequest, GlossaryFindRequest, GlossaryHarvestRequest,
    GlossaryListRequest, PretranslateRequest, RowSelection, SuggestRequest,
};
use crate::suggest::{
    best, joined, paragraphs, repair_matches, scored, SegmentSuggestions, Segmented, SuggestError,
    SuggestOptions,
};
use crate::text::{analyze, Lang};
use crate::unit::{Meta, Timestamp};

mod glossary;

pub use glossary::*;

/// The glossary repair uses when a request asks for none: numbers, dates
/// and unknown names are still repaired.
static NO_GLOSSARY: std::sync::LazyLock<Glossary> = std::sync::LazyLock::new(Glossary::default);

/// Segments suggested at once: enough for every core to have work, few
/// enough that what is held (a batch's queries and matches) stays small
/// however long the text. `exhaustive` reads every unit once per batch,
/// so it takes larger ones.
const SUGGEST_BATCH: usize = 64;
const EXHAUSTIVE_BATCH: usize = 512;

/// The suggestions for every segment of the request's text (or of its
/// segments), with the glossary's terms and unknown names when asked,
/// made a batch of segments at a time as the iterator is read: what is
/// held is one batch's results, not the whole text's. Every segment's
/// length is checked before any is scored (an error here, not midway).
pub fn suggest_stream<'a>(
    snapshot: &'a Snapshot,
    glossary: &'a Glossary,
    request: &'a SuggestRequest,
) -> Result<SuggestStream<'a>> {
    let (filter, lang) = request.check()?;
    let segmented = match (&request.text, &request.segments) {
        (Some(text), _) => Segmented::text(text, lang),
        (None, Some(segments)) => Segmented::segments(segments, lang),
        (None, None) => Segmented::segments(&[], lang),
    };
    segmented
        .check_lengths()
        .map_err(|e| Error::from(SuggestError::from(e)))?;
    let opts = SuggestOptions {
        limit: request.limit,
        min_score: request.min_score,
        exhaustive: request.exhaustive,
        filter,
    };
    let mut lexicon = if request.glossary {
        glossary.lexicon()
    } else {
        Lexicon::new()
    };
    if request.glossary {
        for text in request.text.iter().chain(request.segments.iter().flatten()) {
            lexicon.add_text(text, lang);
        }
    }
    let date = request.date.unwrap_or_else(today);
    let repair_glossary = if request.glossary {
        glossary
    } else {
        &NO_GLOSSARY
    };
    Ok(SuggestStream {
        snapshot,
        lexicon,
        glossary: if request.glossary {
            Some(glossary)
        } else {
            None
        },
        repairer: (!request.no_repair).then(|| Repairer::new(repair_glossary, date)),
        date,
        lang,
        batch: if opts.exhaustive {
            EXHAUSTIVE_BATCH
        } else {
            SUGGEST_BATCH
        },
        opts,
        segmented,
        next: 0,
        ready: std::collections::VecDeque::new(),
    })
}

/// The iterator of [`suggest_stream`].
pub struct SuggestStream<'a> {
    snapshot: &'a Snapshot,
    glossary: Option<&'a Glossary>,
    /// Repairs the matches, unless `no_repair`.
    repairer: Option<Repairer<'a>>,
    date: crate::unit::Date,
    lang: Lang,
    opts: SuggestOptions,
    segmented: Segmented<'a>,
    batch: usize,
    /// The first segment not suggested yet.
    next: usize,
    ready: std::collections::VecDeque<SegmentSuggestions>,
    /// The evidence for name proposals: the glossary's, the text's own
    /// words, and the pairs of the matches found so far.
    lexicon: Lexicon,
}

impl SuggestStream<'_> {
    /// Suggests the next batch of segments into `ready`. A paragraph
    /// match may run past the batch: the segments at its end that hold a
    /// sentence entry's match wait for the next batch (scored again
    /// there), and a batch made only of such segments takes the next one
    /// in, so the paragraph matches found do not depend on the batch size.
    fn fill(&mut self) -> Result<()> {
        let first = self.next;
        let mut queries = self.segmented.queries(first..first + self.batch);
        let mut found = scored(self.snapshot, &queries, &self.opts)?;
        loop {
            let end = first + queries.len();
            let open = found
                .iter()
                .rev()
                .take_while(|matches| matches.iter().any(|m| m.sentence_of.is_some()))
                .count();
            if open == 0 || end >= self.segmented.len() {
                break;
            }
            if open < queries.len() {
                queries.truncate(queries.len() - open);
                found.truncate(queries.len());
                break;
            }
            let more = self.segmented.queries(end..end + self.batch);
            found.extend(scored(self.snapshot, &more, &self.opts)?);
            queries.extend(more);
        }
        self.next += queries.len();
        let mut paragraph_matches =
            paragraphs(self.snapshot, &queries, &found, &self.opts)?.into_iter();
        let lang = self.lang;
        for (i, (q, matches)) in queries.iter().zip(found).enumerate() {
            let mut matches = best(matches, self.opts.limit);
            let mut paragraph_matches = paragraph_matches.next().unwrap_or_default();
            if let Some(repairer) = &self.repairer {
                repair_matches(repairer, q, &mut matches);
                for p in &mut paragraph_matches {
                    let joined = joined(&queries[i..i + p.segments]);
                    repair_matches(repairer, &joined, std::slice::from_mut(&mut p.found));
                }
            }
            let (terms, names) = match self.glossary {
                Some(glossary) => {
                    let terms = glossary.recognize_analyzed(&q.analyzed, self.date);
                    for m in &matches {
                        self.lexicon.add_pair(&m.unit.ru, &m.unit.en);
                    }
                    let names = if glossary.is_empty() {
                        Vec::new()
                    } else {
                        unknown_names_in(&q.analyzed, &terms, &self.lexicon)
                    };
                    (terms, names)
                }
                None => (Vec::new(), Vec::new()),
            };
            self.ready.push_back(SegmentSuggestions {
                segment: first + i + 1,
                paragraph: q.paragraph,
                start: q.start,
                end: q.end,
                text: q.analyzed.text.clone(),
                lang,
                matches,
                terms,
                names,
                paragraph_matches,
            });
        }
        Ok(())
    }
}

impl Iterator for SuggestStream<'_> {
    type Item = Result<SegmentSuggestions>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.ready.is_empty() && self.next < self.segmented.len() {
            if let Err(e) = self.fill() {
                self.next = self.segmented.len();
                return Some(Err(e));
            }
        }
        self.ready.pop_front().map(Ok)
    }
}

/// The suggestions for every segment of the request's text, all at once
/// (the server's answer; the command line writes [`suggest_stream`] as it
/// goes).
pub fn suggest_text(
    snapshot: &Snapshot,
    glossary: &Glossary,
    request: &SuggestRequest,
) -> Result<Vec<SegmentSuggestions>> {
    suggest_stream(snapshot, glossary, request)?.collect()
}

/// The units containing the request's phrase; the language searched.
pub fn concordance(memory: &Memory, request: &ConcordanceRequest) -> Result<(Lang, Concordance)> {
    let (lang, filter) = request.check()?;
    let phrase = analyze(&request.phrase, lang);
    if phrase.tokens.is_empty() {
        return Err(Error::usage(
            "q",
            format!(
                "«{}» has no words to look for (punctuation alone is not searched)",
                request.phrase
            ),
        ));
    }
    let opts = ConcordanceOptions {
        limit: (request.limit > 0).then_some(request.limit),
        filter,
    };
    Ok((lang, memory.concordance(&phrase, &opts)?))
}

/// New glossary entries proposed from the memory (`glossary harvest`);
/// `progress` is called with the units read so far.
pub fn glossary_harvest(
    snapshot: &Snapshot,
    glossary: &Glossary,
    request: &GlossaryHarvestRequest,
    progress: &mut dyn FnMut(u64),
) -> Result<Harvest> {
    let opts = request.check()?;
    Ok(harvest(snapshot, glossary, &opts, progress)?)
}

/// Words and segments per match band of the request's texts.
pub fn analyze_request(snapshot: &Snapshot, request: &AnalyzeRequest) -> Result<Analysis> {
    let (inputs, filter) = request.check()?;
    Ok(analyze_texts(
        snapshot,
        &inputs,
        &filter,
        request.join_paragraphs,
    )?)
}

/// The bilingual draft of the request's text, the translator's own
/// targets taking the place of the memory's drafts.
pub fn pretranslate_text(
    snapshot: &Snapshot,
    memory: &str,
    glossary: &Glossary,
    request: &PretranslateRequest,
) -> Result<Draft> {
    let (filter, lang) = request.check()?;
    let name = request.name.as_deref().unwrap_or("text");
    let date = request.date.unwrap_or_else(today);
    let find_terms = |text: &str, lang: Lang| glossary_terms(glossary, text, lang, date);
    let terms: TermFinder<'_> = if glossary.is_empty() || !request.glossary {
        &no_terms
    } else {
        &find_terms
    };
    let opts = PretranslateOptions {
        min_score: request.min_score,
        limit: request.limit,
        filter,
        join_paragraphs: request.join_paragraphs,
    };
    let source = DraftSource {
        original: name,
        memory,
        lang,
    };
    let repair_glossary = if request.glossary {
        glossary
    } else {
        &NO_GLOSSARY
    };
    let repairer = Repairer::new(repair_glossary, date);
    let repairer = (!request.no_repair).then_some(&repairer);
    let mut draft = pretranslate(snapshot, &request.text, source, &opts, terms, repairer)?;
    if draft.segments.is_empty() {
        // A draft needs a segment: XLIFF 2.0 allows no `<file>` without a
        // `<unit>`, and an empty draft is never what was meant.
        return Err(Error::Invalid {
            line: None,
            message: format!("{name}: no sentence to pretranslate"),
        });
    }
    for t in &request.targets {
        let count = draft.segments.len();
        let segment = draft.segments.get_mut(t.segment - 1).ok_or_else(|| {
            Error::usage(
                "targets",
                format!(
                    "target for segment {}: the text has {count} segments",
                    t.segment
                ),
            )
        })?;
        segment.set_target(&t.target, t.confirmed);
        if t.segments > 1 {
            let end = t.segment - 1 + t.segments;
            if end > count {
                return Err(Error::usage(
                    "targets",
                    format!(
                        "target for segments {}–{end}: the text has {count} segments",
                        t.segment
                    ),
                ));
            }
            let (before, run) = draft.segments.split_at_mut(t.segment);
            let head = &mut before[t.segment - 1];
            head.merge(t.segments);
            for covered in &mut run[..t.segments - 1] {
                covered.cover(head);
            }
        }
    }
    Ok(draft)
}

/// The problems of a translation, segment by segment (one per line).
pub fn check_texts(glossary: &Glossary, request: &CheckRequest) -> Result<Vec<Problem>> {
    let lang = request.check()?;
    let date = request.date.unwrap_or_else(today);
    Ok(request
        .source
        .lines()
        .zip(request.target.lines())
        .enumerate()
        .flat_map(|(i, (s, t))| check_pair(glossary, i + 1, s, t, lang, date))
        .collect())
}

/// Imports the pairs read from `input` (a stream, e.g. a request body):
/// everything or, on a fatal read error, nothing.
pub fn import_stream(
    memory: &Memory,
    input: Box<dyn std::io::BufRead + Send>,
    opts: &ImportOptions,
) -> Result<ImportSummary> {
    let opts = ImportOptions {
        stop_on_fatal: true,
        ..opts.clone()
    };
    Ok(import_reader(memory, "request", input, &opts, &mut |_| {})?)
}

/// Aligns article pairs one after the other, storing them through one
/// writer when asked, and counts what it did: the command line's files
/// and JSONL of pairs and the server's requests run through it.
pub struct ArticleAligner<'a> {
    segmenter: &'a Segmenter<'a>,
    opts: AlignOptions<'a>,
    writer: Option<MemoryWriter>,
    now: Timestamp,
    pub summary: AlignSummary,
}

/// One article aligned: as shown, and as aligned (for TMX output).
pub struct AlignedPair {
    pub shown: AlignedArticle,
    pub alignment: Alignment,
    pub meta: Meta,
}

impl<'a> ArticleAligner<'a> {
    /// `writer` stores the pairs at or above `min_confidence`, when given,
    /// as an import stores units: a pair of several sentences (a bead of
    /// two sentences and one, or two and two) adds its sentence keys and
    /// entries ([`sentence_entries`]), so that a text holding them finds
    /// it as a paragraph match.
    pub fn new(
        segmenter: &'a Segmenter<'a>,
        opts: AlignOptions<'a>,
        mut writer: Option<MemoryWriter>,
        memory: Option<&Memory>,
        min_confidence: f64,
    ) -> ArticleAligner<'a> {
        if let Some(writer) = writer.as_mut() {
            writer.split_sentences(sentence_entries);
        }
        let summary = AlignSummary {
            min_confidence,
            memory: writer
                .as_ref()
                .and(memory)
                .map(|m| m.path().display().to_string()),
            import: writer.as_ref().map(|_| Stored::default()),
            ..AlignSummary::default()
        };
        ArticleAligner {
            segmenter,
            opts,
            writer,
            now: Timestamp::now(),
            summary,
        }
    }

    /// Aligns `ru` with `en` (from `input`, for the report) and stores the
    /// pairs if the aligner writes. An article that cannot be aligned is
    /// the caller's to report ([`AlignError`] names the side).
    pub fn align(
        &mut self,
        input: String,
        ru: &str,
        en: &str,
        mut meta: Meta,
    ) -> Result<std::result::Result<AlignedPair, AlignError>> {
        let alignment = match align_with(ru, en, self.segmenter, &self.opts) {
            Ok(a) => a,
            Err(e) => return Ok(Err(e)),
        };
        meta.created.get_or_insert(self.now);
        meta.changed.get_or_insert(self.now);
        let fates = match self.writer.as_mut() {
            Some(w) => {
                let (stored, fates) = alignment.store(w, &meta, self.summary.min_confidence)?;
                if let Some(total) = self.summary.import.as_mut() {
                    total.add(&stored);
                }
                Some(fates)
            }
            None => None,
        };
        let shown = aligned_article(input, &alignment, &meta, fates.as_deref());
        self.summary.count(&shown);
        Ok(Ok(AlignedPair {
            shown,
            alignment,
            meta,
        }))
    }

    /// Commits the pairs stored; the run's summary.
    pub fn finish(self) -> Result<AlignSummary> {
        if let Some(w) = self.writer {
            w.finish()?;
        }
        Ok(self.summary)
    }
}

/// The options of an alignment with the anchors given.
pub fn align_options<'a>(
    glossary: Option<&'a GlossaryAnchors<'a>>,
    memory: Option<&'a MemoryAnchors<'a>>,
) -> AlignOptions<'a> {
    let mut opts = AlignOptions::default();
    if let Some(anchors) = glossary {
        opts.anchors.push(anchors as &(dyn Anchors + Sync));
    }
    if let Some(anchors) = memory {
        opts.anchors.push(anchors as &(dyn Anchors + Sync));
    }
    opts
}

/// Aligns the request's two texts (and stores the pairs with `import`).
pub fn align_request(
    memory: &Memory,
    glossary: &Glossary,
    request: &AlignRequest,
) -> Result<(AlignedArticle, AlignSummary)> {
    let checked = request.check()?;
    let snapshot = request.memory_evidence.then(|| memory.snapshot());
    let memory_anchors = snapshot.as_ref().map(MemoryAnchors::new);
    let glossary_anchors = (request.glossary && !glossary.is_empty())
        .then(|| GlossaryAnchors::new(glossary, request.date.unwrap_or_else(today)));
    let opts = align_options(glossary_anchors.as_ref(), memory_anchors.as_ref());
    let writer = if request.import {
        Some(memory.writer(checked.wait)?)
    } else {
        None
    };
    let segmenter = Segmenter::Builtin;
    let mut aligner = ArticleAligner::new(
        &segmenter,
        opts,
        writer,
        Some(memory),
        request.min_confidence,
    );
    let article = request.article.clone().unwrap_or_else(|| "text".into());
    let meta = Meta {
        article: Some(article.clone()),
        date: request.date,
        origin: Some(
            request
                .origin
                .clone()
                .unwrap_or_else(|| "tilmash-serve".into()),
        ),
        ..Meta::default()
    };
    let pair = aligner.align(article, &request.ru, &request.en, meta)??;
    Ok((pair.shown, aligner.finish()?))
}
