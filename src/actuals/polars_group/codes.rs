//! The codes of key values: each key column interns its values (code 0 is null) and, for
//! string columns, remembers the code of each view it has seen in a set of buffers.
//!
//! Contract: `Column::codes` appends one code per row; two rows get the same code exactly when
//! their values are equal (or both null), whatever arrays or buffers they come in; `values[code]`
//! is the value. `Periods` does the same for the integer period.
//!
//! Why views: Parquet stores billing strings dictionary-encoded and polars decodes a dictionary
//! page into 16-byte views that all point into the dictionary's buffer. Within one set of
//! buffers, equal views are equal strings (a view holds the length and either the whole string
//! or its buffer, offset and prefix), so a string's bytes are hashed only the first time its
//! view is seen. A column keeps caches for the last few sets of buffers, because polars decodes
//! row groups in parallel and batches can alternate between them; the buffers are
//! kept so that they stay alive and no other data can take their addresses. A batch in buffers
//! of its own (plain-encoded pages, CSV) only misses the cache: slower, still exact.

use std::collections::HashMap;

use polars::prelude::*;
use polars_arrow::array::{Array, Utf8ViewArray};
use polars_buffer::Buffer;

type Fast = foldhash::fast::RandomState;

/// How many sets of buffers a column keeps view caches for: polars decodes row groups in
/// parallel, so a worker's batches can alternate between a few dictionaries.
const VIEW_CACHES: usize = 4;

/// Interned values of one key column, and the view caches of the buffers seen last.
pub(super) struct Column {
    /// Code → value; code 0 is null.
    pub values: Vec<Option<Box<[u8]>>>,
    pub index: HashMap<Box<[u8]>, u32, Fast>,
    caches: Vec<ViewCache>,
    /// Counts the arrays coded, to find the least recently used cache.
    clock: u64,
}

/// The code of every view seen in one set of buffers.
struct ViewCache {
    /// The buffers, kept so that they stay alive and their addresses theirs (only the buffers:
    /// a batch's array can be a slice of a whole row group's views).
    buffers: Buffer<Buffer<u8>>,
    by_view: HashMap<u128, u32, Fast>,
    used: u64,
}

impl ViewCache {
    fn holds(&self, arr: &Utf8ViewArray) -> bool {
        let (old, new) = (&self.buffers, arr.data_buffers());
        old.len() == new.len()
            && old
                .iter()
                .zip(new.iter())
                .all(|(a, b)| a.as_ptr() == b.as_ptr() && a.len() == b.len())
    }
}

impl Column {
    pub fn new() -> Column {
        Column { values: vec![None], index: HashMap::default(), caches: Vec::new(), clock: 0 }
    }

    /// The code of `bytes`, interned when new (a function of the two fields, not of `self`, so
    /// that `codes` can hold a view cache at the same time). Kept out of line, like `codes`:
    /// inlined into the worker's loop, the fold measured 50% slower.
    #[cold]
    #[inline(never)]
    pub fn intern(
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
    pub fn codes(&mut self, ca: &StringChunked, out: &mut Vec<u32>) -> Result<(), PolarsError> {
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
                    buffers: arr.data_buffers().clone(),
                    by_view: HashMap::default(),
                    used: 0,
                });
                self.caches.len() - 1
            }
            None => {
                let at = (0..self.caches.len()).min_by_key(|&i| self.caches[i].used).unwrap_or(0);
                let cache = &mut self.caches[at];
                cache.buffers = arr.data_buffers().clone();
                cache.by_view.clear();
                at
            }
        };
        self.caches[at].used = self.clock;
        at
    }
}

/// Periods, interned like the string keys (code 0 is null).
pub(super) struct Periods {
    pub values: Vec<Option<i64>>,
    index: HashMap<i64, u32, Fast>,
}

impl Periods {
    pub fn new() -> Periods {
        Periods { values: vec![None], index: HashMap::default() }
    }

    pub fn code(&mut self, period: Option<i64>) -> Result<u32, PolarsError> {
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

pub(super) fn next_code(len: usize) -> Result<u32, PolarsError> {
    u32::try_from(len).map_err(|_| polars_err!(ComputeError: "more than 4 billion distinct values"))
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
