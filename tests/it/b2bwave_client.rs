//! The B2B Wave client and `Catalog` against the simulator over loopback HTTP, for every operation.

use std::time::Duration;

use serde_json::{Map, Value, json};
use stockroom::catalog::b2bwave::B2bWaveClient;
use stockroom::catalog::error::CatalogError;
use stockroom::catalog::http::{Auth, Transport};
use stockroom::catalog::model::{
    Filters, ListQuery, Money, NewProduct, Platform, ProductId, ProductPatch, Sku, Status, Stock,
};
use stockroom::sandbox::{
    DEMO_B2BWAVE_APP_CODE, DEMO_B2BWAVE_READONLY_TOKEN, DEMO_B2BWAVE_TOKEN, Sandbox, SandboxOptions,
};
use stockroom::secret::Secret;

pub(super) struct Store {
    pub sandbox: Sandbox,
    pub client: B2bWaveClient,
    pub base_url: String,
}

pub(super) async fn store() -> Store {
    let options = SandboxOptions {
        b2bwave_products: 45,
        ..SandboxOptions::default()
    };
    let sandbox = Sandbox::start(options).await.unwrap();
    let endpoint = sandbox.endpoint(Platform::B2bwave).unwrap();
    assert_eq!(endpoint.user, DEMO_B2BWAVE_APP_CODE);
    assert_eq!(endpoint.key, DEMO_B2BWAVE_TOKEN);
    let base_url = endpoint.base_url.clone();
    let client = client_with(&base_url, DEMO_B2BWAVE_TOKEN);
    Store {
        sandbox,
        client,
        base_url,
    }
}

pub(super) fn client_with(base_url: &str, token: &str) -> B2bWaveClient {
    let auth = Auth::Basic {
        user: DEMO_B2BWAVE_APP_CODE.into(),
        secret: Secret::new(token),
    };
    B2bWaveClient::new(Transport::new(base_url, auth, Duration::from_secs(10)).unwrap())
}

pub(super) fn id(text: &str) -> ProductId {
    ProductId(text.into())
}

fn query(per_page: u32, filters: Filters) -> ListQuery {
    ListQuery {
        per_page,
        filters,
        ..ListQuery::default()
    }
}

pub(super) fn new_product(code: &str) -> NewProduct {
    NewProduct {
        name: format!("Widget {code}"),
        sku: Some(Sku(code.into())),
        price: Money::parse("12.50").unwrap(),
        stock: Some(7),
        category_ids: vec![1],
        status: Status::Active,
    }
}

pub(super) fn body(value: Value) -> Map<String, Value> {
    value.as_object().cloned().unwrap()
}

#[tokio::test]
async fn the_list_pages_to_the_end_without_repeating_a_row() {
    let store = store().await;
    let mut ids: Vec<u64> = Vec::new();
    let mut page = 1;
    loop {
        let listed = store
            .client
            .list(&ListQuery {
                page,
                per_page: 10,
                ..ListQuery::default()
            })
            .await;
        let path = &listed.exchanges[0].path;
        assert!(
            path.contains(&format!("paginated=1&per_page=10&page={page}")),
            "{path}"
        );
        let listed = listed.result.unwrap();
        assert_eq!(listed.total, None);
        assert!(listed.items.len() <= 10);
        ids.extend(listed.items.iter().map(|p| p.id.0.parse::<u64>().unwrap()));
        if !listed.more {
            break;
        }
        page += 1;
        assert!(page < 1000, "paging never ended");
    }
    assert!(ids.windows(2).all(|pair| pair[0] < pair[1]), "{ids:?}");
    assert!(ids.contains(&12), "{ids:?}");
    assert!(ids.len() > 10, "one page only: {ids:?}");
}

#[tokio::test]
async fn each_filter_narrows_the_list() {
    let store = store().await;
    let all = store.client.list(&query(100, Filters::default())).await;
    let all = all.result.unwrap().items;

    let named = Filters {
        name: Some("test PRODUCT".into()),
        ..Filters::default()
    };
    let named = store.client.list(&query(100, named)).await.result.unwrap();
    assert!(named.items.iter().any(|p| p.id.0 == "12"));
    assert!(
        named
            .items
            .iter()
            .all(|p| p.name.to_lowercase().contains("test product"))
    );
    assert!(named.items.len() < all.len());

    let coded = Filters {
        sku: Some("0000".into()),
        ..Filters::default()
    };
    let coded = store.client.list(&query(100, coded)).await.result.unwrap();
    assert!(coded.items.iter().any(|p| p.sku.0 == "00001"));
    assert!(coded.items.iter().all(|p| p.sku.0.contains("0000")));

    let in_category = Filters {
        category_id: Some(1),
        ..Filters::default()
    };
    let in_category = store.client.list(&query(100, in_category)).await;
    assert!(in_category.exchanges[0].path.contains("category_id_eq=1"));
    let in_category = in_category.result.unwrap().items;
    assert!(in_category.iter().any(|p| p.id.0 == "12"));
    for summary in in_category.iter().take(5) {
        let full = store.client.get(&summary.id).await.result.unwrap();
        assert_eq!(full.category_ids, [1]);
    }
    let nowhere = Filters {
        category_id: Some(987_654),
        ..Filters::default()
    };
    let nowhere = store
        .client
        .list(&query(100, nowhere))
        .await
        .result
        .unwrap();
    assert!(nowhere.items.is_empty() && !nowhere.more);
}

#[tokio::test]
async fn get_reads_the_documented_sample_with_its_warehouses() {
    let store = store().await;
    let traced = store.client.get(&id("12")).await;
    assert!(traced.exchanges[0].path.ends_with("products?id_eq=12"));
    let product = traced.result.unwrap();
    assert_eq!(product.summary.sku, Sku("00001".into()));
    assert_eq!(product.summary.name, "Test Product");
    assert_eq!(product.summary.status, Status::Active);
    assert_eq!(product.category_ids, [1]);
    assert_eq!(product.raw["minimum_quantity"], "0.0");
    assert!(product.raw["product_variants"].is_array());
    assert!(product.updated_at.is_some());
    if let Stock::Quantity(total) = product.summary.stock
        && !product.warehouses.is_empty()
    {
        assert_eq!(
            product.warehouses.iter().map(|w| w.quantity).sum::<i64>(),
            total
        );
    }
    for warehouse in &product.warehouses {
        assert!(["MAIN", "EAST", "WEST"].contains(&warehouse.code.as_str()));
    }
    assert!(matches!(
        store.client.get(&id("999999")).await.result,
        Err(CatalogError::NotFound { .. })
    ));
}

#[tokio::test]
async fn writes_change_what_is_read_back() {
    let store = store().await;
    let client = &store.client;
    let created = client.create(&new_product("BW-1")).await.result.unwrap();
    let product = client.get(&created).await.result.unwrap();
    assert_eq!(product.summary.sku, Sku("BW-1".into()));
    assert_eq!(product.summary.stock, Stock::Quantity(7));
    assert_eq!(product.category_ids, [1]);
    assert_eq!(product.raw["vat_class_id"], json!(1));

    let taken = client
        .create(&new_product("BW-1"))
        .await
        .result
        .unwrap_err();
    assert!(
        matches!(&taken, CatalogError::Rejected { status: 422, message, .. } if message.contains("code has already been taken")),
        "{taken:?}"
    );
    let mut homeless = new_product("BW-2");
    homeless.category_ids.clear();
    let homeless = client.create(&homeless).await.result.unwrap_err();
    assert!(
        matches!(&homeless, CatalogError::Rejected { status: 422, message, .. } if message.contains("category_id can't be blank")),
        "{homeless:?}"
    );

    let patch = ProductPatch {
        name: Some("Renamed".into()),
        stock: Some(3),
        status: Some(Status::Disabled),
        description: Some("<p>new</p>".into()),
        ..ProductPatch::default()
    };
    assert_eq!(
        client.update(&created, &patch).await.result.unwrap(),
        created
    );
    let product = client.get(&created).await.result.unwrap();
    assert_eq!(product.summary.name, "Renamed");
    assert_eq!(product.summary.stock, Stock::Quantity(3));
    assert_eq!(product.summary.status, Status::Disabled);
    assert_eq!(product.description.as_deref(), Some("<p>new</p>"));

    let raw = body(json!({"minimum_quantity": "2", "meta_description": "m", "status_id": 3}));
    client.update_raw(&created, &raw).await.result.unwrap();
    let product = client.get(&created).await.result.unwrap();
    assert_eq!(product.raw["meta_description"], "m");
    assert_eq!(product.raw["status_id"], json!(3));

    client.set_stock(&created, 42).await.result.unwrap();
    let product = client.get(&created).await.result.unwrap();
    assert_eq!(product.summary.stock, Stock::Quantity(42));

    let missing = client.update(&id("999999"), &patch).await.result;
    assert!(
        matches!(missing, Err(CatalogError::NotFound { .. })),
        "{missing:?}"
    );

    let found = client
        .find_by_sku(&Sku("BW-1".into()))
        .await
        .result
        .unwrap();
    assert_eq!(found.map(|p| p.id), Some(created));
    assert_eq!(client.find_by_sku(&Sku("BW".into())).await.result, Ok(None));
    let sample = client
        .find_by_sku(&Sku("00001".into()))
        .await
        .result
        .unwrap();
    assert_eq!(sample.map(|p| p.id.0), Some("12".into()));
}

#[tokio::test]
async fn each_warehouse_is_set_by_its_id() {
    let store = store().await;
    let client = &store.client;
    client
        .set_warehouse_stock(&id("12"), &[(1, 5), (2, 6), (3, 7)])
        .await
        .result
        .unwrap();
    let product = client.get(&id("12")).await.result.unwrap();
    let quantities: Vec<(u64, &str, i64)> = product
        .warehouses
        .iter()
        .map(|w| (w.id, w.code.as_str(), w.quantity))
        .collect();
    assert_eq!(quantities, [(1, "MAIN", 5), (2, "EAST", 6), (3, "WEST", 7)]);
    assert_eq!(product.summary.stock, Stock::Quantity(18));

    client
        .set_warehouse_stock(&id("12"), &[(2, 0)])
        .await
        .result
        .unwrap();
    let product = client.get(&id("12")).await.result.unwrap();
    assert_eq!(product.summary.stock, Stock::Quantity(12));

    let unknown = client
        .set_warehouse_stock(&id("12"), &[(99, 1)])
        .await
        .result;
    assert!(
        matches!(unknown, Err(CatalogError::Rejected { status: 422, .. })),
        "{unknown:?}"
    );
}

#[tokio::test]
async fn a_bad_token_and_a_read_only_key_are_told_apart() {
    let store = store().await;
    let wrong = client_with(&store.base_url, "not-the-token");
    let refused = wrong.list(&ListQuery::default()).await;
    assert!(
        matches!(
            refused.result,
            Err(CatalogError::Unauthorized { status: 401, .. })
        ),
        "{:?}",
        refused.result
    );
    assert!(!format!("{:?}", refused.exchanges).contains("not-the-token"));

    let reader = client_with(&store.base_url, DEMO_B2BWAVE_READONLY_TOKEN);
    assert!(reader.get(&id("12")).await.result.is_ok());
    let write = reader.set_stock(&id("12"), 1).await.result.unwrap_err();
    assert!(
        matches!(&write, CatalogError::Forbidden { status: 403, message } if message.contains("scope lacks product editing")),
        "{write:?}"
    );
}

/// Every page a whole load reports, as (page, products, more), in the order reported.
async fn whole_load(
    variants: Vec<stockroom::sandbox::Variant>,
    products: usize,
) -> Vec<(u32, usize, bool)> {
    use stockroom::catalog::loader::{LoadEvent, LoadPlan, load_all};
    let sandbox = crate::support::sandbox::start(SandboxOptions {
        b2bwave_products: products,
        variants,
        ..SandboxOptions::default()
    })
    .await;
    let endpoint = crate::support::sandbox::endpoint(&sandbox, Platform::B2bwave);
    let connection = crate::support::sandbox::connection(endpoint, Duration::from_secs(10), false);
    let (catalog, _) = crate::support::sandbox::connect(&connection, &endpoint.key);
    let mut pages = Vec::new();
    load_all(&catalog, LoadPlan::whole(&catalog), |event| match event {
        LoadEvent::Page { page, .. } => pages.push((page.page, page.items.len(), page.more)),
        LoadEvent::Failed { error, .. } => panic!("{error}"),
    })
    .await;
    pages
}

#[tokio::test]
async fn a_short_page_is_not_the_end_until_the_next_comes_back_empty() {
    use stockroom::sandbox::Variant;
    // A 48-product store: one short page, then an empty one that ends the load; the page is
    // reported once it is known to be the last, so no page "2 of 2" is ever shown.
    assert_eq!(whole_load(vec![], 48).await, [(1, 48, false)]);
    // A store serving 25 a page when 100 are asked: every page is short, none is the end.
    let capped = whole_load(vec![Variant::B2bwavePageCap25], 60).await;
    assert_eq!(capped, [(1, 25, true), (2, 25, true), (3, 10, false)]);
}
