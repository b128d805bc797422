//! Secrets that never print themselves, and the redactor that scrubs them from any text.

use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;

use aho_corasick::{AhoCorasick, MatchKind};
use base64::Engine;

/// The text that stands in for a secret wherever one would have been shown.
pub const REDACTED: &str = "[REDACTED]";

/// An API key or token. `Debug` hides it and there is no `Display`.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Secret {
        Secret(value.into())
    }

    /// The secret itself, for the one place that must send it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Secret({REDACTED})")
    }
}

/// Replaces every known form of a profile's secrets in text: plain, URL-encoded (`+` or `%20`
/// for a space), JSON-escaped, base64 and inside a Basic authorization value. Every form is
/// looked for in one pass over the text, which leaves text without a secret uncopied.
#[derive(Clone, Default)]
pub struct Redactor {
    needles: Vec<Secret>,
    /// The needles at once; where two start at one place, the longer is replaced.
    matcher: Option<Arc<AhoCorasick>>,
}

impl fmt::Debug for Redactor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Redactor({} forms)", self.needles.len())
    }
}

impl Redactor {
    /// A redactor for a secret, sent alone or as the password of `user` in Basic auth.
    pub fn new(user: Option<&str>, secret: &Secret) -> Redactor {
        let mut redactor = Redactor::default();
        let value = secret.expose();
        for form in text_forms(value) {
            redactor.add(&form);
        }
        // Without a user, a store may still echo the Basic pair it would have been sent.
        let pair = format!("{}:{value}", user.unwrap_or_default());
        for engine in [
            base64::engine::general_purpose::STANDARD,
            base64::engine::general_purpose::URL_SAFE,
        ] {
            redactor.add(&engine.encode(value));
            redactor.add(&engine.encode(&pair));
        }
        redactor.matcher = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(redactor.needles.iter().map(Secret::expose))
            .ok()
            .map(Arc::new);
        redactor
    }

    fn add(&mut self, needle: &str) {
        // Very short values would mask ordinary text; no real key is this short.
        if needle.len() >= 4 && !self.needles.iter().any(|n| n.expose() == needle) {
            self.needles.push(Secret::new(needle));
            self.needles
                .sort_by_key(|n| std::cmp::Reverse(n.expose().len()));
        }
    }

    /// `text` with every form of the secret replaced by `[REDACTED]`.
    pub fn redact(&self, text: &str) -> String {
        self.redacted(text).into_owned()
    }

    /// As `redact`, borrowing `text` when it holds no secret.
    pub fn redacted<'a>(&self, text: &'a str) -> Cow<'a, str> {
        if !self.finds_secret(text) {
            return Cow::Borrowed(text);
        }
        match &self.matcher {
            Some(matcher) => {
                let replacements = vec![REDACTED; self.needles.len()];
                Cow::Owned(matcher.replace_all(text, &replacements))
            }
            None => {
                let mut out = text.to_owned();
                for needle in &self.needles {
                    out = out.replace(needle.expose(), REDACTED);
                }
                Cow::Owned(out)
            }
        }
    }

    /// Whether `text` holds any form of the secret.
    pub fn finds_secret(&self, text: &str) -> bool {
        match &self.matcher {
            Some(matcher) => matcher.is_match(text),
            None => self.needles.iter().any(|n| text.contains(n.expose())),
        }
    }
}

/// The secret as text may carry it: itself, form-encoded, percent-encoded (upper and lower
/// case hex), and inside a JSON string (with and without `/` escaped, as PHP writes it).
fn text_forms(value: &str) -> Vec<String> {
    let form: String = url::form_urlencoded::byte_serialize(value.as_bytes()).collect();
    let percent = percent_encoded(value);
    let json = serde_json::to_string(value).unwrap_or_default();
    let json = json
        .strip_prefix('"')
        .and_then(|inner| inner.strip_suffix('"'))
        .unwrap_or(value)
        .to_owned();
    let json_ascii: String = json
        .chars()
        .map(|c| match c {
            c if c.is_ascii() => c.to_string(),
            c => c
                .encode_utf16(&mut [0; 2])
                .iter()
                .map(|unit| format!("\\u{unit:04x}"))
                .collect(),
        })
        .collect();
    vec![
        value.to_owned(),
        form.clone(),
        form.replace('+', "%20"),
        percent.clone(),
        percent.to_lowercase(),
        json.clone(),
        json.replace('/', "\\/"),
        json_ascii.clone(),
        json_ascii.replace('/', "\\/"),
    ]
}

/// Every byte but the unreserved ones (`A-Z a-z 0-9 - . _ ~`) as `%XX`.
fn percent_encoded(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                char::from(b).to_string()
            }
            b => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_the_value() {
        let secret = Secret::new("hunter2-key");
        assert!(!format!("{secret:?}").contains("hunter2"));
    }

    #[test]
    fn debug_of_a_redactor_never_shows_a_form_of_the_value() {
        let redactor = Redactor::new(Some("me"), &Secret::new("hunter2-key"));
        let shown = format!("{redactor:?}");
        assert!(!shown.contains("hunter2"), "{shown}");
        assert!(!shown.contains("aHVudGVy"), "{shown}");
    }

    #[test]
    fn text_without_the_secret_is_borrowed_and_overlapping_forms_go_whole() {
        let redactor = Redactor::new(Some("me"), &Secret::new("abc/def"));
        assert!(matches!(redactor.redacted("plain text"), Cow::Borrowed(_)));
        assert_eq!(
            redactor.redact("x=abc%2Fdef y=abc/def z=abc\\/def"),
            "x=[REDACTED] y=[REDACTED] z=[REDACTED]"
        );
        assert!(!redactor.finds_secret("abc def"));
    }

    #[test]
    fn redacts_plain_encoded_and_basic_forms() {
        let secret = Secret::new("k3y/with+chars");
        let redactor = Redactor::new(Some("admin@example.com"), &secret);
        let basic =
            base64::engine::general_purpose::STANDARD.encode("admin@example.com:k3y/with+chars");
        let text = format!("a=k3y/with+chars b=k3y%2Fwith%2Bchars Basic {basic}");
        let out = redactor.redact(&text);
        assert!(!out.contains("k3y"), "{out}");
        assert!(!out.contains(&basic), "{out}");
    }

    #[test]
    fn redacts_json_escaped_percent_encoded_and_url_safe_base64_forms() {
        let value = "k\"ey/ø+ &x~";
        let redactor = Redactor::new(Some("me"), &Secret::new(value));
        let engine = base64::engine::general_purpose::URL_SAFE;
        let echoed = [
            serde_json::json!({ "echo": value }).to_string(),
            r#"{"echo":"k\"ey\/\u00f8+ &x~"}"#.to_owned(),
            "a=k%22ey%2F%C3%B8%2B%20%26x~".to_owned(),
            "a=k%22ey%2f%c3%b8%2b%20%26x~".to_owned(),
            "a=k%22ey%2F%C3%B8%2B+%26x%7E".to_owned(),
            engine.encode(value),
            engine.encode(format!("me:{value}")),
        ];
        for text in echoed {
            let out = redactor.redact(&text);
            assert!(out.contains(REDACTED), "{text} -> {out}");
            assert!(!out.contains("ey"), "{text} -> {out}");
        }
    }
}
