//! `tilmash check`: QA of translations against the glossary, like a
//! linter: problems on stdout, exit 1 when there are any.

use std::io::{self, BufReader};
use std::path::PathBuf;

use clap::Args;

use super::session::{input_text, load_glossary, output_error, style, Error, Messages, Result};
use crate::formats::{open_reader, Format, ReadOptions};
use crate::glossary::check::{check_pair, Problem};
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
    #[arg(long, value_name = "DATE")]
    pub date: Option<jiff::civil::Date>,
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
    let mut problems: Vec<Problem> = Vec::new();
    match &args.target {
        Some(target_path) => {
            let (source, _) = input_text(None, Some(&args.source))?;
            let (target, _) = input_text(None, Some(target_path))?;
            let request = CheckRequest {
                source,
                target,
                from: args.from,
                date: args.date,
            };
            problems = check_texts(&glossary, &request).map_err(|e| match e {
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
            })?;
        }
        None => {
            let format = Format::from_path(&args.source).ok_or_else(|| {
                Error::Other(format!(
                    "{}: cannot tell the format from the extension (.tsv, .csv, .jsonl, .tmx); give SOURCE and TARGET as two files otherwise",
                    args.source.display()
                ))
            })?;
            let name = args.source.display().to_string();
            let input = std::fs::File::open(&args.source)
                .map_err(|e| Error::Other(format!("{name}: {e}")))?;
            let lang = args.from.unwrap_or(Lang::Ru);
            let reader = open_reader(
                format,
                BufReader::new(input),
                &name,
                &ReadOptions::default(),
            );
            for (i, record) in reader.enumerate() {
                let record = record.map_err(Error::from)?;
                let r = record.value;
                let date = args.date.or(r.meta.date).unwrap_or_else(today);
                let (s, t) = match lang {
                    Lang::Ru => (&r.ru, &r.en),
                    Lang::En => (&r.en, &r.ru),
                };
                problems.extend(check_pair(&glossary, i + 1, s, t, lang, date));
            }
        }
    }
    write_problems(&mut io::stdout().lock(), args.format, style(), &problems)
        .map_err(output_error)?;
    if !problems.is_empty() {
        messages.say(&format!("problems: {}", problems.len()));
    }
    Ok(if problems.is_empty() { 0 } else { 1 })
}
