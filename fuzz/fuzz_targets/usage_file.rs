//! Feeds arbitrary text to the Infracost usage-file reader (`--usage-file`, YAML version 0.1)
//! over the default profile, then estimates and renders the example configurations with it: any
//! input must give `Ok` or a `UsageError` (or an estimate error), never a panic.
#![no_main]

#[path = "../common.rs"]
mod common;

use costplan::usage::Profile;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(base) = Profile::default_profile() else { return };
    let Ok(profile) = base.with_usage_file_text(text, "fuzz-usage.yml") else { return };
    common::estimate_and_render(&profile, common::bundled(), true);
});
