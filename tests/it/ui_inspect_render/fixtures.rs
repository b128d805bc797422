//! The inspector's fixtures: six exchanges of every kind, their bodies formatted by hand.

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use stockroom::app::state::Layer;
use stockroom::app::state::{Inspector, OpenExchange, Section, State};
use stockroom::catalog::exchange::Exchange;
use stockroom::catalog::ratelimit::RateLimit;
use stockroom::inspect::body::{BodyKind, FormattedBody};

use crate::support::screens::{HOSTILE, state};

/// 2024-03-01 09:41:07 UTC.
const MORNING: u64 = 1_709_286_067;

fn at(millis: u64) -> SystemTime {
    SystemTime::UNIX_EPOCH + Duration::from_millis(MORNING * 1000 + millis)
}

fn headers(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(n, v)| (n.to_string(), v.to_string()))
        .collect()
}

fn get(seq: u64, path: &str) -> Exchange {
    Exchange {
        profile: None,
        seq,
        started_at: at(seq * 1_250),
        method: "GET".into(),
        url: format!("http://127.0.0.1:8080{path}"),
        path: path.into(),
        request_headers: headers(&[
            ("accept", "application/json"),
            ("authorization", "Basic [redacted]"),
        ]),
        request_body: None,
        status: Some(200),
        response_headers: headers(&[("content-type", "application/json")]),
        response_body: Default::default(),
        latency: Duration::from_millis(84),
        debug_id: None,
        rate_limit: None,
        platform_status: None,
        error: None,
    }
}

/// The products page as the formatter would show it: pretty JSON, one entry per line.
pub(super) fn products_json() -> Vec<String> {
    let mut lines = vec!["{".to_string(), "  \"products\": [".to_string()];
    let names = ["100g Pants", "Wireless Mouse", "Desk Lamp", "Ceramic Mug"];
    for (index, name) in names.iter().enumerate() {
        lines.extend([
            "    {".to_string(),
            format!("      \"product_id\": \"{}\",", 240 + index),
            format!("      \"product\": \"{name}\","),
            format!("      \"product_code\": \"U00{}O5AF{index}\",", 10 + index),
            "      \"status\": \"A\",".to_string(),
            format!("      \"price\": \"{}.00\",", 5 + index * 13),
            format!("      \"amount\": {},", index * 37),
            "      \"list_price\": null,".to_string(),
            "      \"is_edp\": false".to_string(),
            if index + 1 < names.len() {
                "    },"
            } else {
                "    }"
            }
            .to_string(),
        ]);
    }
    lines.extend(
        [
            "  ],",
            "  \"params\": {",
            "    \"page\": 3,",
            "    \"items_per_page\": 25,",
            "    \"total_items\": \"247\"",
            "  }",
            "}",
        ]
        .map(String::from),
    );
    lines
}

const ITEM_XML: [&str; 19] = [
    "<item>",
    "  <reference>911-red</reference>",
    "  <status>online</status>",
    "  <label>Red</label>",
    "  <inventory>1</inventory>",
    "  <vatrate>0.1960</vatrate>",
    "  <product>",
    "    <id>2786</id>",
    "    <title>Porsche 911</title>",
    "    <url>http://sitename.ugal.com/cars/porsche-911</url>",
    "  </product>",
    "  <prices>",
    "    <price currency=\"eur\">",
    "      <pricelist>default</pricelist>",
    "      <quantity>1</quantity>",
    "      <amount>9400.00</amount>",
    "    </price>",
    "  </prices>",
    "</item>",
];

const BAD_GATEWAY: &str = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";

/// Six exchanges, oldest first: a page of products, a rejected write, a timeout, an XML item,
/// a gateway error page and an answer carrying terminal escapes.
pub(super) fn exchanges() -> Vec<Exchange> {
    let page = get(11, "/api/products?page=3&items_per_page=25");
    let page = Exchange {
        response_headers: headers(&[
            ("content-type", "application/json"),
            ("x-debug-uid", "7f3a9c2e41d84b0b9a6f55e1"),
            ("x-ratelimit-limit", "4"),
            ("x-ratelimit-remaining", "3"),
            ("x-ratelimit-reset", "900"),
        ]),
        response_body: products_json().join("\n").into(),
        debug_id: Some("7f3a9c2e41d84b0b9a6f55e1".into()),
        rate_limit: Some(RateLimit {
            limit: Some(4),
            remaining: Some(3),
            reset: Some(Duration::from_secs(900)),
            retry_after: None,
        }),
        ..page
    };
    let put = Exchange {
        method: "PUT".into(),
        request_headers: headers(&[
            ("content-type", "application/json"),
            ("authorization", "Basic [redacted]"),
        ]),
        request_body: Some(r#"{"amount":5,"price":"12,50"}"#.into()),
        status: Some(400),
        response_body: r#"{"message":"Price must be a number","code":"invalid_price"}"#.into(),
        latency: Duration::from_millis(131),
        debug_id: Some("c41d0e27".into()),
        platform_status: Some("invalid_price".into()),
        ..get(12, "/api/products/244")
    };
    let timeout = Exchange {
        status: None,
        response_headers: Vec::new(),
        latency: Duration::from_millis(30_000),
        error: Some("timed out after 30 s".into()),
        ..get(13, "/api/products/245")
    };
    let xml = Exchange {
        url: "https://shop.ugal.com/api/v1/items/911-red.xml".into(),
        response_headers: headers(&[("content-type", "application/xml")]),
        response_body: ITEM_XML.join("").into(),
        latency: Duration::from_millis(212),
        debug_id: Some("req-ugal-5521-0c9a-44d1-b3e0-91fe".into()),
        ..get(14, "/api/v1/items/911-red.xml")
    };
    let gateway = Exchange {
        status: Some(502),
        response_headers: headers(&[("content-type", "text/html"), ("server", "nginx")]),
        response_body: BAD_GATEWAY.into(),
        latency: Duration::from_millis(1_204),
        ..get(15, "/api/products?page=4&items_per_page=25")
    };
    let hostile = Exchange {
        response_headers: headers(&[("x-note", HOSTILE)]),
        response_body: format!("{{\"product\":\"{HOSTILE}\"}}").into(),
        debug_id: Some(format!("id{HOSTILE}")),
        platform_status: Some("ok\u{202e}".into()),
        ..get(16, "/api/products/246?q=\u{1b}[2J")
    };
    vec![page, put, timeout, xml, gateway, hostile]
}

fn formatted(kind: BodyKind, lines: Vec<String>, note: Option<&str>) -> Arc<FormattedBody> {
    let bytes = lines.iter().map(|l| l.len() + 1).sum();
    Arc::new(FormattedBody {
        kind,
        lines,
        note: note.map(String::from),
        highlight: matches!(kind, BodyKind::Json | BodyKind::Xml),
        bytes,
    })
}

fn lines(text: &[&str]) -> Vec<String> {
    text.iter().map(|l| l.to_string()).collect()
}

/// The main fixture with the ledger open, the second row selected.
pub(crate) fn ledger_state() -> State {
    let mut state = state();
    state.ledger.clear();
    for exchange in exchanges() {
        state.record(0, vec![exchange]);
    }
    state.push(Layer::Ledger(Inspector {
        selected: 1,
        ..Inspector::default()
    }));
    state
}

/// Exchange `seq` open on `section`, its bodies formatted as the formatter would.
pub(crate) fn opened(seq: u64, section: Section) -> State {
    let mut state = ledger_state();
    let (request_body, response_body) = match seq {
        11 => (None, Some(formatted(BodyKind::Json, products_json(), None))),
        12 => (
            Some(formatted(
                BodyKind::Json,
                lines(&["{", "  \"amount\": 5,", "  \"price\": \"12,50\"", "}"]),
                None,
            )),
            Some(formatted(
                BodyKind::Json,
                lines(&[
                    "{",
                    "  \"message\": \"Price must be a number\",",
                    "  \"code\": \"invalid_price\"",
                    "}",
                ]),
                None,
            )),
        ),
        14 => (None, Some(formatted(BodyKind::Xml, lines(&ITEM_XML), None))),
        15 => (
            None,
            Some(formatted(
                BodyKind::Text,
                BAD_GATEWAY.lines().map(String::from).collect(),
                Some("not valid JSON: expected value at line 1 column 1 (shown as it came)"),
            )),
        ),
        16 => (
            None,
            Some(formatted(
                BodyKind::Json,
                vec![
                    "{".into(),
                    format!("  \"product\": \"{HOSTILE}\""),
                    "}".into(),
                ],
                None,
            )),
        ),
        _ => (None, Some(formatted(BodyKind::Empty, Vec::new(), None))),
    };
    state.push(Layer::Exchange(OpenExchange {
        seq,
        section,
        request_body,
        response_body,
        scroll: 0,
        shift: 0,
        search: None,
    }));
    state
}

pub(super) fn open_mut(state: &mut State) -> &mut OpenExchange {
    state.exchange_mut().unwrap()
}
