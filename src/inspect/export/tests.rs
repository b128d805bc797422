//! NDJSON and HAR over hand-built exchanges whose secret was redacted when they were recorded.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use bytes::Bytes;

use super::*;
use crate::catalog::ratelimit::RateLimit;
use crate::secret::{REDACTED, Redactor, Secret};

const SECRET: &str = "sk-live-7f3a9c0ffee";

fn redactor() -> Redactor {
    Redactor::new(Some("admin@example.com"), &Secret::new(SECRET))
}

/// Exchanges as the transport records them: everything passed through the redactor.
fn exchanges() -> Vec<Exchange> {
    let r = redactor();
    let put = Exchange {
        profile: None,
        seq: 2,
        started_at: UNIX_EPOCH + Duration::from_millis(1_709_210_096_789),
        method: "PUT".into(),
        url: r.redact(&format!(
            "https://shop.example/api/products/12?key={SECRET}&x=a%20b"
        )),
        path: r.redact(&format!("/api/products/12?key={SECRET}&x=a%20b")),
        request_headers: vec![
            ("authorization".into(), format!("Basic {REDACTED}")),
            ("content-type".into(), "application/json".into()),
        ],
        request_body: Some(Bytes::from(
            r.redact(&format!(r#"{{"api_key":"{SECRET}","amount":5}}"#)),
        )),
        status: Some(200),
        response_headers: vec![
            ("content-type".into(), "application/json".into()),
            ("x-debug-uid".into(), "7f3a9c".into()),
        ],
        response_body: Bytes::from(
            r.redact(&format!(r#"{{"product_id":"12","echo":"{SECRET}"}}"#)),
        ),
        latency: Duration::from_micros(42_250),
        debug_id: Some("7f3a9c".into()),
        rate_limit: Some(RateLimit {
            limit: Some(4),
            remaining: Some(3),
            reset: Some(Duration::from_secs(900)),
            retry_after: None,
        }),
        platform_status: Some("100".into()),
        error: None,
    };
    let timeout = Exchange {
        profile: None,
        seq: 1,
        started_at: UNIX_EPOCH + Duration::from_millis(1_709_210_090_000),
        method: "GET".into(),
        url: "https://shop.example/api/products".into(),
        path: "/api/products".into(),
        request_headers: vec![],
        request_body: None,
        status: None,
        response_headers: vec![],
        response_body: Bytes::new(),
        latency: Duration::from_secs(20),
        debug_id: None,
        rate_limit: None,
        platform_status: None,
        error: Some("timed out after 20s".into()),
    };
    let binary = Exchange {
        seq: 3,
        status: Some(502),
        response_body: Bytes::from_static(b"\xff\xfe\x00bad"),
        response_headers: vec![],
        error: None,
        ..timeout.clone()
    };
    vec![put, binary, timeout]
}

#[test]
fn ndjson_has_one_line_per_exchange_oldest_first_and_no_secret() {
    let text = ndjson(&exchanges());
    assert!(!text.contains(SECRET), "{text}");
    assert!(text.contains(REDACTED));
    let lines: Vec<Value> = text
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    assert!(text.ends_with('\n'));
    let seqs: Vec<u64> = lines.iter().map(|l| l["seq"].as_u64().unwrap()).collect();
    assert_eq!(seqs, [1, 2, 3]);
    let put = &lines[1];
    assert_eq!(put["started"], "2024-02-29T12:34:56.789Z");
    assert_eq!(put["method"], "PUT");
    assert_eq!(put["status"], 200);
    assert_eq!(put["platform_status"], "100");
    assert_eq!(put["latency_ms"], 42.25);
    assert_eq!(
        put["request_headers"][0],
        json!(["authorization", "Basic [REDACTED]"])
    );
    assert_eq!(
        put["request_body"],
        r#"{"api_key":"[REDACTED]","amount":5}"#
    );
    assert_eq!(put["request_body_base64"], false);
    assert_eq!(
        put["response_body"],
        r#"{"product_id":"12","echo":"[REDACTED]"}"#
    );
    assert_eq!(put["debug_id"], "7f3a9c");
    assert_eq!(
        put["rate_limit"],
        json!({"limit": 4, "remaining": 3, "reset_secs": 900, "retry_after_secs": null})
    );
    assert_eq!(put["error"], Value::Null);
    let keys: Vec<&str> = put
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(keys[..4], ["seq", "started", "method", "url"]);
    assert_eq!(lines[0]["status"], Value::Null);
    assert_eq!(lines[0]["request_body"], Value::Null);
    assert_eq!(lines[0]["error"], "timed out after 20s");
    assert_eq!(lines[2]["response_body"], "//4AYmFk");
    assert_eq!(lines[2]["response_body_base64"], true);
    assert_eq!(ndjson(&[]), "");
}

#[test]
fn har_is_a_1_2_log_with_typed_fields_and_no_secret() {
    let log = har(&exchanges(), "0.1.0");
    let text = log.to_string();
    assert!(!text.contains(SECRET), "{text}");
    assert!(text.contains(REDACTED));
    assert_eq!(log["log"]["version"], "1.2");
    assert_eq!(
        log["log"]["creator"],
        json!({"name": "stockroom", "version": "0.1.0"})
    );
    let entries = log["log"]["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 3);
    let put = &entries[1];
    assert_eq!(put["startedDateTime"], "2024-02-29T12:34:56.789Z");
    assert_eq!(put["time"], 42.25);
    let request = &put["request"];
    assert_eq!(request["method"], "PUT");
    assert_eq!(request["httpVersion"], "HTTP/1.1");
    assert_eq!(
        request["headers"][1],
        json!({"name": "content-type", "value": "application/json"})
    );
    assert_eq!(
        request["queryString"],
        json!([{"name": "key", "value": "[REDACTED]"}, {"name": "x", "value": "a b"}])
    );
    assert_eq!(request["postData"]["mimeType"], "application/json");
    assert!(
        request["postData"]["text"]
            .as_str()
            .unwrap()
            .contains(REDACTED)
    );
    assert_eq!(
        (
            request["headersSize"].as_i64(),
            request["bodySize"].as_u64()
        ),
        (Some(-1), Some(35))
    );
    assert!(request["cookies"].as_array().unwrap().is_empty());
    let response = &put["response"];
    assert_eq!(
        (response["status"].as_u64(), response["statusText"].as_str()),
        (Some(200), Some("OK"))
    );
    assert_eq!(response["content"]["mimeType"], "application/json");
    assert_eq!(response["content"]["size"], 39);
    assert_eq!(response["content"].get("encoding"), None);
    assert_eq!(response["redirectURL"], "");
    assert_eq!(response["bodySize"], 39);
    assert_eq!(put["cache"], json!({}));
    assert_eq!(
        put["timings"],
        json!({"send": 0, "wait": 42.25, "receive": 0})
    );
    assert_eq!(put["_debugId"], "7f3a9c");

    let timeout = &entries[0];
    assert_eq!(timeout["response"]["status"], 0);
    assert_eq!(timeout["response"]["statusText"], "");
    assert_eq!(timeout["response"]["bodySize"], -1);
    assert_eq!(timeout["request"].get("postData"), None);
    assert_eq!(timeout["_error"], "timed out after 20s");

    let binary = &entries[2]["response"];
    assert_eq!(binary["statusText"], "Bad Gateway");
    assert_eq!(binary["content"]["encoding"], "base64");
    assert_eq!(binary["content"]["text"], "//4AYmFk");
    assert_eq!(binary["content"]["mimeType"], "x-unknown");
}

#[test]
fn times_are_rfc3339_utc_with_milliseconds() {
    let at = |ms: u64| rfc3339_millis(UNIX_EPOCH + Duration::from_millis(ms));
    assert_eq!(at(0), "1970-01-01T00:00:00.000Z");
    assert_eq!(at(951_782_400_000), "2000-02-29T00:00:00.000Z");
    assert_eq!(at(1_709_210_096_789), "2024-02-29T12:34:56.789Z");
    assert_eq!(at(4_102_444_799_999), "2099-12-31T23:59:59.999Z");
    let before = UNIX_EPOCH - Duration::from_secs(5);
    assert_eq!(rfc3339_millis(before), "1970-01-01T00:00:00.000Z");
    assert!(rfc3339_millis(SystemTime::now()).ends_with('Z'));
}
