//! The sandbox at 100,000 products per store, and its optional per-store rate limit, over loopback.
#![cfg(test)]

use std::time::{Duration, Instant};

use reqwest::{Client, Method, StatusCode};
use serde_json::{Value, json};
use stockroom::catalog::model::Platform;
use stockroom::sandbox::{Sandbox, SandboxClock, SandboxOptions, Traffic};

use crate::support::sandbox::{self, Reply};

const BIG: usize = 100_000;

struct Api {
    sandbox: Sandbox,
    client: Client,
}

impl Api {
    async fn with(options: SandboxOptions) -> Api {
        Api {
            sandbox: sandbox::start(options).await,
            client: Client::new(),
        }
    }

    /// A request to the store at the endpoint named `name`, with its credentials.
    fn request(&self, method: Method, name: &str, path: &str) -> reqwest::RequestBuilder {
        let endpoint = sandbox::named(&self.sandbox, name);
        sandbox::request(&self.client, endpoint, method, path)
    }

    async fn send(&self, request: reqwest::RequestBuilder) -> Reply {
        Reply::read(request).await
    }

    async fn get(&self, name: &str, path: &str) -> Reply {
        self.send(self.request(Method::GET, name, path)).await
    }

    async fn valigara(&self, action: &str, data: Value) -> Reply {
        let key = self
            .sandbox
            .endpoint(Platform::Valigara)
            .unwrap()
            .key
            .clone();
        let form = [
            ("auth", key),
            ("action", action.to_string()),
            ("data", data.to_string()),
        ];
        self.send(
            self.request(Method::POST, "valigara", "/client/V1/")
                .form(&form),
        )
        .await
    }
}

fn ids(products: &Value, key: &str) -> Vec<u64> {
    products
        .as_array()
        .unwrap()
        .iter()
        .map(|p| match &p[key] {
            Value::String(s) => s.parse().unwrap(),
            other => other.as_u64().unwrap(),
        })
        .collect()
}

#[tokio::test]
async fn every_store_holds_100_000_products_and_pages_to_the_last_one() {
    let started = Instant::now();
    let api = Api::with(SandboxOptions {
        cscart_products: BIG,
        valigara_products: BIG,
        b2bwave_products: BIG,
        ugal_items: BIG,
        ..SandboxOptions::default()
    })
    .await;
    let startup = started.elapsed();
    assert!(
        startup < Duration::from_secs(15),
        "start-up took {startup:?}"
    );

    // CS-Cart: the total, the last page of the default (name) order, and nothing after it.
    let page = |n: usize, per: usize| format!("/api/products?items_per_page={per}&page={n}");
    let last = api.get("cscart", &page(1000, 100)).await.json();
    assert_eq!(last["params"]["total_items"], json!("100000"));
    let names: Vec<String> = last["products"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["product"].as_str().unwrap().to_lowercase())
        .collect();
    assert_eq!(names.len(), 100);
    assert!(names.windows(2).all(|w| w[0] <= w[1]), "{names:?}");
    let after = api.get("cscart", &page(1001, 100)).await.json();
    assert_eq!(after["products"], json!([]));
    // Pages of another size end on the same products.
    let tail = api.get("cscart", &page(1011, 99)).await.json();
    let tail = ids(&tail["products"], "product_id");
    assert_eq!(tail.len(), 10);
    assert_eq!(tail, ids(&last["products"], "product_id")[90..]);

    // A rename moves a product to the front of the order, a create adds a product and
    // so a page, a delete takes them away again.
    let rename = api
        .request(Method::PUT, "cscart", "/api/products/5")
        .json(&json!({"product": "!!!! first one"}));
    assert_eq!(api.send(rename).await.status, StatusCode::OK);
    let create = api
        .request(Method::POST, "cscart", "/api/products")
        .json(&json!({"product": "!!!! second", "category_ids": [166], "price": "1"}));
    let created = api.send(create).await.json()["product_id"]
        .as_u64()
        .unwrap();
    let first = api.get("cscart", &page(1, 100)).await.json();
    assert_eq!(ids(&first["products"], "product_id")[..2], [5, created]);
    let after = api.get("cscart", &page(1001, 100)).await.json();
    assert_eq!(after["params"]["total_items"], json!("100001"));
    assert_eq!(after["products"].as_array().unwrap().len(), 1);
    let filtered = api
        .get("cscart", "/api/products?items_per_page=10&q=!!!!")
        .await
        .json();
    assert_eq!(filtered["params"]["total_items"], json!("2"));
    assert_eq!(ids(&filtered["products"], "product_id"), [5, created]);
    let delete = api.request(
        Method::DELETE,
        "cscart",
        &format!("/api/products/{created}"),
    );
    assert_eq!(api.send(delete).await.status, StatusCode::NO_CONTENT);
    let after = api.get("cscart", &page(1001, 100)).await.json();
    assert_eq!(after["params"]["total_items"], json!("100000"));
    assert_eq!(after["products"], json!([]));

    // B2B Wave: the largest documented page, the last one full and the next one empty.
    let b2b = |n: usize| format!("/api/products?paginated=1&per_page=100&page={n}");
    let last = api.get("b2bwave", &b2b(1000)).await.json();
    let last = ids(&last, "id");
    assert_eq!(
        (last.len(), last.first(), last.last()),
        (100, Some(&99_901), Some(&100_000))
    );
    assert_eq!(api.get("b2bwave", &b2b(1001)).await.json(), json!([]));

    // UGAL, both sites: 25 items a page, so page 4000 is the last full one.
    for site in ["ugal", "ugal-vat"] {
        let last = api.get(site, "/api/v1/items.json?p=4000").await.json();
        assert_eq!(last["items"].as_array().unwrap().len(), 25, "{site}");
        let after = api.get(site, "/api/v1/items.json?p=4001").await.json();
        assert!(
            after["items"].as_array().is_none_or(Vec::is_empty),
            "{site}: {after}"
        );
    }

    // Valigara: every id from the search, then the last hundred exported.
    let found = api.valigara("product_search", json!({})).await.json();
    let found: Vec<u64> = serde_json::from_value(found["data"].clone()).unwrap();
    assert_eq!(found.len(), BIG);
    assert_eq!(found.last(), Some(&(1000 + BIG as u64)));
    let tail = &found[BIG - 100..];
    let export = api
        .valigara("products_export", json!({"ids": tail}))
        .await
        .json();
    assert_eq!(export["status"], json!(100));
    assert_eq!(ids(&export["data"]["products"], "id"), tail);
}

fn limited(rate: u32, clock: &SandboxClock) -> SandboxOptions {
    SandboxOptions {
        cscart_products: 30,
        valigara_products: 30,
        b2bwave_products: 30,
        ugal_items: 30,
        rate_limit: Some(rate),
        valigara_clock: clock.clone(),
        ..SandboxOptions::default()
    }
}

#[tokio::test]
async fn a_burst_past_the_rate_limit_is_refused_with_429_until_the_clock_moves() {
    let clock = SandboxClock::default();
    let api = Api::with(limited(3, &clock)).await;
    for remaining in ["2", "1", "0"] {
        let r = api.get("cscart", "/api/products").await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
        assert_eq!(r.header("x-ratelimit-limit"), Some("3"));
        assert_eq!(r.header("x-ratelimit-remaining"), Some(remaining));
        assert_eq!(r.header("x-ratelimit-reset"), Some("1"));
        assert_eq!(r.header("retry-after"), None);
    }
    let r = api.get("cscart", "/api/products").await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(r.header("retry-after"), Some("1"));
    assert_eq!(r.header("x-ratelimit-remaining"), Some("0"));
    assert_eq!(
        r.json(),
        json!({"message": "Too Many Requests", "status": 429})
    );
    assert_eq!(
        api.sandbox.traffic("cscart"),
        Traffic {
            accepted: 3,
            refused: 1
        }
    );
    assert_eq!(api.sandbox.refusals(Platform::Cscart), 1);
    assert_eq!(api.sandbox.accepted(Platform::Cscart), 3);

    // The other stores keep their own budgets.
    let r = api.get("b2bwave", "/api/products").await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.header("x-ratelimit-remaining"), Some("2"));

    clock.advance(Duration::from_secs(1));
    let r = api.get("cscart", "/api/products").await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.header("x-ratelimit-remaining"), Some("2"));
    assert_eq!(api.sandbox.accepted(Platform::Cscart), 4);
}

#[tokio::test]
async fn each_platform_refuses_in_its_own_error_shape() {
    let clock = SandboxClock::default();
    let api = Api::with(limited(1, &clock)).await;
    let spend = |name: &'static str, path: &'static str| {
        let api = &api;
        async move {
            assert_eq!(api.get(name, path).await.status, StatusCode::OK, "{name}");
            let r = api.get(name, path).await;
            assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "{name}");
            assert_eq!(r.header("retry-after"), Some("1"), "{name}");
            assert_eq!(r.header("x-ratelimit-limit"), Some("1"), "{name}");
            r
        }
    };
    let r = spend("b2bwave", "/api/products").await;
    assert_eq!(
        r.json(),
        json!({"error": "Too many requests: retry in 1 seconds"})
    );
    let r = spend("ugal", "/api/v1/items").await;
    assert!(
        r.text
            .ends_with("<errors><error>429 - Too Many Requests</error></errors>"),
        "{}",
        r.text
    );
    let r = spend("ugal-vat", "/api/v1/items.json").await;
    assert_eq!(r.json(), json!({"errors": ["429 - Too Many Requests"]}));
    assert_eq!(api.sandbox.refusals(Platform::Ugal), 2);

    let r = api.valigara("product_search", json!({})).await;
    assert_eq!(
        (r.status, r.json()["status"].clone()),
        (StatusCode::OK, json!(100))
    );
    let r = api.valigara("product_search", json!({})).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(r.header("retry-after"), Some("1"));
    assert!(r.header("x-debug-uid").is_some());
    let body = r.json();
    assert_eq!(body["status"], json!(105));
    assert!(
        body["data"]
            .as_str()
            .unwrap()
            .starts_with("Rate limit exceeded"),
        "{body}"
    );
    assert_eq!(api.sandbox.refusals(Platform::Valigara), 1);

    // An action with a budget of its own announces that one.
    clock.advance(Duration::from_secs(1));
    let r = api
        .valigara(
            "product_update_listings",
            json!({"ids": [1001], "accounts": "all"}),
        )
        .await;
    assert_eq!(r.json()["status"], json!(100));
    assert_eq!(r.header("x-ratelimit-limit"), Some("4"));
}

#[tokio::test]
async fn without_a_rate_limit_nothing_is_announced_and_every_request_counts() {
    let api = Api::with(SandboxOptions {
        cscart_products: 30,
        ..SandboxOptions::default()
    })
    .await;
    for _ in 0..5 {
        let r = api.get("cscart", "/api/products").await;
        assert_eq!(r.status, StatusCode::OK);
        assert_eq!(r.header("x-ratelimit-limit"), None);
    }
    assert_eq!(
        api.sandbox.traffic("cscart"),
        Traffic {
            accepted: 5,
            refused: 0
        }
    );
}

#[tokio::test]
async fn page_4000_of_a_million_product_store_holds_its_products() {
    const MILLION: usize = 1_000_000;
    let started = Instant::now();
    let api = Api::with(SandboxOptions {
        cscart_products: MILLION,
        valigara_products: 30,
        b2bwave_products: MILLION,
        ugal_items: MILLION,
        ..SandboxOptions::default()
    })
    .await;
    let startup = started.elapsed();
    assert!(
        startup < Duration::from_secs(50),
        "start-up took {startup:?}"
    );

    // B2B Wave pages by id: page 4,000 of 100 is ids 399,901 to 400,000, each the product
    // its own id filter answers, and a stock change shows on the page.
    let set = api
        .request(Method::POST, "b2bwave", "/api/products/update_quantity")
        .json(&json!({"id": 399_950, "quantity": 7_654}));
    assert_eq!(api.send(set).await.status, StatusCode::OK);
    let page = api
        .get(
            "b2bwave",
            "/api/products?paginated=1&per_page=100&page=4000",
        )
        .await
        .json();
    let rows = page.as_array().unwrap();
    assert_eq!(ids(&page, "id"), (399_901..=400_000).collect::<Vec<u64>>());
    for row in [&rows[0], &rows[49], &rows[99]] {
        let id = row["id"].as_u64().unwrap();
        let alone = api
            .get("b2bwave", &format!("/api/products?id_eq={id}"))
            .await
            .json();
        assert_eq!(alone, json!([row]), "product {id}");
    }
    assert_eq!(
        rows[49]["quantities"][0]["quantity"],
        json!("7654"),
        "the main warehouse's stock: {}",
        rows[49]
    );

    // CS-Cart: page 4,000 of 250 in name order is the last one, sorted, with the total.
    let last = api
        .get("cscart", "/api/products?items_per_page=250&page=4000")
        .await
        .json();
    assert_eq!(last["params"]["total_items"], json!("1000000"));
    let names: Vec<String> = last["products"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["product"].as_str().unwrap().to_lowercase())
        .collect();
    assert_eq!(names.len(), 250);
    assert!(names.windows(2).all(|w| w[0] <= w[1]), "{names:?}");
    let id = ids(&last["products"], "product_id")[0];
    let alone = api
        .get("cscart", &format!("/api/products/{id}"))
        .await
        .json();
    assert_eq!(alone["product"], last["products"][0]["product"]);

    // UGAL, 25 items a page: page 4,000 holds items 99,976 to 100,000, each the item its
    // own reference reads.
    let page = api.get("ugal", "/api/v1/items.json?p=4000").await.json();
    let items = page["items"].as_array().unwrap();
    assert_eq!(items.len(), 25, "{page}");
    for item in [&items[0], &items[24]] {
        let reference = item["reference"].as_str().expect("a reference");
        let alone = api
            .get("ugal", &format!("/api/v1/items/{reference}.json"))
            .await
            .json();
        assert_eq!(
            alone["item"]["inventory"], item["inventory"],
            "{alone} {item}"
        );
    }
    let next = api.get("ugal", "/api/v1/items.json?p=40000").await.json();
    assert_eq!(next["items"].as_array().map(Vec::len), Some(25), "{next}");
}
