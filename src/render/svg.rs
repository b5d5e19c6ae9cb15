//! Inline SVG bar charts for the HTML page: one horizontal bar per item, largest first, sized
//! relative to the largest, labelled with the name and the amount in cents. Pure text, no
//! script, no external font, so the page stays self-contained and prints as vectors.

use std::fmt::Write as _;

use rust_decimal::{Decimal, RoundingStrategy};

use super::page::escape;
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
        let n = items.len() - max_bars;
        bars.push((format!("{n} other{}", if n == 1 { "" } else { "s" }), rest));
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

/// One series of a grouped chart: its legend name and its CSS class (`bar`, `bar-alt` ...).
#[derive(Debug, Clone, Copy)]
pub struct Series<'a> {
    pub name: &'a str,
    pub class: &'a str,
}

/// A vertical reference line across a chart (a budget), with its label.
#[derive(Debug, Clone, Copy)]
pub struct Marker<'a> {
    pub label: &'a str,
    pub value: Decimal,
}

/// Height of one bar in a grouped row.
const GROUP_BAR: u32 = 12;

/// A horizontal bar chart with one bar per series for each item (`values[i]` belongs to
/// `series[i]`), a legend, and an optional [`Marker`] line; the scale includes the marker, so a
/// budget above every bar still shows. At most `max_bars` items, the rest dropped with a note
/// in the title (unlike [`bar_chart`], series values of "others" would not compare).
pub fn grouped_bar_chart(
    title: &str,
    series: &[Series<'_>],
    items: &[(String, Vec<Decimal>)],
    max_bars: usize,
    marker: Option<Marker<'_>>,
) -> String {
    let shown = &items[..items.len().min(max_bars)];
    let title = if items.len() > max_bars {
        format!("{title} (largest {max_bars} of {})", items.len())
    } else {
        title.to_string()
    };
    let per_series = u32::try_from(series.len().max(1)).unwrap_or(1);
    let row_height = per_series * GROUP_BAR + GAP;
    let top = 46;
    let n = u32::try_from(shown.len()).unwrap_or(u32::MAX);
    let height = top + n * row_height + 6;
    let mut max = shown.iter().flat_map(|(_, v)| v.iter().copied()).max().unwrap_or_default();
    if let Some(m) = marker {
        max = max.max(m.value);
    }
    let span = WIDTH - LABEL - VALUE - 10;
    let mut out = String::new();
    let _ = write!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" role="img" aria-label="{t}"><title>{t}</title>"#,
        t = escape(&title)
    );
    let _ = write!(out, r#"<text x="0" y="16" class="chart-title">{}</text>"#, escape(&title));
    let mut lx = 0u32;
    for s in series {
        let _ = write!(
            out,
            r#"<rect x="{lx}" y="24" width="10" height="10" class="{c}"/><text x="{tx}" y="33" class="chart-label">{n}</text>"#,
            c = s.class,
            tx = lx + 14,
            n = escape(s.name)
        );
        lx += 24 + u32::try_from(s.name.chars().count()).unwrap_or(0) * 6;
    }
    if shown.is_empty() {
        let _ = write!(out, r#"<text x="0" y="60" class="chart-label">no spend</text>"#);
    }
    // The line first, so the value labels (haloed in the stylesheet) stay readable over it.
    if let Some(m) = marker {
        let x = bar_end(LABEL, &bar_width(m.value, max, span));
        let _ = write!(
            out,
            r#"<g class="marker"><title>{l}: {a}</title><line x1="{x}" y1="{y1}" x2="{x}" y2="{y2}" class="marker-line"/><text x="{x}" y="{ty}" class="chart-value" text-anchor="middle">{l} {a}</text></g>"#,
            l = escape(m.label),
            a = money(m.value),
            y1 = top - 4,
            y2 = height - 2,
            ty = top - 6,
        );
    }
    for (i, (label, values)) in shown.iter().enumerate() {
        let y0 = top + u32::try_from(i).unwrap_or(u32::MAX) * row_height;
        let _ = write!(
            out,
            r#"<text x="{lx}" y="{ty}" class="chart-label" text-anchor="end"><title>{full}</title>{short}</text>"#,
            lx = LABEL - 6,
            ty = y0 + (per_series * GROUP_BAR) / 2 + 4,
            full = escape(label),
            short = escape(&shorten(label))
        );
        for (j, (value, s)) in values.iter().zip(series).enumerate() {
            let y = y0 + u32::try_from(j).unwrap_or(0) * GROUP_BAR;
            let w = bar_width(*value, max, span);
            let _ = write!(
                out,
                r#"<g><title>{full} ({name}): {amount}</title><rect x="{LABEL}" y="{y}" width="{w}" height="{bh}" class="{c}"/><text x="{vx}" y="{ty}" class="chart-value">{amount}</text></g>"#,
                full = escape(label),
                name = escape(s.name),
                amount = money(*value),
                bh = GROUP_BAR - 2,
                c = s.class,
                vx = bar_end(LABEL, &w) + Decimal::from(6),
                ty = y + 9,
            );
        }
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
        assert!(svg.contains(">1 other<"), "{svg}");
        assert_eq!(shorten(&"x".repeat(50)).chars().count(), 35);
    }

    #[test]
    fn grouped_bars_share_one_scale_with_the_marker() {
        let series =
            [Series { name: "Sep", class: "bar-alt" }, Series { name: "Oct", class: "bar" }];
        let items = vec![("a".to_string(), vec![Decimal::from(50), Decimal::from(100)])];
        let marker = Marker { label: "budget", value: Decimal::from(200) };
        let svg = grouped_bar_chart("MoM", &series, &items, 10, Some(marker));
        // span 180: 200 is the scale's top, 100 half of it.
        assert!(svg.contains(r#"width="90" height="10" class="bar""#), "{svg}");
        assert!(svg.contains(r#"width="45" height="10" class="bar-alt""#), "{svg}");
        assert!(svg.contains(r#"<line x1="410" y1="42" x2="410""#), "{svg}");
        assert!(svg.contains("budget $200.00"), "{svg}");
    }
}
