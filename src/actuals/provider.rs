//! Providers in one billing file: FOCUS exports may hold several (the public FOCUS 1.0 sample
//! data has AWS, Google, Microsoft and Oracle rows), each line naming its `ProviderName`.
//!
//! Contract:
//! - [`keep`] is the `--provider` filter: only lines of that provider (compared without case)
//!   stay; a provider with no line is an error listing the providers the data has. CUR,
//!   Athena and Cost Explorer data is AWS's own (their lines read as `AWS`).
//! - [`several`] is the warning when lines of several providers are added into one total and
//!   the output does not split them: it gives the total of each provider (per currency, for
//!   the query's basis, credits and refunds left out unless the query counts them) and says
//!   how to see one.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::line::ActualLine;
use super::query::{GroupKey, Query};
use super::{ActualsError, SourceOutput};

/// The provider a line is from; lines without one (CUR, Cost Explorer) are AWS's.
fn provider_of(line: &ActualLine) -> &str {
    line.provider.as_deref().filter(|p| !p.is_empty()).unwrap_or("AWS")
}

/// Keeps the lines of `provider` only.
pub fn keep(output: &mut SourceOutput, provider: &str) -> Result<(), ActualsError> {
    let before: Vec<String> = {
        let mut seen: Vec<String> =
            output.lines.iter().map(|l| provider_of(l).to_string()).collect();
        seen.sort();
        seen.dedup();
        seen
    };
    output.lines.retain(|l| provider_of(l).eq_ignore_ascii_case(provider));
    if output.lines.is_empty() && !before.is_empty() {
        return Err(ActualsError::Unsupported(format!(
            "no spend of provider `{provider}` in the data: its providers are {}; give one of \
             them to --provider",
            before.join(", ")
        )));
    }
    output.notes.push(format!("provider {provider} only (--provider)"));
    Ok(())
}

/// The warning for lines of several providers added into one total, if the query does not
/// split them by provider.
pub fn several(lines: &[ActualLine], query: &Query) -> Option<String> {
    if query.group_by.contains(&GroupKey::Provider) {
        return None;
    }
    let mut totals: BTreeMap<&str, BTreeMap<&str, Decimal>> = BTreeMap::new();
    for l in lines {
        let counted =
            query.include_credits || !l.line_type.is_some_and(|t| t.is_credit_or_refund());
        let cost = l.costs.get(query.basis).filter(|_| counted).unwrap_or_default();
        *totals.entry(provider_of(l)).or_default().entry(l.currency.as_str()).or_default() += cost;
    }
    if totals.len() < 2 {
        return None;
    }
    let each: Vec<String> = totals
        .iter()
        .map(|(p, by_currency)| {
            let money: Vec<String> =
                by_currency.iter().map(|(c, v)| format!("{v:.2} {c}")).collect();
            format!("{p} {}", money.join(" + "))
        })
        .collect();
    Some(format!(
        "the data holds spend of {} providers ({}); the totals add them up: use --provider NAME \
         for one provider or --group-by provider to split them",
        totals.len(),
        each.join(", ")
    ))
}
