//! Shared helpers: the trap fixture catalog and result accessors.

use std::path::PathBuf;

use costplan::pricing::{Catalog, Price, PriceQuery, Resolution};

pub fn fixture_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pricing")
}

/// Only the trap fixtures (no bundled snapshot).
pub fn fixtures() -> Catalog {
    Catalog::from_dir(&fixture_dir()).expect("fixture cache loads")
}

#[track_caller]
pub fn found(cat: &Catalog, q: &PriceQuery) -> Price {
    match cat.resolve(q) {
        Resolution::Found(p) => p,
        other => panic!("expected a price for {q:?}, got {other:?}"),
    }
}

#[track_caller]
pub fn not_found(cat: &Catalog, q: &PriceQuery) -> (String, Vec<String>) {
    match cat.resolve(q) {
        Resolution::NotFound { hint, closest } => (hint, closest),
        other => panic!("expected not found for {q:?}, got {other:?}"),
    }
}

#[track_caller]
pub fn ambiguous(cat: &Catalog, q: &PriceQuery) -> Vec<String> {
    match cat.resolve(q) {
        Resolution::Ambiguous { candidates } => candidates,
        other => panic!("expected ambiguous for {q:?}, got {other:?}"),
    }
}
