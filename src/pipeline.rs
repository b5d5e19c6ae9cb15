//! One estimate, end to end, as a library call: Terraform (a directory or a plan JSON) +
//! a traffic profile → evaluated instances → usage → the report.
//!
//! `estimate`, `diff`, `advise`, `compare` and `report` all run this same pipeline, so that a
//! figure one command prints is the figure every other command computes from the same inputs.
//! The caller loads the price [`Catalog`] once (it may run the pipeline many times, e.g. for
//! every project of a monorepo or both sides of a diff) and keeps everything the pipeline
//! produced on the way ([`Outcome`]): `advise` needs the instances and their locations, `diff`
//! only the report.

use std::path::PathBuf;

use crate::estimate::{self, Configuration, EstimateOptions};
use crate::model::Report;
use crate::pricing::Catalog;
use crate::terraform::{self, LoadOptions, Loaded};
use crate::usage::{self, Profile, Usage};

/// Where the Terraform comes from.
#[derive(Debug, Clone)]
pub enum Source {
    /// A root module directory, loaded with these options.
    Dir(LoadOptions),
    /// A `terraform show -json` plan file.
    Plan(PathBuf),
}

/// The inputs of one estimate.
#[derive(Debug, Clone)]
pub struct Request {
    pub source: Source,
    /// A scenario name (`default`, `credlink-100k`) or a YAML file.
    pub scenario: Option<String>,
    /// `--requests` (human number: `100k`, `50/s`), overriding the scenario's volume.
    pub requests: Option<String>,
    /// An Infracost-style usage file.
    pub usage_file: Option<PathBuf>,
    /// For a plan: the region of provider configurations that set none
    /// ([`crate::region::outside_config`], resolved by the caller).
    pub region: Option<String>,
    pub options: EstimateOptions,
    /// `--get-modules`: fetch remote module sources into the costplan cache before loading a
    /// directory (the only network use of a pipeline; off by default).
    pub get_modules: bool,
}

/// Everything one run produced.
#[derive(Debug)]
pub struct Outcome {
    pub loaded: Loaded,
    pub profile: Profile,
    pub usage: Usage,
    pub report: Report,
}

/// Why a pipeline run stopped. Each variant names the input at fault.
#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    #[error("loading `{path}`")]
    Load {
        path: PathBuf,
        #[source]
        source: Box<terraform::LoadError>,
    },
    #[error("reading plan `{path}`")]
    Plan {
        path: PathBuf,
        #[source]
        source: Box<terraform::plan::PlanError>,
    },
    #[error(transparent)]
    Usage(#[from] usage::UsageError),
    #[error(transparent)]
    Estimate(#[from] estimate::EstimateError),
}

/// Runs one estimate with prices from `catalog`.
pub fn run(request: &Request, catalog: &Catalog) -> Result<Outcome, PipelineError> {
    let mut loaded = match &request.source {
        Source::Dir(opts) => {
            let fetched = if request.get_modules {
                crate::modules::get_warnings(&opts.path)
            } else {
                Vec::new()
            };
            let mut loaded = terraform::load(opts).map_err(|source| PipelineError::Load {
                path: opts.path.clone(),
                source: Box::new(source),
            })?;
            loaded.warnings.extend(fetched);
            loaded
        }
        Source::Plan(path) => {
            terraform::load_plan(path, request.region.as_deref()).map_err(|source| {
                PipelineError::Plan { path: path.clone(), source: Box::new(source) }
            })?
        }
    };
    loaded.normalize();
    let profile = Profile::from_cli(
        request.scenario.as_deref(),
        request.requests.as_deref(),
        request.usage_file.as_deref(),
        request.options.hours_per_month,
    )?;
    let usage = usage::derive(&profile, &loaded.instances)?;
    let config = Configuration {
        instances: &loaded.instances,
        warnings: &loaded.warnings,
        unset_variables: &loaded.unset_variables,
        modules_not_loaded: &loaded.modules_not_loaded,
    };
    let report = estimate::estimate(config, &usage, catalog, &request.options)?;
    Ok(Outcome { loaded, profile, usage, report })
}
