//! Line-by-line syntax tokens for JSON and XML bodies: byte ranges that cover each line.

use std::ops::Range;

/// What a stretch of a line is, for colouring.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Token {
    Key,
    String,
    Number,
    Literal,
    Punctuation,
    Tag,
    Attribute,
    AttributeValue,
    Comment,
    Text,
    Plain,
}

type Tokens = Vec<(Range<usize>, Token)>;

/// Tokens of one line of (pretty-printed) JSON, covering the whole line in order.
pub fn json_line(line: &str) -> Tokens {
    let bytes = line.as_bytes();
    let mut out = Tokens::new();
    let mut at = 0;
    while at < bytes.len() {
        let start = at;
        let token = match bytes[at] {
            b'"' => {
                at = string_end(bytes, at);
                let rest = line[at..].trim_start();
                if rest.starts_with(':') {
                    Token::Key
                } else {
                    Token::String
                }
            }
            b'{' | b'}' | b'[' | b']' | b',' | b':' => {
                at += 1;
                Token::Punctuation
            }
            b'-' | b'0'..=b'9' => {
                at = run(bytes, at, |b| {
                    b.is_ascii_digit() || matches!(b, b'-' | b'+' | b'.' | b'e' | b'E')
                });
                Token::Number
            }
            b if b.is_ascii_whitespace() => {
                at = run(bytes, at, |b| b.is_ascii_whitespace());
                Token::Plain
            }
            b if b.is_ascii_alphabetic() => {
                at = run(bytes, at, |b| b.is_ascii_alphanumeric());
                match &line[start..at] {
                    "true" | "false" | "null" => Token::Literal,
                    _ => Token::Plain,
                }
            }
            _ => {
                at = next_char(line, at);
                Token::Plain
            }
        };
        push(&mut out, start..at, token);
    }
    out
}

/// Tokens of one line of (pretty-printed) XML, covering the whole line in order.
pub fn xml_line(line: &str) -> Tokens {
    let bytes = line.as_bytes();
    let mut out = Tokens::new();
    let mut at = 0;
    while at < bytes.len() {
        let start = at;
        if line[at..].starts_with("<!--") {
            at = line[at..]
                .find("-->")
                .map_or(bytes.len(), |end| at + end + 3);
            push(&mut out, start..at, Token::Comment);
        } else if bytes[at] == b'<' {
            at = tag(line, at, &mut out);
        } else {
            at = line[at..].find('<').map_or(bytes.len(), |end| at + end);
            let token = if line[start..at].trim().is_empty() {
                Token::Plain
            } else {
                Token::Text
            };
            push(&mut out, start..at, token);
        }
    }
    out
}

/// `<name attr="value">`, `</name>`, `<?xml ...?>`: returns where the tag ends.
fn tag(line: &str, start: usize, out: &mut Tokens) -> usize {
    let bytes = line.as_bytes();
    let mut at = start + 1;
    if matches!(bytes.get(at), Some(b'/' | b'?' | b'!')) {
        at += 1;
    }
    push(out, start..at, Token::Punctuation);
    let name_end = run(bytes, at, is_name_byte);
    push(out, at..name_end, Token::Tag);
    at = name_end;
    while at < bytes.len() {
        let from = at;
        match bytes[at] {
            b'>' => {
                push(out, at..at + 1, Token::Punctuation);
                return at + 1;
            }
            b'/' | b'?' | b'=' => {
                at += 1;
                push(out, from..at, Token::Punctuation);
            }
            quote @ (b'"' | b'\'') => {
                at = line[at + 1..]
                    .find(char::from(quote))
                    .map_or(bytes.len(), |end| at + 1 + end + 1);
                push(out, from..at, Token::AttributeValue);
            }
            b if b.is_ascii_whitespace() => {
                at = run(bytes, at, |b| b.is_ascii_whitespace());
                push(out, from..at, Token::Plain);
            }
            b if is_name_byte(b) => {
                at = run(bytes, at, is_name_byte);
                push(out, from..at, Token::Attribute);
            }
            _ => {
                at = next_char(line, at);
                push(out, from..at, Token::Plain);
            }
        }
    }
    at
}

fn is_name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.' | b':') || b >= 0x80
}

/// The end of a JSON string starting at `start` (its closing quote included, or the line's end).
fn string_end(bytes: &[u8], start: usize) -> usize {
    let mut at = start + 1;
    while at < bytes.len() {
        match bytes[at] {
            b'\\' => at += 2,
            b'"' => return at + 1,
            _ => at += 1,
        }
    }
    bytes.len()
}

fn run(bytes: &[u8], start: usize, keep: impl Fn(u8) -> bool) -> usize {
    let mut at = start;
    while at < bytes.len() && keep(bytes[at]) {
        at += 1;
    }
    at
}

fn next_char(line: &str, at: usize) -> usize {
    line[at..]
        .chars()
        .next()
        .map_or(line.len(), |c| at + c.len_utf8())
}

/// Adds a token, merging it into the previous one of the same kind; skips empty ranges.
fn push(out: &mut Tokens, range: Range<usize>, token: Token) {
    if range.is_empty() {
        return;
    }
    match out.last_mut() {
        Some((last, kind)) if *kind == token && last.end == range.start => last.end = range.end,
        _ => out.push((range, token)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(line: &str, tokens: &Tokens) -> Vec<(String, Token)> {
        tokens
            .iter()
            .map(|(r, t)| (line[r.clone()].to_string(), *t))
            .collect()
    }

    fn covers(line: &str, tokens: &Tokens) {
        let mut at = 0;
        for (range, _) in tokens {
            assert_eq!(range.start, at, "{line:?}");
            at = range.end;
        }
        assert_eq!(at, line.len(), "{line:?}");
    }

    #[test]
    fn json_keys_strings_numbers_literals() {
        let line = r#"  "price": "12.00", "amount": -3.5e2, "ok": true, "x": null}"#;
        let tokens = json_line(line);
        covers(line, &tokens);
        let kinds = kinds(line, &tokens);
        assert!(kinds.contains(&("\"price\"".into(), Token::Key)));
        assert!(kinds.contains(&("\"12.00\"".into(), Token::String)));
        assert!(kinds.contains(&("-3.5e2".into(), Token::Number)));
        assert!(kinds.contains(&("true".into(), Token::Literal)));
        for line in ["\"unterminated \\\"", "é \"木\": 1", ""] {
            covers(line, &json_line(line));
        }
    }

    #[test]
    fn xml_tags_attributes_values_comments() {
        let line = r#"  <item id="7" kind='a'>Red &amp; blue</item><!-- note -->"#;
        let tokens = xml_line(line);
        covers(line, &tokens);
        let kinds = kinds(line, &tokens);
        assert!(kinds.contains(&("item".into(), Token::Tag)));
        assert!(kinds.contains(&("id".into(), Token::Attribute)));
        assert!(kinds.contains(&("\"7\"".into(), Token::AttributeValue)));
        assert!(kinds.contains(&("Red &amp; blue".into(), Token::Text)));
        assert!(kinds.contains(&("<!-- note -->".into(), Token::Comment)));
        for line in [
            "<a b=\"unterminated",
            "<!-- open",
            "<?xml version=\"1.0\"?>",
            "<",
        ] {
            covers(line, &xml_line(line));
        }
    }
}
