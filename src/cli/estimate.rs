//! `costplan estimate`: Terraform (a directory, a plan JSON, or every project of a
//! `costplan.yml`) + a traffic scenario + the price snapshot → the report, printed in `--format`
//! and written to every `--out FORMAT=FILE`.
//!
//! The flags are resolved into requests ([`super::inputs`]) and output settings before anything
//! runs, so that a bad flag (an invalid `--month`, two outputs to one file) fails before any
//! file is read. Projects of a config run in parallel over one price catalog.
//!
//! `--advise` (off by default: the rules re-run the estimate once per candidate) also runs the
//! recommendation rules, with `advise`'s flags ([`RuleArgs`], accepted only with `--advise`) and
//! its environment detection, and puts the findings into the report's `advice` field, which
//! every format then shows. It needs one project: with `--config` it is a usage error.

use std::process::ExitCode;

use anyhow::Context;

use super::advise::RuleArgs;
use super::inputs::EstimateArgs;
use super::output::{self, OutputArgs};
use crate::{advise, pipeline, projects};

#[derive(Debug, clap::Args)]
// The rule flags only mean something with --advise: without it they are a usage error, not
// silently ignored. (`RuleArgs` is the group clap derives for the flattened struct.)
#[command(mut_group("RuleArgs", |g| g.requires("advise")))]
pub struct Args {
    #[command(flatten)]
    pub estimate: EstimateArgs,
    #[command(flatten)]
    pub output: OutputArgs,
    /// Also run the recommendation rules (as `costplan advise` does) and show their findings:
    /// the `advice` field in JSON, a Savings section in table, markdown and HTML. Slower: each
    /// candidate change re-runs the estimate.
    #[arg(long)]
    pub advise: bool,
    #[command(flatten, next_help_heading = "With --advise")]
    pub rules: RuleArgs,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let output = args.output.resolve()?;
    if args.advise {
        if args.estimate.config.is_some() {
            return Err(super::usage(
                "--advise works on one project, not on a --config: run `costplan estimate --advise --path DIR` (or `costplan advise --path DIR`) for each project",
            ));
        }
        let opts = args.rules.options().map_err(super::usage)?;
        return run_advised(args.estimate, &output, &opts);
    }
    let (requests, shared) = args.estimate.requests()?;
    let catalog = args.estimate.pricing.load()?;
    let results = projects::run_all(&requests, &catalog, projects::default_threads());
    let mut reports = Vec::with_capacity(results.len());
    let multi = args.estimate.config.is_some();
    for (result, request) in results.into_iter().zip(&requests) {
        let name = &request.options.project_name;
        // With one project the error already names its directory.
        reports.push(if multi {
            result.with_context(|| format!("project `{name}`"))?
        } else {
            result?
        });
    }
    let report = if args.estimate.config.is_some() {
        let config = args.estimate.config.as_deref().map(|c| c.display().to_string());
        projects::merge(reports, args.estimate.config_inputs(&shared)).with_context(|| {
            format!("adding up the projects of `{}`", config.unwrap_or_default())
        })?
    } else {
        reports.pop().context("no project to estimate")?
    };
    output::emit(&report, &output)?;
    Ok(ExitCode::SUCCESS)
}

/// One project's estimate with the advise rules' findings in its `advice` field: the same
/// engine, options and environment detection as `costplan advise`, so the two agree.
fn run_advised(
    estimate: EstimateArgs,
    output: &output::OutputSettings,
    opts: &advise::Options,
) -> anyhow::Result<ExitCode> {
    let (request, pricing) = estimate.resolve()?;
    let catalog = pricing.load()?;
    let outcome = pipeline::run(&request, &catalog)?;
    let analysis = advise::advise(&outcome, &request, &catalog, opts)?;
    let mut report = outcome.report;
    report.advice = Some(analysis.advice);
    output::emit(&report, output)?;
    Ok(ExitCode::SUCCESS)
}
