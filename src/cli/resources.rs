//! `costplan resources`: lists every resource instance a configuration creates (address, type,
//! region, location, warnings; in JSON also the resources each attribute refers to and the links
//! the resource mappings follow) and a summary of what could not be resolved, so that a user can
//! find out why something was or was not priced.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;

use crate::region;
use crate::terraform::{self, LoadOptions, Loaded};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Json,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Root module directory of the Terraform configuration.
    #[arg(long, default_value = ".", conflicts_with = "plan")]
    pub path: PathBuf,
    /// A plan in JSON (`terraform show -json plan.out > plan.json`) instead of .tf files.
    #[arg(long)]
    pub plan: Option<PathBuf>,
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
    /// Region of the default `aws` provider when the configuration does not set one.
    #[arg(long)]
    pub region: Option<String>,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Fetch registry, git and HTTP module sources into the costplan cache first (as
    /// `costplan modules get` does); without it, nothing is downloaded.
    #[arg(long, conflicts_with = "plan")]
    pub get_modules: bool,
}

/// Splits `name=value` flags.
pub(crate) fn parse_vars(vars: &[String]) -> anyhow::Result<Vec<(String, String)>> {
    vars.iter()
        .map(|v| {
            let (k, val) = v
                .split_once('=')
                .with_context(|| format!("--var `{v}` must look like name=value"))?;
            Ok((k.trim().to_string(), val.to_string()))
        })
        .collect()
}

/// Builds load options from flags and the process environment.
pub(crate) fn load_options(
    path: PathBuf,
    vars: &[String],
    var_files: Vec<PathBuf>,
    workspace: Option<String>,
    region: Option<String>,
) -> anyhow::Result<LoadOptions> {
    let env: BTreeMap<String, String> = std::env::vars()
        .filter(|(k, _)| k.starts_with("TF_VAR_"))
        .chain(region::process_env())
        .chain(workspace_env())
        .collect();
    let workspace = terraform::workspace::resolve(workspace.as_deref(), &env, &path)?;
    Ok(LoadOptions {
        path,
        var_files,
        vars: parse_vars(vars)?,
        workspace,
        region,
        env,
        module_cache: crate::modules::cache::default_dir(),
    })
}

/// The variables that choose the workspace (`TF_WORKSPACE`, `TF_DATA_DIR`), when set.
fn workspace_env() -> impl Iterator<Item = (String, String)> {
    use terraform::workspace::{ENV_DATA_DIR, ENV_WORKSPACE};
    [ENV_WORKSPACE, ENV_DATA_DIR]
        .into_iter()
        .filter_map(|k| std::env::var(k).ok().map(|v| (k.to_string(), v)))
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let loaded = if let Some(plan) = &args.plan {
        let fallback = region::outside_config(args.region.as_deref(), &region::process_env(), None);
        terraform::load_plan(plan, fallback.as_deref())?
    } else {
        let opts = load_options(
            args.path.clone(),
            &args.vars,
            args.var_files,
            args.workspace,
            args.region,
        )?;
        let fetched =
            if args.get_modules { crate::modules::get_warnings(&opts.path) } else { Vec::new() };
        let mut loaded =
            terraform::load(&opts).with_context(|| format!("loading `{}`", args.path.display()))?;
        loaded.warnings.extend(fetched);
        loaded.normalize();
        loaded
    };
    let text = match args.format {
        Format::Json => serde_json::to_string_pretty(&with_links(&loaded))?,
        Format::Table => render_table(&loaded),
    };
    super::print_out(&text)?;
    Ok(ExitCode::SUCCESS)
}

/// The loaded configuration as `costplan resources --format json` shows it: [`Loaded`] with,
/// on each instance, the `links` its mapping follows (role, attribute, target address, and
/// whether by reference, value or guess).
#[derive(serde::Serialize)]
struct LoadedView<'a> {
    instances: Vec<InstanceView<'a>>,
    warnings: &'a [terraform::Warning],
    unset_variables: &'a [String],
    modules_not_loaded: &'a [String],
    files: &'a [String],
}

#[derive(serde::Serialize)]
struct InstanceView<'a> {
    #[serde(flatten)]
    instance: &'a terraform::Instance,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    links: Vec<crate::resources::LinkView>,
}

fn with_links(loaded: &Loaded) -> LoadedView<'_> {
    let mut links = crate::resources::links(&loaded.instances);
    LoadedView {
        instances: loaded
            .instances
            .iter()
            .map(|i| InstanceView {
                instance: i,
                links: links.remove(&i.address).unwrap_or_default(),
            })
            .collect(),
        warnings: &loaded.warnings,
        unset_variables: &loaded.unset_variables,
        modules_not_loaded: &loaded.modules_not_loaded,
        files: &loaded.files,
    }
}

/// The table of instances followed by the summary.
pub(crate) fn render_table(loaded: &Loaded) -> String {
    let mut table = crate::render::grid::grid(super::terminal::width());
    table.set_header(vec!["address", "type", "region", "location", "warnings"]);
    for i in &loaded.instances {
        let warnings: Vec<String> = i.warnings.iter().map(|w| w.code.clone()).collect();
        table.add_row(vec![
            i.address.clone(),
            i.resource_type.clone(),
            // `?` marks an AWS resource whose region is unknown; `-` a non-AWS resource.
            i.region.clone().unwrap_or_else(|| {
                if i.provider.starts_with("aws") { "?" } else { "-" }.to_string()
            }),
            format!("{}:{}", i.location.file, i.location.line),
            warnings.join(", "),
        ]);
    }
    let mut out = String::new();
    if loaded.instances.is_empty() {
        out.push_str("No resource instances.\n");
    } else {
        out.push_str(&crate::render::grid::text(&table));
        out.push('\n');
    }
    let managed = loaded.instances.iter().filter(|i| i.mode == terraform::Mode::Managed).count();
    out.push_str(&format!(
        "\n{} instances ({managed} managed, {} data sources) from {} files\n",
        loaded.instances.len(),
        loaded.instances.len() - managed,
        loaded.files.len()
    ));
    if !loaded.unset_variables.is_empty() {
        out.push_str(&format!(
            "Variables without a value (their values are unknown; pass --var): {}\n",
            loaded.unset_variables.join(", ")
        ));
    }
    if !loaded.modules_not_loaded.is_empty() {
        out.push_str(&format!(
            "Modules not loaded (their resources are missing): {}\n",
            loaded.modules_not_loaded.join(", ")
        ));
    }
    let counts = loaded.warning_counts();
    if !counts.is_empty() {
        let parts: Vec<String> = counts.iter().map(|(c, n)| format!("{c} {n}")).collect();
        out.push_str(&format!("Warnings: {}\n", parts.join(", ")));
        for w in &loaded.warnings {
            let at =
                w.location.as_ref().map(|l| format!("{}:{}: ", l.file, l.line)).unwrap_or_default();
            out.push_str(&format!("  warning[{}]: {at}{}\n", w.code, w.message));
        }
        for i in &loaded.instances {
            for w in &i.warnings {
                out.push_str(&format!("  warning[{}]: {}: {}\n", w.code, i.address, w.message));
            }
        }
    }
    out
}
