//! Helpers shared by the Terraform tests.

use std::path::PathBuf;

use costplan::terraform::{self, LoadError, LoadOptions, Loaded, Value};

pub fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/terraform").join(name)
}

pub fn options(name: &str) -> LoadOptions {
    LoadOptions::new(fixture(name))
}

pub fn load(name: &str) -> Loaded {
    load_with(options(name))
}

pub fn load_with(opts: LoadOptions) -> Loaded {
    match terraform::load(&opts) {
        Ok(l) => l,
        Err(e) => panic!("loading {} failed:\n{e}", opts.path.display()),
    }
}

pub fn load_err(name: &str) -> LoadError {
    match terraform::load(&options(name)) {
        Ok(l) => panic!("loading {name} should fail, got {} instances", l.instances.len()),
        Err(e) => e,
    }
}

/// The attribute at `path` of the instance `address`.
pub fn attr<'a>(loaded: &'a Loaded, address: &str, path: &str) -> &'a Value {
    let inst = loaded
        .instances
        .iter()
        .find(|i| i.address == address)
        .unwrap_or_else(|| panic!("no instance {address}; have {:?}", addresses(loaded)));
    inst.attr(path)
        .unwrap_or_else(|| panic!("{address} has no attribute {path}: {}", inst.attributes))
}

pub fn addresses(loaded: &Loaded) -> Vec<&str> {
    loaded.instances.iter().map(|i| i.address.as_str()).collect()
}

pub fn codes(loaded: &Loaded) -> Vec<String> {
    loaded.warning_counts().into_keys().collect()
}

pub fn s(v: &str) -> Value {
    Value::String(v.to_string())
}
