//! `costplan advise`: the estimate, then the recommendation rules over it; prints the findings
//! in `--format`, and with `--apply` shows the merged patch, asks (unless `--yes`) and writes
//! it (files changed since the analysis are refused; every file or none is written, through
//! [`crate::safe_write`]), naming every file written.

use std::io::{BufRead as _, Write as _};
use std::process::ExitCode;

use anyhow::Context as _;
use rust_decimal::Decimal;

use super::inputs::EstimateArgs;
use crate::advise::{self, render::Format};
use crate::pipeline;

/// `--format` values of `advise`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FormatArg {
    Table,
    Json,
    Markdown,
}

/// `--environment` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum EnvironmentArg {
    Prod,
    Nonprod,
}

/// The rule-selection flags, shared by `advise` and `estimate --advise` (flattened into both, so
/// that the two commands parse them the same way and build the same [`advise::Options`]).
#[derive(Debug, Clone, clap::Args)]
pub struct RuleArgs {
    /// Only these rules (comma-separated codes, `CP101,CP105`).
    #[arg(long, value_delimiter = ',', value_name = "CODES")]
    pub select: Vec<String>,
    /// Skip these rules (comma-separated codes).
    #[arg(long, value_delimiter = ',', value_name = "CODES")]
    pub ignore: Vec<String>,
    /// Leave out findings that save less than this many USD a month.
    #[arg(long, value_name = "AMOUNT", default_value = "0")]
    pub min_savings: Decimal,
    /// Production or not, instead of detecting it from the workspace, var file names and tags.
    #[arg(long, value_enum)]
    pub environment: Option<EnvironmentArg>,
    /// Also run the rules that trade resilience for money (one NAT gateway, Single-AZ) in
    /// production.
    #[arg(long)]
    pub include_resilience: bool,
}

impl RuleArgs {
    /// The engine options; `Err` is a usage error (an unknown code, a negative amount), found
    /// before any file is read.
    pub fn options(&self) -> Result<advise::Options, String> {
        // A rule given by name (`fargate-spot`) is selected by its code.
        let codes = |given: &[String]| -> Result<Vec<String>, String> {
            given
                .iter()
                .map(|c| advise::rule(c).map(|r| r.code().to_string()).map_err(|e| e.to_string()))
                .collect()
        };
        let (select, ignore) = (codes(&self.select)?, codes(&self.ignore)?);
        if self.min_savings < Decimal::ZERO {
            return Err(format!("--min-savings `{}` must not be negative", self.min_savings));
        }
        Ok(advise::Options {
            select,
            ignore,
            min_savings: self.min_savings,
            environment: self.environment.map(|e| e == EnvironmentArg::Prod),
            include_resilience: self.include_resilience,
        })
    }
}

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub input: EstimateArgs,
    #[command(flatten)]
    pub rules: RuleArgs,
    #[arg(long, value_enum, default_value_t = FormatArg::Table)]
    pub format: FormatArg,
    /// Write the patches to the Terraform files after showing them.
    #[arg(long)]
    pub apply: bool,
    /// With --apply: do not ask.
    #[arg(long, requires = "apply")]
    pub yes: bool,
}

#[allow(clippy::print_stderr)]
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    // Unknown codes are usage errors, reported before any file is read.
    let opts = args.rules.options().map_err(super::usage)?;
    let (request, pricing) = args.input.resolve()?;
    let catalog = pricing.load()?;
    let outcome = pipeline::run(&request, &catalog)?;
    let analysis = advise::advise(&outcome, &request, &catalog, &opts)?;
    let format = match args.format {
        FormatArg::Table => Format::Table,
        FormatArg::Json => Format::Json,
        FormatArg::Markdown => Format::Markdown,
    };
    let width = super::terminal::width();
    super::print_out(&format.render_fitted(&analysis.advice, &outcome.report, width))?;
    if !args.apply {
        return Ok(ExitCode::SUCCESS);
    }
    let set = analysis.patch_set()?;
    if set.is_empty() {
        eprintln!("Nothing to apply: no finding has a patch.");
        return Ok(ExitCode::SUCCESS);
    }
    eprint!("{}", set.diff());
    if !args.yes {
        eprint!("Apply these changes? [y/N] ");
        std::io::stderr().flush()?;
        let mut answer = String::new();
        std::io::stdin().lock().read_line(&mut answer).context("reading the answer")?;
        if !matches!(answer.trim(), "y" | "Y" | "yes") {
            eprintln!("Nothing written.");
            return Ok(ExitCode::SUCCESS);
        }
    }
    let written = set.apply()?;
    for w in written {
        match w.through_link {
            Some(real) => eprintln!(
                "wrote {} (a symbolic link: wrote the file it points to, {})",
                w.path.display(),
                real.display()
            ),
            None => eprintln!("wrote {}", w.path.display()),
        }
    }
    Ok(ExitCode::SUCCESS)
}
