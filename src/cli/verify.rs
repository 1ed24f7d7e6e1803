//! `tilmash verify`: every file of the memory's index checked against the
//! size and checksum recorded when it was committed.

use std::io::{self, Write};

use clap::Args;

use super::session::{output_error, Error, Messages, Result};
use crate::memory::{verify, FileState};
use crate::report::{self, OutputFormat};
use crate::workspace::Workspace;

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: OutputFormat,
}

pub fn run(workspace: &Workspace, args: VerifyArgs, messages: &Messages) -> Result<i32> {
    let found = verify(&workspace.memory).map_err(Error::from)?;
    let mut out = io::stdout().lock();
    let count = |state| found.files.iter().filter(|f| f.state == state).count();
    match args.format {
        OutputFormat::Json => report::write_json(&mut out, &found),
        OutputFormat::Jsonl => found
            .files
            .iter()
            .try_for_each(|f| report::write_json_line(&mut out, f)),
        OutputFormat::Text | OutputFormat::Tsv => found.files.iter().try_for_each(|f| {
            let state = match f.state {
                FileState::Intact => "intact",
                FileState::Damaged => "damaged",
                FileState::Missing => "missing",
                FileState::Unrecorded => "unrecorded",
            };
            writeln!(out, "{state}\t{}", f.file)
        }),
    }
    .map_err(output_error)?;
    let problems = found.problems().count();
    messages.say(&format!(
        "{}: {} files checked: {} intact, {} damaged, {} missing, {} without a recorded checksum",
        found.path,
        found.files.len(),
        count(FileState::Intact),
        count(FileState::Damaged),
        count(FileState::Missing),
        count(FileState::Unrecorded),
    ));
    if problems > 0 {
        let names: Vec<&str> = found.problems().map(|f| f.file.as_str()).collect();
        return Err(Error::Other(format!(
            "{}: the index is damaged ({}); restore the memory from a backup, or `tilmash export` what can be read and re-import it",
            found.path,
            names.join(", ")
        )));
    }
    Ok(0)
}
