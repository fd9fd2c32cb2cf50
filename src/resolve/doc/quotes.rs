//! Quotation look-ups on a document: the quotation opening or closing at a
//! position, those inside a span, whether a span holds a long one or a
//! quoted fragment, and when a short quotation is a name or a term.

use super::*;

/// Words after which a short quotation is a name or a term, not speech
/// (normalised, without ال and clitics).
const NAME_LABELS: [&str; 52] = [
    "تنظيم",
    "جماعة",
    "جبهة",
    "حركة",
    "حزب",
    "صحيفة",
    "جريدة",
    "مجلة",
    "وكالة",
    "قناة",
    "موقع",
    "شبكة",
    "اذاعة",
    "مسلسل",
    "فيلم",
    "برنامج",
    "كتاب",
    "رواية",
    "عملية",
    "حملة",
    "مبادرة",
    "مشروع",
    "اسم",
    "شعار",
    "عنوان",
    "بعنوان",
    "تطبيق",
    "شركة",
    "منظمة",
    "مجموعة",
    "فرقة",
    "مركز",
    "مؤسسة",
    "جمعية",
    "هيئة",
    "لجنة",
    "مؤتمر",
    "منتدي",
    "مهرجان",
    "جائزة",
    "قانون",
    "قرار",
    "خطة",
    "صفقة",
    "وثيقة",
    "وسم",
    "هاشتاغ",
    "لقب",
    "مصطلح",
    "يسمي",
    "تسمية",
    "عبارة",
];

/// Most quotations `has_quoted_fragment` looks at per call.
const MAX_QUOTES_LOOKED: usize = 16;

impl Doc<'_> {
    pub(in crate::resolve) fn quote_opening_at(&self, pos: usize) -> Option<&Quote> {
        let i = self.quotes.partition_point(|q| q.open < pos);
        self.quotes.get(i).filter(|q| q.open == pos)
    }

    pub(in crate::resolve) fn quote_closing_at(&self, end: usize) -> Option<&Quote> {
        let i = self.quotes.partition_point(|q| q.close_end < end);
        self.quotes.get(i).filter(|q| q.close_end == end)
    }

    /// Does a quotation of at least `MIN_LOOSE_QUOTE_WORDS` words (only
    /// non-`weak` ones when `strong`) open in `[s, e)`? O(log n), where
    /// scanning `quotes_within` was linear per cue in a long sentence.
    pub(in crate::resolve) fn has_long_quote(&self, s: usize, e: usize, strong: bool) -> bool {
        let a = self.quotes.partition_point(|q| q.open < s);
        let b = self.quotes.partition_point(|q| q.open < e);
        let list = &self.long_quotes[usize::from(strong)];
        let i = list.partition_point(|&k| (k as usize) < a);
        list.get(i).is_some_and(|&k| (k as usize) < b)
    }

    /// Does `[s, e)` hold a quoted fragment of speech, which makes a clause
    /// mixed? A long quotation always is; a short one is unless it reads as
    /// a name or a term: after a word that labels names (تنظيم «داعش»، صحيفة
    /// «الحياة»، بعنوان "…"), with digits or Latin letters («إس 300»), or
    /// quoted again elsewhere in the document. At most `MAX_QUOTES_LOOKED`
    /// quotations are looked at.
    pub(in crate::resolve) fn has_quoted_fragment(&self, s: usize, e: usize) -> bool {
        if self.has_long_quote(s, e, true) {
            return true;
        }
        self.quotes_within(s, e)
            .iter()
            .take(MAX_QUOTES_LOOKED)
            .any(|q| q.inner_end <= e && !q.weak && q.inner_start < q.inner_end && !self.quote_is_name(q))
    }

    /// Does the short quotation `q` read as a name or a term (see
    /// `has_quoted_fragment`)?
    fn quote_is_name(&self, q: &Quote) -> bool {
        let inner = &self.text[q.inner_start..q.inner_end];
        if inner.chars().any(|c| c.is_ascii_alphanumeric() || is_numeric_char(c)) {
            return true;
        }
        if let Some(Tok::Word(ws, we)) = self.prev_tok(q.open) {
            let w = self.word(ws, we);
            let bare = w.strip_prefix(['و', 'ف']).unwrap_or(w);
            let bare = bare.strip_prefix(['ب', 'ل', 'ك']).filter(|r| r.chars().count() >= 3).unwrap_or(bare);
            let bare = bare.strip_prefix("ال").filter(|r| r.chars().count() >= 2).unwrap_or(bare);
            if NAME_LABELS.contains(&bare)
                || self.reading(ws, Category::Speaker).is_some_and(|(m, _)| {
                    let e = &self.entries[m.entry as usize];
                    e.has("org") || e.has("media") || e.has("doc")
                })
            {
                return true;
            }
        }
        // quoted again in the document: a term (ابن الكلب is quoted once and is speech)
        let needle = inner.trim();
        needle.chars().count() >= 2
            && self
                .quotes
                .iter()
                .take(MAX_QUOTES_LOOKED * 4)
                .any(|o| o.open != q.open && self.text[o.inner_start..o.inner_end].trim() == needle)
    }

    /// Does the opening mark `o` (one of `OPENERS`) occur in `[s, e)`?
    /// O(log n): `trim_content` asks for every cue, and a scan of the span
    /// was quadratic in a long sentence.
    pub(in crate::resolve) fn has_opener(&self, o: char, s: usize, e: usize) -> bool {
        let Some(k) = OPENERS.iter().position(|&x| x == o) else { return self.text[s..e].contains(o) };
        let v = &self.openers[k];
        let i = v.partition_point(|&p| (p as usize) < s);
        v.get(i).is_some_and(|&p| (p as usize) < e)
    }

    pub(in crate::resolve) fn quotes_within(&self, s: usize, e: usize) -> &[Quote] {
        let a = self.quotes.partition_point(|q| q.open < s);
        let b = self.quotes.partition_point(|q| q.open < e);
        &self.quotes[a..b]
    }
}
