//! costplan: estimate what a Terraform configuration will cost on AWS, compare it with what the
//! account actually spent, and recommend changes with their savings.
//!
//! Data flows one way (see `docs/architecture.md`):
//! `terraform` (HCL or plan JSON → evaluated instances) → `resources` (instances → cost
//! components with price queries) + `usage` (traffic scenario → quantities) → `pricing`
//! (price queries → rates) → `estimate` (the report model in `model`) → `render` (one output
//! format per file). `actuals`, `report`, `diff` and `advise` consume the report model.
//! Only `cli` prints.

pub mod actuals;
pub mod advice;
pub mod advise;
pub mod aws;
pub mod checked;
pub mod cli;
pub mod config;
pub mod diff;
mod error_chain;
pub mod estimate;
pub mod github;
pub mod http;
pub mod input_file;
pub mod model;
pub mod modules;
pub mod pipeline;
pub mod pricing;
pub mod projects;
pub mod region;
pub mod render;
pub mod report;
pub mod resources;
pub mod safe_write;
pub mod services;
pub mod terraform;
pub mod usage;
pub mod yaml;

/// The layering rules of the design that the compiler does not enforce inside one crate:
/// the report model depends on nothing that reads it, and `usage` does not import `resources`
/// (which builds on it). A rule is broken by a `use` or path in code, not by a comment.
#[cfg(test)]
mod layering {
    use std::path::{Path, PathBuf};

    fn rust_files(path: &Path) -> Vec<PathBuf> {
        if path.is_file() {
            return vec![path.to_path_buf()];
        }
        let mut out = Vec::new();
        let mut entries: Vec<PathBuf> = std::fs::read_dir(path)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
            .filter_map(Result::ok)
            .map(|e| e.path())
            .collect();
        entries.sort();
        for p in entries {
            if p.is_dir() {
                out.extend(rust_files(&p));
            } else if p.extension().is_some_and(|e| e == "rs") {
                out.push(p);
            }
        }
        out
    }

    #[test]
    fn lower_layers_import_nothing_from_above() {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        // (file or directory, module paths its code must not name)
        let rules: &[(&str, &[&str])] = &[
            ("model.rs", &["crate::advise", "super::advise", "crate::render", "crate::diff"]),
            ("advice.rs", &["crate::advise", "super::advise", "crate::model"]),
            ("usage", &["crate::resources", "super::super::resources"]),
        ];
        let mut broken = Vec::new();
        for (path, forbidden) in rules {
            for file in rust_files(&src.join(path)) {
                let text = std::fs::read_to_string(&file).unwrap_or_default();
                for (n, line) in text.lines().enumerate() {
                    if line.trim_start().starts_with("//") {
                        continue;
                    }
                    for f in *forbidden {
                        if line.contains(f) {
                            broken.push(format!("{}:{}: names `{f}`", file.display(), n + 1));
                        }
                    }
                }
            }
        }
        assert!(broken.is_empty(), "{broken:#?}");
    }
}
