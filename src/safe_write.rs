//! Safe writes of user-visible files: the one writer behind `--out FORMAT=FILE` and
//! `advise --apply`.
//!
//! Contract of [`write_files`] (and of [`write_file`], its one-file case):
//! - Every target is checked before anything is written. A target must be a regular file or
//!   not exist yet (its directory must exist). A directory, FIFO, socket or device is refused,
//!   and so is a read-only file (no write bit in its mode): the mode is checked rather than
//!   left to the kernel because root bypasses it, and a 0444 file says "do not rewrite me".
//! - A symbolic link is followed deliberately: the file it finally points to is written in
//!   place and the link stays a link; [`Written::through_link`] says so, for the caller to
//!   tell the user. A link to nothing is refused. Two names of one file in one call are
//!   refused.
//! - A file with several hard links is rewritten in place (truncated and written, after the
//!   new text is complete in a temporary file, which also proves there is room for it), so
//!   every name keeps seeing the same file. Any other file is replaced by renaming a complete
//!   temporary file beside it over it, so a reader never sees half a file. A replaced file
//!   keeps its mode (and, best effort, its owner); a new file gets the mode of any new file
//!   (0666 less the umask), not the 0600 of a temporary file.
//! - All or nothing: every new text is written to its temporary file before the first target
//!   is touched. If a target then fails, the ones already written are put back from their
//!   original bytes (a new one is removed) and the error says so; if even that fails, the
//!   error lists exactly which files were left changed.

use std::fs::{File, Metadata};
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// Why nothing (or, for [`WriteError::NotRestored`], not everything) was written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error(
        "`{path}` is {kind}, not a regular file: nothing was written; give the path of a regular file"
    )]
    NotRegular { path: String, kind: &'static str },
    #[error(
        "`{path}` is read-only (mode {mode:o}): nothing was written; make it writable (`chmod u+w`) or write elsewhere"
    )]
    ReadOnly { path: String, mode: u32 },
    #[error(
        "`{path}` is a symbolic link to `{target}`, which does not exist: nothing was written; create the target or remove the link"
    )]
    DanglingLink { path: String, target: String },
    #[error("`{first}` and `{second}` are the same file: nothing was written; write it once")]
    SameFile { first: String, second: String },
    #[error("{what} `{path}`: nothing was written")]
    Prepare {
        what: &'static str,
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("writing `{path}` failed; {restored}")]
    RolledBack {
        path: String,
        /// "nothing was changed" or which files were put back.
        restored: String,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "writing `{path}` failed ({source}), and these files could not be put back and are changed: {changed}"
    )]
    NotRestored { path: String, changed: String, source: std::io::Error },
}

/// One file written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    /// The path as given.
    pub path: PathBuf,
    /// When `path` is a symbolic link: the file it points to, which is what was written.
    pub through_link: Option<PathBuf>,
}

/// Writes one file (see the module contract).
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<Written, WriteError> {
    let mut written = write_files(&[(path, bytes)])?;
    Ok(written.remove(0))
}

/// Writes every file or none (see the module contract); returns them in the order given.
pub fn write_files(files: &[(&Path, &[u8])]) -> Result<Vec<Written>, WriteError> {
    let prepared = prepare_all(files)?;
    commit_all(prepared)
}

/// A checked target.
#[derive(Clone)]
struct Target {
    /// The path as given.
    given: PathBuf,
    /// The file written: `given`, or where the link `given` points.
    real: PathBuf,
    /// The target as it was, when it existed.
    before: Option<Metadata>,
}

/// A target with its new text complete in a temporary file.
struct Prepared {
    target: Target,
    tmp: tempfile::NamedTempFile,
    bytes: Vec<u8>,
    /// The target's bytes before, to put back on failure.
    original: Option<Vec<u8>>,
}

fn shown(path: &Path) -> String {
    path.display().to_string()
}

fn check(path: &Path) -> Result<Target, WriteError> {
    let given = path.to_path_buf();
    let link = match std::fs::symlink_metadata(path) {
        Ok(meta) => meta.file_type().is_symlink(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Ok(Target { real: given.clone(), given, before: None });
        }
        Err(source) => {
            return Err(WriteError::Prepare { what: "reading", path: shown(path), source });
        }
    };
    let real = if link {
        std::fs::canonicalize(path).map_err(|_| WriteError::DanglingLink {
            path: shown(path),
            target: std::fs::read_link(path).map(|t| shown(&t)).unwrap_or_default(),
        })?
    } else {
        given.clone()
    };
    let meta = std::fs::metadata(&real).map_err(|source| WriteError::Prepare {
        what: "reading",
        path: shown(&real),
        source,
    })?;
    if !meta.file_type().is_file() {
        return Err(WriteError::NotRegular {
            path: shown(&real),
            kind: crate::input_file::kind(&meta),
        });
    }
    if meta.permissions().readonly() {
        return Err(WriteError::ReadOnly { path: shown(&real), mode: mode(&meta) });
    }
    Ok(Target { given, real, before: Some(meta) })
}

#[cfg(unix)]
fn mode(meta: &Metadata) -> u32 {
    use std::os::unix::fs::PermissionsExt as _;
    meta.permissions().mode() & 0o7777
}

#[cfg(not(unix))]
fn mode(_: &Metadata) -> u32 {
    0o444
}

#[cfg(unix)]
fn hard_linked(meta: &Metadata) -> bool {
    std::os::unix::fs::MetadataExt::nlink(meta) > 1
}

#[cfg(not(unix))]
fn hard_linked(_: &Metadata) -> bool {
    false
}

#[cfg(unix)]
fn same_file(a: &Metadata, b: &Metadata) -> bool {
    use std::os::unix::fs::MetadataExt as _;
    a.dev() == b.dev() && a.ino() == b.ino()
}

#[cfg(not(unix))]
fn same_file(_: &Metadata, _: &Metadata) -> bool {
    false
}

/// Checks every target, then writes every new text to a temporary file beside its target.
fn prepare_all(files: &[(&Path, &[u8])]) -> Result<Vec<Prepared>, WriteError> {
    let mut targets: Vec<Target> = Vec::with_capacity(files.len());
    for (path, _) in files {
        let target = check(path)?;
        let clash = targets.iter().find(|t| {
            t.real == target.real
                || matches!((&t.before, &target.before), (Some(a), Some(b)) if same_file(a, b))
        });
        if let Some(first) = clash {
            return Err(WriteError::SameFile { first: shown(&first.given), second: shown(path) });
        }
        targets.push(target);
    }
    let mut prepared = Vec::with_capacity(targets.len());
    for (target, (_, bytes)) in targets.into_iter().zip(files) {
        prepared.push(prepare(target, bytes)?);
    }
    Ok(prepared)
}

fn prepare(target: Target, bytes: &[u8]) -> Result<Prepared, WriteError> {
    let dir = match target.real.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let in_dir = |what, source| WriteError::Prepare { what, path: shown(&dir), source };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".costplan-").suffix(".tmp");
    // A temporary file is private (0600); the written file is not: create it like any new
    // file (0666 less the umask); a file it replaces gives its own mode below.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut tmp =
        builder.tempfile_in(&dir).map_err(|e| in_dir("creating a temporary file in", e))?;
    let on_tmp = |source| WriteError::Prepare {
        what: "writing a temporary file for",
        path: shown(&target.real),
        source,
    };
    tmp.write_all(bytes).map_err(on_tmp)?;
    tmp.as_file().sync_all().map_err(on_tmp)?;
    let original = match &target.before {
        Some(meta) => {
            tmp.as_file().set_permissions(meta.permissions()).map_err(on_tmp)?;
            keep_owner(tmp.as_file(), meta);
            Some(std::fs::read(&target.real).map_err(|source| WriteError::Prepare {
                what: "reading",
                path: shown(&target.real),
                source,
            })?)
        }
        None => None,
    };
    Ok(Prepared { target, tmp, bytes: bytes.to_vec(), original })
}

/// Gives the new file the owner of the one it replaces. Best effort: only root may give a file
/// away, and anyone else replaces only files they may write, whose owner they keep as is.
#[cfg(unix)]
fn keep_owner(file: &File, meta: &Metadata) {
    use std::os::unix::fs::MetadataExt as _;
    let _ = std::os::unix::fs::fchown(file, Some(meta.uid()), Some(meta.gid()));
}

#[cfg(not(unix))]
fn keep_owner(_: &File, _: &Metadata) {}

/// Truncates and writes an existing file in place (its inode, so its hard links, stay). The
/// error says whether the file was already truncated (so changed) when it failed.
fn write_in_place(path: &Path, bytes: &[u8]) -> Result<(), (std::io::Error, bool)> {
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .truncate(true)
        .open(path)
        .map_err(|e| (e, false))?;
    file.write_all(bytes).map_err(|e| (e, true))?;
    file.sync_all().map_err(|e| (e, true))
}

/// Writes one prepared target; the error says whether the target was changed all the same
/// (an in-place write that failed after truncating it).
fn commit(p: Prepared) -> Result<(), (std::io::Error, bool)> {
    if p.target.before.as_ref().is_some_and(hard_linked) {
        write_in_place(&p.target.real, &p.bytes)
    } else {
        p.tmp.persist(&p.target.real).map(drop).map_err(|e| (e.error, false))
    }
}

/// Puts a written target back as it was.
fn restore(target: &Target, original: Option<&[u8]>) -> std::io::Result<()> {
    match original {
        None => std::fs::remove_file(&target.real),
        Some(bytes) if target.before.as_ref().is_some_and(hard_linked) => {
            write_in_place(&target.real, bytes).map_err(|(e, _)| e)
        }
        Some(bytes) => {
            let p = prepare(target.clone(), bytes).map_err(|e| match e {
                WriteError::Prepare { source, .. } => source,
                other => std::io::Error::other(other.to_string()),
            })?;
            p.tmp.persist(&target.real).map(drop).map_err(|e| e.error)
        }
    }
}

fn commit_all(prepared: Vec<Prepared>) -> Result<Vec<Written>, WriteError> {
    let mut done: Vec<(Target, Option<Vec<u8>>)> = Vec::with_capacity(prepared.len());
    let mut rest = prepared.into_iter();
    while let Some(p) = rest.next() {
        let target = p.target.clone();
        let original = p.original.clone();
        if let Err((source, changed)) = commit(p) {
            // The temporary files not yet renamed are removed when `rest` is dropped.
            drop(rest);
            if changed {
                // Truncated in place, then failed: it is put back like the ones written.
                done.push((target.clone(), original));
            }
            return Err(roll_back(&target, &done, source));
        }
        done.push((target, original));
    }
    Ok(done
        .into_iter()
        .map(|(t, _)| Written {
            through_link: (t.real != t.given).then(|| t.real.clone()),
            path: t.given,
        })
        .collect())
}

fn roll_back(
    failed: &Target,
    done: &[(Target, Option<Vec<u8>>)],
    source: std::io::Error,
) -> WriteError {
    let mut restored = Vec::new();
    let mut changed = Vec::new();
    for (target, original) in done.iter().rev() {
        match restore(target, original.as_deref()) {
            Ok(()) => restored.push(format!("`{}`", shown(&target.given))),
            Err(e) => changed.push(format!("`{}` ({e})", shown(&target.given))),
        }
    }
    let path = shown(&failed.given);
    if !changed.is_empty() {
        return WriteError::NotRestored { path, changed: changed.join(", "), source };
    }
    let restored = if restored.is_empty() {
        "nothing was changed".to_string()
    } else {
        format!("nothing was changed: {} put back as it was", restored.join(", "))
    };
    WriteError::RolledBack { path, restored, source }
}

#[cfg(all(test, unix))]
mod tests {
    use std::os::unix::fs::PermissionsExt as _;

    use super::*;

    fn tempdir() -> tempfile::TempDir {
        tempfile::tempdir().expect("tempdir")
    }

    fn read(p: &Path) -> String {
        std::fs::read_to_string(p).expect("read")
    }

    fn mode_of(p: &Path) -> u32 {
        std::fs::metadata(p).expect("meta").permissions().mode() & 0o777
    }

    #[test]
    fn new_and_replaced_files_are_written_whole_with_ordinary_modes() {
        let dir = tempdir();
        let plain = dir.path().join("plain");
        std::fs::write(&plain, "x").expect("write");
        let new = dir.path().join("new.html");
        let kept = dir.path().join("kept.html");
        std::fs::write(&kept, "old").expect("write");
        std::fs::set_permissions(&kept, std::fs::Permissions::from_mode(0o640)).expect("chmod");
        let written =
            write_files(&[(&new, b"report".as_slice()), (&kept, b"new")]).expect("written");
        assert_eq!(written.len(), 2);
        assert_eq!((read(&new), read(&kept)), ("report".into(), "new".into()));
        assert_eq!(mode_of(&new), mode_of(&plain));
        assert_eq!(mode_of(&kept), 0o640);
        // No temporary file left beside them.
        assert_eq!(std::fs::read_dir(dir.path()).expect("dir").count(), 3);
    }

    /// Refused even as root, who may write any file: the mode says read-only.
    #[test]
    fn a_read_only_file_is_refused_and_nothing_is_written() {
        let dir = tempdir();
        let first = dir.path().join("a.tf");
        let locked = dir.path().join("b.tf");
        std::fs::write(&first, "a").expect("write");
        std::fs::write(&locked, "b").expect("write");
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o444)).expect("chmod");
        let err = write_files(&[(&first, b"A".as_slice()), (&locked, b"B")]).expect_err("refused");
        let msg = err.to_string();
        assert!(msg.contains("b.tf") && msg.contains("read-only (mode 444)"), "{msg}");
        assert!(msg.contains("chmod u+w"), "{msg}");
        assert_eq!((read(&first), read(&locked)), ("a".into(), "b".into()));
    }

    #[test]
    fn non_regular_targets_are_refused() {
        let dir = tempdir();
        let sub = dir.path().join("sub");
        std::fs::create_dir(&sub).expect("mkdir");
        let fifo = dir.path().join("fifo");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status().expect("mkfifo");
        assert!(made.success());
        let socket = dir.path().join("sock");
        let _listener = std::os::unix::net::UnixListener::bind(&socket).expect("socket");
        for (path, kind) in
            [(&sub, "a directory"), (&fifo, "a named pipe (FIFO)"), (&socket, "a socket")]
        {
            let err = write_file(path, b"x").expect_err("refused").to_string();
            assert!(err.contains(kind) && err.contains("not a regular file"), "{err}");
            let ft = std::fs::symlink_metadata(path).expect("still there").file_type();
            assert!(!ft.is_file(), "{} became a regular file", path.display());
        }
        // A device is named as one (only its metadata is read here).
        let null = std::fs::metadata("/dev/null").expect("/dev/null");
        assert_eq!(crate::input_file::kind(&null), "a character device");
    }

    #[test]
    fn a_symlink_is_followed_and_stays_a_link() {
        let dir = tempdir();
        let real = dir.path().join("real.tf");
        std::fs::write(&real, "old").expect("write");
        let link = dir.path().join("link.tf");
        std::os::unix::fs::symlink(&real, &link).expect("symlink");
        let written = write_file(&link, b"new").expect("written");
        assert!(std::fs::symlink_metadata(&link).expect("meta").file_type().is_symlink());
        assert_eq!(read(&real), "new");
        let canonical = std::fs::canonicalize(&real).expect("canonical");
        assert_eq!(written, Written { path: link.clone(), through_link: Some(canonical) });
        // A link to nothing is refused, and stays as it was.
        let dangling = dir.path().join("dangling.tf");
        std::os::unix::fs::symlink(dir.path().join("gone.tf"), &dangling).expect("symlink");
        let err = write_file(&dangling, b"x").expect_err("refused").to_string();
        assert!(err.contains("gone.tf") && err.contains("does not exist"), "{err}");
        assert!(!dir.path().join("gone.tf").exists());
        // The link and its target in one call are one file written twice.
        let err = write_files(&[(&real, b"a".as_slice()), (&link, b"b")]).expect_err("same");
        assert!(err.to_string().contains("are the same file"), "{err}");
    }

    #[test]
    fn a_hard_linked_file_is_written_in_place() {
        let dir = tempdir();
        let a = dir.path().join("a.tf");
        let b = dir.path().join("b.tf");
        std::fs::write(&a, "old").expect("write");
        std::fs::hard_link(&a, &b).expect("link");
        write_file(&a, b"new").expect("written");
        assert_eq!(read(&b), "new");
        let ino = |p: &Path| std::os::unix::fs::MetadataExt::ino(&std::fs::metadata(p).unwrap());
        assert_eq!(ino(&a), ino(&b));
    }

    /// A target that fails after others were written: they are put back, a new one removed.
    #[test]
    fn a_failure_midway_puts_back_what_was_written() {
        let dir = tempdir();
        let a = dir.path().join("a.tf");
        let new = dir.path().join("new.tf");
        let c = dir.path().join("c.tf");
        std::fs::write(&a, "a").expect("write");
        std::fs::write(&c, "c").expect("write");
        let prepared =
            prepare_all(&[(&a, b"A".as_slice()), (&new, b"N"), (&c, b"C")]).expect("prepared");
        // Renaming a file over a non-empty directory fails, even as root.
        std::fs::remove_file(&c).expect("rm");
        std::fs::create_dir(&c).expect("mkdir");
        std::fs::write(c.join("x"), "x").expect("write");
        let err = commit_all(prepared).expect_err("fails at c.tf").to_string();
        assert!(err.contains("c.tf") && err.contains("nothing was changed"), "{err}");
        assert!(err.contains("a.tf") && err.contains("new.tf"), "{err}");
        assert_eq!(read(&a), "a");
        assert!(!new.exists());
        // No temporary file left behind: a.tf and c/ only.
        assert_eq!(std::fs::read_dir(dir.path()).expect("dir").count(), 2);
    }
}
