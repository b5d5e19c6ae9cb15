//! Regenerates the bundled price snapshot in `pricing-cache/` from the feed copy in
//! `pricing-cache/feed/` and the hand table `pricing-cache/source/aws-list-prices.csv`:
//!
//! ```sh
//! cargo run --no-default-features --example build_snapshot
//! ```
//!
//! Each file is written to a temporary file beside it and renamed into place; files of the
//! previous snapshot that the generator no longer produces are removed. The test
//! `snapshot::committed_snapshot_is_what_the_generator_produces` fails until this is run after
//! the CSV or the generator changes.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use costplan::pricing::snapshot::{self, SnapshotMeta};

fn main() -> ExitCode {
    match run() {
        Ok(msg) => {
            let _ = writeln!(std::io::stdout(), "{msg}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            let _ = writeln!(std::io::stderr(), "error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<String, String> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("pricing-cache");
    let csv_path = root.join(snapshot::SOURCE_CSV);
    let csv = std::fs::read_to_string(&csv_path)
        .map_err(|e| format!("cannot read {}: {e}", csv_path.display()))?;
    let meta_path = root.join("source/snapshot.json");
    let meta: SnapshotMeta = serde_json::from_str(
        &std::fs::read_to_string(&meta_path)
            .map_err(|e| format!("cannot read {}: {e}", meta_path.display()))?,
    )
    .map_err(|e| format!("{}: {e}", meta_path.display()))?;
    let feed = snapshot::read_feed(&root).map_err(|e| e.to_string())?;
    let snap = snapshot::build(&csv, &meta, &feed).map_err(|e| e.to_string())?;
    for (file, text) in &snap.files {
        write_atomic(&root.join(file), text)?;
    }
    remove_stale(&root.join("aws"), &root, &snap)?;
    write_atomic(&root.join("manifest.json"), &snap.manifest)?;
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "feed prices skipped on purpose (file: reason or location → count):");
    for (why, n) in &snap.skipped {
        let _ = writeln!(out, "  {why}: {n}");
    }
    let _ = writeln!(out, "hand-table lines superseded by the feed: {}", snap.superseded.len());
    Ok(format!("wrote {} files and manifest.json to {}", snap.files.len(), root.display()))
}

fn write_atomic(path: &Path, text: &str) -> Result<(), String> {
    let dir = path.parent().ok_or_else(|| format!("{} has no parent", path.display()))?;
    std::fs::create_dir_all(dir).map_err(|e| format!("create {}: {e}", dir.display()))?;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    std::fs::write(&tmp, text).map_err(|e| format!("write {}: {e}", tmp.display()))?;
    std::fs::rename(&tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        format!("rename to {}: {e}", path.display())
    })
}

fn remove_stale(dir: &Path, root: &Path, snap: &snapshot::Snapshot) -> Result<(), String> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Ok(()) };
    for e in entries.flatten() {
        let path = e.path();
        if path.is_dir() {
            remove_stale(&path, root, snap)?;
        } else if let Ok(rel) = path.strip_prefix(root) {
            let rel = rel.to_string_lossy().replace('\\', "/");
            if !snap.files.contains_key(&rel) {
                std::fs::remove_file(&path).map_err(|e| format!("remove {rel}: {e}"))?;
            }
        }
    }
    Ok(())
}
