//! The `tilmash` binary: parses arguments, runs the library, maps errors to
//! exit codes (0 ok, 1 error or problems found, 2 usage).

use clap::Parser;

fn main() {
    let cli = tilmash::cli::Cli::parse();
    let code = match tilmash::cli::run(cli) {
        Ok(code) => code,
        Err(e) => {
            if !e.is_silent() {
                eprintln!("error: {e}");
            }
            e.exit_code()
        }
    };
    std::process::exit(code);
}
