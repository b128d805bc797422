//! B2B Wave's error answers (`{"error": ...}`, Rails' `{"errors": {field: [...]}}`) as typed errors.

use serde_json::Value;

use crate::catalog::cscart::wire::error_message;
use crate::catalog::error::CatalogError;
use crate::catalog::ratelimit::RateLimit;

pub use crate::catalog::cscart::wire::parse_json;

const MAX_MESSAGE_CHARS: usize = 300;

pub fn malformed(status: u16, reason: &str) -> CatalogError {
    CatalogError::Malformed {
        status,
        reason: shorten(reason),
    }
}

/// The error for a non-2xx answer; `write` says whether the request would change the store.
pub fn error_for(
    status: u16,
    body: &[u8],
    rate_limit: Option<&RateLimit>,
    write: bool,
) -> CatalogError {
    let message = message_of(body).unwrap_or_else(|| error_message(status, body));
    match status {
        401 => CatalogError::Unauthorized {
            status,
            message: if ip_refused(&message) {
                format!("{message} ({IP_CAUSE})")
            } else {
                message
            },
        },
        403 => CatalogError::Forbidden {
            status,
            message: forbidden(&message, write),
        },
        404 => CatalogError::NotFound { message },
        429 => CatalogError::RateLimited {
            status,
            retry_after: rate_limit.and_then(|rate| rate.retry_after),
            message,
        },
        400..=499 => CatalogError::Rejected {
            status,
            platform_code: None,
            message,
        },
        500..=599 => CatalogError::Server { status, message },
        _ => malformed(status, &format!("unexpected status: {message}")),
    }
}

const IP_CAUSE: &str = "this address is not on the account's IP allow-list";

/// judgment: the service's wording for a refused address is undocumented; any mention of an IP
/// or an allow-list is taken for it.
fn ip_refused(message: &str) -> bool {
    let lower = message.to_ascii_lowercase();
    lower
        .split(|c: char| !c.is_ascii_alphanumeric())
        .any(|word| word == "ip")
        || lower.contains("allow-list")
        || lower.contains("allowlist")
        || lower.contains("whitelist")
}

/// Newer accounts have scoped keys and an IP allow-list; a 401 or 403 says which one refused.
fn forbidden(message: &str, write: bool) -> String {
    let cause = if ip_refused(message) {
        IP_CAUSE
    } else if write {
        "the API key's scope lacks product editing"
    } else {
        "the API key's scope lacks product listing"
    };
    format!("{message} ({cause})")
}

/// `error` as a text, or every field error flattened: "name can't be blank; code has already been taken".
fn message_of(body: &[u8]) -> Option<String> {
    let text = String::from_utf8_lossy(body);
    let parsed: Value = serde_json::from_str(text.trim_start_matches('\u{feff}').trim()).ok()?;
    let mut parts = Vec::new();
    if let Some(error) = parsed.get("error") {
        collect(None, error, &mut parts);
    }
    if let Some(errors) = parsed.get("errors") {
        collect(None, errors, &mut parts);
    }
    let mut unique: Vec<String> = Vec::new();
    for part in parts {
        if !unique.contains(&part) {
            unique.push(part);
        }
    }
    (!unique.is_empty()).then(|| shorten(&unique.join("; ")))
}

fn collect(field: Option<&str>, value: &Value, out: &mut Vec<String>) {
    let text = match value {
        Value::String(text) if !text.trim().is_empty() => text.trim().to_owned(),
        Value::Number(number) => number.to_string(),
        Value::Array(items) => {
            items.iter().for_each(|item| collect(field, item, out));
            return;
        }
        Value::Object(map) => {
            for (key, item) in map {
                // Rails puts errors about the record as a whole under `base`.
                let key = (key != "base").then_some(key.as_str());
                collect(key.or(field), item, out);
            }
            return;
        }
        _ => return,
    };
    out.push(match field {
        Some(field) => format!("{field} {text}"),
        None => text,
    });
}

fn shorten(text: &str) -> String {
    match text.char_indices().nth(MAX_MESSAGE_CHARS) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_errors_are_flattened_in_order() {
        let body =
            br#"{"errors": {"name": ["can't be blank"], "category_id": ["can't be blank"]}}"#;
        assert_eq!(
            message_of(body).as_deref(),
            Some("name can't be blank; category_id can't be blank")
        );
        let base = br#"{"errors": {"base": ["Store is closed"]}, "error": "Invalid"}"#;
        assert_eq!(
            message_of(base).as_deref(),
            Some("Invalid; Store is closed")
        );
        assert_eq!(message_of(b"<html>"), None);
    }

    #[test]
    fn a_403_says_which_rule_refused() {
        let scope = error_for(403, br#"{"error": "Forbidden"}"#, None, true).to_string();
        assert!(scope.contains("scope lacks product editing"), "{scope}");
        let ip = error_for(403, br#"{"error": "IP address not allowed"}"#, None, false);
        assert!(ip.to_string().contains("IP allow-list"), "{ip}");
    }
}
