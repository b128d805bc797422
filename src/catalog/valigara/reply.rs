//! Valigara's `{"status": code, "data": ...}` envelope and its status codes as typed errors.

use std::fmt;
use std::marker::PhantomData;

use serde::Deserialize;
use serde::de::value::MapAccessDeserializer;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde_json::Value;

use crate::catalog::cscart::wire::parse_json;
use crate::catalog::error::CatalogError;
use crate::catalog::http::Response;
use crate::catalog::ratelimit::RateLimit;

const MAX_MESSAGE_CHARS: usize = 300;

/// A readable envelope: the body's own status and its data.
#[derive(Debug, Clone, PartialEq)]
pub struct Reply {
    /// The HTTP status it came with.
    pub http: u16,
    /// The body's own status code.
    pub status: u16,
    pub data: Value,
}

/// The name Valigara's documentation gives a status code.
pub fn status_name(code: u16) -> &'static str {
    match code {
        100 => "OK",
        101 => "Non HTTPS call",
        102 => "Authentication Failed",
        103 => "Unauthorized Request",
        105 => "Rate limit exceeded",
        200 => "Action Not Found",
        201 => "Action Failed",
        300 => "Data Not Specified",
        301 => "Data Decode Failed",
        302 => "Partial Content in Data",
        303 => "Invalid Data",
        _ => "unknown status",
    }
}

/// Reads the envelope, or says briefly why the body is not one. The status may arrive as
/// a number or as a string of digits.
pub fn parse_reply(http_status: u16, body: &[u8]) -> Result<Reply, CatalogError> {
    let value: Value = parse_json(http_status, body)?;
    let Value::Object(mut object) = value else {
        return Err(malformed(
            http_status,
            "expected a {\"status\", \"data\"} object",
        ));
    };
    let status = match object.get("status") {
        Some(Value::Number(n)) => n.as_u64().and_then(|n| u16::try_from(n).ok()),
        Some(Value::String(text)) => text.trim().parse().ok(),
        _ => None,
    };
    let Some(status) = status else {
        return Err(malformed(http_status, "no status code in the answer"));
    };
    let data = object.remove("data").unwrap_or(Value::Null);
    Ok(Reply {
        http: http_status,
        status,
        data,
    })
}

/// A derived struct read only from a JSON object (on its own it also takes an array).
pub struct Object<T>(pub T);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Object<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Object<T>, D::Error> {
        struct Fields<T>(PhantomData<T>);

        impl<'de, T: Deserialize<'de>> Visitor<'de> for Fields<T> {
            type Value = T;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object")
            }

            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
                T::deserialize(MapAccessDeserializer::new(map))
            }
        }

        deserializer
            .deserialize_map(Fields(PhantomData))
            .map(Object)
    }
}

/// The body's status: a number, or a string of digits, that fits a `u16`.
pub struct StatusCode(pub u16);

impl<'de> Deserialize<'de> for StatusCode {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<StatusCode, D::Error> {
        struct Code;

        impl Visitor<'_> for Code {
            type Value = StatusCode;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a status code")
            }

            fn visit_u64<E: de::Error>(self, code: u64) -> Result<StatusCode, E> {
                u16::try_from(code)
                    .map(StatusCode)
                    .map_err(|_| E::custom("a status code out of range"))
            }

            fn visit_str<E: de::Error>(self, code: &str) -> Result<StatusCode, E> {
                code.trim()
                    .parse()
                    .map(StatusCode)
                    .map_err(|_| E::custom("a status code that is not a number"))
            }
        }

        deserializer.deserialize_any(Code)
    }
}

/// Only the status of an envelope.
#[derive(Deserialize)]
struct StatusOnly {
    status: StatusCode,
}

/// The body's own status code, as `parse_reply` reads it, without building the data's tree.
pub fn body_status(http_status: u16, body: &[u8]) -> Option<u16> {
    // Straight from the bytes: a body that is not plain UTF-8 JSON goes through `parse_reply`.
    match serde_json::from_slice::<Object<StatusOnly>>(body) {
        Ok(Object(envelope)) => Some(envelope.status.0),
        Err(_) => parse_reply(http_status, body)
            .ok()
            .map(|reply| reply.status),
    }
}

/// A refusal the server did not process: HTTP 429, or status 105 in a (small) body.
pub fn is_refusal(response: &Response) -> bool {
    const SMALL: usize = 4096;
    response.status == 429
        || (response.body.len() <= SMALL
            && parse_reply(response.status, &response.body).is_ok_and(|reply| reply.status == 105))
}

/// The error for a body status other than 100 and 302, keeping the code and the server's text.
pub fn error_for(reply: &Reply, rate_limit: Option<&RateLimit>) -> CatalogError {
    let http_status = reply.http;
    let code = reply.status;
    let text = message_of(&reply.data);
    let headline = if text.is_empty() {
        format!("{code} {}", status_name(code))
    } else {
        format!("{code} {}: {text}", status_name(code))
    };
    let rejected = |message: String| CatalogError::Rejected {
        status: http_status,
        platform_code: Some(code.to_string()),
        message,
    };
    match code {
        101 => CatalogError::Setup(format!(
            "the store requires https: change the profile's base URL ({headline})"
        )),
        102 => CatalogError::Unauthorized {
            status: http_status,
            message: headline,
        },
        103 => CatalogError::Forbidden {
            status: http_status,
            message: headline,
        },
        105 => CatalogError::RateLimited {
            status: http_status,
            retry_after: rate_limit.and_then(|rate| rate.retry_after.or(rate.reset)),
            message: headline,
        },
        // judgment: a 201 saying a product is not found is the "not found" the UI knows;
        // any other 201 is a refusal.
        201 if text.to_ascii_lowercase().contains("not found") => {
            CatalogError::NotFound { message: headline }
        }
        // An envelope that comes with a 5xx is the server failing, whatever it says.
        _ if http_status >= 500 => CatalogError::Server {
            status: http_status,
            message: headline,
        },
        200 | 201 | 300 | 301 | 302 | 303 => rejected(headline),
        _ => malformed(http_status, &format!("unknown status {code}: {text}")),
    }
}

/// Decodes a reply's `data`, or says briefly that it is not the shape the action answers.
pub fn data<T: serde::de::DeserializeOwned>(reply: Reply) -> Result<T, CatalogError> {
    serde_json::from_value(reply.data)
        .map_err(|e| malformed(reply.http, &format!("unexpected data: {e}")))
}

/// The error for an answer that is not an envelope: an HTTP-level refusal, or unreadable.
pub fn unreadable(
    http_status: u16,
    parse_error: CatalogError,
    rate_limit: Option<&RateLimit>,
) -> CatalogError {
    match http_status {
        429 => CatalogError::RateLimited {
            status: http_status,
            retry_after: rate_limit.and_then(|rate| rate.retry_after),
            message: "Rate limit exceeded".to_owned(),
        },
        500..=599 => CatalogError::Server {
            status: http_status,
            message: match parse_error {
                CatalogError::Malformed { reason, .. } => reason,
                other => other.to_string(),
            },
        },
        _ => parse_error,
    }
}

/// The text of `data` on an error: a string, 303's `{"errors": {field: message}}`, or a list.
pub fn message_of(data: &Value) -> String {
    let mut texts = Vec::new();
    collect(data, &mut texts);
    shorten(&texts.join("; "), MAX_MESSAGE_CHARS)
}

fn collect(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::String(text) if !text.trim().is_empty() => out.push(text.trim().to_owned()),
        Value::Number(number) => out.push(number.to_string()),
        Value::Array(items) => items.iter().for_each(|item| collect(item, out)),
        Value::Object(map) => match map.get("errors").or_else(|| map.get("message")) {
            Some(inner) => collect(inner, out),
            None => {
                for (key, item) in map {
                    let mut inner = Vec::new();
                    collect(item, &mut inner);
                    if !inner.is_empty() {
                        out.push(format!("{key}: {}", inner.join(", ")));
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

fn shorten(text: &str, max_chars: usize) -> String {
    match text.char_indices().nth(max_chars) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_status_alone_reads_as_the_whole_envelope_does() {
        let bodies: &[&str] = &[
            r#"{"status":100,"data":{"products":[{"id":1,"deep":[{"x":[1,2]}]}]}}"#,
            r#"{"data":null,"status":" 302 "}"#,
            r#"{"status":"201","data":"Product 7 not found"}"#,
            r#"{"status":100,"status":105,"data":null}"#,
            r#"{"status":100.0,"data":null}"#,
            r#"{"status":-1}"#,
            r#"{"status":70000}"#,
            r#"{"status":"soon"}"#,
            r#"{"data":[]}"#,
            r#"[100,[]]"#,
            r#"{"status":100,"data":{"cut"#,
            "<html></html>",
            "",
        ];
        let odd_bytes: &[&[u8]] = &[
            b"\xef\xbb\xbf{\"status\":302}",
            b"{\"status\":100,\"data\":\"\xff\"}",
            " \u{a0}{\"status\":100}\n".as_bytes(),
        ];
        let bodies = bodies.iter().map(|body| body.as_bytes());
        for body in bodies.chain(odd_bytes.iter().copied()) {
            let whole = parse_reply(200, body).ok().map(|r| r.status);
            let shown = String::from_utf8_lossy(body);
            assert_eq!(body_status(200, body), whole, "{shown}");
        }
        assert_eq!(
            body_status(200, br#"{"status":"100","data":{}}"#),
            Some(100)
        );
    }
}
