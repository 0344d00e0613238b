//! Text normalisation shared by the name index and the search index.
//!
//! Matching is case-, accent-, apostrophe- and hyphen-insensitive:
//! "Jing'an", "Jing’an", "Jingan" and "jing an" all have the key `jingan`.

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

/// Calls `f` with each search term of `text`, in order, as [`terms`] lists
/// them, without allocating a string per term.
pub fn each_term(text: &str, mut f: impl FnMut(&str)) {
    let folded = fold(text);
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
    fn mixed_scripts() {
        assert_eq!(
            terms("SIMIC Valley 上海"),
            vec!["simic", "valley", "上", "上海", "海"]
        );
        assert!(terms("  ---  ").is_empty());
    }
}
