//! Git module packages, fetched with the `git` command (the user's git, with its own
//! credential helpers and SSH keys).
//!
//! Contract:
//! - `git clone`, then `git checkout <ref>` (a branch, tag or commit), then the `.git`
//!   directory is removed: the cache holds the files of one commit, recorded in the cache META.
//! - Plain `http://` and `git://` URLs are refused unless the host is loopback (TLS rule of
//!   [`crate::http`]); `https://`, `ssh://`, `git@host:path` and `file://` are used as given.
//! - Git never prompts (`GIT_TERMINAL_PROMPT=0`): a repository that needs credentials the user
//!   has not configured fails with git's message.
//! - A URL or ref starting with `-` is refused (it would be read as an option).

use std::path::Path;
use std::process::Command;

use super::error::ModuleError;

/// Clones `url` at `reference` into `dest` (an empty directory); returns the commit.
pub fn fetch(url: &str, reference: Option<&str>, dest: &Path) -> Result<String, ModuleError> {
    let err = |detail: String| ModuleError::Git { url: url.to_string(), detail };
    check_url(url).map_err(err)?;
    if reference.is_some_and(|r| r.starts_with('-') || r.is_empty()) {
        return Err(err(format!("`ref={}` is not a git reference", reference.unwrap_or(""))));
    }
    let checkout = dest.join("checkout");
    let checkout_str = checkout.to_string_lossy().into_owned();
    // No `ext::` transport (commands), whatever the user's git configuration says.
    run(dest, &["-c", "protocol.ext.allow=never", "clone", "--quiet", "--", url, &checkout_str])
        .map_err(err)?;
    if let Some(r) = reference {
        run(&checkout, &["-c", "advice.detachedHead=false", "checkout", "--quiet", r, "--"])
            .map_err(|e| err(format!("ref `{r}`: {e}")))?;
    }
    let commit = run(&checkout, &["rev-parse", "HEAD"]).map_err(err)?.trim().to_string();
    std::fs::remove_dir_all(checkout.join(".git")).map_err(|e| ModuleError::io(&checkout, e))?;
    // The package is the checkout's files, at `dest` itself.
    for entry in std::fs::read_dir(&checkout).map_err(|e| ModuleError::io(&checkout, e))? {
        let entry = entry.map_err(|e| ModuleError::io(&checkout, e))?;
        let to = dest.join(entry.file_name());
        std::fs::rename(entry.path(), &to).map_err(|e| ModuleError::io(&to, e))?;
    }
    std::fs::remove_dir(&checkout).map_err(|e| ModuleError::io(&checkout, e))?;
    Ok(commit)
}

fn check_url(url: &str) -> Result<(), String> {
    if url.starts_with('-') {
        return Err("a URL may not start with `-`".into());
    }
    let lower = url.to_ascii_lowercase();
    for scheme in ["http://", "git://"] {
        if let Some(rest) = lower.strip_prefix(scheme) {
            let host = rest.split(['/', '?']).next().unwrap_or("");
            let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
            let bare = if host.starts_with('[') {
                host.split(']').next().map_or(host, |h| &host[..=h.len()])
            } else {
                host.split(':').next().unwrap_or(host)
            };
            if !crate::http::is_loopback(bare) {
                return Err(format!(
                    "refusing unencrypted `{scheme}`: use an `https://` or `ssh://` URL (only a loopback address may be reached without TLS)"
                ));
            }
        }
    }
    Ok(())
}

/// Runs git in `dir`; `Ok` is its standard output, `Err` its message.
fn run(dir: &Path, args: &[&str]) -> Result<String, String> {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_TERMINAL_PROMPT", "0")
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("GIT_INDEX_FILE")
        .output()
        .map_err(|e| format!("cannot run `git` ({e}); install git to fetch git module sources"))?;
    if !out.status.success() {
        let msg = String::from_utf8_lossy(&out.stderr).trim().to_string();
        return Err(if msg.is_empty() { format!("git {} failed", args[0]) } else { msg });
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_http_is_refused_except_loopback() {
        assert!(check_url("http://example.com/r.git").unwrap_err().contains("unencrypted"));
        assert!(check_url("git://example.com/r.git").is_err());
        assert!(check_url("http://127.0.0.1:9/r.git").is_ok());
        assert!(check_url("http://[::1]:9/r.git").is_ok());
        assert!(check_url("https://example.com/r.git").is_ok());
        assert!(check_url("--upload-pack=evil").is_err());
    }
}
