//! Git module packages, fetched with the `git` command (the user's git, with its own
//! credential helpers and SSH keys).
//!
//! Contract:
//! - `git clone --depth 1 --branch <ref>` for a branch or tag (or the default branch), else a
//!   full `git clone` and `git checkout <ref>` (a commit); then the `.git` directory is
//!   removed: the cache holds the files of one commit, recorded in the cache META.
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
    let clone = ["-c", "protocol.ext.allow=never", "clone", "--quiet"];
    // A branch or tag (or the default branch) is cloned shallow; a commit, or a ref the
    // shallow clone cannot take, needs the history.
    let is_commit =
        reference.is_some_and(|r| r.len() >= 7 && r.bytes().all(|b| b.is_ascii_hexdigit()));
    let mut shallow: Vec<&str> = clone.to_vec();
    shallow.extend(["--depth", "1"]);
    if let Some(r) = reference {
        shallow.extend(["--branch", r]);
    }
    shallow.extend(["--", url, &checkout_str]);
    let shallow_ok = !is_commit && run(dest, &shallow).is_ok();
    if !shallow_ok {
        if checkout.exists() {
            std::fs::remove_dir_all(&checkout).map_err(|e| ModuleError::io(&checkout, e))?;
        }
        let mut full: Vec<&str> = clone.to_vec();
        full.extend(["--", url, &checkout_str]);
        run(dest, &full).map_err(err)?;
        if let Some(r) = reference {
            run(&checkout, &["-c", "advice.detachedHead=false", "checkout", "--quiet", r, "--"])
                .map_err(|e| err(format!("ref `{r}`: {e}")))?;
        }
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

    fn git_in(dir: &Path, args: &[&str]) -> String {
        let out = Command::new("git")
            .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
            .args(args)
            .current_dir(dir)
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .output()
            .expect("git runs");
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }

    #[test]
    fn a_tag_a_branch_a_commit_and_the_default_branch_are_checked_out() {
        let tmp = tempfile::tempdir().unwrap();
        let repo = tmp.path().join("repo");
        std::fs::create_dir(&repo).unwrap();
        git_in(&repo, &["init", "--quiet", "-b", "main"]);
        std::fs::write(repo.join("v.tf"), "# one\n").unwrap();
        git_in(&repo, &["add", "."]);
        git_in(&repo, &["commit", "--quiet", "-m", "one"]);
        let first = git_in(&repo, &["rev-parse", "HEAD"]);
        git_in(&repo, &["tag", "v1"]);
        std::fs::write(repo.join("v.tf"), "# two\n").unwrap();
        git_in(&repo, &["commit", "--quiet", "-am", "two"]);
        git_in(&repo, &["branch", "feature"]);
        let url = format!("file://{}", repo.display());
        for (reference, want) in [
            (Some("v1"), "# one\n"),
            (Some(first.as_str()), "# one\n"),
            (Some("feature"), "# two\n"),
            (None, "# two\n"),
        ] {
            let dest = tempfile::tempdir().unwrap();
            let commit = fetch(&url, reference, dest.path()).unwrap();
            assert_eq!(
                std::fs::read_to_string(dest.path().join("v.tf")).unwrap(),
                want,
                "{reference:?}"
            );
            assert_eq!(commit.len(), 40);
            assert!(!dest.path().join(".git").exists());
        }
        let dest = tempfile::tempdir().unwrap();
        let e = fetch(&url, Some("nope"), dest.path()).unwrap_err().to_string();
        assert!(e.contains("ref `nope`"), "{e}");
    }

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
