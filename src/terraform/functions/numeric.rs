//! Numeric functions: abs ceil floor log max min parseint pow signum.
//!
//! Terraform numbers are arbitrary precision; ours are `Decimal` (28 significant digits). Every
//! operation is checked: a result that does not fit is an error naming the function.

use rust_decimal::{Decimal, MathematicalOps};

use super::{Args, Def, FnContext, FnError, Unknowns, strict};
use crate::terraform::value::Value;

pub(super) fn lookup(name: &str) -> Option<Def> {
    Some(match name {
        "abs" => strict(1, abs),
        "ceil" => strict(1, ceil),
        "floor" => strict(1, floor),
        "log" => strict(2, log),
        "max" => Def::new(Unknowns::Strict, 1, None, max),
        "min" => Def::new(Unknowns::Strict, 1, None, min),
        "parseint" => strict(2, parseint),
        "pow" => strict(2, pow),
        "signum" => strict(1, signum),
        _ => return None,
    })
}

type R = Result<Value, FnError>;

fn abs(a: &Args<'_>, _: &FnContext) -> R {
    Ok(Value::Number(a.number(0, "number")?.abs()))
}

fn ceil(a: &Args<'_>, _: &FnContext) -> R {
    Ok(Value::Number(a.number(0, "number")?.ceil()))
}

fn floor(a: &Args<'_>, _: &FnContext) -> R {
    Ok(Value::Number(a.number(0, "number")?.floor()))
}

fn log(a: &Args<'_>, _: &FnContext) -> R {
    let x = a.number(0, "number")?;
    let base = a.number(1, "base")?;
    if x <= Decimal::ZERO {
        return Err(a.invalid(format_args!("number must be greater than 0, got {}", x.normalize())));
    }
    if base <= Decimal::ZERO || base == Decimal::ONE {
        return Err(a.invalid(format_args!(
            "base must be greater than 0 and not 1, got {}",
            base.normalize()
        )));
    }
    // Terraform computes `math.Log(x) / math.Log(base)` in float64: log(1000, 10) is
    // 2.9999999999999996 there, and the table of conformance cases expects the same digits.
    float_result(a, ln(x) / ln(base))
}

fn ln(x: Decimal) -> f64 {
    use rust_decimal::prelude::ToPrimitive;
    x.to_f64().map_or(f64::NAN, f64::ln)
}

/// A float64 result as Terraform shows it: the shortest decimal that reads back as the same
/// float.
fn float_result(a: &Args<'_>, f: f64) -> R {
    if !f.is_finite() {
        return Err(a.invalid("result is out of range"));
    }
    let text = f.to_string();
    crate::terraform::eval::parse_decimal(&text)
        .map(|d| Value::Number(d.normalize()))
        .ok_or_else(|| a.invalid(format_args!("result {text} is out of range")))
}

fn numbers(a: &Args<'_>) -> Result<Vec<Decimal>, FnError> {
    (0..a.len()).map(|i| a.number(i, "every argument")).collect()
}

fn max(a: &Args<'_>, _: &FnContext) -> R {
    let ns = numbers(a)?;
    ns.into_iter().max().map(Value::Number).ok_or_else(|| a.invalid("needs at least one number"))
}

fn min(a: &Args<'_>, _: &FnContext) -> R {
    let ns = numbers(a)?;
    ns.into_iter().min().map(Value::Number).ok_or_else(|| a.invalid("needs at least one number"))
}

fn parseint(a: &Args<'_>, _: &FnContext) -> R {
    let text = match a.get(0) {
        Value::String(s) => s.clone(),
        v => return Err(a.invalid(format_args!("number must be a string, got {}", super::kind(v)))),
    };
    let base = a.int(1, "base")?;
    let radix = u32::try_from(base).ok().filter(|b| (2..=62).contains(b)).ok_or_else(|| {
        a.invalid(format_args!("base must be a whole number between 2 and 62, got {base}"))
    })?;
    let (neg, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(&text)),
    };
    if digits.is_empty() {
        return Err(a.invalid(format_args!("cannot parse `{text}` as a base {radix} integer")));
    }
    let mut acc = Decimal::ZERO;
    let r = Decimal::from(radix);
    for c in digits.chars() {
        // Go's big.Int SetString: 0-9, then a-z, then A-Z for bases above 36 (case-insensitive
        // up to 36).
        let d = match c {
            '0'..='9' => c as u32 - '0' as u32,
            'a'..='z' => c as u32 - 'a' as u32 + 10,
            'A'..='Z' if radix <= 36 => c as u32 - 'A' as u32 + 10,
            'A'..='Z' => c as u32 - 'A' as u32 + 36,
            _ => u32::MAX,
        };
        if d >= radix {
            return Err(a.invalid(format_args!("cannot parse `{text}` as a base {radix} integer")));
        }
        acc = acc
            .checked_mul(r)
            .and_then(|v| v.checked_add(Decimal::from(d)))
            .ok_or_else(|| a.invalid(format_args!("`{text}` is too large")))?;
    }
    Ok(Value::Number(if neg { -acc } else { acc }))
}

fn pow(a: &Args<'_>, _: &FnContext) -> R {
    use rust_decimal::prelude::ToPrimitive;
    let x = a.number(0, "base")?;
    let e = a.number(1, "exponent")?;
    // Terraform's pow is Go's math.Pow over float64; whole powers of whole numbers that fit in
    // a float64's 53 bits are exact there, and exact here.
    if let Some(i) = super::decimal_to_i64(e).filter(|i| (0..=64).contains(i))
        && let Some(r) = x.checked_powi(i).filter(|r| r.abs() < Decimal::from(1u64 << 53))
        && x.fract().is_zero()
    {
        return Ok(Value::Number(r.normalize()));
    }
    if x.is_zero() && e < Decimal::ZERO {
        return Err(a.invalid("0 to a negative power is infinite"));
    }
    let (xf, ef) = (x.to_f64().unwrap_or(f64::NAN), e.to_f64().unwrap_or(f64::NAN));
    float_result(a, xf.powf(ef)).map_err(|_| {
        a.invalid(format_args!("{} to the power {} is out of range", x.normalize(), e.normalize()))
    })
}

fn signum(a: &Args<'_>, _: &FnContext) -> R {
    // Terraform takes a whole number here (signum(-0.5) is an error).
    let x = Decimal::from(a.int(0, "number")?);
    Ok(Value::Number(if x.is_zero() {
        Decimal::ZERO
    } else if x.is_sign_negative() {
        -Decimal::ONE
    } else {
        Decimal::ONE
    }))
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;

    #[test]
    fn numeric_functions() {
        check(vec![
            ("abs", vec![n(-3)], Ok(n(3))),
            ("abs", vec![d("-1.5")], Ok(d("1.5"))),
            ("abs", vec![s("-2")], Ok(n(2))),
            ("abs", vec![s("x")], Err("number must be a number, got string")),
            ("abs", vec![u()], Ok(u())),
            ("ceil", vec![d("1.2")], Ok(n(2))),
            ("ceil", vec![d("-1.2")], Ok(n(-1))),
            ("floor", vec![d("1.8")], Ok(n(1))),
            ("floor", vec![d("-1.2")], Ok(n(-2))),
            ("log", vec![n(8), n(2)], Ok(n(3))),
            ("log", vec![n(100), n(10)], Ok(n(2))),
            ("log", vec![n(0), n(10)], Err("greater than 0")),
            ("log", vec![n(10), n(1)], Err("base must be")),
            ("max", vec![n(1), n(5), d("2.5")], Ok(n(5))),
            ("max", vec![n(1), u()], Ok(u())),
            ("max", vec![s("a")], Err("every argument must be a number, got string")),
            ("min", vec![n(1), n(-5), s("3")], Ok(n(-5))),
            ("parseint", vec![s("100"), n(10)], Ok(n(100))),
            ("parseint", vec![s("FF"), n(16)], Ok(n(255))),
            ("parseint", vec![s("-1010"), n(2)], Ok(n(-10))),
            ("parseint", vec![s("zz"), n(36)], Ok(n(1295))),
            ("parseint", vec![s("12"), n(2)], Err("cannot parse `12` as a base 2 integer")),
            ("parseint", vec![s("1"), n(1)], Err("base must be")),
            ("parseint", vec![n(1), n(10)], Err("number must be a string, got number")),
            ("parseint", vec![s("9".repeat(40).as_str()), n(10)], Err("too large")),
            ("pow", vec![n(3), n(2)], Ok(n(9))),
            ("pow", vec![n(4), d("0.5")], Ok(n(2))),
            ("pow", vec![n(2), n(-1)], Ok(d("0.5"))),
            ("pow", vec![n(0), n(0)], Ok(n(1))),
            ("pow", vec![n(10), n(40)], Err("out of range")),
            ("pow", vec![n(0), n(-1)], Err("infinite")),
            ("signum", vec![n(-7)], Ok(n(-1))),
            ("signum", vec![n(0)], Ok(n(0))),
            ("signum", vec![d("0.1")], Err("whole number")),
        ]);
    }
}
