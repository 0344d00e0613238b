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
    let folded = fold(text);
    let mut out = Vec::new();
    for word in folded.split(' ').filter(|w| !w.is_empty()) {
        let mut latin = String::new();
        let chars: Vec<char> = word.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            if is_cjk(c) {
                if !latin.is_empty() {
                    out.push(std::mem::take(&mut latin));
                }
                out.push(c.to_string());
                if let Some(&next) = chars.get(i + 1) {
                    if is_cjk(next) {
                        out.push([c, next].iter().collect());
                    }
                }
            } else {
                latin.push(c);
            }
            i += 1;
        }
        if !latin.is_empty() {
            out.push(latin);
        }
    }
    out
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
    fn mixed_scripts() {
        assert_eq!(
            terms("SIMIC Valley 上海"),
            vec!["simic", "valley", "上", "上海", "海"]
        );
        assert!(terms("  ---  ").is_empty());
    }
}
