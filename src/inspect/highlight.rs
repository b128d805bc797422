//! Token kinds for one display line of JSON or XML, for the UI to colour the lines it shows.
//!
//! Lines may start or end anywhere (long lines are cut, broken bodies are shown raw), so each
//! line is read on its own, and anything unexpected becomes `Plain` rather than an error.

use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Token {
    Key,
    String,
    Number,
    /// `true`, `false`, `null`.
    Literal,
    Punctuation,
    Tag,
    Attribute,
    AttributeValue,
    Comment,
    Text,
    Plain,
}

/// Byte ranges covering the whole line, in order, on character boundaries.
pub type Tokens = Vec<(Range<usize>, Token)>;

/// Tokens of one line of JSON. A string is a `Key` when the next thing after it is `:`.
pub fn json_line(line: &str) -> Tokens {
    let bytes = line.as_bytes();
    let mut tokens = Tokens::new();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let (end, token) = match b {
            b'"' => {
                let end = quoted_end(bytes, i, b'"', true);
                let next = skip(bytes, end, |b| b.is_ascii_whitespace());
                let token = if bytes.get(next) == Some(&b':') {
                    Token::Key
                } else {
                    Token::String
                };
                (end, token)
            }
            b'{' | b'}' | b'[' | b']' | b':' | b',' => (i + 1, Token::Punctuation),
            b if b.is_ascii_whitespace() => {
                (skip(bytes, i, |b| b.is_ascii_whitespace()), Token::Plain)
            }
            b'-' | b'0'..=b'9' => {
                let end = skip(bytes, i + 1, |b| {
                    b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-')
                });
                (end, Token::Number)
            }
            b if b.is_ascii_alphabetic() => {
                let end = skip(bytes, i, |b| b.is_ascii_alphanumeric());
                let word = bytes.get(i..end).unwrap_or_default();
                let token = match word {
                    b"true" | b"false" | b"null" => Token::Literal,
                    _ => Token::Plain,
                };
                (end, token)
            }
            _ => {
                // Stops only at ASCII bytes, so never inside a multi-byte character.
                let end = skip(bytes, i + 1, |b| {
                    !(b.is_ascii_whitespace()
                        || b.is_ascii_alphanumeric()
                        || b"{}[]:,\"-".contains(&b))
                });
                (end, Token::Plain)
            }
        };
        push(&mut tokens, i..end, token);
        i = end;
    }
    tokens
}

/// Tokens of one line of XML: tags with their attributes, comments, declarations and text.
pub fn xml_line(line: &str) -> Tokens {
    let bytes = line.as_bytes();
    let mut tokens = Tokens::new();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b != b'<' {
            let end = skip(bytes, i, |b| b != b'<');
            push(&mut tokens, i..end, Token::Text);
            i = end;
            continue;
        }
        let rest = bytes.get(i..).unwrap_or_default();
        if rest.starts_with(b"<!--") {
            let end = find(bytes, i + 4, b"-->").map_or(bytes.len(), |at| at + 3);
            push(&mut tokens, i..end, Token::Comment);
            i = end;
        } else if rest.starts_with(b"<![CDATA[") {
            let end = find(bytes, i + 9, b"]]>").map_or(bytes.len(), |at| at + 3);
            push(&mut tokens, i..end, Token::Text);
            i = end;
        } else if rest.starts_with(b"<!") {
            let end = find(bytes, i + 2, b">").map_or(bytes.len(), |at| at + 1);
            push(&mut tokens, i..end, Token::Tag);
            i = end;
        } else {
            i = tag(bytes, i, &mut tokens);
        }
    }
    tokens
}

/// `<name`, `</name` or `<?name`, then attributes, up to and including `>`, `/>` or `?>`.
fn tag(bytes: &[u8], start: usize, tokens: &mut Tokens) -> usize {
    let opener = match bytes.get(start + 1) {
        Some(b'/' | b'?') => start + 2,
        _ => start + 1,
    };
    let mut i = skip(bytes, opener, |b| !is_tag_delimiter(b));
    push(tokens, start..i, Token::Tag);
    while let Some(&b) = bytes.get(i) {
        let (end, token) = match b {
            b'>' => (i + 1, Token::Tag),
            b'/' | b'?' if bytes.get(i + 1) == Some(&b'>') => (i + 2, Token::Tag),
            b'"' | b'\'' => (quoted_end(bytes, i, b, false), Token::AttributeValue),
            b'=' => (i + 1, Token::Punctuation),
            b'<' => return i,
            b if b.is_ascii_whitespace() => {
                (skip(bytes, i, |b| b.is_ascii_whitespace()), Token::Plain)
            }
            _ => (
                skip(bytes, i + 1, |b| !is_tag_delimiter(b)),
                Token::Attribute,
            ),
        };
        push(tokens, i..end, token);
        i = end;
        if token == Token::Tag {
            return i;
        }
    }
    i
}

fn is_tag_delimiter(b: u8) -> bool {
    b.is_ascii_whitespace() || matches!(b, b'>' | b'/' | b'?' | b'=' | b'"' | b'\'' | b'<')
}

/// Index just past the closing quote, or the end of the line when there is none.
fn quoted_end(bytes: &[u8], start: usize, quote: u8, escapes: bool) -> usize {
    let mut i = start + 1;
    while let Some(&b) = bytes.get(i) {
        if b == b'\\' && escapes {
            // Skipping the escaped character must not land inside a multi-byte one.
            i = skip(bytes, i + 2, |b| !is_char_start(b));
        } else if b == quote {
            return i + 1;
        } else {
            i += 1;
        }
    }
    bytes.len()
}

fn is_char_start(b: u8) -> bool {
    !(0x80..0xC0).contains(&b)
}

/// The first index from `start` whose byte does not satisfy `keep`, or the end.
fn skip(bytes: &[u8], start: usize, keep: impl Fn(u8) -> bool) -> usize {
    let mut i = start;
    while bytes.get(i).is_some_and(|&b| keep(b)) {
        i += 1;
    }
    i.min(bytes.len())
}

fn find(bytes: &[u8], start: usize, needle: &[u8]) -> Option<usize> {
    bytes
        .get(start..)?
        .windows(needle.len())
        .position(|window| window == needle)
        .map(|at| at + start)
}

/// Adds a token, merging it into the previous one when they are of the same kind and adjoin.
fn push(tokens: &mut Tokens, range: Range<usize>, token: Token) {
    if range.is_empty() {
        return;
    }
    if let Some((last, kind)) = tokens.last_mut()
        && *kind == token
        && last.end == range.start
        && matches!(token, Token::Plain | Token::Text)
    {
        last.end = range.end;
        return;
    }
    tokens.push((range, token));
}

#[cfg(test)]
mod tests;
