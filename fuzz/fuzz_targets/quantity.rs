//! Feeds arbitrary text to every human-number parser (counts `100k`, shares `40%`, sizes
//! `0.7 KB`, per-second values, `--requests` rates) and, as `--requests`, through the whole
//! estimate of the example configurations: any input must give a value or an error message,
//! never a panic.
#![no_main]

#[path = "../common.rs"]
mod common;

use costplan::usage::Profile;
use costplan::usage::number::{self, Rate};
use libfuzzer_sys::fuzz_target;
use rust_decimal::Decimal;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let _ = number::parse_count(text);
    let _ = number::parse_share(text);
    let _ = number::parse_size_kb(text);
    let _ = number::parse_per_second(text);
    if let Ok(rate) = Rate::parse(text) {
        // `--hours-per-month` is refused outside 1..=744.
        for hours in [Decimal::ONE, Decimal::from(672), Decimal::from(730), Decimal::from(744)] {
            let _ = rate.per_month(hours);
        }
    }
    let Ok(profile) = Profile::from_cli(None, Some(text), None, Decimal::from(730)) else { return };
    common::estimate_and_render(&profile, common::bundled(), false);
});
