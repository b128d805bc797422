//! The B2B Wave simulator's writes over real loopback HTTP: auth scopes, create, update, stock.
#![cfg(test)]

use base64::Engine;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use stockroom::sandbox::{DEMO_B2BWAVE_APP_CODE, DEMO_B2BWAVE_READONLY_TOKEN, DEMO_B2BWAVE_TOKEN};

use crate::sandbox_b2bwave::Api;
use crate::support::fixtures;

const PNG: &[u8] =
    b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89";

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

fn error_fields(body: &Value) -> Vec<&str> {
    body["errors"]
        .as_object()
        .expect("errors")
        .keys()
        .map(String::as_str)
        .collect()
}

async fn post(api: &Api, path: &str, body: Value) -> (StatusCode, Value) {
    api.send(Method::POST, path, Some(body)).await
}

#[tokio::test]
async fn create_answers_201_with_the_product_and_names_every_bad_field() {
    let api = Api::start().await;
    let mut request = fixtures::json("b2bwave/create-request.json");
    let (status, body) = post(&api, "/api/products", request.clone()).await;
    assert_eq!(
        (status, body),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            json!({"errors": {"code": ["has already been taken"]}})
        )
    );
    request["product"]["code"] = json!("NEW-1");
    let (status, created) = post(&api, "/api/products.json", request).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    assert_eq!(created["id"], 61);
    assert_eq!(
        (created["code"].as_str(), created["part_number"].as_str()),
        (Some("NEW-1"), Some("NEW-1"))
    );
    assert_eq!(created["quantity"], "10");
    assert_eq!(created["quantities"][0]["quantity"], "10");
    assert_eq!(created["minimum_quantity"], "0.0");
    assert_eq!(created["created_at"], created["updated_at"]);
    assert_eq!(created["category_path"], "Sample Category 2");
    assert_eq!(api.product(61).await, created);

    let (status, body) = post(&api, "/api/products", json!({"product": {}})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        error_fields(&body),
        ["name", "category_id", "vat_class_id", "is_active"]
    );
    assert_eq!(body["errors"]["name"], json!(["can't be blank"]));
    let bad = json!({"product": {
        "name": " ", "category_id": 999, "vat_class_id": "1", "is_active": "maybe",
        "status_id": 7, "price1": "abc", "quantity": "1.5", "brand_id": 1
    }});
    let (status, body) = post(&api, "/api/products", bad).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let mut fields = error_fields(&body);
    fields.sort_unstable();
    assert_eq!(
        fields,
        [
            "category_id",
            "is_active",
            "name",
            "price1",
            "quantity",
            "status_id"
        ]
    );
    for body in [json!({"name": "x"}), json!([1])] {
        let (status, reply) = post(&api, "/api/products", body).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{reply}");
        assert!(reply["error"].is_string());
    }
    let strings = json!({"product": {
        "name": "Strings", "category_id": "11", "vat_class_id": 1, "is_active": "true",
        "price1": 4.5, "price2": "4.25", "quantity": "7", "quantity_monitor": false
    }});
    let (status, p) = post(&api, "/api/products", strings).await;
    assert_eq!(status, StatusCode::CREATED, "{p}");
    assert_eq!((p["id"].as_u64(), p["code"].is_null()), (Some(62), true));
    assert_eq!(
        (p["price1"].as_str(), p["price2"].as_str()),
        (Some("4.500"), Some("4.250"))
    );
    assert_eq!(
        (p["quantity"].as_str(), p["quantity_monitor"].as_bool()),
        (Some("7"), Some(false))
    );
    assert_eq!(p["category_path"], "Food Service/Disposables");
}

#[tokio::test]
async fn an_image_is_decoded_checked_and_stored() {
    let api = Api::start().await;
    let product = |image: Value| {
        let mut fields =
            json!({"name": "Boxed", "category_id": 41, "vat_class_id": 1, "is_active": true});
        fields
            .as_object_mut()
            .expect("object")
            .extend(image.as_object().expect("image").clone());
        json!({"product": fields})
    };
    let good = json!({"image_file_name": "box front.png", "image_content_type": "image/png", "image_data": b64(PNG)});
    let (status, p) = post(&api, "/api/products", product(good)).await;
    assert_eq!(status, StatusCode::CREATED, "{p}");
    assert_eq!(p["image_file_name"], "box_front.png");
    assert_eq!(p["image_content_type"], "image/png");
    assert_eq!(p["image_file_size"].as_u64(), Some(PNG.len() as u64));
    assert!(
        p["image_updated_at"]
            .as_str()
            .is_some_and(|t| t.ends_with('Z'))
    );
    let url = p["image_url"].as_str().expect("url");
    assert!(
        url.contains(&format!(
            "/products/images/{}/original_box_front.png",
            p["id"]
        )),
        "{url}"
    );

    let cases = [
        (
            json!({"image_file_name": "a.png", "image_content_type": "image/png", "image_data": "not base64!"}),
            "image_data",
        ),
        (
            json!({"image_file_name": "a.jpg", "image_content_type": "image/jpeg", "image_data": b64(PNG)}),
            "image_data",
        ),
        (
            json!({"image_file_name": "a.png", "image_content_type": "text/plain", "image_data": b64(PNG)}),
            "image_content_type",
        ),
        (json!({"image_data": b64(PNG)}), "image_file_name"),
    ];
    for (image, field) in cases {
        let (status, body) = post(&api, "/api/products", product(image)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert!(body["errors"][field].is_array(), "{field}: {body}");
    }
    assert!(
        api.list("name_eq=Boxed").await.len() == 1,
        "no failed create was stored"
    );
}

#[tokio::test]
async fn patch_changes_only_what_is_sent() {
    let api = Api::start().await;
    let before = api.product(5).await;
    let patch = json!({"product": {"name": "Renamed", "price1": "12.5", "is_active": false}});
    let (status, after) = api
        .send(Method::PATCH, "/api/products/5", Some(patch))
        .await;
    assert_eq!(status, StatusCode::OK, "{after}");
    assert_eq!(
        (after["name"].as_str(), after["price1"].as_str()),
        (Some("Renamed"), Some("12.500"))
    );
    assert_eq!(after["is_active"], false);
    assert!(after["updated_at"].as_str() > before["updated_at"].as_str());
    for (key, value) in before.as_object().expect("object") {
        if !["name", "price1", "is_active", "updated_at"].contains(&key.as_str()) {
            assert_eq!(&after[key], value, "{key}");
        }
    }
    assert_eq!(api.product(5).await, after);
    let (status, again) = api
        .send(
            Method::PATCH,
            "/api/products/5.json",
            Some(json!({"product": {}})),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        again["updated_at"].as_str() > after["updated_at"].as_str(),
        "every write moves it"
    );

    for path in ["/api/products/9999", "/api/products/abc"] {
        let (status, body) = api
            .send(Method::PATCH, path, Some(json!({"product": {"name": "x"}})))
            .await;
        assert_eq!(
            (status, body),
            (StatusCode::NOT_FOUND, json!({"error": "Not found"}))
        );
    }
    let invalid = json!({"product": {"name": "", "vat_class_id": 9, "minimum_quantity": -1, "code": "00001"}});
    let (status, body) = api
        .send(Method::PATCH, "/api/products/5", Some(invalid))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        error_fields(&body),
        ["name", "vat_class_id", "minimum_quantity", "code"]
    );
    assert_eq!(
        api.product(5).await,
        again,
        "a refused update changes nothing"
    );
    let (status, body) = api
        .send(
            Method::PATCH,
            "/api/products/5",
            Some(json!({"product": {"part_number": "ALIAS-5"}})),
        )
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::OK, Some("ALIAS-5"))
    );
}

async fn quantities(api: &Api, id: u64) -> Vec<String> {
    let p = api.product(id).await;
    let mut all = vec![p["quantity"].as_str().expect("total").to_string()];
    for q in p["quantities"].as_array().expect("quantities") {
        all.push(q["quantity"].as_str().expect("string").to_string());
    }
    all
}

#[tokio::test]
async fn update_quantity_by_code_by_id_and_per_warehouse() {
    let api = Api::start().await;
    let path = "/api/products/update_quantity";
    let (status, p) = post(&api, path, json!({"code": "00001", "quantity": "99"})).await;
    assert_eq!((status, p["id"].as_u64()), (StatusCode::OK, Some(12)));
    assert_eq!(quantities(&api, 12).await, ["99", "99", "0", "0"]);
    assert!(p["updated_at"].as_str() > Some("2016-09-11T20:05:07.000Z"));

    let before = quantities(&api, 7).await;
    let (status, p) = post(
        &api,
        &format!("{path}.json"),
        json!({"id": "7", "quantity": 5}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{p}");
    let others: i64 = before[2..]
        .iter()
        .map(|q| q.parse::<i64>().expect("int"))
        .sum();
    let now = quantities(&api, 7).await;
    assert_eq!(now[1], "5", "the first warehouse is set");
    assert_eq!(now[2..], before[2..], "the others are left");
    assert_eq!(now[0], (5 + others).to_string());

    let per = json!({"id": 7, "product": {"quantities": [
        {"warehouse_id": 2, "quantity": 123},
        {"warehouse_code": "WEST", "quantity": "321"}
    ]}});
    let (status, p) = post(&api, path, per).await;
    assert_eq!(status, StatusCode::OK, "{p}");
    assert_eq!(quantities(&api, 7).await, ["449", "5", "123", "321"]);
    let by_code = json!({"code": "00001", "product": {"quantities": [{"warehouse_code": "MAIN", "quantity": 0}]}});
    assert_eq!(post(&api, path, by_code).await.0, StatusCode::OK);
    assert_eq!(quantities(&api, 12).await, ["0", "0", "0", "0"]);

    let refused = [
        json!({"id": 7, "product": {"quantities": [{"warehouse_id": 9, "quantity": 1}]}}),
        json!({"id": 7, "product": {"quantities": [{"warehouse_code": "NORTH", "quantity": 1}]}}),
        json!({"id": 7, "product": {"quantities": [{"warehouse_id": 1, "quantity": "1.5"}]}}),
        json!({"id": 7, "quantity": "lots"}),
        json!({"id": 7, "quantity": 2.5}),
        json!({"id": 7}),
        json!({"quantity": 1}),
    ];
    for body in refused {
        let (status, reply) = post(&api, path, body.clone()).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}: {reply}");
        assert!(reply["errors"].is_object(), "{reply}");
    }
    assert_eq!(
        quantities(&api, 7).await,
        ["449", "5", "123", "321"],
        "nothing written"
    );
    for body in [
        json!({"code": "NOPE", "quantity": 1}),
        json!({"id": 9999, "quantity": 1}),
    ] {
        let r = post(&api, path, body).await;
        assert_eq!(r, (StatusCode::NOT_FOUND, json!({"error": "Not found"})));
    }
}

#[tokio::test]
async fn basic_auth_is_401_and_a_read_only_token_is_403_on_writes() {
    let api = Api::start().await;
    assert_eq!(api.user, DEMO_B2BWAVE_APP_CODE);
    assert_eq!(api.key, DEMO_B2BWAVE_TOKEN);
    let unauthorized = json!({"error": "Unauthorized: invalid app code or token"});
    let anonymous = api
        .client
        .get(format!("{}/api/products", api.base))
        .send()
        .await
        .expect("sent");
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
    assert!(anonymous.headers().contains_key("www-authenticate"));
    for (user, key) in [
        (DEMO_B2BWAVE_APP_CODE, "wrong"),
        ("other-store", DEMO_B2BWAVE_TOKEN),
        (DEMO_B2BWAVE_APP_CODE, ""),
    ] {
        let r = api
            .send_as(user, key, Method::GET, "/api/products", None)
            .await;
        assert_eq!(r, (StatusCode::UNAUTHORIZED, unauthorized.clone()));
    }
    let ro = DEMO_B2BWAVE_READONLY_TOKEN;
    let (status, _) = api
        .send_as(&api.user, ro, Method::GET, "/api/products?id_eq=12", None)
        .await;
    assert_eq!(status, StatusCode::OK);
    let forbidden =
        json!({"error": "Forbidden: this API key cannot edit products (scope: products_read)"});
    let writes = [
        (
            Method::POST,
            "/api/products",
            json!({"product": {"name": "x"}}),
        ),
        (
            Method::PATCH,
            "/api/products/12",
            json!({"product": {"name": "x"}}),
        ),
        (
            Method::POST,
            "/api/products/update_quantity",
            json!({"id": 12, "quantity": 1}),
        ),
    ];
    for (method, path, body) in writes {
        let r = api.send_as(&api.user, ro, method, path, Some(body)).await;
        assert_eq!(r, (StatusCode::FORBIDDEN, forbidden.clone()), "{path}");
    }
    let p = api.product(12).await;
    assert_eq!(
        (p["name"].as_str(), p["quantity"].as_str()),
        (Some("Test Product"), Some("10"))
    );
}
