//! Pretty JSON that keeps every number, string and key exactly as it was sent, only re-indented.

use super::MAX_PRETTY_DEPTH;

/// The text re-indented by two spaces (`None` when nested deeper than `MAX_PRETTY_DEPTH`),
/// or serde_json's error (with line and column) when it isn't JSON.
///
/// Parsing into a `Value` would turn `9400.00` into `9400.0` and big integers into floats: an
/// inspector must show what the server sent, so the text is validated, then re-indented as is.
pub fn pretty(text: &str) -> Result<Option<String>, serde_json::Error> {
    serde_json::from_str::<serde::de::IgnoredAny>(text)?;
    Ok(reindent(text))
}

/// Re-indents valid JSON like `serde_json::to_string_pretty` would, copying strings and numbers verbatim.
fn reindent(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len() + text.len() / 2);
    let mut depth = 0usize;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'"' => {
                let end = string_end(bytes, i);
                out.push_str(text.get(i..end).unwrap_or_default());
                i = end;
                continue;
            }
            b'{' | b'[' => {
                let close = if b == b'{' { b'}' } else { b']' };
                let next = skip_whitespace(bytes, i + 1);
                out.push(char::from(b));
                if bytes.get(next) == Some(&close) {
                    out.push(char::from(close));
                    i = next + 1;
                    continue;
                }
                depth += 1;
                if depth > MAX_PRETTY_DEPTH {
                    return None;
                }
                newline(&mut out, depth);
            }
            b'}' | b']' => {
                depth = depth.saturating_sub(1);
                newline(&mut out, depth);
                out.push(char::from(b));
            }
            b',' => {
                out.push(',');
                newline(&mut out, depth);
            }
            b':' => out.push_str(": "),
            b' ' | b'\t' | b'\n' | b'\r' => {}
            _ => {
                let end = scalar_end(bytes, i);
                out.push_str(text.get(i..end).unwrap_or_default());
                i = end;
                continue;
            }
        }
        i += 1;
    }
    Some(out)
}

fn newline(out: &mut String, depth: usize) {
    out.push('\n');
    for _ in 0..depth {
        out.push_str("  ");
    }
}

/// Index just past the string starting at `start` (its closing quote), or the end of the text.
fn string_end(bytes: &[u8], start: usize) -> usize {
    let mut i = start + 1;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    bytes.len()
}

fn scalar_end(bytes: &[u8], start: usize) -> usize {
    let mut i = start;
    while let Some(&b) = bytes.get(i) {
        if matches!(
            b,
            b'"' | b'{' | b'}' | b'[' | b']' | b',' | b':' | b' ' | b'\t' | b'\n' | b'\r'
        ) {
            break;
        }
        i += 1;
    }
    i.max(start + 1).min(bytes.len())
}

fn skip_whitespace(bytes: &[u8], start: usize) -> usize {
    let mut i = start;
    while bytes.get(i).is_some_and(|b| b.is_ascii_whitespace()) {
        i += 1;
    }
    i
}
