//! The `tilmash` binary: parses arguments, runs the library, maps errors to
//! exit codes (0 ok, 1 error or problems found, 2 usage).

use clap::Parser;

/// mimalloc rather than the system's allocator: an import allocates and
/// frees per word on every core, and glibc's malloc took a tenth of its
/// CPU (BENCHMARKS.md, issue 12's import).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
