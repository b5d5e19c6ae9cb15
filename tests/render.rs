//! Renderer tests: every format rendered from a saved report (`tests/fixtures/render/`), as
//! snapshots, plus the properties every format must keep (no silent $0, determinism, the
//! numbers adding up, a self-contained HTML page).

use costplan::model::{Bucket, Report};
use costplan::render::{Format, Options};
use rust_decimal::Decimal;

fn fixture() -> Report {
    let text = include_str!("fixtures/render/report.json");
    match Report::from_json(text) {
        Ok(r) => r,
        Err(e) => panic!("fixture report does not parse: {e}"),
    }
}

/// Snapshots live beside the fixture they come from.
fn snap(name: &str, text: String) {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("fixtures/render/snapshots");
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| insta::assert_snapshot!(name, text));
}

fn render(format: Format, opts: Options) -> String {
    format.render(&fixture(), &opts)
}

mod snapshots {
    use super::*;

    #[test]
    fn table() {
        snap("table", render(Format::Table, Options::default()));
    }

    #[test]
    fn table_with_skipped_and_formulas() {
        snap(
            "table_with_skipped_and_formulas",
            render(Format::Table, Options { show_skipped: true, explain: true, width: None }),
        );
    }

    #[test]
    fn markdown() {
        snap("markdown", render(Format::Markdown, Options::default()));
    }

    #[test]
    fn markdown_with_skipped_and_formulas() {
        snap(
            "markdown_with_skipped_and_formulas",
            render(Format::Markdown, Options { show_skipped: true, explain: true, width: None }),
        );
    }

    #[test]
    fn html() {
        snap("html", render(Format::Html, Options::default()));
    }

    #[test]
    fn csv() {
        snap("csv", render(Format::Csv, Options::default()));
    }
}

mod properties {
    use super::*;

    /// The fixture is internally consistent, so that the snapshots show a plausible report.
    #[test]
    fn fixture_totals_add_up() {
        let r = fixture();
        let sum: Decimal = r.resources().map(|res| res.monthly_cost).sum();
        assert_eq!(sum, r.totals.monthly);
        let by_service: Decimal = r.totals.by_service.values().copied().sum();
        assert_eq!(by_service, r.totals.monthly);
        let s = &r.summary;
        assert_eq!(s.estimated + s.free + s.not_supported, s.resources);
        assert_eq!(r.resources().count(), s.resources);
    }

    #[test]
    fn json_is_the_model_and_reads_back() {
        let r = fixture();
        let text = render(Format::Json, Options::default());
        assert!(text.contains(r#""schema_version": 1"#));
        assert_eq!(Report::from_json(&text).ok(), Some(r));
    }

    #[test]
    fn unknown_costs_are_visible_in_every_human_format() {
        for format in [Format::Table, Format::Markdown, Format::Html] {
            let text = render(format, Options::default());
            assert!(text.contains("price not found"), "{format}: no `price not found`");
            assert!(
                text.contains("depends on usage: $0.095 per GB-month"),
                "{format}: no `depends on usage`"
            );
            assert!(
                text.contains("at least $111.82 per month"),
                "{format}: total not a lower bound"
            );
            assert!(text.contains("2026-07-01"), "{format}: no price date in the footer");
            for w in &fixture().warnings {
                assert!(text.contains(&w.code), "{format}: warning `{}` missing", w.code);
            }
        }
    }

    #[test]
    fn csv_has_a_row_per_component_and_full_precision() {
        let r = fixture();
        let text = render(Format::Csv, Options::default());
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let headers = reader.headers().cloned().unwrap_or_default();
        let col = |name: &str| headers.iter().position(|h| h == name);
        let (Some(cost), Some(status), Some(bucket)) =
            (col("monthly_cost"), col("price_status"), col("bucket"))
        else {
            panic!("missing columns in {headers:?}");
        };
        let rows: Vec<csv::StringRecord> = reader.records().filter_map(Result::ok).collect();
        let components: usize = r.resources().map(|res| res.all_components().count()).sum();
        let skipped = r.resources().filter(|res| res.bucket != Bucket::Estimated).count();
        assert_eq!(rows.len(), components + skipped);
        let sum: Decimal = rows.iter().filter_map(|row| row[cost].parse::<Decimal>().ok()).sum();
        assert_eq!(sum, r.totals.monthly, "CSV costs must sum to the total at full precision");
        // An empty cost always says why.
        for row in &rows {
            if row[cost].is_empty() && &row[bucket] == "estimated" {
                assert!(
                    ["not_found", "ambiguous", "usage_unknown"].contains(&&row[status]),
                    "{row:?}"
                );
            }
        }
        assert!(text.contains("0.06591796875"));
    }

    #[test]
    fn html_is_self_contained() {
        let text = render(Format::Html, Options::default());
        assert!(text.starts_with("<!DOCTYPE html>"));
        assert!(text.trim_end().ends_with("</html>"));
        for banned in ["<script", "<link", "src=", "@import", "url(", "https://"] {
            assert!(!text.contains(banned), "HTML must not load anything: found `{banned}`");
        }
        // The only URL is the SVG namespace, which is a name, not a fetch.
        assert_eq!(
            text.matches("http://").count(),
            text.matches("http://www.w3.org/2000/svg").count()
        );
        assert_eq!(text.matches("<svg").count(), 2, "one chart by service, one by resource");
        // Resource addresses with quotes are escaped.
        assert!(text.contains("aws_cloudwatch_dashboard.this[&quot;ops&quot;]"));
        assert!(!text.contains(r#"this["ops"]"#));
    }

    #[test]
    fn every_format_is_deterministic() {
        for format in Format::ALL {
            let opts = Options { show_skipped: true, explain: true, width: None };
            assert_eq!(render(format, opts), render(format, opts), "{format}");
        }
    }

    #[test]
    fn skipped_resources_are_counted_or_listed() {
        let hidden = render(Format::Table, Options::default());
        assert!(hidden.contains("2 free and 1 not supported resources are not listed"));
        assert!(!hidden.contains("aws_security_group.app"));
        let shown =
            render(Format::Table, Options { show_skipped: true, explain: false, width: None });
        assert!(shown.contains("aws_security_group.app"));
        assert!(shown.contains("aws_cognito_user_pool.users  not supported"));
    }

    #[test]
    fn formulas_only_with_explain_in_the_table() {
        let formula = "image pulls 150 MB × 10 task starts";
        assert!(!render(Format::Table, Options::default()).contains(formula));
        assert!(
            render(Format::Table, Options { show_skipped: false, explain: true, width: None })
                .contains(formula)
        );
        assert!(render(Format::Html, Options::default()).contains(formula));
    }

    #[test]
    fn an_empty_report_renders_in_every_format() {
        let mut r = fixture();
        r.projects[0].resources.clear();
        r.totals = Default::default();
        r.summary = Default::default();
        r.warnings.clear();
        r.pricing_sources.clear();
        for format in Format::ALL {
            let text = format.render(&r, &Options::default());
            assert!(!text.is_empty(), "{format}");
        }
        let table = Format::Table.render(&r, &Options::default());
        assert!(table.contains("No resource to estimate."));
        assert!(table.contains("Total: $0.00 per month"));
    }
}
