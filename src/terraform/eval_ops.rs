//! Unary and binary operators with Terraform's conversion rules: arithmetic and ordering convert
//! strings to numbers (`"512" + 1` is 513), logic converts `"true"`/`"false"` to bools, equality
//! is type-strict except that numbers compare by value. Unknown operands give unknown results,
//! except where the answer does not depend on them: `x == null` is known when `x` is a known
//! object or list, whatever it holds (Terraform's `var.settings == null` on an object with unknown
//! attributes is `false`, not unknown).

use hcl_edit::expr::{BinaryOperator, UnaryOperator};
use rust_decimal::Decimal;

use super::value::Value;

fn number(v: &Value, side: &str) -> Result<Decimal, String> {
    v.as_decimal()
        .ok_or_else(|| format!("the {side} operand must be a number, got {} `{v}`", v.type_name()))
}

fn boolean(v: &Value, side: &str) -> Result<bool, String> {
    v.as_bool()
        .ok_or_else(|| format!("the {side} operand must be a bool, got {} `{v}`", v.type_name()))
}

pub(crate) fn unary(op: UnaryOperator, v: Value) -> Result<Value, String> {
    if v.is_unknown() {
        return Ok(Value::Unknown);
    }
    match op {
        UnaryOperator::Neg => Ok(Value::Number(-number(&v, "")?)),
        UnaryOperator::Not => Ok(Value::Bool(!boolean(&v, "")?)),
    }
}

pub(crate) fn binary(op: BinaryOperator, lhs: Value, rhs: Value) -> Result<Value, String> {
    use BinaryOperator as B;
    match op {
        B::Eq | B::NotEq => Ok(match equal(&lhs, &rhs) {
            Some(eq) => Value::Bool(if op == B::Eq { eq } else { !eq }),
            None => Value::Unknown,
        }),
        B::And | B::Or => {
            // `false && unknown` is false and `true || unknown` is true.
            let l = if lhs.is_unknown() { None } else { Some(boolean(&lhs, "left")?) };
            let r = if rhs.is_unknown() { None } else { Some(boolean(&rhs, "right")?) };
            Ok(match (op, l, r) {
                (B::And, Some(false), _) | (B::And, _, Some(false)) => Value::Bool(false),
                (B::Or, Some(true), _) | (B::Or, _, Some(true)) => Value::Bool(true),
                (_, Some(a), Some(b)) => Value::Bool(if op == B::And { a && b } else { a || b }),
                _ => Value::Unknown,
            })
        }
        _ => {
            if lhs.is_unknown() || rhs.is_unknown() {
                return Ok(Value::Unknown);
            }
            let a = number(&lhs, "left")?;
            let b = number(&rhs, "right")?;
            let overflow = || "arithmetic overflow".to_string();
            Ok(match op {
                B::Plus => Value::Number(a.checked_add(b).ok_or_else(overflow)?),
                B::Minus => Value::Number(a.checked_sub(b).ok_or_else(overflow)?),
                B::Mul => Value::Number(a.checked_mul(b).ok_or_else(overflow)?),
                B::Div => {
                    if b.is_zero() {
                        return Err("division by zero".into());
                    }
                    Value::Number(a.checked_div(b).ok_or_else(overflow)?)
                }
                B::Mod => {
                    if b.is_zero() {
                        return Err("modulo by zero".into());
                    }
                    Value::Number(a.checked_rem(b).ok_or_else(overflow)?)
                }
                B::Less => Value::Bool(a < b),
                B::LessEq => Value::Bool(a <= b),
                B::Greater => Value::Bool(a > b),
                B::GreaterEq => Value::Bool(a >= b),
                B::Eq | B::NotEq | B::And | B::Or => Value::Null,
            })
        }
    }
}

/// Terraform equality (cty's `Value.Equals`): same type and same value; numbers by value
/// (`1 == 1.0`); null equals only null. `None` when the answer depends on an unknown: a wholly
/// unknown side (even against null, whose type it might share), or the first nested unknown met
/// in collections that are otherwise equal so far. A known difference found before any unknown
/// (a null side, another kind, another length or set of keys, an element that differs) decides.
pub(crate) fn equal(a: &Value, b: &Value) -> Option<bool> {
    match (a, b) {
        (Value::Unknown, _) | (_, Value::Unknown) => None,
        (Value::Null, _) | (_, Value::Null) => Some(a.is_null() && b.is_null()),
        (Value::Number(x), Value::Number(y)) => Some(x == y),
        (Value::List(x), Value::List(y)) => {
            if x.len() != y.len() {
                return Some(false);
            }
            all_equal(x.iter().zip(y))
        }
        (Value::Map(x), Value::Map(y)) => {
            if x.len() != y.len() || x.keys().ne(y.keys()) {
                return Some(false);
            }
            all_equal(x.values().zip(y.values()))
        }
        _ => Some(a == b),
    }
}

/// Pairwise equality in order, as cty compares collection elements: the first unknown answer
/// makes the whole unknown, the first `false` makes it false.
fn all_equal<'a>(pairs: impl Iterator<Item = (&'a Value, &'a Value)>) -> Option<bool> {
    for (p, q) in pairs {
        if !equal(p, q)? {
            return Some(false);
        }
    }
    Some(true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn arithmetic_converts_numeric_strings() {
        let v = binary(BinaryOperator::Plus, Value::String("512".into()), Value::Number(dec!(1)))
            .unwrap();
        assert_eq!(v, Value::Number(dec!(513)));
        assert!(
            binary(BinaryOperator::Plus, Value::String("abc".into()), Value::Number(dec!(1)))
                .is_err()
        );
    }

    #[test]
    fn equality_is_type_strict_and_unknown_aware() {
        assert_eq!(
            binary(BinaryOperator::Eq, Value::String("1".into()), Value::Number(dec!(1))).unwrap(),
            Value::Bool(false)
        );
        assert_eq!(
            binary(BinaryOperator::Eq, Value::Number(dec!(1.0)), Value::Number(dec!(1))).unwrap(),
            Value::Bool(true)
        );
        assert_eq!(
            binary(BinaryOperator::Eq, Value::Unknown, Value::Null).unwrap(),
            Value::Unknown
        );
    }

    #[test]
    fn null_comparison_is_known_when_only_nested_values_are_unknown() {
        let object = Value::Map([("id".to_string(), Value::Unknown)].into_iter().collect());
        assert_eq!(
            binary(BinaryOperator::Eq, object.clone(), Value::Null).unwrap(),
            Value::Bool(false)
        );
        assert_eq!(
            binary(BinaryOperator::NotEq, Value::Null, object.clone()).unwrap(),
            Value::Bool(true)
        );
        let list = Value::List(vec![Value::Unknown]);
        assert_eq!(binary(BinaryOperator::Eq, list, Value::Null).unwrap(), Value::Bool(false));
        // Different lengths or keys are known to differ; the same shape with an unknown is not.
        let two = Value::List(vec![Value::Unknown, Value::Number(dec!(1))]);
        let one = Value::List(vec![Value::Unknown]);
        assert_eq!(binary(BinaryOperator::Eq, two.clone(), one).unwrap(), Value::Bool(false));
        assert_eq!(binary(BinaryOperator::Eq, two.clone(), two).unwrap(), Value::Unknown);
        let other = Value::Map([("arn".to_string(), Value::Unknown)].into_iter().collect());
        assert_eq!(binary(BinaryOperator::Eq, object, other).unwrap(), Value::Bool(false));
    }

    #[test]
    fn logic_short_circuits_on_unknown() {
        assert_eq!(
            binary(BinaryOperator::And, Value::Unknown, Value::Bool(false)).unwrap(),
            Value::Bool(false)
        );
        assert_eq!(
            binary(BinaryOperator::Or, Value::Unknown, Value::Bool(false)).unwrap(),
            Value::Unknown
        );
        assert!(
            binary(BinaryOperator::Div, Value::Number(dec!(1)), Value::Number(dec!(0))).is_err()
        );
    }
}
