//! The guard's first pass, over the raw text (see [`super`]).

use super::{Cost, Limits, Rejection};

/// Pass 1: bytes, tokens and bracket nesting of the raw text, stopping as
/// soon as a limit is passed. Unknown characters count as one token each
/// (the parser reports them).
pub fn scan(text: &str, limits: &Limits) -> Result<Cost, Rejection> {
    if text.len() > limits.max_bytes {
        return Err(Rejection::TooLarge {
            size: text.len(),
            max: limits.max_bytes,
        });
    }
    // Brackets of any kind may nest a little deeper than fields do (a
    // field's arguments and list values add levels).
    let max_nesting = limits.max_depth * 2 + 8;
    let b = text.as_bytes();
    let (mut i, mut tokens, mut nesting, mut deepest) = (0, 0usize, 0usize, 0usize);
    while i < b.len() {
        let c = b[i];
        match c {
            b' ' | b'\t' | b'\n' | b'\r' | b',' => {
                i += 1;
                continue;
            }
            b'#' => {
                while i < b.len() && b[i] != b'\n' && b[i] != b'\r' {
                    i += 1;
                }
                continue;
            }
            _ => {}
        }
        tokens += 1;
        if tokens > limits.max_tokens {
            return Err(Rejection::TooManyTokens {
                max: limits.max_tokens,
            });
        }
        match c {
            b'{' | b'(' | b'[' => {
                nesting += 1;
                deepest = deepest.max(nesting);
                if nesting > max_nesting {
                    return Err(Rejection::TooDeep {
                        depth: nesting,
                        max: limits.max_depth,
                    });
                }
                i += 1;
            }
            b'}' | b')' | b']' => {
                nesting = nesting.saturating_sub(1);
                i += 1;
            }
            b'"' if b[i..].starts_with(b"\"\"\"") => {
                i += 3;
                while i < b.len() && !b[i..].starts_with(b"\"\"\"") {
                    i += if b[i..].starts_with(b"\\\"\"\"") {
                        4
                    } else {
                        1
                    };
                }
                i += 3;
            }
            b'"' => {
                i += 1;
                while i < b.len() && b[i] != b'"' && b[i] != b'\n' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
            }
            b'.' if b[i..].starts_with(b"...") => i += 3,
            c if c == b'_' || c.is_ascii_alphanumeric() || c == b'-' => {
                i += 1;
                while i < b.len() && (b[i] == b'_' || b[i].is_ascii_alphanumeric() || b[i] == b'.')
                {
                    i += 1;
                }
            }
            _ => {
                // Punctuation, or a character the parser will refuse; step
                // over the whole UTF-8 sequence.
                i += 1;
                while i < b.len() && (b[i] & 0xC0) == 0x80 {
                    i += 1;
                }
            }
        }
    }
    Ok(Cost {
        bytes: text.len(),
        tokens,
        depth: deepest,
        ..Cost::default()
    })
}
