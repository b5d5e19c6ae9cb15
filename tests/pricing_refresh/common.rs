//! Running the binary with a clean AWS environment, and comparing a refreshed cache with the
//! fixtures.

use std::path::Path;
use std::process::{Command, Output};

use costplan::pricing::format::Product;
use costplan::pricing::refresh::normalise::canonicalise;
use costplan::pricing::{Catalog, CatalogOptions, PriceQuery, PurchaseOption, Resolution, Term};

use crate::support::fixture_dir;

/// The fixture files a refresh from the test servers reproduces: (service, region).
pub const API_FILES: &[(&str, &str)] = &[
    ("AWSELB", "us-east-1"),
    ("AmazonCloudWatch", "us-east-1"),
    ("AmazonEC2", "us-east-1"),
    ("AmazonEC2", "eu-west-1"),
    ("AmazonElastiCache", "us-east-1"),
    ("AmazonRDS", "us-east-1"),
];

/// `costplan pricing refresh` with no AWS settings from the developer's environment, static
/// test credentials, no user cache, and a request timeout far above anything the local servers
/// need even on a loaded machine: a test must never depend on how fast the machine is (the
/// servers answer or deliberately hang; a hang is ended by the test, not by a timeout).
pub fn refresh() -> Command {
    refresh_with_timeout("3600")
}

/// [`refresh`] with another `--request-timeout`, for the tests of the timeout itself.
pub fn refresh_with_timeout(seconds: &str) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_costplan"));
    for (k, _) in std::env::vars_os() {
        let k = k.to_string_lossy().into_owned();
        // The HTTP client's proxy and CA variables too: the test servers are on loopback.
        let http = ["HTTPS_PROXY", "ALL_PROXY", "NO_PROXY", "SSL_CERT_FILE"];
        if k.starts_with("AWS_") || k.starts_with("COSTPLAN_") || http.contains(&&*k.to_uppercase())
        {
            cmd.env_remove(&k);
        }
    }
    cmd.env("AWS_CONFIG_FILE", "/nonexistent/costplan-test/config")
        .env("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/costplan-test/credentials")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("AWS_ACCESS_KEY_ID", "AKIDCOSTPLANTEST")
        .env("AWS_SECRET_ACCESS_KEY", "costplan-test-secret")
        .env("COSTPLAN_PRICING_DIR", "/nonexistent/costplan-test/cache")
        .args(["pricing", "refresh", "--request-timeout", seconds]);
    cmd
}

pub fn run(cmd: &mut Command) -> Output {
    cmd.output().expect("run costplan")
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[track_caller]
pub fn ok(o: &Output) -> serde_json::Value {
    assert!(
        o.status.success(),
        "costplan failed ({}): {}\n{}",
        o.status,
        stderr(o),
        String::from_utf8_lossy(&o.stdout)
    );
    serde_json::from_slice(&o.stdout).expect("--format json summary")
}

fn reserved_term(t: &costplan::pricing::format::PriceTerm) -> Term {
    let years = match t.term_attributes.get("LeaseContractLength").map(String::as_str) {
        Some("3yr") => 3,
        _ => 1,
    };
    let purchase_option = match t.term_attributes.get("PurchaseOption").map(String::as_str) {
        Some("All Upfront") => PurchaseOption::AllUpfront,
        Some("Partial Upfront") => PurchaseOption::PartialUpfront,
        _ => PurchaseOption::NoUpfront,
    };
    Term::Reserved {
        years,
        purchase_option,
        offering_class: t.term_attributes.get("OfferingClass").cloned(),
    }
}

/// One query per product, term and unit of a fixture file: every attribute must match.
fn queries(service: &str, region: &str, products: &[Product]) -> Vec<PriceQuery> {
    let mut out = Vec::new();
    for p in products {
        let terms = p
            .terms
            .on_demand
            .iter()
            .map(|t| (Term::OnDemand, t))
            .chain(p.terms.reserved.iter().map(|t| (reserved_term(t), t)));
        for (term, t) in terms {
            let units: std::collections::BTreeSet<&str> = t
                .price_dimensions
                .iter()
                .filter(|d| d.unit != "Quantity")
                .map(|d| d.unit.as_str())
                .collect();
            for unit in units {
                let mut q = PriceQuery::new(service, region).family(&p.product_family);
                for (k, v) in &p.attributes {
                    q = q.attr(k, v);
                }
                out.push(q.term(term.clone()).unit(unit));
            }
        }
    }
    out
}

/// Blanks what legitimately differs between the fixture and a refresh: when and how it was
/// fetched.
fn comparable(mut r: Resolution) -> Resolution {
    if let Resolution::Found(p) = &mut r {
        p.source.fetch_date = String::new();
        p.source.source = costplan::pricing::SourceKind::PriceListApi;
    }
    r
}

/// The refreshed cache in `dir` holds exactly the fixture products of `files` and answers every
/// lookup on them exactly as the fixtures do.
#[track_caller]
pub fn assert_same_as_fixtures(dir: &Path, files: &[(&str, &str)]) {
    // Both through `--pricing-dir` (over the bundled snapshot), as the commands load them.
    let load = |d: &Path| {
        Catalog::load(&CatalogOptions { pricing_dir: Some(d.to_path_buf()), user_cache: None })
    };
    let want = load(&fixture_dir()).expect("fixtures load");
    let got = load(dir).expect("refreshed cache loads");
    for (service, region) in files {
        let mut a: Vec<Product> = want
            .products(service, region, &[])
            .expect("fixture file")
            .into_iter()
            .cloned()
            .collect();
        let skus: std::collections::BTreeSet<String> = a.iter().map(|p| p.sku.clone()).collect();
        let (b, carried): (Vec<Product>, Vec<Product>) = got
            .products(service, region, &[])
            .expect("refreshed file")
            .into_iter()
            .cloned()
            .partition(|p| skus.contains(&p.sku));
        // Anything else was carried over from the bundled snapshot (families a refresh does not
        // fetch): published list prices, each with its provenance.
        for p in &carried {
            let mut dims =
                p.terms.on_demand.iter().chain(&p.terms.reserved).flat_map(|t| &t.price_dimensions);
            assert!(
                dims.all(|d| d.provenance.is_some()),
                "{service}/{region}: unexpected product {p:?}"
            );
        }
        a.iter_mut().for_each(canonicalise);
        assert_eq!(a, b, "products of {service}/{region}");
        let qs = queries(service, region, &a);
        assert!(!qs.is_empty());
        for q in qs {
            let (x, y) = (comparable(want.resolve(&q)), comparable(got.resolve(&q)));
            assert!(matches!(x, Resolution::Found(_)), "fixture lookup {q:?} gave {x:?}");
            assert_eq!(x, y, "lookup {q:?}");
        }
    }
}
