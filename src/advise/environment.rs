//! Production or not: rules that trade resilience for money (one NAT gateway, Single-AZ) only
//! fire outside production. The first of these that says something decides:
//! 1. the `--environment` flag;
//! 2. the Terraform workspace (`default` says nothing);
//! 3. the name of the last `--var-file` that names an environment (`environments/dev.tfvars`);
//! 4. the `Environment` / `env` / `stage` tags of the resources (the most common value);
//! 5. otherwise production, the side on which no resilience is given away.

use std::collections::BTreeMap;
use std::path::PathBuf;

use super::finding::EnvironmentInfo;
use crate::terraform::{Instance, Mode, Value};

/// Tag keys read, compared case-insensitively.
const TAG_KEYS: &[&str] = &["environment", "env", "stage"];

/// Names that mean production.
const PRODUCTION: &[&str] = &["prod", "production", "prd", "live"];
/// Names that mean something else.
const NON_PRODUCTION: &[&str] = &[
    "dev",
    "development",
    "test",
    "testing",
    "qa",
    "staging",
    "stage",
    "stg",
    "sandbox",
    "sbx",
    "uat",
    "preview",
    "demo",
    "nonprod",
    "non-prod",
    "ci",
    "int",
    "integration",
];

/// Classifies a name: `Some(true)` production, `Some(false)` not, `None` unknown. The whole
/// name or one of its `-`/`_`/`.` separated words must match (`credlink-dev` is dev).
pub fn classify(name: &str) -> Option<bool> {
    let lower = name.trim().to_ascii_lowercase();
    let words: Vec<&str> =
        std::iter::once(lower.as_str()).chain(lower.split(['-', '_', '.', '/'])).collect();
    if words.iter().any(|w| NON_PRODUCTION.contains(w)) {
        return Some(false);
    }
    if words.iter().any(|w| PRODUCTION.contains(w)) {
        return Some(true);
    }
    None
}

/// Decides the environment.
pub fn detect(
    flag: Option<bool>,
    workspace: &str,
    var_files: &[PathBuf],
    instances: &[Instance],
) -> EnvironmentInfo {
    let info = |production: bool, evidence: String| EnvironmentInfo { production, evidence };
    let word = |p: bool| if p { "production" } else { "non-production" };
    if let Some(production) = flag {
        return info(production, format!("{}: --environment", word(production)));
    }
    if let Some(p) = classify(workspace).filter(|_| workspace != "default") {
        return info(p, format!("{}: workspace `{workspace}`", word(p)));
    }
    for file in var_files.iter().rev() {
        let name = file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let stem = name.trim_end_matches(".json").trim_end_matches(".tfvars");
        if let Some(p) = classify(stem) {
            return info(p, format!("{}: var file `{name}`", word(p)));
        }
    }
    let mut votes: BTreeMap<String, usize> = BTreeMap::new();
    for inst in instances.iter().filter(|i| i.mode == Mode::Managed) {
        let Some(tags) = inst.attr("tags").and_then(Value::as_map) else { continue };
        for (key, value) in tags {
            if let Some(v) = value.as_str()
                && TAG_KEYS.contains(&key.to_ascii_lowercase().as_str())
            {
                *votes.entry(v.to_string()).or_default() += 1;
            }
        }
    }
    // Most common value; ties broken by name for determinism.
    let best = votes.iter().max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)));
    if let Some((value, p)) = best.and_then(|(v, _)| classify(v).map(|p| (v, p))) {
        return info(p, format!("{}: tag value `{value}`", word(p)));
    }
    info(
        true,
        "production: nothing names the environment (assumed production; pass --environment nonprod)"
            .into(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_classify_by_word() {
        assert_eq!(classify("dev"), Some(false));
        assert_eq!(classify("credlink-prod"), Some(true));
        assert_eq!(classify("Staging"), Some(false));
        assert_eq!(classify("production"), Some(true));
        assert_eq!(classify("eu-west"), None);
        // `prod` inside a word is not production.
        assert_eq!(classify("product"), None);
    }

    #[test]
    fn flag_then_workspace_then_var_file() {
        let files = vec![PathBuf::from("environments/dev.tfvars")];
        assert!(detect(Some(true), "dev", &files, &[]).production);
        assert!(!detect(None, "default", &files, &[]).production);
        let ws = detect(None, "prod", &files, &[]);
        assert!(ws.production, "{}", ws.evidence);
        let none = detect(None, "default", &[], &[]);
        assert!(none.production && none.evidence.contains("assumed"), "{}", none.evidence);
    }
}
