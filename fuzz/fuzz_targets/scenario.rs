//! Feeds arbitrary text to the scenario reader (`--scenario FILE`, YAML), then derives usage for
//! the example configurations from it and estimates and renders them: any input must give `Ok` or
//! a `UsageError` (or an estimate error), never a panic.
#![no_main]

#[path = "../common.rs"]
mod common;

use costplan::usage::Profile;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(profile) = Profile::from_yaml(text, "fuzz-scenario.yaml") else { return };
    common::estimate_and_render(&profile, common::bundled(), false);
});
