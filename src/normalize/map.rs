//! Look-ups from original offsets into the normalised text, over the
//! offset map of [`Normalized`].

use super::Normalized;

impl Normalized {
    /// The first normalised offset `i` in `0..=text.len()` whose original
    /// offset [`orig(i)`](Normalized::orig) is at or after `p` (`orig` is
    /// monotone); `text.len()` when there is none. One binary search over
    /// the map.
    pub fn first_at_or_after(&self, p: usize) -> usize {
        let len = self.text.len();
        if p > self.orig_len {
            return len;
        }
        // the first pair starting at or after `p`: its start qualifies, and so
        // may a later offset of the pair before it
        let k = self.map.partition_point(|&(_, o)| (o as usize) < p);
        let at = self.map.get(k).map_or(len, |&(n, _)| (n as usize).min(len));
        match k.checked_sub(1).map(|j| self.map[j]) {
            Some((n, o)) => at.min(n as usize + (p - o as usize)),
            None => at,
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::normalize::normalize;

    #[test]
    fn first_at_or_after_is_the_least_offset_mapping_there() {
        for input in ["قالَ  أحمدُ\u{200F}: ﷺ «نعم»ً.", "", "ﻻ", "a\r\nb", "مرحباً  بكم"] {
            let n = normalize(input);
            for p in 0..=input.len() {
                let want = (0..=n.text.len()).find(|&i| n.orig(i) >= p).unwrap_or(n.text.len());
                assert_eq!(n.first_at_or_after(p), want, "{input:?} at {p}");
            }
        }
    }
}
