//! `tilmash check`: QA of translations against the glossary, like a
//! linter: problems on stdout, exit 1 when there are any.

use std::io::{self, BufReader};
use std::path::PathBuf;

use clap::Args;

use super::session::{input_text, load_glossary, output_error, Error, Messages, Result};
use crate::formats::{open_reader, Column, Format, ReadOptions};
use crate::glossary::check::{check_pair, unreadable, Problem};
use crate::glossary::Glossary;
use crate::operations::check_texts;
use crate::report::glossary::write_problems;
use crate::report::OutputFormat;
use crate::request::{today, CheckRequest};
use crate::text::Lang;
use crate::workspace::Workspace;

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The source text (one segment per line), or a bilingual file of
    /// pairs (TSV/CSV with ru and en columns, JSONL, TMX) when TARGET is
    /// not given.
    #[arg(value_name = "SOURCE")]
    pub source: PathBuf,
    /// The translation, one segment per line, aligned with SOURCE.
    #[arg(value_name = "TARGET")]
    pub target: Option<PathBuf>,
    /// The source language [default: detected for two files; ru for a
    /// file of pairs].
    #[arg(long, value_name = "ru|en")]
    pub from: Option<Lang>,
    /// The texts' date [default: each pair's date, else today].
    #[arg(long, value_name = "DATE", value_parser = crate::cli::args::parse_date)]
    pub date: Option<jiff::civil::Date>,
    /// Format of a file of pairs [default: from the extension, else
    /// sniffed from the content].
    #[arg(long = "input-format", value_enum, value_name = "FORMAT")]
    pub input_format: Option<Format>,
    /// Columns of a TSV/CSV file of pairs without a header, e.g.
    /// `ru,en,date` (a header's columns other than ru, en and date are
    /// ignored, so pretranslate's TSV is read as it is).
    #[arg(long, value_delimiter = ',', value_name = "NAMES")]
    pub columns: Option<Vec<String>>,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: OutputFormat,
}

pub fn run(workspace: &Workspace, args: CheckArgs, messages: &Messages) -> Result<i32> {
    let glossary = load_glossary(workspace)?;
    if glossary.is_empty() {
        messages.warn(&format!(
            "no glossary rows in {}: only numbers are checked",
            workspace.glossaries.display()
        ));
    }
    let problems: Vec<Problem> = match &args.target {
        Some(target_path) => {
            let (source, _) = input_text(messages, None, Some(&args.source))?;
            let (target, _) = input_text(messages, None, Some(target_path))?;
            let request = CheckRequest {
                source,
                target,
                from: args.from,
                date: args.date,
            };
            check_texts(&glossary, &request).map_err(|e| match e {
                // The files are named on the command line.
                Error::Usage { field: "target", .. } => Error::usage(
                    "target",
                    format!(
                        "{} has {} lines but {} has {}: the files must hold one segment per line, aligned",
                        args.source.display(),
                        request.source.lines().count(),
                        target_path.display(),
                        request.target.lines().count()
                    ),
                ),
                Error::Usage { field: "from", .. } => Error::usage(
                    "from",
                    format!(
                        "{}: cannot tell the language; pass --from ru or --from en",
                        args.source.display()
                    ),
                ),
                e => e,
            })?
        }
        None => check_pairs_file(&glossary, &args)?,
    };
    write_problems(
        &mut io::stdout().lock(),
        args.format,
        messages.style,
        &problems,
    )
    .map_err(output_error)?;
    if !problems.is_empty() {
        messages.say(&format!("problems: {}", problems.len()));
    }
    Ok(if problems.is_empty() { 0 } else { 1 })
}

/// Checks every pair of a file of pairs (TSV/CSV, JSONL, TMX); a pair that
/// cannot be read is a problem too, and the check goes on.
fn check_pairs_file(glossary: &Glossary, args: &CheckArgs) -> Result<Vec<Problem>> {
    let name = args.source.display().to_string();
    let columns = args
        .columns
        .as_ref()
        .map(|names| Column::parse_list(&names.join(",")).map_err(|e| Error::usage("columns", e)))
        .transpose()?;
    let input =
        std::fs::File::open(&args.source).map_err(|e| Error::Other(format!("{name}: {e}")))?;
    let mut input = BufReader::new(input);
    let format = match args
        .input_format
        .or_else(|| Format::from_path(&args.source))
    {
        Some(format) => format,
        None => Format::sniff(&mut input).map_err(|e| Error::Other(format!("{name}: {e}")))?,
    };
    let opts = ReadOptions {
        columns,
        has_header: None,
        ignore_unknown_columns: true,
    };
    let lang = args.from.unwrap_or(Lang::Ru);
    let mut problems = Vec::new();
    for (i, record) in open_reader(format, input, &name, &opts).enumerate() {
        let pair = i + 1;
        let r = match record {
            Ok(record) => record.value,
            Err(e) if e.is_fatal() => return Err(Error::from(e)),
            Err(e) => {
                problems.push(unreadable(pair, e.to_string()));
                continue;
            }
        };
        let date = args.date.or(r.meta.date).unwrap_or_else(today);
        let (s, t) = match lang {
            Lang::Ru => (&r.ru, &r.en),
            Lang::En => (&r.en, &r.ru),
        };
        problems.extend(check_pair(glossary, pair, s, t, lang, date));
    }
    Ok(problems)
}
