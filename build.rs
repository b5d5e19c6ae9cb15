//! Embeds the bundled price snapshot (`pricing-cache/`) into the binary: generates
//! `$OUT_DIR/bundled_pricing.rs` with one `include_bytes!` per cache file, each gzip-compressed
//! into `$OUT_DIR/bundled/` (the feed-built snapshot is tens of MB of JSON; compressed it is a
//! few MB of the binary), so that `costplan` runs from any directory with no files beside it.
//! The catalog decompresses a file only when a price of its service and region is looked up.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    let root =
        PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let cache = root.join("pricing-cache");
    println!("cargo:rerun-if-changed=pricing-cache");
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    let mut files: Vec<(String, PathBuf)> = Vec::new();
    collect(&cache.join("aws"), &cache, &mut files);
    files.sort();
    let mut out = String::from(
        "/// (path relative to `pricing-cache/`, gzip-compressed contents)\npub static FILES: &[(&str, &[u8])] = &[\n",
    );
    for (key, path) in &files {
        let gz = out_dir.join("bundled").join(format!("{key}.gz"));
        std::fs::create_dir_all(gz.parent().expect("has a parent")).expect("create bundled dir");
        let text = std::fs::read(path).expect("read a pricing-cache file");
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        enc.write_all(&text).expect("compress");
        std::fs::write(&gz, enc.finish().expect("compress")).expect("write compressed file");
        writeln!(out, "    ({key:?}, include_bytes!({:?})),", gz.display().to_string()).unwrap();
    }
    out.push_str("];\n");
    let manifest = cache.join("manifest.json");
    if manifest.is_file() {
        writeln!(out, "/// `pricing-cache/manifest.json`\npub static MANIFEST: Option<&str> = Some(include_str!({:?}));", manifest.display().to_string()).unwrap();
    } else {
        out.push_str("/// `pricing-cache/manifest.json` (absent)\npub static MANIFEST: Option<&str> = None;\n");
    }
    std::fs::write(out_dir.join("bundled_pricing.rs"), out).expect("write bundled_pricing.rs");
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
