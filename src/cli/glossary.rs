//! `tilmash glossary`: list, find, add, edit, remove, import, export and
//! lint the workspace's glossary files. Every edit rewrites one file
//! through a temporary file and a rename, changing only the edited lines.

use std::io::{self, BufReader, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

use clap::{Args, Subcommand, ValueEnum};

use super::output::Output;
use super::session::{load_glossary, open_memory, output_error, Error, Messages, Result};
use crate::glossary::{display_name, Entry, Glossary, GlossaryFile, GlossaryLock, Status, COLUMNS};
use crate::operations::{
    glossary_add, glossary_edit, glossary_find, glossary_harvest, glossary_lint, glossary_list,
    glossary_remove, open_glossary_file, row_key, save_glossary_file,
};
use crate::report::glossary::{write_findings, write_hits, write_rows, Row};
use crate::report::harvest::write_harvest;
use crate::report::OutputFormat;
use crate::request::{
    GlossaryAddRequest, GlossaryEditRequest, GlossaryFindRequest, GlossaryHarvestRequest,
    GlossaryListRequest, RowSelection,
};
use crate::text::Lang;
use crate::workspace::Workspace;

#[derive(Debug, Args)]
pub struct GlossaryArgs {
    #[command(subcommand)]
    pub command: GlossaryCommand,
    /// Wait up to this many seconds for another process editing the
    /// glossary folder (add, edit, remove, import).
    #[arg(long, global = true, value_name = "SECONDS", default_value = "0", value_parser = crate::fs::parse_wait)]
    pub wait: std::time::Duration,
    /// Hidden: takes the place of the global `--memory` (same id), which
    /// does not apply to the glossary, so that its help does not list it
    /// and giving it is an error that says so.
    #[arg(long, global = true, hide = true, value_name = "PATH")]
    pub memory: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum GlossaryCommand {
    /// List rows, optionally filtered.
    #[command(
        after_help = "Examples:\n  tilmash glossary list --concept city-astana\n  tilmash glossary list --domain place --date 2020-05-01\n  tilmash glossary list --status forbidden --format tsv"
    )]
    List(ListArgs),
    /// The glossary terms in a word or text (inflected forms too).
    #[command(
        after_help = "Examples:\n  tilmash glossary find Токаеву\n  tilmash glossary find \"в Нур-Султане\" --date 2020-05-01\n  tilmash glossary find \"Nur-Sultan\" --date 2023-01-01 --format json"
    )]
    Find(FindArgs),
    /// Add a row (after the rows of its concept, or at the end of the file);
    /// refused when `glossary lint` would then report it, unless --force.
    #[command(
        after_help = "Examples:\n  tilmash glossary add --concept person-zhumangarin --ru Жумангарин --en Zhumangarin --pos propn --domain person --file people.tsv\n  tilmash glossary add --concept term-heating-season --ru \"отопительный сезон\" --en \"heating season\" --pos phrase --domain term --file terms.tsv"
    )]
    Add(AddArgs),
    /// Change columns of one row: `--set column=value`; refused when
    /// `glossary lint` would then report the row, unless --force.
    #[command(
        after_help = "Examples:\n  tilmash glossary edit --at people.tsv:8 --set 'en_variants=Toqaev|Tokaev'\n  tilmash glossary edit --concept person-bektenov --ru Бектенов --set note=\"surname-only form\""
    )]
    Edit(EditArgs),
    /// Remove one row.
    #[command(
        after_help = "Examples:\n  tilmash glossary remove --at people.tsv:12\n  tilmash glossary remove --concept person-zhumangarin"
    )]
    Remove(SelectArgs),
    /// Add the rows of a TBX, CSV or TSV file to a glossary file.
    #[command(
        after_help = "Examples:\n  tilmash glossary import termbase.tbx --into imported.tsv\n  tilmash glossary import names.csv --into people.tsv\n  tilmash glossary import proposals.tsv --into people.tsv"
    )]
    Import(GlossaryImportArgs),
    /// Write every row as TBX-Basic, CSV or TSV to standard output.
    #[command(
        after_help = "Examples:\n  tilmash glossary export > glossary.tbx\n  tilmash glossary export --format csv > glossary.csv"
    )]
    Export(GlossaryExportArgs),
    /// Propose new entries from the memory: names and two-word terms seen
    /// on both sides of its units, paired by co-occurrence and spelling,
    /// with counts, dates and examples; a glossary TSV file to review and
    /// import (`--format tsv`, the default) or JSON.
    #[command(
        after_help = "Examples:\n  tilmash glossary harvest --limit 50 -o proposals.tsv\n  tilmash glossary harvest --only name --min-count 5 --since 2022-01-01 --format json\n  tilmash glossary harvest --from en --only term --format text\n  tilmash glossary import proposals.tsv --into people.tsv   # after review"
    )]
    Harvest(HarvestArgs),
    /// Report duplicates, conflicts, overlapping periods, unknown statuses
    /// and wrong scripts; exit 1 when there is any finding.
    #[command(
        after_help = "Examples:\n  tilmash glossary lint\n  tilmash glossary lint --format json"
    )]
    Lint(LintArgs),
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only the rows of this concept id, e.g. `city-astana`.
    #[arg(long, value_name = "ID")]
    pub concept: Option<String>,
    /// Only the rows of this domain: person, place, organization, party,
    /// media, office, currency, event, term (or one the files use).
    #[arg(long, value_name = "DOMAIN")]
    pub domain: Option<String>,
    /// Only the rows with this status: preferred, admitted, deprecated,
    /// forbidden.
    #[arg(long, value_parser = parse_status, value_name = "STATUS")]
    pub status: Option<Status>,
    /// Only rows valid on this date.
    #[arg(long, value_name = "DATE", value_parser = crate::cli::args::parse_date)]
    pub date: Option<jiff::civil::Date>,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: OutputFormat,
}

#[derive(Debug, Args)]
pub struct FindArgs {
    /// A word, a name or a whole text.
    pub text: String,
    /// Its language [default: detected from the script].
    #[arg(long, value_name = "ru|en")]
    pub from: Option<Lang>,
    /// The text's date [default: today].
    #[arg(long, value_name = "DATE", value_parser = crate::cli::args::parse_date)]
    pub date: Option<jiff::civil::Date>,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: OutputFormat,
}

#[derive(Debug, Args)]
pub struct AddArgs {
    /// The concept id the row names, shared by every row of the same
    /// thing, e.g. `person-bektenov`.
    #[arg(long, value_name = "ID")]
    pub concept: String,
    /// The Russian term, in dictionary form.
    #[arg(long, value_name = "TERM")]
    pub ru: String,
    /// The English term.
    #[arg(long, value_name = "TERM")]
    pub en: String,
    /// Other Russian forms, separated by `|`.
    #[arg(long, default_value = "", value_name = "FORMS")]
    pub ru_variants: String,
    /// Other English forms, separated by `|`.
    #[arg(long, default_value = "", value_name = "FORMS")]
    pub en_variants: String,
    /// preferred, admitted, deprecated or forbidden.
    #[arg(long, value_parser = parse_status, default_value = "preferred", value_name = "STATUS")]
    pub status: Status,
    /// First day the row is valid [default: no lower bound].
    #[arg(long, value_name = "DATE", value_parser = crate::cli::args::parse_date)]
    pub valid_from: Option<jiff::civil::Date>,
    /// First day the row is no longer valid [default: still valid].
    #[arg(long, value_name = "DATE", value_parser = crate::cli::args::parse_date)]
    pub valid_to: Option<jiff::civil::Date>,
    /// Part of speech: noun, propn, adj, verb or phrase.
    #[arg(long, default_value = "", value_name = "POS")]
    pub pos: String,
    /// Domain: person, place, organization, party, media, office,
    /// currency, event or term.
    #[arg(long, default_value = "", value_name = "DOMAIN")]
    pub domain: String,
    /// A short English explanation: who or what, since when, why the
    /// status.
    #[arg(long, default_value = "", value_name = "TEXT")]
    pub note: String,
    /// The glossary file (a name in the glossary folder) [default: the
    /// file of the concept, or the only file].
    #[arg(long, value_name = "NAME")]
    pub file: Option<String>,
    /// Add the row even if `glossary lint` then reports it (an overlap of
    /// dates, a duplicate, an ambiguous form).
    #[arg(long)]
    pub force: bool,
}

/// Which row: `--at FILE:LINE`, or a concept and/or terms that select
/// exactly one row.
#[derive(Debug, Args)]
pub struct SelectArgs {
    /// The row at this file and line, e.g. `people.tsv:12` (as `glossary
    /// list` shows it).
    #[arg(long, value_name = "FILE:LINE")]
    pub at: Option<String>,
    /// The row of this concept id (with --ru/--en when it has several).
    #[arg(long, value_name = "ID")]
    pub concept: Option<String>,
    /// The row whose Russian term is this.
    #[arg(long, value_name = "TERM")]
    pub ru: Option<String>,
    /// The row whose English term is this.
    #[arg(long, value_name = "TERM")]
    pub en: Option<String>,
}

#[derive(Debug, Args)]
pub struct EditArgs {
    #[command(flatten)]
    pub select: SelectArgs,
    /// `column=value`, e.g. `--set en=Astana --set valid_to=2022-09-17`
    /// (an empty value clears the column).
    #[arg(long = "set", value_name = "COLUMN=VALUE", required = true)]
    pub set: Vec<String>,
    /// Change the row even if `glossary lint` then reports it (an overlap
    /// of dates, a duplicate, an ambiguous form).
    #[arg(long)]
    pub force: bool,
}

/// The formats a glossary is exchanged in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Interchange {
    /// TBX-Basic, as CAT tools (memoQ, Trados MultiTerm) read and write it.
    Tbx,
    /// CSV with the glossary's columns as header.
    Csv,
    /// TSV with the glossary's columns as header: a glossary file, such
    /// as `glossary harvest` writes (comment lines are left out).
    Tsv,
}

#[derive(Debug, Args)]
pub struct GlossaryImportArgs {
    /// A `.tbx`, `.csv` or `.tsv` file.
    pub file: PathBuf,
    /// Its format [default: from the extension].
    #[arg(long = "input-format", alias = "as", value_enum, value_name = "FORMAT")]
    pub format: Option<Interchange>,
    /// The glossary file to add to (created if missing).
    #[arg(long, value_name = "NAME", default_value = "imported.tsv")]
    pub into: String,
}

#[derive(Debug, Args)]
pub struct GlossaryExportArgs {
    /// Output format.
    #[arg(long = "format", alias = "as", value_enum, default_value = "tbx")]
    pub format: Interchange,
}

/// Which candidates `glossary harvest` proposes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum HarvestOnly {
    /// Capitalized words and runs of them (people, places, bodies).
    Name,
    /// Two consecutive lower-case content words (`base rate`).
    Term,
}

#[derive(Debug, Args)]
pub struct HarvestArgs {
    /// Only pairs found together in at least this many units (2 or more).
    #[arg(long, default_value_t = crate::harvest::DEFAULT_MIN_COUNT, value_name = "N")]
    pub min_count: u32,
    /// Proposals at most, best first (0: all).
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub limit: usize,
    /// The side whose terms are proposed, each with its targets over time.
    #[arg(long, value_name = "ru|en", default_value = "ru")]
    pub from: Lang,
    /// Only names or only terms [default: both].
    #[arg(long, value_enum)]
    pub only: Option<HarvestOnly>,
    #[command(flatten)]
    pub filter: crate::cli::args::FilterArgs,
    /// Write to this file (atomically) instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Output format: tsv (a glossary file to review and import), text,
    /// json or jsonl.
    #[arg(long, value_enum, default_value = "tsv")]
    pub format: OutputFormat,
}

#[derive(Debug, Args)]
pub struct LintArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: OutputFormat,
}

fn parse_status(s: &str) -> std::result::Result<Status, String> {
    s.parse()
}

pub fn run(workspace: &Workspace, args: GlossaryArgs, messages: &Messages) -> Result<i32> {
    let dir = &workspace.glossaries;
    if let GlossaryCommand::Harvest(a) = args.command {
        // The one glossary command that reads a memory.
        let workspace = match args.memory {
            Some(memory) => Workspace::resolve(Some(memory))?,
            None => workspace.clone(),
        };
        return harvest(&workspace, a, messages);
    }
    if args.memory.is_some() {
        return Err(Error::usage(
            "memory",
            format!(
                "--memory does not apply to the glossary, which is the folder {} \
                 (`glossaries` in tilmash.toml)",
                dir.display()
            ),
        ));
    }
    match args.command {
        GlossaryCommand::List(a) => list(dir, a),
        GlossaryCommand::Find(a) => find(workspace, a, messages),
        GlossaryCommand::Add(a) => add(dir, a, args.wait, messages),
        GlossaryCommand::Edit(a) => edit(dir, a, args.wait, messages),
        GlossaryCommand::Remove(a) => remove(dir, a, args.wait, messages),
        GlossaryCommand::Import(a) => {
            // The import holds the folder's lock from reading the files to
            // rewriting one, as the edits do.
            let _lock = GlossaryLock::acquire(dir, args.wait)?;
            import(dir, a, messages)
        }
        GlossaryCommand::Export(a) => export(workspace, a),
        GlossaryCommand::Harvest(_) => unreachable!("harvest is run above"),
        GlossaryCommand::Lint(a) => lint_command(dir, a),
    }
}

fn harvest(workspace: &Workspace, a: HarvestArgs, messages: &Messages) -> Result<i32> {
    let request = GlossaryHarvestRequest {
        min_count: a.min_count,
        limit: a.limit,
        from: Some(a.from),
        only: a.only.map(|o| {
            match o {
                HarvestOnly::Name => "name",
                HarvestOnly::Term => "term",
            }
            .to_string()
        }),
        article: a.filter.article,
        origin: a.filter.origin,
        since: a.filter.since,
        until: a.filter.until,
    };
    request.check()?;
    let memory = open_memory(workspace, messages)?;
    let glossary = load_glossary(workspace)?;
    let snapshot = memory.snapshot();
    let bar = messages.progress(Some(snapshot.len()));
    bar.set_style(
        indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} units, {eta} left")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    let harvest = glossary_harvest(&snapshot, &glossary, &request, &mut |n| bar.set_position(n));
    bar.finish_and_clear();
    let harvest = harvest?;
    let mut out = Output::create(a.output.as_deref(), &[])?;
    write_harvest(
        &mut out,
        a.format,
        messages.style,
        &workspace.memory_name(),
        &harvest,
    )
    .map_err(|e| out.error(e))?;
    out.commit()?;
    if let Some(path) = a.output.as_deref() {
        messages.say(&format!(
            "{}: {} proposals from {} units",
            path.display(),
            harvest.proposals.len(),
            harvest.units
        ));
    }
    Ok(0)
}

fn read_all(dir: &Path) -> Result<Vec<GlossaryFile>> {
    crate::operations::glossary_files(dir)
}

fn list(dir: &Path, a: ListArgs) -> Result<i32> {
    let request = GlossaryListRequest {
        concept: a.concept,
        domain: a.domain,
        status: a.status.map(|s| s.name().to_string()),
        date: a.date,
    };
    let files = read_all(dir)?;
    let found = glossary_list(&files, &request)?;
    let rows: Vec<Row> = found.iter().map(|(at, entry)| Row { at, entry }).collect();
    write_rows(&mut io::stdout().lock(), a.format, &rows).map_err(output_error)?;
    Ok(0)
}

fn find(workspace: &Workspace, a: FindArgs, messages: &Messages) -> Result<i32> {
    let request = GlossaryFindRequest {
        find: a.text,
        from: a.from,
        date: a.date,
    };
    request.check()?;
    let glossary = load_glossary(workspace)?;
    let hits = glossary_find(&glossary, &request)?;
    write_hits(&mut io::stdout().lock(), a.format, messages.style, &hits).map_err(output_error)?;
    Ok(0)
}

fn add(dir: &Path, a: AddArgs, wait: Duration, messages: &Messages) -> Result<i32> {
    let request = GlossaryAddRequest {
        concept: a.concept,
        ru: a.ru,
        en: a.en,
        ru_variants: a.ru_variants,
        en_variants: a.en_variants,
        status: Some(a.status.name().to_string()),
        valid_from: a.valid_from,
        valid_to: a.valid_to,
        pos: a.pos,
        domain: a.domain,
        note: a.note,
        file: a.file,
        force: a.force,
    };
    let (at, _) = glossary_add(dir, &request, wait)?;
    messages.say(&format!("added {}:{}", at.file, at.line));
    Ok(0)
}

fn edit(dir: &Path, a: EditArgs, wait: Duration, messages: &Messages) -> Result<i32> {
    let mut set = std::collections::BTreeMap::new();
    for assignment in &a.set {
        let (column, value) = assignment.split_once('=').ok_or_else(|| {
            Error::usage("set", format!("--set `{assignment}`: write COLUMN=VALUE"))
        })?;
        set.insert(column.trim().to_string(), value.to_string());
    }
    let request = GlossaryEditRequest {
        at: a.select.at,
        concept: a.select.concept,
        ru: a.select.ru,
        en: a.select.en,
        set,
        force: a.force,
    };
    let (at, _, changed) = glossary_edit(dir, &request, wait)?;
    let what = if changed { "changed" } else { "unchanged" };
    messages.say(&format!("{what} {}:{}", at.file, at.line));
    Ok(0)
}

fn remove(dir: &Path, a: SelectArgs, wait: Duration, messages: &Messages) -> Result<i32> {
    let request = RowSelection {
        at: a.at,
        concept: a.concept,
        ru: a.ru,
        en: a.en,
    };
    let (at, removed) = glossary_remove(dir, &request, wait)?;
    messages.say(&format!(
        "removed {}:{} ({} / {})",
        at.file, at.line, removed.ru, removed.en
    ));
    Ok(0)
}

fn import(dir: &Path, a: GlossaryImportArgs, messages: &Messages) -> Result<i32> {
    let format = match a.format {
        Some(f) => f,
        None => match a
            .file
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("tbx") | Some("xml") => Interchange::Tbx,
            Some("csv") => Interchange::Csv,
            Some("tsv") => Interchange::Tsv,
            _ => {
                return Err(Error::Other(format!(
                    "{}: cannot tell the format; pass --input-format tbx, csv or tsv",
                    a.file.display()
                )))
            }
        },
    };
    let name = a.file.display().to_string();
    let input = std::fs::File::open(&a.file).map_err(|e| Error::Other(format!("{name}: {e}")))?;
    let rows: Vec<Entry> = match format {
        Interchange::Tbx => {
            crate::glossary::tbx::read_tbx(BufReader::new(input), &name).map_err(Error::from)?
        }
        Interchange::Tsv => {
            // A glossary file, read strictly: a malformed row names its line.
            GlossaryFile::read(&a.file)
                .map_err(Error::from)?
                .entries()
                .map(|(_, e)| e.clone())
                .collect()
        }
        Interchange::Csv => crate::glossary::csv::read_csv(BufReader::new(input), &name)
            .map_err(|errors| {
                Error::Other(
                    errors
                        .iter()
                        .map(|e| e.to_string())
                        .collect::<Vec<_>>()
                        .join("\n"),
                )
            })?
            .into_iter()
            .map(|(_, e)| e)
            .collect(),
    };
    let files = read_all(dir)?;
    let mut file = open_glossary_file(dir, &a.into, "into")?;
    let path = file.path().to_path_buf();
    // Rows already there, by key: one pass, not one per imported row.
    let mut known: std::collections::HashSet<_> = files
        .iter()
        .chain(std::iter::once(&file))
        .flat_map(|f| f.entries().map(|(_, e)| row_key(e)))
        .collect();
    let (mut fresh, mut unchanged) = (Vec::new(), 0);
    for mut entry in rows {
        if !known.insert(row_key(&entry)) {
            unchanged += 1;
            continue;
        }
        entry.extra.retain(|k, _| file.columns().contains(k));
        fresh.push(entry);
    }
    let added = fresh.len();
    file.insert_all(fresh).map_err(Error::from)?;
    if added > 0 {
        save_glossary_file(&file)?;
    }
    messages.say(&format!(
        "{}: {added} rows added, {unchanged} already there",
        display_name(&path)
    ));
    Ok(0)
}

fn export(workspace: &Workspace, a: GlossaryExportArgs) -> Result<i32> {
    let glossary: Glossary = load_glossary(workspace)?;
    let mut out = io::stdout().lock();
    match a.format {
        Interchange::Tbx => crate::glossary::tbx::write_tbx(&mut out, &glossary),
        Interchange::Csv => crate::glossary::csv::write_csv(&mut out, glossary.entries()),
        Interchange::Tsv => {
            let mut text = COLUMNS.join("\t");
            text.push('\n');
            for e in glossary.entries() {
                let fields: Vec<String> = COLUMNS.iter().map(|c| e.field(c)).collect();
                text.push_str(&fields.join("\t"));
                text.push('\n');
            }
            out.write_all(text.as_bytes())
        }
    }
    .map_err(output_error)?;
    Ok(0)
}

fn lint_command(dir: &Path, a: LintArgs) -> Result<i32> {
    let findings = glossary_lint(dir)?;
    write_findings(&mut io::stdout().lock(), a.format, &findings).map_err(output_error)?;
    Ok(if findings.is_empty() { 0 } else { 1 })
}
