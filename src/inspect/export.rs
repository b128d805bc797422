//! Exchanges exported for other tools: NDJSON (one object per line) and HAR 1.2, oldest first.

use std::time::{SystemTime, UNIX_EPOCH};

use base64::Engine;
use serde_json::{Value, json};

use crate::catalog::exchange::Exchange;

/// One JSON object per exchange and line, oldest first; bodies as text, or base64 when not UTF-8.
pub fn ndjson(exchanges: &[Exchange]) -> String {
    let mut out = String::new();
    for exchange in oldest_first(exchanges) {
        let (request_body, request_base64) = match &exchange.request_body {
            Some(body) => {
                let (text, base64) = body_text(body);
                (Value::String(text), base64)
            }
            None => (Value::Null, false),
        };
        let (response_body, response_base64) = body_text(&exchange.response_body);
        let rate_limit = exchange.rate_limit.map(|rate| {
            json!({
                "limit": rate.limit,
                "remaining": rate.remaining,
                "reset_secs": rate.reset.map(|d| d.as_secs()),
                "retry_after_secs": rate.retry_after.map(|d| d.as_secs()),
            })
        });
        let line = json!({
            "seq": exchange.seq,
            "started": rfc3339_millis(exchange.started_at),
            "method": exchange.method,
            "url": exchange.url,
            "status": exchange.status,
            "platform_status": exchange.platform_status,
            "latency_ms": latency_ms(exchange),
            "request_headers": headers(&exchange.request_headers),
            "request_body": request_body,
            "request_body_base64": request_base64,
            "response_headers": headers(&exchange.response_headers),
            "response_body": response_body,
            "response_body_base64": response_base64,
            "debug_id": exchange.debug_id,
            "rate_limit": rate_limit,
            "error": exchange.error,
        });
        out.push_str(&line.to_string());
        out.push('\n');
    }
    out
}

/// A HAR 1.2 log of the exchanges, oldest first. Status 0 means no answer arrived; the server's
/// request id and any transport error are kept in the custom fields `_debugId` and `_error`.
pub fn har(exchanges: &[Exchange], creator_version: &str) -> Value {
    let entries: Vec<Value> = oldest_first(exchanges).map(har_entry).collect();
    json!({
        "log": {
            "version": "1.2",
            "creator": { "name": "stockroom", "version": creator_version },
            "entries": entries,
        }
    })
}

fn har_entry(exchange: &Exchange) -> Value {
    let mut request = json!({
        "method": exchange.method,
        "url": exchange.url,
        "httpVersion": "HTTP/1.1",
        "cookies": [],
        "headers": har_headers(&exchange.request_headers),
        "queryString": query_string(&exchange.url),
        "headersSize": -1,
        "bodySize": exchange.request_body.as_ref().map_or(0, |body| body.len()),
    });
    if let Some(body) = &exchange.request_body {
        let (text, base64) = body_text(body);
        let mut post = json!({
            "mimeType": content_type(&exchange.request_headers).unwrap_or("application/octet-stream"),
            "text": text,
        });
        if base64 {
            post["_encoding"] = json!("base64");
        }
        request["postData"] = post;
    }
    let status = exchange.status.unwrap_or(0);
    let (text, base64) = body_text(&exchange.response_body);
    let mut content = json!({
        "size": exchange.response_body.len(),
        "mimeType": content_type(&exchange.response_headers).unwrap_or("x-unknown"),
        "text": text,
    });
    if base64 {
        content["encoding"] = json!("base64");
    }
    let status_text = reqwest::StatusCode::from_u16(status)
        .ok()
        .and_then(|code| code.canonical_reason())
        .unwrap_or_default();
    let latency = latency_ms(exchange);
    json!({
        "startedDateTime": rfc3339_millis(exchange.started_at),
        "time": latency,
        "request": request,
        "response": {
            "status": status,
            "statusText": status_text,
            "httpVersion": if exchange.status.is_some() { "HTTP/1.1" } else { "" },
            "cookies": [],
            "headers": har_headers(&exchange.response_headers),
            "content": content,
            "redirectURL": "",
            "headersSize": -1,
            "bodySize": if exchange.status.is_some() { exchange.response_body.len() as i64 } else { -1 },
        },
        "cache": {},
        "timings": { "send": 0, "wait": latency, "receive": 0 },
        "_debugId": exchange.debug_id,
        "_error": exchange.error,
    })
}

fn oldest_first(exchanges: &[Exchange]) -> impl Iterator<Item = &Exchange> {
    let mut sorted: Vec<&Exchange> = exchanges.iter().collect();
    sorted.sort_by_key(|exchange| exchange.seq);
    sorted.into_iter()
}

/// The body as text, or in standard base64 (and `true`) when it is not UTF-8.
fn body_text(body: &[u8]) -> (String, bool) {
    match std::str::from_utf8(body) {
        Ok(text) => (text.to_owned(), false),
        Err(_) => (base64::engine::general_purpose::STANDARD.encode(body), true),
    }
}

/// Milliseconds with microsecond precision: loopback answers take well under one.
fn latency_ms(exchange: &Exchange) -> f64 {
    exchange.latency.as_micros() as f64 / 1000.0
}

fn headers(headers: &[(String, String)]) -> Value {
    Value::Array(headers.iter().map(|(n, v)| json!([n, v])).collect())
}

fn har_headers(headers: &[(String, String)]) -> Value {
    Value::Array(
        headers
            .iter()
            .map(|(name, value)| json!({ "name": name, "value": value }))
            .collect(),
    )
}

fn query_string(url: &str) -> Value {
    let pairs = url::Url::parse(url)
        .map(|url| {
            url.query_pairs()
                .map(|(name, value)| json!({ "name": name, "value": value }))
                .collect()
        })
        .unwrap_or_default();
    Value::Array(pairs)
}

fn content_type(headers: &[(String, String)]) -> Option<&str> {
    headers
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case("content-type"))
        .map(|(_, value)| value.as_str())
}

/// `2024-02-29T12:34:56.789Z`: RFC 3339 in UTC with milliseconds (times before 1970 read as 1970).
pub fn rfc3339_millis(time: SystemTime) -> String {
    let since = time.duration_since(UNIX_EPOCH).unwrap_or_default();
    let secs = since.as_secs();
    let (year, month, day) = civil_from_days((secs / 86_400) as i64);
    let rem = secs % 86_400;
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:03}Z",
        rem / 3_600,
        rem % 3_600 / 60,
        rem % 60,
        since.subsec_millis()
    )
}

/// Year, month and day of a count of days since 1970-01-01 (Howard Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests;
