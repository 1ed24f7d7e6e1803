//! The `glossary` commands' operations: find, list, lint, add, edit and
//! remove, each under the glossary folder's lock where it writes.

use super::*;

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
