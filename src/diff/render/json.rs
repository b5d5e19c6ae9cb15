//! `--format json`: the diff model itself (`docs/diff.md`), every amount at full precision.

use crate::diff::model::Diff;

/// The diff as JSON.
pub fn render(diff: &Diff) -> String {
    diff.to_json()
}
