//! Terraform engine: a directory of `.tf` files (or a `terraform show -json` plan) becomes a
//! sorted, deterministic list of evaluated resource [`Instance`]s.
//!
//! Contract:
//! - Never needs credentials, `terraform init` or the network.
//! - Lenient like a cost tool must be: what `terraform validate` would reject but Terraform's
//!   meaning is clear about (duplicate `terraform {}` blocks, undeclared variables in tfvars,
//!   dangling references) loads with [`Warning`]s; only input that cannot be read at all
//!   (malformed HCL, cycles, limits exceeded) is an error.
//! - Values that are only known after apply are [`Value::Unknown`] and propagate.
//! - Knows nothing about prices.

pub mod functions;
pub mod instance;
pub mod plan;
pub mod types;
pub mod value;

pub use instance::{Instance, Location, Mode, Warning};
pub use value::Value;
