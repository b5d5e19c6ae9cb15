//! Inline SVG bar charts for the HTML page: one horizontal bar per item, largest first, sized
//! relative to the largest, labelled with the name and the amount in cents. Pure text, no
//! script, no external font, so the page stays self-contained and prints as vectors.

use std::fmt::Write as _;

use rust_decimal::{Decimal, RoundingStrategy};

use super::html::escape;
use super::tabular::money;

/// Widths in SVG user units.
const WIDTH: u32 = 500;
const LABEL: u32 = 230;
const VALUE: u32 = 80;
const BAR_HEIGHT: u32 = 18;
const GAP: u32 = 6;
/// Longest label shown in full; longer ones are shortened in the middle (full text in the
/// bar's tooltip).
const MAX_LABEL_CHARS: usize = 36;

/// A horizontal bar chart of `items` (already sorted, largest first). At most `max_bars` bars;
/// the rest are summed into one "N others" bar so that a 20,000-resource report stays readable.
pub fn bar_chart(title: &str, items: &[(String, Decimal)], max_bars: usize) -> String {
    let mut bars: Vec<(String, Decimal)> = items.iter().take(max_bars).cloned().collect();
    if items.len() > max_bars {
        let rest: Decimal = items[max_bars..].iter().map(|(_, c)| *c).sum();
        bars.push((format!("{} others", items.len() - max_bars), rest));
    }
    let n = u32::try_from(bars.len()).unwrap_or(u32::MAX);
    let height = 28 + n * (BAR_HEIGHT + GAP);
    let max = bars.iter().map(|(_, c)| *c).max().unwrap_or(Decimal::ZERO);
    let span = WIDTH - LABEL - VALUE - 10;
    let mut out = String::new();
    let _ = write!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" role="img" aria-label="{t}"><title>{t}</title>"#,
        t = escape(title)
    );
    let _ = write!(out, r#"<text x="0" y="16" class="chart-title">{}</text>"#, escape(title));
    if bars.is_empty() {
        let _ = write!(out, r#"<text x="0" y="44" class="chart-label">nothing priced</text>"#);
    }
    for (i, (label, cost)) in bars.iter().enumerate() {
        let row = u32::try_from(i).unwrap_or(u32::MAX);
        let y = 28 + row * (BAR_HEIGHT + GAP);
        let w = bar_width(*cost, max, span);
        let shown = shorten(label);
        let _ = write!(
            out,
            r#"<g><title>{full}: {amount}</title><text x="{lx}" y="{ty}" class="chart-label" text-anchor="end">{shown}</text><rect x="{bx}" y="{y}" width="{w}" height="{BAR_HEIGHT}" class="bar"/><text x="{vx}" y="{ty}" class="chart-value">{amount}</text></g>"#,
            full = escape(label),
            amount = money(*cost),
            lx = LABEL - 6,
            ty = y + 13,
            shown = escape(&shown),
            bx = LABEL,
            vx = bar_end(LABEL, &w) + Decimal::from(6),
        );
    }
    out.push_str("</svg>");
    out
}

/// Bar length in user units with one decimal; a non-zero cost always gets a visible sliver.
fn bar_width(cost: Decimal, max: Decimal, span: u32) -> String {
    if max <= Decimal::ZERO || cost <= Decimal::ZERO {
        return "0".into();
    }
    let w = (cost / max * Decimal::from(span))
        .round_dp_with_strategy(1, RoundingStrategy::MidpointAwayFromZero);
    w.max(Decimal::ONE).normalize().to_string()
}

fn bar_end(start: u32, width: &str) -> Decimal {
    Decimal::from(start) + width.parse::<Decimal>().unwrap_or(Decimal::ZERO)
}

fn shorten(label: &str) -> String {
    let chars: Vec<char> = label.chars().collect();
    if chars.len() <= MAX_LABEL_CHARS {
        return label.to_string();
    }
    let keep = (MAX_LABEL_CHARS - 1) / 2;
    let head: String = chars[..keep].iter().collect();
    let tail: String = chars[chars.len() - keep..].iter().collect();
    format!("{head}…{tail}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_are_relative_to_the_largest_and_extra_items_are_grouped() {
        let items = vec![
            ("a".to_string(), Decimal::from(100)),
            ("b".to_string(), Decimal::from(50)),
            ("c".to_string(), Decimal::from(1)),
        ];
        let svg = bar_chart("By service", &items, 2);
        assert!(svg.contains(r#"width="180" height="18""#), "{svg}");
        assert!(svg.contains(r#"width="90" height="18""#), "{svg}");
        assert!(svg.contains("1 others"), "{svg}");
        assert_eq!(shorten(&"x".repeat(50)).chars().count(), 35);
    }
}
