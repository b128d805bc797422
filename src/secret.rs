//! Secrets that never print themselves, and the redactor that scrubs them from any text.

use std::fmt;

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

/// Replaces every known form of a profile's secrets in text: plain, URL-encoded and
/// inside a Basic authorization value.
#[derive(Clone, Debug, Default)]
pub struct Redactor {
    needles: Vec<Secret>,
}

impl Redactor {
    /// A redactor for a secret, sent alone or as the password of `user` in Basic auth.
    pub fn new(user: Option<&str>, secret: &Secret) -> Redactor {
        let mut redactor = Redactor::default();
        redactor.add(secret.expose());
        let encoded: String =
            url::form_urlencoded::byte_serialize(secret.expose().as_bytes()).collect();
        redactor.add(&encoded);
        let engine = base64::engine::general_purpose::STANDARD;
        redactor.add(&engine.encode(secret.expose()));
        if let Some(user) = user {
            redactor.add(&engine.encode(format!("{user}:{}", secret.expose())));
        }
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

    pub fn redact(&self, text: &str) -> String {
        let mut out = text.to_owned();
        for needle in &self.needles {
            if out.contains(needle.expose()) {
                out = out.replace(needle.expose(), REDACTED);
            }
        }
        out
    }
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
}
