//! Byte offsets to `line:column` positions for error messages: the one
//! place that counts lines and columns, for both data formats and the
//! config file.

/// A 1-based line and column (columns count characters, not bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Position {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

/// The start offsets of a text's lines.
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    /// Indexes `text`.
    pub fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { text, starts }
    }

    /// The position of a byte offset (clamped to the text).
    ///
    /// ```
    /// use innograph::load::position::{LineIndex, Position};
    /// let ix = LineIndex::new("a = 1\nbé = x\n");
    /// assert_eq!(ix.position(0), Position { line: 1, column: 1 });
    /// assert_eq!(ix.position(11), Position { line: 2, column: 5 });
    /// ```
    pub fn position(&self, offset: usize) -> Position {
        let offset = offset.min(self.text.len());
        let line = self.starts.partition_point(|s| *s <= offset).max(1);
        let start = self.starts[line - 1];
        Position {
            line,
            column: column(&self.text[start..], offset - start),
        }
    }
}

/// The 1-based column, in characters, of a byte offset in one line (clamped
/// to the line, and moved back to the start of a character it falls in).
///
/// ```
/// use innograph::load::position::column;
/// assert_eq!(column("bé = x", 0), 1);
/// assert_eq!(column("bé = x", 4), 4);
/// assert_eq!(column("bé = x", 2), 2);
/// assert_eq!(column("bé", 99), 3);
/// ```
pub fn column(line: &str, offset: usize) -> usize {
    let mut offset = offset.min(line.len());
    while !line.is_char_boundary(offset) {
        offset -= 1;
    }
    line[..offset].chars().count() + 1
}
