//! The CS-Cart simulator over real loopback HTTP, checked against the documented API.
#![cfg(test)]

use reqwest::{Client, Method, StatusCode};
use serde_json::{Value, json};
use stockroom::catalog::model::Platform;
use stockroom::sandbox::{DEMO_CSCART_KEY, DEMO_CSCART_USER, Sandbox, SandboxOptions};

use crate::support::fixtures;
use crate::support::sandbox::{self, Reply};

struct Api {
    sandbox: Sandbox,
    client: Client,
    base: String,
}

impl Api {
    async fn start() -> Api {
        Api::with(SandboxOptions::default()).await
    }

    async fn with(options: SandboxOptions) -> Api {
        let sandbox = sandbox::start(options).await;
        let base = sandbox::endpoint(&sandbox, Platform::Cscart)
            .base_url
            .clone();
        Api {
            sandbox,
            client: Client::new(),
            base,
        }
    }

    fn request(&self, method: Method, path: &str) -> reqwest::RequestBuilder {
        let endpoint = sandbox::endpoint(&self.sandbox, Platform::Cscart);
        sandbox::request(&self.client, endpoint, method, path)
    }

    async fn send(&self, request: reqwest::RequestBuilder) -> Reply {
        Reply::read(request).await
    }

    async fn get(&self, path: &str) -> Reply {
        self.send(self.request(Method::GET, path)).await
    }

    /// A list request that must succeed: (products, params).
    async fn list(&self, path: &str) -> (Vec<Value>, Value) {
        let reply = self.get(path).await;
        assert_eq!(reply.status, StatusCode::OK, "{path}: {}", reply.text);
        let body = reply.json();
        (
            body["products"].as_array().expect("products array").clone(),
            body["params"].clone(),
        )
    }

    async fn all(&self, query: &str) -> Vec<Value> {
        self.list(&format!("/api/products?items_per_page=100000&{query}"))
            .await
            .0
    }

    async fn write(&self, method: Method, path: &str, body: Value) -> Reply {
        self.send(self.request(method, path).json(&body)).await
    }
}

fn ids(products: &[Value]) -> Vec<String> {
    products
        .iter()
        .map(|p| {
            p["product_id"]
                .as_str()
                .expect("string product_id")
                .to_string()
        })
        .collect()
}

fn s<'a>(p: &'a Value, key: &str) -> &'a str {
    p[key]
        .as_str()
        .unwrap_or_else(|| panic!("{key} is not a string in {p}"))
}

fn dec(p: &Value, key: &str) -> f64 {
    s(p, key).parse().expect("decimal string")
}

fn int(p: &Value, key: &str) -> i64 {
    s(p, key).parse().expect("integer string")
}

/// The documented list example and the documented product 12.
fn doc_examples() -> (Value, Value) {
    (
        fixtures::json("cscart/products-list.json"),
        fixtures::json("cscart/product-12.json"),
    )
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "bool",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// Every key of `doc` is in `ours` with the same JSON type, recursively.
fn assert_same_shape(doc: &Value, ours: &Value, at: &str) {
    assert_eq!(
        kind(doc),
        kind(ours),
        "type of {at}: doc {doc}, sandbox {ours}"
    );
    match (doc, ours) {
        (Value::Object(d), Value::Object(o)) => {
            for (key, value) in d {
                let inner = o
                    .get(key)
                    .unwrap_or_else(|| panic!("{at}.{key} is missing"));
                assert_same_shape(value, inner, &format!("{at}.{key}"));
            }
        }
        (Value::Array(d), Value::Array(o)) => {
            if let (Some(d), Some(o)) = (d.first(), o.first()) {
                assert_same_shape(d, o, &format!("{at}[0]"));
            }
        }
        _ => {}
    }
}

/// The documented product's plain fields, without the image host (the doc's own URLs disagree).
fn plain_fields(p: &Value) -> Value {
    let mut m = p.as_object().expect("object").clone();
    m.remove("main_pair");
    m.remove("product_features");
    Value::Object(m)
}

#[tokio::test]
async fn list_matches_the_documented_example_field_for_field() {
    let api = Api::start().await;
    let (doc, _) = doc_examples();
    let (products, params) = api.list("/api/products?items_per_page=2").await;
    assert_eq!(
        ids(&products),
        ["12", "17"],
        "default sort by name puts the documented pair first"
    );
    let doc_products = doc["products"].as_array().expect("doc products");
    for (d, ours) in doc_products.iter().zip(&products) {
        assert_same_shape(d, ours, "product");
        assert_eq!(plain_fields(d), plain_fields(ours));
        assert_eq!(
            d["main_pair"]["detailed"]["relative_path"],
            ours["main_pair"]["detailed"]["relative_path"]
        );
        let doc_keys: Vec<&String> = d.as_object().expect("object").keys().collect();
        let our_keys: Vec<&String> = ours.as_object().expect("object").keys().collect();
        assert_eq!(doc_keys, our_keys, "same fields in the same order");
    }
    assert_eq!(products[0]["product_features"]["18"]["variant"], "Adidas");
    assert_eq!(products[0]["list_discount"], json!(1));
    assert_eq!(products[0]["list_discount_prc"], "3");
    assert_eq!(
        products[1]["product_features"],
        json!([]),
        "no features is PHP's empty array"
    );
    assert_same_shape(&doc["params"], &params, "params");
    let mut expected = doc["params"].clone();
    expected["total_items"] = json!("1200");
    assert_eq!(params, expected);
    let doc_keys: Vec<&String> = doc["params"].as_object().expect("object").keys().collect();
    let our_keys: Vec<&String> = params.as_object().expect("object").keys().collect();
    assert_eq!(doc_keys, our_keys);
}

#[tokio::test]
async fn get_matches_the_documented_example_and_adds_descriptions() {
    let api = Api::start().await;
    let (_, doc) = doc_examples();
    let reply = api.get("/api/products/12").await;
    assert_eq!(reply.status, StatusCode::OK);
    assert!(
        reply.headers["content-type"]
            .to_str()
            .expect("ascii")
            .starts_with("application/json")
    );
    let product = reply.json();
    assert_same_shape(&doc, &product, "product");
    assert_eq!(plain_fields(&doc), {
        let mut p = plain_fields(&product);
        for key in [
            "short_description",
            "full_description",
            "meta_keywords",
            "meta_description",
            "page_title",
            "search_words",
            "promo_text",
        ] {
            assert!(p[key].is_string(), "{key} in a single GET");
            p.as_object_mut().expect("object").remove(key);
        }
        p
    });
    assert!(
        reply.headers.get("x-debug-uid").is_none()
            && reply.headers.get("x-ratelimit-limit").is_none()
    );
}

#[tokio::test]
async fn every_product_has_every_documented_field_with_its_type() {
    let api = Api::start().await;
    let (doc, _) = doc_examples();
    let template = &doc["products"][1];
    let products = api.all("").await;
    assert_eq!(products.len(), 1200);
    let (mut with_features, mut with_images, mut without_images, mut discounted) = (0, 0, 0, 0);
    for p in &products {
        // The demo's variation group (40 and its variations) varies by size: an object, where
        // the documented products, in no group, show `[]`.
        let in_group = s(p, "product_id") == "40" || s(p, "parent_product_id") == "40";
        for (key, value) in template.as_object().expect("object") {
            let ours = p
                .get(key)
                .unwrap_or_else(|| panic!("{key} missing in {}", p["product_id"]));
            let grouped = key == "variation_features" && in_group;
            if key != "main_pair" && key != "product_features" && !grouped {
                assert_eq!(kind(value), kind(ours), "{key} of {}", p["product_id"]);
            }
        }
        for key in [
            "variation_features",
            "selected_options",
            "product_options",
            "qty_content",
        ] {
            if key == "variation_features" && in_group {
                assert!(p[key].get("550").is_some(), "{key} of a group member");
            } else {
                assert_eq!(p[key], json!([]), "{key}");
            }
        }
        assert!(
            p["category_ids"]
                .as_array()
                .expect("array")
                .iter()
                .all(Value::is_u64)
        );
        assert_eq!(p["main_category"], p["category_ids"][0]);
        assert_eq!(p["discounts"], json!({"A": 0, "P": 0}));
        match &p["product_features"] {
            Value::Object(m) => {
                with_features += 1;
                assert!(!m.is_empty(), "an empty object is never sent as {{}}");
                for (id, f) in m {
                    assert_eq!(s(f, "feature_id"), id);
                }
            }
            other => assert_eq!(other, &json!([])),
        }
        match &p["main_pair"] {
            Value::Object(pair) => {
                with_images += 1;
                assert_eq!(pair["detailed"]["is_high_res"], json!(false));
                assert_eq!(pair["object_id"], p["product_id"]);
            }
            other => {
                without_images += 1;
                assert_eq!(other, &json!([]));
            }
        }
        let (price, list) = (dec(p, "price"), dec(p, "list_price"));
        assert_eq!(
            p.get("list_discount").is_some(),
            list > price,
            "list_discount only when list_price > price"
        );
        if list > price {
            discounted += 1;
            assert!(p["list_discount"].is_number() && p["list_discount_prc"].is_string());
        }
        assert!(
            s(p, "price")
                .split_once('.')
                .is_some_and(|(_, cents)| cents.len() == 2)
        );
        assert!(s(p, "seo_path").ends_with(&p["main_category"].to_string()));
    }
    assert!(
        with_features > 100 && with_features < 1100,
        "{with_features}"
    );
    assert!(
        with_images > 100 && without_images > 20,
        "{with_images}/{without_images}"
    );
    assert!(discounted > 100, "{discounted}");
}

#[tokio::test]
async fn the_seed_catalog_is_varied() {
    let api = Api::start().await;
    let products = api.all("").await;
    let count = |f: &dyn Fn(&Value) -> bool| products.iter().filter(|p| f(p)).count();
    let non_ascii = count(&|p| !s(p, "product").is_ascii());
    assert!(
        (60..=200).contains(&non_ascii),
        "about 10% non-ASCII names, got {non_ascii}"
    );
    assert!(count(&|p| s(p, "status") == "D") > 20 && count(&|p| s(p, "status") == "H") > 20);
    assert!(count(&|p| s(p, "status") == "A") > 900);
    assert!(count(&|p| int(p, "amount") == 0) > 50);
    assert!(
        products
            .iter()
            .all(|p| (0..=500).contains(&int(p, "amount")))
    );
    let vendors: std::collections::BTreeSet<&str> =
        products.iter().map(|p| s(p, "company_id")).collect();
    assert_eq!(
        vendors.into_iter().collect::<Vec<_>>(),
        ["1", "2", "3", "4", "5", "6"]
    );
    let names: std::collections::BTreeSet<&str> =
        products.iter().map(|p| s(p, "product")).collect();
    assert!(names.len() > 900, "names are varied: {}", names.len());
    let years: std::collections::BTreeSet<i64> = products
        .iter()
        .map(|p| int(p, "timestamp") / 31_536_000)
        .collect();
    assert!(years.len() >= 10);
    assert!(
        products
            .iter()
            .all(|p| int(p, "updated_timestamp") >= int(p, "timestamp"))
    );
    let code = regex_like_code;
    assert!(
        products.iter().all(|p| code(s(p, "product_code"))),
        "codes look like U0012O5AF0"
    );
}

fn regex_like_code(code: &str) -> bool {
    let b = code.as_bytes();
    b.len() >= 10
        && b[0].is_ascii_uppercase()
        && b[1..b.len() - 5].iter().all(u8::is_ascii_digit)
        && b[b.len() - 5..]
            .iter()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
}

#[tokio::test]
async fn same_seed_same_catalog_other_seed_other_catalog() {
    let a = Api::start().await;
    let b = Api::start().await;
    let c = Api::with(SandboxOptions {
        seed: 7,
        ..SandboxOptions::default()
    })
    .await;
    let small = Api::with(SandboxOptions {
        cscart_products: 30,
        ..SandboxOptions::default()
    })
    .await;
    let (pa, pb, pc) = (a.all("").await, b.all("").await, c.all("").await);
    assert_eq!(pa, pb);
    assert_ne!(pa, pc);
    assert_eq!(
        pa.iter().find(|p| p["product_id"] == "12"),
        pc.iter().find(|p| p["product_id"] == "12")
    );
    assert_eq!(small.list("/api/products").await.1["total_items"], "30");
    for api in [a, b, c, small] {
        api.sandbox.shutdown().await;
    }
}

#[tokio::test]
async fn pagination_pages_through_everything_once() {
    let api = Api::start().await;
    let (first, params) = api.list("/api/products").await;
    assert_eq!(first.len(), 10, "default items_per_page");
    assert_eq!(
        (params["page"].clone(), params["items_per_page"].clone()),
        (json!(1), json!(10))
    );
    assert_eq!(
        params["total_items"],
        json!("1200"),
        "total_items is a string"
    );
    let mut seen = Vec::new();
    for page in 1..=3 {
        let (products, params) = api
            .list(&format!("/api/products?page={page}&items_per_page=500"))
            .await;
        assert_eq!(params["page"], json!(page));
        assert_eq!(params["items_per_page"], json!(500));
        seen.extend(ids(&products));
    }
    assert_eq!(seen.len(), 1200);
    let unique: std::collections::BTreeSet<&String> = seen.iter().collect();
    assert_eq!(unique.len(), 1200, "pages neither overlap nor skip");
    let (beyond, params) = api.list("/api/products?page=99&items_per_page=50").await;
    assert!(beyond.is_empty());
    assert_eq!(
        (params["page"].clone(), params["total_items"].clone()),
        (json!(99), json!("1200"))
    );
    // Lenient as PHP: junk numbers fall back to the defaults.
    let (products, params) = api.list("/api/products?page=abc&items_per_page=-3").await;
    assert_eq!(
        (
            products.len(),
            params["page"].clone(),
            params["items_per_page"].clone()
        ),
        (10, json!(1), json!(10))
    );
    let (products, _) = api.list("/api/products?items_per_page=7abc").await;
    assert_eq!(products.len(), 7);
}

#[tokio::test]
async fn each_sort_orders_the_whole_list_with_stable_ties() {
    let api = Api::with(SandboxOptions {
        cscart_products: 300,
        ..SandboxOptions::default()
    })
    .await;
    type Key = fn(&Value) -> (String, i64, f64);
    let sorts: [(&str, Key); 7] = [
        ("date", |p| (String::new(), int(p, "timestamp"), 0.0)),
        ("status", |p| (s(p, "status").to_string(), 0, 0.0)),
        ("list_price", |p| (String::new(), 0, dec(p, "list_price"))),
        ("product", |p| (s(p, "product").to_lowercase(), 0, 0.0)),
        ("price", |p| (String::new(), 0, dec(p, "price"))),
        ("code", |p| (s(p, "product_code").to_lowercase(), 0, 0.0)),
        ("amount", |p| (String::new(), int(p, "amount"), 0.0)),
    ];
    for (sort_by, key) in sorts {
        for order in ["asc", "desc"] {
            let (products, params) = api
                .list(&format!(
                    "/api/products?items_per_page=2000&sort_by={sort_by}&sort_order={order}"
                ))
                .await;
            assert_eq!(params["sort_by"], sort_by);
            assert_eq!(params["sort_order"], order);
            assert_eq!(
                params["sort_order_rev"],
                if order == "asc" { "desc" } else { "asc" }
            );
            for pair in products.windows(2) {
                let (a, b) = (key(&pair[0]), key(&pair[1]));
                let cmp = a.partial_cmp(&b).expect("comparable");
                let cmp = if order == "desc" { cmp.reverse() } else { cmp };
                let tie = cmp == std::cmp::Ordering::Equal;
                assert!(
                    cmp == std::cmp::Ordering::Less
                        || (tie && int(&pair[0], "product_id") < int(&pair[1], "product_id")),
                    "{sort_by} {order}: {} then {}",
                    pair[0]["product_id"],
                    pair[1]["product_id"]
                );
            }
        }
    }
    let (products, params) = api
        .list("/api/products?sort_by=bogus&sort_order=sideways&items_per_page=2")
        .await;
    assert_eq!(
        ids(&products),
        ["12", "17"],
        "unknown sorts fall back to product asc"
    );
    assert_eq!(
        (params["sort_by"].clone(), params["sort_order"].clone()),
        (json!("product"), json!("asc"))
    );
}

#[tokio::test]
async fn filters_narrow_the_list_and_combine() {
    let api = Api::with(SandboxOptions {
        cscart_products: 600,
        ..SandboxOptions::default()
    })
    .await;
    let everything = api.all("").await;
    let expect = |f: &dyn Fn(&Value) -> bool| -> Vec<String> {
        ids(&everything
            .iter()
            .filter(|p| f(p))
            .cloned()
            .collect::<Vec<_>>())
    };

    let active = api.all("status=A").await;
    assert_eq!(ids(&active), expect(&|p| s(p, "status") == "A"));
    let hidden = api.list("/api/products?status=H&items_per_page=3").await.1;
    assert_eq!(
        hidden["status"], "H",
        "request filters are echoed in params"
    );
    assert_eq!(
        hidden["total_items"],
        json!(expect(&|p| s(p, "status") == "H").len().to_string())
    );

    assert_eq!(
        ids(&api.all("price_from=100&price_to=200").await),
        expect(&|p| (100.0..=200.0).contains(&dec(p, "price")))
    );
    assert_eq!(
        ids(&api.all("price_from=30.00&price_to=30").await),
        expect(&|p| dec(p, "price") == 30.0)
    );
    // amount_from / amount_to follow their names (the doc's descriptions are swapped).
    assert_eq!(
        ids(&api.all("amount_from=10&amount_to=20").await),
        expect(&|p| (10..=20).contains(&int(p, "amount")))
    );
    assert_eq!(
        ids(&api.all("amount_to=0").await),
        expect(&|p| int(p, "amount") == 0)
    );
    assert_eq!(
        ids(&api.all("company_id=3").await),
        expect(&|p| s(p, "company_id") == "3")
    );
    assert_eq!(ids(&api.all("pcode=u0012o5").await), ["12"]);

    // cid includes subcategories by default; subcats=N keeps to the category itself.
    let apparel = api.all("cid=223").await;
    assert!(ids(&apparel).contains(&"12".to_string()));
    assert!(apparel.iter().all(|p| {
        s(p, "seo_path").starts_with("223/")
            || p["category_ids"]
                .as_array()
                .expect("ids")
                .contains(&json!(223))
    }));
    assert!(api.all("cid=223&subcats=N").await.is_empty());
    assert_eq!(
        ids(&api.all("cid=224&subcats=N").await),
        expect(&|p| p["category_ids"]
            .as_array()
            .expect("ids")
            .contains(&json!(224)))
    );

    // q searches name, short and full descriptions and keywords, every word, any case.
    assert!(ids(&api.all("q=100G%20pants").await).contains(&"12".to_string()));
    assert!(
        ids(&api.all("q=ripstop").await).contains(&"12".to_string()),
        "full description"
    );
    assert!(ids(&api.all("q=ripstop&pfull=N").await).is_empty());
    assert!(
        ids(&api
            .all("q=trekking%20ultralight&pname=N&pshort=N&pfull=N")
            .await)
        .contains(&"12".to_string()),
        "keywords"
    );
    assert!(
        api.all("q=pants%20zebra").await.is_empty(),
        "all words must match"
    );
    assert!(ids(&api.all("q=pants%20zebra&match=any").await).contains(&"12".to_string()));
    assert_eq!(
        ids(&api.all("q=U0012O5AF0").await),
        ["12"],
        "pcode_from_q=Y searches codes too"
    );
    let wireless = api.all("q=wireless").await;
    assert!(!wireless.is_empty());
    for hit in wireless.iter().take(20) {
        let p = api
            .get(&format!("/api/products/{}", s(hit, "product_id")))
            .await
            .json();
        let text = [
            "product",
            "short_description",
            "full_description",
            "meta_keywords",
        ]
        .map(|k| s(&p, k).to_lowercase())
        .join(" ");
        assert!(text.contains("wireless"), "{text}");
    }
    // The doc's own reading: pname=foo is text searched in names.
    let named = api.all("pname=pants").await;
    assert!(
        !named.is_empty()
            && named
                .iter()
                .all(|p| s(p, "product").to_lowercase().contains("pants"))
    );
    let non_ascii = api.all("q=%D0%BA%D1%83%D1%80%D1%82%D0%BA%D0%B0").await;
    assert!(
        non_ascii
            .iter()
            .all(|p| s(p, "product").to_lowercase().contains("куртка")),
        "Cyrillic search"
    );

    let combined = api
        .all("status=A&company_id=1&price_from=10&amount_from=1&cid=166")
        .await;
    assert_eq!(
        ids(&combined),
        expect(&|p| s(p, "status") == "A"
            && s(p, "company_id") == "1"
            && dec(p, "price") >= 10.0
            && int(p, "amount") >= 1
            && s(p, "seo_path").starts_with("166/"))
    );
    assert!(!combined.is_empty());
}

#[tokio::test]
async fn scoped_lists_and_the_2_0_prefix() {
    let api = Api::start().await;
    let (in_category, params) = api
        .list("/api/categories/223/products?items_per_page=100000")
        .await;
    assert_eq!(params["cid"], "223");
    assert_eq!(ids(&in_category), ids(&api.all("cid=223").await));
    let (vendor, params) = api
        .list("/api/vendors/2/products?items_per_page=100000")
        .await;
    assert_eq!(params["company_id"], "2");
    assert!(!vendor.is_empty() && vendor.iter().all(|p| s(p, "company_id") == "2"));
    assert_eq!(ids(&vendor), ids(&api.all("company_id=2").await));
    let (store, _) = api
        .list("/api/stores/2/products?items_per_page=100000")
        .await;
    assert_eq!(ids(&store), ids(&vendor));
    let (page, _) = api
        .list("/api/vendors/1/products?page=2&items_per_page=20")
        .await;
    assert_eq!(page.len(), 20);

    let reply = api.get("/api/categories/229/products/12").await;
    assert_eq!(
        (reply.status, reply.json()["product_id"].clone()),
        (StatusCode::OK, json!("12"))
    );
    for path in [
        "/api/categories/9999/products",
        "/api/vendors/99/products",
        "/api/categories/9999/products/12",
        "/api/stores/x/products",
    ] {
        let reply = api.get(path).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{path}");
        assert_eq!(reply.json(), json!({"message": "Not Found", "status": 404}));
    }

    let plain = api
        .list("/api/products?items_per_page=5&sort_by=price")
        .await;
    for path in [
        "/api/2.0/products?items_per_page=5&sort_by=price",
        "/api/products/?items_per_page=5&sort_by=price",
        "/api/2.0/products/?items_per_page=5&sort_by=price",
    ] {
        assert_eq!(api.list(path).await, plain, "{path}");
    }
    assert_eq!(
        api.get("/api/2.0/products/12/").await.json(),
        api.get("/api/products/12").await.json()
    );
    assert_eq!(
        api.list("/api/2.0/vendors/2/products/?items_per_page=3")
            .await
            .1["company_id"],
        "2"
    );
}

#[tokio::test]
async fn unknown_things_are_json_404s() {
    let api = Api::start().await;
    for path in [
        "/api/products/999999",
        "/api/products/abc",
        "/api/products/0",
        "/api/orders",
        "/api/product/12",
        "/nothing",
        "/api",
    ] {
        let reply = api.get(path).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{path}");
        assert_eq!(
            reply.json(),
            json!({"message": "Not Found", "status": 404}),
            "{path}"
        );
    }
    let outside = api
        .client
        .get(format!("http://{}/elsewhere", api.sandbox.addr()))
        .send()
        .await
        .expect("answer");
    assert_eq!(outside.status(), StatusCode::NOT_FOUND);
    let reply = api
        .write(Method::PATCH, "/api/products/12", json!({}))
        .await;
    assert_eq!(reply.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(reply.json()["status"], 405);
}

#[tokio::test]
async fn auth_is_basic_email_and_key() {
    let api = Api::start().await;
    let url = format!("{}/api/products", api.base);
    let attempts = [
        api.client.get(&url),
        api.client
            .get(&url)
            .basic_auth(DEMO_CSCART_USER, Some("wrong-key")),
        api.client
            .get(&url)
            .basic_auth("someone@example.com", Some(DEMO_CSCART_KEY)),
        api.client.get(format!("{}/api/orders", api.base)),
        api.client.get(&url).header("Authorization", "Bearer abc"),
    ];
    for attempt in attempts {
        let reply = api.send(attempt).await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
        assert_eq!(
            reply.headers["www-authenticate"],
            "Basic realm=\"User email/API key\""
        );
        let body = reply.json();
        assert_eq!(body["status"], 401);
        assert!(body["message"].is_string());
    }
    let upper = api
        .send(
            api.client
                .get(&url)
                .basic_auth("ADMIN@example.com", Some(DEMO_CSCART_KEY)),
        )
        .await;
    assert_eq!(
        upper.status,
        StatusCode::OK,
        "e-mails compare case-insensitively"
    );
    assert!(DEMO_CSCART_KEY.len() >= 20);

    let custom = Api::with(SandboxOptions {
        cscart_key: "another-key-0123456789".into(),
        ..SandboxOptions::default()
    })
    .await;
    let endpoint = custom.sandbox.endpoint(Platform::Cscart).expect("endpoint");
    assert_eq!(
        (endpoint.user.as_str(), endpoint.key.as_str()),
        (DEMO_CSCART_USER, "another-key-0123456789")
    );
    assert_eq!(custom.get("/api/products/12").await.status, StatusCode::OK);
    let old = custom
        .send(
            custom
                .client
                .get(format!("{}/api/products", custom.base))
                .basic_auth(DEMO_CSCART_USER, Some(DEMO_CSCART_KEY)),
        )
        .await;
    assert_eq!(old.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn create_answers_201_with_an_integer_id_and_fills_every_field() {
    let api = Api::with(SandboxOptions {
        cscart_products: 50,
        ..SandboxOptions::default()
    })
    .await;
    let reply = api
        .write(
            Method::POST,
            "/api/products",
            json!({"product": "Product Name", "category_ids": "166", "price": "1000"}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text);
    assert_eq!(reply.json(), json!({"product_id": 51}));
    let created = api.get("/api/products/51").await.json();
    let template = api.get("/api/products/17").await.json();
    for (key, value) in template.as_object().expect("object") {
        if key != "main_pair" && key != "product_features" {
            assert_eq!(kind(value), kind(&created[key]), "{key}");
        }
    }
    assert_eq!(
        (
            s(&created, "product"),
            s(&created, "price"),
            s(&created, "status")
        ),
        ("Product Name", "1000.00", "A")
    );
    assert_eq!(
        (
            created["category_ids"].clone(),
            created["main_category"].clone()
        ),
        (json!([166]), json!(166))
    );
    assert_eq!(
        (
            s(&created, "company_id"),
            s(&created, "seo_name"),
            s(&created, "seo_path")
        ),
        ("1", "product-name", "166")
    );
    assert_eq!(
        (
            created["main_pair"].clone(),
            created["product_features"].clone()
        ),
        (json!([]), json!([]))
    );
    assert!(int(&created, "timestamp") > 1_700_000_000);
    assert_eq!(api.list("/api/products").await.1["total_items"], "51");

    let reply = api
        .write(Method::POST, "/api/vendors/4/products/", json!({"product": "Vendor's Product Name", "category_ids": [229, "172"], "price": 12.5, "status": "H", "amount": 3, "product_code": "VND-1"}))
        .await;
    assert_eq!(reply.json(), json!({"product_id": 52}));
    let created = api.get("/api/products/52").await.json();
    assert_eq!(
        (
            s(&created, "company_id"),
            s(&created, "status"),
            s(&created, "price"),
            s(&created, "amount")
        ),
        ("4", "H", "12.50", "3")
    );
    assert_eq!(
        (created["category_ids"].clone(), s(&created, "seo_path")),
        (json!([229, 172]), "228/229")
    );
    assert_eq!(ids(&api.all("pcode=vnd-1").await), ["52"]);
    let reply = api
        .write(
            Method::POST,
            "/api/stores/2/products",
            json!({"product": "Store item", "category_ids": "230, 231", "price": "5"}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED);
    assert_eq!(
        s(&api.get("/api/2.0/products/53").await.json(), "company_id"),
        "2"
    );
}

#[tokio::test]
async fn create_refuses_what_it_cannot_store() {
    let api = Api::with(SandboxOptions {
        cscart_products: 20,
        ..SandboxOptions::default()
    })
    .await;
    for (body, field) in [
        (json!({"category_ids": "166", "price": "1"}), "product"),
        (
            json!({"product": "No price", "category_ids": "166"}),
            "price",
        ),
        (
            json!({"product": "No category", "price": "1"}),
            "category_ids",
        ),
        (
            json!({"product": "", "category_ids": "166", "price": "1"}),
            "product",
        ),
        (
            json!({"product": "Bad category", "category_ids": "99999", "price": "1"}),
            "category_ids",
        ),
        (
            json!({"product": "Bad price", "category_ids": "166", "price": "abc"}),
            "price",
        ),
        (
            json!({"product": "Bad vendor", "category_ids": "166", "price": "1", "company_id": 42}),
            "company_id",
        ),
    ] {
        let reply = api.write(Method::POST, "/api/products", body.clone()).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{body}");
        let error = reply.json();
        assert_eq!(error["status"], 400);
        assert!(
            s(&error, "message").contains(field),
            "{} should name {field}",
            error["message"]
        );
    }
    let form = api
        .send(
            api.request(Method::POST, "/api/products")
                .body("product=x&category_ids=166"),
        )
        .await;
    assert_eq!(form.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(form.json()["status"], 415);
    let plain = api
        .send(
            api.request(Method::POST, "/api/products")
                .header("Content-Type", "text/plain")
                .body("{}"),
        )
        .await;
    assert_eq!(plain.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    for body in ["{\"product\": ", "", "[1,2]"] {
        let reply = api
            .send(
                api.request(Method::POST, "/api/products")
                    .header("Content-Type", "application/json; charset=utf-8")
                    .body(body),
            )
            .await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{body:?}");
        assert_eq!(reply.json()["status"], 400);
    }
    assert_eq!(
        api.list("/api/products").await.1["total_items"],
        "20",
        "nothing was created"
    );
    assert_eq!(
        api.write(
            Method::POST,
            "/api/vendors/77/products",
            json!({"product": "x", "category_ids": "166"})
        )
        .await
        .status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn update_stores_canonical_values_and_bumps_the_timestamp() {
    let api = Api::with(SandboxOptions {
        cscart_products: 20,
        ..SandboxOptions::default()
    })
    .await;
    let before = api.get("/api/products/12").await.json();
    let reply = api
        .write(Method::PUT, "/api/products/12", json!({"product": "100g Pants Updated", "price": "31.00", "list_price": 35, "amount": "15"}))
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    // CS-Cart casts the id: `(int) $product_id`.
    assert_eq!(reply.json(), json!({"product_id": 12}));
    let after = api.get("/api/products/12").await.json();
    assert_eq!(
        (
            s(&after, "product"),
            s(&after, "price"),
            s(&after, "list_price"),
            s(&after, "amount")
        ),
        ("100g Pants Updated", "31.00", "35.00", "15")
    );
    assert_eq!(
        (
            after["list_discount"].clone(),
            s(&after, "list_discount_prc")
        ),
        (json!(4), "11")
    );
    assert!(int(&after, "updated_timestamp") > int(&before, "updated_timestamp"));
    assert_eq!(after["timestamp"], before["timestamp"]);
    assert_eq!(after["seo_name"], "100g-pants");

    let reply = api
        .write(
            Method::PUT,
            "/api/2.0/products/17/",
            json!({"status": "D", "weight": 1.5, "free_shipping": "Y", "short_description": "Short", "category_ids": [224, 222], "main_category": 222, "list_price": "12.50",
                   "product_features": {"18": {"feature_id": "18", "variant_id": "86", "variants": {"86": {"variant_id": "86", "variant": "Adidas"}}}}}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    let p = api.get("/api/products/17").await.json();
    assert_eq!(
        (
            s(&p, "status"),
            s(&p, "weight"),
            s(&p, "free_shipping"),
            s(&p, "short_description")
        ),
        ("D", "1.500", "Y", "Short")
    );
    assert_eq!(
        (p["category_ids"].clone(), p["main_category"].clone()),
        (json!([222, 224]), json!(222))
    );
    assert_eq!(p["list_discount"], json!(1.34));
    assert_eq!(p["product_features"]["18"]["variant"], "Adidas");
    let removed = api
        .write(
            Method::PUT,
            "/api/products/17",
            json!({"product_features": {"18": ""}}),
        )
        .await;
    assert_eq!(removed.status, StatusCode::OK);
    assert_eq!(
        api.get("/api/products/17").await.json()["product_features"],
        json!([])
    );
    assert!(ids(&api.all("status=D").await).contains(&"17".to_string()));
}

#[tokio::test]
async fn update_refuses_invalid_fields_and_unknown_products() {
    let api = Api::with(SandboxOptions {
        cscart_products: 20,
        ..SandboxOptions::default()
    })
    .await;
    let before = api.get("/api/products/12").await.json();
    for (body, field) in [
        (json!({"status": "Z"}), "status"),
        (json!({"price": "abc"}), "price"),
        (json!({"price": "-1"}), "price"),
        (json!({"price": "99999999999999999999999999"}), "price"),
        (json!({"list_price": 1e300}), "list_price"),
        (json!({"amount": "x"}), "amount"),
        (json!({"amount": "1.5"}), "amount"),
        (json!({"product": "ok", "list_price": [1]}), "list_price"),
        (json!({"category_ids": []}), "category_ids"),
        (json!({"tracking": "Q"}), "tracking"),
        (json!({"main_category": 166}), "main_category"),
        (
            json!({"product_features": {"18": {"variant_id": "99999"}}}),
            "product_features",
        ),
    ] {
        let reply = api
            .write(Method::PUT, "/api/products/12", body.clone())
            .await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{body}");
        assert!(
            s(&reply.json(), "message").contains(field),
            "{body}: {}",
            reply.text
        );
    }
    assert_eq!(
        api.get("/api/products/12").await.json(),
        before,
        "a refused update changes nothing"
    );
    let unknown = api
        .write(Method::PUT, "/api/products/999", json!({"price": "1"}))
        .await;
    assert_eq!(
        (unknown.status, unknown.json()),
        (
            StatusCode::NOT_FOUND,
            json!({"message": "Not Found", "status": 404})
        )
    );
    let no_type = api
        .send(
            api.request(Method::PUT, "/api/products/12")
                .body("{\"price\": \"1\"}"),
        )
        .await;
    assert_eq!(no_type.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let ignored = api
        .write(
            Method::PUT,
            "/api/products/12",
            json!({"no_such_field": "x"}),
        )
        .await;
    assert_eq!(
        ignored.status,
        StatusCode::OK,
        "unknown fields are ignored, as CS-Cart does"
    );
}

#[tokio::test]
async fn delete_answers_204_then_404() {
    let api = Api::with(SandboxOptions {
        cscart_products: 20,
        ..SandboxOptions::default()
    })
    .await;
    let reply = api
        .send(api.request(Method::DELETE, "/api/products/12/"))
        .await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT);
    assert!(reply.text.is_empty());
    assert_eq!(
        api.get("/api/products/12").await.status,
        StatusCode::NOT_FOUND
    );
    let again = api
        .send(api.request(Method::DELETE, "/api/products/12"))
        .await;
    assert_eq!(
        (again.status, again.json()),
        (
            StatusCode::NOT_FOUND,
            json!({"message": "Not Found", "status": 404})
        )
    );
    assert_eq!(api.list("/api/products").await.1["total_items"], "19");
    let created = api
        .write(
            Method::POST,
            "/api/products",
            json!({"product": "After delete", "category_ids": 166, "price": "1"}),
        )
        .await;
    assert_eq!(
        created.json(),
        json!({"product_id": 21}),
        "ids are not reused"
    );
    api.sandbox.shutdown().await;
}

#[tokio::test]
async fn shutdown_stops_the_server_and_states_are_per_run() {
    let first = Api::with(SandboxOptions {
        cscart_products: 20,
        ..SandboxOptions::default()
    })
    .await;
    let second = Api::with(SandboxOptions {
        cscart_products: 20,
        ..SandboxOptions::default()
    })
    .await;
    assert_ne!(first.sandbox.addr(), second.sandbox.addr());
    assert_eq!(first.sandbox.endpoints().len(), 5);
    assert_eq!(
        first.base,
        format!("http://{}/cscart", first.sandbox.addr())
    );
    first
        .send(first.request(Method::DELETE, "/api/products/12"))
        .await;
    assert_eq!(second.get("/api/products/12").await.status, StatusCode::OK);
    let url = format!("{}/api/products", first.base);
    first.sandbox.shutdown().await;
    assert!(
        Client::new().get(url).send().await.is_err(),
        "nothing listens after shutdown"
    );
}
