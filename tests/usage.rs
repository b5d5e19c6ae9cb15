//! Usage derivation and scenario/usage-file loading, end to end through the public API.

#[path = "usage/credlink.rs"]
mod credlink;
#[path = "usage/derive.rs"]
mod derive;
#[path = "usage/files.rs"]
mod files;
