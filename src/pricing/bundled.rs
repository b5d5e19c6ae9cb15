//! The snapshot in `pricing-cache/`, embedded at build time by `build.rs` (which lists the files
//! so adding a service or region needs no code change). Nothing here is parsed until used.

include!(concat!(env!("OUT_DIR"), "/bundled_pricing.rs"));
