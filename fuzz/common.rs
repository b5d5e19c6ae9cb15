//! What several fuzz targets share: the example configurations, loaded once, and one estimate
//! rendered in every format. Included by each target with `#[path = "../common.rs"] mod common;`.
#![allow(dead_code)] // not every target uses every helper

use std::path::Path;
use std::sync::OnceLock;

use costplan::estimate::{self, Configuration, EstimateOptions};
use costplan::model::Report;
use costplan::pricing::Catalog;
use costplan::render::{Format, Options};
use costplan::terraform::{self, Instance, LoadOptions};
use costplan::usage::{self, Profile};

/// The instances of `examples/credlink` and `examples/serverless` (us-east-1): every priced
/// resource type, the ECS/ALB links the traffic model follows, Lambda, DynamoDB and API Gateway.
pub fn instances() -> &'static [Instance] {
    static INSTANCES: OnceLock<Vec<Instance>> = OnceLock::new();
    INSTANCES.get_or_init(|| {
        let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples");
        let mut out = Vec::new();
        for name in ["credlink", "serverless"] {
            let mut opts = LoadOptions::new(examples.join(name));
            opts.region = Some("us-east-1".into());
            let mut loaded = terraform::load(&opts)
                .unwrap_or_else(|e| panic!("fuzz fixture examples/{name} does not load: {e}"));
            loaded.normalize();
            out.extend(loaded.instances);
        }
        out
    })
}

/// The bundled price snapshot, built once.
pub fn bundled() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(Catalog::bundled)
}

/// Derives usage from `profile` for the example instances, estimates with `catalog` and renders
/// the report in every format. Errors are fine; a panic is a finding.
pub fn estimate_and_render(profile: &Profile, catalog: &Catalog, free_tier: bool) {
    let instances = instances();
    let Ok(usage) = usage::derive(profile, instances) else { return };
    let config =
        Configuration { instances, warnings: &[], unset_variables: &[], modules_not_loaded: &[] };
    let opts = EstimateOptions {
        hours_per_month: profile.hours_per_month,
        free_tier,
        ..EstimateOptions::default()
    };
    if let Ok(report) = estimate::estimate(config, &usage, catalog, &opts) {
        render_all(&report);
    }
}

/// Renders `report` in every format and checks that its JSON reads back as the same report.
pub fn render_all(report: &Report) {
    for format in Format::ALL {
        let _ = format.render(report, &Options { show_skipped: true, explain: true });
    }
    let json = report.to_json();
    match Report::from_json(&json) {
        Ok(back) => assert_eq!(&back, report, "a report does not read back as itself"),
        Err(e) => panic!("a report costplan wrote does not read back: {e}"),
    }
}

/// The estimate of the example configurations with the default profile and the bundled prices:
/// the other side of a diff.
pub fn example_report() -> &'static Report {
    static REPORT: OnceLock<Report> = OnceLock::new();
    REPORT.get_or_init(|| {
        let profile = Profile::default_profile().expect("the default profile loads");
        let usage = usage::derive(&profile, instances()).expect("the examples derive usage");
        let config = Configuration {
            instances: instances(),
            warnings: &[],
            unset_variables: &[],
            modules_not_loaded: &[],
        };
        estimate::estimate(config, &usage, bundled(), &EstimateOptions::default())
            .expect("the examples estimate")
    })
}
