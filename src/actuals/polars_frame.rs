//! The polars pipeline shared by the CUR and FOCUS sources: find the files, check each one is
//! Parquet or CSV and complete, map its columns to canonical ones (per file, so months with
//! different tag columns mix) and filter the date range, lazily on the streaming engine; the
//! batches are folded into groups by `polars_group`, so memory stays bounded by the number of
//! groups, not rows.
//!
//! Money: every cost value becomes a `Decimal(38, 12)` *before* summing; the sums are exact
//! 128-bit integers at that scale, turned into `rust_decimal::Decimal` at the end. Summing f64
//! would not be exact, and batches arrive in a varying order, so f64 totals could differ in the
//! last digits between two runs of the same input; integer sums are exact and order-independent.
//! CUR Parquet stores costs as doubles: rounding them to 12 decimal places (in the fold, as
//! polars' cast would) recovers the decimal AWS printed (CUR amounts have at most 10 places and
//! far fewer than 15 significant digits). Other columns are cast to the decimal here. CSV
//! amounts are parsed from their text.
//!
//! No row is dropped or miscounted silently, in CSV and Parquet alike: every row in the period
//! (and every row whose date is no calendar day) passes `row_checks` (a date that is a real
//! day, a currency, an invoice cost, summed values that are finite numbers) or the run fails
//! with the file, line or row and column of the first that does not; a column the mapping
//! reads that the header names twice is an error too.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use polars::prelude::*;
use rust_decimal::Decimal;

use super::line::{ActualLine, Costs, LineType};
use super::polars_group::Key;
use super::query::{Basis, Granularity, GroupKey, Query, normalise_tag_key};
use super::{ActualsError, SourceOutput};

const DEC: DataType = DataType::Decimal(38, super::polars_group::DOUBLE_SCALE as usize);

/// How the amortised cost is obtained.
pub(crate) enum Amortized {
    /// A column holds it (FOCUS `EffectiveCost`).
    Column(String),
    /// The CUR rule over these columns (missing ones are `None`).
    CurRule {
        sp_effective: Option<String>,
        ri_effective: Option<String>,
        ri_unused_upfront: Option<String>,
        ri_unused_recurring: Option<String>,
        sp_total_commitment: Option<String>,
        sp_used_commitment: Option<String>,
    },
}

impl Amortized {
    /// The columns the amortized cost is computed from, present ones only.
    fn columns(&self) -> Vec<&String> {
        match self {
            Amortized::Column(c) => vec![c],
            Amortized::CurRule {
                sp_effective,
                ri_effective,
                ri_unused_upfront,
                ri_unused_recurring,
                sp_total_commitment,
                sp_used_commitment,
            } => [
                sp_effective,
                ri_effective,
                ri_unused_upfront,
                ri_unused_recurring,
                sp_total_commitment,
                sp_used_commitment,
            ]
            .into_iter()
            .flatten()
            .collect(),
        }
    }
}

/// Where tags are.
pub(crate) enum Tags {
    /// One map/JSON column (`resource_tags`, FOCUS `Tags`).
    Single(String),
    /// One column per tag (legacy CUR `resourceTags/user:Team`): normalised key → column.
    PerColumn(BTreeMap<String, String>),
}

/// Column mapping of one file to the canonical line.
pub(crate) struct Mapping {
    pub kind: &'static str,
    pub start: String,
    pub currency: Option<String>,
    pub line_type: String,
    /// `line_type` holds FOCUS `ChargeCategory` values rather than CUR line item types.
    pub focus_categories: bool,
    pub service: Option<String>,
    /// FOCUS `ProviderName` (or `PublisherName`); `None` reads as `AWS` for CUR, null for FOCUS.
    pub provider: Option<String>,
    pub usage_type: Option<String>,
    /// Columns read, in order, where a key column is null on a row: (key name, column). FOCUS
    /// rows of providers without AWS's `x_` columns take `ServiceName` for `service` and
    /// `ChargeDescription`, then `SkuId`, for `usage_type`.
    pub fallbacks: Vec<(&'static str, String)>,
    pub operation: Option<String>,
    pub resource: Option<String>,
    pub account: Option<String>,
    pub region: Option<String>,
    pub unit: Option<String>,
    pub usage: Option<String>,
    pub invoice: String,
    pub list: Option<String>,
    pub amortized: Amortized,
    pub tags: Tags,
}

impl Mapping {
    /// Every column the mapping reads.
    fn columns(&self) -> Vec<&str> {
        let mut out = vec![self.start.as_str(), self.line_type.as_str(), self.invoice.as_str()];
        let optional = [
            &self.currency,
            &self.service,
            &self.provider,
            &self.usage_type,
            &self.operation,
            &self.resource,
            &self.account,
            &self.region,
            &self.unit,
            &self.usage,
            &self.list,
        ];
        out.extend(optional.into_iter().flatten().map(String::as_str));
        out.extend(self.fallbacks.iter().map(|(_, c)| c.as_str()));
        out.extend(self.amortized.columns().into_iter().map(String::as_str));
        match &self.tags {
            Tags::Single(c) => out.push(c),
            Tags::PerColumn(cols) => out.extend(cols.values().map(String::as_str)),
        }
        out
    }
}

/// File layout detected from the leading bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FileFormat {
    Parquet,
    Csv,
}

/// Lists the input files: a file, a directory (recursively: `.parquet`, `.csv`, `.csv.gz`,
/// `.gz`), or a glob. Sorted so the result never depends on directory order.
pub(crate) fn discover(spec: &str) -> Result<Vec<PathBuf>, ActualsError> {
    let path = Path::new(spec);
    let mut files = Vec::new();
    if path.is_dir() {
        walk(path, &mut files)?;
    } else if path.exists() {
        files.push(path.to_path_buf());
    } else if spec.contains(['*', '?', '[']) {
        let entries = glob::glob(spec).map_err(|e| ActualsError::Io {
            path: spec.to_string(),
            reason: format!("bad glob: {e}"),
        })?;
        for entry in entries.flatten() {
            if entry.is_file() {
                files.push(entry);
            }
        }
    }
    files.sort();
    if files.is_empty() {
        return Err(ActualsError::NoFiles(spec.to_string()));
    }
    Ok(files)
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>) -> Result<(), ActualsError> {
    let rd = std::fs::read_dir(dir)
        .map_err(|e| ActualsError::Io { path: dir.display().to_string(), reason: e.to_string() })?;
    for entry in rd.flatten() {
        let p = entry.path();
        if p.is_dir() {
            walk(&p, files)?;
        } else {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or_default();
            if name.ends_with(".parquet") || name.ends_with(".csv") || name.ends_with(".gz") {
                files.push(p);
            }
        }
    }
    Ok(())
}

fn sniff(path: &Path) -> Result<FileFormat, ActualsError> {
    let io = |e: std::io::Error| ActualsError::Io {
        path: path.display().to_string(),
        reason: e.to_string(),
    };
    let mut f = std::fs::File::open(path).map_err(io)?;
    let len = f.metadata().map_err(io)?.len();
    let mut head = vec![0u8; 4096];
    let n = f.read(&mut head).map_err(io)?;
    head.truncate(n);
    if head.starts_with(b"PAR1") {
        // A complete Parquet file ends with the footer length and `PAR1`; a download cut short
        // does not.
        use std::io::{Seek, SeekFrom};
        let mut tail = [0u8; 4];
        let ok = len >= 12
            && f.seek(SeekFrom::End(-4)).is_ok()
            && f.read_exact(&mut tail).is_ok()
            && &tail == b"PAR1";
        if !ok {
            return Err(ActualsError::Corrupt {
                path: path.display().to_string(),
                reason: "Parquet file has no footer (it is truncated)".into(),
            });
        }
        return Ok(FileFormat::Parquet);
    }
    if head.starts_with(&[0x1f, 0x8b]) {
        return Ok(FileFormat::Csv);
    }
    if n == 0 {
        return Err(ActualsError::Io {
            path: path.display().to_string(),
            reason: "the file is empty".into(),
        });
    }
    // Text with a comma in the first line; a multi-byte character cut at the 4 KiB boundary is
    // fine.
    let text = match std::str::from_utf8(&head) {
        Ok(t) => t,
        Err(e) if e.error_len().is_none() => {
            std::str::from_utf8(&head[..e.valid_up_to()]).unwrap_or("")
        }
        Err(_) => "",
    };
    let first = text.lines().next().unwrap_or("");
    if first.contains(',') && !text.contains('\0') {
        return Ok(FileFormat::Csv);
    }
    Err(ActualsError::NotParquetOrCsv { path: path.display().to_string() })
}

fn polars_err(path: &Path, e: PolarsError) -> ActualsError {
    ActualsError::Corrupt { path: path.display().to_string(), reason: e.to_string() }
}

fn scan(path: &Path, format: FileFormat) -> Result<LazyFrame, ActualsError> {
    let p = PlRefPath::from(path.to_string_lossy().as_ref());
    match format {
        FileFormat::Parquet => {
            LazyFrame::scan_parquet(p, ScanArgsParquet::default()).map_err(|e| polars_err(path, e))
        }
        FileFormat::Csv => LazyCsvReader::new(p)
            .with_has_header(true)
            // Everything as text: amounts are parsed exactly below, and inference could turn
            // an id column into integers.
            .with_infer_schema_length(Some(0))
            .with_null_values(Some(NullValues::AllColumns(vec!["".into(), "NULL".into()])))
            .finish()
            .map_err(|e| polars_err(path, e)),
    }
}

/// The schema of one file: column name → dtype.
pub(crate) type FileSchema = BTreeMap<String, DataType>;

fn null_str() -> Expr {
    lit(NULL).cast(DataType::String)
}

fn str_col(name: &Option<String>) -> Expr {
    name.as_ref().map_or_else(null_str, |n| col(n.as_str()).cast(DataType::String))
}

fn dec_col(name: &str) -> Expr {
    col(name).cast(DEC)
}

fn opt_dec(name: &Option<String>) -> Expr {
    name.as_ref().map_or_else(|| lit(NULL).cast(DEC), |n| dec_col(n))
}

/// A summed column as the fold takes it: a Float64 column as it is (the fold rounds each
/// double to `DOUBLE_SCALE` places exactly as the cast to `DEC` does, without writing a
/// decimal column), anything else cast to `DEC`.
fn sum_col(name: &str, schema: &FileSchema) -> Expr {
    if schema.get(name) == Some(&DataType::Float64) { col(name) } else { dec_col(name) }
}

fn opt_sum(name: &Option<String>, schema: &FileSchema) -> Expr {
    name.as_ref().map_or_else(|| lit(NULL).cast(DEC), |n| sum_col(n, schema))
}

/// `yyyymmdd` as Int32 from the start column, whatever its type.
fn day_key(name: &str, dtype: &DataType) -> Expr {
    let c = col(name);
    match dtype {
        DataType::Datetime(_, _) | DataType::Date => {
            c.clone().dt().year().cast(DataType::Int32) * lit(10000)
                + c.clone().dt().month().cast(DataType::Int32) * lit(100)
                + c.dt().day().cast(DataType::Int32)
        }
        _ => {
            let s = c.cast(DataType::String);
            let part = |off: i64, len: u64| {
                s.clone().str().slice(lit(off), lit(len)).cast(DataType::Int32)
            };
            part(0, 4) * lit(10000) + part(5, 2) * lit(100) + part(8, 2)
        }
    }
}

/// Tag value for `key` from a map column (List of Struct{key, value}).
fn map_tag(column: &str, dtype: &DataType, key: &str) -> Expr {
    let (kname, vname) = match dtype {
        DataType::List(inner) => match inner.as_ref() {
            DataType::Struct(fields) if fields.len() >= 2 => {
                (fields[0].name().to_string(), fields[1].name().to_string())
            }
            _ => ("key".to_string(), "value".to_string()),
        },
        _ => ("key".to_string(), "value".to_string()),
    };
    let k = element().struct_().field_by_name(&kname);
    let matches = k
        .clone()
        .eq(lit(format!("user:{key}")))
        .or(k.clone().eq(lit(format!("user_{key}"))))
        .or(k.eq(lit(key.to_string())));
    col(column)
        .list()
        .eval(element().filter(matches).struct_().field_by_name(&vname))
        .list()
        .first()
        .cast(DataType::String)
}

/// The sums a query needs: its basis, the other bases only when grouping by line type (the
/// commitment analysis of `report` compares list, amortised and invoice costs per line type),
/// and the usage quantity only per usage type. Summing fewer decimal columns is most of the
/// aggregation's cost.
#[derive(Debug, Clone, Copy)]
struct Needed {
    invoice: bool,
    amortized: bool,
    list: bool,
    usage: bool,
}

impl Needed {
    fn of(query: &Query) -> Needed {
        let all = query.group_by.contains(&GroupKey::LineType);
        Needed {
            invoice: all || query.basis == Basis::Invoice,
            amortized: all || query.basis == Basis::Amortized,
            list: all || query.basis == Basis::List,
            usage: all || query.wants_usage(),
        }
    }
}

/// The date filter and the period key of one file. A timestamp column is compared with
/// timestamp literals of its own unit (so Parquet row groups outside the period are skipped
/// from their statistics); a text column through its `yyyymmdd` prefix.
fn period_and_filter(name: &str, dtype: &DataType, query: &Query) -> (Expr, Expr) {
    let c = col(name);
    if let DataType::Datetime(unit, tz) = dtype {
        let at = |d: chrono::NaiveDate| {
            let t = d.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc();
            let v = match unit {
                TimeUnit::Milliseconds => t.timestamp_millis(),
                TimeUnit::Microseconds => t.timestamp_micros(),
                TimeUnit::Nanoseconds => t.timestamp_nanos_opt().unwrap_or(i64::MAX),
            };
            lit(v).cast(DataType::Datetime(*unit, tz.clone()))
        };
        let filter = c
            .clone()
            .is_null()
            .or(c.clone().gt_eq(at(query.range.start)).and(c.clone().lt(at(query.range.end))));
        let ym = || {
            c.clone().dt().year().cast(DataType::Int32) * lit(100)
                + c.clone().dt().month().cast(DataType::Int32)
        };
        let months = months_in(query.range.start, query.range.end);
        let period = match query.granularity {
            // Rows outside the range are filtered out, so the month is found by comparing with
            // the month starts in it: a few integer comparisons per row instead of a calendar
            // conversion (which was a tenth of the aggregation's time).
            Granularity::Monthly if months.len() <= 36 => {
                let key = |d: chrono::NaiveDate| lit(date_key(d) / 100);
                let null = when(c.clone().is_null()).then(lit(NULL).cast(DataType::Int32));
                match months.as_slice() {
                    [] => ym(),
                    [only] => null.otherwise(key(*only)),
                    [first, second, ..] => {
                        let mut chain = null.when(c.clone().lt(at(*second))).then(key(*first));
                        for pair in months[1..].windows(2) {
                            chain = chain.when(c.clone().lt(at(pair[1]))).then(key(pair[0]));
                        }
                        chain.otherwise(key(months[months.len() - 1]))
                    }
                }
            }
            Granularity::Monthly => ym(),
            Granularity::Daily => ym() * lit(100) + c.dt().day().cast(DataType::Int32),
        };
        return (period, filter);
    }
    let day = day_key(name, dtype);
    // Rows without a real day are kept whatever the range, for `row_checks` to reject: an
    // impossible date is neither in the range nor safely out of it.
    let invalid = invalid_day(name, dtype).unwrap_or_else(|| lit(false));
    let filter = day.clone().is_null().or(invalid).or(day
        .clone()
        .gt_eq(lit(date_key(query.range.start)))
        .and(day.clone().lt(lit(date_key(query.range.end)))));
    let period = match query.granularity {
        Granularity::Monthly => day / lit(100),
        Granularity::Daily => day,
    };
    (period, filter)
}

/// Builds the canonical, date-filtered frame of one file.
fn canonical(
    lf: LazyFrame,
    m: &Mapping,
    schema: &FileSchema,
    query: &Query,
    tag_keys: &[String],
) -> LazyFrame {
    let start_dtype = schema.get(&m.start).cloned().unwrap_or(DataType::String);
    let needed = Needed::of(query);

    let invoice = dec_col(&m.invoice);
    let amortized = match &m.amortized {
        Amortized::Column(c) => sum_col(c, schema),
        Amortized::CurRule {
            sp_effective,
            ri_effective,
            ri_unused_upfront,
            ri_unused_recurring,
            sp_total_commitment,
            sp_used_commitment,
        } => {
            let lt = col(m.line_type.as_str()).cast(DataType::String);
            when(lt.clone().eq(lit("SavingsPlanCoveredUsage")))
                .then(opt_dec(sp_effective))
                .when(lt.clone().eq(lit("DiscountedUsage")))
                .then(opt_dec(ri_effective))
                .when(
                    lt.clone()
                        .eq(lit("SavingsPlanNegation"))
                        .or(lt.clone().eq(lit("SavingsPlanUpfrontFee"))),
                )
                .then(lit(0).cast(DEC))
                .when(lt.clone().eq(lit("RIFee")))
                .then(
                    opt_dec(ri_unused_upfront).fill_null(lit(0).cast(DEC))
                        + opt_dec(ri_unused_recurring).fill_null(lit(0).cast(DEC)),
                )
                // The unused commitment; the fee as billed when the columns are absent.
                .when(lt.eq(lit("SavingsPlanRecurringFee")))
                .then(
                    (opt_dec(sp_total_commitment) - opt_dec(sp_used_commitment))
                        .cast(DEC)
                        .fill_null(invoice.clone()),
                )
                .otherwise(invoice.clone())
        }
    };
    let list = opt_sum(&m.list, schema);

    // A row that cannot be counted is an error, counted here and located later.
    let mut bad = lit(0).cast(DataType::UInt32);
    for check in row_checks(m, schema, needed) {
        bad = bad + check.bad.cast(DataType::UInt32);
    }

    let (period, in_range) = period_and_filter(&m.start, &start_dtype, query);
    let mut exprs = vec![
        period.alias("period"),
        m.currency
            .as_ref()
            .map_or_else(|| lit("USD"), |c| col(c.as_str()).cast(DataType::String))
            .alias("currency"),
        col(m.line_type.as_str()).cast(DataType::String).alias("line_type"),
    ];
    let mut pushed: Vec<&str> = Vec::new();
    for key in &query.group_by {
        let (name, src) = match key {
            GroupKey::Service => ("service", &m.service),
            // Always carried, below.
            GroupKey::Provider => continue,
            GroupKey::UsageType | GroupKey::UsageTypeRaw => ("usage_type", &m.usage_type),
            GroupKey::Operation => ("operation", &m.operation),
            GroupKey::Resource => ("resource", &m.resource),
            GroupKey::Account => ("account", &m.account),
            GroupKey::Region => ("region", &m.region),
            GroupKey::LineType | GroupKey::Tag(_) => continue,
        };
        if !pushed.contains(&name) {
            pushed.push(name);
            let mut e = str_col(src);
            for (_, fallback) in m.fallbacks.iter().filter(|(key, _)| *key == name) {
                let f = col(fallback.as_str()).cast(DataType::String);
                e = when(e.clone().is_not_null()).then(e).otherwise(f);
            }
            exprs.push(e.alias(name));
        }
    }
    // The provider always: `--provider` filters on it and several providers are reported.
    let provider = match (&m.provider, m.kind) {
        (Some(c), _) => col(c.as_str()).cast(DataType::String),
        (None, "FOCUS") => null_str(),
        (None, _) => lit("AWS"),
    };
    exprs.push(provider.alias("provider"));
    if query.wants_usage() {
        exprs.push(str_col(&m.unit).alias("unit"));
    }
    if !tag_keys.is_empty() {
        let mut json = null_str();
        for (i, key) in tag_keys.iter().enumerate() {
            let value = match &m.tags {
                Tags::PerColumn(cols) => {
                    cols.get(key).map_or_else(null_str, |c| col(c.as_str()).cast(DataType::String))
                }
                Tags::Single(c) => match schema.get(c) {
                    Some(dt @ DataType::List(_)) => map_tag(c, dt, key),
                    Some(_) => {
                        json = col(c.as_str()).cast(DataType::String);
                        null_str()
                    }
                    None => null_str(),
                },
            };
            exprs.push(value.alias(format!("tag_{i}")));
        }
        exprs.push(json.alias("tags_json"));
    }
    if needed.invoice {
        exprs.push(sum_col(&m.invoice, schema).alias("invoice"));
    }
    if needed.amortized {
        exprs.push(amortized.alias("amortized"));
    }
    if needed.list {
        exprs.push(list.alias("list"));
    }
    if needed.usage {
        exprs.push(opt_sum(&m.usage, schema).alias("usage"));
    }
    exprs.push(bad.alias("bad"));

    lf.filter(in_range).select(exprs)
}

/// What is wrong with a row that [`row_checks`] finds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Problem {
    /// A value that does not parse as a decimal (`abc`, or too large for one).
    NotANumber,
    /// A NaN or an infinity (a Parquet double).
    NotFinite,
    /// Empty where every row needs a value: a row cut short, or a blank cell.
    Missing,
    /// Not a calendar date (`2026-13-45`, `2026-02-30`, `yesterday`).
    NotADate,
}

/// One check of every row: the column it reads, the problem, and an expression that is true on
/// a row that has it.
struct RowCheck {
    column: String,
    problem: Problem,
    bad: Expr,
}

/// The checks every row must pass, the same for CSV and Parquet, so that no row is dropped or
/// miscounted silently: a row that fails one makes the run an error naming the file, the row
/// and the column (`locate_bad`). Checked: the date (present and a real calendar day), the
/// currency (present), the invoice cost (present), and every cost or quantity the query sums
/// (a number, and finite).
fn row_checks(m: &Mapping, schema: &FileSchema, needed: Needed) -> Vec<RowCheck> {
    let check = |column: &str, problem, bad| RowCheck { column: column.to_string(), problem, bad };
    let mut out = Vec::new();
    let start = col(m.start.as_str());
    out.push(check(&m.start, Problem::Missing, start.clone().is_null()));
    let start_dtype = schema.get(&m.start).cloned().unwrap_or(DataType::String);
    if let Some(invalid) = invalid_day(&m.start, &start_dtype) {
        out.push(check(&m.start, Problem::NotADate, start.is_not_null().and(invalid)));
    }
    if let Some(c) = &m.currency {
        let value = col(c.as_str()).cast(DataType::String);
        let empty = value.clone().is_null().or(value.str().strip_chars(lit(NULL)).eq(lit("")));
        out.push(check(c, Problem::Missing, empty));
    }
    out.push(check(&m.invoice, Problem::Missing, col(m.invoice.as_str()).is_null()));
    let mut summed = vec![m.invoice.clone()];
    summed.extend(m.list.clone().filter(|_| needed.list));
    if needed.amortized {
        summed.extend(m.amortized.columns().into_iter().cloned());
    }
    summed.extend(m.usage.clone().filter(|_| needed.usage));
    for name in summed {
        let raw = col(name.as_str());
        match schema.get(&name) {
            // A double is cheaper to test than to cast; the fold rejects one too large.
            Some(DataType::Float64 | DataType::Float32) => {
                let bad = raw.clone().is_not_null().and(raw.is_finite().not());
                out.push(check(&name, Problem::NotFinite, bad));
            }
            _ => {
                let bad = raw.is_not_null().and(dec_col(&name).is_null());
                out.push(check(&name, Problem::NotANumber, bad));
            }
        }
    }
    out
}

/// True on a text date whose `YYYY-MM-DD` prefix is not a calendar day; `None` for a date or
/// timestamp column, which holds only real days.
fn invalid_day(name: &str, dtype: &DataType) -> Option<Expr> {
    if matches!(dtype, DataType::Datetime(_, _) | DataType::Date) {
        return None;
    }
    let s = col(name).cast(DataType::String);
    let part = |off: i64, len: u64| s.clone().str().slice(lit(off), lit(len)).cast(DataType::Int32);
    let (year, month, day) = (part(0, 4), part(5, 2), part(8, 2));
    let leap = (year.clone() % lit(4))
        .eq(lit(0))
        .and((year.clone() % lit(100)).neq(lit(0)))
        .or((year % lit(400)).eq(lit(0)));
    let days = when(month.clone().eq(lit(2)))
        .then(when(leap).then(lit(29)).otherwise(lit(28)))
        .when(
            month
                .clone()
                .eq(lit(4))
                .or(month.clone().eq(lit(6)))
                .or(month.clone().eq(lit(9)))
                .or(month.clone().eq(lit(11))),
        )
        .then(lit(30))
        .otherwise(lit(31));
    let valid = month
        .clone()
        .gt_eq(lit(1))
        .and(month.lt_eq(lit(12)))
        .and(day.clone().gt_eq(lit(1)))
        .and(day.lt_eq(days));
    // A part that is not a number makes `valid` null: that is invalid too.
    Some(valid.fill_null(lit(false)).not())
}

/// The first day of every month that has a day in `[start, end)`.
fn months_in(start: chrono::NaiveDate, end: chrono::NaiveDate) -> Vec<chrono::NaiveDate> {
    use chrono::Datelike;
    let mut out = Vec::new();
    let mut m = start.with_day(1).unwrap_or(start);
    while m < end {
        out.push(m);
        match m.checked_add_months(chrono::Months::new(1)) {
            Some(next) => m = next,
            None => break,
        }
    }
    out
}

fn date_key(d: chrono::NaiveDate) -> i32 {
    use chrono::Datelike;
    d.year() * 10000 + i32::try_from(d.month() * 100 + d.day()).unwrap_or(0)
}

/// Rows per stream: the input is streamed one chunk of about this many rows after another
/// (whole Parquet row groups; small files share a chunk), because polars decodes ahead as far
/// as a stream lets it. On the 10-million-row month of `bench/actuals.sh` (1M-row row groups)
/// one stream peaked at 1.45 GB, chunks at 0.8 GB (0.6–0.7 GB once the fold kept only
/// dictionary buffers), in the same time (interleaved runs, 1.25 s against 1.23 s).
const CHUNK_ROWS: usize = 1 << 20;

/// The streams being built: lists of frames, each list streamed as one.
#[derive(Default)]
struct Chunks {
    done: Vec<Vec<LazyFrame>>,
    current: Vec<LazyFrame>,
    rows: usize,
}

impl Chunks {
    /// Cuts a file of row groups with these row counts into `(offset, rows, whole file)`
    /// slices that complete the current chunk, then fill whole chunks.
    fn slices(&self, row_groups: &[usize]) -> Vec<(i64, usize, bool)> {
        let total: usize = row_groups.iter().sum();
        let (mut out, mut start, mut len, mut filled) = (Vec::new(), 0usize, 0usize, self.rows);
        for &rows in row_groups {
            len += rows;
            if filled + len >= CHUNK_ROWS {
                out.push((start, len));
                (start, len, filled) = (start + len, 0, 0);
            }
        }
        if len > 0 {
            out.push((start, len));
        }
        let whole = out.len() == 1;
        out.into_iter()
            .map(|(start, len)| {
                (i64::try_from(start).unwrap_or(i64::MAX), len, whole && len == total)
            })
            .collect()
    }

    /// Adds a frame of `rows` rows (0 when unknown) to the current chunk.
    fn push(&mut self, frame: LazyFrame, rows: usize) {
        self.current.push(frame);
        self.rows += rows;
        if self.rows >= CHUNK_ROWS {
            self.done.push(std::mem::take(&mut self.current));
            self.rows = 0;
        }
    }

    fn done(mut self) -> Vec<Vec<LazyFrame>> {
        if !self.current.is_empty() {
            self.done.push(self.current);
        }
        self.done
    }

    /// Each chunk's frames concatenated into one stream, or into several where the column
    /// types change from one file to the next (costs stored as doubles in one file and as
    /// text or decimals in another are summed by the fold from different types).
    fn streams(self) -> PolarsResult<Vec<LazyFrame>> {
        let mut streams = Vec::new();
        for frames in self.done() {
            let mut run: Vec<LazyFrame> = Vec::new();
            let mut types = None;
            for mut frame in frames {
                let schema = frame.collect_schema()?;
                if types.as_ref().is_some_and(|t| *t != schema) {
                    streams.push(concat(std::mem::take(&mut run), UnionArgs::default())?);
                }
                types = Some(schema);
                run.push(frame);
            }
            if !run.is_empty() {
                streams.push(concat(run, UnionArgs::default())?);
            }
        }
        Ok(streams)
    }
}

/// The row count of each row group of a Parquet file, from its footer.
fn row_groups(path: &Path) -> Result<Vec<usize>, ActualsError> {
    let file = std::fs::File::open(path).map_err(|e| ActualsError::Io {
        path: path.display().to_string(),
        reason: e.to_string(),
    })?;
    let mut reader = ParquetReader::new(file);
    let metadata = reader.get_metadata().map_err(|e| polars_err(path, e))?;
    Ok(metadata.row_groups.iter().map(|rg| rg.num_rows()).collect())
}

/// The per-source part: given a file's schema, the mapping or a missing-columns error.
pub(crate) type Detect<'a> = &'a dyn Fn(&Path, &FileSchema) -> Result<Mapping, ActualsError>;

/// Runs the whole pipeline.
pub(crate) fn run(
    spec: &str,
    query: &Query,
    detect: Detect<'_>,
) -> Result<SourceOutput, ActualsError> {
    let files = discover(spec)?;
    let tag_keys = query.tag_keys();
    let mut chunks = Chunks::default();
    let mut kinds = Vec::new();
    let mut per_file = Vec::new();
    for path in &files {
        let format = sniff(path)?;
        let mut lf = scan(path, format)?;
        let schema: FileSchema = lf
            .collect_schema()
            .map_err(|e| polars_err(path, e))?
            .iter()
            .map(|(n, d)| (n.to_string(), d.clone()))
            .collect();
        let m = detect(path, &schema)?;
        if !kinds.contains(&m.kind) {
            kinds.push(m.kind);
        }
        check_duplicates(path, &m, &schema)?;
        let csv = format == FileFormat::Csv;
        let canon = |lf: LazyFrame| canonical(lf, &m, &schema, query, &tag_keys);
        match format {
            FileFormat::Parquet => {
                for (offset, len, whole) in chunks.slices(&row_groups(path)?) {
                    let part = if whole {
                        lf.clone()
                    } else {
                        lf.clone().slice(offset, IdxSize::try_from(len).unwrap_or(IdxSize::MAX))
                    };
                    chunks.push(canon(part), len);
                }
            }
            // The row count of a CSV file is not known without reading it.
            FileFormat::Csv => chunks.push(canon(lf.clone()), 0),
        }
        per_file.push((path.clone(), lf, m, schema, csv));
    }
    let streams = chunks.streams().map_err(|e| polars_err(Path::new(spec), e))?;

    let mut names: Vec<String> =
        vec!["period".into(), "currency".into(), "line_type".into(), "provider".into()];
    for key in &query.group_by {
        let name = match key {
            GroupKey::Service => "service",
            GroupKey::Provider => continue,
            GroupKey::UsageType | GroupKey::UsageTypeRaw => "usage_type",
            GroupKey::Operation => "operation",
            GroupKey::Resource => "resource",
            GroupKey::Account => "account",
            GroupKey::Region => "region",
            GroupKey::LineType | GroupKey::Tag(_) => continue,
        };
        if !names.iter().any(|n| n == name) {
            names.push(name.into());
        }
    }
    // The string keys after `period`.
    let mut keys: Vec<Key> = names[1..].iter().map(|n| Key::from(n.as_str())).collect();
    if query.wants_usage() {
        keys.push("unit".into());
    }
    if !tag_keys.is_empty() {
        keys.extend((0..tag_keys.len()).map(|i| Key::from(format!("tag_{i}").as_str())));
        keys.push("tags_json".into());
    }
    // One source reads one kind of line type: CUR's or FOCUS's charge categories.
    let focus = per_file.first().is_some_and(|f| f.2.focus_categories);
    // The raw line type when the query groups by it; otherwise only whether a line is a
    // credit, refund or FOCUS adjustment matters (their totals are reported, see
    // `credits`), so every other type is null and such lines share their groups.
    if !query.group_by.contains(&GroupKey::LineType)
        && let Some(line_type) = keys.iter_mut().find(|k| k.name == "line_type")
    {
        line_type.only = Some(LineType::set_apart_names(focus));
    }
    let needed = Needed::of(query);
    let sums: Vec<String> = [
        ("invoice", needed.invoice),
        ("amortized", needed.amortized),
        ("list", needed.list),
        ("usage", needed.usage),
    ]
    .iter()
    .filter(|(_, wanted)| *wanted)
    .map(|(name, _)| (*name).to_string())
    .collect();
    let groups = super::polars_group::group(streams, &keys, &sums)
        .map_err(|e| polars_err(Path::new(spec), e))?;
    if groups.bad > 0 {
        return Err(locate_bad(&per_file, query, groups.bad));
    }

    let lines = to_lines(groups, query, &tag_keys, spec, focus)?;
    let mut out = SourceOutput { lines, ..Default::default() };
    out.notes.push(format!("read {} file(s) ({})", files.len(), kinds.join(", ")));
    if out.lines.is_empty() {
        out.warnings.push(format!(
            "no line of `{spec}` falls in {} (check --month / --start / --end against the billing period of the files)",
            query.range
        ));
    }
    Ok(out)
}

/// Polars reads a CSV header that names a column twice as `name` and `name_duplicated_0`:
/// which one holds the cost is a guess, so a duplicated column the mapping reads is an error.
fn check_duplicates(path: &Path, m: &Mapping, schema: &FileSchema) -> Result<(), ActualsError> {
    for name in m.columns() {
        if schema.contains_key(&format!("{name}_duplicated_0")) {
            return Err(ActualsError::BadValue {
                path: path.display().to_string(),
                location: "header".into(),
                reason: format!(
                    "column `{name}` appears more than once: costplan cannot tell which one to read; keep one"
                ),
            });
        }
    }
    Ok(())
}

/// Finds the first in-range row that fails a [`row_checks`] check, for the error message:
/// file, line (CSV, counting the header) or row (Parquet, from 1), column and value.
fn locate_bad(
    per_file: &[(PathBuf, LazyFrame, Mapping, FileSchema, bool)],
    query: &Query,
    total: u64,
) -> ActualsError {
    let first = |df: &DataFrame, name: &str| {
        df.column(name)
            .ok()
            .and_then(|c| c.get(0).ok())
            .map(|v| match (v.is_null(), v.get_str()) {
                (true, _) => "(empty)".to_string(),
                (false, Some(s)) => format!("`{s}`"),
                (false, None) => format!("`{v}`"),
            })
            .unwrap_or_default()
    };
    for (path, lf, m, schema, csv) in per_file {
        let start_dtype = schema.get(&m.start).cloned().unwrap_or(DataType::String);
        let (_, in_range) = period_and_filter(&m.start, &start_dtype, query);
        let rows = lf.clone().with_row_index("__row", None).filter(in_range);
        for check in row_checks(m, schema, Needed::of(query)) {
            let found = rows
                .clone()
                .filter(check.bad)
                .select([col("__row"), col(check.column.as_str()).cast(DataType::String)])
                .limit(1)
                .collect();
            let Ok(df) = found else { continue };
            if df.height() == 0 {
                continue;
            }
            let row = df
                .column("__row")
                .ok()
                .and_then(|c| c.get(0).ok())
                .and_then(|v| v.extract::<u64>())
                .unwrap_or(0);
            // CSV row index 0 is line 2 (line 1 is the header).
            let at = if *csv { format!("line {}", row + 2) } else { format!("row {}", row + 1) };
            let value = first(&df, check.column.as_str());
            let reason = match check.problem {
                Problem::NotANumber => format!("{value} is not a number"),
                Problem::NotFinite => format!("{value} is not a finite amount"),
                Problem::Missing => {
                    "is empty (a row cut short, or a blank cell), and every row needs it".into()
                }
                Problem::NotADate => {
                    format!("{value} is not a date (expected a calendar day, YYYY-MM-DD...)")
                }
            };
            return ActualsError::BadValue {
                path: path.display().to_string(),
                location: format!("{at}, column `{}`", check.column),
                reason: format!(
                    "{reason} ({total} bad row(s) in all); fix or remove the row, nothing was counted"
                ),
            };
        }
    }
    ActualsError::BadValue {
        path: "input".into(),
        location: String::new(),
        reason: format!("{total} row(s) could not be read (a number, date or currency)"),
    }
}

/// The groups as billing lines.
fn to_lines(
    groups: super::polars_group::Groups,
    query: &Query,
    tag_keys: &[String],
    spec: &str,
    focus: bool,
) -> Result<Vec<ActualLine>, ActualsError> {
    let key_at = |name: &str| groups.key(name);
    let (currency, line_type_at, unit) = (key_at("currency"), key_at("line_type"), key_at("unit"));
    let (account, region, service) = (key_at("account"), key_at("region"), key_at("service"));
    let provider = key_at("provider");
    let (usage_type, operation, resource) =
        (key_at("usage_type"), key_at("operation"), key_at("resource"));
    let tags_json = key_at("tags_json");
    let tag_cols: Vec<Option<usize>> =
        (0..tag_keys.len()).map(|j| key_at(&format!("tag_{j}"))).collect();
    let sum_at = |name: &str| groups.sum(name);
    let (invoice, amortized, list, usage) =
        (sum_at("invoice"), sum_at("amortized"), sum_at("list"), sum_at("usage"));

    let super::polars_group::Groups { sums: sum_names, scales, rows, .. } = groups;
    let mut lines = Vec::with_capacity(rows.len());
    let mut periods: BTreeMap<i64, String> = BTreeMap::new();
    for (period_key, mut strings, sums) in rows {
        // Each key column is read once per group, so its value is moved, not copied.
        let mut text =
            |at: Option<usize>| at.and_then(|i| strings[i].take()).filter(|s| !s.is_empty());
        let period_key = period_key.unwrap_or(0);
        // A few periods for thousands of groups: each is formatted once.
        let period = periods
            .entry(period_key)
            .or_insert_with(|| match query.granularity {
                Granularity::Monthly => format!("{:04}-{:02}", period_key / 100, period_key % 100),
                Granularity::Daily => format!(
                    "{:04}-{:02}-{:02}",
                    period_key / 10000,
                    (period_key / 100) % 100,
                    period_key % 100
                ),
            })
            .clone();
        let line_type = text(line_type_at)
            .map(|t| if focus { LineType::from_focus(&t) } else { LineType::from_cur(&t) });
        let mut tags = BTreeMap::new();
        if !tag_keys.is_empty() {
            if let Some(json) = text(tags_json)
                && let Ok(map) = serde_json::from_str::<BTreeMap<String, serde_json::Value>>(&json)
            {
                for (k, v) in map {
                    let k = normalise_tag_key(&k);
                    if tag_keys.contains(&k) {
                        let v = match v {
                            serde_json::Value::String(s) => s,
                            serde_json::Value::Null => continue,
                            other => other.to_string(),
                        };
                        tags.insert(k, v);
                    }
                }
            }
            for (key, at) in tag_keys.iter().zip(&tag_cols) {
                if let Some(v) = text(*at) {
                    tags.insert(key.clone(), v);
                }
            }
        }
        // A sum over no value at all is unknown, not $0 (invoice is always present).
        let money = |at: Option<usize>, always: bool| -> Result<Option<Decimal>, ActualsError> {
            let Some(i) = at else { return Ok(None) };
            if !always && sums.non_null[i] == 0 {
                return Ok(None);
            }
            Decimal::try_from_i128_with_scale(sums.total[i], scales[i])
                .map(|d| Some(d.normalize()))
                .map_err(|_| ActualsError::BadValue {
                    path: spec.to_string(),
                    location: format!("column `{}`", sum_names[i]),
                    reason: "a sum does not fit a 96-bit decimal".into(),
                })
        };
        lines.push(ActualLine {
            period,
            account: text(account),
            region: text(region),
            service: text(service),
            provider: text(provider),
            usage_type: text(usage_type),
            operation: text(operation),
            resource_id: text(resource),
            tags,
            line_type,
            costs: Costs {
                invoice: money(invoice, true)?,
                amortized: money(amortized, false)?,
                list: money(list, false)?,
            },
            currency: text(currency).unwrap_or_else(|| "USD".into()),
            usage_quantity: money(usage, false)?,
            usage_unit: text(unit),
            estimated: false,
        });
    }
    Ok(lines)
}

/// Helper for sources: the first of `candidates` present in `schema`.
pub(crate) fn first_present(schema: &FileSchema, candidates: &[&str]) -> Option<String> {
    candidates.iter().find(|c| schema.contains_key(**c)).map(|c| (*c).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Feeds files of these row groups through `Chunks` and returns, per chunk, the
    /// `(file, offset, rows, whole)` slices in it.
    fn plan(files: &[&[usize]]) -> Vec<Vec<(usize, i64, usize, bool)>> {
        let mut chunks = Chunks::default();
        let mut placed = Vec::new();
        let mut current = Vec::new();
        for (file, groups) in files.iter().enumerate() {
            for (offset, rows, whole) in chunks.slices(groups) {
                current.push((file, offset, rows, whole));
                let before = chunks.done.len();
                chunks.push(df!("x" => [0i32]).unwrap().lazy(), rows);
                if chunks.done.len() > before {
                    placed.push(std::mem::take(&mut current));
                }
            }
        }
        if !current.is_empty() {
            placed.push(current);
        }
        assert_eq!(
            chunks.done().iter().map(Vec::len).collect::<Vec<_>>(),
            placed.iter().map(Vec::len).collect::<Vec<_>>()
        );
        placed
    }

    /// Every row of every file is in exactly one slice, slices end on row-group boundaries,
    /// a chunk closes once it holds `CHUNK_ROWS` rows, and small files share a chunk.
    #[test]
    fn chunks_cover_every_row_once_on_row_group_boundaries() {
        const M: usize = CHUNK_ROWS;
        let big: &[usize] = &[M / 2, M / 2, M / 2, M / 4];
        let small: &[usize] = &[10, 20];
        let plan = plan(&[small, big, small, &[3 * M], &[]]);
        assert_eq!(
            plan,
            vec![
                vec![(0, 0, 30, true), (1, 0, M, false)],
                vec![
                    (1, i64::try_from(M).unwrap(), M / 2 + M / 4, false),
                    (2, 0, 30, true),
                    (3, 0, 3 * M, true)
                ],
            ]
        );
    }
}
