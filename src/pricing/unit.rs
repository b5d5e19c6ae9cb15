//! Unit spelling. The Price List spells the same unit several ways (`Hrs`, `hrs`, `hours`;
//! `GB-Mo`, `GB-month`); the cache stores one spelling so a query can check the unit by string
//! equality. The list of normalised units is in `pricing-cache/README.md`.

/// Normalised spelling of a unit; unknown units are returned trimmed, unchanged.
pub fn normalise(unit: &str) -> String {
    let u = unit.trim();
    let lower = u.to_ascii_lowercase();
    let n = match lower.as_str() {
        "hrs" | "hr" | "hours" | "hour" | "hrs." => "Hrs",
        "gb-mo" | "gb-month" | "gb-months" | "gbmonth" => "GB-Mo",
        "gb" | "gigabytes" => "GB",
        "gb-hours" | "gb-hrs" | "gb-hour" => "GB-Hours",
        "gb-seconds" | "gb-second" | "lambda-gb-second" | "gb-s" => "GB-Seconds",
        "requests" | "request" => "Requests",
        "lcu-hrs" | "lcu-hours" | "lcu-hour" | "nlcu-hrs" | "nlcu-hours" => "LCU-Hrs",
        "quantity" => "Quantity",
        "iops-mo" | "iops-month" => "IOPS-Mo",
        "acu-hr" | "acu-hrs" | "acu-hours" | "acu-hour" => "ACU-Hr",
        "ios" | "io" => "IOs",
        "metrics" | "metric" => "Metrics",
        "alarms" | "alarm" => "Alarms",
        "dashboards" | "dashboard" => "Dashboards",
        "objects" | "object" => "Objects",
        "keys" | "key" => "Keys",
        "secrets" | "secret" => "Secrets",
        "webacls" | "webacl" => "WebACLs",
        "rules" | "rule" => "Rules",
        _ => return u.to_string(),
    };
    n.to_string()
}

#[cfg(test)]
mod tests {
    use super::normalise;

    #[test]
    fn spellings_collapse() {
        for u in ["Hrs", "hrs", "hours", "Hours"] {
            assert_eq!(normalise(u), "Hrs");
        }
        assert_eq!(normalise("GB-month"), "GB-Mo");
        assert_eq!(normalise("LCU-Hrs"), "LCU-Hrs");
        assert_eq!(normalise("Furlongs"), "Furlongs");
    }
}
