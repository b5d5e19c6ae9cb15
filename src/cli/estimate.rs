//! `costplan estimate`: Terraform (a directory, a plan JSON, or every project of a
//! `costplan.yml`) + a traffic scenario + the price snapshot → the report, printed in `--format`
//! and written to every `--out FORMAT=FILE`.
//!
//! The flags are resolved into requests ([`super::inputs`]) and output settings before anything
//! runs, so that a bad flag (an invalid `--month`, two outputs to one file) fails before any
//! file is read. Projects of a config run in parallel over one price catalog.

use std::process::ExitCode;

use anyhow::Context;

use super::inputs::EstimateArgs;
use super::output::{self, OutputArgs};
use crate::projects;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub estimate: EstimateArgs,
    #[command(flatten)]
    pub output: OutputArgs,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let output = args.output.resolve()?;
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
        projects::merge(reports, args.estimate.config_inputs(&shared))
    } else {
        reports.pop().context("no project to estimate")?
    };
    output::emit(&report, &output)?;
    Ok(ExitCode::SUCCESS)
}
