//! Embeds the bundled price snapshot (`pricing-cache/`) into the binary: generates
//! `$OUT_DIR/bundled_pricing.rs` with one `include_str!` per cache file, so that `costplan` runs
//! from any directory with no files beside it.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    let root =
        PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let cache = root.join("pricing-cache");
    println!("cargo:rerun-if-changed=pricing-cache");
    let mut files: Vec<(String, PathBuf)> = Vec::new();
    collect(&cache.join("aws"), &cache, &mut files);
    files.sort();
    let mut out = String::from(
        "/// (path relative to `pricing-cache/`, contents)\npub static FILES: &[(&str, &str)] = &[\n",
    );
    for (key, path) in &files {
        writeln!(out, "    ({key:?}, include_str!({:?})),", path.display().to_string()).unwrap();
    }
    out.push_str("];\n");
    let manifest = cache.join("manifest.json");
    if manifest.is_file() {
        writeln!(out, "/// `pricing-cache/manifest.json`\npub static MANIFEST: Option<&str> = Some(include_str!({:?}));", manifest.display().to_string()).unwrap();
    } else {
        out.push_str("/// `pricing-cache/manifest.json` (absent)\npub static MANIFEST: Option<&str> = None;\n");
    }
    let dest = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"))
        .join("bundled_pricing.rs");
    std::fs::write(dest, out).expect("write bundled_pricing.rs");
}

fn collect(dir: &Path, root: &Path, out: &mut Vec<(String, PathBuf)>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let path = e.path();
        if path.is_dir() {
            collect(&path, root, out);
        } else if path.extension().is_some_and(|x| x == "json") {
            let rel = path.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/");
            out.push((rel, path));
        }
    }
}
