//! The pull-request comment stays under GitHub's 65,536-character limit: project details are
//! left out with a visible note, then summary rows; the marker and the total always remain.

use costplan::diff::render::markdown::{GITHUB_COMMENT_LIMIT, MARKER, render};
use costplan::diff::{self, Diff};
use costplan::model::Report;
use costplan::projects::merge;
use costplan::render::tabular::money;

use super::common::{CREDLINK, estimate, root};

/// `n` projects, each credlink prod in the base and dev in the change.
fn big(n: usize) -> Diff {
    let dir = root().join(CREDLINK);
    let prod = estimate(&dir, &[dir.join("environments/prod.tfvars")]);
    let dev = estimate(&dir, &[dir.join("environments/dev.tfvars")]);
    let named = |r: &Report, i: usize| {
        let mut r = r.clone();
        r.projects[0].name = format!("service-{i:04}");
        r
    };
    let prior =
        merge((0..n).map(|i| named(&prod, i)).collect(), Default::default()).expect("merge");
    let proposed =
        merge((0..n).map(|i| named(&dev, i)).collect(), Default::default()).expect("merge");
    diff::diff(&prior, &proposed)
}

#[test]
fn a_small_diff_keeps_every_detail() {
    let d = big(2);
    let text = render(&d, GITHUB_COMMENT_LIMIT);
    assert!(text.starts_with(MARKER));
    assert_eq!(text.matches("<details>").count(), 2);
    assert!(!text.contains("left out"));
}

#[test]
fn details_are_left_out_with_a_note_to_stay_under_the_limit() {
    let d = big(40);
    let full = render(&d, usize::MAX);
    assert!(full.len() > GITHUB_COMMENT_LIMIT, "the fixture must exceed the limit: {}", full.len());
    let text = render(&d, GITHUB_COMMENT_LIMIT);
    assert!(text.len() <= GITHUB_COMMENT_LIMIT, "{}", text.len());
    assert!(text.starts_with(MARKER));
    let kept = text.matches("<details>").count();
    assert!(kept > 0 && kept < 40, "{kept}");
    assert!(text.contains(&format!("_Details of {} project(s) left out to stay under GitHub's 65536-character comment limit", 40 - kept)), "{text}");
    // Every project is still in the summary table, and the total is there.
    assert_eq!(text.matches("| service-").count(), 40);
    let total = format!(
        "| **Total** | **{}** | **{}** | **{}** | **-36.23%** |",
        money(d.prior_monthly_cost),
        money(d.proposed_monthly_cost),
        money(d.delta_monthly_cost)
    );
    assert!(text.contains(&total), "{text}");
}

#[test]
fn summary_rows_are_cut_when_even_the_table_does_not_fit() {
    let d = big(40);
    let text = render(&d, 3_000);
    assert!(text.len() <= 3_000, "{}", text.len());
    assert!(text.contains("more projects are not listed"), "{text}");
    assert!(text.contains("| **Total** |"));
    assert_eq!(text.matches("<details>").count(), 0);
}
