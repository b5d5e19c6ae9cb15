//! Helpers: run the binary, estimate through the library, copy trees, run git.

use std::path::{Path, PathBuf};
use std::process::Command as StdCommand;

use assert_cmd::Command;
use costplan::model::Report;
use costplan::pipeline::{self, Request, Source};
use costplan::pricing::Catalog;
use costplan::terraform::LoadOptions;

pub const CREDLINK: &str = "examples/credlink";

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The outcome of one run: exit code, stdout, stderr.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Exit code, stdout and stderr in one text with `tmp` replaced by `[TMP]`.
    pub fn text(&self, tmp: Option<&Path>) -> String {
        let mut text =
            format!("exit: {}\n--- stdout\n{}--- stderr\n{}", self.code, self.stdout, self.stderr);
        if let Some(tmp) = tmp {
            text = text.replace(&tmp.display().to_string(), "[TMP]");
        }
        text
    }
}

/// Runs `costplan args` in `dir` (the package directory when `None`), hermetic: its own empty
/// HOME and cache directory (so the bundled prices), no AWS or Terraform variables.
pub fn costplan(args: &[&str], dir: Option<&Path>, env: &[(&str, &str)]) -> Run {
    let home = tempdir();
    let mut cmd = Command::cargo_bin("costplan").unwrap_or_else(|e| panic!("no binary: {e}"));
    cmd.args(args).env_remove("RUST_BACKTRACE").env_remove("GITHUB_TOKEN");
    for (k, _) in std::env::vars() {
        if k.starts_with("AWS_") || k.starts_with("TF_") || k == "COSTPLAN_PRICING_DIR" {
            cmd.env_remove(k);
        }
    }
    cmd.env("HOME", home.path()).env("XDG_CACHE_HOME", home.path().join("cache"));
    cmd.current_dir(dir.map_or_else(root, Path::to_path_buf));
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap_or_else(|e| panic!("could not run costplan: {e}"));
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// The estimate of a Terraform directory with var files and the credlink-100k scenario.
pub fn estimate(path: &Path, var_files: &[PathBuf]) -> Report {
    let mut opts = LoadOptions::new(path);
    opts.var_files = var_files.to_vec();
    let mut request = Request {
        source: Source::Dir(opts),
        scenario: Some("credlink-100k".into()),
        requests: None,
        usage_file: None,
        region: None,
        options: Default::default(),
        get_modules: false,
    };
    request.options.project_name = "credlink".into();
    pipeline::run(&request, &Catalog::bundled()).unwrap_or_else(|e| panic!("estimate: {e}")).report
}

pub fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().unwrap_or_else(|e| panic!("no temporary directory: {e}"))
}

pub use crate::fs::copy_tree;

pub fn write(path: &Path, text: &str) {
    if let Some(p) = path.parent() {
        std::fs::create_dir_all(p).expect("mkdir");
    }
    std::fs::write(path, text).unwrap_or_else(|e| panic!("writing {}: {e}", path.display()));
}

/// Runs git in `dir` and returns its stdout; panics when git fails.
pub fn git(dir: &Path, args: &[&str]) -> String {
    let out = StdCommand::new("git")
        .args(["-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false"])
        .args(args)
        .current_dir(dir)
        .env_remove("GIT_DIR")
        .env_remove("GIT_INDEX_FILE")
        .output()
        .expect("git runs");
    assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}
