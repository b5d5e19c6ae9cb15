//! The group table of one fold: packed key codes → group number, with each group's sums.
//!
//! Contract: `groups` gives every key of a block its group number, creating groups (with zero
//! sums) for keys not seen before; group numbers are dense, in order of creation, and never
//! change. `add` adds to a group's sum exactly (an overflow of 128 bits is an error). Which
//! index the table uses (`lead_by`) changes how fast, never what, it answers.
//!
//! Layout: each group is one record of `stride` words in a single vector (its packed codes, then
//! per summed column the total as two words and the count), so finding a group and adding to its
//! sums touch one or two cache lines. Groups are chained: `heads[i]` is the last group created
//! with index value `i` (plus one; 0 is none) and `next[g]` the one before it in the chain.
//!
//! Index value: by default a hash of the whole key, with at least twice as many heads as groups.
//! The fold can instead name a lead key column, the one with the most distinct values (billing:
//! the resource id): the index value is then that column's code itself, no hash is computed, and
//! the heads are one 4-byte word per value of that column, small enough to stay in the
//! processor's cache where a hash index of all groups does not. A chain then holds the groups of
//! one lead value (on the bench month, 1.2 on average); when chains get long (more than
//! `LEAD_CHAIN` groups per lead value on average) the table goes back to hashing.
//!
//! Why blocks: with tens of thousands of groups in random order, nearly every row's record is a
//! cache miss. `groups` first reads the head of every key of a block and touches the candidate
//! record of each, before comparing: those loads do not depend on each other, so the processor
//! overlaps their misses instead of waiting for them one row at a time. The reads are only
//! hints; the comparison that follows decides, so a stale hint costs time, never correctness.

use polars::prelude::*;

/// Rows per block of `groups`.
const BLOCK: usize = 16;

/// The most groups per lead value, on average, before the table hashes whole keys instead
/// (checked from `LEAD_CHECKED` groups on, so that the first rows do not decide).
const LEAD_CHAIN: usize = 4;
const LEAD_CHECKED: usize = 4096;

pub(super) struct Table {
    width: usize,
    pub n_sums: usize,
    /// Words of packed codes at the start of a record.
    pub key_words: usize,
    stride: usize,
    records: Vec<u64>,
    /// Per group, the previous group of its chain plus one (0 ends the chain).
    next: Vec<u32>,
    /// Per index value, the last group of its chain plus one (0 is none).
    heads: Vec<u32>,
    /// The code position whose value is the index value, or `None` for a hash of the key.
    lead: Option<usize>,
    /// Heads in use (lead index only).
    used: usize,
}

impl Table {
    pub fn new(width: usize, n_sums: usize) -> Table {
        let key_words = width.div_ceil(2);
        Table {
            width,
            n_sums,
            key_words,
            stride: key_words + 3 * n_sums,
            records: Vec::new(),
            next: Vec::new(),
            heads: vec![0; 1024],
            lead: None,
            used: 0,
        }
    }

    pub fn len(&self) -> usize {
        self.next.len()
    }

    /// Packs `codes` (`width` of them) into `out` (`key_words` words).
    pub fn pack(codes: &[u32], out: &mut [u64]) {
        for (word, pair) in out.iter_mut().zip(codes.chunks(2)) {
            *word = u64::from(pair[0]) | pair.get(1).map_or(0, |&c| u64::from(c) << 32);
        }
    }

    /// The codes of `group`.
    pub fn codes(&self, group: usize) -> Vec<u32> {
        let words = &self.records[group * self.stride..][..self.key_words];
        let mut codes: Vec<u32> =
            words.iter().flat_map(|&w| [w as u32, (w >> 32) as u32]).collect();
        codes.truncate(self.width);
        codes
    }

    /// Indexes the groups by the code at position `lead` of the key (`None`: by a hash of the
    /// key); see the module doc.
    pub fn lead_by(&mut self, lead: Option<usize>) {
        self.lead = lead.filter(|&c| c < self.width);
        self.reindex();
    }

    /// The group of every packed key in `keys` (`key_words` words each), appended to `out`.
    pub fn groups(&mut self, keys: &[u64], out: &mut Vec<u32>) -> Result<(), PolarsError> {
        let kw = self.key_words;
        for block in keys.chunks(BLOCK * kw) {
            let mut touched = 0u64;
            for key in block.chunks_exact(kw) {
                if let Some(&head) = self.heads.get(self.index_of(key))
                    && head != 0
                {
                    touched ^= self.records[(head as usize - 1) * self.stride];
                }
            }
            std::hint::black_box(touched);
            // The index is taken again: a new group can reindex the table.
            for key in block.chunks_exact(kw) {
                out.push(self.find_or_insert(key, self.index_of(key))?);
            }
        }
        Ok(())
    }

    /// The group of one packed key.
    pub fn group(&mut self, key: &[u64]) -> Result<usize, PolarsError> {
        let at = self.index_of(key);
        self.find_or_insert(key, at).map(|g| g as usize)
    }

    /// The head a key's chain starts at (it may be past the end of `heads` for a new lead
    /// value).
    fn index_of(&self, key: &[u64]) -> usize {
        match self.lead {
            Some(c) => (key[c / 2] >> (32 * (c % 2))) as u32 as usize,
            None => hash_words(key) as usize & (self.heads.len() - 1),
        }
    }

    fn find_or_insert(&mut self, key: &[u64], at: usize) -> Result<u32, PolarsError> {
        let mut link = self.heads.get(at).copied().unwrap_or(0);
        while link != 0 {
            let g = link as usize - 1;
            if self.records[g * self.stride..][..self.key_words] == *key {
                return Ok(g as u32);
            }
            link = self.next[g];
        }
        let g = self.len();
        let number = u32::try_from(g + 1)
            .ok()
            .filter(|&n| n != u32::MAX)
            .ok_or_else(|| polars_err!(ComputeError: "more than 4 billion billing groups"))?;
        self.records.extend_from_slice(key);
        self.records.resize(self.records.len() + 3 * self.n_sums, 0);
        self.next.push(0);
        self.link(g, at);
        let too_long = self.lead.is_some()
            && self.len() >= LEAD_CHECKED
            && self.len() > LEAD_CHAIN * self.used;
        if too_long {
            self.lead = None;
            self.reindex();
        } else if self.lead.is_none() && self.len() * 2 > self.heads.len() {
            self.reindex();
        }
        Ok(number - 1)
    }

    /// Rebuilds the chains for the current index, with at least twice as many hash heads as
    /// groups.
    fn reindex(&mut self) {
        let heads = match self.lead {
            Some(_) => self.heads.len(),
            None => (2 * self.len() + 2).next_power_of_two().max(1024),
        };
        self.heads = vec![0; heads];
        self.used = 0;
        for g in 0..self.len() {
            let at = self.index_of(&self.records[g * self.stride..][..self.key_words]);
            self.link(g, at);
        }
    }

    /// Puts `group` at the head of chain `at` (heads grow for a new lead value past them).
    fn link(&mut self, group: usize, at: usize) {
        if at >= self.heads.len() {
            self.heads.resize((at + 1).next_power_of_two().max(2 * self.heads.len()), 0);
        }
        if self.heads[at] == 0 {
            self.used += 1;
        }
        self.next[group] = self.heads[at];
        self.heads[at] = group as u32 + 1;
    }

    /// Sum `j` of `group`: its total and count.
    pub fn sum(&self, group: usize, j: usize) -> (i128, u64) {
        let r = &self.records[group * self.stride + self.key_words + 3 * j..][..3];
        let total = (u128::from(r[1]) << 64 | u128::from(r[0])) as i128;
        (total, r[2])
    }

    /// Adds `value` (and `count` values) to sum `j` of `group`.
    pub fn add(
        &mut self,
        group: usize,
        j: usize,
        value: i128,
        count: u64,
    ) -> Result<(), PolarsError> {
        let (total, n) = self.sum(group, j);
        let total = total
            .checked_add(value)
            .ok_or_else(|| polars_err!(ComputeError: "a cost sum overflows 128 bits"))?;
        let r = &mut self.records[group * self.stride + self.key_words + 3 * j..][..3];
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Blocks, single keys, growth, each index and sums: every key keeps its group number,
    /// new keys get the next one, and sums are exact past 64 bits.
    #[test]
    fn keys_keep_their_groups_through_growth() {
        let key = |i: u32| {
            let mut packed = [0u64; 2];
            Table::pack(&[i % 7, i, i / 3], &mut packed);
            packed
        };
        let keys: Vec<u64> = (0..5000).flat_map(key).collect();
        let reversed: Vec<u64> = (0..5000).rev().flat_map(key).collect();
        // Hashed; led by a column of distinct values; led by a column of 7 values, whose
        // chains grow too long, so that the table goes back to hashing halfway.
        for lead in [None, Some(1), Some(0)] {
            let mut table = Table::new(3, 1);
            table.lead_by(lead);
            let mut groups = Vec::new();
            table.groups(&keys, &mut groups).unwrap();
            assert_eq!(groups, (0..5000).collect::<Vec<u32>>(), "{lead:?}");
            assert_eq!(table.lead, lead.filter(|&c| c == 1));
            if table.lead.is_none() {
                assert!(table.heads.len() >= 2 * table.len());
            }
            let mut again = Vec::new();
            table.groups(&reversed, &mut again).unwrap();
            assert_eq!(again, (0..5000).rev().collect::<Vec<u32>>(), "{lead:?}");
        }

        let mut table = Table::new(3, 1);
        table.groups(&keys, &mut Vec::new()).unwrap();
        assert_eq!(table.group(&key(5000)).unwrap(), 5000);
        assert_eq!(table.codes(4321), vec![4321 % 7, 4321, 4321 / 3]);

        let big = i128::from(u64::MAX) * 3;
        table.add(7, 0, big, 1).unwrap();
        table.add(7, 0, -1, 1).unwrap();
        assert_eq!(table.sum(7, 0), (big - 1, 2));
        assert_eq!(table.sum(8, 0), (0, 0));
        assert!(table.add(7, 0, i128::MAX, 1).is_err());
    }
}
