//! Integration tests of `costplan pricing refresh`: the real aws-sdk-pricing client against a
//! local Price List API, the bulk client against local offer files, lookups from the refreshed
//! cache compared with the fixtures it was served from, and the atomicity of the cache write
//! (errors and a killed process leave the previous cache byte-identical). Never the internet.

mod support;

#[path = "pricing_refresh/common.rs"]
mod common;

#[path = "pricing_refresh/api.rs"]
mod api;
#[path = "pricing_refresh/atomic.rs"]
mod atomic;
#[path = "pricing_refresh/bulk.rs"]
mod bulk;
#[path = "pricing_refresh/ownership.rs"]
mod ownership;
