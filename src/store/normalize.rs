//! Text normalisation shared by the name index and the search index.
//!
//! Matching is case-, accent-, apostrophe- and hyphen-insensitive:
//! "Jing'an", "Jing’an", "Jingan", "Jing-an" and "jing an" all have the key
//! `jingan`. In search, a hyphen inside a word joins it in the query
//! ("Jing-an" looks for `jingan`), and a hyphenated name is indexed both
//! ways ("China-Israel" under `china`, `israel` and `chinaisrael`).

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

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
    if join_hyphens && text.chars().any(is_hyphen) {
        // Drop the hyphens that sit between two alphanumerics, then fold.
        let chars: Vec<char> = text.chars().collect();
        let kept: String = chars
            .iter()
            .enumerate()
            .filter(|(i, c)| {
                !(is_hyphen(**c)
                    && *i > 0
                    && chars[i - 1].is_alphanumeric()
                    && chars.get(i + 1).is_some_and(|n| n.is_alphanumeric()))
            })
            .map(|(_, c)| *c)
            .collect();
        return fold_with(&kept, false);
    }
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    if text.is_ascii() {
        // Fast path (most names): no accents to strip, one byte per char.
        for b in text.bytes() {
            if b == b'\'' || b == b'`' {
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
        return out;
    }
    for c in text.nfkd() {
        if is_combining_mark(c) || is_apostrophe(c) {
            continue;
        }
        if c.is_alphanumeric() {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.extend(c.to_lowercase());
        } else {
            pending_space = true;
        }
    }
    out
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
    let mut pair = String::new();
    for word in folded.split(' ').filter(|w| !w.is_empty()) {
        if word.is_ascii() {
            f(word);
            continue;
        }
        let mut latin_start: Option<usize> = None;
        let mut chars = word.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            if is_cjk(c) {
                if let Some(start) = latin_start.take() {
                    f(&word[start..i]);
                }
                let end = i + c.len_utf8();
                f(&word[i..end]);
                if let Some(&(_, next)) = chars.peek() {
                    if is_cjk(next) {
                        pair.clear();
                        pair.push(c);
                        pair.push(next);
                        f(&pair);
                    }
                }
            } else if latin_start.is_none() {
                latin_start = Some(i);
            }
        }
        if let Some(start) = latin_start {
            f(&word[start..]);
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
}
