//! The command line: clap definitions ([`args`]) and their translation into
//! checked configurations and library calls ([`run`]).

pub mod args;
mod run;

pub use args::Cli;
pub use run::{run, CliError};
