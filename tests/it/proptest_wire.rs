//! Properties of every parser of what a server sends: no input panics; a broken document is an error.

use proptest::prelude::*;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use serde_json::{Map, Value, json};
use stockroom::app::search;
use stockroom::catalog::b2bwave::{reply as b2b_reply, wire as b2b};
use stockroom::catalog::cscart::wire as cscart;
use stockroom::catalog::model::{ListQuery, Platform, ProductId};
use stockroom::catalog::ratelimit::RateLimit;
use stockroom::catalog::ugal::{product as ugal_product, reply as ugal_reply, wire as ugal};
use stockroom::catalog::valigara::channels::{ListingResult, PostTemplate};
use stockroom::catalog::valigara::form::{FieldDescriptor, form_specs};
use stockroom::catalog::valigara::{reply as vreply, wire as valigara};
use stockroom::inspect::body;
use stockroom::sanitize;

const CASES: u32 = 256;

/// Field names every platform reads, so generated objects often hit a real field with a wrong value.
const KEYS: &[&str] = &[
    "product_id",
    "product",
    "product_code",
    "price",
    "list_price",
    "amount",
    "tracking",
    "status",
    "category_ids",
    "updated_timestamp",
    "product_features",
    "full_description",
    "products",
    "params",
    "total_items",
    "page",
    "items_per_page",
    "id",
    "code",
    "part_number",
    "name",
    "price1",
    "quantity",
    "quantity_monitor",
    "is_active",
    "quantities",
    "warehouse_id",
    "warehouse_code",
    "warehouse_name",
    "category_id",
    "updated_at",
    "description",
    "sku",
    "title",
    "data",
    "errors",
    "error",
    "message",
    "messages",
    "missing",
    "type",
    "required",
    "label",
    "max_length",
    "values",
    "fields",
    "account_id",
    "listing_id",
];

/// Text that parsers of numbers, dates and statuses find hard.
fn tricky_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "-?[0-9]{1,40}(\\.[0-9]{0,30})?",
        "[0-9.eE+-]{1,14}",
        "[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{0,12})?([Zz]|[+-][0-9]{1,25}:[0-9]{1,25})?",
        prop::sample::select(vec![
            "",
            " ",
            "-1",
            "-9223372036854775808",
            "9223372036854775808",
            "18446744073709551616",
            "79228162514264337593543950336",
            "1e400",
            "1e-400",
            "-0",
            "NaN",
            "Infinity",
            "0x10",
            "A",
            "D",
            "B",
            "online",
            "true",
            "1",
            "\u{1b}]0;pwned\u{7}\u{1b}[2J",
            "\u{202e}evil",
        ])
        .prop_map(str::to_owned),
    ]
}

fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::sample::select(KEYS).prop_map(str::to_owned),
        1 => "[a-z_]{1,10}",
    ]
}

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        prop::sample::select(vec![i64::MIN, -1, 0, 1, i64::MAX]).prop_map(Value::from),
        any::<f64>().prop_filter_map("finite", |f| serde_json::Number::from_f64(f)
            .map(Value::Number)),
        tricky_text().prop_map(Value::from),
    ]
}

/// Any JSON, its objects keyed mostly by the fields the parsers read.
fn json_value() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(5, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((key(), inner), 0..8)
                .prop_map(|pairs| Value::Object(pairs.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// An object of exactly the named fields (some left out), each holding anything.
fn shaped(fields: &'static [&'static str]) -> impl Strategy<Value = Value> {
    prop::collection::vec(prop::option::of(json_value()), fields.len()).prop_map(move |values| {
        Value::Object(
            fields
                .iter()
                .zip(values)
                .filter_map(|(field, value)| Some(((*field).to_owned(), value?)))
                .collect(),
        )
    })
}

/// The bytes of a document as a server might garble them: whole, cut short, with invalid
/// UTF-8 spliced in, with a BOM or HTML in front, or replaced by noise.
fn garbled(document: impl Strategy<Value = Vec<u8>>) -> impl Strategy<Value = Vec<u8>> {
    (
        document,
        any::<prop::sample::Index>(),
        0..6u8,
        any::<Vec<u8>>(),
    )
        .prop_map(|(doc, at, how, noise)| {
            let cut = if doc.is_empty() {
                0
            } else {
                at.index(doc.len())
            };
            match how {
                0 => doc,
                1 => doc[..cut].to_vec(),
                2 => [&doc[..cut], &[0xff, 0xfe, 0xc3][..], &doc[cut..]].concat(),
                3 => [b"\xef\xbb\xbf".as_slice(), &doc].concat(),
                4 => [b"<html><title>".as_slice(), &doc, b"</title>"].concat(),
                _ => noise,
            }
        })
}

fn json_bytes(value: impl Strategy<Value = Value>) -> impl Strategy<Value = Vec<u8>> {
    garbled(value.prop_map(|v| serde_json::to_vec(&v).unwrap()))
}

fn status() -> impl Strategy<Value = u16> {
    prop_oneof![
        Just(200u16),
        Just(201),
        Just(401),
        Just(403),
        Just(404),
        Just(422),
        Just(429),
        Just(500),
        100u16..600
    ]
}

/// A JSON object serialized and cut short is never valid JSON.
fn truncated_object(value: &Value, at: prop::sample::Index) -> Vec<u8> {
    let bytes = serde_json::to_vec(value).unwrap();
    bytes[..at.index(bytes.len())].to_vec()
}

const CSCART_PRODUCT: &[&str] = &[
    "product_id",
    "product",
    "product_code",
    "price",
    "list_price",
    "amount",
    "tracking",
    "status",
    "category_ids",
    "updated_timestamp",
    "product_features",
    "full_description",
];
const B2BWAVE_PRODUCT: &[&str] = &[
    "id",
    "code",
    "part_number",
    "name",
    "price1",
    "quantity",
    "quantity_monitor",
    "is_active",
    "quantities",
    "category_id",
    "updated_at",
    "description",
];
const VALIGARA_PRODUCT: &[&str] = &[
    "id",
    "sku",
    "title",
    "description",
    "price",
    "quantity",
    "status",
    "updated_at",
];

fn cscart_list() -> impl Strategy<Value = Value> {
    (
        prop::collection::vec(shaped(CSCART_PRODUCT), 0..4),
        shaped(&["page", "items_per_page", "total_items"]),
    )
        .prop_map(|(products, params)| json!({"products": products, "params": params}))
}

fn b2bwave_product() -> impl Strategy<Value = Value> {
    (
        shaped(B2BWAVE_PRODUCT),
        prop::collection::vec(
            shaped(&[
                "warehouse_id",
                "warehouse_code",
                "warehouse_name",
                "quantity",
            ]),
            0..3,
        ),
    )
        .prop_map(|(mut product, rows)| {
            if !rows.is_empty() {
                product["quantities"] = Value::Array(rows);
            }
            product
        })
}

fn cscart_all(status: u16, body: &[u8]) {
    let query = ListQuery::default();
    if let Ok(page) = cscart::decode_list(status, body, &query) {
        assert!(page.page > 0 && page.per_page > 0, "{page:?}");
    }
    let _ = cscart::decode_product(status, body).map_err(|e| e.to_string());
    let _ = cscart::decode_written_id(status, body).map_err(|e| e.to_string());
    let _ = cscart::error_message(status, body);
    let _ = cscart::html_title(&String::from_utf8_lossy(body));
    let headers = HeaderMap::new();
    let _ = cscart::error_for(status, &headers, body, None).to_string();
}

fn b2bwave_all(status: u16, body: &[u8]) {
    let _ = b2b::decode_rows(status, body).map_err(|e| e.to_string());
    let _ = b2b::decode_summaries(status, body).map_err(|e| e.to_string());
    let _ = b2b::decode_one(status, body, &ProductId("1".into())).map_err(|e| e.to_string());
    let _ = b2b::decode_product(status, body).map_err(|e| e.to_string());
    let _ = b2b_reply::error_for(status, body, None, false).to_string();
    let _ = b2b_reply::error_for(status, body, None, true).to_string();
}

fn valigara_all(status: u16, body: &[u8]) {
    let reply = match vreply::parse_reply(status, body) {
        Ok(reply) => reply,
        Err(error) => {
            let _ = vreply::unreadable(status, error, None).to_string();
            return;
        }
    };
    let _ = vreply::error_for(&reply, None).to_string();
    let _ = vreply::message_of(&reply.data);
    if let Ok(fields) = vreply::data::<Vec<FieldDescriptor>>(reply.clone()) {
        let _ = form_specs(&fields);
    }
    let _ = vreply::data::<Vec<PostTemplate>>(reply.clone());
    let _ = vreply::data::<Vec<ListingResult>>(reply.clone());
    let _ = valigara::product_from_value(reply.data.clone());
    if let Some(Value::Array(products)) = reply.data.get("products") {
        for product in products {
            let _ = valigara::product_from_value(product.clone());
        }
    }
}

fn ugal_all(status: u16, body: &[u8]) {
    let _ = ugal::decode_items(status, body).map_err(|e| e.to_string());
    let _ = ugal::decode_item(status, body).map_err(|e| e.to_string());
    let _ = ugal_product::decode_product(status, body).map_err(|e| e.to_string());
    for text in ugal_reply::error_texts(body) {
        let _ = ugal_reply::error_code(&text);
    }
    let _ = ugal_reply::error_for(status, body).to_string();
}

/// UGAL's element names, so generated XML often lands on a field the parser reads.
const XML_NAMES: &[&str] = &[
    "items",
    "item",
    "reference",
    "status",
    "label",
    "inventory",
    "link",
    "vatrate",
    "price",
    "amount",
    "product",
    "id",
    "title",
    "prices",
    "pricelist",
    "quantity",
    "currency",
    "vat",
    "url",
    "catalog",
    "errors",
    "error",
];

#[derive(Debug, Clone)]
enum Xml {
    Text(String),
    Element(String, Vec<Xml>),
}

fn xml_tree() -> impl Strategy<Value = Xml> {
    let text = prop_oneof![
        3 => tricky_text().prop_map(|t| quick_xml::escape::escape(&t).into_owned()),
        1 => prop::sample::select(vec!["&", "<", "&bogus;", "&#0;", "&#x110000;", "]]>", "<![CDATA[x"])
            .prop_map(str::to_owned),
    ];
    text.prop_map(Xml::Text).prop_recursive(5, 48, 6, |inner| {
        (
            prop::sample::select(XML_NAMES),
            prop::collection::vec(inner, 0..6),
        )
            .prop_map(|(name, children)| Xml::Element(name.to_owned(), children))
    })
}

fn render(node: &Xml, out: &mut String) {
    match node {
        Xml::Text(text) => out.push_str(text),
        Xml::Element(name, children) => {
            out.push_str(&format!("<{name}>"));
            for child in children {
                render(child, out);
            }
            out.push_str(&format!("</{name}>"));
        }
    }
}

fn xml_document() -> impl Strategy<Value = Vec<u8>> {
    (
        prop::sample::select(&["items", "item", "product", "errors"][..]),
        prop::collection::vec(xml_tree(), 0..5),
        any::<bool>(),
    )
        .prop_map(|(root, children, declaration)| {
            let mut out = String::new();
            if declaration {
                out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
            }
            render(&Xml::Element(root.to_owned(), children), &mut out);
            out.into_bytes()
        })
}

fn nested(open: &str, close: &str, depth: usize) -> Vec<u8> {
    [open.repeat(depth), close.repeat(depth)]
        .concat()
        .into_bytes()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES))]

    #[test]
    fn cscart_never_panics_on_bytes(status in status(), body in any::<Vec<u8>>()) {
        cscart_all(status, &body);
    }

    #[test]
    fn cscart_never_panics_on_json_of_any_shape(status in status(), body in json_bytes(json_value())) {
        cscart_all(status, &body);
    }

    #[test]
    fn cscart_never_panics_on_wrong_product_fields(
        status in status(),
        body in json_bytes(prop_oneof![cscart_list(), shaped(CSCART_PRODUCT)]),
    ) {
        cscart_all(status, &body);
    }

    #[test]
    fn cscart_refuses_a_truncated_document(list in cscart_list(), at in any::<prop::sample::Index>()) {
        let body = truncated_object(&list, at);
        prop_assert!(cscart::decode_list(200, &body, &ListQuery::default()).is_err());
        prop_assert!(cscart::decode_product(200, &body).is_err());
    }

    #[test]
    fn b2bwave_never_panics_on_bytes(status in status(), body in any::<Vec<u8>>()) {
        b2bwave_all(status, &body);
    }

    #[test]
    fn b2bwave_never_panics_on_wrong_product_fields(
        status in status(),
        body in json_bytes(prop_oneof![
            prop::collection::vec(b2bwave_product(), 0..4).prop_map(Value::Array),
            b2bwave_product(),
            json_value(),
        ]),
    ) {
        b2bwave_all(status, &body);
    }

    #[test]
    fn b2bwave_refuses_a_truncated_list(
        rows in prop::collection::vec(b2bwave_product(), 0..4),
        at in any::<prop::sample::Index>(),
    ) {
        let body = truncated_object(&Value::Array(rows), at);
        prop_assert!(b2b::decode_summaries(200, &body).is_err());
    }

    #[test]
    fn b2bwave_field_readers_take_anything(value in json_value()) {
        let _ = b2b::text_of(&value);
        let _ = b2b::decimal_of(&value);
        let _ = b2b::whole_of(&value);
        let _ = b2b::flag_of(&value);
    }

    #[test]
    fn valigara_never_panics_on_bytes(status in status(), body in any::<Vec<u8>>()) {
        valigara_all(status, &body);
    }

    #[test]
    fn valigara_never_panics_on_odd_envelopes(
        status in status(),
        body in json_bytes(prop_oneof![
            (leaf(), json_value()).prop_map(|(code, data)| json!({"status": code, "data": data})),
            (prop::sample::select(vec![100u16, 101, 102, 103, 105, 200, 201, 300, 301, 302, 303, 999]), json_value())
                .prop_map(|(code, data)| json!({"status": code, "data": data})),
            prop::collection::vec(shaped(VALIGARA_PRODUCT), 0..4)
                .prop_map(|products| json!({"status": 100, "data": {"products": products, "missing": []}})),
            json_value(),
        ]),
    ) {
        valigara_all(status, &body);
    }

    #[test]
    fn valigara_timestamps_never_panic(
        text in prop_oneof![
            tricky_text(),
            "20[0-9]{2}-(0[1-9]|1[0-2])-[0-2][0-9]T[01][0-9]:[0-5][0-9]:[0-5][0-9](\\.[0-9]{0,12})?[+-][0-9]{1,20}:[0-9]{1,20}",
        ],
    ) {
        let _ = valigara::unix_seconds(&text);
    }

    #[test]
    fn valigara_refuses_a_truncated_envelope(data in json_value(), at in any::<prop::sample::Index>()) {
        let body = truncated_object(&json!({"status": 100, "data": data}), at);
        prop_assert!(vreply::parse_reply(200, &body).is_err());
    }

    #[test]
    fn ugal_never_panics_on_bytes(status in status(), body in any::<Vec<u8>>()) {
        ugal_all(status, &body);
    }

    #[test]
    fn ugal_never_panics_on_xml_of_any_shape(status in status(), body in garbled(xml_document())) {
        ugal_all(status, &body);
    }

    #[test]
    fn ugal_never_panics_on_json_errors(status in status(), body in json_bytes(json_value())) {
        ugal_all(status, &body);
    }

    #[test]
    fn ugal_refuses_a_truncated_document(body in xml_document(), at in any::<prop::sample::Index>()) {
        // Cut inside the root's closing tag at the latest, so the document is never whole.
        let end = body.len() - 1;
        let body = &body[..at.index(end)];
        prop_assert!(ugal::decode_items(200, body).is_err(), "{}", String::from_utf8_lossy(body));
        prop_assert!(ugal::decode_item(200, body).is_err());
    }

    #[test]
    fn rate_limit_headers_never_panic(
        pairs in prop::collection::vec(
            (
                prop_oneof![
                    prop::sample::select(vec![
                        "x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset",
                        "ratelimit-limit", "ratelimit-remaining", "ratelimit-reset", "ratelimit",
                        "x-rate-limit-limit", "retry-after", "x-valigara-api-call-limit",
                    ]).prop_map(str::to_owned),
                    "[a-z-]{1,20}",
                ],
                prop_oneof![tricky_text().prop_map(String::into_bytes), any::<Vec<u8>>()],
            ),
            0..8,
        ),
    ) {
        let mut headers = HeaderMap::new();
        for (name, value) in pairs {
            if let (Ok(name), Ok(value)) = (HeaderName::from_bytes(name.as_bytes()), HeaderValue::from_bytes(&value)) {
                headers.append(name, value);
            }
        }
        if let Some(rate) = RateLimit::from_headers(&headers) {
            let _ = rate.to_string();
        }
    }

    #[test]
    fn any_body_formats_for_display(
        body in prop_oneof![
            any::<Vec<u8>>(),
            json_bytes(json_value()),
            garbled(xml_document()),
        ],
        content_type in prop::option::of(prop::sample::select(vec![
            "application/json", "application/xml", "text/html", "text/plain", "application/octet-stream", "",
        ])),
    ) {
        let formatted = body::format(&body, content_type);
        prop_assert_eq!(formatted.bytes, body.len());
        prop_assert!(formatted.lines.iter().all(|line| line.chars().count() <= body::MAX_LINE_CHARS));
    }
}

/// A search as a person might mistype it: known and unknown keys, ranges, odd numbers.
fn search_text() -> impl Strategy<Value = String> {
    let term = prop_oneof![
        tricky_text(),
        (
            prop::sample::select(vec![
                "sku", "code", "status", "cat", "category", "price", "stock", "PRICE", "x", ""
            ]),
            prop_oneof![
                tricky_text(),
                (tricky_text(), tricky_text()).prop_map(|(a, b)| format!("{a}..{b}")),
                Just("..".to_owned()),
                Just("...".to_owned()),
            ],
        )
            .prop_map(|(key, value)| format!("{key}:{value}")),
    ];
    prop::collection::vec(term, 0..6).prop_map(|terms| terms.join(" "))
}

fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES))]

    #[test]
    fn the_search_language_never_panics(text in prop_oneof![any::<String>(), search_text()]) {
        for platform in [Platform::Cscart, Platform::Valigara, Platform::B2bwave, Platform::Ugal] {
            if let Err(error) = search::parse(&text, platform) {
                prop_assert!(!error.message.is_empty());
                if let Some(term) = error.term {
                    prop_assert!(text.get(term).is_some_and(|t| !t.is_empty()));
                }
            }
        }
    }

    #[test]
    fn sanitized_text_holds_no_control_or_bidi_character(
        text in prop_oneof![
            any::<String>(),
            tricky_text(),
            prop::collection::vec(
                prop_oneof![any::<char>(), (0u32..0x20).prop_map(|c| char::from_u32(c).unwrap()), Just('\u{9b}'), Just('\u{202e}'), Just('\u{1b}')],
                0..40,
            ).prop_map(String::from_iter),
        ],
    ) {
        let clean = sanitize::clean(&text);
        prop_assert!(!clean.chars().any(is_unsafe), "{clean:?}");
        if !text.chars().any(is_unsafe) {
            prop_assert_eq!(clean.as_ref(), text.as_str());
        }
    }
}

#[test]
fn deep_nesting_is_refused_without_overflowing_the_stack() {
    for body in [nested("[", "]", 20_000), nested("{\"a\":", "}", 20_000)] {
        cscart_all(200, &body);
        b2bwave_all(200, &body);
        valigara_all(200, &body);
        ugal_all(400, &body);
        let _ = body::format(&body, Some("application/json"));
    }
    let xml = nested("<item>", "</item>", 20_000);
    ugal_all(200, &xml);
    let _ = body::format(&xml, Some("application/xml"));
    let envelope = [
        b"{\"status\":100,\"data\":".as_slice(),
        &nested("[", "]", 120),
        b"}",
    ]
    .concat();
    valigara_all(200, &envelope);
}

#[test]
fn huge_numbers_and_negative_stock_are_errors_or_kept_exactly() {
    let product = json!({"product_id": "1", "product": "x", "amount": "-5", "price": "1e400"});
    let body = serde_json::to_vec(&product).unwrap();
    assert!(cscart::decode_product(200, &body).is_err());
    let product = json!({"product_id": "1", "product": "x", "amount": -5, "price": "12.50"});
    let body = serde_json::to_vec(&product).unwrap();
    let parsed = cscart::decode_product(200, &body).unwrap();
    assert_eq!(
        parsed.summary.stock,
        stockroom::catalog::model::Stock::Quantity(-5)
    );
    let product = json!({"id": 1, "quantity": "99999999999999999999999", "price1": "1"});
    assert!(b2b::product_from_value(product).is_err());
    let item = "<item><reference>R1</reference><inventory>99999999999999999999</inventory></item>";
    assert!(ugal::decode_item(200, item.as_bytes()).is_err());
}
