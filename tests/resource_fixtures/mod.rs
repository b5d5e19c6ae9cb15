//! The resource fixtures (`tests/fixtures/resources/<type>/main.tf`, optional `usage.json`),
//! loaded by the Terraform engine and priced against the bundled snapshot; shared by the
//! resource snapshot tests (`tests/resources.rs`) and the pricing invariants
//! (`tests/underprice.rs`).

use std::path::{Path, PathBuf};

use costplan::estimate::{Configuration, EstimateOptions, estimate};
use costplan::model::Report;
use costplan::pricing::Catalog;
use costplan::terraform::{self, LoadOptions};
use costplan::usage::Usage;

/// Fixtures of prices that must not be found: bad input, the known gaps of the snapshot, and
/// SQS (a supported type whose every price is a gap: not in the feed, no cited source).
pub const NOT_PRICED: &[&str] = &["aws_sqs_queue", "bad_input", "snapshot_gaps"];

pub fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/resources")
}

/// The fixture directories, sorted.
pub fn fixture_names() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(fixtures_dir())
        .expect("fixtures directory")
        .filter_map(Result::ok)
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Loads, maps and prices one fixture.
pub fn run_fixture(name: &str) -> Report {
    let dir = fixtures_dir().join(name);
    let loaded = terraform::load(&LoadOptions::new(&dir))
        .unwrap_or_else(|e| panic!("fixture {name} does not load: {e}"));
    let usage: Usage = match std::fs::read_to_string(dir.join("usage.json")) {
        Ok(text) => {
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}/usage.json: {e}"))
        }
        Err(_) => Usage::default(),
    };
    estimate(Configuration::from(&loaded), &usage, &Catalog::bundled(), &EstimateOptions::default())
        .unwrap_or_else(|e| panic!("{name}: {e}"))
}
