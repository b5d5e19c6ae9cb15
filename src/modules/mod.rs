//! Remote module sources (`costplan modules get`): source addresses and version constraints.

pub mod address;
mod error;
pub mod version;

pub use error::ModuleError;
