//! `tilmash pretranslate`: a bilingual draft of a text from the memory's
//! best matches, as XLIFF 2.0, XLIFF 1.2, TSV, Markdown or JSON.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::args::{FilterArgs, JoinArgs, RepairArgs, TermArgs};
use super::output::Output;
use super::session::{glossary_if, input_text, open_memory, Messages, Result};
use crate::operations::pretranslate_text;
use crate::pretranslate::DraftState;
use crate::report::{self, DraftFormat};
use crate::request::PretranslateRequest;
use crate::text::Lang;
use crate::workspace::Workspace;

#[derive(Debug, Args)]
pub struct PretranslateArgs {
    /// The text to pretranslate; `-` reads standard input.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,

    /// Source language [default: detected from the script].
    #[arg(long, value_name = "ru|en")]
    pub from: Option<Lang>,

    /// Lowest score taken as a draft (0–101).
    #[arg(long, default_value_t = crate::pretranslate::DEFAULT_MIN_SCORE)]
    pub min_score: u8,

    /// Matches offered per segment (the best is the draft; XLIFF and JSON
    /// carry them all as candidates; 1–50).
    #[arg(long, default_value_t = 1)]
    pub limit: usize,

    #[command(flatten)]
    pub filter: FilterArgs,

    #[command(flatten)]
    pub glossary: TermArgs,

    #[command(flatten)]
    pub repair: RepairArgs,

    #[command(flatten)]
    pub join: JoinArgs,

    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: DraftFormat,

    /// Write to this file (atomically) instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

pub fn run(workspace: &Workspace, args: PretranslateArgs, messages: &Messages) -> Result<i32> {
    let (text, name) = input_text(messages, None, Some(&args.file))?;
    let original = args
        .file
        .file_name()
        .map_or_else(|| name.clone(), |n| n.to_string_lossy().into_owned());
    let request = PretranslateRequest {
        text,
        name: Some(original),
        format: args.format,
        from: args.from,
        min_score: args.min_score,
        limit: args.limit,
        date: args.glossary.date,
        glossary: !args.glossary.no_glossary,
        no_repair: args.repair.no_repair,
        article: args.filter.article,
        origin: args.filter.origin,
        since: args.filter.since,
        until: args.filter.until,
        targets: Vec::new(),
        join_paragraphs: args.join.join_paragraphs,
    };
    request.check()?;
    let glossary = glossary_if(workspace, request.glossary)?;
    let memory = open_memory(workspace, messages)?;
    let memory_name = workspace.memory_name();
    let draft = pretranslate_text(&memory.snapshot(), &memory_name, &glossary, &request)?;
    let mut output = Output::create(args.output.as_deref(), &[args.file.as_path()])?;
    let written =
        report::write_draft(&mut output, args.format, &draft).and_then(|_| output.flush());
    if let Err(e) = written {
        return Err(output.error(e));
    }
    let target = output.name();
    output.commit()?;
    let (exact, fuzzy, new) = (
        draft.count(DraftState::Exact),
        draft.count(DraftState::Fuzzy),
        draft.count(DraftState::New),
    );
    let count = draft.segments.len();
    messages.say(&format!(
        "{name}: {count} segment{} to {target} ({}): {exact} exact, {fuzzy} fuzzy, {new} to translate",
        if count == 1 { "" } else { "s" },
        args.format
            .to_possible_value()
            .map_or_else(String::new, |v| v.get_name().to_string()),
    ));
    Ok(0)
}
