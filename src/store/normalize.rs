//! Text normalisation shared by the name index and the search index.
//!
//! Matching is case-, accent-, apostrophe- and hyphen-insensitive:
//! "Jing'an", "Jing’an", "Jingan", "Jing-an" and "jing an" all have the key
//! `jingan`. In search, a hyphen inside a word joins it in the query
//! ("Jing-an" looks for `jingan`), and a hyphenated name is indexed both
//! ways ("China-Israel" under `china`, `israel` and `chinaisrael`).

use std::ops::Range;

use unicode_normalization::char::{decompose_compatible, is_combining_mark};

/// Whether a character is a CJK ideograph (searched by single characters and pairs).
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | '‘' | '`' | '´' | 'ʼ')
}

/// Lowercases, strips accents and apostrophes, and turns every other
/// non-alphanumeric character into a space (collapsed).
///
/// ```
/// use innograph::store::normalize::fold;
/// assert_eq!(fold("Jing’an  District"), "jingan district");
/// assert_eq!(fold("Créater-Space"), "creater space");
/// ```
pub fn fold(text: &str) -> String {
    fold_with(text, false)
}

fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}')
}

/// [`fold`], but a hyphen between two letters or digits joins them.
///
/// ```
/// use innograph::store::normalize::fold_joined;
/// assert_eq!(fold_joined("Jing-an District"), "jingan district");
/// assert_eq!(fold_joined("-x- y"), "x y");
/// ```
pub fn fold_joined(text: &str) -> String {
    fold_with(text, true)
}

fn fold_with(text: &str, join_hyphens: bool) -> String {
    let mut out = String::with_capacity(text.len());
    if !text.is_ascii() {
        fold_each(text, join_hyphens, |c, _| out.push(c));
        return out;
    }
    // Fast path (most names): no accents to strip, one byte per char.
    let bytes = text.as_bytes();
    let alnum = |i: Option<usize>| {
        i.and_then(|i| bytes.get(i))
            .is_some_and(u8::is_ascii_alphanumeric)
    };
    let mut pending_space = false;
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'\'' || b == b'`' {
            continue;
        }
        if join_hyphens && b == b'-' && alnum(i.checked_sub(1)) && alnum(Some(i + 1)) {
            continue;
        }
        if b.is_ascii_alphanumeric() {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.push(b.to_ascii_lowercase() as char);
        } else {
            pending_space = true;
        }
    }
    out
}

/// Folds `text` as [`fold`] (or, when `join_hyphens`, [`fold_joined`])
/// does, calling `f` with each character of the folded text and the byte
/// range of the character of `text` it came from (for a space, the
/// character that starts the next word). One character may fold to
/// several (`ﬁ` to `fi`), and apostrophes, accents and joining hyphens to
/// none.
fn fold_each(text: &str, join_hyphens: bool, mut f: impl FnMut(char, Range<usize>)) {
    let mut pending_space = false;
    let mut started = false;
    let mut prev: Option<char> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let range = i..i + c.len_utf8();
        let next = chars.peek().map(|&(_, n)| n);
        // A hyphen between two letters or digits joins them.
        let joins = join_hyphens
            && is_hyphen(c)
            && prev.is_some_and(char::is_alphanumeric)
            && next.is_some_and(char::is_alphanumeric);
        prev = Some(c);
        if joins {
            continue;
        }
        decompose_compatible(c, |d| {
            if is_combining_mark(d) || is_apostrophe(d) {
                return;
            }
            if d.is_alphanumeric() {
                if pending_space && started {
                    f(' ', range.clone());
                }
                pending_space = false;
                started = true;
                for l in d.to_lowercase() {
                    f(l, range.clone());
                }
            } else {
                pending_space = true;
            }
        });
    }
}

/// The lookup key for a name: [`fold`] without any spaces.
///
/// ```
/// use innograph::store::normalize::key;
/// assert_eq!(key("Jing'an"), key("jing an"));
/// assert_eq!(key("Jingan"), key("JING-AN"));
/// ```
pub fn key(text: &str) -> String {
    fold(text).chars().filter(|c| *c != ' ').collect()
}

/// Splits text into search terms: folded words, and for CJK runs every
/// character and every pair of adjacent characters.
///
/// ```
/// use innograph::store::normalize::terms;
/// assert_eq!(terms("People Squared (P2)"), vec!["people", "squared", "p2"]);
/// assert_eq!(terms("杨浦区"), vec!["杨", "杨浦", "浦", "浦区", "区"]);
/// ```
pub fn terms(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    each_term(text, |t| out.push(t.to_owned()));
    out
}

/// The terms of a search query: as [`terms`], with hyphens inside words
/// joining them.
///
/// ```
/// use innograph::store::normalize::query_terms;
/// assert_eq!(query_terms("Jing-an"), vec!["jingan"]);
/// ```
pub fn query_terms(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    split_terms(&fold_joined(text), |t| out.push(t.to_owned()));
    out
}

/// Calls `f` with each search term of `text`, in order, as [`terms`] lists
/// them, without allocating a string per term; then with the joined form
/// of each hyphenated word (`china-israel` gives `chinaisrael` too).
pub fn each_term(text: &str, mut f: impl FnMut(&str)) {
    split_terms(&fold(text), &mut f);
    if text.chars().any(is_hyphen) {
        let joined = fold_joined(text);
        let split = fold(text);
        for word in joined.split(' ') {
            if !word.is_empty() && !word.chars().any(is_cjk) && !split.split(' ').any(|w| w == word)
            {
                f(word);
            }
        }
    }
}

fn split_terms(folded: &str, mut f: impl FnMut(&str)) {
    for word in folded.split(' ').filter(|w| !w.is_empty()) {
        split_word(word, |t, _| f(t));
    }
}

/// Calls `f` with each term of one folded word and its byte range in the
/// word: the word itself, or for a word with CJK characters each
/// character and each pair of neighbours, and each run of other letters.
fn split_word(word: &str, mut f: impl FnMut(&str, Range<usize>)) {
    if word.is_ascii() {
        f(word, 0..word.len());
        return;
    }
    let mut latin_start: Option<usize> = None;
    let mut chars = word.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if is_cjk(c) {
            if let Some(start) = latin_start.take() {
                f(&word[start..i], start..i);
            }
            let end = i + c.len_utf8();
            f(&word[i..end], i..end);
            if let Some(&(j, next)) = chars.peek() {
                if is_cjk(next) {
                    let pair = j + next.len_utf8();
                    f(&word[i..pair], i..pair);
                }
            }
        } else if latin_start.is_none() {
            latin_start = Some(i);
        }
    }
    if let Some(start) = latin_start {
        f(&word[start..], start..word.len());
    }
}

/// Calls `f` with each search term of `text`, in the order [`each_term`]
/// gives them, and the byte range of `text` it was folded from (from the
/// start of its first character to the end of its last; always at
/// character boundaries). A joined hyphenated word spans its hyphens:
///
/// ```
/// use innograph::store::normalize::each_term_span;
/// let text = "Jìng'ān China-Israel 杨浦区";
/// let mut spans = Vec::new();
/// each_term_span(text, |t, r| spans.push((t.to_owned(), &text[r])));
/// assert_eq!(spans[0], ("jingan".to_owned(), "Jìng'ān"));
/// assert_eq!(spans[4], ("杨浦".to_owned(), "杨浦"));
/// assert_eq!(spans.last(), Some(&("chinaisrael".to_owned(), "China-Israel")));
/// ```
pub fn each_term_span(text: &str, mut f: impl FnMut(&str, Range<usize>)) {
    let split = Mapped::new(text, false);
    split.each(|t, r| f(t, r));
    if text.chars().any(is_hyphen) {
        let joined = Mapped::new(text, true);
        joined.each_word(|word, r| {
            if !word.chars().any(is_cjk) && !split.folded.split(' ').any(|w| w == word) {
                f(word, r);
            }
        });
    }
}

/// Folded text with, per folded character, its byte offset in the folded
/// text and the byte range of the original character it came from.
struct Mapped {
    folded: String,
    from: Vec<(usize, Range<usize>)>,
}

impl Mapped {
    fn new(text: &str, join_hyphens: bool) -> Mapped {
        let mut folded = String::with_capacity(text.len());
        let mut from = Vec::with_capacity(text.len());
        fold_each(text, join_hyphens, |c, r| {
            from.push((folded.len(), r));
            folded.push(c);
        });
        Mapped { folded, from }
    }

    /// The original range of folded bytes `r` (a non-empty run of whole
    /// characters).
    fn original(&self, r: Range<usize>) -> Range<usize> {
        let first = self.from.partition_point(|(at, _)| *at < r.start);
        let last = self.from.partition_point(|(at, _)| *at < r.end);
        let start = self.from.get(first).map_or(0, |(_, o)| o.start);
        let end = last
            .checked_sub(1)
            .and_then(|l| self.from.get(l))
            .map_or(start, |(_, o)| o.end);
        start..end.max(start)
    }

    /// Each folded word and its original range.
    fn each_word(&self, mut f: impl FnMut(&str, Range<usize>)) {
        let mut at = 0;
        for word in self.folded.split(' ') {
            if !word.is_empty() {
                f(word, self.original(at..at + word.len()));
            }
            at += word.len() + 1;
        }
    }

    /// Each term (as [`split_terms`]) and its original range.
    fn each(&self, mut f: impl FnMut(&str, Range<usize>)) {
        let mut at = 0;
        for word in self.folded.split(' ') {
            if !word.is_empty() {
                split_word(word, |t, r| f(t, self.original(at + r.start..at + r.end)));
            }
            at += word.len() + 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jingan_variants_share_a_key() {
        let k = key("Jing'an");
        for v in ["Jing’an", "Jingan", "jing an", "JING-AN", "Jìng'ān"] {
            assert_eq!(key(v), k, "{v}");
        }
    }

    #[test]
    fn ascii_fast_path_agrees_with_the_general_one() {
        for text in [
            "Jing'an  District",
            "P2 (People-Squared)",
            "  --x--  ",
            "A`b",
            "UPPER lower 42",
        ] {
            let general: String = {
                // Force the general path by adding a non-ASCII space and removing it after.
                let folded = fold(&format!("{text}\u{00a0}"));
                folded.trim_end().to_owned()
            };
            assert_eq!(fold(text), general, "{text}");
        }
    }

    #[test]
    fn hyphens_join_in_queries_and_index_both_ways() {
        assert_eq!(query_terms("Jing-an"), query_terms("Jingan"));
        assert_eq!(query_terms("jing an"), vec!["jing", "an"]);
        assert_eq!(
            terms("China-Israel Hub"),
            vec!["china", "israel", "hub", "chinaisrael"]
        );
        assert_eq!(terms("Jing'an"), vec!["jingan"]);
    }

    #[test]
    fn mixed_scripts() {
        assert_eq!(
            terms("SIMIC Valley 上海"),
            vec!["simic", "valley", "上", "上海", "海"]
        );
        assert!(terms("  ---  ").is_empty());
    }

    #[test]
    fn spans_point_at_the_original_characters() {
        let text = "Jìng'ān  District, ﬁsh-Farm 杨浦区";
        let mut spans = Vec::new();
        each_term_span(text, |t, r| spans.push((t.to_owned(), &text[r])));
        let want = [
            ("jingan", "Jìng'ān"),
            ("district", "District"),
            ("fish", "ﬁsh"),
            ("farm", "Farm"),
            ("杨", "杨"),
            ("杨浦", "杨浦"),
            ("浦", "浦"),
            ("浦区", "浦区"),
            ("区", "区"),
            ("fishfarm", "ﬁsh-Farm"),
        ];
        let want: Vec<(String, &str)> = want.iter().map(|(t, o)| ((*t).to_owned(), *o)).collect();
        assert_eq!(spans, want);
    }

    proptest::proptest! {
        /// The spans give exactly the terms `each_term` gives, in order,
        /// each over a range at character boundaries.
        #[test]
        fn spans_list_the_terms(text in "[a-zA-Z0-9 '’\\-‐éÉüßﬁ½İ杨浦区人民\\u{301}.,]{0,24}") {
            let mut spans = Vec::new();
            each_term_span(&text, |t, r| spans.push((t.to_owned(), r)));
            let got: Vec<String> = spans.iter().map(|(t, _)| t.clone()).collect();
            proptest::prop_assert_eq!(got, terms(&text));
            for (term, r) in &spans {
                proptest::prop_assert!(text.get(r.clone()).is_some(), "{term} {r:?}");
                proptest::prop_assert!(!r.is_empty(), "{term} {r:?}");
            }
        }

        /// The ASCII fast path and the general one fold alike, hyphens
        /// joined or not.
        #[test]
        fn both_paths_fold_alike(text in "[a-zA-Z0-9 '`\\-.]{0,24}") {
            let mut general = String::new();
            fold_each(&text, false, |c, _| general.push(c));
            proptest::prop_assert_eq!(fold(&text), general);
            let mut joined = String::new();
            fold_each(&text, true, |c, _| joined.push(c));
            proptest::prop_assert_eq!(fold_joined(&text), joined);
        }

        /// Any text: spans list the terms (no panics on odd Unicode).
        #[test]
        fn spans_list_the_terms_of_any_text(text in "\\PC{0,16}") {
            let mut got = Vec::new();
            each_term_span(&text, |t, r| {
                assert!(text.get(r).is_some());
                got.push(t.to_owned());
            });
            proptest::prop_assert_eq!(got, terms(&text));
        }
    }
}
