//! Feeds arbitrary bytes to the Terraform loader as `main.tf` (and, split at the first NUL
//! byte, as `terraform.tfvars`): any input must give `Ok` or a `LoadError`, never a panic.
#![no_main]

use costplan::terraform::{self, LoadOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(dir) = tempfile::tempdir() else { return };
    let (tf, tfvars) = match data.iter().position(|&b| b == 0) {
        Some(i) => (&data[..i], Some(&data[i + 1..])),
        None => (data, None),
    };
    if std::fs::write(dir.path().join("main.tf"), tf).is_err() {
        return;
    }
    if let Some(v) = tfvars {
        let _ = std::fs::write(dir.path().join("terraform.tfvars"), v);
    }
    let _ = terraform::load(&LoadOptions::new(dir.path()));
});
