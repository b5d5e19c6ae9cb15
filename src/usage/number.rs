//! Human numbers in scenario and usage files: `100k`, `2.5M`, `1B`, `50/s`, `40%`, `2 MB`.
//!
//! Every parser returns an exact [`Decimal`] (no floats: `0.7` stays `0.7`) or a message that
//! says what was expected; the caller adds the file and key. Negative values are refused here,
//! because no traffic quantity can be negative, and so is a value too large to represent (a
//! suffix that multiplies it past Decimal's range): an error, never a panic.

use rust_decimal::Decimal;
use serde::de::{self, Deserializer, Visitor};

use crate::terraform::{Instance, Value};
use serde::{Deserialize, Serialize};

/// The largest monthly traffic total (requests, KB, S3 operations) derivation works with, and
/// the largest explicit usage value a file may give: 10^20, far beyond any real workload. The
/// formulas below (and the resource mappings) multiply such a value by a handful of factors no
/// larger than the seconds in a month, which keeps every result within Decimal's range (about
/// 7.9e28) once the values are bounded here.
pub(crate) const TRAFFIC_LIMIT: Decimal = rust_decimal_macros::dec!(100_000_000_000_000_000_000);

/// A number for a formula: at most 4 decimals (more for tiny values), no trailing zeros,
/// thousands separated by commas.
pub fn num(v: Decimal) -> String {
    let dp = if !v.is_zero() && v.abs() < Decimal::new(1, 2) { 8 } else { 4 };
    let v = v.round_dp(dp).normalize();
    let text = v.abs().to_string();
    let (int, frac) = text.split_once('.').map_or((text.as_str(), None), |(i, f)| (i, Some(f)));
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let sign = if v.is_sign_negative() && !v.is_zero() { "-" } else { "" };
    match frac {
        Some(f) => format!("{sign}{grouped}.{f}"),
        None => format!("{sign}{grouped}"),
    }
}

/// A count with an optional SI suffix: `100k` = 100,000; `2.5M`; `1B` (billion, also `G`).
/// Underscores and commas are digit separators (`1_000`, `1,000`).
pub fn parse_count(text: &str) -> Result<Decimal, String> {
    let t: String = text.trim().chars().filter(|c| *c != '_' && *c != ',').collect();
    if t.is_empty() {
        return Err("expected a number such as `100k`, `2.5M` or `1B`, got an empty string".into());
    }
    let (digits, factor) = match t.chars().last() {
        Some('k' | 'K') => (&t[..t.len() - 1], Decimal::from(1_000)),
        Some('m' | 'M') => (&t[..t.len() - 1], Decimal::from(1_000_000)),
        Some('b' | 'B' | 'g' | 'G') => (&t[..t.len() - 1], Decimal::from(1_000_000_000)),
        _ => (t.as_str(), Decimal::ONE),
    };
    let value: Decimal = digits.trim().parse().map_err(|_| {
        format!("expected a number such as `100k`, `2.5M` or `1B`, got `{}`", text.trim())
    })?;
    non_negative(scaled(value, factor, text)?, text)
}

/// `value × factor` (a suffix or unit), or an error naming the text when it is out of range.
fn scaled(value: Decimal, factor: Decimal, text: &str) -> Result<Decimal, String> {
    crate::checked::mul(value, factor).map_err(|e| format!("`{}` is too large: {e}", text.trim()))
}

/// A share: `40%` or a fraction `0.4`. Must lie in 0..=1.
pub fn parse_share(text: &str) -> Result<Decimal, String> {
    let t = text.trim();
    let value = if let Some(p) = t.strip_suffix('%') {
        parse_count(p)? / Decimal::from(100)
    } else {
        parse_count(t)?
    };
    if value > Decimal::ONE {
        return Err(format!("a share must be at most 100% (or 1), got `{t}`"));
    }
    Ok(value)
}

/// A size in kilobytes (1 KB = 1,024 bytes). A bare number is taken in KB; a string may carry
/// a unit: `512 B`, `0.7 KB`, `2 MB`, `1.5 GB`.
pub fn parse_size_kb(text: &str) -> Result<Decimal, String> {
    let t = text.trim();
    let lower = t.to_ascii_lowercase();
    let units: [(&str, Decimal); 8] = [
        ("gib", Decimal::from(1_048_576)),
        ("mib", Decimal::from(1_024)),
        ("kib", Decimal::ONE),
        ("gb", Decimal::from(1_048_576)),
        ("mb", Decimal::from(1_024)),
        ("kb", Decimal::ONE),
        ("b", Decimal::ONE / Decimal::from(1_024)),
        ("", Decimal::ONE),
    ];
    for (unit, factor) in units {
        if let Some(num) = lower.strip_suffix(unit) {
            let value: Decimal = num.trim().replace('_', "").parse().map_err(|_| {
                format!("expected a size such as `0.7 KB`, `2 MB` or a number of KB, got `{t}`")
            })?;
            return non_negative(scaled(value, factor, t)?, t);
        }
    }
    Err(format!("expected a size such as `0.7 KB` or `2 MB`, got `{t}`"))
}

/// A per-second value written `5/s` or `5`.
pub fn parse_per_second(text: &str) -> Result<Decimal, String> {
    let t = text.trim();
    parse_count(t.strip_suffix("/s").unwrap_or(t))
}

fn non_negative(value: Decimal, text: &str) -> Result<Decimal, String> {
    if value.is_sign_negative() && !value.is_zero() {
        Err(format!("must not be negative, got `{}`", text.trim()))
    } else {
        Ok(value.normalize())
    }
}

/// A request rate: per month (`100k`, `2.5M`) or per second (`50/s`, also `/sec`, `/second`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Rate {
    PerMonth(Decimal),
    PerSecond(Decimal),
}

impl Rate {
    pub fn parse(text: &str) -> Result<Rate, String> {
        let t = text.trim();
        for suffix in ["/second", "/sec", "/s"] {
            if let Some(n) = t.strip_suffix(suffix) {
                return parse_count(n).map(Rate::PerSecond);
            }
        }
        for suffix in ["/month", "/mo"] {
            if let Some(n) = t.strip_suffix(suffix) {
                return parse_count(n).map(Rate::PerMonth);
            }
        }
        parse_count(t).map(Rate::PerMonth)
    }

    /// Requests per month for a month of `hours` hours; [`Overflow`](crate::checked::Overflow)
    /// when a rate per second is too large to count for a month.
    pub fn per_month(self, hours: Decimal) -> Result<Decimal, crate::checked::Overflow> {
        match self {
            Rate::PerMonth(n) => Ok(n),
            Rate::PerSecond(n) => crate::checked::product([n, hours, Decimal::from(3_600)]),
        }
    }
}

impl std::fmt::Display for Rate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Rate::PerMonth(n) => write!(f, "{}/month", n.normalize()),
            Rate::PerSecond(n) => write!(f, "{}/s", n.normalize()),
        }
    }
}

/// Accepts a YAML number or string and hands its text to a parser.
struct TextVisitor<F>(F, &'static str);

impl<T, F: Fn(&str) -> Result<T, String>> Visitor<'_> for TextVisitor<F> {
    type Value = T;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str(self.1)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        (self.0)(v).map_err(E::custom)
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<T, E> {
        (self.0)(&v.to_string()).map_err(E::custom)
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<T, E> {
        (self.0)(&v.to_string()).map_err(E::custom)
    }
    // Integers beyond 64 bits (`9999999999999999999999999`) arrive as 128-bit integers: parse
    // their text like any other, so that the parser's own range check names them.
    fn visit_u128<E: de::Error>(self, v: u128) -> Result<T, E> {
        (self.0)(&v.to_string()).map_err(E::custom)
    }
    fn visit_i128<E: de::Error>(self, v: i128) -> Result<T, E> {
        (self.0)(&v.to_string()).map_err(E::custom)
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<T, E> {
        // YAML floats arrive as f64; their shortest decimal text is what the user wrote.
        (self.0)(&v.to_string()).map_err(E::custom)
    }
}

macro_rules! human_type {
    ($name:ident, $parse:path, $expect:literal) => {
        #[doc = concat!("A value parsed with `", stringify!($parse), "`.")]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Default)]
        #[serde(transparent)]
        pub struct $name(pub Decimal);

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                d.deserialize_any(TextVisitor(|s: &str| $parse(s).map($name), $expect))
            }
        }
    };
}

human_type!(Count, parse_count, "a number such as `100k`, `2.5M` or `1B`");
human_type!(Share, parse_share, "a share such as `40%` or `0.4`");
human_type!(PerSecond, parse_per_second, "a rate per second such as `5/s`");
human_type!(SizeKb, parse_size_kb, "a size such as `0.7 KB`, `2 MB`, or a number of KB");

impl<'de> Deserialize<'de> for Rate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(TextVisitor(Rate::parse, "a rate such as `100k` (per month) or `50/s`"))
    }
}

/// The largest count, size or period [`attr_quantity`] accepts: 10^12 (nodes, GB, days), far
/// above any AWS limit, so that a product of two such values and a month's hours stays within
/// Decimal's range in the mapping code.
pub const ATTRIBUTE_LIMIT: Decimal = rust_decimal_macros::dec!(1_000_000_000_000);

/// A numeric attribute that is a quantity (a size, a count, a period): `Ok(None)` when it is
/// absent, null or not known until apply; otherwise its value, or, when it is negative, above
/// [`ATTRIBUTE_LIMIT`] or not a number (a word, `1e308` or a 60-digit integer from a plan, a
/// list), an error that names the attribute and the value, for `Quantity::invalid` or a
/// warning: such a value is never priced as a default, below zero or past the range.
pub fn attr_quantity(inst: &Instance, path: &str) -> Result<Option<Decimal>, String> {
    let Some(value) = inst.attr(path) else { return Ok(None) };
    if matches!(value, Value::Null) || value.contains_unknown() {
        return Ok(None);
    }
    match value.as_decimal() {
        Some(v) if v.is_sign_negative() && !v.is_zero() => {
            Err(format!("`{path}` is `{}`: it cannot be negative", v.normalize()))
        }
        Some(v) if v > ATTRIBUTE_LIMIT => Err(format!(
            "`{path}` is `{}`: more than costplan can price (at most {})",
            v.normalize(),
            ATTRIBUTE_LIMIT.normalize()
        )),
        Some(v) => Ok(Some(v)),
        None => {
            let shown = value.as_str().map_or_else(|| value.to_string(), str::to_string);
            Err(format!("`{path}` is `{shown}`: not a number costplan can use"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn counts_with_suffixes() {
        assert_eq!(parse_count("100k"), Ok(dec!(100000)));
        assert_eq!(parse_count("2.5M"), Ok(dec!(2500000)));
        assert_eq!(parse_count("1B"), Ok(dec!(1000000000)));
        assert_eq!(parse_count("1_000"), Ok(dec!(1000)));
        assert!(parse_count("-5").unwrap_err().contains("negative"));
        assert!(parse_count("lots").unwrap_err().contains("`lots`"));
    }

    #[test]
    fn rates_shares_sizes() {
        assert_eq!(Rate::parse("50/s"), Ok(Rate::PerSecond(dec!(50))));
        assert_eq!(Rate::parse("10M"), Ok(Rate::PerMonth(dec!(10000000))));
        assert_eq!(Rate::parse("50/s").unwrap().per_month(dec!(730)), Ok(dec!(131400000)));
        assert_eq!(parse_share("40%"), Ok(dec!(0.4)));
        assert!(parse_share("140%").is_err());
        assert_eq!(parse_size_kb("2 MB"), Ok(dec!(2048)));
        assert_eq!(parse_size_kb("0.7"), Ok(dec!(0.7)));
        assert_eq!(parse_size_kb("512 B"), Ok(dec!(0.5)));
    }

    #[test]
    fn values_too_large_to_represent_are_errors_naming_the_text() {
        let max = "79228162514264337593543950335";
        assert!(parse_count(&format!("{max}k")).unwrap_err().contains(&format!("`{max}k`")));
        assert!(parse_count(max).is_ok(), "the largest value itself is representable");
        assert!(parse_count(&format!("{max}0")).unwrap_err().contains("expected a number"));
        let huge_gb = "7922816251426433759354395 GB";
        assert!(parse_size_kb(huge_gb).unwrap_err().contains(&format!("`{huge_gb}` is too large")));
        let rate = Rate::parse(&format!("{max}/s")).unwrap();
        assert_eq!(rate.per_month(dec!(730)), Err(crate::checked::Overflow));
    }
}
