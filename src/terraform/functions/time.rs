//! Time functions: formatdate timeadd timecmp, and timestamp/plantimestamp (the time of the run:
//! unknown, so that estimates stay deterministic).
//!
//! Timestamps are RFC 3339 (`2024-01-02T15:04:05Z`); results keep the input's offset and drop
//! fractional seconds, as Go's `time.RFC3339` layout does.

use chrono::{DateTime, Datelike, FixedOffset, TimeDelta, Timelike};
use rust_decimal::Decimal;

use super::{Args, Def, FnContext, FnError, Unknowns, strict};
use crate::terraform::value::Value;

pub(super) fn lookup(name: &str) -> Option<Def> {
    Some(match name {
        "formatdate" => strict(2, formatdate),
        "timeadd" => strict(2, timeadd),
        "timecmp" => strict(2, timecmp),
        "timestamp" | "plantimestamp" => {
            Def::new(Unknowns::Own, 0, Some(0), |_, _| Ok(Value::Unknown))
        }
        _ => return None,
    })
}

type R = Result<Value, FnError>;

fn parse(a: &Args<'_>, i: usize, what: &str) -> Result<DateTime<FixedOffset>, FnError> {
    let text = a.string(i, what)?;
    let t = DateTime::parse_from_rfc3339(&text).map_err(|e| {
        a.invalid(format_args!(
            "{what} `{text}` is not an RFC 3339 timestamp (like 2024-01-02T15:04:05Z): {e}"
        ))
    })?;
    // chrono reads a leap second (`23:59:60`); Go's time.Parse, and so Terraform, refuses it.
    if t.nanosecond() >= 1_000_000_000 {
        return Err(a.invalid(format_args!(
            "{what} `{text}` is not an RFC 3339 timestamp: second out of range"
        )));
    }
    Ok(t)
}

fn offset_text(t: &DateTime<FixedOffset>, colon: bool, z: bool) -> String {
    let secs = t.offset().local_minus_utc();
    if z && secs == 0 {
        return "Z".into();
    }
    let sign = if secs < 0 { '-' } else { '+' };
    let (h, m) = (secs.abs() / 3600, secs.abs() % 3600 / 60);
    if colon { format!("{sign}{h:02}:{m:02}") } else { format!("{sign}{h:02}{m:02}") }
}

fn rfc3339(t: &DateTime<FixedOffset>) -> String {
    format!("{}{}", t.format("%Y-%m-%dT%H:%M:%S"), offset_text(t, true, true))
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const DAYS: [&str; 7] =
    ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

fn formatdate(a: &Args<'_>, _: &FnContext) -> R {
    let spec = a.string(0, "format")?;
    let t = parse(a, 1, "timestamp")?;
    let chars: Vec<char> = spec.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\'' {
            // Quoted literal; '' is a literal quote.
            if chars.get(i + 1) == Some(&'\'') {
                out.push('\'');
                i += 2;
                continue;
            }
            let mut j = i + 1;
            let mut closed = false;
            while j < chars.len() {
                if chars[j] == '\'' {
                    if chars.get(j + 1) == Some(&'\'') {
                        out.push('\'');
                        j += 2;
                        continue;
                    }
                    closed = true;
                    break;
                }
                out.push(chars[j]);
                j += 1;
            }
            if !closed {
                return Err(a.invalid("unterminated quoted literal in the format"));
            }
            i = j + 1;
            continue;
        }
        if !c.is_ascii_alphabetic() {
            out.push(c);
            i += 1;
            continue;
        }
        let mut j = i;
        while chars.get(j) == Some(&c) {
            j += 1;
        }
        let token: String = chars[i..j].iter().collect();
        let month = t.month0() as usize;
        let day = t.weekday().num_days_from_monday() as usize;
        let hour12 = match t.hour() % 12 {
            0 => 12,
            h => h,
        };
        let text = match token.as_str() {
            "YYYY" => format!("{:04}", t.year()),
            "YY" => format!("{:02}", t.year().rem_euclid(100)),
            "MMMM" => MONTHS[month].to_string(),
            "MMM" => MONTHS[month][..3].to_string(),
            "MM" => format!("{:02}", t.month()),
            "M" => t.month().to_string(),
            "DD" => format!("{:02}", t.day()),
            "D" => t.day().to_string(),
            "EEEE" => DAYS[day].to_string(),
            "EEE" => DAYS[day][..3].to_string(),
            "hh" => format!("{:02}", t.hour()),
            "h" => t.hour().to_string(),
            "HH" => format!("{hour12:02}"),
            "H" => hour12.to_string(),
            "AA" => if t.hour() < 12 { "AM" } else { "PM" }.to_string(),
            "aa" => if t.hour() < 12 { "am" } else { "pm" }.to_string(),
            "mm" => format!("{:02}", t.minute()),
            "m" => t.minute().to_string(),
            "ss" => format!("{:02}", t.second()),
            "s" => t.second().to_string(),
            "ZZZZZ" => offset_text(&t, true, false),
            "ZZZZ" => offset_text(&t, false, false),
            "ZZZ" if t.offset().local_minus_utc() == 0 => "UTC".to_string(),
            "ZZZ" => offset_text(&t, false, false),
            "Z" => offset_text(&t, true, true),
            other => {
                return Err(a.invalid(format_args!(
                    "invalid date format sequence `{other}` (quote literal letters, like 'T')"
                )));
            }
        };
        out.push_str(&text);
        i = j;
    }
    Ok(Value::String(out))
}

/// Go's `time.ParseDuration`: `1h30m`, `-1.5h`, `300ms`, `0`.
fn parse_duration(a: &Args<'_>, text: &str) -> Result<TimeDelta, FnError> {
    let bad = || {
        a.invalid(format_args!(
            "invalid duration `{text}` (use units h, m, s, ms, us, ns, like 1h30m)"
        ))
    };
    let (neg, mut rest) = match text.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    if rest == "0" {
        return Ok(TimeDelta::zero());
    }
    if rest.is_empty() {
        return Err(bad());
    }
    let mut nanos = Decimal::ZERO;
    while !rest.is_empty() {
        let num_len = rest.find(|c: char| !(c.is_ascii_digit() || c == '.')).ok_or_else(bad)?;
        if num_len == 0 {
            return Err(bad());
        }
        let num: Decimal = rest[..num_len].parse().map_err(|_| bad())?;
        rest = &rest[num_len..];
        let unit_len = rest.find(|c: char| c.is_ascii_digit() || c == '.').unwrap_or(rest.len());
        let scale: i64 = match &rest[..unit_len] {
            "ns" => 1,
            "us" | "µs" | "μs" => 1_000,
            "ms" => 1_000_000,
            "s" => 1_000_000_000,
            "m" => 60_000_000_000,
            "h" => 3_600_000_000_000,
            _ => return Err(bad()),
        };
        rest = &rest[unit_len..];
        nanos = num
            .checked_mul(Decimal::from(scale))
            .and_then(|v| nanos.checked_add(v))
            .ok_or_else(bad)?;
    }
    let nanos = i64::try_from(nanos.trunc()).map_err(|_| bad())?;
    Ok(TimeDelta::nanoseconds(if neg { -nanos } else { nanos }))
}

fn timeadd(a: &Args<'_>, _: &FnContext) -> R {
    let t = parse(a, 0, "timestamp")?;
    let d = parse_duration(a, &a.string(1, "duration")?)?;
    let r = t.checked_add_signed(d).ok_or_else(|| a.invalid("the result is out of range"))?;
    Ok(Value::String(rfc3339(&r)))
}

fn timecmp(a: &Args<'_>, _: &FnContext) -> R {
    let x = parse(a, 0, "timestamp_a")?;
    let y = parse(a, 1, "timestamp_b")?;
    Ok(Value::Number(Decimal::from(x.cmp(&y) as i8)))
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;

    #[test]
    fn time_functions() {
        let ts = s("2018-01-02T23:12:01Z");
        check(vec![
            (
                "formatdate",
                vec![s("DD MMM YYYY hh:mm ZZZ"), ts.clone()],
                Ok(s("02 Jan 2018 23:12 UTC")),
            ),
            (
                "formatdate",
                vec![s("EEEE, DD-MMM-YY hh:mm:ss ZZZ"), ts.clone()],
                Ok(s("Tuesday, 02-Jan-18 23:12:01 UTC")),
            ),
            (
                "formatdate",
                vec![s("EEE, DD MMM YYYY hh:mm:ss ZZZ"), s("2018-01-02T23:12:01-08:00")],
                Ok(s("Tue, 02 Jan 2018 23:12:01 -0800")),
            ),
            ("formatdate", vec![s("MMM D, YYYY"), ts.clone()], Ok(s("Jan 2, 2018"))),
            ("formatdate", vec![s("H:mmaa"), ts.clone()], Ok(s("11:12pm"))),
            (
                "formatdate",
                vec![s("YYYY-MM-DD'T'hh:mm:ssZ"), ts.clone()],
                Ok(s("2018-01-02T23:12:01Z")),
            ),
            (
                "formatdate",
                vec![s("ZZZZZ ZZZZ 'it''s'"), s("2018-01-02T23:12:01+05:30")],
                Ok(s("+05:30 +0530 it's")),
            ),
            ("formatdate", vec![s("''"), ts.clone()], Ok(s("'"))),
            ("formatdate", vec![s("YYY"), ts.clone()], Err("invalid date format sequence `YYY`")),
            ("formatdate", vec![s("'abc"), ts.clone()], Err("unterminated")),
            ("formatdate", vec![s("YYYY"), s("2018-01-02")], Err("is not an RFC 3339 timestamp")),
            ("formatdate", vec![s("YYYY"), u()], Ok(u())),
            ("timeadd", vec![s("2017-11-22T00:00:00Z"), s("10m")], Ok(s("2017-11-22T00:10:00Z"))),
            (
                "timeadd",
                vec![s("2017-11-22T00:00:00Z"), s("-1h30m")],
                Ok(s("2017-11-21T22:30:00Z")),
            ),
            (
                "timeadd",
                vec![s("2017-11-22T00:00:00+01:00"), s("1.5h")],
                Ok(s("2017-11-22T01:30:00+01:00")),
            ),
            ("timeadd", vec![s("2017-11-22T00:00:00Z"), s("8760h")], Ok(s("2018-11-22T00:00:00Z"))),
            ("timeadd", vec![s("2017-11-22T00:00:00Z"), s("0")], Ok(s("2017-11-22T00:00:00Z"))),
            ("timeadd", vec![s("2017-11-22T00:00:00Z"), s("1d")], Err("invalid duration `1d`")),
            ("timeadd", vec![s("2017-11-22T00:00:00Z"), s("h")], Err("invalid duration")),
            ("timecmp", vec![s("2017-11-22T00:00:00Z"), s("2017-11-22T01:00:00+01:00")], Ok(n(0))),
            ("timecmp", vec![s("2017-11-22T00:00:00Z"), s("2017-11-22T00:00:01Z")], Ok(n(-1))),
            ("timestamp", vec![], Ok(u())),
        ]);
    }
}
