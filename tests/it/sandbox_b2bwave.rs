//! The B2B Wave simulator's reads over real loopback HTTP, against docs/platforms/b2bwave.md.
#![cfg(test)]

use std::collections::BTreeSet;

use reqwest::{Client, Method, StatusCode};
use serde_json::{Value, json};
use stockroom::catalog::model::Platform;
use stockroom::sandbox::{Sandbox, SandboxOptions};

use crate::support::{fixtures, sandbox};

pub struct Api {
    pub sandbox: Sandbox,
    pub client: Client,
    pub base: String,
    pub user: String,
    pub key: String,
}

pub fn small() -> SandboxOptions {
    SandboxOptions {
        b2bwave_products: 60,
        ..SandboxOptions::default()
    }
}

impl Api {
    pub async fn start() -> Api {
        Api::with(small()).await
    }

    pub async fn with(options: SandboxOptions) -> Api {
        let sandbox = sandbox::start(options).await;
        let endpoint = sandbox::endpoint(&sandbox, Platform::B2bwave).clone();
        Api {
            sandbox,
            client: Client::new(),
            base: endpoint.base_url,
            user: endpoint.user,
            key: endpoint.key,
        }
    }

    pub async fn send_as(
        &self,
        user: &str,
        key: &str,
        method: Method,
        path: &str,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let mut request = self
            .client
            .request(method, format!("{}{path}", self.base))
            .basic_auth(user, Some(key));
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.expect("sent");
        let status = response.status();
        let text = response.text().await.expect("body");
        let body = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"));
        (status, body)
    }

    pub async fn send(
        &self,
        method: Method,
        path: &str,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        self.send_as(&self.user, &self.key, method, path, body)
            .await
    }

    pub async fn get(&self, path: &str) -> (StatusCode, Value) {
        self.send(Method::GET, path, None).await
    }

    /// The bare array a list answers.
    pub async fn list(&self, query: &str) -> Vec<Value> {
        let (status, body) = self.get(&format!("/api/products?{query}")).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        body.as_array().expect("a bare array").clone()
    }

    pub async fn product(&self, id: u64) -> Value {
        let mut found = self.list(&format!("id_eq={id}")).await;
        assert_eq!(found.len(), 1, "product {id}");
        found.remove(0)
    }
}

pub fn ids(products: &[Value]) -> Vec<u64> {
    products
        .iter()
        .map(|p| p["id"].as_u64().expect("id"))
        .collect()
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "bool",
        Value::Number(n) if n.is_u64() || n.is_i64() => "integer",
        Value::Number(_) => "float",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

fn keys(v: &Value) -> BTreeSet<String> {
    v.as_object().expect("object").keys().cloned().collect()
}

fn decimal_string(v: &Value, places: Option<u32>) -> bool {
    v.as_str().is_some_and(|s| {
        s.parse::<rust_decimal::Decimal>()
            .is_ok_and(|d| places.is_none_or(|p| d.scale() == p))
    })
}

const EXTRA: &[&str] = &[
    "quantity",
    "quantity_monitor",
    "can_backorder",
    "brand_id",
    "width",
    "height",
    "length",
    "quantities",
];

#[tokio::test]
async fn product_12_is_the_documented_sample_and_every_product_has_its_shape() {
    let api = Api::start().await;
    let sample = fixtures::json("b2bwave/products-list.json")[0].clone();
    let (status, body) = api.get("/api/products?code_eq=00001").await;
    assert_eq!(status, StatusCode::OK);
    let ours = &body[0];
    for (key, value) in sample.as_object().expect("sample") {
        assert_eq!(&ours[key], value, "{key}");
    }
    let mut expected = keys(&sample);
    expected.extend(EXTRA.iter().map(|k| k.to_string()));
    assert_eq!(keys(ours), expected);
    assert_eq!(ours["quantity"], "10");
    assert_eq!(ours["quantity_monitor"], true);
    // the create sample's fields are all there too
    let created = fixtures::json("b2bwave/create-response.json");
    assert!(keys(&created).is_subset(&keys(ours)));

    let all = api.list("").await;
    assert_eq!(ids(&all), (1..=60).collect::<Vec<_>>());
    let (mut unmonitored, mut variants, mut statuses) = (0, 0, BTreeSet::new());
    for p in &all {
        assert_eq!(keys(p), expected, "{p}");
        for (key, value) in sample.as_object().expect("sample") {
            let same = kind(&p[key]) == kind(value);
            assert!(
                value.is_null() || same || (key == "image_url" && p[key].is_null()),
                "{key}: {p}"
            );
        }
        for (key, documented) in [
            ("old_id", "null"),
            ("import_image_url", "null"),
            ("import_uuid", "null"),
            ("manufacturer_id", "null"),
            ("image_file_size", "integer"),
            ("measurement_unit_id", "integer"),
            ("brand_id", "integer"),
            ("meta_description", "string"),
            ("tag_line", "string"),
            ("image_updated_at", "string"),
        ] {
            assert!(["null", documented].contains(&kind(&p[key])), "{key}: {p}");
        }
        if p["id"] == 12 {
            continue;
        }
        assert!(decimal_string(&p["price1"], Some(3)), "{p}");
        for key in ["price2", "price3", "price_msrp"] {
            assert!(p[key].is_null() || decimal_string(&p[key], Some(3)), "{p}");
        }
        for key in ["minimum_quantity", "width", "height", "length"] {
            assert!(p[key].is_null() || decimal_string(&p[key], None), "{p}");
        }
        assert!(p["package_quantity"].is_null() || p["package_quantity"].is_string());
        let path = p["category_path"].as_str().expect("path");
        assert_eq!(path.split('/').count(), 2, "{path}");
        let quantities = p["quantities"].as_array().expect("quantities");
        let per: Vec<(u64, &str, &str)> = quantities
            .iter()
            .map(|q| {
                (
                    q["warehouse_id"].as_u64().expect("id"),
                    q["warehouse_code"].as_str().expect("code"),
                    q["warehouse_name"].as_str().expect("name"),
                )
            })
            .collect();
        assert_eq!(
            per,
            [
                (1, "MAIN", "Main warehouse"),
                (2, "EAST", "East depot"),
                (3, "WEST", "West depot")
            ]
        );
        let sum: i64 = quantities
            .iter()
            .map(|q| {
                q["quantity"]
                    .as_str()
                    .expect("string")
                    .parse::<i64>()
                    .expect("integer")
            })
            .sum();
        assert_eq!(p["quantity"], sum.to_string());
        unmonitored += usize::from(p["quantity_monitor"] == false);
        variants += usize::from(
            !p["product_variants"]
                .as_array()
                .expect("variants")
                .is_empty(),
        );
        statuses.insert(p["status_id"].as_u64().expect("status"));
    }
    assert!(unmonitored > 0 && variants > 0, "{unmonitored} {variants}");
    assert_eq!(statuses, BTreeSet::from([1, 2, 3]));
}

#[tokio::test]
async fn every_filter_as_a_parameter_and_as_ransack_q() {
    let api = Api::start().await;
    let all = api.list("").await;
    let p = all[20].clone();
    let code = p["code"].as_str().expect("code").to_string();
    let name = p["name"].as_str().expect("name").to_string();
    let word = name.split(' ').nth(1).expect("a word").to_lowercase();
    let expect = |f: &dyn Fn(&Value) -> bool| -> Vec<u64> {
        ids(&all.iter().filter(|p| f(p)).cloned().collect::<Vec<_>>())
    };
    let cases: Vec<(&str, String, Vec<u64>)> = vec![
        ("code_eq", code.clone(), vec![21]),
        (
            "name_eq",
            name.clone(),
            expect(&|q| q["name"] == name.as_str()),
        ),
        ("status_id_eq", "2".into(), expect(&|q| q["status_id"] == 2)),
        (
            "category_id_eq",
            p["category_id"].to_string(),
            expect(&|q| q["category_id"] == p["category_id"]),
        ),
        ("id_eq", "21".into(), vec![21]),
        ("code_cont", code[3..].to_lowercase(), vec![21]),
        (
            "name_cont",
            word.to_uppercase(),
            expect(&|q| {
                q["name"]
                    .as_str()
                    .is_some_and(|n| n.to_lowercase().contains(&word))
            }),
        ),
        ("description_cont", "LOREM IPSUM".into(), vec![12]),
    ];
    for (filter, value, expected) in cases {
        assert!(!expected.is_empty(), "{filter}");
        let plain = api.list(&format!("{filter}={}", urlencode(&value))).await;
        assert_eq!(ids(&plain), expected, "{filter}={value}");
        let ransack = api
            .list(&format!("q%5B{filter}%5D={}", urlencode(&value)))
            .await;
        assert_eq!(ids(&ransack), expected, "q[{filter}]={value}");
    }
    let lower = format!("code_eq={}", code.to_lowercase());
    assert!(api.list(&lower).await.is_empty(), "eq is exact");
    assert_eq!(
        api.list("code_eq=").await.len(),
        60,
        "a blank filter is none"
    );
    assert!(api.list("status_id_eq=active").await.is_empty());
    let both = api
        .list(&format!("status_id_eq=1&q[name_cont]={word}"))
        .await;
    assert!(both.iter().all(|q| q["status_id"] == 1));
    assert!(api.list("id_eq=9999").await.is_empty());
}

fn urlencode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

#[tokio::test]
async fn page_alone_is_ignored_and_paginated_pages_are_disjoint_and_end_short() {
    let api = Api::start().await;
    let all = ids(&api.list("").await);
    assert_eq!(
        ids(&api.list("page=2").await),
        all,
        "page alone: every product"
    );
    assert_eq!(ids(&api.list("page=2&per_page=5").await), all);
    let mut seen = Vec::new();
    for (page, len) in [(1, 25), (2, 25), (3, 10), (4, 0)] {
        let rows = api
            .list(&format!("paginated=1&per_page=25&page={page}"))
            .await;
        assert_eq!(rows.len(), len, "page {page}");
        seen.extend(ids(&rows));
    }
    assert_eq!(seen, all, "disjoint, in id order, covering all");
    assert_eq!(ids(&api.list("paginated=1").await), all[..25]);
    assert_eq!(ids(&api.list("paginated=1&page=2").await), all[25..50]);
    let filtered = api
        .list("paginated=1&per_page=2&page=1&status_id_eq=1")
        .await;
    assert!(filtered.len() == 2 && filtered.iter().all(|p| p["status_id"] == 1));
    let big = Api::with(SandboxOptions {
        b2bwave_products: 130,
        ..SandboxOptions::default()
    })
    .await;
    assert_eq!(big.list("paginated=1&per_page=500").await.len(), 100);
    assert_eq!(big.list("").await.len(), 130);
}

#[tokio::test]
async fn json_suffix_unknown_routes_determinism_and_the_other_endpoints() {
    let api = Api::start().await;
    let (status, body) = api.get("/api/products.json?code_eq=00001").await;
    assert_eq!((status, body[0]["id"].as_u64()), (StatusCode::OK, Some(12)));
    let not_found = json!({"error": "Not found"});
    for (method, path) in [
        (Method::GET, "/api/orders"),
        (Method::GET, "/api/products/12"),
        (Method::DELETE, "/api/products/12"),
        (Method::GET, "/nowhere"),
        (Method::PATCH, "/api/products/12.xml"),
    ] {
        let body = (method == Method::PATCH).then(|| json!({"product": {}}));
        let r = api.send(method, path, body).await;
        assert_eq!(r, (StatusCode::NOT_FOUND, not_found.clone()), "{path}");
    }

    let again = Api::start().await;
    assert_eq!(
        api.list("").await,
        again.list("").await,
        "same seed, same catalog"
    );
    let other = Api::with(SandboxOptions { seed: 7, ..small() }).await;
    assert_ne!(api.list("").await, other.list("").await);
    assert_eq!(other.product(12).await["name"], "Test Product");

    let platforms: Vec<Platform> = api.sandbox.endpoints().iter().map(|e| e.platform).collect();
    assert_eq!(
        platforms,
        [
            Platform::Cscart,
            Platform::Valigara,
            Platform::B2bwave,
            Platform::Ugal,
            Platform::Ugal
        ]
    );
    assert_eq!(api.base, format!("http://{}/b2bwave", api.sandbox.addr()));
    let cscart = api.sandbox.endpoint(Platform::Cscart).expect("cscart");
    let r = api
        .client
        .get(format!("{}/api/products?items_per_page=1", cscart.base_url))
        .basic_auth(&cscart.user, Some(&cscart.key))
        .send()
        .await
        .expect("sent");
    assert_eq!(r.status(), StatusCode::OK);
}
