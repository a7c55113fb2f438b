//! marginalia-cli: the library from scripts and terminals, over
//! marginalia-core. User mistakes print one line on stderr and exit 1; bad
//! usage exits 2; nothing panics at a user.

mod args;
mod many;
mod run;

use std::io::ErrorKind;
use std::process::ExitCode;

use clap::Parser;

#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = args::Cli::parse();
    match run::run(cli) {
        Ok(code) => code,
        Err(run::Failure::Core(marginalia_core::Error::AmbiguousQuote { count })) => {
            eprintln!(
                "error: the quote occurs {count} times in the article; pass --occurrence N (1 to {count})"
            );
            ExitCode::FAILURE
        }
        Err(run::Failure::Core(e)) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
        // Output piped into `head` and the like: stop quietly.
        Err(run::Failure::Output(e)) if e.kind() == ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(run::Failure::Output(e)) => {
            eprintln!("error: cannot write output: {e}");
            ExitCode::FAILURE
        }
    }
}
