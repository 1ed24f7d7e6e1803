//! The checked requests of the `glossary` commands: find, harvest, list,
//! add, edit, remove and lint.

use super::*;

/// `glossary find`: the glossary terms in a word or text.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GlossaryFindRequest {
    /// A word, a name or a whole text.
    pub find: String,
    #[serde(default)]
    #[schema(value_type = Option<String>, example = "ru")]
    pub from: Option<Lang>,
    #[serde(default)]
    #[schema(value_type = Option<String>, format = Date)]
    pub date: Option<Date>,
}

impl GlossaryFindRequest {
    /// Checks every value; returns the language and the date.
    pub fn check(&self) -> Result<(Lang, Date)> {
        let lang = self.from.or_else(|| detect(&self.find)).ok_or_else(|| {
            Error::usage(
                "from",
                "cannot tell the language of the text; pass --from ru or --from en",
            )
        })?;
        Ok((lang, self.date.unwrap_or_else(today)))
    }
}

/// `glossary harvest`: new glossary entries proposed from the memory.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GlossaryHarvestRequest {
    /// Units a pair must share at least.
    #[serde(default = "default_harvest_min_count")]
    pub min_count: u32,
    /// Proposals at most, best first (0: all).
    #[serde(default)]
    pub limit: usize,
    /// The side whose terms are proposed, each with its targets [default: ru].
    #[serde(default)]
    #[schema(value_type = Option<String>, example = "ru")]
    pub from: Option<Lang>,
    /// `name` or `term`: only that kind [default: both].
    #[serde(default)]
    pub only: Option<String>,
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

fn default_harvest_min_count() -> u32 {
    crate::harvest::DEFAULT_MIN_COUNT
}

impl GlossaryHarvestRequest {
    /// Checks every value; returns the harvest's options.
    pub fn check(&self) -> Result<crate::harvest::HarvestOptions> {
        use crate::harvest::{HarvestOptions, Kind};
        if self.min_count < 2 {
            return Err(Error::usage(
                "min_count",
                format!(
                    "--min-count {}: give 2 or more (a pair seen once is no evidence)",
                    self.min_count
                ),
            ));
        }
        let kinds = match self.only.as_deref() {
            None => Kind::ALL.to_vec(),
            Some(only) => vec![Kind::ALL
                .into_iter()
                .find(|k| k.name() == only.trim())
                .ok_or_else(|| {
                    Error::usage("only", format!("--only `{only}`: write name or term"))
                })?],
        };
        Ok(HarvestOptions {
            min_count: self.min_count,
            limit: (self.limit > 0).then_some(self.limit),
            from: self.from.unwrap_or(Lang::Ru),
            kinds,
            filter: unit_filter(&self.article, &self.origin, self.since, self.until)?,
        })
    }
}

/// `glossary list`: rows, optionally filtered.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GlossaryListRequest {
    #[serde(default)]
    pub concept: Option<String>,
    #[serde(default)]
    pub domain: Option<String>,
    /// `preferred`, `admitted`, `deprecated`, `forbidden`.
    #[serde(default)]
    pub status: Option<String>,
    /// Only rows valid on this date.
    #[serde(default)]
    #[schema(value_type = Option<String>, format = Date)]
    pub date: Option<Date>,
}

impl GlossaryListRequest {
    /// Checks every value; returns the status asked for.
    pub fn check(&self) -> Result<Option<crate::glossary::Status>> {
        self.status
            .as_deref()
            .map(|s| s.parse().map_err(|e: String| Error::usage("status", e)))
            .transpose()
    }
}

/// `glossary add`: a new row.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GlossaryAddRequest {
    pub concept: String,
    pub ru: String,
    pub en: String,
    /// Other Russian forms, separated by `|`.
    #[serde(default)]
    pub ru_variants: String,
    /// Other English forms, separated by `|`.
    #[serde(default)]
    pub en_variants: String,
    /// `preferred` (default), `admitted`, `deprecated`, `forbidden`.
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    #[schema(value_type = Option<String>, format = Date)]
    pub valid_from: Option<Date>,
    /// First day the row is no longer valid.
    #[serde(default)]
    #[schema(value_type = Option<String>, format = Date)]
    pub valid_to: Option<Date>,
    #[serde(default)]
    pub pos: String,
    #[serde(default)]
    pub domain: String,
    #[serde(default)]
    pub note: String,
    /// The glossary file, a bare name ending in `.tsv` [default: the file
    /// of the concept, or the only file].
    #[serde(default)]
    pub file: Option<String>,
    /// Add the row even if the glossary's lint then reports it (an
    /// overlap of dates, a duplicate, …).
    #[serde(default)]
    pub force: bool,
}

impl GlossaryAddRequest {
    /// Checks every value; returns the entry to add.
    pub fn check(&self) -> Result<crate::glossary::Entry> {
        use crate::glossary::entry::split_variants;
        let mut entry = crate::glossary::Entry::new(&self.concept, &self.ru, &self.en);
        entry.ru_variants = split_variants(&self.ru_variants);
        entry.en_variants = split_variants(&self.en_variants);
        if let Some(status) = &self.status {
            entry.status = status
                .parse()
                .map_err(|e: String| Error::usage("status", e))?;
        }
        for (field, value) in [("pos", &self.pos), ("domain", &self.domain)] {
            if let Some(problem) = crate::glossary::closed_value_problem(field, value) {
                return Err(Error::usage(field, problem));
            }
        }
        entry.valid_from = self.valid_from;
        entry.valid_to = self.valid_to;
        entry.pos = self.pos.clone();
        entry.domain = self.domain.clone();
        entry.note = self.note.clone();
        if let Some(problem) = entry.problem() {
            return Err(Error::usage("concept", problem));
        }
        if let Some(file) = &self.file {
            check_file_name(file, "file")?;
        }
        Ok(entry)
    }
}

/// A glossary file named by a request: a bare name ending in `.tsv`, so
/// that no request reaches outside the glossary folder.
pub fn check_file_name(name: &str, field: &'static str) -> Result<()> {
    let path = std::path::Path::new(name);
    let bare = matches!(
        path.components().collect::<Vec<_>>().as_slice(),
        [std::path::Component::Normal(_)]
    );
    // `.tsv` alone is a hidden file without an extension: never read.
    let tsv = path.extension().is_some_and(|e| e == "tsv");
    if !bare || !tsv || name.contains(['/', '\\']) {
        return Err(Error::usage(
            field,
            format!("`{name}`: give a file name ending in .tsv inside the glossary folder"),
        ));
    }
    Ok(())
}

/// Which glossary row: at a file and line, or the one row a concept
/// and/or terms select.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RowSelection {
    /// `people.tsv:12`.
    #[serde(default)]
    pub at: Option<String>,
    #[serde(default)]
    pub concept: Option<String>,
    #[serde(default)]
    pub ru: Option<String>,
    #[serde(default)]
    pub en: Option<String>,
}

impl RowSelection {
    /// The file and line of `at`, checked.
    pub fn at(&self) -> Result<Option<(String, usize)>> {
        let Some(at) = &self.at else {
            if self.concept.is_none() && self.ru.is_none() && self.en.is_none() {
                return Err(Error::usage(
                    "at",
                    "say which row: --at FILE:LINE, or --concept/--ru/--en",
                ));
            }
            return Ok(None);
        };
        let (name, line) = at
            .rsplit_once(':')
            .and_then(|(n, l)| Some((n, l.parse::<usize>().ok()?)))
            .ok_or_else(|| {
                Error::usage(
                    "at",
                    format!("--at `{at}`: write FILE:LINE, e.g. people.tsv:12"),
                )
            })?;
        check_file_name(name, "at")?;
        Ok(Some((name.to_string(), line)))
    }
}

/// `glossary edit`: change columns of one row.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GlossaryEditRequest {
    /// `people.tsv:12`.
    #[serde(default)]
    pub at: Option<String>,
    #[serde(default)]
    pub concept: Option<String>,
    #[serde(default)]
    pub ru: Option<String>,
    #[serde(default)]
    pub en: Option<String>,
    /// Column → new value (an empty value clears the column).
    pub set: std::collections::BTreeMap<String, String>,
    /// Change the row even if the glossary's lint then reports it (an
    /// overlap of dates, a duplicate, …).
    #[serde(default)]
    pub force: bool,
}

impl GlossaryEditRequest {
    /// The row edited.
    pub fn select(&self) -> RowSelection {
        RowSelection {
            at: self.at.clone(),
            concept: self.concept.clone(),
            ru: self.ru.clone(),
            en: self.en.clone(),
        }
    }

    /// Checks every value.
    pub fn check(&self) -> Result<()> {
        if self.set.is_empty() {
            return Err(Error::usage("set", "give at least one COLUMN=VALUE to set"));
        }
        self.select().at().map(|_| ())
    }
}

/// `glossary remove`: the row to remove.
pub type GlossaryRemoveRequest = RowSelection;

/// `glossary lint`: no options.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GlossaryLintRequest {}
