//! The CS-Cart client against the simulator over loopback HTTP, for every operation and error status.

use std::time::Duration;

use axum::http::header;
use stockroom::catalog::cscart::{ApiPath, CsCartClient, Scope, wire};
use stockroom::catalog::error::CatalogError;
use stockroom::catalog::http::{Auth, Transport};
use stockroom::catalog::model::{
    Filters, ListQuery, Money, NewProduct, Platform, ProductId, ProductPatch, SortField, SortOrder,
    Status, Stock,
};
use stockroom::sandbox::{Sandbox, SandboxOptions};
use stockroom::secret::Secret;

struct Shop {
    sandbox: Sandbox,
    client: CsCartClient,
    base_url: String,
    user: String,
    key: String,
}

async fn shop() -> Shop {
    let sandbox = Sandbox::start(SandboxOptions::default()).await.unwrap();
    let endpoint = sandbox.endpoint(Platform::Cscart).unwrap();
    let (base_url, user, key) = (
        endpoint.base_url.to_string(),
        endpoint.user.to_string(),
        endpoint.key.to_string(),
    );
    let client = CsCartClient::new(transport(&base_url, &user, &key));
    Shop {
        sandbox,
        client,
        base_url,
        user,
        key,
    }
}

pub fn transport(base_url: &str, user: &str, key: &str) -> Transport {
    let auth = Auth::Basic {
        user: user.to_owned(),
        secret: Secret::new(key),
    };
    Transport::new(base_url, auth, Duration::from_secs(10)).unwrap()
}

fn query(filters: Filters) -> ListQuery {
    ListQuery {
        per_page: 100,
        filters,
        ..ListQuery::default()
    }
}

fn money(text: &str) -> Money {
    Money::parse(text).unwrap()
}

pub fn id(text: &str) -> ProductId {
    ProductId(text.into())
}

#[tokio::test]
async fn lists_pages_with_the_announced_total() {
    let shop = shop().await;
    let first = shop.client.list(&ListQuery::default()).await;
    assert_eq!(first.exchanges.len(), 1);
    let path = &first.exchanges[0].path;
    assert!(
        path.starts_with(
            "/cscart/api/products?page=1&items_per_page=50&sort_by=product&sort_order=asc"
        ),
        "{path}"
    );
    let first = first.result.unwrap();
    assert_eq!(
        (first.page, first.per_page, first.total, first.more),
        (1, 50, Some(1200), true)
    );
    assert_eq!(first.items.len(), 50);

    let second = ListQuery {
        page: 2,
        ..ListQuery::default()
    };
    let second = shop.client.list(&second).await.result.unwrap();
    assert_eq!(second.page, 2);
    assert!(
        second
            .items
            .iter()
            .all(|p| first.items.iter().all(|q| q.id != p.id))
    );

    let last = ListQuery {
        page: 24,
        ..ListQuery::default()
    };
    let last = shop.client.list(&last).await.result.unwrap();
    assert_eq!((last.items.len(), last.more), (50, false));
    shop.sandbox.shutdown().await;
}

#[tokio::test]
async fn sorts_on_the_server_both_ways() {
    let shop = shop().await;
    for (sort, key) in [
        (SortField::Price, "price"),
        (SortField::Stock, "amount"),
        (SortField::Sku, "code"),
        (SortField::Name, "product"),
        (SortField::Status, "status"),
        (SortField::Updated, "date"),
    ] {
        for (order, word) in [
            (SortOrder::Ascending, "asc"),
            (SortOrder::Descending, "desc"),
        ] {
            let q = ListQuery {
                sort,
                order,
                ..query(Filters::default())
            };
            let traced = shop.client.list(&q).await;
            let path = &traced.exchanges[0].path;
            assert!(
                path.contains(&format!("sort_by={key}&sort_order={word}")),
                "{path}"
            );
            let items = traced.result.unwrap().items;
            let ordered = |ok: &dyn Fn(usize) -> bool| (1..items.len()).all(ok);
            let sorted = match sort {
                SortField::Price => ordered(&|i| match order {
                    SortOrder::Ascending => items[i - 1].price <= items[i].price,
                    SortOrder::Descending => items[i - 1].price >= items[i].price,
                }),
                SortField::Sku => ordered(&|i| match order {
                    SortOrder::Ascending => {
                        items[i - 1].sku.0.to_lowercase() <= items[i].sku.0.to_lowercase()
                    }
                    SortOrder::Descending => {
                        items[i - 1].sku.0.to_lowercase() >= items[i].sku.0.to_lowercase()
                    }
                }),
                SortField::Name => ordered(&|i| {
                    let (a, b) = (
                        items[i - 1].name.to_lowercase(),
                        items[i].name.to_lowercase(),
                    );
                    match order {
                        SortOrder::Ascending => a <= b,
                        SortOrder::Descending => a >= b,
                    }
                }),
                _ => true,
            };
            assert!(sorted, "{key} {word}");
        }
    }
    shop.sandbox.shutdown().await;
}

#[tokio::test]
async fn filters_by_name_sku_category_price_stock_and_status() {
    let shop = shop().await;
    let list = |filters: Filters| {
        let client = shop.client.clone();
        async move { client.list(&query(filters)).await }
    };

    let by_name = list(Filters {
        name: Some("Pants".into()),
        ..Filters::default()
    })
    .await;
    assert!(
        by_name.exchanges[0]
            .path
            .contains("q=Pants&pname=Y&pshort=N&pfull=N&pkeywords=N&pcode_from_q=N")
    );
    let by_name = by_name.result.unwrap().items;
    assert!(by_name.iter().any(|p| p.id == id("12")));
    assert!(
        by_name
            .iter()
            .all(|p| p.name.to_lowercase().contains("pants"))
    );

    let by_sku = list(Filters {
        sku: Some("U0012O5AF0".into()),
        ..Filters::default()
    })
    .await;
    assert!(by_sku.exchanges[0].path.contains("pcode=U0012O5AF0"));
    assert_eq!(by_sku.result.unwrap().items[0].id, id("12"));

    let by_category = list(Filters {
        category_id: Some(224),
        ..Filters::default()
    })
    .await;
    assert!(by_category.exchanges[0].path.contains("cid=224&subcats=Y"));
    assert!(
        by_category
            .result
            .unwrap()
            .items
            .iter()
            .any(|p| p.id == id("12"))
    );

    let (low, high) = (money("10.00"), money("40.00"));
    let by_price = list(Filters {
        price_min: Some(low),
        price_max: Some(high),
        ..Filters::default()
    })
    .await;
    assert!(
        by_price.exchanges[0]
            .path
            .contains("price_from=10.00&price_to=40.00")
    );
    let by_price = by_price.result.unwrap().items;
    assert!(!by_price.is_empty());
    assert!(
        by_price
            .iter()
            .all(|p| p.price.is_some_and(|m| low <= m && m <= high))
    );

    let by_stock = list(Filters {
        stock_min: Some(5),
        stock_max: Some(12),
        ..Filters::default()
    })
    .await;
    assert!(
        by_stock.exchanges[0]
            .path
            .contains("amount_from=5&amount_to=12")
    );
    let by_stock = by_stock.result.unwrap().items;
    assert!(!by_stock.is_empty());
    assert!(by_stock.iter().all(|p| match p.stock {
        Stock::Quantity(n) => (5..=12).contains(&n),
        Stock::NotTracked => true,
    }));

    for status in [Status::Active, Status::Disabled, Status::Hidden] {
        let by_status = list(Filters {
            status: Some(status.clone()),
            ..Filters::default()
        })
        .await;
        let code = wire::status_code(&status);
        assert!(
            by_status.exchanges[0]
                .path
                .contains(&format!("status={code}"))
        );
        let items = by_status.result.unwrap().items;
        assert!(!items.is_empty(), "{status:?}");
        assert!(items.iter().all(|p| p.status == status), "{status:?}");
    }
    shop.sandbox.shutdown().await;
}

#[tokio::test]
async fn lists_within_a_category_a_vendor_and_a_store() {
    let shop = shop().await;
    for (scope, path) in [
        (Scope::Category(224), "/cscart/api/categories/224/products?"),
        (Scope::Vendor(1), "/cscart/api/vendors/1/products?"),
        (Scope::Store(1), "/cscart/api/stores/1/products?"),
    ] {
        let traced = shop.client.list_in(scope, &ListQuery::default()).await;
        assert!(
            traced.exchanges[0].path.starts_with(path),
            "{}",
            traced.exchanges[0].path
        );
        let page = traced.result.unwrap();
        assert!(!page.items.is_empty(), "{scope:?}");
        assert!(page.total.is_some_and(|total| total <= 1200));
    }
    let pants = shop
        .client
        .list_in(Scope::Category(224), &ListQuery::default())
        .await;
    assert!(pants.result.unwrap().items.iter().any(|p| p.id == id("12")));
    shop.sandbox.shutdown().await;
}

#[tokio::test]
async fn gets_the_documented_product_on_both_api_paths() {
    let shop = shop().await;
    for api in [ApiPath::Plain, ApiPath::V2] {
        let client = shop.client.clone().with_api_version(api);
        let traced = client.get(&id("12")).await;
        assert_eq!(
            traced.exchanges[0].path,
            format!("/cscart/{}products/12", api.prefix())
        );
        let product = traced.result.unwrap();
        assert_eq!(product.summary.name, "100g Pants");
        assert_eq!(product.summary.sku.0, "U0012O5AF0");
        assert_eq!(product.summary.price, Some(money("30.00")));
        assert_eq!(product.list_price, Some(money("31.00")));
        assert_eq!(product.category_ids, vec![224]);
        assert_eq!(product.raw["product_id"], "12");
        let listed = client.list(&ListQuery::default()).await.result.unwrap();
        assert_eq!(listed.total, Some(1200));
    }
    shop.sandbox.shutdown().await;
}

#[tokio::test]
async fn creates_updates_sets_stock_and_deletes() {
    let shop = shop().await;
    let client = &shop.client;
    let new = NewProduct {
        name: "Loopback Socks".into(),
        sku: Some(stockroom::catalog::model::Sku("LOOP-1".into())),
        price: money("4.50"),
        stock: Some(3),
        category_ids: vec![224],
        status: Status::Active,
    };
    let created = client.create(&new).await;
    assert_eq!(created.exchanges[0].method, "POST");
    assert_eq!(created.exchanges[0].status, Some(201));
    let new_id = created.result.unwrap();

    let fetched = client.get(&new_id).await.result.unwrap();
    assert_eq!(fetched.summary.name, "Loopback Socks");
    assert_eq!(fetched.summary.price, Some(money("4.50")));
    assert_eq!(fetched.summary.stock, Stock::Quantity(3));

    let patch = ProductPatch {
        name: Some("Loopback Socks Updated".into()),
        price: Some(money("5.25")),
        list_price: Some(money("6.00")),
        ..ProductPatch::default()
    };
    let updated = client.update(&new_id, &patch).await;
    assert_eq!(updated.exchanges[0].status, Some(200));
    assert_eq!(updated.result.unwrap(), new_id);

    let stocked = client.set_stock(&new_id, 15).await;
    let body = stocked.exchanges[0].request_body.clone().unwrap();
    assert_eq!(&body[..], br#"{"amount":"15"}"#);
    stocked.result.unwrap();

    let fetched = client.get(&new_id).await.result.unwrap();
    assert_eq!(fetched.summary.name, "Loopback Socks Updated");
    assert_eq!(fetched.summary.price, Some(money("5.25")));
    assert_eq!(fetched.list_price, Some(money("6.00")));
    assert_eq!(fetched.summary.stock, Stock::Quantity(15));

    let deleted = client.delete(&new_id).await;
    assert_eq!(deleted.exchanges[0].status, Some(204));
    deleted.result.unwrap();
    let gone = client.get(&new_id).await;
    assert!(
        matches!(gone.result, Err(CatalogError::NotFound { .. })),
        "{:?}",
        gone.result
    );
    assert_eq!(gone.exchanges.len(), 1);
    shop.sandbox.shutdown().await;
}

#[tokio::test]
async fn error_statuses_become_typed_errors() {
    let shop = shop().await;
    let refused = shop
        .client
        .create(&NewProduct {
            name: String::new(),
            sku: None,
            price: money("1.00"),
            stock: None,
            category_ids: vec![],
            status: Status::Active,
        })
        .await;
    assert!(
        matches!(
            &refused.result,
            Err(CatalogError::Rejected { status: 400, .. })
        ),
        "{:?}",
        refused.result
    );

    let stranger = CsCartClient::new(transport(&shop.base_url, &shop.user, "wrong-key-123"));
    let denied = stranger.get(&id("12")).await;
    let Err(CatalogError::Unauthorized {
        status: 401,
        message,
    }) = &denied.result
    else {
        panic!("{:?}", denied.result)
    };
    assert!(
        message.contains("realm \"User email/API key\""),
        "{message}"
    );
    assert_eq!(denied.exchanges[0].status, Some(401));

    for missing in [
        shop.client.get(&id("999999")).await.result.map(|_| ()),
        shop.client.delete(&id("999999")).await.result,
        shop.client.set_stock(&id("999999"), 1).await.result,
    ] {
        assert!(
            matches!(missing, Err(CatalogError::NotFound { .. })),
            "{missing:?}"
        );
    }

    // The client always sends JSON with `Content-Type: application/json`, so 415 is
    // reached by hand; the answer goes through the client's own error mapping.
    let raw = reqwest::Client::new()
        .put(format!(
            "{}/api/products/12",
            shop.base_url.trim_end_matches('/')
        ))
        .basic_auth(&shop.user, Some(&shop.key))
        .header(header::CONTENT_TYPE, "text/plain")
        .body(r#"{"amount": "1"}"#)
        .send()
        .await
        .unwrap();
    let status = raw.status().as_u16();
    let headers = raw.headers().clone();
    let body = raw.bytes().await.unwrap();
    assert_eq!(status, 415);
    let error = wire::error_for(status, &headers, &body, None);
    assert!(
        matches!(error, CatalogError::Rejected { status: 415, .. }),
        "{error:?}"
    );
    shop.sandbox.shutdown().await;
}
