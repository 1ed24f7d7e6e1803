//! `tilmash glossary`: list, find, add, edit, remove, import, export and
//! lint the workspace's glossary files. Every edit rewrites one file
//! through a temporary file and a rename, changing only the edited lines.

use std::io::{self, BufReader, Write};
use std::path::{Path, PathBuf};

use clap::{Args, Subcommand, ValueEnum};

use super::session::{load_glossary, output_error, style, today, CliError, Messages, Result};
use crate::glossary::file::Parse;
use crate::glossary::lint::{lint, parse_findings};
use crate::glossary::{
    display_name, glossary_files, Entry, EntryRef, Glossary, GlossaryFile, GlossaryLock, Status,
    COLUMNS,
};
use crate::report::glossary::{write_findings, write_hits, write_rows, Row};
use crate::report::OutputFormat;
use crate::text::{detect, Lang};
use crate::workspace::Workspace;

#[derive(Debug, Args)]
pub struct GlossaryArgs {
    #[command(subcommand)]
    pub command: GlossaryCommand,
    /// Wait up to this many seconds for another process editing the
    /// glossary folder (add, edit, remove, import).
    #[arg(long, global = true, value_name = "SECONDS", default_value = "0", value_parser = crate::fs::parse_wait)]
    pub wait: std::time::Duration,
}

#[derive(Debug, Subcommand)]
pub enum GlossaryCommand {
    /// List rows, optionally filtered.
    List(ListArgs),
    /// The glossary terms in a word or text (inflected forms too).
    Find(FindArgs),
    /// Add a row (after the rows of its concept, or at the end of the file).
    Add(AddArgs),
    /// Change columns of one row: `--set column=value`.
    Edit(EditArgs),
    /// Remove one row.
    Remove(SelectArgs),
    /// Add the rows of a TBX or CSV file to a glossary file.
    Import(ImportArgs),
    /// Write every row as TBX-Basic, CSV or TSV to standard output.
    Export(ExportArgs),
    /// Report duplicates, conflicts, overlapping periods, unknown statuses
    /// and wrong scripts; exit 1 when there is any finding.
    Lint(LintArgs),
}

#[derive(Debug, Args)]
pub struct ListArgs {
    #[arg(long)]
    pub concept: Option<String>,
    #[arg(long)]
    pub domain: Option<String>,
    #[arg(long, value_parser = parse_status)]
    pub status: Option<Status>,
    /// Only rows valid on this date.
    #[arg(long, value_name = "DATE")]
    pub date: Option<jiff::civil::Date>,
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
    #[arg(long, value_name = "DATE")]
    pub date: Option<jiff::civil::Date>,
    #[arg(long, value_enum, default_value_t)]
    pub format: OutputFormat,
}

#[derive(Debug, Args)]
pub struct AddArgs {
    #[arg(long)]
    pub concept: String,
    #[arg(long)]
    pub ru: String,
    #[arg(long)]
    pub en: String,
    /// Other Russian forms, separated by `|`.
    #[arg(long, default_value = "")]
    pub ru_variants: String,
    /// Other English forms, separated by `|`.
    #[arg(long, default_value = "")]
    pub en_variants: String,
    #[arg(long, value_parser = parse_status, default_value = "preferred")]
    pub status: Status,
    #[arg(long, value_name = "DATE")]
    pub valid_from: Option<jiff::civil::Date>,
    /// First day the row is no longer valid.
    #[arg(long, value_name = "DATE")]
    pub valid_to: Option<jiff::civil::Date>,
    #[arg(long, default_value = "")]
    pub pos: String,
    #[arg(long, default_value = "")]
    pub domain: String,
    #[arg(long, default_value = "")]
    pub note: String,
    /// The glossary file (a name in the glossary folder) [default: the
    /// file of the concept, or the only file].
    #[arg(long, value_name = "NAME")]
    pub file: Option<String>,
}

/// Which row: `--at FILE:LINE`, or a concept and/or terms that select
/// exactly one row.
#[derive(Debug, Args)]
pub struct SelectArgs {
    /// `people.tsv:12`.
    #[arg(long, value_name = "FILE:LINE")]
    pub at: Option<String>,
    #[arg(long)]
    pub concept: Option<String>,
    #[arg(long)]
    pub ru: Option<String>,
    #[arg(long)]
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
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Interchange {
    Tbx,
    Csv,
    Tsv,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// A `.tbx` or `.csv` file.
    pub file: PathBuf,
    /// Its format [default: from the extension].
    #[arg(long = "as", value_enum)]
    pub format: Option<Interchange>,
    /// The glossary file to add to (created if missing).
    #[arg(long, value_name = "NAME", default_value = "imported.tsv")]
    pub into: String,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[arg(long = "as", value_enum, default_value = "tbx")]
    pub format: Interchange,
}

#[derive(Debug, Args)]
pub struct LintArgs {
    #[arg(long, value_enum, default_value_t)]
    pub format: OutputFormat,
}

fn parse_status(s: &str) -> std::result::Result<Status, String> {
    s.parse()
}

pub fn run(workspace: &Workspace, args: GlossaryArgs, messages: &Messages) -> Result<i32> {
    let dir = &workspace.glossaries;
    // Edits hold the folder's lock from reading the files to rewriting one.
    let _lock = match args.command {
        GlossaryCommand::Add(_)
        | GlossaryCommand::Edit(_)
        | GlossaryCommand::Remove(_)
        | GlossaryCommand::Import(_) => {
            Some(GlossaryLock::acquire(dir, args.wait).map_err(CliError::new)?)
        }
        _ => None,
    };
    match args.command {
        GlossaryCommand::List(a) => list(dir, a),
        GlossaryCommand::Find(a) => find(workspace, a),
        GlossaryCommand::Add(a) => add(dir, a, messages),
        GlossaryCommand::Edit(a) => edit(dir, a, messages),
        GlossaryCommand::Remove(a) => remove(dir, a, messages),
        GlossaryCommand::Import(a) => import(dir, a, messages),
        GlossaryCommand::Export(a) => export(workspace, a),
        GlossaryCommand::Lint(a) => lint_command(dir, a),
    }
}

fn read_all(dir: &Path) -> Result<Vec<GlossaryFile>> {
    if !dir.exists() {
        return Ok(Vec::new());
    }
    crate::glossary::read_files(dir).map_err(CliError::new)
}

fn list(dir: &Path, a: ListArgs) -> Result<i32> {
    let files = read_all(dir)?;
    let refs: Vec<(EntryRef, &Entry)> = files
        .iter()
        .flat_map(|f| {
            let name = display_name(f.path());
            f.entries().map(move |(line, e)| {
                (
                    EntryRef {
                        file: name.clone(),
                        line,
                    },
                    e,
                )
            })
        })
        .filter(|(_, e)| a.concept.as_ref().is_none_or(|c| &e.concept == c))
        .filter(|(_, e)| a.domain.as_ref().is_none_or(|d| &e.domain == d))
        .filter(|(_, e)| a.status.is_none_or(|s| e.status == s))
        .filter(|(_, e)| a.date.is_none_or(|d| e.valid_on(d)))
        .collect();
    let rows: Vec<Row> = refs.iter().map(|(at, entry)| Row { at, entry }).collect();
    write_rows(&mut io::stdout().lock(), a.format, &rows).map_err(output_error)?;
    Ok(0)
}

fn find(workspace: &Workspace, a: FindArgs) -> Result<i32> {
    let glossary = load_glossary(workspace)?;
    let lang = a.from.or_else(|| detect(&a.text)).ok_or_else(|| {
        CliError("cannot tell the language of the text; pass --from ru or --from en".into())
    })?;
    let hits = glossary.recognize(&a.text, lang, a.date.unwrap_or_else(today));
    write_hits(&mut io::stdout().lock(), a.format, style(), &hits).map_err(output_error)?;
    Ok(0)
}

/// The path of glossary file `name` in `dir`; a bare name only.
fn file_path(dir: &Path, name: &str) -> Result<PathBuf> {
    let path = Path::new(name);
    // `.tsv` alone is a hidden file without an extension: never read.
    let tsv = path.extension().is_some_and(|e| e == "tsv");
    if path.components().count() != 1 || !tsv {
        return Err(CliError(format!(
            "`{name}`: give a file name ending in .tsv inside {}",
            dir.display()
        )));
    }
    Ok(dir.join(path))
}

fn open_or_new(path: &Path) -> Result<GlossaryFile> {
    if path.exists() {
        GlossaryFile::read(path).map_err(CliError::new)
    } else {
        Ok(GlossaryFile::new(path))
    }
}

fn save(file: &GlossaryFile, messages: &Messages, what: &str) -> Result<()> {
    if let Some(dir) = file.path().parent() {
        std::fs::create_dir_all(dir).map_err(|e| CliError(format!("{}: {e}", dir.display())))?;
    }
    file.save().map_err(CliError::new)?;
    if !what.is_empty() {
        messages.say(what);
    }
    Ok(())
}

fn add(dir: &Path, a: AddArgs, messages: &Messages) -> Result<i32> {
    let mut entry = Entry::new(&a.concept, &a.ru, &a.en);
    entry.ru_variants = crate::glossary::entry::split_variants(&a.ru_variants);
    entry.en_variants = crate::glossary::entry::split_variants(&a.en_variants);
    entry.status = a.status;
    entry.valid_from = a.valid_from;
    entry.valid_to = a.valid_to;
    entry.pos = a.pos;
    entry.domain = a.domain;
    entry.note = a.note;
    if let Some(problem) = entry.problem() {
        return Err(CliError(problem));
    }
    let files = read_all(dir)?;
    let path = match &a.file {
        Some(name) => file_path(dir, name)?,
        None => {
            let holder = files
                .iter()
                .find(|f| f.entries().any(|(_, e)| e.concept == entry.concept));
            match (holder, files.as_slice()) {
                (Some(f), _) => f.path().to_path_buf(),
                (None, [only]) => only.path().to_path_buf(),
                (None, _) => {
                    let names: Vec<String> = files.iter().map(|f| display_name(f.path())).collect();
                    return Err(CliError(format!(
                        "new concept `{}`: say which file with --file NAME ({})",
                        entry.concept,
                        if names.is_empty() {
                            "e.g. terms.tsv".to_string()
                        } else {
                            names.join(", ")
                        }
                    )));
                }
            }
        }
    };
    for f in &files {
        if let Some((line, _)) = f.entries().find(|(_, e)| same_row(e, &entry)) {
            return Err(CliError(format!(
                "{}:{line} already has {} / {} for concept `{}`",
                display_name(f.path()),
                entry.ru,
                entry.en,
                entry.concept
            )));
        }
    }
    let mut file = open_or_new(&path)?;
    let line = file.insert(entry).map_err(CliError::new)?;
    save(
        &file,
        messages,
        &format!("added {}:{line}", display_name(&path)),
    )?;
    Ok(0)
}

fn same_row(a: &Entry, b: &Entry) -> bool {
    row_key(a) == row_key(b)
}

/// What makes two rows the same row: concept, both terms (normalized),
/// period.
type RowKey = (
    String,
    String,
    String,
    Option<jiff::civil::Date>,
    Option<jiff::civil::Date>,
);

fn row_key(e: &Entry) -> RowKey {
    use crate::text::normalize;
    (
        e.concept.clone(),
        normalize(&e.ru),
        normalize(&e.en),
        e.valid_from,
        e.valid_to,
    )
}

/// The one file and line a selection names.
fn select(files: &[GlossaryFile], s: &SelectArgs) -> Result<(usize, usize)> {
    if let Some(at) = &s.at {
        let (name, line) = at
            .rsplit_once(':')
            .and_then(|(n, l)| Some((n, l.parse::<usize>().ok()?)))
            .ok_or_else(|| CliError(format!("--at `{at}`: write FILE:LINE, e.g. people.tsv:12")))?;
        let index = files
            .iter()
            .position(|f| display_name(f.path()) == name)
            .ok_or_else(|| CliError(format!("--at `{at}`: no glossary file `{name}`")))?;
        if files[index].entry_at(line).is_none() {
            return Err(CliError(format!("--at `{at}`: that line holds no entry")));
        }
        return Ok((index, line));
    }
    if s.concept.is_none() && s.ru.is_none() && s.en.is_none() {
        return Err(CliError(
            "say which row: --at FILE:LINE, or --concept/--ru/--en".into(),
        ));
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
        [] => Err(CliError(
            "no row matches; see `tilmash glossary list`".into(),
        )),
        many => Err(CliError(format!(
            "{} rows match ({}); narrow it down or use --at FILE:LINE",
            many.len(),
            many.iter()
                .map(|(i, l)| format!("{}:{l}", display_name(files[*i].path())))
                .collect::<Vec<_>>()
                .join(", ")
        ))),
    }
}

fn edit(dir: &Path, a: EditArgs, messages: &Messages) -> Result<i32> {
    let mut files = read_all(dir)?;
    let (index, line) = select(&files, &a.select)?;
    let file = &mut files[index];
    let mut entry = file
        .entry_at(line)
        .cloned()
        .ok_or_else(|| CliError("that line holds no entry".into()))?;
    for assignment in &a.set {
        let (column, value) = assignment
            .split_once('=')
            .ok_or_else(|| CliError(format!("--set `{assignment}`: write COLUMN=VALUE")))?;
        let column = column.trim();
        if !file.columns().iter().any(|c| c == column) {
            return Err(CliError(format!(
                "--set `{assignment}`: {} has no column `{column}` (columns: {})",
                display_name(file.path()),
                file.columns().join(", ")
            )));
        }
        entry
            .set_field(column, value)
            .map_err(|e| CliError(format!("--set `{assignment}`: {e}")))?;
    }
    file.replace(line, entry).map_err(CliError::new)?;
    save(
        file,
        messages,
        &format!("changed {}:{line}", display_name(file.path())),
    )?;
    Ok(0)
}

fn remove(dir: &Path, a: SelectArgs, messages: &Messages) -> Result<i32> {
    let mut files = read_all(dir)?;
    let (index, line) = select(&files, &a)?;
    let file = &mut files[index];
    let removed = file.remove(line).map_err(CliError::new)?;
    save(
        file,
        messages,
        &format!(
            "removed {}:{line} ({} / {})",
            display_name(file.path()),
            removed.ru,
            removed.en
        ),
    )?;
    Ok(0)
}

fn import(dir: &Path, a: ImportArgs, messages: &Messages) -> Result<i32> {
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
            _ => {
                return Err(CliError(format!(
                    "{}: cannot tell the format; pass --as tbx or --as csv",
                    a.file.display()
                )))
            }
        },
    };
    let name = a.file.display().to_string();
    let input = std::fs::File::open(&a.file).map_err(|e| CliError(format!("{name}: {e}")))?;
    let rows: Vec<Entry> = match format {
        Interchange::Tbx => {
            crate::glossary::tbx::read_tbx(BufReader::new(input), &name).map_err(CliError::new)?
        }
        Interchange::Csv | Interchange::Tsv => {
            if format == Interchange::Tsv {
                return Err(CliError(
                    "a TSV glossary needs no import: copy it into the glossary folder".into(),
                ));
            }
            crate::glossary::csv::read_csv(BufReader::new(input), &name)
                .map_err(|errors| {
                    CliError(
                        errors
                            .iter()
                            .map(|e| e.to_string())
                            .collect::<Vec<_>>()
                            .join("\n"),
                    )
                })?
                .into_iter()
                .map(|(_, e)| e)
                .collect()
        }
    };
    let files = read_all(dir)?;
    let path = file_path(dir, &a.into)?;
    let mut file = open_or_new(&path)?;
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
    file.insert_all(fresh).map_err(CliError::new)?;
    if added > 0 {
        save(&file, messages, "")?;
    }
    messages.say(&format!(
        "{}: {added} rows added, {unchanged} already there",
        display_name(&path)
    ));
    Ok(0)
}

fn export(workspace: &Workspace, a: ExportArgs) -> Result<i32> {
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
    let mut files = Vec::new();
    let mut problems = Vec::new();
    if dir.exists() {
        for path in glossary_files(dir).map_err(CliError::new)? {
            let bytes =
                std::fs::read(&path).map_err(|e| CliError(format!("{}: {e}", path.display())))?;
            let shown = PathBuf::from(display_name(&path));
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
    write_findings(&mut io::stdout().lock(), a.format, &findings).map_err(output_error)?;
    Ok(if findings.is_empty() { 0 } else { 1 })
}
