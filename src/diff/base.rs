//! The base side of a diff: `--base` names a directory, a saved report (`estimate --format
//! json`) or a git ref. A git ref is materialised into a temporary directory from the
//! repository's objects, through a temporary index file (`git read-tree` +
//! `git checkout-index --prefix`), so the user's working tree, index and HEAD are never touched.
//!
//! Contract:
//! - A [`Checkout`] removes its directory when dropped, also on error paths; every live
//!   checkout is registered so that an interrupt (Ctrl-C, SIGTERM) removes it before the
//!   process exits: the signal handler records the interrupt in [`INTERRUPT`], the
//!   signal-handling thread calls [`on_interrupt`], and the command calls [`take_interrupt`]
//!   when it ends, whatever its outcome. The directory is never removed while git writes into
//!   it (git would fail, or recreate files after the removal): the thread running git stops
//!   after it instead. Only the caller exits the process.
//! - [`Rebase`] maps a path of the proposed side (the project directory, a var file) to the
//!   same place on the base side.
//! - Errors say what was wrong and what to do: not a git repository, a ref that does not exist,
//!   git not installed.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError};

/// What `--base` names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BaseSpec {
    /// The base version of the project directory (or of the directory holding `costplan.yml`).
    Dir(PathBuf),
    /// A report saved with `costplan estimate --format json`.
    Report(PathBuf),
    /// A git ref, SHA or any revision git understands (`main`, `origin/main`, `HEAD~1`).
    GitRef(String),
}

impl BaseSpec {
    /// An existing directory is a directory, an existing file a saved report, anything else a
    /// git ref.
    pub fn classify(arg: &str) -> BaseSpec {
        let path = Path::new(arg);
        if path.is_dir() {
            BaseSpec::Dir(path.to_path_buf())
        } else if path.is_file() {
            BaseSpec::Report(path.to_path_buf())
        } else {
            BaseSpec::GitRef(arg.to_string())
        }
    }
}

/// Why the base could not be materialised.
#[derive(Debug, thiserror::Error)]
pub enum BaseError {
    #[error(
        "`--base {reference}` is not a directory or file, and `{}` is not in a git repository: give a directory, a saved report (`estimate --format json`) or run inside a git repository",
        path.display()
    )]
    NotARepository { reference: String, path: PathBuf },
    #[error(
        "git ref `{reference}` does not exist in `{}` (is it fetched? in CI, fetch the base branch, e.g. `git fetch origin main` or `fetch-depth: 0`)",
        repo.display()
    )]
    UnknownRef { reference: String, repo: PathBuf },
    #[error("running git: {0} (is git installed and on PATH?)")]
    GitMissing(std::io::Error),
    #[error("`git {command}` failed: {stderr}")]
    Git { command: String, stderr: String },
    #[error("creating a temporary directory for the base: {0}")]
    TempDir(std::io::Error),
    #[error("interrupted while materialising the base")]
    Interrupted,
}

/// The exit code an interrupt asks for (128 + the signal number), 0 while not interrupted.
/// Stored by the signal handler itself (an atomic store is async-signal-safe; see
/// `signal_hook::flag::register_usize`), so it is set before any thread of the process can
/// see an effect of the signal, e.g. a git child that died of the same Ctrl-C.
pub static INTERRUPT: AtomicUsize = AtomicUsize::new(0);

/// Temporary checkouts alive in this process, and whether git is writing into one.
struct Live {
    dirs: Vec<PathBuf>,
    git_running: bool,
}

/// Every change to the live checkouts, and every removal, happens under this lock; the
/// interrupt paths keep it until the process exits, so no checkout is created, left half
/// removed or removed twice while the process ends.
static LIVE: Mutex<Live> = Mutex::new(Live { dirs: Vec::new(), git_running: false });

fn live() -> MutexGuard<'static, Live> {
    LIVE.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The live-checkout registry, held locked until the process exits: returned by the interrupt
/// paths, whose caller exits while holding it.
#[must_use = "exit the process while holding it"]
pub struct Held {
    _registry: MutexGuard<'static, Live>,
}

fn remove_all(live: &mut Live) {
    for dir in live.dirs.drain(..) {
        let _ = std::fs::remove_dir_all(&dir);
    }
}

/// Called from the signal-handling thread when an interrupt arrives, with the exit code it
/// asks for. When git is writing into a checkout, removing it now would race with git (git
/// fails and its error ends the run with exit code 1, or git recreates files after the
/// removal and outlives the process): returns `None` and the thread running git stops after
/// it, through [`BaseError::Interrupted`] and [`take_interrupt`]. Otherwise removes every
/// live checkout and returns the registry still locked: the caller exits while holding it.
pub fn on_interrupt(code: u8) -> Option<Held> {
    let mut live = live();
    let _ = INTERRUPT.compare_exchange(0, usize::from(code), Ordering::SeqCst, Ordering::SeqCst);
    if live.git_running {
        return None;
    }
    remove_all(&mut live);
    Some(Held { _registry: live })
}

/// When the process was interrupted: removes every live checkout and returns the exit code
/// with the registry still locked (the caller exits while holding it). Called by the command
/// when it ends, whatever its outcome, so that an error caused by the interrupt (a file
/// removed under the estimate, a git killed by the same Ctrl-C) is not reported as the
/// outcome. While the signal-handling thread is removing checkouts this waits for it, and
/// that thread ends the process.
pub fn take_interrupt() -> Option<(u8, Held)> {
    let mut live = live();
    let code = INTERRUPT.load(Ordering::SeqCst);
    if code == 0 {
        return None;
    }
    remove_all(&mut live);
    Some((u8::try_from(code).unwrap_or(130), Held { _registry: live }))
}

fn interrupted() -> bool {
    INTERRUPT.load(Ordering::SeqCst) != 0
}

/// A git ref materialised in a temporary directory; removed on drop.
#[derive(Debug)]
pub struct Checkout {
    dir: Option<tempfile::TempDir>,
    root: PathBuf,
    /// The repository's top-level directory (canonical).
    pub toplevel: PathBuf,
    /// The commit the ref resolved to.
    pub commit: String,
    /// The ref as given.
    pub reference: String,
}

impl Checkout {
    /// Where the commit's tree is: the base version of [`Checkout::toplevel`].
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Maps paths of the working tree to the checkout.
    pub fn rebase(&self) -> Rebase {
        Rebase { from: self.toplevel.clone(), to: self.root.clone() }
    }
}

impl Drop for Checkout {
    fn drop(&mut self) {
        if let Some(dir) = self.dir.take() {
            // Removed under the lock: an interrupt arriving meanwhile waits, so it never ends
            // the process with the directory half removed.
            let mut live = live();
            let path = dir.path().to_path_buf();
            live.dirs.retain(|p| *p != path);
            let _ = dir.close();
        }
    }
}

/// Runs git writing into a live checkout: an interrupt arriving meanwhile is left to this
/// thread, which stops once git has ended (see [`on_interrupt`]), so that nothing writes into
/// a directory being removed and no git outlives the process.
fn git_writing(dir: &Path, args: &[&str], index: &Path) -> Result<std::process::Output, BaseError> {
    {
        let mut live = live();
        if interrupted() {
            return Err(BaseError::Interrupted);
        }
        live.git_running = true;
    }
    let out = git(dir, args, Some(index));
    let mut live = live();
    live.git_running = false;
    // Checked first: a git killed by the same Ctrl-C is an interrupt, not a git failure.
    if interrupted() {
        return Err(BaseError::Interrupted);
    }
    out
}

fn git(dir: &Path, args: &[&str], index: Option<&Path>) -> Result<std::process::Output, BaseError> {
    let mut cmd = Command::new("git");
    cmd.arg("-C").arg(dir).args(args);
    // Never read or write the user's index.
    if let Some(index) = index {
        cmd.env("GIT_INDEX_FILE", index);
    }
    cmd.env_remove("GIT_DIR").env_remove("GIT_WORK_TREE");
    cmd.output().map_err(BaseError::GitMissing)
}

fn stderr_of(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).trim().to_string()
}

/// Materialises `reference` of the repository containing `path`.
pub fn checkout(path: &Path, reference: &str) -> Result<Checkout, BaseError> {
    let probe = if path.is_dir() { path } else { path.parent().unwrap_or(Path::new(".")) };
    let probe = if probe.as_os_str().is_empty() { Path::new(".") } else { probe };
    let top = git(probe, &["rev-parse", "--show-toplevel"], None)?;
    if !top.status.success() {
        return Err(BaseError::NotARepository {
            reference: reference.to_string(),
            path: probe.to_path_buf(),
        });
    }
    let toplevel = PathBuf::from(String::from_utf8_lossy(&top.stdout).trim());
    let toplevel = std::fs::canonicalize(&toplevel).unwrap_or(toplevel);

    // A ref starting with `-` would be read as an option.
    if reference.starts_with('-') || reference.is_empty() {
        return Err(BaseError::UnknownRef { reference: reference.to_string(), repo: toplevel });
    }
    let spec = format!("{reference}^{{commit}}");
    let rev = git(&toplevel, &["rev-parse", "--verify", "--quiet", &spec], None)?;
    if !rev.status.success() {
        return Err(BaseError::UnknownRef { reference: reference.to_string(), repo: toplevel });
    }
    let commit = String::from_utf8_lossy(&rev.stdout).trim().to_string();

    // Created and registered under the lock, so that an interrupt arriving in between waits
    // for the registration and removes the directory too.
    let dir = {
        let mut live = live();
        if interrupted() {
            return Err(BaseError::Interrupted);
        }
        let dir = tempfile::Builder::new()
            .prefix("costplan-base-")
            .tempdir()
            .map_err(BaseError::TempDir)?;
        live.dirs.push(dir.path().to_path_buf());
        dir
    };
    let index = dir.path().join("index");
    let root = dir.path().join("tree");
    let checkout = Checkout {
        dir: Some(dir),
        root: root.clone(),
        toplevel: toplevel.clone(),
        commit: commit.clone(),
        reference: reference.to_string(),
    };
    let read = git_writing(&toplevel, &["read-tree", &commit], &index)?;
    if !read.status.success() {
        return Err(BaseError::Git {
            command: format!("read-tree {commit}"),
            stderr: stderr_of(&read),
        });
    }
    // `--prefix` must end with a separator to be a directory.
    let prefix = format!("--prefix={}/", root.display());
    let out = git_writing(&toplevel, &["checkout-index", "--all", "--force", &prefix], &index)?;
    if !out.status.success() {
        return Err(BaseError::Git {
            command: "checkout-index --all".into(),
            stderr: stderr_of(&out),
        });
    }
    // An empty commit has no files: the tree directory must still exist.
    std::fs::create_dir_all(&root).map_err(BaseError::TempDir)?;
    Ok(checkout)
}

/// Maps a path under `from` (the proposed side) to the same relative place under `to` (the
/// base side). Paths outside `from` are not mapped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rebase {
    pub from: PathBuf,
    pub to: PathBuf,
}

impl Rebase {
    pub fn new(from: &Path, to: &Path) -> Rebase {
        Rebase { from: absolute(from), to: to.to_path_buf() }
    }

    /// The base-side path of `path`, or `None` when it is outside the mapped directory.
    pub fn map(&self, path: &Path) -> Option<PathBuf> {
        let abs = absolute(path);
        let rel = abs.strip_prefix(&self.from).ok()?;
        Some(if rel.as_os_str().is_empty() { self.to.clone() } else { self.to.join(rel) })
    }
}

/// Canonical when it exists (git reports a canonical top level), otherwise made absolute.
fn absolute(path: &Path) -> PathBuf {
    std::fs::canonicalize(path)
        .or_else(|_| std::path::absolute(path))
        .unwrap_or_else(|_| path.to_path_buf())
}
