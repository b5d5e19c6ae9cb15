//! Hashing and identifier functions: base64sha256 base64sha512 md5 sha1 sha256 sha512 uuidv5,
//! their `file*` variants, and `uuid`/`bcrypt` (random on every run, so unknown here).

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use md5::Md5;
use sha1::{Digest, Sha1};
use sha2::{Sha256, Sha512};

use super::{Args, Def, FnContext, FnError, Unknowns, strict};
use crate::terraform::value::Value;

pub(super) fn lookup(name: &str) -> Option<Def> {
    Some(match name {
        "md5" => strict(1, |a, _| text_hash::<Md5>(a, false)),
        "sha1" => strict(1, |a, _| text_hash::<Sha1>(a, false)),
        "sha256" => strict(1, |a, _| text_hash::<Sha256>(a, false)),
        "sha512" => strict(1, |a, _| text_hash::<Sha512>(a, false)),
        "base64sha256" => strict(1, |a, _| text_hash::<Sha256>(a, true)),
        "base64sha512" => strict(1, |a, _| text_hash::<Sha512>(a, true)),
        "filemd5" => strict(1, |a, c| file_hash::<Md5>(a, c, false)),
        "filesha1" => strict(1, |a, c| file_hash::<Sha1>(a, c, false)),
        "filesha256" => strict(1, |a, c| file_hash::<Sha256>(a, c, false)),
        "filesha512" => strict(1, |a, c| file_hash::<Sha512>(a, c, false)),
        "filebase64sha256" => strict(1, |a, c| file_hash::<Sha256>(a, c, true)),
        "filebase64sha512" => strict(1, |a, c| file_hash::<Sha512>(a, c, true)),
        "uuidv5" => strict(2, uuidv5),
        // A fresh random value on every run: only known after apply.
        "uuid" => Def::new(Unknowns::Own, 0, Some(0), |_, _| Ok(Value::Unknown)),
        "bcrypt" => Def::new(Unknowns::Own, 1, Some(2), |_, _| Ok(Value::Unknown)),
        _ => return None,
    })
}

type R = Result<Value, FnError>;

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    bytes.iter().fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

fn digest<D: Digest>(data: &[u8], base64: bool) -> Value {
    let out = D::digest(data);
    Value::String(if base64 { STANDARD.encode(out) } else { hex(&out) })
}

fn text_hash<D: Digest>(a: &Args<'_>, base64: bool) -> R {
    Ok(digest::<D>(a.string(0, "string")?.as_bytes(), base64))
}

fn file_hash<D: Digest>(a: &Args<'_>, ctx: &FnContext, base64: bool) -> R {
    let path = a.string(0, "path")?;
    Ok(digest::<D>(&super::filesystem::read_bytes(a, ctx, &path)?, base64))
}

fn uuidv5(a: &Args<'_>, _: &FnContext) -> R {
    let ns = a.string(0, "namespace")?;
    let name = a.string(1, "name")?;
    let ns_text = match ns.as_str() {
        "dns" => "6ba7b810-9dad-11d1-80b4-00c04fd430c8",
        "url" => "6ba7b811-9dad-11d1-80b4-00c04fd430c8",
        "oid" => "6ba7b812-9dad-11d1-80b4-00c04fd430c8",
        "x500" => "6ba7b814-9dad-11d1-80b4-00c04fd430c8",
        other => other,
    };
    let hex_digits: String = ns_text.chars().filter(|c| *c != '-').collect();
    let bad =
        || a.invalid(format_args!("namespace must be dns, url, oid, x500 or a UUID, got `{ns}`"));
    if hex_digits.len() != 32 || ns_text.len() != 36 {
        return Err(bad());
    }
    let mut ns_bytes = Vec::with_capacity(16);
    for i in (0..32).step_by(2) {
        ns_bytes.push(u8::from_str_radix(&hex_digits[i..i + 2], 16).map_err(|_| bad())?);
    }
    let mut h = Sha1::new();
    h.update(&ns_bytes);
    h.update(name.as_bytes());
    let mut u: Vec<u8> = h.finalize()[..16].to_vec();
    u[6] = (u[6] & 0x0f) | 0x50;
    u[8] = (u[8] & 0x3f) | 0x80;
    let x = hex(&u);
    Ok(Value::String(format!(
        "{}-{}-{}-{}-{}",
        &x[0..8],
        &x[8..12],
        &x[12..16],
        &x[16..20],
        &x[20..32]
    )))
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;

    #[test]
    fn hashes() {
        check(vec![
            ("md5", vec![s("hello world")], Ok(s("5eb63bbbe01eeed093cb22bb8f5acdc3"))),
            ("sha1", vec![s("hello world")], Ok(s("2aae6c35c94fcfb415dbe95f408b9ce91ee846ed"))),
            (
                "sha256",
                vec![s("hello world")],
                Ok(s("b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9")),
            ),
            (
                "sha512",
                vec![s("hello world")],
                Ok(s(
                    "309ecc489c12d6eb4cc40f50c902f2b4d0ed77ee511a7c7a9bcd3ca86d4cd86f989dd35bc5ff499670da34255b45b0cfd830e81f605dcf7dc5542e93ae9cd76f",
                )),
            ),
            (
                "base64sha256",
                vec![s("hello world")],
                Ok(s("uU0nuZNNPgilLlLX2n2r+sSE7+N6U4DukIj3rOLvzek=")),
            ),
            (
                "base64sha512",
                vec![s("hello world")],
                Ok(s(
                    "MJ7MSJwS1utMxA9QyQLytNDtd+5RGnx6m808qG1M2G+YndNbxf9JlnDaNCVbRbDP2DDoH2Bdz33FVC6TrpzXbw==",
                )),
            ),
            ("md5", vec![l(vec![])], Err("string must be a string, got list")),
            ("sha256", vec![u()], Ok(u())),
            ("uuid", vec![], Ok(u())),
            ("bcrypt", vec![s("x")], Ok(u())),
            (
                "uuidv5",
                vec![s("dns"), s("www.terraform.io")],
                Ok(s("a5008fae-b28c-5ba5-96cd-82b4c53552d6")),
            ),
            (
                "uuidv5",
                vec![s("url"), s("https://www.terraform.io/")],
                Ok(s("9db6f67c-dd95-5ea0-aa5b-e70e5c5f7cf5")),
            ),
            (
                "uuidv5",
                vec![s("6ba7b810-9dad-11d1-80b4-00c04fd430c8"), s("www.terraform.io")],
                Ok(s("a5008fae-b28c-5ba5-96cd-82b4c53552d6")),
            ),
            ("uuidv5", vec![s("nope"), s("x")], Err("namespace must be")),
        ]);
    }
}
