//! The Valigara simulator over real loopback HTTP, checked against docs/platforms/valigara.md.
#![cfg(test)]

use std::time::Duration;

use reqwest::{Client, StatusCode};
use serde_json::{Value, json};
use stockroom::catalog::model::Platform;
use stockroom::sandbox::{
    DEMO_VALIGARA_KEY, DEMO_VALIGARA_READONLY_KEY, Sandbox, SandboxClock, SandboxOptions,
};

use crate::support::sandbox;

struct Api {
    _sandbox: Sandbox,
    client: Client,
    url: String,
    key: String,
}

struct Reply {
    http: StatusCode,
    headers: reqwest::header::HeaderMap,
    status: u64,
    data: Value,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

fn small() -> SandboxOptions {
    SandboxOptions {
        valigara_products: 60,
        ..SandboxOptions::default()
    }
}

impl Api {
    async fn start() -> Api {
        Api::with(small()).await
    }

    async fn with(options: SandboxOptions) -> Api {
        let sandbox = sandbox::start(options).await;
        let endpoint = sandbox::endpoint(&sandbox, Platform::Valigara);
        Api {
            url: format!("{}/client/V1/", endpoint.base_url),
            key: endpoint.key.clone(),
            client: Client::new(),
            _sandbox: sandbox,
        }
    }

    async fn read(response: reqwest::Response) -> Reply {
        let http = response.status();
        let headers = response.headers().clone();
        let text = response.text().await.expect("body");
        let body: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"));
        Reply {
            http,
            headers,
            status: body["status"].as_u64().expect("status"),
            data: body["data"].clone(),
        }
    }

    async fn get(&self, pairs: &[(&str, &str)]) -> Reply {
        Api::read(
            self.client
                .get(&self.url)
                .query(pairs)
                .send()
                .await
                .expect("sent"),
        )
        .await
    }

    async fn post(&self, pairs: &[(&str, &str)]) -> Reply {
        Api::read(
            self.client
                .post(&self.url)
                .form(pairs)
                .send()
                .await
                .expect("sent"),
        )
        .await
    }

    /// POST with the action's data as JSON, the key being the demo key.
    async fn call(&self, action: &str, data: Value) -> Reply {
        let data = data.to_string();
        self.post(&[("auth", &self.key), ("action", action), ("data", &data)])
            .await
    }

    async fn product(&self, id: u64) -> Value {
        let reply = self.call("product_export", json!({"id": id})).await;
        assert_eq!(reply.status, 100, "{:?}", reply.data);
        reply.data
    }

    async fn search(&self, filters: Value) -> Vec<u64> {
        let reply = self.call("product_search", filters).await;
        assert_eq!(reply.status, 100, "{:?}", reply.data);
        serde_json::from_value(reply.data).expect("ids")
    }
}

fn is_decimal(v: &Value) -> bool {
    v.as_str()
        .is_some_and(|s| s.parse::<rust_decimal::Decimal>().is_ok())
}

fn assert_product_shape(p: &Value) {
    assert!(p["id"].is_u64(), "{p}");
    for key in [
        "sku",
        "title",
        "description",
        "category",
        "currency",
        "status",
        "updated_at",
    ] {
        assert!(p[key].is_string(), "{key}: {p}");
    }
    assert!(is_decimal(&p["price"]), "{p}");
    assert!(p["quantity"].is_u64(), "{p}");
    for m in p["metals"].as_array().expect("metals") {
        assert!(m["type"].is_string() && m["purity"].is_string(), "{m}");
        assert!(is_decimal(&m["weight"]) && m["weight_unit"] == "g", "{m}");
    }
    for g in p["gemstones"].as_array().expect("gemstones") {
        assert!(g["type"].is_string() && g["count"].is_u64(), "{g}");
    }
    for i in p["images"].as_array().expect("images") {
        assert!(i["url"].is_string() && i["position"].is_u64(), "{i}");
    }
    for c in p["channels"].as_array().expect("channels") {
        assert!(
            c["account_id"].is_u64() && c["listing_id"].is_string(),
            "{c}"
        );
    }
    assert!(
        p["updated_at"].as_str().is_some_and(|t| t.ends_with('Z')),
        "{p}"
    );
}

#[tokio::test]
async fn get_and_post_reach_the_same_endpoint_with_a_fresh_debug_uid() {
    let api = Api::start().await;
    let data = json!({"id": 1001}).to_string();
    let a = api
        .get(&[
            ("auth", &api.key),
            ("action", "product_export"),
            ("data", &data),
        ])
        .await;
    let b = api
        .post(&[
            ("auth", &api.key),
            ("action", "product_export"),
            ("data", &data),
        ])
        .await;
    assert_eq!((a.http, a.status), (StatusCode::OK, 100));
    assert_eq!(a.data, b.data);
    let (ua, ub) = (
        a.header("x-debug-uid").expect("uid"),
        b.header("x-debug-uid").expect("uid"),
    );
    for uid in [ua, ub] {
        assert!(
            uid.len() == 24 && uid.chars().all(|c| matches!(c, '0'..='9' | 'a'..='f')),
            "{uid}"
        );
    }
    assert_ne!(ua, ub);
    assert!(a.header("x-ratelimit-limit").is_none());
    // auth and action in the query, data in the form body
    let url = format!("{}?auth={}&action=product_export", api.url, api.key);
    let c = Api::read(
        api.client
            .post(&url)
            .form(&[("data", &data)])
            .send()
            .await
            .expect("sent"),
    )
    .await;
    assert_eq!(c.data, a.data);
    assert_eq!(a.data["sku"], "VR-1001");
    assert_eq!(a.data["title"], "18K White Gold Diamond Solitaire Ring");
    assert_eq!(a.data["price"], "1249.00");
    assert_eq!(a.data["gemstones"][0]["carat"], "0.50");
    assert_product_shape(&a.data);
}

#[tokio::test]
async fn status_codes_of_the_envelope() {
    let api = Api::start().await;
    let key = api.key.clone();
    let r = api.post(&[("action", "product_search")]).await;
    assert_eq!((r.http, r.status), (StatusCode::OK, 102));
    assert_eq!(
        api.post(&[("auth", "nope"), ("action", "product_search")])
            .await
            .status,
        102
    );
    assert_eq!(api.post(&[("auth", &key)]).await.status, 200);
    assert_eq!(
        api.post(&[("auth", &key), ("action", "product_fly")])
            .await
            .status,
        200
    );
    assert_eq!(
        api.post(&[("auth", &key), ("action", "product_export")])
            .await
            .status,
        300
    );
    let r = api
        .post(&[
            ("auth", &key),
            ("action", "product_export"),
            ("data", "{id:"),
        ])
        .await;
    assert_eq!((r.status, r.data.is_string()), (301, true));
    let r = api.call("product_export", json!({"id": 999_999})).await;
    assert_eq!(
        (r.status, r.data.as_str()),
        (201, Some("Product 999999 not found"))
    );
    let r = api.call("product_export", json!({"id": "x"})).await;
    assert_eq!(r.status, 303);
    assert!(r.data["errors"]["id"].is_string(), "{}", r.data);
    let r = api.call("product_export", json!([1])).await;
    assert_eq!(r.status, 303);
    let other = api
        .client
        .get(api.url.replace("/client/V1/", "/nowhere"))
        .send()
        .await
        .expect("sent");
    assert!(other.headers().contains_key("x-debug-uid"));

    let readonly = DEMO_VALIGARA_READONLY_KEY;
    let r = api
        .post(&[("auth", readonly), ("action", "product_search")])
        .await;
    assert_eq!(r.status, 100);
    let data = json!({"id": 1001, "title": "x"}).to_string();
    let r = api
        .post(&[
            ("auth", readonly),
            ("action", "product_update"),
            ("data", &data),
        ])
        .await;
    assert_eq!(r.status, 103);
    assert_eq!(
        api.product(1001).await["title"],
        "18K White Gold Diamond Solitaire Ring"
    );

    let strict = Api::with(SandboxOptions {
        strict_https: true,
        ..small()
    })
    .await;
    let r = strict.call("product_search", json!({})).await;
    assert_eq!((r.http, r.status), (StatusCode::OK, 101));
    assert!(r.header("x-debug-uid").is_some());
}

#[tokio::test]
async fn the_listing_calls_are_rate_limited_by_a_leaky_bucket() {
    let clock = SandboxClock::default();
    let api = Api::with(SandboxOptions {
        valigara_clock: clock.clone(),
        ..small()
    })
    .await;
    let data = json!({"ids": [1001], "accounts": "all"});
    for used in 1..=4 {
        let r = api.call("product_update_listings", data.clone()).await;
        assert_eq!(r.status, 100, "{:?}", r.data);
        assert_eq!(r.data["queued"], json!([{"id": 1001, "account_id": 11}]));
        assert_eq!(r.header("x-ratelimit-limit"), Some("4"));
        assert_eq!(
            r.header("x-ratelimit-remaining"),
            Some((4 - used).to_string().as_str())
        );
        assert_eq!(
            r.header("x-valigara-api-call-limit"),
            Some(format!("{used}/4").as_str())
        );
    }
    let r = api.call("product_update_listings", data.clone()).await;
    assert_eq!((r.http, r.status), (StatusCode::TOO_MANY_REQUESTS, 105));
    let retry: u64 = r
        .header("retry-after")
        .expect("retry-after")
        .parse()
        .expect("seconds");
    assert!((890..=900).contains(&retry), "{retry}");
    clock.advance(Duration::from_secs(15 * 60));
    let r = api.call("product_update_listings", data.clone()).await;
    assert_eq!((r.http, r.status), (StatusCode::OK, 100));
    assert_eq!(r.header("x-ratelimit-remaining"), Some("0"));
    clock.advance(Duration::from_secs(3600));
    let r = api
        .call(
            "product_update_listings",
            json!({"ids": [1001, 5], "accounts": [12]}),
        )
        .await;
    assert_eq!(r.status, 302);
    assert_eq!(r.data, json!({"queued": [], "failed": {"5": "not found"}}));
    assert_eq!(r.header("x-valigara-api-call-limit"), Some("1/4"));
    let r = api
        .call(
            "product_update_listings",
            json!({"ids": [1001], "accounts": [13]}),
        )
        .await;
    assert_eq!(r.status, 303, "a paused account");
}

#[tokio::test]
async fn reference_actions_answer_their_documented_shapes() {
    let api = Api::start().await;
    let r = api.call("listings_accounts_get", json!(null)).await;
    assert_eq!(
        r.data[0],
        json!({"id": 11, "channel": "etsy", "name": "Sparkle & Co Etsy", "status": "active"})
    );
    assert_eq!(r.data[2]["status"], "paused");
    let r = api.call("products_post_templates_list", json!(null)).await;
    let templates = r.data.as_array().expect("templates");
    assert!(templates.len() >= 2 && templates[0]["id"] == 1 && templates[0]["channel"] == "etsy");
    let r = api
        .post(&[("auth", &api.key), ("action", "product_listfields")])
        .await;
    let price = r
        .data
        .as_array()
        .expect("fields")
        .iter()
        .find(|f| f["name"] == "price")
        .cloned();
    assert_eq!(
        price,
        Some(json!({"name": "price", "type": "decimal", "required": true, "label": "Price"}))
    );
    let metals = r
        .data
        .as_array()
        .and_then(|f| f.iter().find(|f| f["name"] == "metals"))
        .expect("metals");
    assert_eq!(metals["type"], "array");
    assert_eq!(metals["fields"][0]["name"], "type");
    let r = api
        .get(&[
            ("auth", &api.key),
            ("action", "product_listfields"),
            ("preview", "1"),
        ])
        .await;
    let lines: Vec<&str> = r
        .data
        .as_array()
        .expect("lines")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(
        lines.contains(&"price (decimal, required): Price"),
        "{lines:?}"
    );
}

#[tokio::test]
async fn import_update_and_the_array_actions() {
    let api = Api::start().await;
    let new = json!({"sku": "VR-NEW", "title": "Кольцо 指輪", "price": "10.5",
        "metals": [{"type": "platinum", "purity": "950", "weight": "4.1"}]});
    let r = api.call("product_import", new.clone()).await;
    assert_eq!(r.status, 100, "{:?}", r.data);
    let id = r.data["id"].as_u64().expect("id");
    let p = api.product(id).await;
    assert_eq!(
        (p["price"].as_str(), p["metals"][0]["weight"].as_str()),
        (Some("10.50"), Some("4.10"))
    );
    assert_product_shape(&p);
    assert_eq!(
        api.call("product_import", new).await.status,
        303,
        "sku unique"
    );
    let r = api
        .call("product_import", json!({"title": "t", "channels": []}))
        .await;
    let errors = r.data["errors"].as_object().expect("errors");
    assert!(
        errors.contains_key("sku")
            && errors.contains_key("price")
            && errors.contains_key("channels")
    );

    let before = api.product(1001).await;
    let r = api
        .call(
            "product_update",
            json!({"id": 1001, "description": "", "images": []}),
        )
        .await;
    assert_eq!(r.status, 100);
    assert!(r.data["updated_at"].as_str() > before["updated_at"].as_str());
    let after = api.product(1001).await;
    assert_eq!(
        (after["description"].as_str(), after["images"].clone()),
        (Some(""), json!([]))
    );
    assert_eq!(after["title"], before["title"], "fields left out are kept");
    let ruby = json!({"type": "ruby", "carat": "0.10", "count": 2});
    let r = api
        .call(
            "product_update",
            json!({"id": 1001, "gemstones": [ruby],
        "metals": [{"type": "platinum"}], "actions": {"gemstones": "append"}}),
        )
        .await;
    assert_eq!(r.status, 100, "{:?}", r.data);
    let p = api.product(1001).await;
    let kinds: Vec<&str> = p["gemstones"]
        .as_array()
        .expect("g")
        .iter()
        .filter_map(|g| g["type"].as_str())
        .collect();
    assert_eq!(kinds, ["diamond", "ruby"]);
    assert_eq!(p["metals"].as_array().map(Vec::len), Some(1));
    assert_eq!(p["metals"][0]["type"], "platinum");
    let r = api
        .call(
            "product_update",
            json!({"id": 1001, "price": "-1", "quantity": 2.5,
        "status": "sold", "metals": [{"purity": "14K"}], "actions": {"images": "merge"}}),
        )
        .await;
    assert_eq!(r.status, 303);
    let errors = r.data["errors"].as_object().expect("errors");
    for key in [
        "price",
        "quantity",
        "status",
        "metals[0].type",
        "actions.images",
    ] {
        assert!(errors.contains_key(key), "{key}: {errors:?}");
    }
    assert_eq!(api.product(1001).await, p, "nothing changed on error");
    let r = api
        .call("product_update", json!({"id": 424_242, "title": "x"}))
        .await;
    assert_eq!(
        (r.status, r.data.as_str()),
        (201, Some("Product 424242 not found"))
    );
}

#[tokio::test]
async fn sold_with_each_sold_action() {
    let api = Api::start().await;
    let r = api
        .call("product_sold", json!({"id": 1001, "quantity": 1}))
        .await;
    assert_eq!(
        r.data,
        json!({"id": 1001, "quantity": 2, "status": "active"})
    );
    let r = api
        .call("product_sold", json!({"id": 1001, "quantity": 3}))
        .await;
    assert_eq!(r.status, 303, "more than in stock");
    let before = api.product(1001).await;
    let r = api
        .call(
            "product_sold",
            json!({"id": 1001, "quantity": 2, "sold_action": "revise"}),
        )
        .await;
    assert_eq!((r.status, r.data.is_string()), (201, true));
    assert_eq!(api.product(1001).await, before, "nothing recorded");
    let r = api
        .call(
            "product_sold",
            json!({"id": 1001, "quantity": 1, "sold_action": "revise"}),
        )
        .await;
    assert_eq!(r.data["quantity"], 1);
    let r = api
        .call(
            "product_sold",
            json!({"id": 1001, "quantity": 1, "sold_action": "remove"}),
        )
        .await;
    assert_eq!(r.data, json!({"id": 1001, "quantity": 0, "status": "sold"}));
    let p = api.product(1001).await;
    assert!(
        p["channels"]
            .as_array()
            .expect("c")
            .iter()
            .all(|c| c["status"] == "ended"),
        "{p}"
    );
    let r = api
        .call(
            "product_sold",
            json!({"id": 1001, "quantity": 1, "sold_action": "keep"}),
        )
        .await;
    assert_eq!(r.status, 303);
}

#[tokio::test]
async fn delete_and_export_report_missing_ids() {
    let api = Api::start().await;
    let r = api
        .call("products_export", json!({"ids": [1003, 1, 1002]}))
        .await;
    assert_eq!(r.status, 302);
    let ids: Vec<u64> = r.data["products"]
        .as_array()
        .expect("p")
        .iter()
        .filter_map(|p| p["id"].as_u64())
        .collect();
    assert_eq!(
        (ids, r.data["missing"].clone()),
        (vec![1003, 1002], json!([1]))
    );
    assert_eq!(
        api.call("products_export", json!({"ids": [1, 2]}))
            .await
            .status,
        201
    );
    let many: Vec<u64> = (1001..1102).collect();
    assert_eq!(
        api.call("products_export", json!({"ids": many}))
            .await
            .status,
        303
    );
    let r = api
        .call("products_export", json!({"ids": [1004, 1005]}))
        .await;
    assert_eq!((r.status, r.data["missing"].clone()), (100, json!([])));

    let r = api.call("product_delete", json!({"ids": [1004, 7]})).await;
    assert_eq!(r.status, 302);
    assert_eq!(
        r.data,
        json!({"deleted": [1004], "failed": {"7": "not found"}})
    );
    let r = api
        .call("product_delete", json!({"ids": [1005], "channels": true}))
        .await;
    assert_eq!(r.data, json!({"deleted": [1005]}));
    assert_eq!(
        api.call("product_delete", json!({"ids": [1004]}))
            .await
            .status,
        201
    );
    assert_eq!(
        api.call("product_export", json!({"id": 1004})).await.status,
        201
    );
}

#[tokio::test]
async fn post_and_revise_inventory_act_on_listings() {
    let api = Api::start().await;
    let r = api
        .call(
            "products_post",
            json!({"ids": [1001], "template_id": 2, "accounts": [12]}),
        )
        .await;
    assert_eq!(r.status, 100, "{:?}", r.data);
    let listing = r.data["posted"][0]["listing_id"]
        .as_str()
        .expect("listing")
        .to_string();
    let channels = api.product(1001).await["channels"].clone();
    assert_eq!(
        channels[1],
        json!({"account_id": 12, "channel": "ebay", "listing_id": listing, "status": "listed"})
    );
    let r = api
        .call(
            "products_post",
            json!({"ids": [1001], "template_id": 1, "accounts": [12]}),
        )
        .await;
    assert_eq!(r.status, 303, "the template's channel differs");
    let r = api
        .call("products_revise_inventory", json!({"ids": [1001]}))
        .await;
    assert_eq!(
        r.data["revised"],
        json!([{"id": 1001, "account_id": 11, "quantity": 3},
        {"id": 1001, "account_id": 12, "quantity": 3}])
    );
}

#[tokio::test]
async fn search_filters_sort_and_order() {
    let api = Api::start().await;
    let all = api.search(json!({})).await;
    assert_eq!(all, (1001..1061).collect::<Vec<_>>());
    assert_eq!(api.search(json!({"sku": "VR-1007"})).await, [1007]);
    assert_eq!(
        api.search(json!({"title": "SOLITAIRE diamond 18k"}))
            .await
            .first(),
        Some(&1001)
    );
    let r = api.call("products_export", json!({"ids": all})).await;
    let products = r.data["products"].as_array().expect("products").clone();
    let price = |p: &Value| {
        p["price"]
            .as_str()
            .and_then(|s| s.parse::<rust_decimal::Decimal>().ok())
            .expect("price")
    };
    let expected: Vec<u64> = products
        .iter()
        .filter(|p| {
            p["status"] == "active"
                && p["metals"]
                    .as_array()
                    .is_some_and(|m| m.iter().any(|m| m["type"] == "yellow gold"))
                && price(p) >= rust_decimal::Decimal::from(200)
        })
        .filter_map(|p| p["id"].as_u64())
        .collect();
    let found = api
        .search(json!({"status": "active", "metal": "Yellow Gold", "price_from": "200"}))
        .await;
    assert!(!expected.is_empty());
    assert_eq!(found, expected);
    let by_price = api
        .search(json!({"sort": "price", "order": "desc", "quantity_from": 1, "quantity_to": 25}))
        .await;
    let prices: Vec<_> = by_price
        .iter()
        .map(|id| price(&products[(*id - 1001) as usize]))
        .collect();
    assert!(prices.windows(2).all(|w| w[0] >= w[1]), "{prices:?}");
    let zeros = api.search(json!({"quantity_to": 0})).await;
    assert!(!zeros.is_empty(), "some products are out of stock");
    let r = api
        .call(
            "product_search",
            json!({"sort": "colour", "shape": "round"}),
        )
        .await;
    assert_eq!(r.status, 303);
    let r = api
        .post(&[("auth", &api.key), ("action", "product_search")])
        .await;
    assert_eq!(r.data.as_array().map(Vec::len), Some(60));
}

#[tokio::test]
async fn the_seed_decides_the_catalog() {
    let a = Api::start().await;
    let b = Api::start().await;
    let c = Api::with(SandboxOptions { seed: 7, ..small() }).await;
    let data = json!({"ids": (1002..1061).collect::<Vec<u64>>()});
    let ra = a.call("products_export", data.clone()).await;
    let rb = b.call("products_export", data.clone()).await;
    let rc = c.call("products_export", data).await;
    assert_eq!(ra.data, rb.data);
    assert_ne!(ra.data, rc.data);
    let products = ra.data["products"].as_array().expect("products");
    assert!(
        products
            .iter()
            .all(|p| p["sku"] == format!("VR-{}", p["id"]))
    );
    assert!(
        products
            .iter()
            .any(|p| p["title"].as_str().is_some_and(|t| !t.is_ascii()))
    );
    assert!(products.iter().any(|p| p["status"] != "active"));
    let default = Api::with(SandboxOptions::default()).await;
    assert_eq!(default.search(json!({})).await.len(), 1200);
    assert_eq!(default.key, DEMO_VALIGARA_KEY);
}
