//! Where the words of a normalised text start and end, recorded while
//! normalisation makes them (`cues::Matcher::normalize_scan_words`), so that
//! resolution finds a word's edges with a bit search instead of decoding
//! its letters again for every look at it.

/// One bit per byte offset of the text where a word (a run of
/// [`is_word_char`](super::is_word_char) characters) starts, and one where
/// a word ends (the offset after its last character; the text length for a
/// word at its end).
#[derive(Debug, Clone, Default)]
pub struct WordBounds {
    starts: Vec<u64>,
    ends: Vec<u64>,
}

impl WordBounds {
    /// Room for a text of about `len` bytes (it grows if the text is longer).
    pub fn with_capacity(len: usize) -> WordBounds {
        let n = len / 64 + 1;
        WordBounds { starts: vec![0; n], ends: vec![0; n] }
    }

    /// Make room for every offset of a text of `len` bytes.
    pub fn fit(&mut self, len: usize) {
        if len / 64 >= self.ends.len() {
            self.starts.resize(len / 64 + 1, 0);
            self.ends.resize(len / 64 + 1, 0);
        }
    }

    /// The word `[start, end)`, reported in text order.
    #[inline(always)]
    pub fn add(&mut self, start: usize, end: usize) {
        if end / 64 >= self.ends.len() {
            self.starts.resize(end / 64 + 1, 0);
            self.ends.resize(end / 64 + 1, 0);
        }
        self.starts[start / 64] |= 1 << (start % 64);
        self.ends[end / 64] |= 1 << (end % 64);
    }

    /// Does a word start at `i`?
    #[inline]
    pub fn is_start(&self, i: usize) -> bool {
        self.starts.get(i / 64).is_some_and(|&w| w >> (i % 64) & 1 == 1)
    }

    /// Does a word end at `i` (the character before it is its last)?
    #[inline]
    pub fn is_end(&self, i: usize) -> bool {
        self.ends.get(i / 64).is_some_and(|&w| w >> (i % 64) & 1 == 1)
    }

    /// The end of the word holding the character at `i` (which must be a
    /// word character): the first word end after `i`.
    #[inline]
    pub fn end_after(&self, i: usize) -> usize {
        let p = i + 1;
        let mut k = p / 64;
        let mut w = self.ends[k] & (!0u64 << (p % 64));
        while w == 0 {
            k += 1;
            w = self.ends[k];
        }
        k * 64 + w.trailing_zeros() as usize
    }

    /// How many words start in `[a, b)` (`b` at most the text length).
    #[inline]
    pub fn starts_in(&self, a: usize, b: usize) -> usize {
        if a >= b {
            return 0;
        }
        let (ka, kb) = (a / 64, (b - 1) / 64);
        let low = !0u64 << (a % 64);
        let high = !0u64 >> (63 - (b - 1) % 64);
        if ka == kb {
            return (self.starts[ka] & low & high).count_ones() as usize;
        }
        let mut n = (self.starts[ka] & low).count_ones() + (self.starts[kb] & high).count_ones();
        for w in &self.starts[ka + 1..kb] {
            n += w.count_ones();
        }
        n as usize
    }

    /// The start of the word holding the character that ends at `i` (which
    /// must be a word character): the last word start before `i`.
    #[inline]
    pub fn start_before(&self, i: usize) -> usize {
        let p = i - 1;
        let mut k = p / 64;
        // the bits at and below p
        let mut w = self.starts[k] & (!0u64 >> (63 - p % 64));
        while w == 0 {
            k -= 1;
            w = self.starts[k];
        }
        k * 64 + 63 - w.leading_zeros() as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edges_across_blocks() {
        let mut b = WordBounds::with_capacity(10);
        b.add(0, 3);
        b.add(5, 140);
        b.add(141, 200);
        assert_eq!(b.end_after(0), 3);
        assert_eq!(b.end_after(2), 3);
        assert_eq!(b.end_after(5), 140);
        assert_eq!(b.end_after(139), 140);
        assert_eq!(b.end_after(141), 200);
        assert_eq!(b.start_before(3), 0);
        assert_eq!(b.start_before(1), 0);
        assert_eq!(b.start_before(140), 5);
        assert_eq!(b.start_before(6), 5);
        assert_eq!(b.start_before(200), 141);
        assert_eq!(b.starts_in(0, 1), 1);
        assert_eq!(b.starts_in(1, 5), 0);
        assert_eq!(b.starts_in(1, 6), 1);
        assert_eq!(b.starts_in(0, 142), 3);
        assert_eq!(b.starts_in(6, 141), 0);
        assert_eq!(b.starts_in(5, 200), 2);
    }
}
