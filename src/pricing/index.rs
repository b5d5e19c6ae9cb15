//! Lookup index over one cache file, and the resolution of a query against it.
//!
//! Built once per file (lazily, on the first query for that service and region): products are
//! bucketed by product family, and inside a bucket indexed by usage-type suffix (region prefix
//! removed) and by every attribute value (exact and lower-cased). A query starts from the most
//! selective index entry its attribute matches allow and only filters those few products, so no
//! query scans the file. The found path allocates only the returned [`Price`]; the diagnostics
//! of "not found" and "ambiguous" are computed only when needed.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use rust_decimal::Decimal;

use super::format::{CacheFile, PriceTerm, Product};
use super::price::{Price, PriceSource, Resolution, Tier};
use super::query::{AttrMatch, MatchOp, PriceQuery, Term};
use super::region;
use super::unit;

const UPFRONT_UNIT: &str = "Quantity";
const MAX_CLOSEST: usize = 8;

#[derive(Debug, Default)]
struct Bucket {
    products: Vec<u32>,
    by_usage: HashMap<String, Vec<u32>>,
    by_attr: HashMap<String, HashMap<String, Vec<u32>>>,
    by_attr_ci: HashMap<String, HashMap<String, Vec<u32>>>,
}

impl Bucket {
    fn add(&mut self, i: u32, suffix: &str, p: &Product) {
        self.products.push(i);
        if !suffix.is_empty() {
            self.by_usage.entry(suffix.to_string()).or_default().push(i);
        }
        for (k, v) in &p.attributes {
            self.by_attr.entry(k.clone()).or_default().entry(v.clone()).or_default().push(i);
            self.by_attr_ci
                .entry(k.clone())
                .or_default()
                .entry(v.to_ascii_lowercase())
                .or_default()
                .push(i);
        }
    }
}

/// A parsed cache file with its lookup index.
#[derive(Debug)]
pub struct FileIndex {
    /// Path relative to the cache root: `aws/AmazonRDS/us-east-1.json`.
    pub file: String,
    pub data: CacheFile,
    /// `usagetype` without region prefix, per product (empty when the product has none).
    suffixes: Vec<String>,
    /// The region's usage-type prefix, looked up once.
    prefix: Option<&'static str>,
    /// Per product, per term (OnDemand then Reserved): the price with all tiers, assembled once
    /// so that a lookup only clones it; `None` for terms with several rate units.
    prebuilt: Vec<Vec<Option<Price>>>,
    families: HashMap<String, Bucket>,
    all: Bucket,
}

impl FileIndex {
    pub fn new(file: String, data: CacheFile) -> Self {
        let mut families: HashMap<String, Bucket> = HashMap::new();
        let mut all = Bucket::default();
        let mut suffixes = Vec::with_capacity(data.products.len());
        let prefix = region::prefix(&data.region);
        for (i, p) in data.products.iter().enumerate() {
            let i = u32::try_from(i).unwrap_or(u32::MAX);
            let suffix = p
                .attributes
                .get("usagetype")
                .map(|u| region::strip_prefix_with(prefix, &data.region, u).to_string())
                .unwrap_or_default();
            families.entry(p.product_family.clone()).or_default().add(i, &suffix, p);
            all.add(i, &suffix, p);
            suffixes.push(suffix);
        }
        let mut idx = Self { file, data, suffixes, prefix, prebuilt: Vec::new(), families, all };
        let no_query = PriceQuery::new("", "");
        idx.prebuilt = (0..idx.data.products.len())
            .map(|i| {
                let p = &idx.data.products[i];
                p.terms
                    .on_demand
                    .iter()
                    .chain(&p.terms.reserved)
                    .map(|t| match idx.build_price(i as u32, t, &no_query) {
                        Resolution::Found(price) => Some(price),
                        _ => None,
                    })
                    .collect()
            })
            .collect();
        idx
    }

    fn strip<'a>(&self, usage_type: &'a str) -> &'a str {
        region::strip_prefix_with(self.prefix, &self.data.region, usage_type)
    }

    fn product(&self, i: u32) -> &Product {
        &self.data.products[i as usize]
    }

    /// The products of the file whose attributes match every `k=v` filter (exact, or ignoring
    /// case when no exact value exists), sorted by sku.
    pub fn filter(&self, filters: &[(String, String)]) -> Vec<&Product> {
        let mut out: Vec<&Product> = self
            .data
            .products
            .iter()
            .filter(|p| {
                filters.iter().all(|(k, v)| {
                    if k == "productFamily" {
                        return p.product_family.eq_ignore_ascii_case(v);
                    }
                    p.attributes.get(k).is_some_and(|a| a.eq_ignore_ascii_case(v))
                })
            })
            .collect();
        out.sort_by(|a, b| a.sku.cmp(&b.sku));
        out
    }

    fn attr_matches(&self, i: u32, m: &AttrMatch) -> bool {
        let p = self.product(i);
        match m.op {
            MatchOp::UsageTypeSuffix if m.key == "usagetype" => {
                self.suffixes[i as usize] == self.strip(&m.value)
            }
            MatchOp::UsageTypeSuffix => {
                p.attributes.get(&m.key).is_some_and(|v| self.strip(v) == self.strip(&m.value))
            }
            MatchOp::Exact => p.attributes.get(&m.key).is_some_and(|v| *v == m.value),
            MatchOp::CaseInsensitive => {
                p.attributes.get(&m.key).is_some_and(|v| v.eq_ignore_ascii_case(&m.value))
            }
        }
    }

    /// The smallest index entry the query's matches allow.
    fn seed<'a>(&'a self, bucket: &'a Bucket, attrs: &[AttrMatch]) -> &'a [u32] {
        const NONE: &[u32] = &[];
        if let Some(m) =
            attrs.iter().find(|m| m.op == MatchOp::UsageTypeSuffix && m.key == "usagetype")
        {
            let suffix = self.strip(&m.value);
            return bucket.by_usage.get(suffix).map_or(NONE, Vec::as_slice);
        }
        if let Some(m) = attrs.iter().find(|m| m.op == MatchOp::Exact) {
            return bucket
                .by_attr
                .get(&m.key)
                .and_then(|vals| vals.get(&m.value))
                .map_or(NONE, Vec::as_slice);
        }
        if let Some(m) = attrs.iter().find(|m| m.op == MatchOp::CaseInsensitive) {
            return bucket
                .by_attr_ci
                .get(&m.key)
                .and_then(|vals| vals.get(&m.value.to_ascii_lowercase()))
                .map_or(NONE, Vec::as_slice);
        }
        &bucket.products
    }

    fn bucket(&self, family: Option<&str>) -> Option<&Bucket> {
        match family {
            Some(f) => self.families.get(f),
            None => Some(&self.all),
        }
    }

    /// Resolves a query against this file. See [`super::Catalog::resolve`].
    pub fn resolve(&self, q: &PriceQuery) -> Resolution {
        let Some(bucket) = self.bucket(q.product_family.as_deref()) else {
            return self.family_not_found(q);
        };
        let mut found: Option<(u32, usize, &PriceTerm)> = None;
        let mut several = false;
        for &i in self.seed(bucket, &q.attributes) {
            if !q.attributes.iter().all(|m| self.attr_matches(i, m)) {
                continue;
            }
            for (ti, t) in terms_for(self.product(i), &q.term) {
                if found.is_some() {
                    several = true;
                    break;
                }
                found = Some((i, ti, t));
            }
            if several {
                break;
            }
        }
        match (found, several) {
            (Some((i, ti, t)), false) => match &self.prebuilt[i as usize][ti] {
                // The common case: the price was assembled when the file was indexed.
                Some(price)
                    if q.tier_start.is_none()
                        && q.unit.as_deref().is_none_or(|u| u == price.unit) =>
                {
                    Resolution::Found(price.clone())
                }
                _ => self.build_price(i, t, q),
            },
            (_, true) => self.ambiguous(bucket, q),
            (None, _) => self.diagnose_not_found(bucket, q),
        }
    }

    fn build_price(&self, i: u32, term: &PriceTerm, q: &PriceQuery) -> Resolution {
        let p = self.product(i);
        // Common case without allocation: one rate unit, and the query's (if any) is it.
        let mut rate_units =
            term.price_dimensions.iter().filter(|d| d.unit != UPFRONT_UNIT).map(|d| &d.unit);
        let first = rate_units.next();
        let single = first.is_some() && rate_units.all(|u| Some(u) == first);
        let unit: String = match first {
            Some(u) if single && q.unit.as_deref().is_none_or(|w| w == u) => u.clone(),
            _ => match self.choose_unit(p, term, q) {
                Ok(u) => u,
                Err(r) => return *r,
            },
        };
        let mut tiers: Vec<Tier> = term
            .price_dimensions
            .iter()
            .filter(|d| d.unit == unit)
            .map(|d| Tier { begin: d.begin_range, end: d.end_range, usd: d.usd })
            .collect();
        tiers.sort_by_key(|t| t.begin);
        if let Some(start) = q.tier_start {
            let begins: Vec<String> = tiers.iter().map(|t| t.begin.to_string()).collect();
            tiers.retain(|t| t.begin == start);
            if tiers.is_empty() {
                return Resolution::NotFound {
                    hint: format!(
                        "{} has no tier starting at `{start}`; tiers start at {}",
                        describe_product(p),
                        begins.join(", ")
                    ),
                    closest: begins,
                };
            }
        }
        let upfront: Option<Decimal> = term
            .price_dimensions
            .iter()
            .filter(|d| d.unit == UPFRONT_UNIT)
            .map(|d| d.usd)
            .reduce(|a, b| a + b);
        let verified = term
            .price_dimensions
            .iter()
            .all(|d| d.provenance.as_ref().is_none_or(|pv| pv.verified));
        Resolution::Found(Price {
            sku: p.sku.clone(),
            product_family: p.product_family.clone(),
            usage_type: p.attributes.get("usagetype").cloned(),
            unit,
            tiers,
            upfront_usd: upfront,
            hourly_includes_upfront: term.hourly_includes_upfront,
            note: p.note.clone(),
            source: PriceSource {
                file: self.file.clone(),
                source: self.data.source,
                as_of: self.as_of(term),
                fetch_date: self.data.fetch_date.clone(),
                verified,
            },
        })
    }

    /// The rate unit when the term has several, or the query names one: the query's unit
    /// (normalised) if the term has it; otherwise "not found" / "ambiguous" with the units.
    fn choose_unit(
        &self,
        p: &Product,
        term: &PriceTerm,
        q: &PriceQuery,
    ) -> Result<String, Box<Resolution>> {
        let units: BTreeSet<&str> = term
            .price_dimensions
            .iter()
            .filter(|d| d.unit != UPFRONT_UNIT)
            .map(|d| d.unit.as_str())
            .collect();
        match (&q.unit, units.len()) {
            (_, 0) => Err(Box::new(Resolution::NotFound {
                hint: format!(
                    "{} in `{}` has a {} term with no recurring rate",
                    describe_product(p),
                    self.file,
                    term.label()
                ),
                closest: Vec::new(),
            })),
            (Some(want), _) => {
                let normalised = unit::normalise(want);
                if units.contains(normalised.as_str()) {
                    return Ok(normalised);
                }
                Err(Box::new(Resolution::NotFound {
                    hint: format!(
                        "{} in `{}` is priced per `{}`, not per `{normalised}` (query unit `{want}`)",
                        describe_product(p),
                        self.file,
                        join(units.iter()),
                    ),
                    closest: units.iter().map(ToString::to_string).collect(),
                }))
            }
            (None, 1) => Ok(units.iter().next().map(ToString::to_string).unwrap_or_default()),
            (None, _) => Err(Box::new(Resolution::Ambiguous {
                candidates: units
                    .iter()
                    .map(|u| format!("{} priced per `{u}` (add a unit to the query)", p.sku))
                    .collect(),
            })),
        }
    }

    fn as_of(&self, term: &PriceTerm) -> String {
        let mut dates = term
            .price_dimensions
            .iter()
            .filter_map(|d| d.provenance.as_ref().map(|pv| pv.as_of.as_str()));
        if let Some(first) = dates.next() {
            let rest: BTreeSet<&str> = dates.filter(|d| *d != first).collect();
            if rest.is_empty() {
                return unknown_date(first).to_string();
            }
            let mut all: BTreeSet<&str> = rest.into_iter().map(unknown_date).collect();
            all.insert(unknown_date(first));
            // Known dates in order, then `unknown`.
            let mut v: Vec<&str> = all.iter().copied().filter(|d| *d != "unknown").collect();
            if all.contains("unknown") {
                v.push("unknown");
            }
            return v.join("; ");
        }
        term.effective_date
            .clone()
            .or_else(|| self.data.publication_date.clone())
            .unwrap_or_else(|| self.data.fetch_date.clone())
    }

    fn family_not_found(&self, q: &PriceQuery) -> Resolution {
        let want = q.product_family.as_deref().unwrap_or_default();
        let families: Vec<&str> = self.families.keys().map(String::as_str).collect();
        Resolution::NotFound {
            hint: format!("no product family `{want}` in `{}`", self.file),
            closest: closest(want, families),
        }
    }

    /// Narrows the family's products attribute by attribute to say which match emptied the set.
    fn diagnose_not_found(&self, bucket: &Bucket, q: &PriceQuery) -> Resolution {
        let mut set: Vec<u32> = bucket.products.clone();
        let scope = match &q.product_family {
            Some(f) => format!("`{}` family `{f}`", self.file),
            None => format!("`{}`", self.file),
        };
        let mut matched: Vec<String> = Vec::new();
        for m in &q.attributes {
            let next: Vec<u32> = set.iter().copied().filter(|&i| self.attr_matches(i, m)).collect();
            if next.is_empty() {
                let values: BTreeSet<&str> = set
                    .iter()
                    .filter_map(|&i| {
                        if m.key == "usagetype" && m.op == MatchOp::UsageTypeSuffix {
                            Some(self.suffixes[i as usize].as_str()).filter(|s| !s.is_empty())
                        } else {
                            self.product(i).attributes.get(&m.key).map(String::as_str)
                        }
                    })
                    .collect();
                let within = if matched.is_empty() {
                    String::new()
                } else {
                    format!(" among products with {}", matched.join(", "))
                };
                let hint = if values.is_empty() {
                    format!("no product in {scope} has attribute `{}`{within}", m.key)
                } else {
                    format!("no product in {scope} with {}{within}", describe_match(m))
                };
                return Resolution::NotFound { hint, closest: closest(&m.value, values) };
            }
            matched.push(describe_match(m));
            set = next;
        }
        let labels: BTreeSet<String> = set
            .iter()
            .flat_map(|&i| {
                let p = self.product(i);
                p.terms.on_demand.iter().chain(&p.terms.reserved).map(PriceTerm::label)
            })
            .collect();
        let want = term_label(&q.term);
        let what = if matched.is_empty() {
            String::new()
        } else {
            format!(" with {}", matched.join(", "))
        };
        Resolution::NotFound {
            hint: format!("the products in {scope}{what} have no `{want}` term"),
            closest: closest(&want, labels.iter().map(String::as_str)),
        }
    }

    fn ambiguous(&self, bucket: &Bucket, q: &PriceQuery) -> Resolution {
        let mut hits: Vec<(u32, &PriceTerm)> = Vec::new();
        for &i in self.seed(bucket, &q.attributes) {
            if q.attributes.iter().all(|m| self.attr_matches(i, m)) {
                for (_, t) in terms_for(self.product(i), &q.term) {
                    hits.push((i, t));
                }
            }
        }
        // The attributes whose values differ between the hits tell the candidates apart.
        let mut keys: BTreeSet<&str> = BTreeSet::new();
        let mut all_keys: BTreeSet<&str> = BTreeSet::new();
        for (i, _) in &hits {
            all_keys.extend(self.product(*i).attributes.keys().map(String::as_str));
        }
        for k in all_keys {
            let vals: BTreeSet<Option<&String>> =
                hits.iter().map(|(i, _)| self.product(*i).attributes.get(k)).collect();
            if vals.len() > 1 {
                keys.insert(k);
            }
        }
        let families: BTreeSet<&str> =
            hits.iter().map(|(i, _)| self.product(*i).product_family.as_str()).collect();
        let mut candidates: Vec<String> = hits
            .iter()
            .map(|(i, t)| {
                let p = self.product(*i);
                let mut parts: Vec<String> = Vec::new();
                if families.len() > 1 {
                    parts.push(format!("productFamily={}", p.product_family));
                }
                for k in &keys {
                    parts.push(format!(
                        "{k}={}",
                        p.attributes.get(*k).map_or("(none)", String::as_str)
                    ));
                }
                if hits.iter().filter(|(j, _)| j == i).count() > 1 {
                    parts.push(format!("term={}", t.label()));
                }
                format!("{} ({})", p.sku, parts.join(", "))
            })
            .collect();
        candidates.sort();
        candidates.dedup();
        Resolution::Ambiguous { candidates }
    }
}

/// The terms of `p` that satisfy the query's term.
/// Yields (index over OnDemand then Reserved terms, term).
fn terms_for<'a>(
    p: &'a Product,
    term: &'a Term,
) -> impl Iterator<Item = (usize, &'a PriceTerm)> + 'a {
    let (list, offset, reserved) = match term {
        Term::OnDemand => (&p.terms.on_demand, 0, None),
        Term::Reserved { years, purchase_option, offering_class } => (
            &p.terms.reserved,
            p.terms.on_demand.len(),
            Some((*years, *purchase_option, offering_class.as_deref())),
        ),
    };
    list.iter().enumerate().map(move |(j, t)| (offset + j, t)).filter(
        move |(_, t)| match reserved {
            None => true,
            Some((years, po, oc)) => {
                let lease_ok = t
                    .term_attributes
                    .get("LeaseContractLength")
                    .and_then(|l| l.trim().strip_suffix("yr"))
                    .and_then(|n| n.trim().parse::<u8>().ok())
                    == Some(years);
                let po_ok = t
                    .term_attributes
                    .get("PurchaseOption")
                    .is_some_and(|v| v.eq_ignore_ascii_case(po.label()));
                let oc_ok = oc.is_none_or(|want| {
                    t.term_attributes
                        .get("OfferingClass")
                        .is_some_and(|v| v.eq_ignore_ascii_case(want))
                });
                lease_ok && po_ok && oc_ok
            }
        },
    )
}

fn term_label(t: &Term) -> String {
    match t {
        Term::OnDemand => "OnDemand".to_string(),
        Term::Reserved { years, purchase_option, offering_class } => {
            let mut s = format!("Reserved {years}yr {}", purchase_option.label());
            if let Some(oc) = offering_class {
                s.push(' ');
                s.push_str(oc);
            }
            s
        }
    }
}

fn unknown_date(d: &str) -> &str {
    if d.trim().is_empty() || d.trim() == "-" { "unknown" } else { d }
}

fn describe_match(m: &AttrMatch) -> String {
    match m.op {
        MatchOp::Exact => format!("{} = `{}`", m.key, m.value),
        MatchOp::CaseInsensitive => format!("{} = `{}` (any case)", m.key, m.value),
        MatchOp::UsageTypeSuffix => format!("{} ending in `{}`", m.key, m.value),
    }
}

fn describe_product(p: &Product) -> String {
    match p.attributes.get("usagetype") {
        Some(u) => format!("`{}` ({u})", p.sku),
        None => format!("`{}`", p.sku),
    }
}

fn join<'a>(it: impl Iterator<Item = &'a &'a str>) -> String {
    it.copied().collect::<Vec<_>>().join("`, `")
}

/// Values ranked by edit distance to `want` (ties by name), at most [`MAX_CLOSEST`].
fn closest<'a>(want: &str, values: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let want_l = want.to_ascii_lowercase();
    let mut scored: BTreeMap<(usize, String), ()> = BTreeMap::new();
    for v in values {
        let d = strsim::levenshtein(&want_l, &v.to_ascii_lowercase());
        scored.insert((d, v.to_string()), ());
    }
    scored.into_keys().take(MAX_CLOSEST).map(|(_, v)| v).collect()
}
