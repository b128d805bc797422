//! Copies text through the terminal with OSC 52, which works over SSH and inside tmux. What is
//! copied is cleaned first: a pasted escape, NUL or carriage return would act where it lands.

use std::io::Write;
use std::sync::{Arc, Mutex};

use crate::inspect::osc52;

/// Where the OSC 52 sequence goes.
#[derive(Debug, Clone)]
pub enum Clipboard {
    /// The terminal the UI runs in.
    Terminal,
    /// A buffer, for tests.
    Capture(Arc<Mutex<Vec<u8>>>),
}

impl Clipboard {
    /// Puts `text` on the clipboard, its control characters shown as escapes (a multi-line body
    /// keeps its line breaks).
    pub fn copy(&self, text: &str) -> Result<(), String> {
        let sequence = osc52::sequence_checked(&crate::sanitize::clean_lines(text))?;
        match self {
            Clipboard::Terminal => {
                let mut stdout = std::io::stdout().lock();
                stdout
                    .write_all(sequence.as_bytes())
                    .and_then(|()| stdout.flush())
                    .map_err(|e| e.to_string())
            }
            Clipboard::Capture(buffer) => {
                let mut buffer = buffer
                    .lock()
                    .map_err(|_| "the capture buffer is poisoned".to_owned())?;
                buffer.extend_from_slice(sequence.as_bytes());
                Ok(())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use base64::Engine;

    use super::*;

    fn copied(text: &str) -> String {
        let buffer = Arc::new(Mutex::new(Vec::new()));
        Clipboard::Capture(Arc::clone(&buffer)).copy(text).unwrap();
        let sequence = String::from_utf8(buffer.lock().unwrap().clone()).unwrap();
        let payload = sequence
            .strip_prefix("\x1b]52;c;")
            .and_then(|rest| rest.strip_suffix('\x07'))
            .unwrap();
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(payload)
            .unwrap();
        String::from_utf8(bytes).unwrap()
    }

    #[test]
    fn a_hostile_sku_is_copied_clean() {
        let copy = copied("SKU-1\u{1b}]0;pwned\u{7}\r\0rm -rf ~\u{202e}");
        assert!(!copy.chars().any(char::is_control), "{copy:?}");
        assert_eq!(copy, "SKU-1\\u{1b}]0;pwned\\u{7} \\u{0}rm -rf ~\\u{202e}");
    }

    #[test]
    fn a_body_keeps_its_lines() {
        assert_eq!(copied("{\n  \"a\": 1\n}"), "{\n  \"a\": 1\n}");
    }
}
