//! Integration tests of the Terraform engine: one fixture per feature under
//! `tests/fixtures/terraform/<feature>/`, with snapshots of the evaluated instances, the bad
//! inputs with their error messages, and the `costplan resources` command.

#[path = "terraform/bad_input.rs"]
mod bad_input;
#[path = "terraform/cli.rs"]
mod cli;
#[path = "terraform/common.rs"]
mod common;
#[path = "terraform/features.rs"]
mod features;
#[path = "terraform/functions.rs"]
mod functions;
#[path = "terraform/graph.rs"]
mod graph;
#[path = "terraform/variables.rs"]
mod variables;
