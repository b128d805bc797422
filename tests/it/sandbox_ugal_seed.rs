//! The UGAL simulator's seeded shop, JSON variants, products, escaping, determinism, 401 and 405.
#![cfg(test)]

use std::collections::BTreeSet;

use reqwest::{Method, StatusCode};
use serde_json::Value;
use stockroom::catalog::model::Platform;
use stockroom::sandbox::{DEMO_UGAL_TOKEN, SandboxOptions};

use crate::sandbox_ugal::{Api, parse_xml, references, small};

#[tokio::test]
async fn json_paths_answer_the_xml_tree_as_objects() {
    let api = Api::start().await;
    for base in [&api.plain, &api.vat] {
        for path in [
            "items",
            "items/911-red",
            "products/2786",
            "products/2790",
            "items?p=2",
        ] {
            let (xml_path, json_path) = match path.split_once('?') {
                Some((p, q)) => (format!("{p}.xml?{q}"), format!("{p}.json?{q}")),
                None => (format!("{path}.xml"), format!("{path}.json")),
            };
            let xml = api.get(&format!("{base}/api/v1/{xml_path}")).await;
            let (status, json) = api
                .json(Method::GET, &format!("{base}/api/v1/{json_path}"), None)
                .await;
            assert_eq!(status, StatusCode::OK);
            let expected = serde_json::json!({ xml.name.clone(): xml.to_json() })
                .to_string()
                .replace(".xml\"", ".json\"");
            assert_eq!(json.to_string(), expected, "{base} {path}");
        }
        let bare = api.get(&format!("{base}/api/v1/items/911-red")).await;
        assert_eq!(bare.name, "item", "no extension is XML");
    }
    let (_, json) = api
        .json(
            Method::GET,
            &format!("{}/api/v1/items/911-red.json", api.vat),
            None,
        )
        .await;
    assert_eq!(json["item"]["prices"][0]["pricelist"], "default");
    assert_eq!(json["item"]["prices"][0]["vat"], "1540.47");
    assert_eq!(json["item"]["vatrate"], "0.1960");
}

#[tokio::test]
async fn a_product_holds_its_catalog_and_items() {
    let api = Api::start().await;
    let product = api
        .get(&format!("{}/api/v1/products/2786.xml", api.plain))
        .await;
    assert_eq!(
        product.shape(),
        "product(id,title,status,url,link,catalog(id,title),\
         items(item(reference,status,label,inventory,price,link)))"
    );
    assert_eq!(product.child("title").text, "Porsche 911");
    assert_eq!(
        references(&product.child("items").children),
        ["911-red", "911-blue"]
    );
    for path in [
        "products/999999.xml",
        "products/abc.xml",
        "items/nope.xml",
        "nothing.xml",
    ] {
        let (status, body) = api
            .xml(Method::GET, &format!("{}/api/v1/{path}", api.plain), None)
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        assert_eq!(body.to_json(), serde_json::json!(["404 - Not Found"]));
    }
    let (status, body) = api
        .json(
            Method::GET,
            &format!("{}/api/v1/items/nope.json", api.plain),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body, serde_json::json!({"errors": ["404 - Not Found"]}));
    let (status, body) = api
        .xml(
            Method::GET,
            &format!("{}/api/v1/items/.xml", api.plain),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        body.to_json(),
        serde_json::json!(["400.202 - Item reference invalid"])
    );
}

#[tokio::test]
async fn the_seeded_shop_has_options_tiers_rates_and_statuses() {
    let api = Api::start().await;
    let mut rates = BTreeSet::new();
    let mut tiers = BTreeSet::new();
    let mut statuses = BTreeSet::new();
    let mut catalogs = BTreeSet::new();
    for p in 1..=3 {
        for row in api.page(&api.vat, &format!("p={p}")).await {
            let reference = row.child("reference").text.clone();
            let item = api
                .get(&format!("{}/api/v1/items/{reference}.xml", api.vat))
                .await;
            let product = item.child("product");
            let id = &product.child("id").text;
            if id != "2786" {
                assert!(reference.starts_with(&format!("{id}-")), "{reference}");
            }
            let inventory: u32 = item.child("inventory").text.parse().unwrap();
            assert!(inventory <= 50);
            statuses.insert(item.child("status").text.clone());
            let rate = item.child("vatrate").text.clone();
            let whole = api
                .get(&format!("{}/api/v1/products/{id}.xml", api.vat))
                .await;
            let catalog = whole.child("catalog").child("id").text.clone();
            match catalog.as_str() {
                "4" => assert_eq!(rate, "0.0550"),
                "9" => assert_eq!(rate, "0.1960"),
                _ => assert_eq!(rate, "0.2000"),
            }
            catalogs.insert(catalog);
            rates.insert(rate);
            let prices = &item.child("prices").children;
            if prices.is_empty() {
                // An item not yet priced: its list row has no price either.
                assert!(
                    row.children.iter().all(|c| c.name != "price"),
                    "{reference}"
                );
                continue;
            }
            assert_eq!(prices[0].child("pricelist").text, "default");
            assert_eq!(prices[0].child("quantity").text, "1");
            assert_eq!(row.child("price").text, prices[0].child("amount").text);
            for price in prices {
                tiers.insert((
                    price.child("pricelist").text.clone(),
                    price.child("quantity").text.clone(),
                ));
                assert_eq!(price.child("currency").text, "eur");
            }
        }
    }
    assert!(rates.len() >= 2, "{rates:?}");
    assert!(catalogs.len() >= 4, "{catalogs:?}");
    let lists: BTreeSet<&str> = tiers.iter().map(|(l, _)| l.as_str()).collect();
    assert_eq!(lists, BTreeSet::from(["default", "pro", "wholesale"]));
    let quantities: BTreeSet<&str> = tiers.iter().map(|(_, q)| q.as_str()).collect();
    assert_eq!(quantities, BTreeSet::from(["1", "10", "50"]));
    assert!(statuses.contains("online"));
}

#[tokio::test]
async fn text_is_escaped_in_xml_and_plain_in_json() {
    let api = Api::with(SandboxOptions::default()).await;
    let mut found = None;
    for p in 1..=48 {
        let (_, text) = api
            .raw(
                DEMO_UGAL_TOKEN,
                Method::GET,
                &format!("{}/api/v1/items.xml?p={p}", api.plain),
                None,
            )
            .await;
        assert!(!text.contains(" & "), "an unescaped ampersand");
        if let Some(at) = text.find(" &amp; ") {
            let id_start = text[..at].rfind("<id>").unwrap() + 4;
            let id_end = id_start + text[id_start..].find('<').unwrap();
            found = Some(text[id_start..id_end].to_string());
            break;
        }
    }
    let id = found.expect("a seeded title holds an ampersand");
    let xml = api
        .get(&format!("{}/api/v1/products/{id}.xml", api.plain))
        .await;
    let (_, json) = api
        .json(
            Method::GET,
            &format!("{}/api/v1/products/{id}.json", api.plain),
            None,
        )
        .await;
    assert!(xml.child("title").text.contains(" & "));
    assert_eq!(
        json["product"]["title"],
        Value::String(xml.child("title").text.clone())
    );
}

#[tokio::test]
async fn the_same_seed_gives_the_same_shop_and_both_sites_are_endpoints() {
    let api = Api::start().await;
    let again = Api::start().await;
    let other = Api::with(SandboxOptions { seed: 7, ..small() }).await;
    let first = second_page(&api).await;
    assert_eq!(first, second_page(&again).await);
    assert_ne!(first, second_page(&other).await);
    assert_eq!(
        references(&other.page(&other.plain, "productId=2786").await),
        ["911-red", "911-blue"]
    );

    let ugal: Vec<_> = api
        .sandbox
        .endpoints()
        .iter()
        .filter(|e| e.platform == Platform::Ugal)
        .collect();
    let addr = api.sandbox.addr();
    assert_eq!(ugal[0].base_url, format!("http://{addr}/ugal"));
    assert_eq!(ugal[1].base_url, format!("http://{addr}/ugal-vat"));
    assert_eq!((ugal[0].name(), ugal[1].name()), ("ugal", "ugal-vat"));
    for endpoint in ugal {
        assert_eq!(endpoint.user, "website");
        assert_eq!(endpoint.key, DEMO_UGAL_TOKEN);
        assert!(endpoint.key.len() >= 24);
    }
    let names: Vec<&str> = api.sandbox.endpoints().iter().map(|e| e.name()).collect();
    assert_eq!(names, ["cscart", "valigara", "b2bwave", "ugal", "ugal-vat"]);
    let small_shop = Api::with(SandboxOptions {
        ugal_items: 1,
        ..SandboxOptions::default()
    })
    .await;
    assert_eq!(
        references(&small_shop.page(&small_shop.plain, "").await),
        ["911-red"]
    );
    let (status, _) = small_shop
        .xml(
            Method::GET,
            &format!("{}/api/v1/items/911-blue.xml", small_shop.plain),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

async fn second_page(api: &Api) -> String {
    let url = format!("{}/api/v1/items.json?p=2", api.vat);
    let page = api.json(Method::GET, &url, None).await.1;
    page.to_string().replace(&api.vat, "BASE")
}

#[tokio::test]
async fn wrong_credentials_and_methods_are_refused() {
    let api = Api::start().await;
    let url = format!("{}/api/v1/items.xml", api.plain);
    for (user, token) in [
        ("website", "wrong-token"),
        ("admin", DEMO_UGAL_TOKEN),
        ("website", ""),
    ] {
        let response = api
            .client
            .get(&url)
            .basic_auth(user, Some(token))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
        let body = parse_xml(&response.text().await.unwrap());
        assert_eq!(body.to_json(), serde_json::json!(["401 - Unauthorized"]));
    }
    let response = api
        .client
        .get(format!("{}/api/v1/items.json", api.vat))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body, serde_json::json!({"errors": ["401 - Unauthorized"]}));

    for (method, path) in [
        (Method::DELETE, "items/911-red.xml"),
        (Method::POST, "items.xml"),
        (Method::PUT, "products/2786.xml"),
    ] {
        let (status, body) = api
            .xml(method.clone(), &format!("{}/api/v1/{path}", api.vat), None)
            .await;
        assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED, "{method} {path}");
        assert_eq!(
            body.to_json(),
            serde_json::json!(["405 - Method Not Allowed"])
        );
    }
    let (status, body) = api
        .json(
            Method::DELETE,
            &format!("{}/api/v1/items/911-red.json", api.vat),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(
        body,
        serde_json::json!({"errors": ["405 - Method Not Allowed"]})
    );
}
