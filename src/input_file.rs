//! The one reader of user input files: `.tf`/`.tf.json`, tfvars and `--var-file`, `--usage-file`,
//! scenario files, `--plan`, `--resource-map`, saved report JSON, `costplan.yml`, files read by
//! `file()`/`templatefile()` and friends, and the pricing cache files.
//!
//! Contract:
//! - Only regular files are read (a symlink to a regular file is fine). Directories, FIFOs,
//!   sockets and devices are refused with an error naming the path and what it is: `/dev/zero`
//!   and `/dev/urandom` never end, and a FIFO can block forever.
//! - Unless asked: with [`allow_pipes`] (the CLI calls it when `COSTPLAN_ALLOW_PIPES=1`), FIFOs
//!   and pipes are read too, for process substitution (`--var-file <(sops -d x.tfvars)`); the
//!   size limit still holds. Devices are refused either way.
//! - The file type is checked with `stat` *before* the file is opened, so opening never blocks
//!   on a FIFO that was not asked for.
//! - At most [`MAX_BYTES`] (50 MB) are read, checked against the size `stat` reports and again
//!   while reading (a file that grows, or a `/proc` file whose size reads as 0, cannot get
//!   past it). No input costplan reads comes near this size.
//! - Every error names the path.

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

/// Largest input file read, in bytes (50 MB).
pub const MAX_BYTES: u64 = 50 * 1024 * 1024;

/// Set to `1` to let input files be FIFOs or pipes (process substitution).
pub const ENV_ALLOW_PIPES: &str = "COSTPLAN_ALLOW_PIPES";

static PIPES_ALLOWED: AtomicBool = AtomicBool::new(false);

/// From now on, FIFOs and pipes are read like regular files (the user asked for them).
pub fn allow_pipes() {
    PIPES_ALLOWED.store(true, Ordering::Relaxed);
}

fn is_pipe(meta: &std::fs::Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        meta.file_type().is_fifo()
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        false
    }
}

#[derive(Debug, thiserror::Error)]
pub enum InputFileError {
    /// `cause` is in the message and deliberately not a `source`: error chains would print it
    /// twice.
    #[error("cannot read `{}`: {cause}; check that the file exists and is readable", path.display())]
    Io { path: PathBuf, cause: std::io::Error },
    #[error("`{}` is {kind}, not a regular file; pass a regular file{}", path.display(), pipe_hint(kind))]
    NotRegular { path: PathBuf, kind: &'static str },
    #[error("`{}` is {size} bytes, over the 50 MB limit; costplan does not read input files this large", path.display())]
    TooLarge { path: PathBuf, size: u64 },
    #[error("`{}` is not UTF-8 text (binary file?); fix its encoding or pass the right file", path.display())]
    NotText { path: PathBuf },
}

fn pipe_hint(kind: &str) -> &'static str {
    if kind == FIFO { " (or set COSTPLAN_ALLOW_PIPES=1 to read from a pipe)" } else { "" }
}

const FIFO: &str = "a named pipe (FIFO)";

impl InputFileError {
    /// The file the error is about.
    pub fn path(&self) -> &Path {
        match self {
            Self::Io { path, .. }
            | Self::NotRegular { path, .. }
            | Self::TooLarge { path, .. }
            | Self::NotText { path } => path,
        }
    }
}

/// For callers whose errors carry an `io::Error`: an I/O failure stays itself (so `NotFound` can
/// still be told apart), anything else becomes `InvalidData` with this error's message.
impl From<InputFileError> for std::io::Error {
    fn from(e: InputFileError) -> Self {
        match e {
            InputFileError::Io { cause, .. } => cause,
            other => std::io::Error::new(std::io::ErrorKind::InvalidData, other),
        }
    }
}

/// What a non-regular file is, for messages (also those of [`crate::safe_write`]).
pub fn kind(meta: &std::fs::Metadata) -> &'static str {
    let t = meta.file_type();
    if t.is_dir() {
        return "a directory";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return FIFO;
        }
        if t.is_char_device() {
            return "a character device";
        }
        if t.is_block_device() {
            return "a block device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    "not a regular file"
}

/// Checks that `path` is a regular file within the size limit, without opening it.
fn check(path: &Path, meta: &std::fs::Metadata) -> Result<(), InputFileError> {
    let asked_for = is_pipe(meta) && PIPES_ALLOWED.load(Ordering::Relaxed);
    if !meta.is_file() && !asked_for {
        return Err(InputFileError::NotRegular { path: path.to_path_buf(), kind: kind(meta) });
    }
    if meta.len() > MAX_BYTES {
        return Err(InputFileError::TooLarge { path: path.to_path_buf(), size: meta.len() });
    }
    Ok(())
}

/// The whole file at `path`, under the contract above.
pub fn read(path: &Path) -> Result<Vec<u8>, InputFileError> {
    let io = |cause| InputFileError::Io { path: path.to_path_buf(), cause };
    check(path, &std::fs::metadata(path).map_err(io)?)?;
    let file = File::open(path).map_err(io)?;
    // The path may have been replaced between the two calls: check what was actually opened.
    let meta = file.metadata().map_err(io)?;
    check(path, &meta)?;
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.take(MAX_BYTES + 1).read_to_end(&mut bytes).map_err(io)?;
    let size = bytes.len() as u64;
    if size > MAX_BYTES {
        return Err(InputFileError::TooLarge { path: path.to_path_buf(), size });
    }
    Ok(bytes)
}

/// All of standard input as UTF-8 text (`render -`), within the same size limit; errors name
/// it as `<stdin>`.
pub fn read_stdin_to_string() -> Result<String, InputFileError> {
    let path = PathBuf::from("<stdin>");
    let mut bytes = Vec::new();
    let read = std::io::stdin().lock().take(MAX_BYTES + 1).read_to_end(&mut bytes);
    read.map_err(|cause| InputFileError::Io { path: path.clone(), cause })?;
    if bytes.len() as u64 > MAX_BYTES {
        return Err(InputFileError::TooLarge { path, size: bytes.len() as u64 });
    }
    String::from_utf8(bytes).map_err(|_| InputFileError::NotText { path })
}

/// The whole file at `path` as UTF-8 text, under the contract above.
pub fn read_to_string(path: &Path) -> Result<String, InputFileError> {
    let bytes = read(path)?;
    String::from_utf8(bytes).map_err(|_| InputFileError::NotText { path: path.to_path_buf() })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(path: &Path) -> String {
        match read(path) {
            Ok(b) => panic!("{} read {} bytes", path.display(), b.len()),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn regular_files_and_symlinks_to_them_are_read() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("a.txt");
        std::fs::write(&f, "hello").unwrap();
        assert_eq!(read_to_string(&f).unwrap(), "hello");
        #[cfg(unix)]
        {
            let link = dir.path().join("link.txt");
            std::os::unix::fs::symlink(&f, &link).unwrap();
            assert_eq!(read_to_string(&link).unwrap(), "hello");
        }
    }

    #[cfg(unix)]
    #[test]
    fn endless_devices_and_links_to_them_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let link = dir.path().join("main.tf");
        std::os::unix::fs::symlink("/dev/zero", &link).unwrap();
        for path in [Path::new("/dev/zero"), Path::new("/dev/urandom"), &link] {
            let e = err(path);
            assert!(e.contains(&format!("`{}`", path.display())), "{e}");
            assert!(e.contains("a character device, not a regular file"), "{e}");
        }
    }

    /// Opening a FIFO for reading blocks until a writer comes; the type is checked first.
    #[cfg(unix)]
    #[test]
    fn a_fifo_is_refused_without_blocking() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("vars.tfvars");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status().unwrap();
        assert!(made.success());
        let e = err(&fifo);
        assert!(e.contains("vars.tfvars`") && e.contains("named pipe (FIFO)"), "{e}");
    }

    #[test]
    fn directories_large_files_missing_files_and_binary_are_errors() {
        let dir = tempfile::tempdir().unwrap();
        assert!(err(dir.path()).contains("is a directory"));
        let big = dir.path().join("big.json");
        // Sparse: nothing is written.
        std::fs::File::create(&big).unwrap().set_len(MAX_BYTES + 1).unwrap();
        let e = err(&big);
        assert!(e.contains("big.json`") && e.contains("over the 50 MB limit"), "{e}");
        assert!(err(&dir.path().join("nope")).contains("cannot read"));
        let bin = dir.path().join("bin");
        std::fs::write(&bin, [0xff, 0xfe]).unwrap();
        let e = read_to_string(&bin).unwrap_err().to_string();
        assert!(e.contains("bin`") && e.contains("not UTF-8"), "{e}");
    }
}
