//! The module registry protocol
//! (<https://developer.hashicorp.com/terraform/internals/module-registry-protocol>).
//!
//! Contract:
//! - Service discovery: `GET https://<host>/.well-known/terraform.json`, whose `modules.v1` is
//!   the API base (absolute, or relative to the discovery document). A loopback host
//!   (`localhost`, `127.0.0.1:8080`) is asked over plain `http://`: the one place without TLS,
//!   for local test and mirror registries.
//! - Versions: `GET <base><namespace>/<name>/<system>/versions`.
//! - Download: `GET <base><namespace>/<name>/<system>/<version>/download`, answered with
//!   `204` and an `X-Terraform-Get` header (or `200` and a JSON `location`): a go-getter address
//!   (archive URL, `git::…`), relative ones resolved against the download URL.
//! - The registry token of the host ([`super::credentials`]) goes with every registry call,
//!   never anywhere else.

use std::collections::BTreeMap;

use super::address::RegistryAddress;
use super::error::ModuleError;
use super::net::{Answer, Net, resolve};
use super::version::Version;

/// The API bases found so far, by host.
#[derive(Default)]
pub struct Discovery {
    bases: BTreeMap<String, String>,
}

impl Discovery {
    /// The `modules.v1` base URL of `host` (ending with `/`).
    pub fn base(&mut self, net: &Net, host: &str) -> Result<String, ModuleError> {
        if let Some(b) = self.bases.get(host) {
            return Ok(b.clone());
        }
        let bare = host.rsplit_once(':').map_or(host, |(h, _)| h);
        let scheme = if crate::http::is_loopback(bare) { "http" } else { "https" };
        let url = format!("{scheme}://{host}/.well-known/terraform.json");
        let err = |detail: String| ModuleError::Discovery { host: host.to_string(), detail };
        let answer = net.get(&url, true)?;
        if !answer.status.is_success() {
            return Err(err(format!(
                "{url} answered HTTP {}; is `{host}` a Terraform registry?",
                answer.status.as_u16()
            )));
        }
        let json: serde_json::Value = serde_json::from_slice(&answer.body)
            .map_err(|e| err(format!("{url} is not JSON: {e}")))?;
        let Some(v1) = json.get("modules.v1").and_then(|v| v.as_str()) else {
            return Err(err(format!(
                "{url} offers no `modules.v1` service (not a module registry)"
            )));
        };
        let mut base = resolve(&url, v1);
        if !base.ends_with('/') {
            base.push('/');
        }
        self.bases.insert(host.to_string(), base.clone());
        Ok(base)
    }
}

fn module_url(base: &str, a: &RegistryAddress) -> String {
    format!("{base}{}/{}/{}", a.namespace, a.name, a.system)
}

/// A failed answer as an error (a 404 says the module or version is not there).
fn status_error(url: &str, answer: &Answer, what: &str) -> ModuleError {
    let detail = if answer.status.as_u16() == 404 {
        format!("{what} is not in this registry (check the source address and `version`)")
    } else {
        String::from_utf8_lossy(&answer.body).trim().chars().take(200).collect()
    };
    ModuleError::Status { url: url.to_string(), status: answer.status.as_u16(), detail }
}

/// Every version the registry lists for `a`, sorted.
pub fn versions(net: &Net, base: &str, a: &RegistryAddress) -> Result<Vec<Version>, ModuleError> {
    let url = format!("{}/versions", module_url(base, a));
    let answer = net.get(&url, true)?;
    if !answer.status.is_success() {
        return Err(status_error(&url, &answer, &format!("module `{}`", a.package_key())));
    }
    let json: serde_json::Value = serde_json::from_slice(&answer.body).map_err(|e| {
        ModuleError::Status { url: url.clone(), status: 200, detail: format!("not JSON: {e}") }
    })?;
    let mut out: Vec<Version> = json
        .get("modules")
        .and_then(|m| m.as_array())
        .into_iter()
        .flatten()
        .flat_map(|m| m.get("versions").and_then(|v| v.as_array()).into_iter().flatten())
        .filter_map(|v| v.get("version").and_then(|v| v.as_str()).and_then(Version::parse))
        .collect();
    out.sort();
    out.dedup();
    Ok(out)
}

/// Where version `v` of `a` is downloaded from (a go-getter address).
pub fn location(
    net: &Net,
    base: &str,
    a: &RegistryAddress,
    v: &Version,
) -> Result<String, ModuleError> {
    let url = format!("{}/{}/download", module_url(base, a), v.text);
    let answer = net.get(&url, true)?;
    if !answer.status.is_success() {
        return Err(status_error(&url, &answer, &format!("version {v} of `{}`", a.package_key())));
    }
    let header =
        answer.headers.get("x-terraform-get").and_then(|h| h.to_str().ok()).map(str::to_string);
    let from_json = || {
        serde_json::from_slice::<serde_json::Value>(&answer.body)
            .ok()?
            .get("location")?
            .as_str()
            .map(str::to_string)
    };
    let Some(location) = header.or_else(from_json).filter(|l| !l.trim().is_empty()) else {
        return Err(ModuleError::Status {
            url,
            status: answer.status.as_u16(),
            detail: "no `X-Terraform-Get` header and no `location` in the answer".into(),
        });
    };
    Ok(resolve(&url, location.trim()))
}
