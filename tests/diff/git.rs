//! `diff --base GIT_REF`: a repository built in a temporary directory with two commits; the
//! base is materialised without touching the working tree or the index, and removed afterwards:
//! on success, on error, and on Ctrl-C or SIGTERM at the two points where it matters (while git
//! writes the checkout, while the projects are estimated), reached through named pipes the test
//! holds, never a delay.

use std::path::Path;

use super::common::{CREDLINK, copy_tree, costplan, estimate, git, root, tempdir};

/// A repository with credlink committed twice: prod with 2 tasks, then 3 tasks.
fn repo(dir: &Path) {
    copy_tree(&root().join(CREDLINK), &dir.join("infra"));
    git(dir, &["init", "-q", "-b", "main"]);
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-q", "-m", "two tasks"]);
    let file = dir.join("infra/environments/prod.tfvars");
    let text = std::fs::read_to_string(&file).expect("tfvars");
    let text = text.replace("desired_count = 2", "desired_count = 3");
    std::fs::write(&file, text.replace("min_capacity  = 2", "min_capacity  = 3")).expect("write");
    git(dir, &["commit", "-q", "-am", "three tasks"]);
}

#[test]
fn base_head_1_gives_the_delta_and_leaves_git_status_clean() {
    let tmp = tempdir();
    repo(tmp.path());
    // An uncommitted file and a staged one must survive untouched.
    std::fs::write(tmp.path().join("notes.txt"), "untracked").expect("write");
    let status_before = git(tmp.path(), &["status", "--porcelain"]);
    let index_before = std::fs::read(tmp.path().join(".git/index")).expect("index");
    let run = costplan(
        &[
            "diff",
            "--base",
            "HEAD~1",
            "--path",
            "infra",
            "--scenario",
            "credlink-100k",
            "--var-file",
            "infra/environments/prod.tfvars",
            "--format",
            "json",
        ],
        Some(tmp.path()),
        &[],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let d = costplan::diff::Diff::from_json(&run.stdout).expect("diff JSON");
    // Exactly the difference of the two commits' estimates.
    let infra = tmp.path().join("infra");
    let credlink = root().join(CREDLINK);
    let head = estimate(&infra, &[infra.join("environments/prod.tfvars")]);
    let base = estimate(&credlink, &[credlink.join("environments/prod.tfvars")]);
    assert_eq!(d.delta_monthly_cost, head.totals.monthly - base.totals.monthly);
    // One more Fargate task: $9.010025 a month.
    let ecs = d.projects[0].resources.iter().find(|r| r.address == "aws_ecs_service.api");
    assert_eq!(ecs.map(|r| r.delta_monthly_cost), Some(rust_decimal_macros::dec!(9.010025)));
    assert_eq!(d.projects.len(), 1);
    assert_eq!(d.projects[0].name, "infra");
    assert_eq!(d.projects[0].path.as_deref(), Some("infra"));
    assert_eq!(git(tmp.path(), &["status", "--porcelain"]), status_before);
    assert_eq!(std::fs::read(tmp.path().join(".git/index")).expect("index"), index_before);
    assert_eq!(git(tmp.path(), &["status", "--porcelain"]), "?? notes.txt\n");
}

#[test]
fn temporary_checkouts_are_removed() {
    let tmp = tempdir();
    repo(tmp.path());
    let scratch = tmp.path().join("scratch");
    std::fs::create_dir(&scratch).expect("mkdir");
    let scratch_s = scratch.display().to_string();
    let ok = costplan(
        &[
            "diff",
            "--base",
            "HEAD~1",
            "--path",
            "infra",
            "--var-file",
            "infra/environments/prod.tfvars",
        ],
        Some(tmp.path()),
        &[("TMPDIR", &scratch_s)],
    );
    assert_eq!(ok.code, 0, "{}", ok.stderr);
    // An error after the checkout (a scenario that does not exist) also cleans up.
    let err = costplan(
        &["diff", "--base", "HEAD~1", "--path", "infra", "--scenario", "no-such-scenario"],
        Some(tmp.path()),
        &[("TMPDIR", &scratch_s)],
    );
    assert_eq!(err.code, 1, "{}", err.stderr);
    let left: Vec<_> = std::fs::read_dir(&scratch)
        .expect("read")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    assert!(left.is_empty(), "left behind: {left:?}");
}

/// A named pipe (FIFO) the test holds: a process that opens it for reading blocks until the
/// test opens it for writing, and then reads until the test lets go. Opening it for writing
/// without blocking succeeds only while some process has it open for reading, which tells the
/// test, without guessing a delay, that costplan has reached the point that reads it.
#[cfg(target_os = "linux")]
struct Hold {
    path: std::path::PathBuf,
}

#[cfg(target_os = "linux")]
impl Hold {
    fn new(path: std::path::PathBuf) -> Hold {
        use rustix::fs::{CWD, FileType, Mode, mknodat};
        mknodat(CWD, &path, FileType::Fifo, Mode::from_raw_mode(0o600), 0).expect("mkfifo");
        Hold { path }
    }

    /// Waits until a process opened the pipe for reading, then keeps it blocked in its read
    /// until the returned descriptor is dropped (end of file).
    fn wait_for_reader(&self, child: &mut std::process::Child) -> std::os::fd::OwnedFd {
        use rustix::fs::{Mode, OFlags, open};
        let start = std::time::Instant::now();
        loop {
            let flags = OFlags::WRONLY | OFlags::NONBLOCK | OFlags::CLOEXEC;
            match open(&self.path, flags, Mode::empty()) {
                Ok(fd) => return fd,
                // ENXIO: nobody reads it yet.
                Err(e) if e == rustix::io::Errno::NXIO => {}
                Err(e) => panic!("opening the pipe: {e}"),
            }
            if let Some(status) = child.try_wait().expect("wait") {
                panic!("costplan ended ({status}) before it read {}", self.path.display());
            }
            assert!(
                start.elapsed() < std::time::Duration::from_secs(120),
                "costplan never read the pipe"
            );
            poll_pause();
        }
    }
}

/// Whether `pid` has taken `signal` (no longer pending for the process), from /proc.
#[cfg(target_os = "linux")]
fn signal_taken(pid: u32, signal: u32) -> bool {
    let Ok(status) = std::fs::read_to_string(format!("/proc/{pid}/status")) else {
        return true; // gone
    };
    let pending = status
        .lines()
        .find_map(|l| l.strip_prefix("ShdPnd:"))
        .and_then(|v| u64::from_str_radix(v.trim(), 16).ok())
        .unwrap_or(0);
    pending & (1 << (signal - 1)) == 0
}

/// Starts `costplan diff --base HEAD --path infra` on the repository in `dir`, with `extra`
/// arguments and temporary files in `scratch`.
#[cfg(target_os = "linux")]
fn spawn_diff(dir: &Path, scratch: &Path, extra: &[&str]) -> std::process::Child {
    let bin = assert_cmd::cargo::cargo_bin("costplan");
    std::process::Command::new(bin)
        .args(["diff", "--base", "HEAD", "--path", "infra"])
        .args(extra)
        .current_dir(dir)
        .env("TMPDIR", scratch)
        // The estimating tests hold costplan on a FIFO var file, which it reads only when asked.
        .env("COSTPLAN_ALLOW_PIPES", "1")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn")
}

/// Sends `signal` (`INT` is Ctrl-C) to costplan alone, not to the git it runs: a supervisor
/// or CI runner that signals one process, the case where git could outlive costplan.
#[cfg(target_os = "linux")]
fn send(child: &std::process::Child, signal: &str) {
    let pid = child.id().to_string();
    let kill = std::process::Command::new("kill")
        .args([&format!("-{signal}"), &pid])
        .status()
        .expect("kill");
    assert!(kill.success());
}

/// Whether a running process names `path` on its command line (a git writing the checkout).
#[cfg(target_os = "linux")]
fn process_mentions(path: &Path) -> bool {
    let needle = path.display().to_string();
    let Ok(procs) = std::fs::read_dir("/proc") else { return false };
    procs.filter_map(Result::ok).any(|p| {
        std::fs::read(p.path().join("cmdline"))
            .map(|c| String::from_utf8_lossy(&c).contains(&needle))
            .unwrap_or(false)
    })
}

/// Exit code `code`, no process left writing into `scratch`, nothing left in it, the repository
/// untouched.
#[cfg(target_os = "linux")]
fn assert_interrupted_cleanly(child: std::process::Child, code: i32, scratch: &Path, repo: &Path) {
    let out = child.wait_with_output().expect("wait");
    // A git that outlived costplan could still write into the removed checkout.
    let start = std::time::Instant::now();
    while process_mentions(scratch) {
        assert!(start.elapsed() < std::time::Duration::from_secs(120), "git never ended");
        poll_pause();
    }
    assert_eq!(
        out.status.code(),
        Some(code),
        "{:?} {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    // Interrupted on purpose: no error message.
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
    let left: Vec<_> = std::fs::read_dir(scratch)
        .expect("read")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    assert!(left.is_empty(), "left behind: {left:?}");
    assert_eq!(git(repo, &["status", "--porcelain"]), "");
}

/// Ctrl-C while git writes the checkout: a smudge filter on one file blocks on a pipe, so
/// costplan is interrupted exactly while `git checkout-index` runs. The handler must not
/// remove the directory under git's feet (git would fail, the error path would win with exit
/// code 1, or git would recreate files after the removal): the checkout stops after git, is
/// removed, and the exit code is 130.
#[test]
#[cfg(target_os = "linux")]
fn ctrl_c_while_git_writes_the_checkout_removes_it() {
    let tmp = tempdir();
    let dir = tmp.path();
    copy_tree(&root().join(CREDLINK), &dir.join("infra"));
    std::fs::write(dir.join(".gitattributes"), "infra/main.tf filter=hold\n").expect("write");
    git(dir, &["init", "-q", "-b", "main"]);
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-q", "-m", "base"]);
    let pipes = tempdir();
    let hold = Hold::new(pipes.path().join("smudge"));
    // The filter reads the pipe until the test lets go, then passes the file through.
    let smudge = format!("cat '{}' >/dev/null; cat", hold.path.display());
    git(dir, &["config", "filter.hold.smudge", &smudge]);
    let scratch = tempdir();
    let mut child = spawn_diff(dir, scratch.path(), &[]);
    let held = hold.wait_for_reader(&mut child);
    assert!(
        std::fs::read_dir(scratch.path()).expect("read").count() == 1,
        "the checkout directory exists while git writes it"
    );
    send(&child, "INT");
    // Let git go only once costplan has taken the signal, so that the interrupt lands while
    // git runs.
    while !signal_taken(child.id(), 2) {
        poll_pause();
    }
    drop(held);
    assert_interrupted_cleanly(child, 130, scratch.path(), dir);
}

/// Ctrl-C (or SIGTERM) while the projects are estimated: a var file that is a pipe blocks
/// the estimate after the checkout is complete; the checkout is removed and the exit code is
/// 128 + the signal number.
#[cfg(target_os = "linux")]
fn interrupt_while_estimating(signal: &str, code: i32) {
    let tmp = tempdir();
    repo(tmp.path());
    let pipes = tempdir();
    let hold = Hold::new(pipes.path().join("hold.tfvars"));
    let scratch = tempdir();
    let var_file = hold.path.display().to_string();
    let mut child = spawn_diff(tmp.path(), scratch.path(), &["--var-file", &var_file]);
    let held = hold.wait_for_reader(&mut child);
    assert!(
        std::fs::read_dir(scratch.path()).expect("read").count() == 1,
        "the checkout directory exists while the base is estimated"
    );
    send(&child, signal);
    assert_interrupted_cleanly(child, code, scratch.path(), tmp.path());
    drop(held);
}

#[test]
#[cfg(target_os = "linux")]
fn ctrl_c_while_estimating_removes_the_checkout() {
    interrupt_while_estimating("INT", 130);
}

#[test]
#[cfg(target_os = "linux")]
fn sigterm_while_estimating_removes_the_checkout() {
    interrupt_while_estimating("TERM", 143);
}

/// Between two looks at a state the test waits for: short, and not a guess of how long
/// anything takes (the loops wait for the state itself, with a generous overall limit).
#[cfg(target_os = "linux")]
fn poll_pause() {
    std::thread::sleep(std::time::Duration::from_millis(1));
}
