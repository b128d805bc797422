//! A response or request body made readable: pretty JSON or XML, or the raw text with the reason.

pub mod form;
mod json;
mod xml;

use crate::wording::thousands;

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

/// Longer lines are cut into display lines of this many characters.
pub const MAX_LINE_CHARS: usize = 2_000;

/// Deeper documents are shown as received: their indentation alone would grow with the
/// square of the depth (a 10 kB body of `[` would become 100 MB).
pub const MAX_PRETTY_DEPTH: usize = 256;

/// What the body says it is, from its content type or, failing that, its first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    Json,
    Xml,
    Html,
    Text,
}

/// Formats a body for display: never fails, never panics; what went wrong goes in the note.
pub fn format(body: &[u8], content_type: Option<&str>) -> FormattedBody {
    let bytes = body.len();
    if body.is_empty() {
        return FormattedBody {
            kind: BodyKind::Empty,
            lines: Vec::new(),
            note: None,
            highlight: true,
            bytes,
        };
    }
    if let Some(form) = form::pretty(body, content_type) {
        return form;
    }
    let mut notes = Vec::new();
    let (kind, text) = match std::str::from_utf8(body) {
        Err(_) => {
            notes.push("not UTF-8: shown with \u{FFFD} for undecodable bytes".to_owned());
            let text = String::from_utf8_lossy(body).into_owned();
            (BodyKind::Binary, text)
        }
        Ok(text) => match shape(text, content_type) {
            Shape::Json => match json::pretty(text) {
                Ok(Some(pretty)) => (BodyKind::Json, pretty),
                Ok(None) => {
                    notes.push(too_deep());
                    (BodyKind::Json, text.to_owned())
                }
                Err(error) => {
                    notes.push(format!("not valid JSON: {error} — shown as received"));
                    (BodyKind::Text, text.to_owned())
                }
            },
            Shape::Xml => match xml::pretty(text) {
                Ok(Some(pretty)) => (BodyKind::Xml, pretty),
                Ok(None) => {
                    notes.push(too_deep());
                    (BodyKind::Text, text.to_owned())
                }
                Err(error) => {
                    notes.push(format!(
                        "not valid XML: {} at byte {} — shown as received",
                        error.message, error.position
                    ));
                    (BodyKind::Text, text.to_owned())
                }
            },
            Shape::Html => {
                notes.push("HTML page".to_owned());
                (BodyKind::Text, text.to_owned())
            }
            Shape::Text => (BodyKind::Text, text.to_owned()),
        },
    };
    let highlight = bytes < HIGHLIGHT_LIMIT;
    if !highlight {
        notes.push(format!("{}: shown without highlighting", size(bytes)));
    }
    let (lines, cut) = display_lines(&text);
    if cut {
        notes.push(format!(
            "lines longer than {} characters are cut into several",
            thousands(MAX_LINE_CHARS as u64)
        ));
    }
    FormattedBody {
        kind,
        lines,
        note: (!notes.is_empty()).then(|| notes.join("; ")),
        highlight,
        bytes,
    }
}

fn too_deep() -> String {
    format!("nested deeper than {MAX_PRETTY_DEPTH} levels: shown as received")
}

/// JSON or XML by declared content type; anything generic or unknown is sniffed.
fn shape(text: &str, content_type: Option<&str>) -> Shape {
    let mime = content_type
        .and_then(|ct| ct.split(';').next())
        .map(|m| m.trim().to_ascii_lowercase())
        .unwrap_or_default();
    if mime == "application/json" || mime == "text/json" || mime.ends_with("+json") {
        return Shape::Json;
    }
    if mime == "application/xml" || mime == "text/xml" || mime.ends_with("+xml") {
        return Shape::Xml;
    }
    match sniff(text) {
        Shape::Xml if mime == "text/html" => Shape::Html,
        sniffed => sniffed,
    }
}

fn sniff(text: &str) -> Shape {
    let start = text.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{FEFF}');
    let head: String = start
        .chars()
        .take(15)
        .collect::<String>()
        .to_ascii_lowercase();
    if head.starts_with('{') || head.starts_with('[') {
        Shape::Json
    } else if head.starts_with("<!doctype html") || head.starts_with("<html") {
        Shape::Html
    } else if head.starts_with("<?xml") || head.starts_with("<!--") {
        Shape::Xml
    } else if let Some(rest) = head.strip_prefix('<')
        && rest
            .chars()
            .next()
            .is_some_and(|c| c.is_alphabetic() || c == '_' || c == ':')
    {
        Shape::Xml
    } else {
        Shape::Text
    }
}

/// The text's lines, each cut into pieces of at most `MAX_LINE_CHARS` characters; and whether any was.
fn display_lines(text: &str) -> (Vec<String>, bool) {
    let mut lines = Vec::new();
    let mut cut = false;
    for line in text.lines() {
        if line.len() <= MAX_LINE_CHARS {
            lines.push(line.to_owned());
            continue;
        }
        let mut start = 0;
        for (count, (at, _)) in line.char_indices().enumerate() {
            if count > 0 && count.is_multiple_of(MAX_LINE_CHARS) {
                lines.push(line.get(start..at).unwrap_or_default().to_owned());
                start = at;
                cut = true;
            }
        }
        lines.push(line.get(start..).unwrap_or_default().to_owned());
    }
    (lines, cut)
}

/// "5.2 MB", "812 kB", "300 B" (decimal units, as file managers show them).
pub fn size(bytes: usize) -> String {
    let b = bytes as f64;
    if bytes >= 1_000_000 {
        format!("{:.1} MB", b / 1e6)
    } else if bytes >= 1_000 {
        format!("{:.0} kB", b / 1e3)
    } else {
        format!("{bytes} B")
    }
}

#[cfg(test)]
mod tests;
