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
mod verify;

pub use args::{Cli, Command};

use crate::workspace::Workspace;
use session::Messages;

/// Runs `cli`; returns the exit code (0 ok, 1 problems found).
pub fn run(cli: Cli) -> crate::error::Result<i32> {
    let workspace = Workspace::resolve(cli.memory.clone())?;
    let messages = Messages {
        quiet: cli.quiet,
        style: session::style(cli.color),
    };
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
        Command::Verify(args) => verify::run(&workspace, args, &messages),
        Command::Serve(args) => serve::run(&workspace, args, &messages),
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    /// Every option and argument a user sees in `--help` says what it is,
    /// and every command shows examples.
    #[test]
    fn every_option_has_help_and_every_command_has_examples() {
        fn walk(cmd: &clap::Command, path: &str, missing: &mut Vec<String>) {
            for arg in cmd.get_arguments().filter(|a| !a.is_hide_set()) {
                if arg.get_help().is_none() {
                    missing.push(format!("{path} {}: no help text", arg.get_id()));
                }
            }
            let leaf = cmd.get_subcommands().next().is_none();
            let examples = cmd
                .get_after_help()
                .is_some_and(|h| h.to_string().starts_with("Examples:"));
            if leaf && !examples {
                missing.push(format!("{path}: no examples"));
            }
            for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
                walk(sub, &format!("{path} {}", sub.get_name()), missing);
            }
        }
        let mut cmd = super::Cli::command();
        cmd.build();
        let mut missing = Vec::new();
        walk(&cmd, "tilmash", &mut missing);
        assert!(missing.is_empty(), "{missing:#?}");
    }

    /// The glossary is no memory: its commands do not list `--memory`.
    #[test]
    fn glossary_commands_do_not_offer_memory() {
        let mut cmd = super::Cli::command();
        cmd.build();
        let glossary = cmd.find_subcommand("glossary").expect("glossary");
        for sub in glossary
            .get_subcommands()
            .filter(|s| s.get_name() != "help")
        {
            let shown = sub
                .get_arguments()
                .any(|a| a.get_id() == "memory" && !a.is_hide_set());
            assert!(!shown, "glossary {} lists --memory", sub.get_name());
        }
    }
}
