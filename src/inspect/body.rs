//! A response or request body made readable: pretty JSON or XML, or the raw text with the reason.

/// What a body turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyKind {
    Json,
    Xml,
    /// Text that is neither (or failed to parse as what it claimed): shown as it came.
    Text,
    /// Not UTF-8: shown with replacement characters.
    Binary,
    Empty,
}

/// A body ready to show: one entry per display line.
#[derive(Debug, Clone, PartialEq)]
pub struct FormattedBody {
    pub kind: BodyKind,
    pub lines: Vec<String>,
    /// What the reader should know: a parse error, or why highlighting is off.
    pub note: Option<String>,
    /// Whether lines may be highlighted (off past `HIGHLIGHT_LIMIT`).
    pub highlight: bool,
    /// The body's size on the wire.
    pub bytes: usize,
}

/// Bodies from this size on are shown without highlighting.
pub const HIGHLIGHT_LIMIT: usize = 1 << 20;
