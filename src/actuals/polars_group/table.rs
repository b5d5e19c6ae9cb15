//! The group table of one fold: packed key codes → group number, with each group's sums.
//!
//! Contract: `groups` gives every key of a block its group number, creating groups (with zero
//! sums) for keys not seen before; group numbers are dense, in order of creation, and never
//! change. `add` adds to a group's sum exactly (an overflow of 128 bits is an error).
//!
//! Layout: each group is one record of `stride` words in a single vector (its packed codes, then
//! per summed column the total as two words and the count), so finding a group and adding to its
//! sums touch one or two cache lines. The index is open addressing with linear probing over
//! 64-bit slots holding the upper half of the hash (compared before any record is read) and the
//! group number plus one (0 is an empty slot), kept at most half full.
//!
//! Why blocks: with tens of thousands of groups in random order, nearly every row's slot and
//! record are cache misses. `groups` first reads the home slot of every key of a block, then the
//! candidate record of each, before probing: those loads do not depend on each other, so the
//! processor overlaps their misses instead of waiting for them one row at a time. The reads are
//! only hints; the probe that follows decides, so a stale hint costs time, never correctness.

use polars::prelude::*;

/// Rows per block of `groups`.
const BLOCK: usize = 16;

pub(super) struct Table {
    width: usize,
    pub n_sums: usize,
    /// Words of packed codes at the start of a record.
    pub key_words: usize,
    stride: usize,
    records: Vec<u64>,
    slots: Vec<u64>,
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
            slots: vec![0; 1024],
        }
    }

    pub fn len(&self) -> usize {
        self.records.len() / self.stride
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

    /// The group of every packed key in `keys` (`key_words` words each), appended to `out`.
    pub fn groups(&mut self, keys: &[u64], out: &mut Vec<u32>) -> Result<(), PolarsError> {
        let kw = self.key_words;
        for block in keys.chunks(BLOCK * kw) {
            let mut hashes = [0u64; BLOCK];
            let mut homes = [0u64; BLOCK];
            let rows = block.len() / kw;
            let mask = self.slots.len() - 1;
            for (b, key) in block.chunks_exact(kw).enumerate() {
                hashes[b] = hash_words(key);
                homes[b] = self.slots[hashes[b] as usize & mask];
            }
            let mut touched = 0u64;
            for b in 0..rows {
                if let Some(g) = self.candidate(homes[b], hashes[b]) {
                    let record = &self.records[g * self.stride..][..self.stride];
                    touched ^= record[0] ^ record[self.stride - 1];
                }
            }
            std::hint::black_box(touched);
            for (b, key) in block.chunks_exact(kw).enumerate() {
                out.push(self.find_or_insert(key, hashes[b])?);
            }
        }
        Ok(())
    }

    /// The group of one packed key.
    pub fn group(&mut self, key: &[u64]) -> Result<usize, PolarsError> {
        self.find_or_insert(key, hash_words(key)).map(|g| g as usize)
    }

    /// The group a slot points to when its hash half matches.
    fn candidate(&self, slot: u64, hash: u64) -> Option<usize> {
        (slot != 0 && slot >> 32 == hash >> 32).then(|| (slot as u32 - 1) as usize)
    }

    fn find_or_insert(&mut self, key: &[u64], hash: u64) -> Result<u32, PolarsError> {
        let mask = self.slots.len() - 1;
        let mut at = hash as usize & mask;
        loop {
            let slot = self.slots[at];
            if slot == 0 {
                break;
            }
            if let Some(g) = self.candidate(slot, hash)
                && self.records[g * self.stride..][..self.key_words] == *key
            {
                return Ok(g as u32);
            }
            at = (at + 1) & mask;
        }
        let g = self.len();
        let number = u32::try_from(g + 1)
            .ok()
            .filter(|&n| n != u32::MAX)
            .ok_or_else(|| polars_err!(ComputeError: "more than 4 billion billing groups"))?;
        self.records.extend_from_slice(key);
        self.records.resize(self.records.len() + 3 * self.n_sums, 0);
        self.slots[at] = (hash >> 32) << 32 | u64::from(number);
        if self.len() * 2 > self.slots.len() {
            self.grow();
        }
        Ok(number - 1)
    }

    /// Doubles the index and puts every group back.
    fn grow(&mut self) {
        let mut slots = vec![0u64; self.slots.len() * 2];
        let mask = slots.len() - 1;
        for g in 0..self.len() {
            let hash = hash_words(&self.records[g * self.stride..][..self.key_words]);
            let mut at = hash as usize & mask;
            while slots[at] != 0 {
                at = (at + 1) & mask;
            }
            slots[at] = (hash >> 32) << 32 | (g as u64 + 1);
        }
        self.slots = slots;
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

    /// Blocks, single keys, growth and sums: every key keeps its group number, new keys get
    /// the next one, and sums are exact past 64 bits.
    #[test]
    fn keys_keep_their_groups_through_growth() {
        let mut table = Table::new(3, 1);
        let key = |i: u32| {
            let mut packed = [0u64; 2];
            Table::pack(&[i % 7, i, i / 3], &mut packed);
            packed
        };
        let keys: Vec<u64> = (0..5000).flat_map(key).collect();
        let mut groups = Vec::new();
        table.groups(&keys, &mut groups).unwrap();
        assert_eq!(groups, (0..5000).collect::<Vec<u32>>());
        assert!(table.slots.len() >= 2 * table.len());

        let mut again = Vec::new();
        let reversed: Vec<u64> = (0..5000).rev().flat_map(key).collect();
        table.groups(&reversed, &mut again).unwrap();
        assert_eq!(again, (0..5000).rev().collect::<Vec<u32>>());
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
