//! `costplan modules get` and the module cache, end to end: a module registry served on
//! 127.0.0.1 by this test, git repositories made with `git init` in a temporary directory, and
//! `costplan` run as a process with its own HOME (so its own cache). Nothing touches the
//! internet.
//!
//! Prices used in hand-computed totals (bundled snapshot, us-east-1):
//! - Public IPv4 address (`aws_eip`): $0.005 per hour (Amazon VPC pricing, "Public IPv4
//!   Address", published 2024-02-01; feed of 2025-03).
//! - KMS customer managed key (`aws_kms_key`): $1.00 per month (AWS KMS pricing, feed of
//!   2025-03).

#[path = "support/http.rs"]
#[allow(dead_code)]
mod http;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex};

use http::{Request, Response};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

/// What the registry saw: (path, authorization header).
type Log = Arc<Mutex<Vec<(String, Option<String>)>>>;

/// A gzip-compressed tar of (name, content) regular files, built by hand.
fn tar_gz(entries: &[(&str, &str)]) -> Vec<u8> {
    use std::io::Write;
    let mut out = Vec::new();
    for &(name, body) in entries {
        let mut h = [0u8; 512];
        h[..name.len()].copy_from_slice(name.as_bytes());
        h[100..107].copy_from_slice(b"0000644");
        h[124..135].copy_from_slice(format!("{:011o}", body.len()).as_bytes());
        h[136..147].copy_from_slice(b"00000000000");
        h[156] = b'0';
        h[257..263].copy_from_slice(b"ustar\0");
        h[263..265].copy_from_slice(b"00");
        h[148..156].copy_from_slice(b"        ");
        let sum: u32 = h.iter().map(|&b| u32::from(b)).sum();
        h[148..155].copy_from_slice(format!("{sum:06o}\0").as_bytes());
        out.extend_from_slice(&h);
        out.extend_from_slice(body.as_bytes());
        out.resize(out.len().div_ceil(512) * 512, 0);
    }
    out.resize(out.len() + 1024, 0);
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(&out).expect("gzip");
    gz.finish().expect("gzip")
}

/// The `net` module at `version`: `aws_eip` × (major × 10 + minor), so the price says which
/// version was selected (1.2.0 → 12 addresses).
fn net_module(version: &str) -> Vec<u8> {
    let mut parts = version.split('.').map(|p| p.parse::<u32>().expect("number"));
    let count = parts.next().expect("major") * 10 + parts.next().expect("minor");
    tar_gz(&[(
        "main.tf",
        &format!("resource \"aws_eip\" \"ip\" {{\n  count  = {count}\n  domain = \"vpc\"\n}}\n"),
    )])
}

const NET_VERSIONS: [&str; 5] = ["1.0.0", "1.1.0", "1.2.0", "1.3.0-beta1", "2.0.0"];

/// The registry: `acme/net/aws` in several versions, `acme/evil/aws` whose archive has a
/// `../` entry, and nothing else (404).
fn registry(log: Log) -> String {
    http::serve(move |r: Request| {
        log.lock()
            .expect("log")
            .push((r.path.clone(), r.header("authorization").map(str::to_string)));
        let p = r.path.as_str();
        if p == "/.well-known/terraform.json" {
            return Response::new(200, "application/json", r#"{"modules.v1": "/api/modules/v1/"}"#);
        }
        if p == "/api/modules/v1/acme/net/aws/versions" {
            let list: Vec<String> =
                NET_VERSIONS.iter().map(|v| format!("{{\"version\": \"{v}\"}}")).collect();
            let body = format!("{{\"modules\": [{{\"versions\": [{}]}}]}}", list.join(", "));
            return Response::new(200, "application/json", body);
        }
        if p == "/api/modules/v1/acme/json/aws/versions"
            || p == "/api/modules/v1/acme/local/aws/versions"
        {
            return Response::new(
                200,
                "application/json",
                r#"{"modules":[{"versions":[{"version":"1.0.0"}]}]}"#,
            );
        }
        if p == "/api/modules/v1/acme/json/aws/1.0.0/download" {
            // The newer form of the answer: 200 with the location in JSON.
            return Response::new(
                200,
                "application/json",
                r#"{"location": "/archives/net-1.0.0.tar.gz"}"#,
            );
        }
        if p == "/api/modules/v1/acme/local/aws/1.0.0/download" {
            // A registry may not make costplan copy a repository of this machine.
            return Response::new(204, "text/plain", "")
                .header("X-Terraform-Get", "git::file:///etc");
        }
        if p == "/api/modules/v1/acme/evil/aws/versions" {
            return Response::new(
                200,
                "application/json",
                r#"{"modules":[{"versions":[{"version":"1.0.0"}]}]}"#,
            );
        }
        if let Some(v) = p
            .strip_prefix("/api/modules/v1/acme/net/aws/")
            .and_then(|r| r.strip_suffix("/download"))
        {
            // A relative location, as registries that host their own archives answer.
            return Response::new(204, "text/plain", "").header(
                "X-Terraform-Get",
                &format!("../../../../../../../archives/net-{v}.tar.gz"),
            );
        }
        if p == "/api/modules/v1/acme/evil/aws/1.0.0/download" {
            return Response::new(204, "text/plain", "")
                .header("X-Terraform-Get", "/archives/evil.tar.gz");
        }
        if let Some(v) = p.strip_prefix("/archives/net-").and_then(|r| r.strip_suffix(".tar.gz")) {
            return Response::new(200, "application/gzip", net_module(v));
        }
        if p == "/archives/evil.tar.gz" {
            return Response::new(
                200,
                "application/gzip",
                tar_gz(&[("main.tf", "# fine\n"), ("../evil.tf", "# outside\n")]),
            );
        }
        Response::new(404, "application/json", r#"{"errors":["Not Found"]}"#)
    })
}

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .args([
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@example.com",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .expect("git runs");
    assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

/// A git repository whose `modules/keys` has 1 KMS key at tag `v1` and 3 on `main` after it.
fn keys_repo(dir: &Path) -> PathBuf {
    let repo = dir.join("keys-repo");
    std::fs::create_dir_all(repo.join("modules/keys")).expect("mkdir");
    git(&repo, &["init", "--quiet"]);
    let write = |n: u32| {
        std::fs::write(
            repo.join("modules/keys/main.tf"),
            format!("resource \"aws_kms_key\" \"k\" {{\n  count = {n}\n}}\n"),
        )
        .expect("write");
    };
    write(1);
    git(&repo, &["add", "."]);
    git(&repo, &["commit", "--quiet", "-m", "one key"]);
    git(&repo, &["tag", "v1"]);
    write(3);
    git(&repo, &["commit", "--quiet", "-am", "three keys"]);
    repo
}

/// A root calling one registry module and one git module.
fn root(dir: &Path, registry: &str, repo: &Path, net_version: &str) -> PathBuf {
    let host = registry.trim_start_matches("http://");
    let root = dir.join("root");
    std::fs::create_dir_all(&root).expect("mkdir");
    std::fs::write(
        root.join("main.tf"),
        format!(
            "provider \"aws\" {{\n  region = \"us-east-1\"\n}}\n\n\
             module \"net\" {{\n  source  = \"{host}/acme/net/aws\"\n  version = \"{net_version}\"\n}}\n\n\
             module \"keys\" {{\n  source = \"git::file://{}//modules/keys?ref=v1\"\n}}\n",
            repo.display()
        ),
    )
    .expect("write");
    root
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

/// Runs costplan with `home` as HOME (its module cache is `home/.cache/costplan/modules`) and
/// no AWS/Terraform/costplan/XDG settings from the developer's environment.
fn costplan(home: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut cmd = assert_cmd::Command::cargo_bin("costplan").expect("binary built");
    for (k, _) in std::env::vars_os() {
        let k = k.to_string_lossy().into_owned();
        if k.starts_with("AWS_")
            || k.starts_with("TF_")
            || k.starts_with("COSTPLAN_")
            || k.starts_with("XDG_")
        {
            cmd.env_remove(&k);
        }
    }
    let out = cmd
        .env("HOME", home)
        .env("COSTPLAN_PRICING_DIR", "/nonexistent/costplan-test/cache")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .envs(env.iter().copied())
        .args(args)
        .output()
        .expect("costplan runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// `costplan modules get --path root` with its HOME under `tmp`, no extra environment.
fn modules_get(tmp: &Path, root: &Path) -> Run {
    costplan(&tmp.join("home"), &["modules", "get", "--path", root.to_str().expect("utf-8")], &[])
}

fn total(json: &str) -> Decimal {
    let v: serde_json::Value = serde_json::from_str(json).expect("estimate JSON");
    let t = v["totals"]["monthly"].as_str();
    t.unwrap_or_else(|| panic!("no total in {}", &json[..json.len().min(2000)]))
        .parse()
        .expect("decimal")
}

fn archive_downloads(log: &Log) -> usize {
    log.lock().expect("log").iter().filter(|(p, _)| p.starts_with("/archives/")).count()
}

#[test]
fn a_registry_and_a_git_module_are_priced_completely_and_a_second_get_downloads_nothing() {
    let tmp = tempfile::tempdir().expect("tmp");
    let log = Log::default();
    let server = registry(Arc::clone(&log));
    let repo = keys_repo(tmp.path());
    // `~> 1.1` allows 1.1.0 and 1.2.0 (not 1.0.0, not 2.0.0, not the 1.3.0 pre-release).
    let root = root(tmp.path(), &server, &repo, "~> 1.1");
    let home = tmp.path().join("home");
    let path = root.to_str().expect("utf-8");

    // Offline by default: both modules are named as not loaded, with what to run.
    let before = costplan(&home, &["estimate", "--path", path], &[]);
    assert_eq!(before.code, 0, "{}", before.stderr);
    for m in ["module.net", "module.keys"] {
        assert!(before.stdout.contains(m), "{m} not named:\n{}", before.stdout);
    }
    assert!(before.stdout.contains("costplan modules get"), "{}", before.stdout);
    assert_eq!(
        log.lock().expect("log").len(),
        0,
        "estimate without --get-modules used the network"
    );

    let get = costplan(
        &home,
        &["modules", "get", "--path", path],
        &[("TF_TOKEN_127_0_0_1", "s3cr3t-token")],
    );
    assert_eq!(get.code, 0, "{}\n{}", get.stdout, get.stderr);
    assert!(get.stdout.contains("1.2.0"), "{}", get.stdout);
    assert!(get.stdout.contains("2 downloaded, 0 already cached"), "{}", get.stdout);
    assert_eq!(archive_downloads(&log), 1);
    // The token went to the registry API, and is printed nowhere.
    let api_auth: Vec<Option<String>> = log
        .lock()
        .expect("log")
        .iter()
        .filter(|(p, _)| p.starts_with("/api/"))
        .map(|(_, a)| a.clone())
        .collect();
    assert!(
        !api_auth.is_empty()
            && api_auth.iter().all(|a| a.as_deref() == Some("Bearer s3cr3t-token")),
        "{api_auth:?}"
    );
    assert!(!get.stdout.contains("s3cr3t") && !get.stderr.contains("s3cr3t"));

    // Priced completely: 12 public IPv4 addresses (net 1.2.0) × 730 h × $0.005 + 1 KMS key
    // (git ref v1) × $1.00 = $43.80 + $1.00.
    let est = costplan(&home, &["estimate", "--path", path, "--format", "json"], &[]);
    assert_eq!(est.code, 0, "{}", est.stderr);
    let json: serde_json::Value = serde_json::from_str(&est.stdout).expect("json");
    assert!(!est.stdout.contains("module-not-loaded"), "{}", est.stdout);
    let expected = dec!(12) * dec!(730) * dec!(0.005) + dec!(1.00);
    assert_eq!(total(&est.stdout), expected, "{json:#}");
    // Locations in cached modules do not depend on where the cache is.
    assert!(est.stdout.contains("\"[module cache]/"), "{}", est.stdout);
    assert!(!est.stdout.contains(".cache/costplan"), "{}", est.stdout);

    // A second run downloads nothing.
    let again = costplan(&home, &["modules", "get", "--path", path], &[]);
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert!(again.stdout.contains("0 downloaded, 2 already cached"), "{}", again.stdout);
    assert_eq!(archive_downloads(&log), 1);
}

#[test]
fn get_modules_flag_fetches_during_estimate_and_the_constraint_picks_the_version() {
    let tmp = tempfile::tempdir().expect("tmp");
    let log = Log::default();
    let server = registry(Arc::clone(&log));
    let repo = keys_repo(tmp.path());
    let root = root(tmp.path(), &server, &repo, ">= 1.0.0, < 1.2.0");
    let home = tmp.path().join("home");
    let path = root.to_str().expect("utf-8");
    let est =
        costplan(&home, &["estimate", "--path", path, "--format", "json", "--get-modules"], &[]);
    assert_eq!(est.code, 0, "{}", est.stderr);
    // net 1.1.0: 11 addresses × 730 h × $0.005, + 1 KMS key × $1.00.
    assert_eq!(total(&est.stdout), dec!(11) * dec!(730) * dec!(0.005) + dec!(1.00));
    assert_eq!(archive_downloads(&log), 1);
}

#[test]
fn a_module_the_registry_does_not_have_is_a_404_named_with_its_line() {
    let tmp = tempfile::tempdir().expect("tmp");
    let server = registry(Log::default());
    let host = server.trim_start_matches("http://");
    let root = tmp.path().join("root");
    std::fs::create_dir_all(&root).expect("mkdir");
    std::fs::write(
        root.join("main.tf"),
        format!("\nmodule \"gone\" {{\n  source = \"{host}/acme/gone/aws\"\n}}\n"),
    )
    .expect("write");
    let run = modules_get(tmp.path(), &root);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stderr.contains("main.tf:2:1") && run.stderr.contains("module.gone"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("HTTP 404") && run.stderr.contains("not in this registry"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_tarball_with_a_parent_directory_entry_is_refused_and_nothing_is_installed() {
    let tmp = tempfile::tempdir().expect("tmp");
    let server = registry(Log::default());
    let host = server.trim_start_matches("http://");
    let root = tmp.path().join("root");
    std::fs::create_dir_all(&root).expect("mkdir");
    std::fs::write(
        root.join("main.tf"),
        format!("module \"evil\" {{\n  source = \"{host}/acme/evil/aws\"\n}}\n"),
    )
    .expect("write");
    let home = tmp.path().join("home");
    let run = costplan(&home, &["modules", "get", "--path", root.to_str().expect("utf-8")], &[]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stderr.contains("`../evil.tf`") && run.stderr.contains("path traversal"),
        "{}",
        run.stderr
    );
    // Nothing in the cache but an empty package directory, nothing written beside it.
    let cache = home.join(".cache/costplan/modules");
    let installed: Vec<PathBuf> = walk(&cache).into_iter().filter(|p| p.is_file()).collect();
    assert!(installed.is_empty(), "{installed:?}");
    assert!(walk(tmp.path()).iter().all(|p| p.file_name().is_none_or(|n| n != "evil.tf")));
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        }
        out.push(p);
    }
    out
}

#[test]
fn unsupported_and_malformed_sources_say_what_to_do() {
    let tmp = tempfile::tempdir().expect("tmp");
    let root = tmp.path().join("root");
    std::fs::create_dir_all(&root).expect("mkdir");
    std::fs::write(
        root.join("main.tf"),
        "module \"s3\" {\n  source = \"s3::https://s3-eu-west-1.amazonaws.com/bucket/vpc.zip\"\n}\n\n\
         module \"bad\" {\n  source  = \"acme/net/aws\"\n  version = \">= x\"\n}\n\n\
         module \"plain\" {\n  source = \"http://example.com/m.zip\"\n}\n",
    )
    .expect("write");
    let run = modules_get(tmp.path(), &root);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stderr.contains("main.tf:1:1: `module.s3`: module source")
            && run.stderr.contains("terraform init"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("main.tf:5:1: `module.bad`: version constraint `>= x`"),
        "{}",
        run.stderr
    );
    // TLS is required except for loopback: refused before any connection is made.
    assert!(
        run.stderr.contains("main.tf:10:1: `module.plain`")
            && run.stderr.contains("refusing plain http"),
        "{}",
        run.stderr
    );
}

#[test]
fn diff_against_a_git_ref_resolves_the_base_module_version_on_its_own() {
    let tmp = tempfile::tempdir().expect("tmp");
    let log = Log::default();
    let server = registry(Arc::clone(&log));
    let keys = keys_repo(tmp.path());
    let project = tmp.path().join("project");
    std::fs::create_dir_all(&project).expect("mkdir");
    git(&project, &["init", "--quiet"]);
    // The base pins net 1.1.0; the change bumps it to 1.2.0.
    let root = root(&project, &server, &keys, "1.1.0");
    git(&project, &["add", "."]);
    git(&project, &["commit", "--quiet", "-m", "base"]);
    let text = std::fs::read_to_string(root.join("main.tf")).expect("read");
    std::fs::write(root.join("main.tf"), text.replace("\"1.1.0\"", "\"1.2.0\"")).expect("write");
    let home = tmp.path().join("home");
    let path = root.to_str().expect("utf-8");
    let run = costplan(
        &home,
        &["diff", "--base", "main", "--path", path, "--get-modules", "--format", "json"],
        &[],
    );
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("diff JSON");
    // Base: 11 addresses + 1 key; proposed: 12 addresses + 1 key. One more public IPv4
    // address: 730 h × $0.005 = $3.65.
    let base = dec!(11) * dec!(730) * dec!(0.005) + dec!(1.00);
    let proposed = dec!(12) * dec!(730) * dec!(0.005) + dec!(1.00);
    let text = json.to_string();
    for amount in [base, proposed, proposed - base] {
        let needle = amount.normalize().to_string();
        assert!(text.contains(&needle), "{needle} not in {json:#}");
    }
    assert!(!text.contains("module-not-loaded"), "{json:#}");
    // Both versions were downloaded, each once.
    assert_eq!(archive_downloads(&log), 2);
}

#[test]
fn a_json_download_location_is_followed_and_a_local_repository_location_is_refused() {
    let tmp = tempfile::tempdir().expect("tmp");
    let log = Log::default();
    let server = registry(Arc::clone(&log));
    let host = server.trim_start_matches("http://");
    let root = tmp.path().join("root");
    std::fs::create_dir_all(&root).expect("mkdir");
    std::fs::write(
        root.join("main.tf"),
        format!(
            "module \"json\" {{\n  source = \"{host}/acme/json/aws\"\n}}\n\n\
             module \"local\" {{\n  source = \"{host}/acme/local/aws\"\n}}\n"
        ),
    )
    .expect("write");
    let run = modules_get(tmp.path(), &root);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stdout.contains("module.json") && run.stdout.contains("1 downloaded"),
        "{}",
        run.stdout
    );
    assert!(
        run.stderr.contains("main.tf:5:1: `module.local`")
            && run.stderr.contains("may not be a local repository"),
        "{}",
        run.stderr
    );
    assert_eq!(archive_downloads(&log), 1);
}

#[test]
fn modules_get_reads_the_projects_of_a_costplan_yml() {
    let tmp = tempfile::tempdir().expect("tmp");
    let log = Log::default();
    let server = registry(Arc::clone(&log));
    let repo = keys_repo(tmp.path());
    root(tmp.path(), &server, &repo, "1.0.0");
    let config = tmp.path().join("costplan.yml");
    std::fs::write(&config, "projects:\n  - name: app\n    path: root\n").expect("write");
    let home = tmp.path().join("home");
    let run =
        costplan(&home, &["modules", "get", "--config", config.to_str().expect("utf-8")], &[]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("2 downloaded"), "{}", run.stdout);
    // net 1.0.0: 10 addresses × 730 h × $0.005, + 1 KMS key × $1.00.
    let est = costplan(
        &home,
        &["estimate", "--config", config.to_str().expect("utf-8"), "--format", "json"],
        &[],
    );
    assert_eq!(est.code, 0, "{}", est.stderr);
    assert_eq!(total(&est.stdout), dec!(10) * dec!(730) * dec!(0.005) + dec!(1.00));
}
