//! Integration tests of the pricing catalog: lookups against the trap fixtures and the bundled
//! snapshot, cache loading and its errors, the snapshot generator, and the `pricing` commands.

#[path = "pricing/bundled.rs"]
mod bundled;
#[path = "pricing/cache.rs"]
mod cache;
#[path = "pricing/cli.rs"]
mod cli;
#[path = "pricing/common.rs"]
mod common;
#[path = "pricing/feed.rs"]
mod feed;
#[path = "pricing/feed_global.rs"]
mod feed_global;
#[path = "support/fs.rs"]
mod fs;
#[path = "pricing/snapshot.rs"]
mod snapshot;
#[path = "pricing/traps.rs"]
mod traps;
