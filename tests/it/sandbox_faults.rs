//! Fault injection in the sandbox over real loopback HTTP: each kind as the client sees it,
//! each platform's error shapes, scoping by store, operation and count, the control endpoint.
#![cfg(test)]

use std::time::{Duration, Instant};

use reqwest::{Client, Method, StatusCode, header};
use serde_json::{Value, json};
use stockroom::sandbox::{
    Endpoint, Fault, FaultKind, Operation, Sandbox, SandboxOptions, Target, Times,
};

use crate::support::sandbox;

struct Shop {
    sandbox: Sandbox,
    client: Client,
}

impl Shop {
    async fn start() -> Shop {
        Shop::with(Vec::new()).await
    }

    async fn with(faults: Vec<Fault>) -> Shop {
        let sandbox = sandbox::start(SandboxOptions {
            faults,
            ..sandbox::stores_of(40)
        })
        .await;
        let client = Client::builder()
            .timeout(Duration::from_millis(600))
            .build()
            .unwrap();
        Shop { sandbox, client }
    }

    fn endpoint(&self, name: &str) -> &Endpoint {
        sandbox::named(&self.sandbox, name)
    }

    /// A request to the store named `name` (`cscart`, `ugal-vat`, ...) with its credentials.
    fn to(&self, name: &str, method: Method, path: &str) -> reqwest::RequestBuilder {
        sandbox::request(&self.client, self.endpoint(name), method, path)
    }

    /// A Valigara action as a POSTed form.
    fn valigara(&self, action: &str, data: Value) -> reqwest::RequestBuilder {
        let key = self.endpoint("valigara").key.clone();
        self.to("valigara", Method::POST, "/client/V1/").form(&[
            ("auth", key.as_str()),
            ("action", action),
            ("data", &data.to_string()),
        ])
    }

    async fn cscart_first_id(&self) -> String {
        let list: Value =
            json_of(self.to("cscart", Method::GET, "/api/products?items_per_page=5")).await;
        list["products"][0]["product_id"]
            .as_str()
            .unwrap()
            .to_string()
    }

    async fn ugal_first_reference(&self, site: &str) -> String {
        let xml = self
            .to(site, Method::GET, "/api/v1/items")
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let start = xml.find("<reference>").unwrap() + "<reference>".len();
        let end = start + xml[start..].find("</reference>").unwrap();
        xml[start..end].to_string()
    }

    async fn valigara_first_id(&self) -> u64 {
        let found: Value = json_of(self.valigara("product_search", json!({}))).await;
        found["data"][0].as_u64().unwrap()
    }
}

/// The JSON a request answers with.
async fn json_of(request: reqwest::RequestBuilder) -> Value {
    request.send().await.unwrap().json().await.unwrap()
}

async fn status_and_text(
    request: reqwest::RequestBuilder,
) -> (StatusCode, header::HeaderMap, String) {
    let response = request.send().await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    (status, headers, response.text().await.unwrap())
}

fn content_type(headers: &header::HeaderMap) -> &str {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
}

fn xml_parses(text: &str) -> bool {
    let mut reader = quick_xml::Reader::from_str(text);
    loop {
        match reader.read_event() {
            Err(_) => return false,
            Ok(quick_xml::events::Event::Eof) => return true,
            Ok(_) => {}
        }
    }
}

#[test]
fn specs_parse_and_print_back() {
    let fault: Fault = "timeout-after-apply@cscart/stock x1".parse().unwrap();
    assert_eq!(
        fault,
        Fault::new(FaultKind::TimeoutAfterApply)
            .at(Target::Cscart)
            .on(Operation::Stock)
            .times(1)
    );
    assert_eq!(fault.to_string(), "timeout-after-apply@cscart/stock x1");
    let cases = [
        (
            "latency:250",
            FaultKind::Latency(Duration::from_millis(250)),
        ),
        ("status:503", FaultKind::Status(503)),
        ("429", FaultKind::TooManyRequests { retry_after: None }),
        (
            "429-retry-after:7",
            FaultKind::TooManyRequests {
                retry_after: Some(7),
            },
        ),
        ("html", FaultKind::Html(502)),
        ("html:200", FaultKind::Html(200)),
        (
            "oversized",
            FaultKind::Oversized {
                bytes: 64 * 1024 * 1024,
            },
        ),
        ("hostile-data", FaultKind::HostileData),
    ];
    for (spec, kind) in cases {
        let fault: Fault = spec.parse().unwrap();
        assert_eq!(fault, Fault::new(kind), "{spec}");
        assert_eq!(fault.to_string().parse::<Fault>().unwrap(), fault, "{spec}");
    }
    let scoped: Fault = "reset@ugal-vat/list".parse().unwrap();
    assert_eq!(
        (scoped.store, scoped.op, scoped.times),
        (Target::UgalVat, Operation::List, Times::Always)
    );
    for bad in [
        "",
        "explode",
        "status:abc",
        "status:99",
        "reset@shopify",
        "reset/upsert",
        "reset x0",
    ] {
        assert!(bad.parse::<Fault>().is_err(), "{bad:?} should be refused");
    }
}

#[tokio::test]
async fn faults_are_off_by_default_and_the_control_endpoint_arms_lists_and_disarms() {
    let shop = Shop::start().await;
    let url = shop.sandbox.faults_url();
    let listed: Value = json_of(shop.client.get(&url)).await;
    assert_eq!(listed, json!([]));

    let added = shop
        .client
        .post(&url)
        .body("status:503@cscart/list x2")
        .send()
        .await
        .unwrap();
    assert_eq!(added.status(), StatusCode::CREATED);
    let object = json!({"kind": "429", "store": "b2bwave", "op": "stock", "times": "always"});
    let added = shop.client.post(&url).json(&object).send().await.unwrap();
    assert_eq!(added.status(), StatusCode::CREATED);
    let added = shop
        .client
        .post(&url)
        .json(&json!(["reset@ugal", "latency:5@valigara/get x3"]))
        .send()
        .await
        .unwrap();
    assert_eq!(added.status(), StatusCode::CREATED);
    let listed: Value = json_of(shop.client.get(&url)).await;
    let specs: Vec<&str> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["fault"].as_str().unwrap())
        .collect();
    assert_eq!(
        specs,
        [
            "status:503@cscart/list x2",
            "429@b2bwave/stock",
            "reset@ugal/any",
            "latency:5@valigara/get x3"
        ]
    );
    assert_eq!(listed[0]["remaining"], json!(2));
    assert_eq!(listed[1]["remaining"], Value::Null);

    let (status, _, _) = status_and_text(shop.to("cscart", Method::GET, "/api/products")).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(shop.sandbox.faults().list()[0].fired, 1);

    let refused = shop
        .client
        .post(&url)
        .body("explode@cscart")
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::BAD_REQUEST);
    let error: Value = refused.json().await.unwrap();
    assert!(error["error"].as_str().unwrap().contains("explode"));

    let id = listed[2]["id"].as_u64().unwrap();
    let removed = shop
        .client
        .delete(format!("{url}/{id}"))
        .send()
        .await
        .unwrap();
    assert_eq!(removed.status(), StatusCode::NO_CONTENT);
    let again = shop
        .client
        .delete(format!("{url}/{id}"))
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::NOT_FOUND);
    assert_eq!(shop.sandbox.faults().list().len(), 3);

    let cleared = shop.client.delete(&url).send().await.unwrap();
    assert_eq!(cleared.status(), StatusCode::NO_CONTENT);
    assert!(shop.sandbox.faults().list().is_empty());
    let (status, _, _) = status_and_text(shop.to("cscart", Method::GET, "/api/products")).await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn faults_given_at_start_are_armed_and_a_count_runs_out() {
    let shop = Shop::with(vec!["status:500@b2bwave/list x2".parse().unwrap()]).await;
    for expected in [500, 500, 200, 200] {
        let (status, _, _) =
            status_and_text(shop.to("b2bwave", Method::GET, "/api/products")).await;
        assert_eq!(status.as_u16(), expected);
    }
    assert!(shop.sandbox.faults().list().is_empty());
    assert_eq!(shop.sandbox.faults().fired(), 2);
}

#[tokio::test]
async fn a_fault_applies_only_to_its_store_and_operation() {
    let shop = Shop::start().await;
    shop.sandbox.faults().set(
        Fault::new(FaultKind::Status(503))
            .at(Target::Cscart)
            .on(Operation::Stock),
    );
    let id = shop.cscart_first_id().await;
    let path = format!("/api/products/{id}");
    let (status, _, _) = status_and_text(shop.to("cscart", Method::GET, &path)).await;
    assert_eq!(status, StatusCode::OK, "a get is not a stock change");
    let edit = shop
        .to("cscart", Method::PUT, &path)
        .json(&json!({"product": "Renamed"}));
    assert_eq!(
        status_and_text(edit).await.0,
        StatusCode::OK,
        "an edit is not a stock change"
    );
    let stock = shop
        .to("cscart", Method::PUT, &path)
        .json(&json!({"amount": "3"}));
    assert_eq!(
        status_and_text(stock).await.0,
        StatusCode::SERVICE_UNAVAILABLE
    );
    let other = shop
        .to("b2bwave", Method::POST, "/api/products/update_quantity")
        .json(&json!({"id": 12, "quantity": 1}));
    assert_eq!(
        status_and_text(other).await.0,
        StatusCode::OK,
        "another store"
    );

    // Valigara's operation is its action, read from the form body.
    shop.sandbox.faults().set(
        Fault::new(FaultKind::TooManyRequests { retry_after: None })
            .at(Target::Valigara)
            .on(Operation::Stock),
    );
    let vid = shop.valigara_first_id().await;
    let (status, _, text) =
        status_and_text(shop.valigara("product_update", json!({"id": vid, "title": "T"}))).await;
    assert_eq!(
        (
            status,
            serde_json::from_str::<Value>(&text).unwrap()["status"].as_u64()
        ),
        (StatusCode::OK, Some(100))
    );
    let (status, _, _) =
        status_and_text(shop.valigara("product_update", json!({"id": vid, "quantity": 4}))).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    let (status, _, _) =
        status_and_text(shop.valigara("product_sold", json!({"id": vid, "quantity": 1}))).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);

    // UGAL: an inventory PUT is stock, a price PUT is an edit; the two sites are two stores.
    shop.sandbox
        .faults()
        .set("status:500@ugal-vat/stock".parse().unwrap());
    let reference = shop.ugal_first_reference("ugal").await;
    let path = format!("/api/v1/items/{reference}.xml");
    let put = |site: &str| {
        shop.to(site, Method::PUT, &path)
            .body("<item><inventory>9</inventory></item>")
    };
    assert_eq!(status_and_text(put("ugal")).await.0, StatusCode::OK);
    assert_eq!(
        status_and_text(put("ugal-vat")).await.0,
        StatusCode::INTERNAL_SERVER_ERROR
    );
}

#[tokio::test]
async fn status_faults_answer_in_each_platforms_error_shape() {
    let shop = Shop::start().await;
    shop.sandbox.faults().set("status:503".parse().unwrap());

    let (status, headers, text) =
        status_and_text(shop.to("cscart", Method::GET, "/api/products")).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(content_type(&headers).starts_with("application/json"));
    assert_eq!(
        serde_json::from_str::<Value>(&text).unwrap(),
        json!({"message": "Service Unavailable", "status": 503})
    );

    let (status, _, text) = status_and_text(shop.to("b2bwave", Method::GET, "/api/products")).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(
        serde_json::from_str::<Value>(&text).unwrap(),
        json!({"error": "Service Unavailable"})
    );

    let (status, headers, text) = status_and_text(shop.valigara("product_search", json!({}))).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(headers.contains_key("x-debug-uid"));
    let envelope: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(envelope["status"], json!(201));

    let (status, headers, text) =
        status_and_text(shop.to("ugal", Method::GET, "/api/v1/items")).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(content_type(&headers).starts_with("application/xml"));
    assert!(
        text.contains("<errors><error>503 - Service Unavailable</error></errors>"),
        "{text}"
    );
    let (_, headers, text) =
        status_and_text(shop.to("ugal-vat", Method::GET, "/api/v1/items.json")).await;
    assert!(content_type(&headers).starts_with("application/json"));
    assert!(text.contains("503 - Service Unavailable"), "{text}");
}

#[tokio::test]
async fn refusals_come_with_and_without_retry_after_in_each_platforms_shape() {
    let shop = Shop::start().await;
    for (spec, retry_after) in [("429", None), ("429-retry-after:7", Some("7"))] {
        shop.sandbox.faults().set(spec.parse().unwrap());
        let replies = [
            status_and_text(shop.to("cscart", Method::GET, "/api/products")).await,
            status_and_text(shop.to("b2bwave", Method::GET, "/api/products")).await,
            status_and_text(shop.to("ugal", Method::GET, "/api/v1/items")).await,
            status_and_text(shop.valigara("product_search", json!({}))).await,
        ];
        for (status, headers, _) in &replies {
            assert_eq!(*status, StatusCode::TOO_MANY_REQUESTS, "{spec}");
            assert_eq!(
                headers
                    .get(header::RETRY_AFTER)
                    .map(|v| v.to_str().unwrap()),
                retry_after,
                "{spec}"
            );
        }
        let [cscart, b2bwave, ugal, valigara] = replies;
        assert_eq!(
            serde_json::from_str::<Value>(&cscart.2).unwrap()["status"],
            json!(429)
        );
        assert!(serde_json::from_str::<Value>(&b2bwave.2).unwrap()["error"].is_string());
        assert!(
            ugal.2.contains("<error>429 - Too Many Requests</error>"),
            "{}",
            ugal.2
        );
        let envelope: Value = serde_json::from_str(&valigara.2).unwrap();
        assert_eq!(envelope["status"], json!(105), "{spec}");
    }
}

#[tokio::test]
async fn latency_delays_and_timeout_never_answers() {
    let shop = Shop::start().await;
    shop.sandbox
        .faults()
        .set("latency:300@cscart/list".parse().unwrap());
    let started = Instant::now();
    let (status, _, _) = status_and_text(shop.to("cscart", Method::GET, "/api/products")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(started.elapsed() >= Duration::from_millis(300));

    shop.sandbox
        .faults()
        .set("timeout@b2bwave".parse().unwrap());
    let error = shop
        .to("b2bwave", Method::GET, "/api/products")
        .timeout(Duration::from_millis(250))
        .send()
        .await
        .unwrap_err();
    assert!(error.is_timeout(), "{error:?}");
}

#[tokio::test]
async fn timeout_after_apply_applies_the_write_and_never_answers() {
    let shop = Shop::start().await;
    let faults = shop.sandbox.faults();
    faults.set("timeout-after-apply@cscart/stock x1".parse().unwrap());
    let id = shop.cscart_first_id().await;
    let path = format!("/api/products/{id}");
    let error = shop
        .to("cscart", Method::PUT, &path)
        .json(&json!({"amount": "77"}))
        .timeout(Duration::from_millis(300))
        .send()
        .await
        .unwrap_err();
    assert!(error.is_timeout(), "{error:?}");
    let product: Value = json_of(shop.to("cscart", Method::GET, &path)).await;
    assert_eq!(product["amount"], json!("77"), "the write was applied");

    faults.set("timeout-after-apply@valigara/stock x1".parse().unwrap());
    let vid = shop.valigara_first_id().await;
    let error = shop
        .valigara("product_update", json!({"id": vid, "quantity": 31}))
        .timeout(Duration::from_millis(300))
        .send()
        .await
        .unwrap_err();
    assert!(error.is_timeout(), "{error:?}");
    let export: Value = json_of(shop.valigara("product_export", json!({"id": vid}))).await;
    assert_eq!(export["data"]["quantity"].as_i64(), Some(31), "{export}");

    faults.set("timeout-after-apply@ugal/stock x1".parse().unwrap());
    let reference = shop.ugal_first_reference("ugal").await;
    let path = format!("/api/v1/items/{reference}.xml");
    let error = shop
        .to("ugal", Method::PUT, &path)
        .body("<item><inventory>58</inventory></item>")
        .timeout(Duration::from_millis(300))
        .send()
        .await
        .unwrap_err();
    assert!(error.is_timeout(), "{error:?}");
    let (_, _, item) = status_and_text(shop.to("ugal", Method::GET, &path)).await;
    assert!(item.contains("<inventory>58</inventory>"), "{item}");
}

#[tokio::test]
async fn reset_closes_the_connection_without_an_answer() {
    let shop = Shop::start().await;
    shop.sandbox
        .faults()
        .set("reset@cscart/list".parse().unwrap());
    let error = shop
        .to("cscart", Method::GET, "/api/products")
        .send()
        .await
        .unwrap_err();
    assert!(error.status().is_none(), "{error:?}");
    assert!(!error.is_timeout(), "{error:?}");
    assert!(error.is_request() || error.is_connect(), "{error:?}");
}

#[tokio::test]
async fn malformed_truncated_html_and_invalid_utf8_bodies() {
    let shop = Shop::start().await;
    let faults = shop.sandbox.faults();

    faults.set("malformed".parse().unwrap());
    let (status, headers, text) =
        status_and_text(shop.to("cscart", Method::GET, "/api/products")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(content_type(&headers).starts_with("application/json"));
    assert!(serde_json::from_str::<Value>(&text).is_err());
    let (status, headers, text) =
        status_and_text(shop.to("ugal", Method::GET, "/api/v1/items")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(content_type(&headers).starts_with("application/xml"));
    assert!(!xml_parses(&text), "{text}");

    faults.clear();
    let whole = status_and_text(shop.to("b2bwave", Method::GET, "/api/products"))
        .await
        .2;
    faults.set("truncated@b2bwave".parse().unwrap());
    let (status, _, text) = status_and_text(shop.to("b2bwave", Method::GET, "/api/products")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(text.len(), whole.len() / 2);
    assert!(whole.starts_with(&text));
    assert!(serde_json::from_str::<Value>(&text).is_err());

    faults.set("html".parse().unwrap());
    let (status, headers, text) = status_and_text(shop.valigara("product_search", json!({}))).await;
    assert_eq!(status, StatusCode::BAD_GATEWAY);
    assert!(content_type(&headers).starts_with("text/html"));
    assert!(text.contains("<title>502 Bad Gateway</title>"));
    faults.set("html:200".parse().unwrap());
    let (status, headers, _) =
        status_and_text(shop.to("cscart", Method::GET, "/api/products")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(content_type(&headers).starts_with("text/html"));

    faults.set("invalid-utf8".parse().unwrap());
    for (store, path) in [("cscart", "/api/products"), ("ugal", "/api/v1/items")] {
        let response = shop.to(store, Method::GET, path).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        let bytes = response.bytes().await.unwrap();
        assert!(std::str::from_utf8(&bytes).is_err(), "{store}");
        let fixed = String::from_utf8_lossy(&bytes);
        if store == "cscart" {
            assert!(
                serde_json::from_str::<Value>(&fixed).is_ok(),
                "well formed otherwise"
            );
        } else {
            assert!(xml_parses(&fixed), "well formed otherwise");
        }
    }
}

#[tokio::test]
async fn an_oversized_answer_streams_past_any_sane_cap() {
    let shop = Shop::start().await;
    shop.sandbox
        .faults()
        .set("oversized:8@valigara".parse().unwrap());
    let mut response = shop
        .valigara("product_search", json!({}))
        .timeout(Duration::from_secs(5))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(
        response.content_length().is_none(),
        "streamed without a length"
    );
    let mut seen = Vec::new();
    while let Some(chunk) = response.chunk().await.unwrap() {
        seen.extend_from_slice(&chunk);
        if seen.len() > 2 * 1024 * 1024 {
            break;
        }
    }
    assert!(seen.len() > 2 * 1024 * 1024);
    assert!(seen.starts_with(b"{\"status\":100,\"data\":["));
    drop(response);

    // The whole answer is the size asked for, and ends well formed.
    shop.sandbox
        .faults()
        .set("oversized:1@cscart".parse().unwrap());
    let body = shop
        .to("cscart", Method::GET, "/api/products")
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert!(
        body.len() > 1000 * 1000 && body.len() <= 1024 * 1024,
        "{}",
        body.len()
    );
    assert!(serde_json::from_slice::<Value>(&body).is_ok());
}

#[tokio::test]
async fn hostile_data_carries_escapes_bidi_and_long_strings_until_cleared() {
    let shop = Shop::start().await;
    shop.sandbox
        .faults()
        .set("hostile-data@cscart".parse().unwrap());
    let text = status_and_text(shop.to("cscart", Method::GET, "/api/products?items_per_page=40"))
        .await
        .2;
    let list: Value = serde_json::from_str(&text).unwrap();
    let products = list["products"].as_array().unwrap();
    let names: Vec<&str> = products
        .iter()
        .map(|p| p["product"].as_str().unwrap())
        .collect();
    assert!(
        names
            .iter()
            .any(|n| n.contains("\u{1b}[") && n.contains("\u{1b}]52;")),
        "CSI and OSC 52"
    );
    assert!(names.iter().any(|n| n.contains("\u{1b}]0;")), "OSC 0");
    assert!(
        names.iter().any(|n| n.contains('\u{202e}')),
        "bidi override"
    );
    assert!(
        names.iter().any(|n| n.chars().count() > 10_000),
        "a long name"
    );
    assert!(
        products
            .iter()
            .any(|p| p["product_code"].as_str().unwrap().contains('\u{202e}')),
        "a SKU"
    );
    let clean = names
        .iter()
        .filter(|n| !n.contains('\u{1b}') && !n.contains('\u{202e}') && n.len() < 1000)
        .count();
    assert!(clean > 0, "only some products are hostile");

    // A read of one product agrees with the list.
    let hostile = products
        .iter()
        .find(|p| p["product"].as_str().unwrap().contains('\u{1b}'))
        .unwrap();
    let path = format!("/api/products/{}", hostile["product_id"].as_str().unwrap());
    let one: Value = json_of(shop.to("cscart", Method::GET, &path)).await;
    assert_eq!(one["product"], hostile["product"]);

    shop.sandbox
        .faults()
        .set("hostile-data@ugal".parse().unwrap());
    let xml = status_and_text(shop.to("ugal", Method::GET, "/api/v1/items"))
        .await
        .2;
    assert!(xml.contains("<label>") && (xml.contains('\u{1b}') || xml.contains('\u{202e}')));

    shop.sandbox.faults().clear();
    let text = status_and_text(shop.to("cscart", Method::GET, "/api/products?items_per_page=40"))
        .await
        .2;
    assert!(!text.contains("\\u001b") && !text.contains('\u{202e}'));
}

#[tokio::test]
async fn shutdown_ends_a_held_request_at_once() {
    let shop = Shop::start().await;
    shop.sandbox.faults().set("timeout".parse().unwrap());
    let url = format!("{}/api/products", shop.endpoint("cscart").base_url);
    let held = tokio::spawn(Client::new().get(url).send());
    tokio::time::sleep(Duration::from_millis(100)).await;
    let started = Instant::now();
    tokio::time::timeout(Duration::from_secs(5), shop.sandbox.shutdown())
        .await
        .unwrap();
    assert!(started.elapsed() < Duration::from_secs(5));
    assert!(
        held.await.unwrap().is_err(),
        "no answer, the connection closed"
    );
}

#[test]
fn the_command_line_arms_faults_and_refuses_a_bad_spec() {
    use std::io::{BufRead, BufReader};
    use std::process::{Command, Stdio};

    let refused = Command::new(crate::tmux::binary())
        .args([
            "sandbox",
            "--addr",
            "127.0.0.1:0",
            "--fault",
            "explode@cscart",
        ])
        .output()
        .unwrap();
    assert!(!refused.status.success());
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(stderr.contains("unknown fault kind"), "{stderr}");

    let mut child = Command::new(crate::tmux::binary())
        .args(["sandbox", "--addr", "127.0.0.1:0", "--products", "10"])
        .args([
            "--fault",
            "status:503@cscart/list x1",
            "--fault",
            "reset@ugal",
        ])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let armed: Vec<String> = BufReader::new(stdout)
        .lines()
        .map_while(Result::ok)
        .skip_while(|line| !line.starts_with("Serving on"))
        .filter(|line| line.starts_with("Fault armed: "))
        .take(2)
        .collect();
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(
        armed,
        [
            "Fault armed: status:503@cscart/list x1",
            "Fault armed: reset@ugal/any"
        ]
    );
}
