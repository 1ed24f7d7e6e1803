//! `tilmash analyze`: words and segments per match band, per file and in
//! total, to estimate the work in new texts.

use std::io;
use std::path::{Path, PathBuf};

use clap::Args;

use super::args::FilterArgs;
use super::session::{
    input_text, open_memory, output_error, source_lang, unit_filter, CliError, Messages, Result,
};
use crate::analysis::{analyze_texts, AnalysisInput};
use crate::report::{self, OutputFormat};
use crate::text::Lang;
use crate::workspace::Workspace;

#[derive(Debug, Args)]
pub struct AnalyzeArgs {
    /// Texts to analyse; `-` reads standard input (once).
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,

    /// Source language of every file [default: detected per file from the script].
    #[arg(long, value_name = "ru|en")]
    pub from: Option<Lang>,

    #[command(flatten)]
    pub filter: FilterArgs,

    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: OutputFormat,
}

pub fn run(workspace: &Workspace, args: AnalyzeArgs, messages: &Messages) -> Result<i32> {
    if args.files.iter().filter(|f| *f == Path::new("-")).count() > 1 {
        return Err(CliError(
            "standard input (`-`) can be analysed only once".into(),
        ));
    }
    let filter = unit_filter(&args.filter)?;
    let mut inputs = Vec::with_capacity(args.files.len());
    for file in &args.files {
        let (text, name) = input_text(None, Some(file))?;
        let lang = source_lang(&text, args.from, &name)?;
        inputs.push(AnalysisInput { name, text, lang });
    }
    let memory = open_memory(workspace, messages)?;
    let analysis = analyze_texts(&memory.snapshot(), &inputs, &filter).map_err(CliError::new)?;
    let mut out = io::stdout().lock();
    report::write_analysis(
        &mut out,
        args.format,
        messages.style,
        &memory.path().display().to_string(),
        &analysis,
    )
    .map_err(output_error)?;
    Ok(0)
}
