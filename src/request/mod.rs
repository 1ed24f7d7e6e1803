//! One checked request per operation. The command line builds a request
//! from its arguments, the server from a JSON body or a query string; both
//! hand it to the same library function, which checks it here first, so
//! that a value out of range is the same usage error, naming the same
//! field, whoever asked. Field names are the JSON names; unknown fields are
//! refused.

use serde::Deserialize;
use utoipa::ToSchema;

use crate::error::{Error, Result};
use crate::text::{detect, Lang};
use crate::unit::{Date, UnitFilter};

mod glossary;

pub use glossary::*;

/// Most matches per segment a request may ask for.
pub const MAX_LIMIT: usize = 50;
/// The highest score (a context match).
const MAX_SCORE: u8 = crate::score::CONTEXT_MATCH;

fn default_true() -> bool {
    true
}

fn default_suggest_limit() -> usize {
    crate::suggest::DEFAULT_LIMIT
}

fn default_suggest_min_score() -> u8 {
    crate::suggest::DEFAULT_MIN_SCORE
}

fn default_pretranslate_min_score() -> u8 {
    crate::pretranslate::DEFAULT_MIN_SCORE
}

fn default_one() -> usize {
    1
}

fn default_concordance_limit() -> usize {
    20
}

fn default_width() -> usize {
    40
}

fn default_min_confidence() -> f64 {
    crate::align::DEFAULT_MIN_CONFIDENCE
}

/// The filters on units every search takes (`--article`, `--origin`,
/// `--since`, `--until`), checked.
pub fn unit_filter(
    article: &Option<String>,
    origin: &Option<String>,
    since: Option<Date>,
    until: Option<Date>,
) -> Result<UnitFilter> {
    if let (Some(since), Some(until)) = (since, until) {
        if since > until {
            return Err(Error::usage(
                "since",
                format!("--since {since} is after --until {until}: nothing can match"),
            ));
        }
    }
    Ok(UnitFilter {
        article: article.clone(),
        origin: origin.clone(),
        since,
        until,
    })
}

fn check_min_score(min_score: u8) -> Result<()> {
    if min_score > MAX_SCORE {
        return Err(Error::usage(
            "min_score",
            format!("--min-score {min_score}: give a score from 0 to {MAX_SCORE}"),
        ));
    }
    Ok(())
}

fn check_limit(limit: usize) -> Result<()> {
    if !(1..=MAX_LIMIT).contains(&limit) {
        return Err(Error::usage(
            "limit",
            format!("--limit {limit}: give a number of matches from 1 to {MAX_LIMIT}"),
        ));
    }
    Ok(())
}

/// The language of `text`: `from`, else detected from the script; an
/// empty text (nothing but white space) without `from` is a usage error
/// saying so.
pub fn source_lang(text: &str, from: Option<Lang>, name: &str) -> Result<Lang> {
    if from.is_none() && text.trim().is_empty() {
        return Err(Error::usage(
            "text",
            format!("{name}: the text is empty: nothing to translate"),
        ));
    }
    from.or_else(|| detect(text)).ok_or_else(|| {
        Error::usage(
            "from",
            format!(
                "{name}: cannot tell whether the text is Russian or English; pass --from ru or --from en"
            ),
        )
    })
}

/// Today's date in the local time zone: the default date of glossary
/// lookups.
pub fn today() -> Date {
    jiff::Zoned::now().date()
}

/// `suggest`: the best matches for each segment of a text.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SuggestRequest {
    /// The text, split into segments (sentences) by tilmash.
    #[serde(default)]
    pub text: Option<String>,
    /// Or the segments themselves, one string each (not split again; the
    /// neighbours of a segment, for context matches, are the adjacent
    /// strings).
    #[serde(default)]
    pub segments: Option<Vec<String>>,
    /// The source language, `ru` or `en` [default: detected].
    #[serde(default)]
    #[schema(value_type = Option<String>, example = "ru")]
    pub from: Option<Lang>,
    /// Matches per segment (1–50).
    #[serde(default = "default_suggest_limit")]
    pub limit: usize,
    /// Lowest score shown (0–101).
    #[serde(default = "default_suggest_min_score")]
    pub min_score: u8,
    /// Score every unit instead of using the index (same results, slower).
    #[serde(default)]
    pub exhaustive: bool,
    /// The text's date (YYYY-MM-DD), which picks the glossary targets
    /// valid then [default: today].
    #[serde(default)]
    #[schema(value_type = Option<String>, format = Date)]
    pub date: Option<Date>,
    /// Look up glossary terms and unknown names.
    #[serde(default = "default_true")]
    pub glossary: bool,
    /// Give each match's target as the memory stores it (numbers still
    /// adapted by the score rules), without repairing its names, terms,
    /// numbers and dates.
    #[serde(default)]
    pub no_repair: bool,
    /// Only units of this article.
    #[serde(default)]
    pub article: Option<String>,
    /// Only units of this origin.
    #[serde(default)]
    pub origin: Option<String>,
    /// Only units published on or after this date.
    #[serde(default)]
    #[schema(value_type = Option<String>, format = Date)]
    pub since: Option<Date>,
    /// Only units published on or before this date.
    #[serde(default)]
    #[schema(value_type = Option<String>, format = Date)]
    pub until: Option<Date>,
}

impl SuggestRequest {
    /// A request for `text` with every default.
    pub fn text(text: impl Into<String>) -> SuggestRequest {
        SuggestRequest {
            text: Some(text.into()),
            segments: None,
            from: None,
            limit: default_suggest_limit(),
            min_score: default_suggest_min_score(),
            exhaustive: false,
            date: None,
            glossary: true,
            no_repair: false,
            article: None,
            origin: None,
            since: None,
            until: None,
        }
    }

    /// Checks every value; returns the unit filter and the source
    /// language (given, or detected from the script).
    pub fn check(&self) -> Result<(UnitFilter, Lang)> {
        let lang = match (&self.text, &self.segments) {
            (Some(_), Some(_)) => {
                return Err(Error::usage(
                    "segments",
                    "give the text or its segments, not both",
                ))
            }
            (None, None) => return Err(Error::usage("text", "give the text to translate")),
            (Some(text), None) => source_lang(text, self.from, "text")?,
            (None, Some(segments)) => source_lang(&segments.join("\n"), self.from, "segments")?,
        };
        check_limit(self.limit)?;
        check_min_score(self.min_score)?;
        let filter = unit_filter(&self.article, &self.origin, self.since, self.until)?;
        Ok((filter, lang))
    }
}

/// `concordance`: the units containing a word or phrase.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ConcordanceRequest {
    /// The word or phrase; its words match any inflected form.
    #[serde(rename = "q")]
    pub phrase: String,
    /// The side to search [default: the phrase's script].
    #[serde(default)]
    #[schema(value_type = Option<String>, example = "ru")]
    pub lang: Option<Lang>,
    /// Units shown at most (0: all).
    #[serde(default = "default_concordance_limit")]
    pub limit: usize,
    /// Characters of context on each side of the hit (4–500).
    #[serde(default = "default_width")]
    pub width: usize,
    #[serde(default)]
    pub article: Option<String>,
    #[serde(default)]
    pub origin: Option<String>,
    #[serde(default)]
    #[schema(value_type = Option<String>, format = Date)]
    pub since: Option<Date>,
    #[serde(default)]
    #[schema(value_type = Option<String>, format = Date)]
    pub until: Option<Date>,
}

impl ConcordanceRequest {
    /// Checks every value; returns the language searched and the filter.
    pub fn check(&self) -> Result<(Lang, UnitFilter)> {
        if !(4..=500).contains(&self.width) {
            return Err(Error::usage(
                "width",
                format!(
                    "--width {}: give a number of characters from 4 to 500",
                    self.width
                ),
            ));
        }
        let lang = self.lang.or_else(|| detect(&self.phrase)).ok_or_else(|| {
            Error::usage(
                "lang",
                format!(
                    "cannot tell whether «{}» is Russian or English; pass --lang ru or --lang en",
                    self.phrase
                ),
            )
        })?;
        let filter = unit_filter(&self.article, &self.origin, self.since, self.until)?;
        Ok((lang, filter))
    }
}

/// One text of an analysis, with the name it is reported under.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NamedText {
    pub name: String,
    pub text: String,
}

/// `analyze`: words and segments per match band.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AnalyzeRequest {
    /// One text (reported as `text`).
    #[serde(default)]
    pub text: Option<String>,
    /// Or several named texts, analysed together (repetitions count
    /// across them).
    #[serde(default)]
    pub texts: Vec<NamedText>,
    /// Source language of every text [default: detected per text].
    #[serde(default)]
    #[schema(value_type = Option<String>, example = "ru")]
    pub from: Option<Lang>,
    #[serde(default)]
    pub article: Option<String>,
    #[serde(default)]
    pub origin: Option<String>,
    #[serde(default)]
    #[schema(value_type = Option<String>, format = Date)]
    pub since: Option<Date>,
    #[serde(default)]
    #[schema(value_type = Option<String>, format = Date)]
    pub until: Option<Date>,
    /// Count a run of segments that a paragraph match covers in the
    /// band of that match, when it beats theirs (as `pretranslate`
    /// with `join_paragraphs` drafts them).
    #[serde(default)]
    pub join_paragraphs: bool,
}

impl AnalyzeRequest {
    /// Checks every value; returns the texts with their languages and the
    /// filter.
    pub fn check(&self) -> Result<(Vec<crate::analysis::AnalysisInput>, UnitFilter)> {
        let texts: Vec<NamedText> = self
            .text
            .iter()
            .map(|text| NamedText {
                name: "text".into(),
                text: text.clone(),
            })
            .chain(self.texts.iter().cloned())
            .collect();
        if texts.is_empty() {
            return Err(Error::usage("text", "give a text to analyse"));
        }
        let inputs = texts
            .into_iter()
            .map(|t| {
                let lang = source_lang(&t.text, self.from, &t.name)?;
                Ok(crate::analysis::AnalysisInput {
                    name: t.name,
                    text: t.text,
                    lang,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let filter = unit_filter(&self.article, &self.origin, self.since, self.until)?;
        Ok((inputs, filter))
    }
}

/// The translator's own target for one segment of a pretranslation.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SegmentTarget {
    /// The 1-based segment number.
    pub segment: usize,
    pub target: String,
    /// Confirmed by the translator: written as translated/final.
    #[serde(default)]
    pub confirmed: bool,
    /// How many of the text's segments `target` translates, from
    /// `segment` on: more than 1 for a run translated as one (a paragraph
    /// match taken over them), whose later segments then have no target of
    /// their own (XLIFF: merged, see `formats::xliff`).
    #[serde(default = "default_one")]
    pub segments: usize,
}

/// `pretranslate`: a bilingual draft of a text.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PretranslateRequest {
    pub text: String,
    /// The name of the original, written into the draft [default: `text`].
    #[serde(default)]
    pub name: Option<String>,
    /// `xliff2` (or `xliff`), `xliff12`, `tsv`, `md`, `json`.
    #[serde(default)]
    #[schema(value_type = String, example = "xliff2")]
    pub format: crate::report::DraftFormat,
    #[serde(default)]
    #[schema(value_type = Option<String>, example = "ru")]
    pub from: Option<Lang>,
    /// Lowest score taken as a draft (0–101).
    #[serde(default = "default_pretranslate_min_score")]
    pub min_score: u8,
    /// Matches offered per segment (1–50).
    #[serde(default = "default_one")]
    pub limit: usize,
    #[serde(default)]
    #[schema(value_type = Option<String>, format = Date)]
    pub date: Option<Date>,
    #[serde(default = "default_true")]
    pub glossary: bool,
    /// Draft from the memory's targets as stored, without repairing their
    /// names, terms, numbers and dates.
    #[serde(default)]
    pub no_repair: bool,
    #[serde(default)]
    pub article: Option<String>,
    #[serde(default)]
    pub origin: Option<String>,
    #[serde(default)]
    #[schema(value_type = Option<String>, format = Date)]
    pub since: Option<Date>,
    #[serde(default)]
    #[schema(value_type = Option<String>, format = Date)]
    pub until: Option<Date>,
    /// The translator's targets, replacing the memory's drafts.
    #[serde(default)]
    pub targets: Vec<SegmentTarget>,
    /// Draft a run of segments as one from a paragraph match that beats
    /// their own drafts (memoQ's TM-driven segmentation); not with
    /// `targets`, which number the text's segments.
    #[serde(default)]
    pub join_paragraphs: bool,
}

impl PretranslateRequest {
    /// Checks every value; returns the filter and the source language.
    pub fn check(&self) -> Result<(UnitFilter, Lang)> {
        check_limit(self.limit)?;
        check_min_score(self.min_score)?;
        if let Some(t) = self.targets.iter().find(|t| t.segment == 0) {
            return Err(Error::usage(
                "targets",
                format!("target «{}»: segments are numbered from 1", t.target),
            ));
        }
        if let Some(t) = self.targets.iter().find(|t| t.segments == 0) {
            return Err(Error::usage(
                "targets",
                format!("target for segment {}: `segments` counts from 1", t.segment),
            ));
        }
        let mut runs: Vec<(usize, usize)> = self
            .targets
            .iter()
            .map(|t| (t.segment, t.segment.saturating_add(t.segments - 1)))
            .collect();
        runs.sort_unstable();
        if let Some(w) = runs
            .windows(2)
            .find(|w| w[1].0 <= w[0].1 && (w[0].0 < w[0].1 || w[1].0 < w[1].1))
        {
            let (run, other) = if w[0].0 < w[0].1 {
                (w[0], w[1])
            } else {
                (w[1], w[0])
            };
            return Err(Error::usage(
                "targets",
                format!(
                    "target for segment {}: it is in the run of segments {}–{} that one target translates",
                    other.0, run.0, run.1
                ),
            ));
        }
        if self.join_paragraphs && !self.targets.is_empty() {
            return Err(Error::usage(
                "join_paragraphs",
                "targets number the text's segments, which joining paragraphs would change: \
                 give one or the other",
            ));
        }
        let name = self.name.as_deref().unwrap_or("text");
        let lang = source_lang(&self.text, self.from, name)?;
        let filter = unit_filter(&self.article, &self.origin, self.since, self.until)?;
        Ok((filter, lang))
    }
}

/// `check`: a translation against the glossary and for numbers.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CheckRequest {
    /// The source, one segment per line.
    pub source: String,
    /// The translation, one segment per line, aligned with the source.
    pub target: String,
    #[serde(default)]
    #[schema(value_type = Option<String>, example = "ru")]
    pub from: Option<Lang>,
    #[serde(default)]
    #[schema(value_type = Option<String>, format = Date)]
    pub date: Option<Date>,
}

impl CheckRequest {
    /// Checks every value; returns the source language.
    pub fn check(&self) -> Result<Lang> {
        let lang = self.from.or_else(|| detect(&self.source)).ok_or_else(|| {
            Error::usage(
                "from",
                "source: cannot tell the language; pass --from ru or --from en",
            )
        })?;
        let (source, target) = (self.source.lines().count(), self.target.lines().count());
        if source != target {
            return Err(Error::usage(
                "target",
                format!(
                    "the source has {source} lines but the target has {target}: give one segment per line, aligned"
                ),
            ));
        }
        Ok(lang)
    }
}

/// `stats`: no options.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StatsRequest {}

/// `import`: how to read and store pairs (the pairs themselves come as
/// files or as the body of the request).
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ImportRequest {
    /// `tsv`, `csv`, `jsonl`, `tmx` [default: from the file name, or sniffed].
    #[serde(default)]
    #[schema(value_type = Option<String>, example = "jsonl")]
    pub format: Option<crate::formats::Format>,
    /// Columns of a TSV/CSV input without a header, e.g. `ru,en,article,date`.
    #[serde(default)]
    pub columns: Option<String>,
    /// Whether the first TSV/CSV line is a header [default: detected].
    #[serde(default)]
    pub header: Option<bool>,
    /// Commit after every N new units [default: one commit per import].
    #[serde(default)]
    pub batch: Option<u64>,
    /// Refuse the whole import at the first bad record.
    #[serde(default)]
    pub strict: bool,
    /// Origin of units that name none.
    #[serde(default)]
    pub origin: Option<String>,
    /// Seconds to wait for another writer.
    #[serde(default)]
    pub wait: f64,
}

/// A number of seconds to wait, checked.
fn check_wait(wait: f64) -> Result<std::time::Duration> {
    crate::fs::parse_wait(&wait.to_string())
        .map_err(|e| Error::usage("wait", format!("--wait {e}")))
}

impl ImportRequest {
    /// Checks every value; returns the options of [`crate::import::import`].
    pub fn check(&self) -> Result<crate::import::ImportOptions> {
        let columns = self
            .columns
            .as_deref()
            .map(|spec| {
                crate::formats::Column::parse_list(spec).map_err(|e| Error::usage("columns", e))
            })
            .transpose()?;
        if self.batch == Some(0) {
            return Err(Error::usage("batch", "--batch takes a number ≥ 1"));
        }
        Ok(crate::import::ImportOptions {
            format: self.format,
            read: crate::formats::ReadOptions {
                columns,
                has_header: self.header,
                ..crate::formats::ReadOptions::default()
            },
            batch: self.batch.map(|b| usize::try_from(b).unwrap_or(usize::MAX)),
            strict: self.strict,
            origin: self.origin.clone(),
            wait: check_wait(self.wait)?,
            stop_on_fatal: false,
        })
    }
}

/// `align`: the two language versions of one article.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AlignRequest {
    /// The Russian text (paragraphs separated by blank lines).
    pub ru: String,
    /// The English text.
    pub en: String,
    /// Store the pairs at or above `min_confidence` in the memory.
    #[serde(default)]
    pub import: bool,
    /// Lowest confidence of a pair that is stored (0–1).
    #[serde(default = "default_min_confidence")]
    pub min_confidence: f64,
    /// The article id of the pair.
    #[serde(default)]
    pub article: Option<String>,
    /// The publication date (YYYY-MM-DD).
    #[serde(default)]
    #[schema(value_type = Option<String>, format = Date)]
    pub date: Option<Date>,
    /// Origin recorded on stored units.
    #[serde(default)]
    pub origin: Option<String>,
    /// Use the memory's exact matches as evidence.
    #[serde(default)]
    pub memory_evidence: bool,
    /// Use the glossary's terms as anchors.
    #[serde(default = "default_true")]
    pub glossary: bool,
    /// Seconds to wait for another writer (with `import`).
    #[serde(default)]
    pub wait: f64,
}

/// The checked options of an alignment run, shared by one pair and a file
/// of pairs.
#[derive(Debug, Clone, Copy)]
pub struct AlignChecked {
    pub wait: std::time::Duration,
}

/// Checks the options `align` shares between a request and the command
/// line's file of pairs.
pub fn check_align(min_confidence: f64, wait: f64) -> Result<AlignChecked> {
    if !(0.0..=1.0).contains(&min_confidence) {
        return Err(Error::usage(
            "min_confidence",
            "--min-confidence takes a number from 0 to 1",
        ));
    }
    Ok(AlignChecked {
        wait: check_wait(wait)?,
    })
}

impl AlignRequest {
    pub fn check(&self) -> Result<AlignChecked> {
        check_align(self.min_confidence, self.wait)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn suggest(json: &str) -> Result<(UnitFilter, Lang)> {
        let request: SuggestRequest = serde_json::from_str(json).map_err(Error::other)?;
        request.check()
    }

    #[test]
    fn a_limit_of_zero_is_a_usage_error_naming_the_field() {
        let e = suggest(r#"{"text": "Да.", "limit": 0}"#).unwrap_err();
        assert_eq!(e.field(), Some("limit"));
        assert_eq!(e.exit_code(), 2);
    }

    #[test]
    fn a_score_above_101_is_refused() {
        let e = suggest(r#"{"text": "Да.", "min_score": 102}"#).unwrap_err();
        assert_eq!(e.field(), Some("min_score"));
    }

    #[test]
    fn since_after_until_names_since() {
        let e = suggest(r#"{"text": "Да.", "since": "2022-01-02", "until": "2022-01-01"}"#)
            .unwrap_err();
        assert_eq!(e.field(), Some("since"));
    }

    #[test]
    fn unknown_fields_are_refused() {
        let parsed: std::result::Result<SuggestRequest, _> =
            serde_json::from_str(r#"{"text": "Да.", "limits": 3}"#);
        assert!(parsed
            .unwrap_err()
            .to_string()
            .contains("unknown field `limits`"));
    }

    #[test]
    fn text_or_segments_exactly_one() {
        assert_eq!(suggest("{}").unwrap_err().field(), Some("text"));
        let both = suggest(r#"{"text": "Да.", "segments": ["Да."]}"#).unwrap_err();
        assert_eq!(both.field(), Some("segments"));
        assert!(suggest(r#"{"segments": ["Да.", "Нет."]}"#).is_ok());
    }

    /// The translator's targets number the text's segments, which
    /// joining paragraphs renumbers: one or the other.
    #[test]
    fn join_paragraphs_with_targets_is_refused() {
        let request =
            |json: &str| -> PretranslateRequest { serde_json::from_str(json).expect("a request") };
        let joined = r#"{"text": "Да. Нет.", "join_paragraphs": true"#;
        let e = request(&format!(
            r#"{joined}, "targets": [{{"segment": 1, "target": "Yes."}}]}}"#
        ))
        .check()
        .unwrap_err();
        assert_eq!(e.field(), Some("join_paragraphs"));
        assert!(request(&format!("{joined}}}")).check().is_ok());
    }

    /// A run one target translates may not hold another target.
    #[test]
    fn a_run_holding_another_target_is_refused() {
        let request =
            |json: &str| -> PretranslateRequest { serde_json::from_str(json).expect("a request") };
        let text = r#"{"text": "Да. Нет. Может быть. Конечно.", "targets": "#;
        let run = r#"{"segment": 2, "target": "No. Maybe.", "segments": 2}"#;
        for other in [2, 3] {
            let e = request(&format!(
                r#"{text}[{run}, {{"segment": {other}, "target": "x"}}]}}"#
            ))
            .check()
            .unwrap_err();
            assert_eq!(e.field(), Some("targets"), "{e}");
            assert!(e.to_string().contains("run of segments 2–3"), "{e}");
        }
        let zero = r#"{"segment": 1, "target": "Yes.", "segments": 0}"#;
        let e = request(&format!("{text}[{zero}]}}")).check().unwrap_err();
        assert_eq!(e.field(), Some("targets"));
        let next = r#"{"segment": 4, "target": "Of course."}"#;
        assert!(request(&format!("{text}[{run}, {next}]}}")).check().is_ok());
    }

    #[test]
    fn glossary_file_names_stay_inside_the_folder() {
        for bad in [
            "../x.tsv",
            "/etc/x.tsv",
            "a/b.tsv",
            "x.txt",
            "..",
            "a\\b.tsv",
        ] {
            assert!(check_file_name(bad, "file").is_err(), "{bad}");
        }
        assert!(check_file_name("people.tsv", "file").is_ok());
    }
}
