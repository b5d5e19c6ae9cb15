//! Command-line interface: clap definitions and one handler file per command. This is the only
//! module that prints. Handlers turn flags into library calls and library results into output;
//! business logic lives in the library modules.
//!
//! Exit codes: 0 ok, 1 error, 2 usage error, 3 a guardrail (budget or delta) tripped; see
//! [`exit`]. `-q/--quiet` and `-v/--verbose` are global: every command reads them through
//! [`verbosity`].

use std::io::Write;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod actuals;
mod advise;
mod comment;
mod compare;
mod completions;
mod diff;
mod estimate;
mod exit;
mod explain;
mod inputs;
mod man;
mod modules;
mod output;
mod pricing;
mod render;
mod report;
mod resources;
mod terminal;

pub use exit::EXIT_GUARDRAIL;
pub(crate) use exit::usage;

#[derive(Debug, Parser)]
#[command(name = "costplan", version, about = "What your AWS Terraform will cost, what it did cost, and how to make it cheaper", long_about = None,
    after_help = "Exit codes: 0 ok, 1 error, 2 usage error, 3 a guardrail (--budget, --fail-on-increase) tripped.")]
pub struct Cli {
    /// No progress indicators, notes or warnings on standard error (errors still print).
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    quiet: bool,
    /// Say more on standard error: the full cause of an error (AWS SDK detail included).
    #[arg(short, long, global = true)]
    verbose: bool,
    #[command(subcommand)]
    command: Command,
}

/// How much the commands say on standard error, from the global `-q` and `-v`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum Verbosity {
    Quiet,
    #[default]
    Normal,
    Verbose,
}

static VERBOSITY: std::sync::OnceLock<Verbosity> = std::sync::OnceLock::new();

/// The global `-q`/`-v` of this run (normal before the flags are parsed, and in tests).
pub(crate) fn verbosity() -> Verbosity {
    VERBOSITY.get().copied().unwrap_or_default()
}

/// `-q/--quiet` was given.
pub(crate) fn quiet() -> bool {
    verbosity() == Verbosity::Quiet
}

#[derive(Debug, Subcommand)]
enum Command {
    /// List the resource instances a Terraform configuration creates, with what could not be resolved.
    Resources(resources::Args),
    /// Estimate the monthly cost of a Terraform configuration under a traffic scenario.
    Estimate(Box<estimate::Args>),
    /// The monthly cost delta of a change against a base (directory, git ref or saved report).
    Diff(Box<diff::Args>),
    /// Post or update the cost diff as a pull-request comment (GitHub).
    Comment(Box<comment::Args>),
    /// Inspect, check the age of, or refresh the AWS price snapshot.
    Pricing(pricing::Args),
    /// Read actual spend from Cost Explorer, CUR 2.0, FOCUS exports or Athena.
    Actuals(Box<actuals::Args>),
    /// Put the estimate (of --path, or a saved one) beside actual spend: per service, usage-type family and resource.
    Compare(Box<compare::Args>),
    /// Re-render a report saved with `estimate --format json` (table, json, markdown, html, csv).
    Render(render::Args),
    /// Recommend savings: each finding with its monthly saving, risk and Terraform patch (`--apply`).
    Advise(Box<advise::Args>),
    /// The monthly finance report: budget vs estimate vs actual vs forecast, by service and tag, movers, unit cost, commitments, anomalies, savings.
    Report(Box<report::Args>),
    /// Print the documentation of a recommendation rule (`costplan explain CP101`).
    Explain(explain::Args),
    /// Fetch registry, git and HTTP module sources into the costplan cache (`modules get`).
    Modules(modules::Args),
    /// Print the shell completion script (bash, zsh, fish, powershell, elvish).
    Completions(completions::Args),
    /// Print the manual page (roff), or write one per command with `--dir`.
    Man(man::Args),
}

/// Runs the CLI and returns the process exit code. Errors print their whole chain.
pub fn main() -> ExitCode {
    if std::env::var_os(crate::input_file::ENV_ALLOW_PIPES).is_some_and(|v| v == "1") {
        crate::input_file::allow_pipes();
    }
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(exit::EXIT_USAGE)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    if cli.verbose {
        crate::aws::SDK_DETAIL.store(true, std::sync::atomic::Ordering::Relaxed);
    }
    let _ = VERBOSITY.set(match (cli.quiet, cli.verbose) {
        (true, _) => Verbosity::Quiet,
        (false, true) => Verbosity::Verbose,
        (false, false) => Verbosity::Normal,
    });
    let result = match cli.command {
        Command::Resources(args) => resources::run(args),
        Command::Estimate(args) => estimate::run(*args),
        Command::Diff(args) => diff::run(*args),
        Command::Comment(args) => comment::run(*args),
        Command::Pricing(args) => pricing::run(args),
        Command::Actuals(args) => actuals::run(*args),
        Command::Compare(args) => compare::run(*args),
        Command::Render(args) => render::run(args),
        Command::Advise(args) => advise::run(*args),
        Command::Report(args) => report::run(*args),
        Command::Explain(args) => explain::run(args),
        Command::Modules(args) => modules::run(args),
        Command::Completions(args) => completions::run(&args),
        Command::Man(args) => man::run(&args),
    };
    match result {
        Ok(code) => code,
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            #[allow(clippy::print_stderr)]
            {
                if verbosity() == Verbosity::Verbose {
                    // anyhow's report: the message, then every cause on its own line.
                    eprintln!("error: {err:?}");
                } else {
                    eprintln!("error: {}", exit::one_line(&err));
                }
            }
            exit::code_of(&err)
        }
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// Writes `text` to stdout, ending with a newline if it has none.
// Used by the command handlers as they land; not all of them exist yet.
#[allow(dead_code)]
///
/// A broken pipe (`costplan ... | head`) comes back as an error that [`main`] turns into
/// success, as ripgrep does; any other write error (`> /dev/full`) is an error naming standard
/// output, so that a run whose output went nowhere does not exit 0.
pub(crate) fn print_out(text: &str) -> anyhow::Result<()> {
    let write = || -> std::io::Result<()> {
        stdout_is_open()?;
        let mut out = std::io::stdout().lock();
        out.write_all(text.as_bytes())?;
        if !text.ends_with('\n') {
            out.write_all(b"\n")?;
        }
        out.flush()
    };
    write().map_err(|e| {
        // Keep the io::Error in the chain: `is_broken_pipe` looks for it.
        anyhow::Error::new(e).context("cannot write to standard output")
    })
}

/// Rust's standard output silently discards writes to a closed descriptor; duplicating it tells
/// a closed one apart. (Rust's runtime reopens a descriptor closed at exec (`>&-`) on
/// `/dev/null` before `main`, where it cannot be told from `> /dev/null`; this catches the
/// case where that failed, or where the descriptor was closed later.)
fn stdout_is_open() -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::fd::AsFd;
        std::io::stdout().as_fd().try_clone_to_owned()?;
    }
    Ok(())
}
