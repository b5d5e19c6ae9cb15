//! The one home of region resolution: which AWS region a resource is priced in when its
//! configuration does not say, and what is assumed when nothing says.
//!
//! Contract, in the order the Terraform AWS provider documents ("Provider Configuration",
//! `region`):
//! 1. the resource's own `region` argument (provider v6), else the `region` of the provider
//!    configuration it uses (default `aws`, an alias `aws.x`, or the one a module inherits or is
//!    passed), evaluated with variables: the loaders (`terraform::module`, `terraform::plan`)
//!    resolve this per resource;
//! 2. otherwise [`outside_config`]: costplan's `--region` (or a config project's `region`),
//!    which stands in for the environment the plan would run in, then `AWS_REGION`, then
//!    `AWS_DEFAULT_REGION`, then the `region` of the shared-config profile the provider would use
//!    (its `profile` argument, else `AWS_PROFILE`, else `default`) in `AWS_CONFIG_FILE`, else
//!    `$HOME/.aws/config`;
//! 3. otherwise the region is not known: the loaders warn `region-unknown`, and the estimate
//!    prices the resource in [`ASSUMED`] through [`priced_in`] and names it in a
//!    `region-assumed` report warning. No other module defaults a region.
//!
//! Everything read from the environment comes in the `env` map (see [`ENV_KEYS`]), so loading
//! stays a pure function of its inputs.

use std::collections::BTreeMap;
use std::path::PathBuf;

/// The region a priced resource is assumed to be in when nothing names one. Terraform itself
/// would refuse to plan; costplan prices and says so (`region-assumed`).
pub const ASSUMED: &str = "us-east-1";

/// Environment variables region resolution reads (besides `TF_VAR_*`, which the loader reads).
pub const ENV_KEYS: &[&str] =
    &["AWS_REGION", "AWS_DEFAULT_REGION", "AWS_PROFILE", "AWS_CONFIG_FILE", "HOME"];

/// The process environment's [`ENV_KEYS`], for [`outside_config`].
pub fn process_env() -> BTreeMap<String, String> {
    std::env::vars().filter(|(k, _)| ENV_KEYS.contains(&k.as_str())).collect()
}

/// The region of a provider configuration that sets none (step 2 of the module contract):
/// `cli` (`--region`), `AWS_REGION`, `AWS_DEFAULT_REGION`, then the region of `profile` (the
/// provider's `profile` argument; `None`: `AWS_PROFILE`, else `default`) in the shared config
/// file. Empty values count as unset, as they do for the provider. `None` when none says.
pub fn outside_config(
    cli: Option<&str>,
    env: &BTreeMap<String, String>,
    profile: Option<&str>,
) -> Option<String> {
    let set = |v: Option<&str>| v.filter(|s| !s.is_empty()).map(str::to_string);
    set(cli)
        .or_else(|| set(env.get("AWS_REGION").map(String::as_str)))
        .or_else(|| set(env.get("AWS_DEFAULT_REGION").map(String::as_str)))
        .or_else(|| profile_region(env, profile))
}

/// The region a resource is priced in: the resolved one, else [`ASSUMED`]; `true` when assumed
/// (the caller names the resource in a `region-assumed` warning).
pub fn priced_in(resolved: Option<&str>) -> (String, bool) {
    match resolved.filter(|r| !r.is_empty()) {
        Some(r) => (r.to_string(), false),
        None => (ASSUMED.to_string(), true),
    }
}

/// `region` of the profile in the shared config file. A missing or unreadable file is no region
/// (as for the provider, which then has none either).
fn profile_region(env: &BTreeMap<String, String>, profile: Option<&str>) -> Option<String> {
    let profile = profile
        .filter(|p| !p.is_empty())
        .or_else(|| env.get("AWS_PROFILE").map(String::as_str).filter(|p| !p.is_empty()))
        .unwrap_or("default");
    let file = match env.get("AWS_CONFIG_FILE").filter(|f| !f.is_empty()) {
        Some(f) => PathBuf::from(f),
        None => PathBuf::from(env.get("HOME").filter(|h| !h.is_empty())?).join(".aws/config"),
    };
    let text = std::fs::read_to_string(file).ok()?;
    config_region(&text, profile)
}

/// `region` in the `[default]` or `[profile NAME]` section of a shared config file's text.
fn config_region(text: &str, profile: &str) -> Option<String> {
    let mut in_section = false;
    for line in text.lines() {
        let line = line.trim();
        if line.starts_with('#') || line.starts_with(';') || line.is_empty() {
            continue;
        }
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            let name = name.trim();
            let name = name.strip_prefix("profile ").map(str::trim).unwrap_or(name);
            in_section = name == profile;
            continue;
        }
        if let Some((key, value)) = line.split_once('=').filter(|_| in_section)
            && key.trim() == "region"
            && !value.trim().is_empty()
        {
            return Some(value.trim().to_string());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn flag_then_aws_region_then_aws_default_region() {
        let all = env(&[("AWS_REGION", "eu-west-1"), ("AWS_DEFAULT_REGION", "eu-west-2")]);
        assert_eq!(outside_config(Some("ap-south-1"), &all, None).as_deref(), Some("ap-south-1"));
        assert_eq!(outside_config(None, &all, None).as_deref(), Some("eu-west-1"));
        let default_only = env(&[("AWS_REGION", ""), ("AWS_DEFAULT_REGION", "eu-west-2")]);
        assert_eq!(outside_config(Some(""), &default_only, None).as_deref(), Some("eu-west-2"));
        assert_eq!(outside_config(None, &env(&[]), None), None);
    }

    #[test]
    fn profile_region_from_the_shared_config_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::create_dir_all(dir.path().join(".aws")).expect("mkdir");
        std::fs::write(
            dir.path().join(".aws/config"),
            "[default]\nregion = eu-north-1\n\n[profile prod]\n# a comment\nregion=ca-central-1\n",
        )
        .expect("write");
        let home = dir.path().display().to_string();
        let e = env(&[("HOME", &home)]);
        assert_eq!(outside_config(None, &e, None).as_deref(), Some("eu-north-1"));
        assert_eq!(outside_config(None, &e, Some("prod")).as_deref(), Some("ca-central-1"));
        let e = env(&[("HOME", &home), ("AWS_PROFILE", "prod")]);
        assert_eq!(outside_config(None, &e, None).as_deref(), Some("ca-central-1"));
        assert_eq!(outside_config(None, &e, Some("missing")), None);
        // The environment's region wins over the profile's, as for the provider.
        let e = env(&[("HOME", &home), ("AWS_DEFAULT_REGION", "sa-east-1")]);
        assert_eq!(outside_config(None, &e, None).as_deref(), Some("sa-east-1"));
    }

    #[test]
    fn nothing_resolved_is_priced_in_the_assumed_region_and_says_so() {
        assert_eq!(priced_in(Some("eu-west-1")), ("eu-west-1".to_string(), false));
        assert_eq!(priced_in(None), (ASSUMED.to_string(), true));
        assert_eq!(priced_in(Some("")), (ASSUMED.to_string(), true));
    }
}
