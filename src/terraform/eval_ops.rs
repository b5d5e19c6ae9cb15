//! Unary and binary operators with Terraform's conversion rules: arithmetic and ordering convert
//! strings to numbers (`"512" + 1` is 513), logic converts `"true"`/`"false"` to bools, equality
//! is type-strict except that numbers compare by value. Unknown operands give unknown results.

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
        B::Eq | B::NotEq => {
            if lhs.contains_unknown() || rhs.contains_unknown() {
                return Ok(Value::Unknown);
            }
            let eq = equal(&lhs, &rhs);
            Ok(Value::Bool(if op == B::Eq { eq } else { !eq }))
        }
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

/// Terraform equality: same type and same value; numbers by value (`1 == 1.0`).
pub(crate) fn equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x == y,
        (Value::List(x), Value::List(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| equal(p, q))
        }
        (Value::Map(x), Value::Map(y)) => {
            x.len() == y.len()
                && x.iter().zip(y).all(|((k1, v1), (k2, v2))| k1 == k2 && equal(v1, v2))
        }
        _ => a == b,
    }
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
