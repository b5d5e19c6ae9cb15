//! The committed snapshot is exactly what the generator makes of the committed CSV, covers every
//! row, keeps every unverified mark, and every file embedded in the binary parses and matches its
//! manifest checksum.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use costplan::pricing::Catalog;
use costplan::pricing::catalog::sha256_hex;
use costplan::pricing::format::{CacheFile, Manifest};
use costplan::pricing::snapshot::{self, SnapshotMeta};

fn cache_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("pricing-cache")
}

fn generated() -> snapshot::Snapshot {
    let root = cache_root();
    let csv = std::fs::read_to_string(root.join(snapshot::SOURCE_CSV)).unwrap();
    let meta: SnapshotMeta =
        serde_json::from_str(&std::fs::read_to_string(root.join("source/snapshot.json")).unwrap())
            .unwrap();
    let feed = snapshot::read_feed(&root).expect("the feed copy reads");
    snapshot::build(&csv, &meta, &feed).expect("the feed and the CSV convert")
}

fn committed_files(dir: &Path, root: &Path, out: &mut BTreeSet<String>) {
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            committed_files(&p, root, out);
        } else {
            out.insert(p.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/"));
        }
    }
}

#[test]
fn committed_snapshot_is_what_the_generator_produces() {
    let snap = generated();
    let root = cache_root();
    let hint = "run `cargo run --no-default-features --example build_snapshot` and commit";
    for (file, text) in &snap.files {
        let on_disk = std::fs::read_to_string(root.join(file))
            .unwrap_or_else(|e| panic!("{file}: {e}; {hint}"));
        assert!(on_disk == *text, "pricing-cache/{file} is out of date; {hint}");
    }
    let manifest = std::fs::read_to_string(root.join("manifest.json")).unwrap();
    assert!(manifest == snap.manifest, "pricing-cache/manifest.json is out of date; {hint}");
    let mut on_disk = BTreeSet::new();
    committed_files(&root.join("aws"), &root, &mut on_disk);
    let expected: BTreeSet<String> = snap.files.keys().cloned().collect();
    assert_eq!(on_disk, expected, "stale or missing files in pricing-cache/aws; {hint}");
}

#[test]
fn project_copy_of_the_csv_is_the_recorded_one() {
    let root = cache_root();
    let meta: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(root.join("source/snapshot.json")).unwrap())
            .unwrap();
    let csv = std::fs::read(root.join(snapshot::SOURCE_CSV)).unwrap();
    assert_eq!(meta["csvSha256"].as_str(), Some(sha256_hex(&csv).as_str()));
}

fn parsed(snap: &snapshot::Snapshot) -> Vec<CacheFile> {
    snap.files.values().map(|t| serde_json::from_str(t).unwrap()).collect()
}

#[test]
fn every_csv_row_is_in_the_snapshot() {
    let snap = generated();
    let csv = std::fs::read_to_string(cache_root().join(snapshot::SOURCE_CSV)).unwrap();
    let rows = csv.lines().skip(1).filter(|l| !l.trim().is_empty()).count() as u64;
    let mut lines = BTreeSet::new();
    for f in parsed(&snap) {
        for p in &f.products {
            for t in p.terms.on_demand.iter().chain(&p.terms.reserved) {
                for d in &t.price_dimensions {
                    let pv = d.provenance.as_ref().expect("provenance");
                    if pv.csv_line == 0 {
                        assert_eq!(pv.source, "FEED", "csvLine 0 is for feed prices only");
                        assert!(pv.feed.is_some(), "a feed price names its feed file");
                    } else {
                        lines.insert(pv.csv_line);
                    }
                }
            }
        }
    }
    // A row is in the snapshot, or its OnDemand price is superseded by the feed's.
    let expected: BTreeSet<u64> =
        (2..=rows + 1).filter(|l| !snap.superseded.contains_key(l)).collect();
    assert_eq!(lines, expected);
    assert!(!snap.superseded.is_empty(), "the feed supersedes hand-table OnDemand prices");
}

#[test]
fn every_recalled_row_keeps_its_unverified_mark() {
    let snap = generated();
    let manifest: Manifest = serde_json::from_str(&snap.manifest).unwrap();
    let marked: BTreeSet<u64> =
        manifest.files.values().flat_map(|e| e.unverified.iter().map(|u| u.csv_line)).collect();
    let csv = std::fs::read_to_string(cache_root().join(snapshot::SOURCE_CSV)).unwrap();
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let mut recalled = 0;
    for (i, rec) in reader.records().enumerate() {
        let rec = rec.unwrap();
        let line = i as u64 + 2;
        let source = &rec[6];
        let whole_row_recalled = source.split(';').any(|t| {
            let t = t.trim();
            t == "R" || t.starts_with("R (")
        });
        if snap.superseded.contains_key(&line) {
            // Replaced by the feed's (verified) price: nothing left to mark.
            continue;
        }
        if whole_row_recalled {
            recalled += 1;
            assert!(marked.contains(&line), "line {line} (`{source}`) lost its R mark");
        }
        if source.contains("R(LCU)") && rec[2].contains("LCU") {
            assert!(marked.contains(&line), "line {line}: LCU price is recalled");
        }
        if source.contains("multi R") && rec[2].contains("Multi-AZ") {
            assert!(marked.contains(&line), "line {line}: Multi-AZ price is recalled");
        }
        if source == "S" {
            assert!(marked.contains(&line), "line {line}: source `S` is not in SOURCES.md");
        }
    }
    // Most recalled rows are now superseded by the feed; the few left must keep their mark.
    assert!(recalled > 0);
    // A verified row is not marked.
    assert!(!marked.contains(&2), "line 2 (Fargate x86 vCPU, ECSX;I;VB) is verified");
}

#[test]
fn bundled_files_parse_and_match_their_checksums() {
    let cat = Catalog::bundled();
    let root = cache_root();
    let manifest: Manifest =
        serde_json::from_str(&std::fs::read_to_string(root.join("manifest.json")).unwrap())
            .unwrap();
    assert_eq!(cat.sources().len(), manifest.files.len());
    for (file, entry) in &manifest.files {
        let bytes = std::fs::read(root.join(file)).unwrap();
        assert_eq!(sha256_hex(&bytes), entry.sha256, "{file}");
        let idx = cat.file(&entry.service_code, &entry.region).expect(file);
        assert_eq!(idx.data.products.len(), entry.products, "{file}");
    }
}
