//! Filesystem functions: abspath basename dirname file filebase64 fileexists fileset pathexpand,
//! and the shared reader the `file*` hash functions use.
//!
//! Relative paths resolve against the root module directory (Terraform's working directory, so
//! `file("${path.module}/x")` works when `path.module` is relative to the root), and fall back to
//! the calling module's directory. Files are read through [`crate::input_file`]: regular files
//! up to 50 MB only (a cost tool never needs more, and `/dev/zero` would never end).

use std::path::{Component, Path, PathBuf};

use base64::Engine as _;

use super::{Args, Def, FnContext, FnError, strict};
use crate::terraform::value::Value;

pub(super) fn lookup(name: &str) -> Option<Def> {
    Some(match name {
        "abspath" => strict(1, abspath),
        "basename" => strict(1, basename),
        "dirname" => strict(1, dirname),
        "file" => strict(1, file),
        "filebase64" => strict(1, filebase64),
        "fileexists" => strict(1, fileexists),
        "fileset" => strict(2, fileset),
        "pathexpand" => strict(1, pathexpand),
        _ => return None,
    })
}

type R = Result<Value, FnError>;

/// Where a relative path points: the root module directory, else the calling module's.
pub(crate) fn resolve(ctx: &FnContext, path: &str) -> PathBuf {
    let p = Path::new(path);
    if p.is_absolute() {
        return p.to_path_buf();
    }
    let from_root = ctx.root_dir.join(p);
    if from_root.exists() {
        return from_root;
    }
    let from_module = ctx.module_dir.join(p);
    if from_module.exists() { from_module } else { from_root }
}

/// Reads a whole file within the size limit; errors name the path as written and as resolved.
pub(crate) fn read_bytes(a: &Args<'_>, ctx: &FnContext, path: &str) -> Result<Vec<u8>, FnError> {
    use crate::input_file::InputFileError as E;
    let full = resolve(ctx, path);
    let shown = full.display();
    crate::input_file::read(&full).map_err(|e| match e {
        E::Io { cause, .. } => a.invalid(format_args!("cannot read `{path}` ({shown}): {cause}")),
        E::NotRegular { kind, .. } => {
            a.invalid(format_args!("`{path}` ({shown}) is {kind}, not a regular file"))
        }
        E::TooLarge { size, .. } => {
            a.invalid(format_args!("`{path}` ({shown}) is {size} bytes, over the 50 MB limit"))
        }
        E::NotText { .. } => a.invalid(format_args!("`{path}` ({shown}) is not UTF-8 text")),
    })
}

fn file(a: &Args<'_>, ctx: &FnContext) -> R {
    let path = a.string(0, "path")?;
    let bytes = read_bytes(a, ctx, &path)?;
    String::from_utf8(bytes).map(Value::String).map_err(|_| {
        a.invalid(format_args!("`{path}` is not valid UTF-8 text; use filebase64 for binary files"))
    })
}

fn filebase64(a: &Args<'_>, ctx: &FnContext) -> R {
    let path = a.string(0, "path")?;
    let bytes = read_bytes(a, ctx, &path)?;
    Ok(Value::String(base64::engine::general_purpose::STANDARD.encode(bytes)))
}

fn fileexists(a: &Args<'_>, ctx: &FnContext) -> R {
    let path = a.string(0, "path")?;
    let full = resolve(ctx, &path);
    match std::fs::metadata(&full) {
        Ok(meta) if meta.is_dir() => {
            Err(a.invalid(format_args!("`{path}` is a directory, not a file")))
        }
        Ok(_) => Ok(Value::Bool(true)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Value::Bool(false)),
        Err(e) => Err(a.invalid(format_args!("cannot inspect `{path}` ({}): {e}", full.display()))),
    }
}

fn fileset(a: &Args<'_>, ctx: &FnContext) -> R {
    let base = a.string(0, "path")?;
    let pattern = a.string(1, "pattern")?;
    let matcher = super::doublestar::Pattern::new(&pattern)
        .map_err(|e| a.invalid(format_args!("invalid pattern `{pattern}`: it {e}")))?;
    let root = resolve(ctx, &base);
    let mut files = Vec::new();
    // A directory that does not exist has no files (Terraform's result is an empty set).
    walk(a, &root, "", &mut files)?;
    let out = files.into_iter().filter(|f| matcher.matches(f)).map(Value::String).collect();
    Ok(Value::List(super::make_set(out)))
}

/// Walking more entries than this is an error rather than a hang.
const MAX_FILESET_ENTRIES: usize = 100_000;

/// The regular files under `dir`, as `/`-separated paths relative to the walk's root. Symbolic
/// links to directories are not followed (no loops).
fn walk(a: &Args<'_>, dir: &Path, rel: &str, out: &mut Vec<String>) -> Result<(), FnError> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Ok(()) };
    for entry in entries.flatten() {
        if out.len() >= MAX_FILESET_ENTRIES {
            return Err(a.invalid(format_args!("more than {MAX_FILESET_ENTRIES} files")));
        }
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = if rel.is_empty() { name } else { format!("{rel}/{name}") };
        let Ok(kind) = entry.file_type() else { continue };
        if kind.is_dir() {
            walk(a, &entry.path(), &path, out)?;
        } else if entry.path().is_file() {
            out.push(path);
        }
    }
    Ok(())
}

/// Lexical clean-up like Go's `filepath.Clean` (no file system access).
fn clean(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    if out.as_os_str().is_empty() { PathBuf::from(".") } else { out }
}

fn abspath(a: &Args<'_>, ctx: &FnContext) -> R {
    let path = a.string(0, "path")?;
    let p = Path::new(&path);
    let joined = if p.is_absolute() { p.to_path_buf() } else { ctx.root_dir.join(p) };
    let abs = std::path::absolute(&joined)
        .map_err(|e| a.invalid(format_args!("cannot make `{path}` absolute: {e}")))?;
    Ok(Value::String(clean(&abs).to_string_lossy().into_owned()))
}

/// `~` or a leading `~/` becomes the user's home directory, as Terraform does (`~user` is an
/// error there too); anything else is returned unchanged.
fn pathexpand(a: &Args<'_>, _: &FnContext) -> R {
    let path = a.string(0, "path")?;
    let Some(rest) = path.strip_prefix('~') else { return Ok(Value::String(path)) };
    if !(rest.is_empty() || rest.starts_with('/')) {
        return Err(a.invalid(format_args!("cannot expand user-specific home dir in `{path}`")));
    }
    let Some(home) = dirs::home_dir() else {
        return Err(a.invalid("the home directory is not known (HOME is not set)"));
    };
    Ok(Value::String(format!("{}{rest}", home.display())))
}

/// Go's `filepath.Base` on `/`-separated paths.
fn basename(a: &Args<'_>, _: &FnContext) -> R {
    let path = a.string(0, "path")?;
    if path.is_empty() {
        return Ok(Value::String(".".into()));
    }
    let trimmed = path.trim_end_matches('/');
    if trimmed.is_empty() {
        return Ok(Value::String("/".into()));
    }
    Ok(Value::String(trimmed.rsplit('/').next().unwrap_or(trimmed).to_string()))
}

/// Go's `filepath.Dir` on `/`-separated paths.
fn dirname(a: &Args<'_>, _: &FnContext) -> R {
    let path = a.string(0, "path")?;
    let dir = match path.rfind('/') {
        Some(i) => &path[..=i],
        None => "",
    };
    let cleaned = clean(Path::new(dir));
    let mut text = cleaned.to_string_lossy().into_owned();
    if dir.starts_with('/') && !text.starts_with('/') {
        text.insert(0, '/');
    }
    Ok(Value::String(text))
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::super::{FnContext, FnError, call};
    use crate::terraform::value::Value;

    #[test]
    fn pathexpand_replaces_a_leading_tilde_only() {
        let home = dirs::home_dir().map(|h| h.display().to_string());
        let Some(home) = home else { return }; // no home directory here: nothing to expand to
        check(vec![
            ("pathexpand", vec![s("~/.ssh/id_rsa")], Ok(s(&format!("{home}/.ssh/id_rsa")))),
            ("pathexpand", vec![s("~")], Ok(s(&home))),
            ("pathexpand", vec![s("/etc/resolv.conf")], Ok(s("/etc/resolv.conf"))),
            ("pathexpand", vec![s("a/~/b")], Ok(s("a/~/b"))),
            ("pathexpand", vec![s("~bob/x")], Err("user-specific home dir")),
        ]);
    }

    #[test]
    fn path_functions() {
        check(vec![
            ("basename", vec![s("foo/bar/baz.txt")], Ok(s("baz.txt"))),
            ("basename", vec![s("foo/bar/")], Ok(s("bar"))),
            ("basename", vec![s("/")], Ok(s("/"))),
            ("basename", vec![s("")], Ok(s("."))),
            ("dirname", vec![s("foo/bar/baz.txt")], Ok(s("foo/bar"))),
            ("dirname", vec![s("baz.txt")], Ok(s("."))),
            ("dirname", vec![s("/baz.txt")], Ok(s("/"))),
            ("dirname", vec![s("a/../b/c")], Ok(s("b"))),
            ("basename", vec![u()], Ok(u())),
        ]);
    }

    #[test]
    fn files_resolve_against_root_then_module() {
        let root = tempfile::tempdir().unwrap();
        let module = root.path().join("modules/app");
        std::fs::create_dir_all(&module).unwrap();
        std::fs::write(root.path().join("top.txt"), "root file\n").unwrap();
        std::fs::write(module.join("policy.json"), "{}").unwrap();
        std::fs::write(module.join("bin.dat"), [0xffu8, 0xfe]).unwrap();
        let ctx = FnContext { module_dir: module.clone(), root_dir: root.path().to_path_buf() };
        let run = |name: &str, args: Vec<Value>| call(name, args, &ctx);

        assert_eq!(run("file", vec![s("top.txt")]), Ok(s("root file\n")));
        assert_eq!(run("file", vec![s("modules/app/policy.json")]), Ok(s("{}")));
        assert_eq!(run("file", vec![s("policy.json")]), Ok(s("{}")));
        assert_eq!(run("filebase64", vec![s("bin.dat")]), Ok(s("//4=")));
        assert_eq!(run("fileexists", vec![s("top.txt")]), Ok(b(true)));
        assert_eq!(run("fileexists", vec![s("nope.txt")]), Ok(b(false)));
        assert_eq!(
            run("fileset", vec![s("modules"), s("**/*.json")]),
            Ok(l(vec![s("app/policy.json")]))
        );
        let abs = run("abspath", vec![s("modules/../top.txt")]).unwrap();
        assert_eq!(
            abs.as_str().map(|p| p.ends_with("/top.txt") && !p.contains("..")),
            Some(true),
            "{abs:?}"
        );

        let cases = [
            ("file", "missing.txt", "file: cannot read `missing.txt`"),
            ("file", "bin.dat", "`bin.dat` is not valid UTF-8"),
            ("file", "modules", "is a directory"),
            ("file", "/dev/null", "is a character device, not a regular file"),
        ];
        for (f, path, frag) in cases {
            match run(f, vec![s(path)]) {
                Err(FnError::Invalid(msg)) => assert!(msg.contains(frag), "{msg}"),
                other => panic!("{f}({path}): {other:?}"),
            }
        }
    }

    #[test]
    fn file_size_is_limited() {
        let root = tempfile::tempdir().unwrap();
        let big = std::fs::File::create(root.path().join("big.bin")).unwrap();
        big.set_len(crate::input_file::MAX_BYTES + 1).unwrap();
        let ctx = FnContext {
            module_dir: root.path().to_path_buf(),
            root_dir: root.path().to_path_buf(),
        };
        match call("file", vec![s("big.bin")], &ctx) {
            Err(FnError::Invalid(msg)) => {
                assert!(msg.contains("`big.bin`") && msg.contains("50 MB limit"), "{msg}")
            }
            other => panic!("{other:?}"),
        }
    }
}
