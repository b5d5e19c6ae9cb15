//! Resource id → Terraform address, for matching billing lines to resources without a tag.
//!
//! Read from one JSON file, whichever of these it is:
//! - `terraform show -json` of a state (`values.root_module`) or of a plan (`planned_values`,
//!   and `prior_state.values` for what already exists): every resource's `id` and `arn`;
//! - a raw state file (`terraform state pull`, version 4: `resources[].instances[].attributes`);
//! - a plain object `{"<id or ARN>": "<address>"}` written by hand.
//!
//! Billing lines carry ARNs for most services and short ids for some (NAT gateways `nat-…`);
//! both are kept, and [`super::reconcile`] also matches an ARN by its last path segment.
//! Values that are unknown in a plan (not applied yet) are absent, so those resources can only
//! be matched by tag. Deterministic: a `BTreeMap`, and when two resources claim one id the first
//! in file order wins.

use std::collections::BTreeMap;

use serde_json::Value as Json;

/// Why a resource map could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ResourceMapError {
    #[error("cannot read the resource map `{path}`: {reason}")]
    Io { path: String, reason: String },
    #[error(
        "`{path}` is not JSON ({reason}): give a plan or state JSON, or an object of id → address"
    )]
    NotJson { path: String, reason: String },
    #[error(
        "`{path}` is neither a plan/state JSON (`terraform show -json`), a state file nor an object of id → address: {reason}"
    )]
    Shape { path: String, reason: String },
}

/// Attributes that identify a resource in billing data.
const ID_ATTRIBUTES: &[&str] = &["arn", "id"];

/// Reads the map at `path`.
pub fn read(path: &str) -> Result<BTreeMap<String, String>, ResourceMapError> {
    use crate::input_file::InputFileError as E;
    let text = crate::input_file::read_to_string(std::path::Path::new(path)).map_err(|e| {
        let reason = match e {
            E::Io { cause, .. } => cause.to_string(),
            other => other.to_string(),
        };
        ResourceMapError::Io { path: path.to_string(), reason }
    })?;
    parse(&text).map_err(|e| match e {
        ParseError::Json(reason) => ResourceMapError::NotJson { path: path.to_string(), reason },
        ParseError::Shape(reason) => ResourceMapError::Shape { path: path.to_string(), reason },
    })
}

/// Errors of [`parse`], without the file name.
#[derive(Debug)]
pub enum ParseError {
    Json(String),
    Shape(String),
}

/// Parses a map from JSON text (see the module docs for the accepted shapes).
pub fn parse(text: &str) -> Result<BTreeMap<String, String>, ParseError> {
    let top: Json = serde_json::from_str(text).map_err(|e| ParseError::Json(e.to_string()))?;
    let Some(obj) = top.as_object() else {
        return Err(ParseError::Shape("the top level is not an object".into()));
    };
    let mut map = BTreeMap::new();
    let shown_roots = [
        obj.get("values").and_then(|v| v.get("root_module")),
        obj.get("prior_state").and_then(|s| s.get("values")).and_then(|v| v.get("root_module")),
        obj.get("planned_values").and_then(|v| v.get("root_module")),
    ];
    if shown_roots.iter().any(Option::is_some) {
        for root in shown_roots.into_iter().flatten() {
            walk_module(root, &mut map);
        }
        return Ok(map);
    }
    if let Some(resources) = obj.get("resources").and_then(Json::as_array) {
        for r in resources {
            raw_state_resource(r, &mut map);
        }
        return Ok(map);
    }
    for (id, address) in obj {
        let Some(address) = address.as_str() else {
            return Err(ParseError::Shape(format!("the value of `{id}` is not a string address")));
        };
        map.insert(id.clone(), address.to_string());
    }
    Ok(map)
}

fn insert_ids(values: &Json, address: &str, map: &mut BTreeMap<String, String>) {
    for attr in ID_ATTRIBUTES {
        if let Some(id) = values.get(*attr).and_then(Json::as_str)
            && !id.is_empty()
        {
            map.entry(id.to_string()).or_insert_with(|| address.to_string());
        }
    }
}

fn walk_module(module: &Json, map: &mut BTreeMap<String, String>) {
    for r in module.get("resources").and_then(Json::as_array).into_iter().flatten() {
        if r.get("mode").and_then(Json::as_str) == Some("data") {
            continue;
        }
        if let (Some(address), Some(values)) =
            (r.get("address").and_then(Json::as_str), r.get("values"))
        {
            insert_ids(values, address, map);
        }
    }
    for child in module.get("child_modules").and_then(Json::as_array).into_iter().flatten() {
        walk_module(child, map);
    }
}

/// A version-4 state resource: the address is rebuilt from module, type, name and index key.
fn raw_state_resource(r: &Json, map: &mut BTreeMap<String, String>) {
    if r.get("mode").and_then(Json::as_str) == Some("data") {
        return;
    }
    let (Some(ty), Some(name)) =
        (r.get("type").and_then(Json::as_str), r.get("name").and_then(Json::as_str))
    else {
        return;
    };
    let module =
        r.get("module").and_then(Json::as_str).map(|m| format!("{m}.")).unwrap_or_default();
    for inst in r.get("instances").and_then(Json::as_array).into_iter().flatten() {
        let key = match inst.get("index_key") {
            Some(Json::Number(n)) => format!("[{n}]"),
            Some(Json::String(s)) => format!("[\"{s}\"]"),
            _ => String::new(),
        };
        if let Some(attrs) = inst.get("attributes") {
            insert_ids(attrs, &format!("{module}{ty}.{name}{key}"), map);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn an_endless_device_is_refused_by_name() {
        let e = read("/dev/zero").unwrap_err().to_string();
        assert!(e.contains("`/dev/zero`") && e.contains("not a regular file"), "{e}");
    }

    #[test]
    fn reads_show_json_raw_state_and_plain_maps() {
        let shown = r#"{"values":{"root_module":{"resources":[
            {"address":"aws_lb.api","mode":"managed","values":{"id":"arn:aws:elasticloadbalancing:us-east-1:1:loadbalancer/app/api/abc","arn":"arn:aws:elasticloadbalancing:us-east-1:1:loadbalancer/app/api/abc"}},
            {"address":"data.aws_region.this","mode":"data","values":{"id":"us-east-1"}}],
            "child_modules":[{"resources":[{"address":"module.vpc.aws_nat_gateway.this[0]","mode":"managed","values":{"id":"nat-1"}}]}]}}}"#;
        let m = parse(shown).unwrap();
        assert_eq!(m.len(), 2);
        assert_eq!(m["nat-1"], "module.vpc.aws_nat_gateway.this[0]");
        assert!(!m.contains_key("us-east-1"));

        let raw = r#"{"version":4,"resources":[{"module":"module.vpc","mode":"managed","type":"aws_nat_gateway","name":"this",
            "instances":[{"index_key":1,"attributes":{"id":"nat-2"}}]},
            {"mode":"managed","type":"aws_s3_bucket","name":"b","instances":[{"index_key":"x","attributes":{"id":"bkt","arn":"arn:aws:s3:::bkt"}}]}]}"#;
        let m = parse(raw).unwrap();
        assert_eq!(m["nat-2"], "module.vpc.aws_nat_gateway.this[1]");
        assert_eq!(m["arn:aws:s3:::bkt"], "aws_s3_bucket.b[\"x\"]");

        let plain = parse(r#"{"nat-3":"aws_nat_gateway.a"}"#).unwrap();
        assert_eq!(plain["nat-3"], "aws_nat_gateway.a");
        assert!(matches!(parse(r#"{"nat-3": 1}"#), Err(ParseError::Shape(_))));
        assert!(matches!(parse("nope"), Err(ParseError::Json(_))));
    }
}
