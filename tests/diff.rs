//! Integration tests of `costplan diff` and `costplan comment github`: the diff library over
//! credlink estimates (exact deltas), CLI snapshots of every format, git bases in temporary
//! repositories, `costplan.yml` monorepos, the GitHub comment client against a local server,
//! and bad input. Never the internet.

#[path = "diff/common.rs"]
mod common;
#[path = "support/fs.rs"]
mod fs;
#[path = "support/http.rs"]
#[allow(dead_code)] // shared with the pricing refresh tests, which use all of it
mod http;

#[path = "diff/bad_input.rs"]
mod bad_input;
#[path = "diff/credlink.rs"]
mod credlink;
#[path = "diff/git.rs"]
mod git;
#[path = "diff/github.rs"]
mod github;
#[path = "diff/inputs.rs"]
mod inputs;
#[path = "diff/markdown.rs"]
mod markdown;
#[path = "diff/monorepo.rs"]
mod monorepo;
#[path = "diff/unknowns.rs"]
mod unknowns;
