//! `terraform.workspace`: the workspace a load is for, chosen in Terraform's order.
//!
//! Contract (Terraform's `Meta.WorkspaceOverridden` in `internal/command/meta.go`, and the
//! `TF_WORKSPACE` documentation: it overrides the workspace selected with
//! `terraform workspace select`):
//! 1. costplan's `--workspace` (or a project's `workspace:` in costplan.yml), when given;
//! 2. else `TF_WORKSPACE`, when set and not empty. A name Terraform refuses (it must be its own
//!    URL path segment: letters, digits and `- _ . ~ $ & + = : @`) is an error, as in Terraform;
//! 3. else the workspace `terraform workspace select` chose: the file `environment` in the data
//!    directory (`TF_DATA_DIR`, else `.terraform`; relative to the root module), whitespace
//!    trimmed;
//! 4. else (no such file, or an empty one) `default`.
//!
//! A data-directory `environment` that exists but cannot be read is an error naming it (read
//! through [`crate::input_file`], like every input file); Terraform would fall back to
//! `default` silently, which would cost the wrong workspace.

use std::collections::BTreeMap;
use std::path::Path;

use super::error::LoadError;

/// The environment variable that selects the workspace.
pub const ENV_WORKSPACE: &str = "TF_WORKSPACE";
/// The environment variable that moves Terraform's data directory (`.terraform`).
pub const ENV_DATA_DIR: &str = "TF_DATA_DIR";
/// The workspace when none is selected.
pub const DEFAULT_WORKSPACE: &str = "default";

/// The workspace of the root module `root`: `explicit`, else `TF_WORKSPACE` from `env`, else
/// the data directory's `environment` file, else `default`.
pub fn resolve(
    explicit: Option<&str>,
    env: &BTreeMap<String, String>,
    root: &Path,
) -> Result<String, LoadError> {
    if let Some(name) = explicit {
        return Ok(name.to_string());
    }
    if let Some(name) = env.get(ENV_WORKSPACE).filter(|n| !n.is_empty()) {
        if !valid_name(name) {
            return Err(LoadError::InvalidWorkspace { name: name.clone() });
        }
        return Ok(name.clone());
    }
    let data_dir = env.get(ENV_DATA_DIR).filter(|d| !d.is_empty()).map_or(".terraform", |d| d);
    let path = root.join(data_dir).join("environment");
    let text = match crate::input_file::read_to_string(&path) {
        Ok(text) => text,
        Err(crate::input_file::InputFileError::Io { cause, .. })
            if cause.kind() == std::io::ErrorKind::NotFound =>
        {
            String::new()
        }
        Err(e) => return Err(e.into()),
    };
    match text.trim() {
        "" => Ok(DEFAULT_WORKSPACE.to_string()),
        name => Ok(name.to_string()),
    }
}

/// Terraform's `validWorkspaceName`: the name is unchanged by URL path-segment escaping.
fn valid_name(name: &str) -> bool {
    name.chars().all(|c| c.is_ascii_alphanumeric() || "-_.~$&+=:@".contains(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    fn root_with_selected(name: &str) -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::create_dir(dir.path().join(".terraform")).expect("mkdir");
        std::fs::write(dir.path().join(".terraform/environment"), name).expect("write");
        dir
    }

    #[test]
    fn default_without_flag_variable_or_selection() {
        let dir = tempfile::tempdir().expect("tempdir");
        assert_eq!(resolve(None, &env(&[]), dir.path()).unwrap(), "default");
    }

    #[test]
    fn the_selected_workspace_is_read_from_the_data_directory() {
        let dir = root_with_selected("staging\n");
        assert_eq!(resolve(None, &env(&[]), dir.path()).unwrap(), "staging");
        // An empty file selects nothing.
        let dir = root_with_selected("  \n");
        assert_eq!(resolve(None, &env(&[]), dir.path()).unwrap(), "default");
    }

    #[test]
    fn tf_data_dir_moves_the_selection_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::create_dir(dir.path().join("tfdata")).expect("mkdir");
        std::fs::write(dir.path().join("tfdata/environment"), "qa").expect("write");
        let e = env(&[("TF_DATA_DIR", "tfdata")]);
        assert_eq!(resolve(None, &e, dir.path()).unwrap(), "qa");
    }

    #[test]
    fn tf_workspace_overrides_the_selected_workspace() {
        let dir = root_with_selected("staging");
        let e = env(&[("TF_WORKSPACE", "prod")]);
        assert_eq!(resolve(None, &e, dir.path()).unwrap(), "prod");
        // Set but empty: as if unset.
        let e = env(&[("TF_WORKSPACE", "")]);
        assert_eq!(resolve(None, &e, dir.path()).unwrap(), "staging");
    }

    #[test]
    fn the_flag_overrides_everything() {
        let dir = root_with_selected("staging");
        let e = env(&[("TF_WORKSPACE", "prod")]);
        assert_eq!(resolve(Some("dev"), &e, dir.path()).unwrap(), "dev");
    }

    #[test]
    fn a_tf_workspace_terraform_refuses_is_an_error() {
        let dir = tempfile::tempdir().expect("tempdir");
        let e = env(&[("TF_WORKSPACE", "my prod/eu")]);
        let err = resolve(None, &e, dir.path()).unwrap_err().to_string();
        assert!(err.contains("TF_WORKSPACE `my prod/eu`"), "{err}");
        assert!(
            resolve(None, &env(&[("TF_WORKSPACE", "a-b_c.d~e$f&g+h=i:j@k")]), dir.path()).is_ok()
        );
    }

    #[test]
    fn an_unreadable_selection_is_an_error_naming_the_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::create_dir_all(dir.path().join(".terraform/environment")).expect("mkdir");
        let err = resolve(None, &env(&[]), dir.path()).unwrap_err().to_string();
        assert!(err.contains(".terraform/environment"), "{err}");
    }
}
