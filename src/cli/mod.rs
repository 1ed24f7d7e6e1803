//! The command line: clap definitions (`args.rs`), one file per command
//! with its arguments and the code that checks and runs them, and the
//! session every command shares.

mod align;
mod analyze;
mod args;
mod check;
mod concordance;
mod export;
mod glossary;
mod import;
mod output;
mod pretranslate;
mod serve;
mod session;
mod stats;
mod suggest;

pub use args::{Cli, Command};

use crate::workspace::Workspace;
use session::Messages;

/// Runs `cli`; returns the exit code (0 ok, 1 problems found).
pub fn run(cli: Cli) -> crate::error::Result<i32> {
    let workspace = Workspace::resolve(cli.memory.clone())?;
    let messages = Messages { quiet: cli.quiet };
    match cli.command {
        Command::Import(args) => import::run(&workspace, args, &messages),
        Command::Suggest(args) => suggest::run(&workspace, args, &messages),
        Command::Stats(args) => stats::run(&workspace, args, &messages),
        Command::Glossary(args) => glossary::run(&workspace, args, &messages),
        Command::Check(args) => check::run(&workspace, args, &messages),
        Command::Export(args) => export::run(&workspace, args, &messages),
        Command::Concordance(args) => concordance::run(&workspace, args, &messages),
        Command::Pretranslate(args) => pretranslate::run(&workspace, args, &messages),
        Command::Analyze(args) => analyze::run(&workspace, args, &messages),
        Command::Align(args) => align::run(&workspace, args, &messages),
        Command::Serve(args) => serve::run(&workspace, args, &messages),
    }
}
