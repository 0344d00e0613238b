//! Source articles: every entity, relation and fact cites at least one.

/// A source's stable id, e.g. `hongqiao-smart-valley-2021`.
pub type SourceId = Box<str>;

/// The index of a source in the store's source list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SourceRef(pub u32);

/// One source article. Only its metadata is kept; its text is not part of the project.
#[derive(Debug, Clone, PartialEq)]
pub struct Source {
    /// Stable id used by the data files.
    pub id: SourceId,
    /// The article's title.
    pub title: String,
    /// The article's file name in the source corpus.
    pub file: Option<String>,
    /// Publishing outlet, when the article names it.
    pub outlet: Option<String>,
    /// Publication date, when the article gives it.
    pub date: Option<super::PartialDate>,
    /// How an undated article was dated, if it was.
    pub date_note: Option<String>,
    /// Where the article can be read, when known.
    pub url: Option<String>,
}
