//! CS-Cart error answers and unreadable bodies, turned into short typed errors.

use reqwest::StatusCode;
use reqwest::header::{HeaderMap, WWW_AUTHENTICATE};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::catalog::error::CatalogError;
use crate::catalog::ratelimit::RateLimit;

const MAX_MESSAGE_CHARS: usize = 300;

#[derive(Debug, Default, Deserialize)]
struct ErrorBody {
    #[serde(default)]
    message: Value,
    #[serde(default)]
    messages: Value,
    #[serde(default)]
    errors: Value,
}

/// Parses a JSON body, or says in one short line why it is not the JSON expected.
pub fn parse_json<T: DeserializeOwned>(status: u16, body: &[u8]) -> Result<T, CatalogError> {
    let text = String::from_utf8_lossy(body);
    let trimmed = text.trim_start_matches('\u{feff}').trim();
    if trimmed.is_empty() {
        return Err(malformed(status, "empty answer instead of JSON"));
    }
    if trimmed.starts_with('<') {
        return Err(malformed(status, &markup_reason(trimmed)));
    }
    serde_json::from_str(trimmed).map_err(|e| {
        let what = match e.classify() {
            serde_json::error::Category::Data => "unexpected JSON",
            _ => "invalid JSON",
        };
        malformed(status, &format!("{what}: {e}"))
    })
}

/// The error for a non-2xx answer, with the server's own message.
pub fn error_for(
    status: u16,
    headers: &HeaderMap,
    body: &[u8],
    rate_limit: Option<&RateLimit>,
) -> CatalogError {
    let message = error_message(status, body);
    match status {
        401 => CatalogError::Unauthorized {
            status,
            message: match realm(headers) {
                Some(realm) => format!("{message} (realm \"{realm}\")"),
                None => message,
            },
        },
        403 => CatalogError::Forbidden { status, message },
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

/// The message of an error body: `message`, `messages`, `errors`, or a page title.
pub fn error_message(status: u16, body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let trimmed = text.trim_start_matches('\u{feff}').trim();
    let fallback = || {
        StatusCode::from_u16(status)
            .ok()
            .and_then(|code| code.canonical_reason())
            .unwrap_or("no message")
            .to_owned()
    };
    if trimmed.is_empty() {
        return fallback();
    }
    if trimmed.starts_with('<') {
        return markup_reason(trimmed);
    }
    match serde_json::from_str::<ErrorBody>(trimmed) {
        Ok(parsed) => {
            let mut texts = Vec::new();
            for value in [&parsed.message, &parsed.messages, &parsed.errors] {
                collect_texts(value, &mut texts);
            }
            let mut unique: Vec<String> = Vec::new();
            for text in texts {
                if !unique.contains(&text) {
                    unique.push(text);
                }
            }
            if unique.is_empty() {
                fallback()
            } else {
                shorten(&unique.join("; "), MAX_MESSAGE_CHARS)
            }
        }
        Err(_) => shorten(trimmed.lines().next().unwrap_or_default(), 120),
    }
}

fn collect_texts(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::String(text) if !text.trim().is_empty() => out.push(text.trim().to_owned()),
        Value::Array(items) => items.iter().for_each(|item| collect_texts(item, out)),
        Value::Object(map) => match map.get("message") {
            Some(message) => collect_texts(message, out),
            None => {
                for (key, item) in map {
                    match item {
                        Value::String(text) => out.push(format!("{key}: {}", text.trim())),
                        other => collect_texts(other, out),
                    }
                }
            }
        },
        _ => {}
    }
}

pub(super) fn malformed(status: u16, reason: &str) -> CatalogError {
    CatalogError::Malformed {
        status,
        reason: shorten(reason, MAX_MESSAGE_CHARS),
    }
}

fn markup_reason(text: &str) -> String {
    let head: String = text
        .chars()
        .take(2048)
        .collect::<String>()
        .to_ascii_lowercase();
    let is_html = ["<!doctype html", "<html", "<head", "<body", "<title"]
        .iter()
        .any(|marker| head.contains(marker));
    let what = if is_html {
        "HTML page instead of JSON"
    } else {
        "markup instead of JSON"
    };
    match html_title(text) {
        Some(title) => format!("{what}: {title}"),
        None => what.to_owned(),
    }
}

/// The `<title>` of an HTML page, whitespace collapsed and cut short.
pub fn html_title(html: &str) -> Option<String> {
    let lower = html.to_ascii_lowercase();
    let open = lower.find("<title")?;
    let start = open + lower[open..].find('>')? + 1;
    let end = start + lower[start..].find("</title")?;
    let title = html.get(start..end)?.split_whitespace().collect::<Vec<_>>();
    (!title.is_empty()).then(|| shorten(&title.join(" "), 80))
}

fn realm(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(WWW_AUTHENTICATE)?.to_str().ok()?;
    let at = value.to_ascii_lowercase().find("realm=")? + "realm=".len();
    let rest = value.get(at..)?;
    let realm = match rest.strip_prefix('"') {
        Some(quoted) => quoted.split('"').next()?,
        None => rest.split([',', ' ']).next()?,
    };
    (!realm.is_empty()).then(|| shorten(realm, 80))
}

pub(super) fn shorten(text: &str, max_chars: usize) -> String {
    match text.char_indices().nth(max_chars) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}
