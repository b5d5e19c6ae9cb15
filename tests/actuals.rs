//! Integration tests of `costplan actuals`: file sources (CUR 2.0, legacy CUR, FOCUS) on
//! fixtures written by the tests themselves, malformed inputs, and the Cost Explorer / Athena
//! sources through the real AWS SDK clients (against moto when COSTPLAN_TEST_MOTO_URL is set,
//! and against a tiny local HTTP server for error responses moto cannot produce).

#[path = "actuals/fixtures.rs"]
mod fixtures;

#[path = "actuals/files.rs"]
#[cfg(feature = "polars")]
mod files;

#[path = "actuals/providers.rs"]
#[cfg(feature = "polars")]
mod providers;

#[path = "actuals/malformed.rs"]
#[cfg(feature = "polars")]
mod malformed;

#[path = "support/http.rs"]
#[allow(dead_code)] // shared with the pricing refresh tests, which use all of it
mod http;

#[path = "actuals/aws_errors.rs"]
mod aws_errors;

#[path = "actuals/moto.rs"]
mod moto;

#[path = "actuals/cli.rs"]
mod cli;

#[path = "../examples/credlink_cur.rs"]
#[cfg(feature = "polars")]
#[allow(dead_code)]
mod credlink_cur;

#[path = "actuals/credlink.rs"]
#[cfg(feature = "polars")]
mod credlink;

#[path = "actuals/report.rs"]
#[cfg(feature = "polars")]
mod report;
