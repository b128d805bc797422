//! Makes server-supplied strings safe to show: control characters, bidi marks, zero-width and
//! tag characters become visible escapes.

use std::borrow::Cow;

/// Whether a character could move the cursor, change colours, reorder text, hide itself or
/// otherwise act on the terminal instead of being shown: two SKUs that differ only by one of
/// these would look identical.
fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{061C}' // Arabic letter mark
            | '\u{200B}'..='\u{200D}' // zero-width space, non-joiner, joiner
            | '\u{200E}' | '\u{200F}' // left-to-right / right-to-left marks
            | '\u{202A}'..='\u{202E}' // bidi embeddings and overrides
            | '\u{2060}' // word joiner
            | '\u{2066}'..='\u{2069}' // bidi isolates
            | '\u{FEFF}' // zero-width no-break space
            | '\u{E0000}'..='\u{E007F}' // tag characters
        )
}

/// Returns the text with every unsafe character replaced by a visible `\u{..}` escape.
/// Tabs and newlines become a single space, so one value stays on one line.
pub fn clean(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\t' | '\n' | '\r' => out.push(' '),
            c if is_unsafe(c) => out.push_str(&c.escape_unicode().to_string()),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Like `clean`, line by line: the line breaks stay, everything else unsafe (a carriage return
/// included) becomes an escape. For multi-line text such as a body put on the clipboard.
pub fn clean_lines(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| c != '\n' && is_unsafe(c)) {
        return Cow::Borrowed(text);
    }
    let lines: Vec<Cow<'_, str>> = text.split('\n').map(clean).collect();
    Cow::Owned(lines.join("\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_terminal_sequences_and_bidi() {
        let hostile = "Ring\u{1b}]0;pwned\u{7}\u{1b}[2J\u{202E}evil\u{9b}";
        let shown = clean(hostile);
        assert!(!shown.chars().any(is_unsafe), "{shown}");
        assert!(shown.contains("\\u{1b}"));
        assert!(shown.contains("\\u{202e}"));
    }

    #[test]
    fn shows_invisible_and_direction_marks() {
        for invisible in [
            '\u{061C}',
            '\u{200B}',
            '\u{200C}',
            '\u{200D}',
            '\u{200E}',
            '\u{200F}',
            '\u{2060}',
            '\u{2066}',
            '\u{2067}',
            '\u{2068}',
            '\u{2069}',
            '\u{FEFF}',
            '\u{E0000}',
            '\u{E0041}',
            '\u{E007F}',
        ] {
            let sku = format!("SKU-1{invisible}");
            let shown = clean(&sku);
            assert_ne!(shown, "SKU-1", "{invisible:?} vanished");
            assert_eq!(shown, format!("SKU-1{}", invisible.escape_unicode()));
        }
    }

    #[test]
    fn clean_lines_keeps_only_the_line_breaks() {
        assert_eq!(clean_lines("a\nb\r\n\u{1b}c"), "a\nb \n\\u{1b}c");
        assert!(matches!(clean_lines("{\n  \"a\": 1\n}"), Cow::Borrowed(_)));
    }

    #[test]
    fn leaves_ordinary_text_alone() {
        assert!(matches!(clean("Кольцо 金 ring"), Cow::Borrowed(_)));
    }
}
