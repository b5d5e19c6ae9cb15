//! Feeds arbitrary text to the plan reader as `terraform show -json` output: any input must give
//! `Ok` or a `PlanError`, never a panic.
#![no_main]

use costplan::terraform::plan::parse_plan;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    // A directory that does not exist: no `.tf` files are looked at, only the plan text.
    let _ = parse_plan(text, std::path::Path::new("/nonexistent/costplan-fuzz/plan.json"), None);
});
