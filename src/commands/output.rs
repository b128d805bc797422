//! The one way headless commands print: every line cleaned of control characters, bidi and
//! invisible marks (`sanitize::clean`) on its way out, and a closed pipe is not an error.

use std::io::Write;

use crate::sanitize;

/// Prints text to stdout, each line cleaned.
pub fn say(text: &str) {
    emit(&mut std::io::stdout().lock(), &clean(text));
}

/// Prints text to stderr, each line cleaned.
pub fn warn(text: &str) {
    emit(&mut std::io::stderr().lock(), &clean(text));
}

/// Prints `label  text` to stdout, both cleaned, the label in the SGR colour `sgr` when given.
pub fn say_labelled(label: &str, sgr: Option<&str>, text: &str) {
    emit(&mut std::io::stdout().lock(), &labelled(label, sgr, text));
}

/// `label  text`, both cleaned, the label coloured with `sgr`: the only escape it can hold is
/// that colour.
pub fn labelled(label: &str, sgr: Option<&str>, text: &str) -> String {
    let label = sanitize::clean(label);
    let text = clean(text);
    match sgr.filter(|code| code.bytes().all(|b| b.is_ascii_digit() || b == b';')) {
        Some(code) => format!("\x1b[{code}m{label}\x1b[0m  {text}"),
        None => format!("{label}  {text}"),
    }
}

/// The text with each line cleaned; the line breaks stay, a carriage return does not.
pub fn clean(text: &str) -> String {
    text.split('\n')
        .map(sanitize::clean)
        .collect::<Vec<_>>()
        .join("\n")
}

/// Problem lines on stdout, all of them or only the first `limit`; `finish` says how many
/// more there were, so a file with 100,000 bad rows does not print 100,000 lines.
#[derive(Debug)]
pub struct Capped {
    limit: Option<usize>,
    shown: usize,
    held: usize,
}

impl Capped {
    /// How many problems `--quiet` shows.
    pub const QUIET_LIMIT: usize = 20;

    pub fn new(limit: Option<usize>) -> Capped {
        Capped {
            limit,
            shown: 0,
            held: 0,
        }
    }

    /// Prints the line if fewer than `limit` were printed, else counts it.
    pub fn say(&mut self, line: &str) {
        if self.limit.is_some_and(|limit| self.shown >= limit) {
            self.held += 1;
        } else {
            self.shown += 1;
            say(line);
        }
    }

    /// `… and 99,980 more problems (run without --quiet to list every one)`, when some were held.
    pub fn finish(&self) {
        if self.held > 0 {
            say(&format!(
                "… and {} more {} (run without --quiet to list every one)",
                crate::wording::thousands(self.held as u64),
                if self.held == 1 {
                    "problem"
                } else {
                    "problems"
                }
            ));
        }
    }
}

fn emit(out: &mut impl Write, line: &str) {
    let _ = out
        .write_all(line.as_bytes())
        .and_then(|()| out.write_all(b"\n"))
        .and_then(|()| out.flush());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_line_is_cleaned_and_the_breaks_stay() {
        let text = "stockroom: 500 server error: \u{1b}]0;pwned\u{7}\nline 5: SKU A\rB\u{202e}";
        let shown = clean(text);
        assert!(
            !shown.chars().any(|c| c != '\n' && c.is_control()),
            "{shown:?}"
        );
        assert_eq!(shown.lines().count(), 2);
        assert!(shown.contains("\\u{1b}]0;pwned\\u{7}"), "{shown}");
    }

    #[test]
    fn a_label_keeps_its_own_colour_only() {
        assert_eq!(
            labelled("fail", Some("31"), "x\u{1b}[2J"),
            "\x1b[31mfail\x1b[0m  x\\u{1b}[2J"
        );
        assert_eq!(labelled("ok  ", Some("\u{1b}"), "y"), "ok    y");
    }
}
