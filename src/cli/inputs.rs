//! The estimate options `estimate` and `diff` share (`--path`, `--plan`, `--config`,
//! `--scenario`, `--var-file` ...), and their resolution into [`pipeline::Request`]s: one per
//! project, from the flags alone or from a `costplan.yml` with the flags as defaults.
//!
//! Resolution happens before anything runs, so a bad flag (an invalid `--month`, a malformed
//! `--var`) fails before any file is read.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::Context;
use rust_decimal::Decimal;

use super::pricing::PricingDirArg;
use super::resources::{load_options, parse_vars};
use crate::config::{Config, ProjectConfig};
use crate::estimate::{self, DEFAULT_HOURS_PER_MONTH, EstimateOptions};
use crate::model::Inputs;
use crate::pipeline::{Request, Source};

#[derive(Debug, Clone, clap::Args)]
pub struct EstimateArgs {
    /// Root module directory of the Terraform configuration.
    #[arg(long, conflicts_with_all = ["plan", "config"])]
    pub path: Option<PathBuf>,
    /// A plan in JSON (`terraform show -json plan.out > plan.json`) instead of .tf files.
    #[arg(long, conflicts_with = "config")]
    pub plan: Option<PathBuf>,
    /// A costplan.yml listing several projects (name, path, var files, scenario ...): every
    /// project is estimated, in parallel; the flags below are their defaults.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["var_files", "workspace"])]
    pub config: Option<PathBuf>,
    /// Traffic scenario: a YAML file or a built-in name (without it, a typical JSON API).
    #[arg(long)]
    pub scenario: Option<String>,
    /// Requests per month over the scenario's (`100k`, `2.5M`, `50/s`).
    #[arg(long, value_parser = super::exit::requests_arg)]
    pub requests: Option<String>,
    /// Per-resource usage values (costplan or Infracost usage file), over everything derived.
    #[arg(long, value_name = "FILE")]
    pub usage_file: Option<PathBuf>,
    /// Set a root variable (`--var name=value`); repeatable, later wins.
    #[arg(long = "var", value_name = "NAME=VALUE", value_parser = super::exit::var_arg)]
    pub vars: Vec<String>,
    /// Read variable values from a .tfvars (or .tfvars.json) file; repeatable, applied in order.
    #[arg(long = "var-file", value_name = "FILE")]
    pub var_files: Vec<PathBuf>,
    /// Value of `terraform.workspace` (else `TF_WORKSPACE`, else the workspace selected with
    /// `terraform workspace select`, else `default`).
    #[arg(long)]
    pub workspace: Option<String>,
    /// Region of `aws` providers that set none; without it, AWS_REGION, AWS_DEFAULT_REGION, then
    /// the AWS profile's region, as for Terraform.
    #[arg(long)]
    pub region: Option<String>,
    /// Hours an hourly price is multiplied by (default 730).
    #[arg(long, conflicts_with = "month")]
    pub hours_per_month: Option<Decimal>,
    /// Use the calendar hours of this month (`2026-02` → 672).
    #[arg(long, value_name = "YYYY-MM", value_parser = super::exit::month_arg)]
    pub month: Option<String>,
    /// Subtract account-level free-tier allowances (3 dashboards, 10 alarms, 100 GB egress ...).
    #[arg(long)]
    pub free_tier: bool,
    /// Fetch registry, git and HTTP module sources into the costplan cache first (as
    /// `costplan modules get` does); without it, nothing is downloaded.
    #[arg(long)]
    pub get_modules: bool,
    #[command(flatten)]
    pub pricing: PricingDirArg,
}

/// The inputs of one project, before they become a [`Request`].
#[derive(Debug, Clone, Default)]
pub struct ProjectInputs {
    /// Project name in the report (`None`: the directory name).
    pub name: Option<String>,
    pub path: Option<PathBuf>,
    /// The path as shown in the report (the same on both sides of a diff).
    pub shown_path: Option<String>,
    pub plan: Option<PathBuf>,
    pub scenario: Option<String>,
    pub requests: Option<String>,
    pub usage_file: Option<PathBuf>,
    pub vars: Vec<String>,
    pub var_files: Vec<PathBuf>,
    /// `None`: Terraform's choice (`TF_WORKSPACE`, the selected workspace, `default`).
    pub workspace: Option<String>,
    pub region: Option<String>,
}

/// The month length and free-tier choice every project shares.
#[derive(Debug, Clone)]
pub struct Shared {
    pub hours: Decimal,
    pub month: Option<String>,
    pub free_tier: bool,
    /// `--get-modules`.
    pub get_modules: bool,
}

impl EstimateArgs {
    /// Checks the flags that apply to every project.
    pub fn shared(&self) -> anyhow::Result<Shared> {
        let (hours, month) = match (&self.hours_per_month, &self.month) {
            (Some(h), _) => {
                // As the message says: a fraction of an hour is no month, and dividing by it
                // (requests per second) takes derived rates out of range.
                if *h < Decimal::ONE || *h > Decimal::from(744) {
                    anyhow::bail!("--hours-per-month `{h}` must be between 1 and 744");
                }
                (*h, None)
            }
            (None, Some(m)) => (month_hours(m)?, Some(m.clone())),
            (None, None) => (Decimal::from(DEFAULT_HOURS_PER_MONTH), None),
        };
        // A malformed --var fails here, before anything is read.
        parse_vars(&self.vars)?;
        Ok(Shared { hours, month, free_tier: self.free_tier, get_modules: self.get_modules })
    }

    /// The one project the flags describe (no `--config`).
    pub fn single(&self) -> ProjectInputs {
        ProjectInputs {
            name: None,
            path: if self.plan.is_none() {
                Some(self.path.clone().unwrap_or_else(|| PathBuf::from(".")))
            } else {
                None
            },
            shown_path: None,
            plan: self.plan.clone(),
            scenario: self.scenario.clone(),
            requests: self.requests.clone(),
            usage_file: self.usage_file.clone(),
            vars: self.vars.clone(),
            var_files: self.var_files.clone(),
            workspace: self.workspace.clone(),
            region: self.region.clone(),
        }
    }

    /// The projects of `config`; its values win over the flags, `--var` is applied after the
    /// project's own `vars`.
    pub fn config_projects(&self, config: &Config) -> Vec<ProjectInputs> {
        config.projects.iter().map(|p| self.project(p)).collect()
    }

    fn project(&self, p: &ProjectConfig) -> ProjectInputs {
        ProjectInputs {
            name: Some(p.name.clone()),
            path: Some(p.path.clone()),
            shown_path: Some(p.path_as_written.clone()),
            plan: None,
            scenario: p.scenario.clone().or_else(|| self.scenario.clone()),
            requests: p.requests.clone().or_else(|| self.requests.clone()),
            usage_file: p.usage_file.clone().or_else(|| self.usage_file.clone()),
            vars: p.vars.iter().chain(&self.vars).cloned().collect(),
            var_files: p.var_files.clone(),
            workspace: p.workspace.clone(),
            region: p.region.clone().or_else(|| self.region.clone()),
        }
    }

    /// `--config` read and validated.
    pub fn load_config(&self) -> anyhow::Result<Option<Config>> {
        self.config.as_deref().map(Config::load).transpose().map_err(Into::into)
    }

    /// Every project's request: from `--config`, or the single project of the flags.
    pub fn requests(&self) -> anyhow::Result<(Vec<Request>, Shared)> {
        let shared = self.shared()?;
        let projects = match self.load_config()? {
            Some(config) => self.config_projects(&config),
            None => vec![self.single()],
        };
        let requests =
            projects.iter().map(|p| p.request(&shared)).collect::<anyhow::Result<Vec<_>>>()?;
        Ok((requests, shared))
    }

    /// The one request of a command that estimates a single project (`advise`), with the price
    /// source.
    pub fn resolve(self) -> anyhow::Result<(Request, PricingDirArg)> {
        if self.config.is_some() {
            return Err(super::usage(
                "--config is not supported by this command: give one project with --path or --plan",
            ));
        }
        let shared = self.shared()?;
        let request = self.single().request(&shared)?;
        Ok((request, self.pricing))
    }

    /// The inputs recorded in a merged multi-project report.
    pub fn config_inputs(&self, shared: &Shared) -> Inputs {
        Inputs {
            config: self.config.as_ref().map(|p| p.display().to_string()),
            scenario: self.scenario.clone(),
            requests: self.requests.clone(),
            usage_file: self.usage_file.as_ref().map(|p| p.display().to_string()),
            vars: parse_vars(&self.vars).unwrap_or_default().into_iter().collect(),
            region: self.region.clone(),
            month: shared.month.clone(),
            free_tier: shared.free_tier,
            ..Inputs::default()
        }
    }
}

impl ProjectInputs {
    /// The pipeline request of this project.
    pub fn request(&self, shared: &Shared) -> anyhow::Result<Request> {
        let vars: BTreeMap<String, String> = parse_vars(&self.vars)?.into_iter().collect();
        let shown = |p: &PathBuf| p.display().to_string();
        let mut inputs = Inputs {
            config: None,
            path: self.shown_path.clone().or_else(|| self.path.as_ref().map(shown)),
            plan: self.plan.as_ref().map(shown),
            scenario: self.scenario.clone(),
            requests: self.requests.clone(),
            usage_file: self.usage_file.as_ref().map(shown),
            var_files: self.var_files.iter().map(shown).collect(),
            vars,
            region: self.region.clone(),
            month: shared.month.clone(),
            free_tier: shared.free_tier,
            workspace: None,
        };
        let source = match (&self.plan, &self.path) {
            (Some(plan), _) => Source::Plan(plan.clone()),
            (None, path) => Source::Dir(load_options(
                path.clone().unwrap_or_else(|| PathBuf::from(".")),
                &self.vars,
                self.var_files.clone(),
                self.workspace.clone(),
                self.region.clone(),
            )?),
        };
        // The workspace as resolved, so that `diff` can tell two sides evaluated apart.
        if let Source::Dir(o) = &source {
            inputs.workspace = Some(o.workspace.clone());
        }
        let project_name = self.name.clone().unwrap_or_else(|| match &source {
            Source::Dir(o) => dir_name(&o.path),
            Source::Plan(_) => "main".into(),
        });
        // A directory's loader resolves the region itself (from `LoadOptions`).
        let region = match &source {
            Source::Plan(_) => crate::region::outside_config(
                self.region.as_deref(),
                &crate::region::process_env(),
                None,
            ),
            Source::Dir(_) => None,
        };
        Ok(Request {
            source,
            scenario: self.scenario.clone(),
            requests: self.requests.clone(),
            usage_file: self.usage_file.clone(),
            region,
            options: EstimateOptions {
                hours_per_month: shared.hours,
                free_tier: shared.free_tier,
                inputs,
                project_name,
            },
            get_modules: shared.get_modules,
        })
    }
}

/// The name of a directory (`examples/credlink` → `credlink`, `.` → the current directory's).
pub fn dir_name(path: &Path) -> String {
    std::fs::canonicalize(path)
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "main".into())
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
