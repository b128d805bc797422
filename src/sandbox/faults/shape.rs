//! The bodies faults answer with, in each platform's own shape: errors, refusals, pages a
//! proxy sends, bodies that do not parse, and bodies too large to keep.

use std::convert::Infallible;

use axum::body::Body;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use quick_xml::escape::escape;
use serde_json::json;

use super::Target;

/// How a store writes its answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    Cscart,
    Valigara,
    B2bwave,
    UgalXml,
    UgalJson,
}

impl Dialect {
    /// The store's dialect; UGAL answers JSON when the path ends with `.json`.
    pub fn of(store: Target, path: &str) -> Dialect {
        match store {
            Target::Valigara => Dialect::Valigara,
            Target::B2bwave => Dialect::B2bwave,
            Target::Ugal | Target::UgalVat if path.ends_with(".json") => Dialect::UgalJson,
            Target::Ugal | Target::UgalVat => Dialect::UgalXml,
            Target::Cscart | Target::All => Dialect::Cscart,
        }
    }

    pub fn xml(self) -> bool {
        self == Dialect::UgalXml
    }

    pub fn content_type(self) -> &'static str {
        if self.xml() {
            "application/xml; charset=utf-8"
        } else {
            "application/json"
        }
    }

    fn reply(self, status: StatusCode, body: impl Into<Body>) -> Response {
        let mut response = (status, body.into()).into_response();
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static(self.content_type()),
        );
        if self == Dialect::Valigara {
            crate::sandbox::valigara::stamp(&mut response);
        }
        response
    }
}

fn reason(status: StatusCode) -> &'static str {
    status.canonical_reason().unwrap_or("Error")
}

/// `status` with the platform's error body.
// judgment: Valigara documents no HTTP errors; its envelope says 201 (Action Failed) with the
// HTTP status in the text, the HTTP status itself is kept.
pub fn error(dialect: Dialect, status: StatusCode, retry_after: Option<u64>) -> Response {
    let code = status.as_u16();
    let text = reason(status);
    let body = match dialect {
        Dialect::Cscart => json!({"message": text, "status": code}).to_string(),
        Dialect::B2bwave => json!({"error": text}).to_string(),
        Dialect::Valigara if code == 429 => {
            let wait = retry_after.map_or(String::new(), |s| format!("; retry in {s} seconds"));
            json!({"status": 105, "data": format!("Rate limit exceeded{wait}")}).to_string()
        }
        Dialect::Valigara => {
            json!({"status": 201, "data": format!("Action Failed: HTTP {code} {text}")}).to_string()
        }
        Dialect::UgalJson => json!({"errors": {"error": [format!("{code} - {text}")]}}).to_string(),
        Dialect::UgalXml => format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<errors><error>{code} - {}</error></errors>",
            escape(text)
        ),
    };
    let mut response = dialect.reply(status, body);
    if let Some(secs) = retry_after {
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(secs));
    }
    response
}

/// A page such as nginx sends when the application behind it fails (or a captive portal's
/// login page, with 200).
pub fn html(status: StatusCode) -> Response {
    let code = status.as_u16();
    let title = format!("{code} {}", reason(status));
    let page = format!(
        "<html>\r\n<head><title>{title}</title></head>\r\n<body>\r\n<center><h1>{title}</h1></center>\r\n\
         <hr><center>nginx/1.24.0</center>\r\n</body>\r\n</html>\r\n"
    );
    let mut response = (status, page).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    response
}

/// 200, the right content type, and a body that does not parse: a PHP notice before the
/// JSON, or XML with a bare `&` and an element never closed.
pub fn malformed(dialect: Dialect) -> Response {
    let body = match dialect {
        Dialect::UgalXml => {
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<items><item><reference>R&D-1</reference>\
             <label>Ring <b>gold</label></item>"
                .to_string()
        }
        _ => "<br />\n<b>Notice</b>:  Undefined index: amount in <b>/var/www/api/index.php</b> \
              on line <b>42</b><br />\n{\"status\": 100, \"data\": [{\"id\": 1,,}"
            .to_string(),
    };
    dialect.reply(StatusCode::OK, body)
}

/// `bytes` of a list answer that looks well formed, streamed in 64 KiB chunks without a
/// length, so the whole never exists in memory on either side unless a client keeps it.
pub fn oversized(dialect: Dialect, bytes: u64) -> Response {
    let (open, item, close): (&str, String, &str) = match dialect {
        Dialect::Cscart => (
            "{\"products\":[",
            format!(
                "{{\"product_id\":\"1\",\"product\":\"{}\"}},",
                "x".repeat(200)
            ),
            "{}],\"params\":{}}",
        ),
        Dialect::B2bwave => (
            "[",
            format!(
                "{{\"product\":{{\"id\":1,\"name\":\"{}\"}}}},",
                "x".repeat(200)
            ),
            "{}]",
        ),
        Dialect::Valigara => (
            "{\"status\":100,\"data\":[",
            format!("{{\"id\":1,\"title\":\"{}\"}},", "x".repeat(200)),
            "{}]}",
        ),
        Dialect::UgalJson => (
            "{\"items\":{\"item\":[",
            format!("{{\"reference\":\"X\",\"label\":\"{}\"}},", "x".repeat(200)),
            "{}]}}",
        ),
        Dialect::UgalXml => (
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<items>",
            format!(
                "<item><reference>X</reference><label>{}</label></item>",
                "x".repeat(200)
            ),
            "</items>",
        ),
    };
    const CHUNK: usize = 64 * 1024;
    let unit = item.repeat((CHUNK / item.len()).max(1));
    let chunk = Bytes::from(unit);
    let chunk_len = chunk.len() as u64;
    let middle = bytes.saturating_sub((open.len() + close.len()) as u64);
    let whole = middle / chunk_len;
    let parts = std::iter::once(Bytes::from(open))
        .chain(std::iter::repeat_n(
            chunk.clone(),
            usize::try_from(whole).unwrap_or(usize::MAX),
        ))
        .chain(std::iter::once(Bytes::from(close)))
        .map(Ok::<Bytes, Infallible>);
    dialect.reply(
        StatusCode::OK,
        Body::from_stream(futures::stream::iter(parts)),
    )
}
