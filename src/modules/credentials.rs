//! Tokens for private module registries, from where Terraform reads them
//! (<https://developer.hashicorp.com/terraform/cli/config/config-file#credentials>).
//!
//! Contract:
//! - `TF_TOKEN_<host>` first: the host with `.` written `_` and `-` written `__`
//!   (`TF_TOKEN_app_terraform_io`); a host with a port is looked up without it.
//! - Then `credentials "host" { token = "…" }` blocks of the CLI configuration file
//!   (`TF_CLI_CONFIG_FILE`, else `~/.terraformrc`), then `~/.terraform.d/credentials.tfrc.json`
//!   (written by `terraform login`).
//! - A [`Token`] never appears in output: its `Debug` is redacted and it has no `Display`.
//! - A CLI configuration that is not valid HCL is an error naming it (Terraform refuses it too);
//!   a missing one is no credentials.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::error::ModuleError;

/// A bearer token (redacted in `Debug`).
#[derive(Clone, PartialEq, Eq)]
pub struct Token(String);

impl Token {
    /// The `Authorization` header value.
    pub fn header(&self) -> String {
        format!("Bearer {}", self.0)
    }
}

impl std::fmt::Debug for Token {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Token(***)")
    }
}

/// Credentials by host (lower case, with port when the configuration gives one).
#[derive(Debug, Clone, Default)]
pub struct Credentials {
    env: BTreeMap<String, Token>,
    config: BTreeMap<String, Token>,
}

impl Credentials {
    /// Reads the `TF_TOKEN_*` variables of `env` and the CLI configuration files (`home` is the
    /// user's home directory, `None` when unknown).
    pub fn load(
        env: &BTreeMap<String, String>,
        home: Option<&Path>,
    ) -> Result<Credentials, ModuleError> {
        let mut out = Credentials::default();
        for (k, v) in env {
            if let Some(host) = k.strip_prefix("TF_TOKEN_")
                && !v.trim().is_empty()
            {
                out.env.insert(env_host(host), Token(v.trim().to_string()));
            }
        }
        let rc = env
            .get("TF_CLI_CONFIG_FILE")
            .filter(|p| !p.is_empty())
            .map(PathBuf::from)
            .or_else(|| home.map(|h| h.join(".terraformrc")));
        if let Some(rc) = rc.filter(|p| p.is_file()) {
            let text = crate::input_file::read_to_string(&rc)
                .map_err(|e| ModuleError::CliConfig { path: rc.clone(), detail: e.to_string() })?;
            out.read_hcl(&rc, &text)?;
        }
        if let Some(json) = home.map(|h| h.join(".terraform.d/credentials.tfrc.json"))
            && json.is_file()
        {
            let text = crate::input_file::read_to_string(&json).map_err(|e| {
                ModuleError::CliConfig { path: json.clone(), detail: e.to_string() }
            })?;
            out.read_json(&json, &text)?;
        }
        Ok(out)
    }

    /// The token for `host` (`host:port` falls back to `host` for the variables).
    pub fn token(&self, host: &str) -> Option<&Token> {
        let host = host.to_ascii_lowercase();
        let bare = host.rsplit_once(':').map_or(host.as_str(), |(h, _)| h);
        self.env.get(&host).or_else(|| self.env.get(bare)).or_else(|| self.config.get(&host))
    }

    fn read_hcl(&mut self, path: &Path, text: &str) -> Result<(), ModuleError> {
        let body: hcl::Body = hcl::from_str(text).map_err(|e| ModuleError::CliConfig {
            path: path.to_path_buf(),
            detail: format!("not valid HCL: {e}"),
        })?;
        for block in body.blocks().filter(|b| b.identifier() == "credentials") {
            let Some(host) = block.labels().first().map(|l| l.as_str().to_ascii_lowercase()) else {
                continue;
            };
            let token =
                block.body().attributes().find(|a| a.key() == "token").and_then(|a| {
                    match a.expr() {
                        hcl::Expression::String(s) => Some(s.clone()),
                        _ => None,
                    }
                });
            if let Some(t) = token {
                self.config.entry(host).or_insert(Token(t));
            }
        }
        Ok(())
    }

    fn read_json(&mut self, path: &Path, text: &str) -> Result<(), ModuleError> {
        let json: serde_json::Value =
            serde_json::from_str(text).map_err(|e| ModuleError::CliConfig {
                path: path.to_path_buf(),
                detail: format!("not valid JSON: {e}"),
            })?;
        let hosts = json.get("credentials").and_then(|c| c.as_object());
        for (host, entry) in hosts.into_iter().flatten() {
            if let Some(t) = entry.get("token").and_then(|t| t.as_str()) {
                self.config.entry(host.to_ascii_lowercase()).or_insert(Token(t.to_string()));
            }
        }
        Ok(())
    }
}

/// `app_terraform_io` → `app.terraform.io`, `my__host_com` → `my-host.com`.
fn env_host(var: &str) -> String {
    var.replace("__", "\u{0}").replace('_', ".").replace('\u{0}', "-").to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variables_then_cli_config_and_tokens_stay_hidden() {
        let dir = tempfile::tempdir().unwrap();
        let rc = dir.path().join("rc");
        std::fs::write(
            &rc,
            "credentials \"app.terraform.io\" {\n  token = \"from-rc\"\n}\n\
             credentials \"private.example.com\" {\n  token = \"rc-private\"\n}\n",
        )
        .unwrap();
        let env: BTreeMap<String, String> = [
            ("TF_TOKEN_app_terraform_io", "from-env"),
            ("TF_TOKEN_my__registry_example_com", "dash"),
            ("TF_CLI_CONFIG_FILE", rc.to_str().unwrap()),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        let c = Credentials::load(&env, None).unwrap();
        assert_eq!(c.token("app.terraform.io").unwrap().header(), "Bearer from-env");
        assert_eq!(c.token("my-registry.example.com").unwrap().header(), "Bearer dash");
        assert_eq!(c.token("PRIVATE.example.com").unwrap().header(), "Bearer rc-private");
        assert!(c.token("other.example.com").is_none());
        assert!(!format!("{c:?}").contains("from-env"));
    }

    #[test]
    fn a_broken_cli_config_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let rc = dir.path().join(".terraformrc");
        std::fs::write(&rc, "credentials \"x\" {\n").unwrap();
        let e = Credentials::load(&BTreeMap::new(), Some(dir.path())).unwrap_err().to_string();
        assert!(e.contains(".terraformrc") && e.contains("not valid HCL"), "{e}");
    }
}
