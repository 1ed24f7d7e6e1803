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
    repair_matches, suggest, SegmentSuggestions, Segmented, SuggestError, SuggestOptions,
};
use crate::text::{analyze, Lang};
use crate::unit::{Meta, Timestamp};

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
    /// Suggests the next batch of segments into `ready`.
    fn fill(&mut self) -> Result<()> {
        let first = self.next;
        let queries = self.segmented.queries(first..first + self.batch);
        self.next += queries.len();
        let found = suggest(self.snapshot, &queries, &self.opts)?;
        let lang = self.lang;
        for (i, (q, mut matches)) in queries.into_iter().zip(found).enumerate() {
            if let Some(repairer) = &self.repairer {
                repair_matches(repairer, &q, &mut matches);
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
                text: q.analyzed.text,
                lang,
                matches,
                terms,
                names,
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
    Ok(analyze_texts(snapshot, &inputs, &filter)?)
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

/// The glossary terms in the request's text.
pub fn glossary_find(glossary: &Glossary, request: &GlossaryFindRequest) -> Result<Vec<TermHit>> {
    let (lang, date) = request.check()?;
    Ok(glossary.recognize(&request.find, lang, date))
}

/// The glossary rows the request selects, with where they are.
pub fn glossary_list(
    files: &[GlossaryFile],
    request: &GlossaryListRequest,
) -> Result<Vec<(EntryRef, Entry)>> {
    let status = request.check()?;
    if let Some(domain) = &request.domain {
        check_list_domain(files, domain)?;
    }
    Ok(files
        .iter()
        .flat_map(|f| {
            let name = display_name(f.path());
            f.entries().map(move |(line, e)| {
                (
                    EntryRef {
                        file: name.clone(),
                        line,
                    },
                    e.clone(),
                )
            })
        })
        .filter(|(_, e)| request.concept.as_ref().is_none_or(|c| &e.concept == c))
        .filter(|(_, e)| request.domain.as_ref().is_none_or(|d| &e.domain == d))
        .filter(|(_, e)| status.is_none_or(|s| e.status == s))
        .filter(|(_, e)| request.date.is_none_or(|d| e.valid_on(d)))
        .collect())
}

/// A `--domain` to list by: a known domain, or one the rows use (a
/// glossary may have its own); else a usage error listing both.
fn check_list_domain(files: &[GlossaryFile], domain: &str) -> Result<()> {
    let mut domains: std::collections::BTreeSet<&str> = crate::glossary::DOMAINS.into();
    for file in files {
        domains.extend(file.entries().map(|(_, e)| e.domain.as_str()));
    }
    domains.remove("");
    if domains.contains(domain) {
        return Ok(());
    }
    Err(Error::usage(
        "domain",
        format!(
            "no domain `{domain}` in the glossary: the domains are {}",
            domains.into_iter().collect::<Vec<_>>().join(", ")
        ),
    ))
}

/// The lint findings of the glossary folder `dir`: its files read
/// leniently, so that a malformed line is a finding too.
pub fn glossary_lint(dir: &std::path::Path) -> Result<Vec<Finding>> {
    use crate::glossary::file::Parse;
    let mut files = Vec::new();
    let mut problems = Vec::new();
    if dir.exists() {
        for path in crate::glossary::glossary_files(dir)? {
            let bytes = std::fs::read(&path)
                .map_err(|e| Error::Other(format!("{}: {e}", path.display())))?;
            let shown = std::path::PathBuf::from(display_name(&path));
            match GlossaryFile::parse(&bytes, &shown, Parse::Lenient) {
                Ok((file, found)) => {
                    files.push(file);
                    problems.extend(found);
                }
                Err(e) => problems.push(e),
            }
        }
    }
    let glossary = Glossary::from_files(&files);
    let mut findings = parse_findings(&problems);
    findings.extend(lint(&glossary));
    findings.sort_by(|a, b| (&a.file, a.line, a.rule).cmp(&(&b.file, b.line, b.rule)));
    Ok(findings)
}

/// Every glossary file of the folder `dir` (none when it does not exist).
pub fn glossary_files(dir: &Path) -> Result<Vec<GlossaryFile>> {
    if !dir.exists() {
        return Ok(Vec::new());
    }
    Ok(crate::glossary::read_files(dir)?)
}

/// Whether two rows say the same thing (same concept, terms and validity).
pub fn same_row(a: &Entry, b: &Entry) -> bool {
    row_key(a) == row_key(b)
}

/// What makes two rows the same row: concept, both terms (normalized),
/// period.
pub type RowKey = (
    String,
    String,
    String,
    Option<jiff::civil::Date>,
    Option<jiff::civil::Date>,
);

/// The key of [`same_row`], for set look-ups (an import checks each row
/// in one pass, not against every row).
pub fn row_key(e: &Entry) -> RowKey {
    use crate::text::normalize;
    (
        e.concept.clone(),
        normalize(&e.ru),
        normalize(&e.en),
        e.valid_from,
        e.valid_to,
    )
}

/// The glossary file `name` of `dir`, read, or new when it does not exist.
pub fn open_glossary_file(dir: &Path, name: &str, field: &'static str) -> Result<GlossaryFile> {
    check_file_name(name, field)?;
    let path = dir.join(name);
    if path.exists() {
        Ok(GlossaryFile::read(&path)?)
    } else {
        Ok(GlossaryFile::new(&path))
    }
}

/// Writes `file` (atomically), creating the glossary folder if needed.
pub fn save_glossary_file(file: &GlossaryFile) -> Result<()> {
    if let Some(dir) = file.path().parent() {
        std::fs::create_dir_all(dir)
            .map_err(|e| Error::Other(format!("{}: {e}", dir.display())))?;
    }
    Ok(file.save()?)
}

fn entry_ref(file: &GlossaryFile, line: usize) -> EntryRef {
    EntryRef {
        file: display_name(file.path()),
        line,
    }
}

/// Adds the request's row to the glossary folder `dir`: after the rows of
/// its concept, in the file the request names, else the file of the
/// concept, else the only file.
/// Edits hold the glossary folder's lock (waiting up to `wait`) from
/// reading the files to rewriting one.
pub fn glossary_add(
    dir: &Path,
    request: &GlossaryAddRequest,
    wait: Duration,
) -> Result<(EntryRef, Entry)> {
    let entry = request.check()?;
    let _lock = GlossaryLock::acquire(dir, wait)?;
    let files = glossary_files(dir)?;
    let name = match &request.file {
        Some(name) => name.clone(),
        None => {
            let holder = files
                .iter()
                .find(|f| f.entries().any(|(_, e)| e.concept == entry.concept));
            match (holder, files.as_slice()) {
                (Some(f), _) | (None, [f]) => display_name(f.path()),
                (None, _) => {
                    let names: Vec<String> = files.iter().map(|f| display_name(f.path())).collect();
                    return Err(Error::usage(
                        "file",
                        format!(
                            "new concept `{}`: say which file with --file NAME ({})",
                            entry.concept,
                            if names.is_empty() {
                                "e.g. terms.tsv".to_string()
                            } else {
                                names.join(", ")
                            }
                        ),
                    ));
                }
            }
        }
    };
    for f in &files {
        if let Some((line, _)) = f.entries().find(|(_, e)| same_row(e, &entry)) {
            return Err(Error::Invalid {
                line: Some(line as u64),
                message: format!(
                    "{}:{line} already has {} / {} for concept `{}`",
                    display_name(f.path()),
                    entry.ru,
                    entry.en,
                    entry.concept
                ),
            });
        }
    }
    let mut file = open_glossary_file(dir, &name, "file")?;
    let line = file.insert(entry)?;
    if !request.force {
        let mut after = files;
        match after
            .iter_mut()
            .find(|f| display_name(f.path()) == display_name(file.path()))
        {
            Some(old) => *old = file.clone(),
            None => after.push(file.clone()),
        }
        refuse_new_findings(&[], &row_findings(&after, &entry_ref(&file, line)), "add")?;
    }
    save_glossary_file(&file)?;
    let added = file
        .entry_at(line)
        .cloned()
        .ok_or_else(|| Error::Other(format!("{name}:{line}: the row added is not there")))?;
    Ok((entry_ref(&file, line), added))
}

/// The one file (index in `files`) and line a selection names.
fn select(files: &[GlossaryFile], s: &RowSelection) -> Result<(usize, usize)> {
    if let Some((name, line)) = s.at()? {
        let at = s.at.as_deref().unwrap_or_default();
        let index = files
            .iter()
            .position(|f| display_name(f.path()) == name)
            .ok_or_else(|| Error::NotFound(format!("--at `{at}`: no glossary file `{name}`")))?;
        if files[index].entry_at(line).is_none() {
            return Err(Error::NotFound(format!(
                "--at `{at}`: that line holds no entry"
            )));
        }
        return Ok((index, line));
    }
    let found: Vec<(usize, usize)> = files
        .iter()
        .enumerate()
        .flat_map(|(i, f)| {
            f.entries()
                .filter(|(_, e)| {
                    s.concept.as_ref().is_none_or(|c| &e.concept == c)
                        && s.ru.as_ref().is_none_or(|t| e.ru == *t)
                        && s.en.as_ref().is_none_or(|t| e.en == *t)
                })
                .map(move |(line, _)| (i, line))
        })
        .collect();
    match found.as_slice() {
        [one] => Ok(*one),
        [] => Err(Error::NotFound(
            "no row matches; see `tilmash glossary list`".into(),
        )),
        many => Err(Error::Invalid {
            line: None,
            message: format!(
                "{} rows match ({}); narrow it down or use --at FILE:LINE",
                many.len(),
                many.iter()
                    .map(|(i, l)| format!("{}:{l}", display_name(files[*i].path())))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        }),
    }
}

/// Changes columns of the one row the request selects; the row as it is
/// now, and whether it changed (an edit that changes nothing writes
/// nothing). A change that gives the row a new lint finding (an overlap
/// of dates, a duplicate, …) is refused unless the request says `force`.
pub fn glossary_edit(
    dir: &Path,
    request: &GlossaryEditRequest,
    wait: Duration,
) -> Result<(EntryRef, Entry, bool)> {
    request.check()?;
    let _lock = GlossaryLock::acquire(dir, wait)?;
    let mut files = glossary_files(dir)?;
    let (index, line) = select(&files, &request.select())?;
    let file = &files[index];
    let before = file
        .entry_at(line)
        .cloned()
        .ok_or_else(|| Error::NotFound("that line holds no entry".into()))?;
    let mut entry = before.clone();
    for (column, value) in &request.set {
        let column = column.trim();
        let assignment = format!("{column}={value}");
        if !file.columns().iter().any(|c| c == column) {
            return Err(Error::usage(
                "set",
                format!(
                    "--set `{assignment}`: {} has no column `{column}` (columns: {})",
                    display_name(file.path()),
                    file.columns().join(", ")
                ),
            ));
        }
        if let Some(problem) = crate::glossary::closed_value_problem(column, value) {
            return Err(Error::usage(
                "set",
                format!("--set `{assignment}`: {problem}"),
            ));
        }
        entry
            .set_field(column, value)
            .map_err(|e| Error::usage("set", format!("--set `{assignment}`: {e}")))?;
    }
    let at = entry_ref(file, line);
    if entry == before {
        return Ok((at, entry, false));
    }
    let found_before = (!request.force).then(|| row_findings(&files, &at));
    files[index].replace(line, entry.clone())?;
    if let Some(found_before) = found_before {
        refuse_new_findings(&found_before, &row_findings(&files, &at), "edit")?;
    }
    save_glossary_file(&files[index])?;
    Ok((at, entry, true))
}

/// The lint findings that concern the row at `at`: about it, or about
/// another row clashing with it.
fn row_findings(files: &[GlossaryFile], at: &EntryRef) -> Vec<Finding> {
    lint(&Glossary::from_files(files))
        .into_iter()
        .filter(|f| (f.file == at.file && f.line == at.line) || f.other.as_ref() == Some(at))
        .collect()
}

/// Refuses an edit whose row has findings it had not `before` (same rule,
/// same rows), naming them.
fn refuse_new_findings(before: &[Finding], after: &[Finding], what: &str) -> Result<()> {
    let same = |a: &Finding, b: &Finding| {
        a.rule == b.rule && a.file == b.file && a.line == b.line && a.other == b.other
    };
    let new: Vec<&Finding> = after
        .iter()
        .filter(|f| !before.iter().any(|b| same(f, b)))
        .collect();
    let Some(first) = new.first() else {
        return Ok(());
    };
    let listed: Vec<String> = new
        .iter()
        .map(|f| format!("  {}:{}: {}: {}", f.file, f.line, f.rule.name(), f.message))
        .collect();
    Err(Error::Invalid {
        line: Some(first.line as u64),
        message: format!(
            "the {what} would make the glossary's lint report this:\n{}\nnothing was written; \
             change it so that it does not (e.g. other dates), or pass --force to write it anyway",
            listed.join("\n")
        ),
    })
}

/// Removes the one row the request selects; the row removed.
pub fn glossary_remove(
    dir: &Path,
    request: &RowSelection,
    wait: Duration,
) -> Result<(EntryRef, Entry)> {
    let _lock = GlossaryLock::acquire(dir, wait)?;
    let mut files = glossary_files(dir)?;
    let (index, line) = select(&files, request)?;
    let file = &mut files[index];
    let removed = file.remove(line)?;
    save_glossary_file(file)?;
    Ok((entry_ref(file, line), removed))
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
    /// `writer` stores the pairs at or above `min_confidence`, when given.
    pub fn new(
        segmenter: &'a Segmenter<'a>,
        opts: AlignOptions<'a>,
        writer: Option<MemoryWriter>,
        memory: Option<&Memory>,
        min_confidence: f64,
    ) -> ArticleAligner<'a> {
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
