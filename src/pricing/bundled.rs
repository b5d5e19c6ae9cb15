//! The snapshot in `pricing-cache/`, embedded at build time by `build.rs` (which lists the files
//! so adding a service or region needs no code change), each file gzip-compressed. Nothing here
//! is decompressed or parsed until used: [`text`] inflates one file when the catalog first needs
//! a price of its service and region.

include!(concat!(env!("OUT_DIR"), "/bundled_pricing.rs"));

/// The JSON text of one embedded file (its gzip bytes from [`FILES`]).
pub fn text(gz: &[u8]) -> Result<String, String> {
    use std::io::Read as _;
    let mut s = String::new();
    flate2::read::GzDecoder::new(gz)
        .read_to_string(&mut s)
        .map_err(|e| format!("embedded file does not decompress: {e}"))?;
    Ok(s)
}
