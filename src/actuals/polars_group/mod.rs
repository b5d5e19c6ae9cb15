//! The group-by of the canonical billing rows (see `polars_frame`): polars streams the filtered,
//! projected batches (scan, decode, casts and filter run on its threads) and this module folds
//! them into exact sums on worker threads of its own, each folding every n-th batch into a
//! partial result; the partials are merged at the end.
//!
//! Contract: for every distinct tuple (period, the string key columns in `keys`, each value
//! outside a key's `only` list counted as null), the sums of the columns in `sums` as exact
//! `i128` at the column's scale (`sums`), the count of non-null values of each, and the total
//! of the `bad` column. Nulls are keys of their own (a null key is not the empty string). The
//! order of the groups is unspecified; callers sort.
//!
//! How a batch is folded: every key value becomes a small integer code (`codes`: one interner
//! per key column, with caches from Parquet's dictionary views to codes so that a string's
//! bytes are hashed once per dictionary, not once per row), and a row's group is found from its
//! packed codes alone in a flat table (`table`) indexed by the code of the key column with the
//! most values, with the sums stored beside the key. The columns' interners and caches are
//! shared by the workers (a worker locks one column while it codes one array), so each
//! dictionary is interned once; each worker has its own table.
//!
//! Measured on the 10-million-row month of `bench/actuals.sh` (2 cores, release build): the
//! previous fold, which hashed and compared the concatenated key bytes of every row on polars'
//! single callback thread, took 5–7 s for the whole command; with this one the command takes
//! 1.0–1.3 s when the machine is quiet.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, sync_channel};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::thread;

use polars::prelude::*;

mod codes;
mod sums;
mod table;

use codes::{Column, Periods};
pub(crate) use sums::DOUBLE_SCALE;
use sums::Summed;
use table::Table;

/// The most threads folding batches (each keeps a partial table of all groups it sees).
const MAX_WORKERS: usize = 4;

/// One group's sums, in the order of the `sums` names.
#[derive(Debug, Clone)]
pub(crate) struct Sums {
    pub total: Vec<i128>,
    pub non_null: Vec<u64>,
}

/// The result: every group with its key values and sums.
#[derive(Debug, Default)]
pub(crate) struct Groups {
    /// Names of the string key columns, in key order.
    pub keys: Vec<String>,
    /// Names of the summed decimal columns, in sum order.
    pub sums: Vec<String>,
    /// Decimal scale of each summed column.
    pub scales: Vec<u32>,
    pub rows: Vec<(Option<i64>, Vec<Option<String>>, Sums)>,
    /// Total of the `bad` column (values that did not parse).
    pub bad: u64,
}

impl Groups {
    /// The position of a key column.
    pub fn key(&self, name: &str) -> Option<usize> {
        self.keys.iter().position(|k| k == name)
    }

    /// The position of a summed column.
    pub fn sum(&self, name: &str) -> Option<usize> {
        self.sums.iter().position(|k| k == name)
    }
}

/// A key column of the group-by.
#[derive(Debug, Clone)]
pub(crate) struct Key {
    pub name: String,
    /// When set, the values not in this list are grouped as null.
    pub only: Option<&'static [&'static str]>,
}

impl From<&str> for Key {
    fn from(name: &str) -> Key {
        Key { name: name.to_string(), only: None }
    }
}

/// Runs each of `frames` on the streaming engine, one after another, and groups all their
/// rows. Each frame must have an integer `period` column, the string columns `keys`, the
/// Decimal or Float64 columns `sums` (see `sums`) and a `bad` count.
pub(crate) fn group(
    frames: Vec<LazyFrame>,
    keys: &[Key],
    sums: &[String],
) -> Result<Groups, PolarsError> {
    let workers = thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, MAX_WORKERS);
    let mut senders = Vec::with_capacity(workers);
    let mut handles = Vec::with_capacity(workers);
    let columns: SharedColumns = keys.iter().map(|k| Mutex::new(Column::new(k.only))).collect();
    let keys: Vec<String> = keys.iter().map(|k| k.name.clone()).collect();
    for worker in 0..workers {
        // One batch queued per worker: polars waits rather than piling up decoded batches.
        let (tx, rx) = sync_channel::<Option<DataFrame>>(1);
        let partial = Partial::new(keys.clone(), sums.to_vec(), Arc::clone(&columns), worker);
        handles.push(thread::spawn(move || fold_all(&rx, partial)));
        senders.push(tx);
    }
    let next = Arc::new(AtomicUsize::new(0));
    let stopped = Arc::new(AtomicBool::new(false));
    let mut streamed = Ok(());
    for frame in frames {
        let (sink, next, stop) = (senders.clone(), Arc::clone(&next), Arc::clone(&stopped));
        let callback = PlanCallback::new(move |df: DataFrame| {
            let worker = next.fetch_add(1, Ordering::Relaxed) % sink.len();
            // A worker that stopped has an error to report: stop streaming.
            let failed = sink[worker].send(Some(df)).is_err();
            if failed {
                stop.store(true, Ordering::Relaxed);
            }
            Ok(failed)
        });
        streamed = frame
            .sink_batches(callback, false, None)
            .and_then(|plan| plan.collect_with_engine(Engine::Streaming))
            .map(|_| ());
        if streamed.is_err() || stopped.load(Ordering::Relaxed) {
            break;
        }
    }
    for tx in &senders {
        // Fails only for a worker that already stopped.
        let _ = tx.send(None);
    }
    let mut partials = Vec::with_capacity(workers);
    for handle in handles {
        let partial = handle
            .join()
            .unwrap_or_else(|_| Err(polars_err!(ComputeError: "a billing fold thread panicked")));
        partials.push(partial);
    }
    // A stream error explains a worker's missing batches better than the other way round.
    streamed?;
    let mut partials = partials.into_iter().collect::<Result<Vec<_>, _>>()?.into_iter();
    let mut all = partials.next().unwrap_or_else(|| Partial::new(keys, sums.to_vec(), columns, 0));
    for partial in partials {
        all.merge(partial)?;
    }
    Ok(all.into_groups())
}

/// A worker: folds batches until told to stop (`None`) or the channel closes.
fn fold_all(
    rx: &Receiver<Option<DataFrame>>,
    mut partial: Partial,
) -> Result<Partial, PolarsError> {
    while let Ok(Some(df)) = rx.recv() {
        partial.fold(&df)?;
    }
    Ok(partial)
}

/// The key columns' interners and view caches, shared by the workers of one `group` so that
/// each dictionary is interned once, not once per worker. A worker locks a column while it
/// codes one array, starting at a different column than the others.
type SharedColumns = Arc<[Mutex<Column>]>;

fn lock(column: &Mutex<Column>) -> MutexGuard<'_, Column> {
    column.lock().unwrap_or_else(PoisonError::into_inner)
}

/// What one worker has folded.
struct Partial {
    keys: Vec<String>,
    sums: Vec<String>,
    scales: Option<Vec<u32>>,
    periods: Periods,
    columns: SharedColumns,
    /// The column this worker codes first.
    first_column: usize,
    table: Table,
    /// Whether the table's lead column was chosen (at the first batch).
    led: bool,
    bad: u64,
}

impl Partial {
    fn new(keys: Vec<String>, sums: Vec<String>, columns: SharedColumns, worker: usize) -> Partial {
        let table = Table::new(1 + keys.len(), sums.len());
        Partial {
            first_column: worker % keys.len().max(1),
            columns,
            periods: Periods::new(),
            keys,
            sums,
            scales: None,
            table,
            led: false,
            bad: 0,
        }
    }

    fn fold(&mut self, df: &DataFrame) -> Result<(), PolarsError> {
        let n = df.height();
        if n == 0 {
            return Ok(());
        }
        if let Some(bad) = df.column("bad")?.cast(&DataType::UInt64)?.u64()?.sum() {
            self.bad += bad;
        }
        let mut summed = Vec::with_capacity(self.sums.len());
        let mut scales = Vec::with_capacity(self.sums.len());
        for name in &self.sums {
            let (column, scale) = Summed::of(df, name)?;
            summed.push(column);
            scales.push(scale);
        }
        match &self.scales {
            None => self.scales = Some(scales),
            Some(known) if *known != scales => {
                polars_bail!(ComputeError: "decimal scales differ between batches")
            }
            Some(_) => {}
        }
        let summed = summed.iter().map(Summed::values).collect::<Result<Vec<_>, _>>()?;

        // The codes of every row, one column at a time: period first, then the keys.
        let mut codes: Vec<Vec<u32>> = Vec::with_capacity(1 + self.keys.len());
        let period = df.column("period")?.cast(&DataType::Int64)?;
        let mut period_codes = Vec::with_capacity(n);
        let mut last = None;
        for p in period.i64()?.iter() {
            let code = match last {
                Some((q, code)) if q == p => code,
                _ => self.periods.code(p)?,
            };
            last = Some((p, code));
            period_codes.push(code);
        }
        codes.push(period_codes);
        let mut key_codes = vec![Vec::new(); self.keys.len()];
        for c in (0..self.keys.len()).map(|i| (i + self.first_column) % self.keys.len()) {
            let values = df.column(self.keys[c].as_str())?.str()?;
            key_codes[c].reserve(n);
            lock(&self.columns[c]).codes(values, &mut key_codes[c])?;
        }
        codes.extend(key_codes);
        if !self.led {
            // The key column with the most values so far leads the table's index (after the
            // period, code position 0).
            let cardinality = |c: &usize| lock(&self.columns[*c]).values.len();
            let lead = (0..self.keys.len()).max_by_key(cardinality);
            self.table.lead_by(lead.map(|c| c + 1));
            self.led = true;
        }

        // Row-major packed keys, one word (two codes) at a time over all rows.
        let kw = self.table.key_words;
        let mut packed = vec![0u64; n * kw];
        for (w, pair) in codes.chunks(2).enumerate() {
            let words = packed.iter_mut().skip(w).step_by(kw);
            match pair {
                [lo, hi] => {
                    for ((word, &lo), &hi) in words.zip(lo).zip(hi) {
                        *word = u64::from(lo) | u64::from(hi) << 32;
                    }
                }
                [lo] => words.zip(lo).for_each(|(word, &lo)| *word = u64::from(lo)),
                _ => {}
            }
        }
        let mut groups = Vec::with_capacity(n);
        self.table.groups(&packed, &mut groups)?;
        for (row, &g) in groups.iter().enumerate() {
            for (j, (values, validity)) in summed.iter().enumerate() {
                if validity.is_none_or(|v| v.get_bit(row))
                    && let Some(value) = values.get(row)?
                {
                    self.table.add(g as usize, j, value, 1)?;
                }
            }
        }
        Ok(())
    }

    /// Adds `other`'s groups to these, translating its codes into these.
    fn merge(&mut self, other: Partial) -> Result<(), PolarsError> {
        self.bad += other.bad;
        match (&self.scales, &other.scales) {
            (None, _) => self.scales = other.scales.clone(),
            (Some(a), Some(b)) if a != b => {
                polars_bail!(ComputeError: "decimal scales differ between batches")
            }
            _ => {}
        }
        // The workers share the key columns' codes (`group`); only the periods are their own.
        if !Arc::ptr_eq(&self.columns, &other.columns) {
            polars_bail!(ComputeError: "partial groupings with different key columns");
        }
        let periods = other
            .periods
            .values
            .iter()
            .map(|p| self.periods.code(*p))
            .collect::<Result<Vec<_>, _>>()?;
        let mut packed = vec![0u64; self.table.key_words];
        for g in 0..other.table.len() {
            let mut key = other.table.codes(g);
            key[0] = periods[key[0] as usize];
            Table::pack(&key, &mut packed);
            let mine = self.table.group(&packed)?;
            for j in 0..self.sums.len() {
                let (total, count) = other.table.sum(g, j);
                self.table.add(mine, j, total, count)?;
            }
        }
        Ok(())
    }

    fn into_groups(self) -> Groups {
        let table = &self.table;
        // Each value as text once; the groups get copies.
        let texts: Vec<Vec<Option<String>>> = (self.columns.iter().map(lock))
            .map(|column| {
                let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
                column.values.iter().map(|v| v.as_deref().map(text)).collect()
            })
            .collect();
        let rows = (0..table.len())
            .map(|g| {
                let key = table.codes(g);
                let period = self.periods.values[key[0] as usize];
                let strings = key[1..]
                    .iter()
                    .zip(&texts)
                    .map(|(&code, texts)| texts[code as usize].clone())
                    .collect();
                let (total, non_null) = (0..table.n_sums).map(|j| table.sum(g, j)).unzip();
                let sums = Sums { total, non_null };
                (period, strings, sums)
            })
            .collect();
        Groups {
            scales: self.scales.unwrap_or_else(|| vec![0; self.sums.len()]),
            keys: self.keys,
            sums: self.sums,
            rows,
            bad: self.bad,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn columns() -> SharedColumns {
        Arc::new([Mutex::new(Column::new(None))])
    }

    fn sorted(g: &Groups) -> Vec<(Option<i64>, Option<String>, i128, u64)> {
        let mut rows: Vec<_> =
            g.rows.iter().map(|(p, k, s)| (*p, k[0].clone(), s.total[0], s.non_null[0])).collect();
        rows.sort();
        rows
    }

    #[test]
    fn groups_sum_exactly_and_count_non_nulls() {
        let df = df!(
            "period" => [Some(202610i32), Some(202610), Some(202610), None],
            "service" => [Some("AmazonECS"), Some("AmazonECS"), None, Some("AmazonECS")],
            "cost" => [Some("0.1"), Some("0.2"), None, Some("5")],
            "bad" => [0u32, 0, 1, 0],
        )
        .unwrap()
        .lazy()
        .with_column(col("cost").cast(DataType::Decimal(38, 12)));
        let g = group(vec![df], &["service".into()], &["cost".into()]).unwrap();
        assert_eq!(g.bad, 1);
        assert_eq!(g.scales, vec![12]);
        let ecs = Some("AmazonECS".to_string());
        assert_eq!(
            sorted(&g),
            vec![
                (None, ecs.clone(), 5_000_000_000_000, 1),
                (Some(202610), None, 0, 0),
                (Some(202610), ecs, 300_000_000_000, 2),
            ]
        );
    }

    /// A Float64 column is summed at `DOUBLE_SCALE`, rounded as the cast to a decimal rounds;
    /// its nulls and NaNs are not counted.
    #[test]
    fn doubles_are_summed_as_decimals() {
        let df = df!(
            "period" => [202610i32, 202610, 202610, 202610],
            "service" => ["AmazonECS"; 4],
            "cost" => [Some(0.1f64), Some(0.2), None, Some(f64::NAN)],
            "bad" => [0u32; 4],
        )
        .unwrap()
        .lazy();
        let g = group(vec![df], &["service".into()], &["cost".into()]).unwrap();
        assert_eq!(g.scales, vec![DOUBLE_SCALE]);
        let ecs = Some("AmazonECS".to_string());
        assert_eq!(sorted(&g), vec![(Some(202610), ecs, 300_000_000_000, 2)]);
    }

    /// Two partial results merged are the result of folding everything into one.
    #[test]
    fn merged_partials_equal_one_fold() {
        let batch = |services: &[Option<&str>], costs: &[i64]| {
            df!(
                "period" => vec![202610i64; services.len()],
                "service" => services.to_vec(),
                "cost" => costs.to_vec(),
                "bad" => vec![0u32; services.len()],
            )
            .unwrap()
            .lazy()
            .with_column(col("cost").cast(DataType::Decimal(38, 2)))
            .collect()
            .unwrap()
        };
        let first = batch(&[Some("AmazonECS"), None, Some("AmazonRDS")], &[1, 2, 3]);
        let second = batch(&[Some("AmazonRDS"), Some("AWSELB"), None], &[10, 20, 30]);
        let (keys, sums) = (vec!["service".to_string()], vec!["cost".to_string()]);

        let mut one = Partial::new(keys.clone(), sums.clone(), columns(), 0);
        one.fold(&first).unwrap();
        one.fold(&second).unwrap();
        // Two workers of one grouping share the key columns.
        let shared = columns();
        let mut a = Partial::new(keys.clone(), sums.clone(), Arc::clone(&shared), 0);
        a.fold(&first).unwrap();
        let mut b = Partial::new(keys, sums, shared, 1);
        b.fold(&second).unwrap();
        a.merge(b).unwrap();

        let (one, merged) = (one.into_groups(), a.into_groups());
        assert_eq!(sorted(&merged), sorted(&one));
        assert_eq!(
            sorted(&one),
            vec![
                (Some(202610), None, 3200, 2),
                (Some(202610), Some("AWSELB".into()), 2000, 1),
                (Some(202610), Some("AmazonECS".into()), 100, 1),
                (Some(202610), Some("AmazonRDS".into()), 1300, 2),
            ]
        );
    }

    /// A sum past 128 bits is an error from the worker that saw it, not a wrapped total, and
    /// it stops the remaining streams.
    #[test]
    fn an_overflowing_sum_is_an_error() {
        let huge = "90000000000000000000000000";
        let frame = || {
            df!(
                "period" => [202610i64, 202610],
                "service" => ["AmazonECS", "AmazonECS"],
                "cost" => [huge, huge],
                "bad" => [0u32, 0],
            )
            .unwrap()
            .lazy()
            .with_column(col("cost").cast(DataType::Decimal(38, 12)))
        };
        let err = group(vec![frame(), frame(), frame()], &["service".into()], &["cost".into()])
            .unwrap_err();
        assert!(err.to_string().contains("overflows 128 bits"), "{err}");
    }

    /// Long strings (views into a buffer), inline ones, the empty string and null, over
    /// several batches folded by different workers: the groups are the same as grouping the
    /// plain values.
    #[test]
    fn many_batches_group_by_value_not_by_view() {
        let long = |i: usize| format!("arn:aws:ecs:eu-west-1:111122223333:service/svc-{}", i % 7);
        let mut services = Vec::new();
        let mut costs = Vec::new();
        for i in 0..5000usize {
            services.push(match i % 4 {
                0 => Some(long(i)),
                1 => Some(format!("s{}", i % 3)),
                2 => Some(String::new()),
                _ => None,
            });
            costs.push(Some((i % 10).to_string()));
        }
        let df = df!(
            "period" => vec![202610i64; 5000],
            "service" => services.clone(),
            "cost" => costs.clone(),
            "bad" => vec![0u32; 5000],
        )
        .unwrap();
        // Many small chunks, so the stream has many batches.
        let parts: Vec<LazyFrame> = (0..50).map(|i| df.slice(i * 100, 100).lazy()).collect();
        let frame = concat(parts, UnionArgs::default())
            .unwrap()
            .with_column(col("cost").cast(DataType::Decimal(38, 12)));
        let g = group(vec![frame], &["service".into()], &["cost".into()]).unwrap();

        let mut expected: std::collections::BTreeMap<Option<String>, (i128, u64)> =
            Default::default();
        for (s, c) in services.iter().zip(&costs) {
            let e = expected.entry(s.clone()).or_default();
            e.0 += c.as_deref().unwrap().parse::<i128>().unwrap() * 1_000_000_000_000;
            e.1 += 1;
        }
        let expected: Vec<_> =
            expected.into_iter().map(|(s, (t, n))| (Some(202610), s, t, n)).collect();
        assert_eq!(sorted(&g), expected);
    }
}
