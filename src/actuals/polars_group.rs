//! The group-by of the canonical billing rows (see `polars_frame`): polars streams the filtered,
//! projected batches (scan, decode, casts and filter run on its threads) and this module folds
//! them into exact sums on worker threads of its own, each folding every n-th batch into a
//! partial result; the partials are merged at the end.
//!
//! Contract: for every distinct tuple (period, the string key columns in `keys`), the sums of
//! the decimal columns in `sums` as exact `i128` at the column's scale, the count of non-null
//! values of each, and the total of the `bad` column. Nulls are keys of their own (a null key
//! is not the empty string). The order of the groups is unspecified; callers sort.
//!
//! How a batch is folded, and why it is fast: every key value is replaced by a small integer
//! code (one interning table per key column), and a row's group is found from its codes alone
//! (a few `u32`s, compared in place), so the string bytes of a row are never hashed or compared
//! once its value has been seen. Parquet stores billing strings dictionary-encoded and polars
//! decodes a dictionary page into 16-byte *views* that all point into the dictionary's buffer;
//! within one set of buffers, equal views are equal strings. So each column remembers the code
//! of every view of the current buffers and only interns the bytes of a view it has not seen;
//! when a batch's buffers differ (the next row group, CSV input), that memory starts over, which
//! is always correct and only slower.
//!
//! Measured on the 10-million-row month of `bench/actuals.sh` (2 cores): the previous fold,
//! which hashed and compared the concatenated key bytes of every row on polars' single callback
//! thread, took 5–7 s; see the closing notes of issue 6 for this one's figures.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, sync_channel};
use std::thread;

use hashbrown::HashTable;
use polars::prelude::*;
use polars_arrow::array::{Array, Utf8ViewArray};

type Fast = foldhash::fast::RandomState;

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

/// Runs `frame` on the streaming engine and groups its rows. `frame` must have an integer
/// `period` column, the string columns `keys`, the Decimal columns `sums` and a `bad` count.
pub(crate) fn group(
    frame: LazyFrame,
    keys: &[String],
    sums: &[String],
) -> Result<Groups, PolarsError> {
    let workers = thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, MAX_WORKERS);
    let mut senders = Vec::with_capacity(workers);
    let mut handles = Vec::with_capacity(workers);
    for _ in 0..workers {
        // One batch queued per worker: polars waits rather than piling up decoded batches.
        let (tx, rx) = sync_channel::<Option<DataFrame>>(1);
        let (keys, sums) = (keys.to_vec(), sums.to_vec());
        handles.push(thread::spawn(move || fold_all(&rx, keys, sums)));
        senders.push(tx);
    }
    let sink = senders.clone();
    let next = AtomicUsize::new(0);
    let callback = PlanCallback::new(move |df: DataFrame| {
        let worker = next.fetch_add(1, Ordering::Relaxed) % sink.len();
        // A worker that stopped has an error to report: stop the stream.
        Ok(sink[worker].send(Some(df)).is_err())
    });
    let streamed = frame
        .sink_batches(callback, false, None)
        .and_then(|plan| plan.collect_with_engine(Engine::Streaming));
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
    let mut all = partials.next().unwrap_or_else(|| Partial::new(keys.to_vec(), sums.to_vec()));
    for partial in partials {
        all.merge(partial)?;
    }
    Ok(all.into_groups())
}

/// A worker: folds batches until told to stop (`None`) or the channel closes.
fn fold_all(
    rx: &Receiver<Option<DataFrame>>,
    keys: Vec<String>,
    sums: Vec<String>,
) -> Result<Partial, PolarsError> {
    let mut partial = Partial::new(keys, sums);
    while let Ok(Some(df)) = rx.recv() {
        partial.fold(&df)?;
    }
    Ok(partial)
}

/// How many sets of buffers a column keeps view caches for: polars decodes row groups in
/// parallel, so a worker's batches can alternate between a few dictionaries.
const VIEW_CACHES: usize = 4;

/// Interned values of one key column, and the view caches of the buffers seen last.
struct Column {
    /// Code → value; code 0 is null.
    values: Vec<Option<Box<[u8]>>>,
    index: HashMap<Box<[u8]>, u32, Fast>,
    caches: Vec<ViewCache>,
    /// Counts batches, to find the least recently used cache.
    clock: u64,
}

/// The code of every view seen in one set of buffers.
struct ViewCache {
    /// An array holding the buffers, kept so that they stay alive and their addresses theirs.
    owner: Utf8ViewArray,
    by_view: HashMap<u128, u32, Fast>,
    used: u64,
}

impl ViewCache {
    fn holds(&self, arr: &Utf8ViewArray) -> bool {
        let (old, new) = (self.owner.data_buffers(), arr.data_buffers());
        old.len() == new.len()
            && old
                .iter()
                .zip(new.iter())
                .all(|(a, b)| a.as_ptr() == b.as_ptr() && a.len() == b.len())
    }
}

impl Column {
    fn new() -> Column {
        Column { values: vec![None], index: HashMap::default(), caches: Vec::new(), clock: 0 }
    }

    #[cold]
    #[inline(never)]
    fn intern(
        values: &mut Vec<Option<Box<[u8]>>>,
        index: &mut HashMap<Box<[u8]>, u32, Fast>,
        bytes: &[u8],
    ) -> Result<u32, PolarsError> {
        if let Some(&code) = index.get(bytes) {
            return Ok(code);
        }
        let code = next_code(values.len())?;
        values.push(Some(bytes.into()));
        index.insert(bytes.into(), code);
        Ok(code)
    }

    /// Appends the code of every row of `ca` to `out`.
    #[inline(never)]
    fn codes(&mut self, ca: &StringChunked, out: &mut Vec<u32>) -> Result<(), PolarsError> {
        for arr in ca.downcast_iter() {
            let cache = self.cache_for(arr);
            let Column { values, index, caches, .. } = self;
            let by_view = &mut caches[cache].by_view;
            let validity = arr.validity();
            // Runs of one value (a currency, a month, sorted input) skip the lookup.
            let mut last: Option<(u128, u32)> = None;
            for (i, view) in arr.views().iter().enumerate() {
                if validity.is_some_and(|v| !v.get_bit(i)) {
                    out.push(0);
                    continue;
                }
                let view = view.as_u128();
                let code = match last {
                    Some((v, code)) if v == view => code,
                    _ => match by_view.get(&view) {
                        Some(&code) => code,
                        None => {
                            let code = Column::intern(values, index, arr.value(i).as_bytes())?;
                            by_view.insert(view, code);
                            code
                        }
                    },
                };
                last = Some((view, code));
                out.push(code);
            }
        }
        Ok(())
    }

    /// The cache of `arr`'s buffers: a kept one, a new one, or the least recently used one
    /// started over.
    fn cache_for(&mut self, arr: &Utf8ViewArray) -> usize {
        self.clock += 1;
        let at = match self.caches.iter().position(|c| c.holds(arr)) {
            Some(at) => at,
            None if self.caches.len() < VIEW_CACHES => {
                self.caches.push(ViewCache {
                    owner: arr.clone(),
                    by_view: HashMap::default(),
                    used: 0,
                });
                self.caches.len() - 1
            }
            None => {
                let at = (0..self.caches.len()).min_by_key(|&i| self.caches[i].used).unwrap_or(0);
                let cache = &mut self.caches[at];
                cache.owner = arr.clone();
                cache.by_view.clear();
                at
            }
        };
        self.caches[at].used = self.clock;
        at
    }
}

/// Periods, interned like the string keys (code 0 is null).
struct Periods {
    values: Vec<Option<i64>>,
    index: HashMap<i64, u32, Fast>,
}

impl Periods {
    fn code(&mut self, period: Option<i64>) -> Result<u32, PolarsError> {
        let Some(p) = period else { return Ok(0) };
        if let Some(&code) = self.index.get(&p) {
            return Ok(code);
        }
        let code = next_code(self.values.len())?;
        self.values.push(Some(p));
        self.index.insert(p, code);
        Ok(code)
    }
}

fn next_code(len: usize) -> Result<u32, PolarsError> {
    u32::try_from(len).map_err(|_| polars_err!(ComputeError: "more than 4 billion distinct values"))
}

/// The groups, each one a record of `stride` words in one vector (so that finding a group and
/// adding to its sums touch one or two cache lines): its codes (period first, then the key
/// columns) packed two per word, then per summed column the total (an `i128` in two words) and
/// the count of values.
struct Table {
    width: usize,
    n_sums: usize,
    /// Words of packed codes at the start of a record.
    key_words: usize,
    stride: usize,
    records: Vec<u64>,
    index: HashTable<u32>,
}

impl Table {
    fn new(width: usize, n_sums: usize) -> Table {
        let key_words = width.div_ceil(2);
        Table {
            width,
            n_sums,
            key_words,
            stride: key_words + 3 * n_sums,
            records: Vec::new(),
            index: HashTable::new(),
        }
    }

    fn len(&self) -> usize {
        self.records.len() / self.stride
    }

    /// The codes of `group`.
    fn codes(&self, group: usize) -> Vec<u32> {
        let at = group * self.stride;
        let words = &self.records[at..at + self.key_words];
        let mut codes: Vec<u32> =
            words.iter().flat_map(|&w| [w as u32, (w >> 32) as u32]).collect();
        codes.truncate(self.width);
        codes
    }

    /// Packs `codes` (length `width`) into `out` (length `key_words`).
    fn pack(codes: &[u32], out: &mut [u64]) {
        for (word, pair) in out.iter_mut().zip(codes.chunks(2)) {
            *word = u64::from(pair[0]) | pair.get(1).map_or(0, |&c| u64::from(c) << 32);
        }
    }

    /// The group of the packed `key`, created with zero sums when new.
    fn group(&mut self, key: &[u64]) -> Result<usize, PolarsError> {
        let hash = hash_words(key);
        let (records, stride) = (&self.records, self.stride);
        let found = self.index.find(hash, |&g| &records[g as usize * stride..][..key.len()] == key);
        if let Some(&g) = found {
            return Ok(g as usize);
        }
        let g = self.len();
        let code = next_code(g)?;
        self.records.extend_from_slice(key);
        self.records.resize(self.records.len() + 3 * self.n_sums, 0);
        let (records, key_words) = (&self.records, self.key_words);
        self.index.insert_unique(hash, code, |&g| {
            hash_words(&records[g as usize * stride..][..key_words])
        });
        Ok(g)
    }

    /// Sum `j` of `group`: its total and count.
    fn sum(&self, group: usize, j: usize) -> (i128, u64) {
        let at = group * self.stride + self.key_words + 3 * j;
        let r = &self.records[at..at + 3];
        let total = (u128::from(r[1]) << 64 | u128::from(r[0])) as i128;
        (total, r[2])
    }

    /// Adds `value` (and `count` values) to sum `j` of `group`.
    fn add(&mut self, group: usize, j: usize, value: i128, count: u64) -> Result<(), PolarsError> {
        let (total, n) = self.sum(group, j);
        let total = total
            .checked_add(value)
            .ok_or_else(|| polars_err!(ComputeError: "a cost sum overflows 128 bits"))?;
        let at = group * self.stride + self.key_words + 3 * j;
        let r = &mut self.records[at..at + 3];
        r[0] = total as u64;
        r[1] = (total as u128 >> 64) as u64;
        r[2] = n + count;
        Ok(())
    }
}

/// A multiply-fold hash of a few words of packed codes (small, dense numbers, so they are
/// mixed).
fn hash_words(key: &[u64]) -> u64 {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut h: u64 = 0x243F_6A88_85A3_08D3;
    for &w in key {
        let m = u128::from(h ^ w) * u128::from(K);
        h = (m as u64) ^ ((m >> 64) as u64);
    }
    h
}

/// What one worker has folded.
struct Partial {
    keys: Vec<String>,
    sums: Vec<String>,
    scales: Option<Vec<u32>>,
    periods: Periods,
    columns: Vec<Column>,
    table: Table,
    bad: u64,
}

impl Partial {
    fn new(keys: Vec<String>, sums: Vec<String>) -> Partial {
        let table = Table::new(1 + keys.len(), sums.len());
        Partial {
            columns: keys.iter().map(|_| Column::new()).collect(),
            periods: Periods { values: vec![None], index: HashMap::default() },
            keys,
            sums,
            scales: None,
            table,
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
        let mut decimals = Vec::with_capacity(self.sums.len());
        let mut scales = Vec::with_capacity(self.sums.len());
        for name in &self.sums {
            let ca = df.column(name.as_str())?.decimal()?;
            scales.push(u32::try_from(ca.scale()).unwrap_or(0));
            decimals.push(ca.physical().rechunk().into_owned());
        }
        match &self.scales {
            None => self.scales = Some(scales),
            Some(known) if *known != scales => {
                polars_bail!(ComputeError: "decimal scales differ between batches")
            }
            Some(_) => {}
        }
        let decimals: Vec<_> = decimals
            .iter()
            .filter_map(|ca| ca.downcast_iter().next())
            .map(|arr| (arr.values().as_slice(), arr.validity()))
            .collect();
        if decimals.len() != self.sums.len() {
            polars_bail!(ComputeError: "a summed column has no data");
        }

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
        for (name, column) in self.keys.iter().zip(&mut self.columns) {
            let mut out = Vec::with_capacity(n);
            column.codes(df.column(name.as_str())?.str()?, &mut out)?;
            codes.push(out);
        }

        let mut key = vec![0u32; codes.len()];
        let mut packed = vec![0u64; self.table.key_words];
        for row in 0..n {
            for (k, column) in key.iter_mut().zip(&codes) {
                *k = column[row];
            }
            Table::pack(&key, &mut packed);
            let g = self.table.group(&packed)?;
            for (j, (values, validity)) in decimals.iter().enumerate() {
                if validity.is_none_or(|v| v.get_bit(row)) {
                    self.table.add(g, j, values[row], 1)?;
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
        let periods = other
            .periods
            .values
            .iter()
            .map(|p| self.periods.code(*p))
            .collect::<Result<Vec<_>, _>>()?;
        let mut translate = vec![periods];
        for (mine, theirs) in self.columns.iter_mut().zip(&other.columns) {
            let map = theirs
                .values
                .iter()
                .map(|v| {
                    v.as_deref().map_or(Ok(0), |bytes| {
                        Column::intern(&mut mine.values, &mut mine.index, bytes)
                    })
                })
                .collect::<Result<Vec<_>, _>>()?;
            translate.push(map);
        }
        let mut key = vec![0u32; translate.len()];
        let mut packed = vec![0u64; self.table.key_words];
        for g in 0..other.table.len() {
            for ((k, code), map) in key.iter_mut().zip(other.table.codes(g)).zip(&translate) {
                *k = map[code as usize];
            }
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
        let rows = (0..table.len())
            .map(|g| {
                let key = table.codes(g);
                let period = self.periods.values[key[0] as usize];
                let strings = key[1..]
                    .iter()
                    .zip(&self.columns)
                    .map(|(&code, column)| {
                        column.values[code as usize]
                            .as_deref()
                            .map(|b| String::from_utf8_lossy(b).into_owned())
                    })
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
        let g = group(df, &["service".into()], &["cost".into()]).unwrap();
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

    fn values(column: &Column, codes: &[u32]) -> Vec<Option<String>> {
        codes
            .iter()
            .map(|&c| {
                column.values[c as usize].as_deref().map(|b| String::from_utf8_lossy(b).into())
            })
            .collect()
    }

    /// Slices of one array share its buffers (the cached views are reused), other arrays with
    /// the same strings elsewhere get the same codes, and more buffer sets than there are
    /// caches are still coded by value.
    #[test]
    fn codes_follow_values_whatever_the_buffers() {
        let long_a = "arn:aws:rds:eu-west-1:111122223333:db:orders-primary";
        let long_b = "arn:aws:elasticache:eu-west-1:111122223333:cluster:sessions";
        let rows = [Some(long_a), Some(long_b), Some("USD"), None, Some(""), Some(long_a)];
        let arr = Utf8ViewArray::from_slice(rows);
        let mut column = Column::new();
        let mut codes = Vec::new();
        for (offset, len) in [(0, 3), (3, 3)] {
            let part = arr.clone().sliced(offset, len);
            column.codes(&StringChunked::with_chunk("s".into(), part), &mut codes).unwrap();
        }
        assert_eq!(values(&column, &codes), rows.map(|r| r.map(String::from)).to_vec());
        assert_eq!(column.caches.len(), 1, "the slices share one set of buffers");
        assert_eq!((codes[0], codes[3]), (codes[5], 0));

        for i in 0..VIEW_CACHES + 2 {
            let other = [Some(long_b), Some(long_a), if i % 2 == 0 { None } else { Some("USD") }];
            let before = column.values.len();
            let mut more = Vec::new();
            let arr = Utf8ViewArray::from_slice(other);
            column.codes(&StringChunked::with_chunk("s".into(), arr), &mut more).unwrap();
            assert_eq!(values(&column, &more), other.map(|r| r.map(String::from)).to_vec());
            assert_eq!((more[0], more[1]), (codes[1], codes[0]));
            assert_eq!(column.values.len(), before, "no value is interned twice");
        }
        assert_eq!(column.caches.len(), VIEW_CACHES);
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

        let mut one = Partial::new(keys.clone(), sums.clone());
        one.fold(&first).unwrap();
        one.fold(&second).unwrap();
        let mut a = Partial::new(keys.clone(), sums.clone());
        a.fold(&first).unwrap();
        let mut b = Partial::new(keys, sums);
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
        let g = group(frame, &["service".into()], &["cost".into()]).unwrap();

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
