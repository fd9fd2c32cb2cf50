//! The word table of the cue scan: the first word of every pattern, looked
//! up whole for each word of the text (`Matcher::scan` and
//! `Matcher::normalize_scan`), with the L1 filter in front of it and, for
//! the words that begin longer patterns, what may follow them. Also the
//! FxHash used by the matcher's string tables.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use crate::normalize::word_end;

/// The hash of the matcher's string tables (FxHash: a multiply and a
/// rotate per 8 bytes). Its keys are pattern surfaces, and the text only
/// looks them up, so SipHash's resistance to chosen keys buys nothing here.
#[derive(Default, Clone, Copy)]
pub struct Fx(u64);

impl Fx {
    #[inline]
    fn add(&mut self, w: u64) {
        self.0 = (self.0.rotate_left(5) ^ w).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl Hasher for Fx {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes(c.try_into().expect("8 bytes")));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut b = [0u8; 8];
            b[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(b));
        }
    }
    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(i as u64);
    }
    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }
}

/// `BuildHasher` of [`Fx`].
pub type FastHash = BuildHasherDefault<Fx>;

/// The leading run of word characters of a pattern surface (empty if it
/// starts with a mark).
pub(super) fn first_word(surface: &str) -> &str {
    &surface[..word_end(surface, 0)]
}

/// What a whole word of the text can start, looked up in `WordTable`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Starts {
    /// No pattern that could be kept.
    Nothing,
    /// Exactly the one-word pattern with this id (no longer one starts here).
    Word(usize),
    /// The first word of a pattern that runs on past the word (`بحسب ما`,
    /// `وفقا ل`), at this slot of the table: the automaton decides, unless
    /// the text after the word starts none of the continuations.
    Longer(usize),
}

/// A first word that begins longer patterns (`على` of `على لسان`).
struct Longer {
    /// The word (compared in full when over 16 bytes).
    first: String,
    /// The one-word pattern equal to the word, if there is one.
    word: Option<u32>,
    /// The first (up to) four bytes of every continuation after the word,
    /// as `(bytes, mask)` of a little-endian `u32`.
    conts: Vec<(u32, u32)>,
}

/// The first words of all patterns that begin with a word character, in an
/// open-addressing hash table sized to stay in cache. Each slot holds what
/// tells its word apart without looking anywhere else: 32 bits of hash, the
/// word's length and its first and last eight bytes (for a word of up to 16
/// bytes, all of it), the id of the one-word pattern equal to the word
/// and/or `LONGER`. Looking a word up costs its hash and, usually, one slot
/// read; only a word over 16 bytes is compared byte by byte.
///
/// In front of it sits a 16 KB bit filter (one bit per hash value modulo
/// 2^17, set for every first word), small enough to stay in L1: most words
/// of a text start no form, and the filter turns them away without the
/// table's cache miss.
pub(super) struct WordTable {
    slots: Vec<Slot>,
    mask: usize,
    filter: Box<[u64; FILTER_WORDS]>,
    /// By slot, the words that begin longer patterns.
    longer: HashMap<usize, Longer, FastHash>,
}

/// One `WordTable` entry (all zero: empty).
#[derive(Debug, Clone, Copy, Default)]
struct Slot {
    /// Hash (high 32 bits), `LONGER` (bit 31), the word's length (bits
    /// 23–30) and the one-word pattern's id + 1 (bits 0–22; 0: none).
    meta: u64,
    head: u64,
    tail: u64,
}

/// `WordTable::filter` size, in 64-bit words (2^17 bits).
const FILTER_WORDS: usize = 1 << 11;

/// `Slot::meta` bit: some pattern starts with this word and runs past it.
const LONGER: u64 = 1 << 31;
const LEN_SHIFT: u32 = 23;
const ID_MASK: u64 = (1 << LEN_SHIFT) - 1;

/// A word's length in `Slot::meta` (255 for 255 bytes and more: such words
/// are compared in full anyway).
#[inline(always)]
fn len_bits(n: usize) -> u64 {
    n.min(255) as u64
}

/// A word as the table keys it: its length and its first and last eight
/// bytes (`tail` 0 for a word of up to eight bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Key {
    len: usize,
    head: u64,
    tail: u64,
}

impl Key {
    /// The key of the word `b[start..end]` (the bytes after a short word,
    /// if `b` has them, are read and masked off, which spares a copy).
    #[inline(always)]
    fn of(b: &[u8], start: usize, end: usize) -> Key {
        let n = end - start;
        let head = match b.get(start..start + 8) {
            Some(s) => u64::from_le_bytes(s.try_into().unwrap()) & if n >= 8 { !0 } else { (1 << (8 * n)) - 1 },
            None => {
                let mut buf = [0u8; 8];
                buf[..n.min(8)].copy_from_slice(&b[start..start + n.min(8)]);
                u64::from_le_bytes(buf)
            }
        };
        let tail = if n > 8 { u64::from_le_bytes(b[end - 8..end].try_into().unwrap()) } else { 0 };
        Key { len: n, head, tail }
    }

    #[inline(always)]
    fn hash(&self) -> u64 {
        let h = (self.head ^ (self.len as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15)).wrapping_mul(0xD6E8_FEB8_6659_FD93)
            ^ self.tail.wrapping_mul(0xA076_1D64_78BD_642F);
        h ^ (h >> 29)
    }
}

impl WordTable {
    /// The table of the first words of `surfaces` (those that begin with a
    /// word character).
    pub(super) fn build(surfaces: &[String]) -> WordTable {
        let mut firsts: HashMap<&str, u64, FastHash> = HashMap::default();
        let mut conts: HashMap<&str, Vec<(u32, u32)>, FastHash> = HashMap::default();
        for (id, s) in surfaces.iter().enumerate() {
            let w = first_word(s);
            if w.is_empty() {
                continue;
            }
            *firsts.entry(w).or_default() |= if w.len() == s.len() { id as u64 + 1 } else { LONGER };
            if w.len() < s.len() {
                let rest = &s.as_bytes()[w.len()..];
                let k = rest.len().min(4);
                let mut v = [0u8; 4];
                v[..k].copy_from_slice(&rest[..k]);
                let mask = if k == 4 { !0 } else { (1u32 << (8 * k)) - 1 };
                let c = conts.entry(w).or_default();
                if !c.contains(&(u32::from_le_bytes(v), mask)) {
                    c.push((u32::from_le_bytes(v), mask));
                }
            }
        }
        let n = (firsts.len() * 2).max(64).next_power_of_two();
        let mut table = WordTable {
            slots: vec![Slot::default(); n],
            mask: n - 1,
            filter: Box::new([0; FILTER_WORDS]),
            longer: HashMap::default(),
        };
        for (w, bits) in firsts {
            let key = Key::of(w.as_bytes(), 0, w.len());
            let h = key.hash();
            let f = h as usize % (FILTER_WORDS * 64);
            table.filter[f / 64] |= 1 << (f % 64);
            let mut i = (h >> 32) as usize & table.mask;
            while table.slots[i].meta != 0 {
                i = (i + 1) & table.mask;
            }
            assert!(
                bits & !LONGER < ID_MASK,
                "more than 8 million surface forms (the limit is {})",
                crate::patterns::MAX_SURFACES
            );
            let meta = (h & !0xFFFF_FFFF) | (bits & LONGER) | (len_bits(w.len()) << LEN_SHIFT) | (bits & ID_MASK);
            table.slots[i] = Slot { meta, head: key.head, tail: key.tail };
            if bits & LONGER != 0 {
                let word = (bits & ID_MASK).checked_sub(1).map(|id| id as u32);
                let conts = conts.remove(w).unwrap_or_default();
                table.longer.insert(i, Longer { first: w.to_string(), word, conts });
            }
        }
        table
    }

    /// Whether the text after the word `b[..end]` found at table slot `slot`
    /// as one that begins longer patterns may start one of their
    /// continuations; if not, the one-word pattern equal to the word, if
    /// any, is the only one that can match there. (Too near the end of the
    /// text, it may go on: the automaton decides.)
    #[inline]
    pub(super) fn may_go_on(&self, slot: usize, b: &[u8], end: usize) -> (bool, Option<u32>) {
        let info = &self.longer[&slot];
        match b.get(end..end + 4) {
            Some(t) => {
                let t = u32::from_le_bytes(t.try_into().expect("4 bytes"));
                (info.conts.iter().any(|&(v, m)| t & m == v), info.word)
            }
            None => (true, info.word),
        }
    }

    /// What the word `b[start..end]` starts.
    #[inline(always)]
    pub(super) fn get(&self, surfaces: &[String], b: &[u8], start: usize, end: usize) -> Starts {
        let key = Key::of(b, start, end);
        let h = key.hash();
        let f = h as usize % (FILTER_WORDS * 64);
        if self.filter[f / 64] & (1 << (f % 64)) == 0 {
            return Starts::Nothing;
        }
        let want = (h & !0xFFFF_FFFF) | (len_bits(key.len) << LEN_SHIFT);
        let mut i = (h >> 32) as usize & self.mask;
        loop {
            let slot = &self.slots[i];
            if slot.meta == 0 {
                return Starts::Nothing;
            }
            if slot.meta & !(LONGER | ID_MASK) == want && slot.head == key.head && slot.tail == key.tail {
                // equal up to 16 bytes; a longer word is compared in full
                let id = (slot.meta & ID_MASK) as usize;
                let same = key.len <= 16
                    || if slot.meta & LONGER != 0 {
                        self.longer[&i].first.as_bytes() == &b[start..end]
                    } else {
                        surfaces[id - 1].as_bytes() == &b[start..end]
                    };
                if same {
                    return if slot.meta & LONGER != 0 { Starts::Longer(i) } else { Starts::Word(id - 1) };
                }
            }
            i = (i + 1) & self.mask;
        }
    }
}
