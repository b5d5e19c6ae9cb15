//! Feeds arbitrary text to the saved-report reader (`costplan render REPORT.json`,
//! `costplan diff --base REPORT.json`), then renders what it read in every format and diffs it
//! against itself and against an estimate of the example configurations, rendering the diff in
//! every format: any input must give `Ok` or a `ModelError`, never a panic.
#![no_main]

#[path = "../common.rs"]
mod common;

use costplan::diff::compare::diff;
use costplan::diff::render::DiffFormat;
use costplan::model::Report;
use costplan::render::{Format, Options};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(report) = Report::from_json(text) else { return };
    for format in Format::ALL {
        let _ = format.render(&report, &Options { show_skipped: true, explain: true });
    }
    let example = common::example_report();
    for (prior, proposed) in [(&report, &report), (&report, example), (example, &report)] {
        let d = diff(prior, proposed);
        for format in DiffFormat::ALL {
            let _ = format.render(&d);
        }
    }
});
