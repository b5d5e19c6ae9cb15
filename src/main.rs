//! The `costplan` binary: parse arguments, run the command, map the outcome to an exit code.
//! All work happens in the library (`costplan::cli`).

fn main() -> std::process::ExitCode {
    costplan::cli::main()
}
