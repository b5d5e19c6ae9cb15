//! `costplan estimate`: Terraform (a directory or a plan JSON) + a traffic scenario + the price
//! snapshot → the report, printed in `--format` and written to every `--out FORMAT=FILE`.
//!
//! The flags are resolved into one [`Settings`] before anything runs, so that a bad flag
//! (an invalid `--month`, two outputs to one file) fails before any file is read.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use rust_decimal::Decimal;

use super::output::{self, OutputArgs, OutputSettings};
use super::pricing::PricingDirArg;
use super::resources::{load_options, parse_vars};
use crate::estimate::{self, DEFAULT_HOURS_PER_MONTH, EstimateOptions};
use crate::model::Inputs;
use crate::pipeline::{self, Request, Source};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// The inputs of an estimate, shared by every command that runs one (`estimate`, `advise`).
#[derive(Debug, clap::Args)]
pub struct InputArgs {
    /// Root module directory of the Terraform configuration.
    #[arg(long, conflicts_with = "plan")]
    pub path: Option<PathBuf>,
    /// A plan in JSON (`terraform show -json plan.out > plan.json`) instead of .tf files.
    #[arg(long)]
    pub plan: Option<PathBuf>,
    /// Traffic scenario: a YAML file or a built-in name (without it, a typical JSON API).
    #[arg(long)]
    pub scenario: Option<String>,
    /// Requests per month over the scenario's (`100k`, `2.5M`, `50/s`).
    #[arg(long)]
    pub requests: Option<String>,
    /// Per-resource usage values (costplan or Infracost usage file), over everything derived.
    #[arg(long, value_name = "FILE")]
    pub usage_file: Option<PathBuf>,
    /// Set a root variable (`--var name=value`); repeatable, later wins.
    #[arg(long = "var", value_name = "NAME=VALUE")]
    pub vars: Vec<String>,
    /// Read variable values from a .tfvars (or .tfvars.json) file; repeatable, applied in order.
    #[arg(long = "var-file", value_name = "FILE")]
    pub var_files: Vec<PathBuf>,
    /// Value of `terraform.workspace`.
    #[arg(long, default_value = "default")]
    pub workspace: String,
    /// Region of resources whose provider sets none.
    #[arg(long)]
    pub region: Option<String>,
    /// Hours an hourly price is multiplied by (default 730).
    #[arg(long, conflicts_with = "month")]
    pub hours_per_month: Option<Decimal>,
    /// Use the calendar hours of this month (`2026-02` → 672).
    #[arg(long, value_name = "YYYY-MM")]
    pub month: Option<String>,
    /// Subtract account-level free-tier allowances (3 dashboards, 10 alarms, 100 GB egress ...).
    #[arg(long)]
    pub free_tier: bool,
    #[command(flatten)]
    pub pricing: PricingDirArg,
}

/// Everything `estimate` needs, resolved from the flags.
#[derive(Debug)]
pub struct Settings {
    pub request: Request,
    pub output: OutputSettings,
    pub pricing: PricingDirArg,
}

impl Args {
    pub fn resolve(self) -> anyhow::Result<Settings> {
        let output = self.output.resolve()?;
        let (request, pricing) = self.input.resolve()?;
        Ok(Settings { request, output, pricing })
    }
}

impl InputArgs {
    /// The pipeline request and the price source the flags describe.
    pub fn resolve(self) -> anyhow::Result<(Request, PricingDirArg)> {
        let (hours, month) = match (&self.hours_per_month, &self.month) {
            (Some(h), _) => {
                if *h <= Decimal::ZERO || *h > Decimal::from(744) {
                    anyhow::bail!("--hours-per-month `{h}` must be between 1 and 744");
                }
                (*h, None)
            }
            (None, Some(m)) => (month_hours(m)?, Some(m.clone())),
            (None, None) => (Decimal::from(DEFAULT_HOURS_PER_MONTH), None),
        };
        let vars: BTreeMap<String, String> = parse_vars(&self.vars)?.into_iter().collect();
        let shown = |p: &PathBuf| p.display().to_string();
        let inputs = Inputs {
            path: if self.plan.is_none() {
                Some(self.path.as_ref().map_or_else(|| ".".to_string(), shown))
            } else {
                None
            },
            plan: self.plan.as_ref().map(shown),
            scenario: self.scenario.clone(),
            requests: self.requests.clone(),
            usage_file: self.usage_file.as_ref().map(shown),
            var_files: self.var_files.iter().map(shown).collect(),
            vars,
            region: self.region.clone(),
            month,
            free_tier: self.free_tier,
        };
        let source = match &self.plan {
            Some(plan) => Source::Plan(plan.clone()),
            None => Source::Dir(load_options(
                self.path.clone().unwrap_or_else(|| PathBuf::from(".")),
                &self.vars,
                self.var_files.clone(),
                self.workspace.clone(),
                self.region.clone(),
            )?),
        };
        let project_name = match &source {
            Source::Dir(o) => std::fs::canonicalize(&o.path)
                .ok()
                .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
                .unwrap_or_else(|| "main".into()),
            Source::Plan(_) => "main".into(),
        };
        let request = Request {
            source,
            scenario: self.scenario,
            requests: self.requests,
            usage_file: self.usage_file,
            region: self.region.clone(),
            options: EstimateOptions {
                hours_per_month: hours,
                free_tier: self.free_tier,
                default_region: self.region,
                inputs,
                project_name,
            },
        };
        Ok((request, self.pricing))
    }
}

/// Calendar hours of `YYYY-MM`.
fn month_hours(text: &str) -> anyhow::Result<Decimal> {
    let parsed = text.split_once('-').and_then(|(y, m)| {
        let year: i32 = y.parse().ok()?;
        let month: u32 = m.parse().ok()?;
        (y.len() == 4 && m.len() == 2).then_some(())?;
        estimate::hours_in_month(year, month)
    });
    parsed.with_context(|| format!("--month `{text}` must look like YYYY-MM, e.g. 2026-10"))
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let settings = args.resolve()?;
    let catalog = settings.pricing.load()?;
    let outcome = pipeline::run(&settings.request, &catalog)?;
    output::emit(&outcome.report, &settings.output)?;
    Ok(ExitCode::SUCCESS)
}
