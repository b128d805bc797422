//! The OSC 52 escape sequence that asks the terminal to put text on the system clipboard.

use base64::Engine;

/// The largest text copied this way, in bytes (about 133 kB once in base64). Terminals cap OSC 52
/// payloads differently, some at a few kilobytes, and fail silently; debug ids, URLs and curl
/// commands always fit, and a body past this is better exported to a file than half-copied.
pub const MAX_COPY: usize = 100_000;

/// `ESC ] 52 ; c ; BASE64 BEL`: the clipboard selection, the text in standard base64.
pub fn sequence(text: &str) -> String {
    let encoded = base64::engine::general_purpose::STANDARD.encode(text);
    format!("\x1b]52;c;{encoded}\x07")
}

/// The sequence, or why the text is too large to copy through the terminal.
pub fn sequence_checked(text: &str) -> Result<String, String> {
    if text.len() > MAX_COPY {
        return Err(format!(
            "too large to copy through the terminal: {} bytes, at most {MAX_COPY}; export it to a file instead",
            text.len()
        ));
    }
    Ok(sequence(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_id_sequence_is_exact() {
        assert_eq!(sequence("7f3a9c"), "\x1b]52;c;N2YzYTlj\x07");
    }

    #[test]
    fn utf8_is_encoded_as_bytes() {
        assert_eq!(sequence("Größe €"), "\x1b]52;c;R3LDtsOfZSDigqw=\x07");
        assert_eq!(sequence(""), "\x1b]52;c;\x07");
    }

    #[test]
    fn checked_refuses_past_the_cap() {
        let at_cap = "a".repeat(MAX_COPY);
        assert_eq!(sequence_checked(&at_cap).unwrap(), sequence(&at_cap));
        let error = sequence_checked(&format!("{at_cap}a")).unwrap_err();
        assert!(error.starts_with("too large to copy"), "{error}");
        assert!(error.contains(&(MAX_COPY + 1).to_string()), "{error}");
    }
}
