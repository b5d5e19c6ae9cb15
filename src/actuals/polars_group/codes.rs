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
//! view is seen, and the long strings are found by their offset without hashing (`OffsetIndex`).
//! A column keeps caches for the last few sets of buffers, because polars decodes row groups in
//! parallel and batches can alternate between them; the buffers are kept so that they stay
//! alive and no other data can take their addresses. A batch in buffers of its own
//! (plain-encoded pages, CSV) only misses the cache: slower, still exact.

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use polars::prelude::*;
use polars_arrow::array::{Array, Utf8ViewArray, View};
use polars_buffer::Buffer;

type Fast = foldhash::fast::RandomState;

/// How many sets of buffers a column keeps view caches for: polars decodes row groups in
/// parallel, so a worker's batches can alternate between a few dictionaries.
const VIEW_CACHES: usize = 4;

/// Interned values of one key column, and the view caches of the buffers seen last.
pub(super) struct Column {
    /// Code → value; code 0 is null.
    pub values: Vec<Option<Box<[u8]>>>,
    index: HashMap<Box<[u8]>, u32, Fast>,
    /// When set, the values not in this list get the code of null.
    only: Option<&'static [&'static str]>,
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
    /// Built when `arr`'s strings repeat, or else when the buffers come back in another array.
    by_offset: Option<OffsetIndex>,
    /// Whether the index was built, or tried when the buffers came back.
    tried: bool,
    used: u64,
}

/// The codes of the long strings of one set of buffers, found by where they start.
///
/// A dictionary's strings lie one after another in its buffers, so a string of at least
/// `2^shift` bytes is the only one that starts in its `2^shift`-byte block of a buffer: the
/// block number is a slot of its own, without hashing. A slot holds the code and, to check that
/// a view is the one stored there, the string's length and its start within the block (views
/// into the same bytes that overlap, as no dictionary makes them, share a block: the first one
/// stored keeps the slot and the others are found through `by_view`). One 8-byte slot per block
/// is a fraction of a hash map keyed by whole views, so the slots of a large dictionary stay in
/// the processor's cache when the map would not.
struct OffsetIndex {
    shift: u32,
    /// The first slot of each buffer.
    bases: Vec<usize>,
    /// `tag << 32 | code`, 0 when empty (a tag is never 0).
    slots: Vec<u64>,
}

/// The most slots an offset index has (32 MiB); buffers that would need more go by `by_view`.
const MAX_SLOTS: usize = 1 << 22;

impl OffsetIndex {
    /// The index for `arr`'s buffers, with blocks as long as the shortest long string of `arr`
    /// allows (between 8 and 128 bytes); `None` when `arr` has no long strings or the buffers
    /// are too large. At the first sight of the buffers, also `None` unless `arr`'s long
    /// strings repeat (they add up to more than the buffers hold): buffers of distinct strings
    /// (a batch's own, from plain pages or CSV) would fill the index once and never use it.
    fn new(arr: &Utf8ViewArray, first_sight: bool) -> Option<OffsetIndex> {
        let long = arr.views().iter().filter(|v| v.length > View::MAX_INLINE_SIZE);
        let (shortest, total) = long
            .fold((u32::MAX, 0usize), |(min, sum), v| (min.min(v.length), sum + v.length as usize));
        let held: usize = arr.data_buffers().iter().map(|b| b.len()).sum();
        if total == 0 || (first_sight && 4 * held > 3 * total) {
            return None;
        }
        let shift = shortest.ilog2().min(7);
        let mut bases = Vec::with_capacity(arr.data_buffers().len());
        let mut slots = 0usize;
        for buffer in arr.data_buffers().iter() {
            bases.push(slots);
            slots += (buffer.len() >> shift) + 1;
        }
        (slots <= MAX_SLOTS).then(|| OffsetIndex { shift, bases, slots: vec![0; slots] })
    }

    /// The slot of a view and the tag that says the slot is this view's; `None` for a view
    /// this index does not cover.
    #[inline]
    fn slot(&self, view: &View) -> Option<(usize, u64)> {
        if view.length >> self.shift == 0 || view.length >= 1 << 24 {
            return None;
        }
        let base = *self.bases.get(view.buffer_idx as usize)?;
        let at = base + (view.offset >> self.shift) as usize;
        let within = u64::from(view.offset & ((1 << self.shift) - 1));
        Some((at, u64::from(view.length) << 8 | within))
    }
}

impl ViewCache {
    /// A cache for `arr`'s buffers, met for the first time.
    fn new(arr: &Utf8ViewArray) -> ViewCache {
        let by_offset = OffsetIndex::new(arr, true);
        ViewCache {
            buffers: arr.data_buffers().clone(),
            by_view: HashMap::default(),
            tried: by_offset.is_some(),
            by_offset,
            used: 0,
        }
    }

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
    pub fn new(only: Option<&'static [&'static str]>) -> Column {
        Column { values: vec![None], index: HashMap::default(), only, caches: Vec::new(), clock: 0 }
    }

    /// The code of `bytes`: 0 for a value outside `only`, else its interned code (new values
    /// are interned). A function of the fields, not of `self`, so that `codes` can hold a view
    /// cache at the same time. Kept out of line, like `codes`: inlined into the worker's loop,
    /// the fold measured 50% slower.
    #[cold]
    #[inline(never)]
    fn code_of(
        values: &mut Vec<Option<Box<[u8]>>>,
        index: &mut HashMap<Box<[u8]>, u32, Fast>,
        only: Option<&[&str]>,
        bytes: &[u8],
    ) -> Result<u32, PolarsError> {
        if only.is_some_and(|o| !o.iter().any(|v| v.as_bytes() == bytes)) {
            return Ok(0);
        }
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
            let Column { values, index, caches, only, .. } = self;
            let ViewCache { by_view, by_offset, .. } = &mut caches[cache];
            let validity = arr.validity();
            // Runs of one value (a currency, a month, sorted input) skip the lookup.
            let mut last: Option<(u128, u32)> = None;
            for (i, view) in arr.views().iter().enumerate() {
                if validity.is_some_and(|v| !v.get_bit(i)) {
                    out.push(0);
                    continue;
                }
                let bits = view.as_u128();
                if let Some((v, code)) = last
                    && v == bits
                {
                    out.push(code);
                    continue;
                }
                let slot = by_offset.as_mut().and_then(|ix| {
                    let (at, tag) = ix.slot(view)?;
                    ix.slots.get_mut(at).map(|slot| (slot, tag))
                });
                let code = match slot {
                    Some((slot, tag)) if *slot >> 32 == tag => *slot as u32,
                    slot => {
                        let code = match by_view.entry(bits) {
                            Entry::Occupied(seen) => *seen.get(),
                            Entry::Vacant(new) => *new.insert(Column::code_of(
                                values,
                                index,
                                *only,
                                arr.value(i).as_bytes(),
                            )?),
                        };
                        if let Some((slot, tag)) = slot.filter(|(slot, _)| **slot == 0) {
                            *slot = tag << 32 | u64::from(code);
                        }
                        code
                    }
                };
                last = Some((bits, code));
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
            Some(at) => {
                // Buffers met again (a dictionary's, shared by the batches of a row group) are
                // worth an offset index.
                let cache = &mut self.caches[at];
                if !cache.tried {
                    cache.tried = true;
                    cache.by_offset = OffsetIndex::new(arr, false);
                }
                at
            }
            None if self.caches.len() < VIEW_CACHES => {
                self.caches.push(ViewCache::new(arr));
                self.caches.len() - 1
            }
            None => {
                let at = (0..self.caches.len()).min_by_key(|&i| self.caches[i].used).unwrap_or(0);
                self.caches[at] = ViewCache::new(arr);
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

fn next_code(len: usize) -> Result<u32, PolarsError> {
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
        let mut column = Column::new(None);
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

    /// Long strings are found by where they start, and views that share a block (overlapping
    /// bytes, or strings shorter than the block) still get the code of their own value.
    #[test]
    fn offset_index_checks_the_view_in_the_slot() {
        let text =
            "arn:aws:s3:::orders-archive-eu-west-1-0001arn:aws:s3:::orders-archive-eu-west-1-0002";
        let buffers: Buffer<Buffer<u8>> = vec![Buffer::from(text.as_bytes().to_vec())].into();
        let view = |offset: usize, len: usize| {
            let bytes = &text.as_bytes()[offset..offset + len];
            View::new_from_bytes(bytes, 0, u32::try_from(offset).unwrap())
        };
        let array = |views: Vec<View>| {
            let arr = Utf8ViewArray::try_new(
                ArrowDataType::Utf8View,
                views.into(),
                buffers.clone(),
                None,
            )
            .unwrap();
            StringChunked::with_chunk("s".into(), arr)
        };
        // 42-byte strings: blocks of 32 bytes. The third view starts in the first one's block.
        let (first, second, inside) = (view(0, 42), view(42, 42), view(1, 42));
        let mut column = Column::new(None);
        let mut codes = Vec::new();
        column.codes(&array(vec![first]), &mut codes).unwrap();
        assert!(column.caches[0].by_offset.is_none(), "buffers seen once have no index");
        // The second array in the same buffers builds the index.
        column.codes(&array(vec![first, second, inside, first]), &mut codes).unwrap();
        // A later array in the same buffers: a 30-byte string at the first one's offset.
        column.codes(&array(vec![view(0, 30), inside, second, first]), &mut codes).unwrap();
        let expected =
            [(0, 42), (0, 42), (42, 42), (1, 42), (0, 42), (0, 30), (1, 42), (42, 42), (0, 42)];
        let expected: Vec<_> =
            expected.iter().map(|&(o, l)| Some(text[o..o + l].to_string())).collect();
        assert_eq!(values(&column, &codes), expected);
        assert_eq!(column.caches.len(), 1);
        let index = column.caches[0].by_offset.as_ref().expect("an offset index");
        assert_eq!(index.shift, 5);
        assert_eq!(index.slots.iter().filter(|&&s| s != 0).count(), 2, "one slot per block");

        // Strings that repeat within the first array: the index is built at once.
        let mut column = Column::new(None);
        column.codes(&array(vec![first, second, first, second]), &mut Vec::new()).unwrap();
        assert!(column.caches[0].by_offset.is_some());
    }

    /// A column that keeps only some values codes the others as null.
    #[test]
    fn values_outside_the_kept_list_are_null() {
        let mut column = Column::new(Some(&["Credit", "Refund"]));
        let rows =
            [Some("Usage"), Some("Credit"), Some("Tax"), Some("Refund"), None, Some("Credit")];
        let mut codes = Vec::new();
        let arr = Utf8ViewArray::from_slice(rows);
        column.codes(&StringChunked::with_chunk("s".into(), arr), &mut codes).unwrap();
        let kept = [None, Some("Credit"), None, Some("Refund"), None, Some("Credit")];
        assert_eq!(values(&column, &codes), kept.map(|r| r.map(String::from)).to_vec());
        assert_eq!(column.values.len(), 3, "only the kept values are interned");
    }
}
