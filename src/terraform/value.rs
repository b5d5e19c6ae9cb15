//! The evaluated value tree of Terraform attributes.
//!
//! Terraform's dynamic values map onto [`Value`]: numbers are exact decimals (Terraform numbers
//! are arbitrary-precision; `"512"` and `512` must compare equal after conversion), objects and
//! maps are both [`Value::Map`] with sorted keys (determinism), lists, sets and tuples are
//! [`Value::List`] (sets are kept sorted and de-duplicated by the evaluator).
//!
//! [`Value::Unknown`] is a value only known after apply (an ARN, an id, a data source result).
//! Any operation on an unknown yields unknown, so a cost that depends on one can say so instead of
//! silently using a wrong number.

use std::collections::BTreeMap;
use std::fmt;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum Value {
    #[default]
    Null,
    Bool(bool),
    Number(Decimal),
    String(String),
    List(Vec<Value>),
    Map(BTreeMap<String, Value>),
    /// Known only after apply.
    Unknown,
}

impl Value {
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    pub fn is_unknown(&self) -> bool {
        matches!(self, Value::Unknown)
    }

    /// True when the value or anything nested in it is unknown.
    pub fn contains_unknown(&self) -> bool {
        match self {
            Value::Unknown => true,
            Value::List(items) => items.iter().any(Value::contains_unknown),
            Value::Map(map) => map.values().any(Value::contains_unknown),
            _ => false,
        }
    }

    /// Object attribute or map element; `None` when absent or when `self` is not a map.
    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Map(map) => map.get(key),
            _ => None,
        }
    }

    /// Follows a dotted path through maps and list indices: `"ephemeral_storage.0.size_in_gib"`.
    pub fn path(&self, path: &str) -> Option<&Value> {
        path.split('.').try_fold(self, |v, seg| match v {
            // A single nested block written as an object (JSON syntax) is block 0, as in
            // `blocks`.
            Value::Map(map) => map.get(seg).or_else(|| (seg == "0").then_some(v)),
            Value::List(items) => seg.parse::<usize>().ok().and_then(|i| items.get(i)),
            _ => None,
        })
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            Value::String(s) if s == "true" => Some(true),
            Value::String(s) if s == "false" => Some(false),
            _ => None,
        }
    }

    /// A number, converting strings the way Terraform does (`"512"` → 512).
    pub fn as_decimal(&self) -> Option<Decimal> {
        match self {
            Value::Number(n) => Some(*n),
            Value::String(s) => s.trim().parse::<Decimal>().ok(),
            _ => None,
        }
    }

    pub fn as_list(&self) -> Option<&[Value]> {
        match self {
            Value::List(items) => Some(items),
            _ => None,
        }
    }

    pub fn as_map(&self) -> Option<&BTreeMap<String, Value>> {
        match self {
            Value::Map(map) => Some(map),
            _ => None,
        }
    }

    /// Nested blocks are lists of maps; a single block written as a map is treated as one.
    pub fn blocks(&self) -> Vec<&Value> {
        match self {
            Value::List(items) => items.iter().filter(|v| matches!(v, Value::Map(_))).collect(),
            Value::Map(_) => vec![self],
            _ => Vec::new(),
        }
    }

    /// Terraform's type name of the value, as `type()` prints it (approximately: objects and
    /// maps are both reported as `object`).
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "bool",
            Value::Number(_) => "number",
            Value::String(_) => "string",
            Value::List(_) => "tuple",
            Value::Map(_) => "object",
            Value::Unknown => "unknown",
        }
    }
}

impl fmt::Display for Value {
    /// Terraform-like rendering for messages and tables; unknown shows as `(known after apply)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Null => f.write_str("null"),
            Value::Bool(b) => write!(f, "{b}"),
            Value::Number(n) => write!(f, "{}", n.normalize()),
            Value::String(s) => write!(f, "{s:?}"),
            Value::List(items) => {
                f.write_str("[")?;
                for (i, v) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{v}")?;
                }
                f.write_str("]")
            }
            Value::Map(map) => {
                f.write_str("{")?;
                for (i, (k, v)) in map.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{k} = {v}")?;
                }
                f.write_str("}")
            }
            Value::Unknown => f.write_str("(known after apply)"),
        }
    }
}

/// JSON form: unknown is the object `{"$unknown": true}` so that saved reports and snapshots keep
/// the distinction between "null" and "not known until apply".
impl Serialize for Value {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        match self {
            Value::Null => s.serialize_none(),
            Value::Bool(b) => s.serialize_bool(*b),
            Value::Number(n) => {
                // Integers as JSON integers; other numbers as JSON numbers through their exact
                // decimal text so that 0.1 stays 0.1.
                let n = n.normalize();
                let text = n.to_string();
                match serde_json::from_str::<serde_json::Number>(&text) {
                    Ok(num) => num.serialize(s),
                    Err(_) => s.serialize_str(&text),
                }
            }
            Value::String(v) => s.serialize_str(v),
            Value::List(items) => items.serialize(s),
            Value::Map(map) => map.serialize(s),
            Value::Unknown => {
                let mut m = s.serialize_map(Some(1))?;
                m.serialize_entry("$unknown", &true)?;
                m.end()
            }
        }
    }
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let json = serde_json::Value::deserialize(d)?;
        Ok(Value::from_json(&json))
    }
}

impl Value {
    /// Converts JSON (plan files, `jsondecode`) into a value; `{"$unknown": true}` is unknown.
    pub fn from_json(json: &serde_json::Value) -> Value {
        match json {
            serde_json::Value::Null => Value::Null,
            serde_json::Value::Bool(b) => Value::Bool(*b),
            serde_json::Value::Number(n) => {
                let text = n.to_string();
                text.parse::<Decimal>()
                    .or_else(|_| Decimal::from_scientific(&text))
                    .map_or_else(|_| Value::String(text), Value::Number)
            }
            serde_json::Value::String(s) => Value::String(s.clone()),
            serde_json::Value::Array(items) => {
                Value::List(items.iter().map(Value::from_json).collect())
            }
            serde_json::Value::Object(map) => {
                if map.len() == 1 && map.get("$unknown") == Some(&serde_json::Value::Bool(true)) {
                    return Value::Unknown;
                }
                Value::Map(map.iter().map(|(k, v)| (k.clone(), Value::from_json(v))).collect())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn unknown_round_trips_through_json() {
        let v = Value::Map(BTreeMap::from([
            ("id".to_string(), Value::Unknown),
            ("cpu".to_string(), Value::Number(dec!(0.25))),
        ]));
        let text = serde_json::to_string(&v).unwrap();
        assert_eq!(text, r#"{"cpu":0.25,"id":{"$unknown":true}}"#);
        let back: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back, v);
    }

    #[test]
    fn strings_convert_to_numbers_like_terraform() {
        assert_eq!(Value::String("512".into()).as_decimal(), Some(dec!(512)));
        assert_eq!(Value::String("1 vCPU".into()).as_decimal(), None);
    }

    #[test]
    fn path_walks_maps_and_lists() {
        let v: Value = serde_json::from_str(r#"{"a":[{"b":3}]}"#).unwrap();
        assert_eq!(v.path("a.0.b"), Some(&Value::Number(dec!(3))));
        assert_eq!(v.path("a.1.b"), None);
    }
}
