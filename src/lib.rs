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
pub mod advise;
pub mod aws;
pub mod cli;
pub mod config;
pub mod diff;
mod error_chain;
pub mod estimate;
pub mod github;
pub mod http;
pub mod input_file;
pub mod model;
pub mod pipeline;
pub mod pricing;
pub mod projects;
pub mod render;
pub mod report;
pub mod resources;
pub mod safe_write;
pub mod terraform;
pub mod usage;
