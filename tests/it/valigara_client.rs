//! The Valigara client against the simulator over loopback HTTP, for every action.

use std::time::Duration;

use serde_json::json;
use stockroom::catalog::error::CatalogError;
use stockroom::catalog::http::{Auth, Transport};
use stockroom::catalog::model::{
    Filters, ListQuery, Money, NewProduct, Platform, ProductId, ProductPatch, Sku, SortField,
    SortOrder, Status, Stock,
};
use stockroom::catalog::valigara::{SoldAction, ValigaraClient};
use stockroom::sandbox::{DEMO_VALIGARA_READONLY_KEY, Sandbox, SandboxOptions};
use stockroom::secret::Secret;

struct Shop {
    _sandbox: Sandbox,
    client: ValigaraClient,
    base_url: String,
}

async fn shop_with(options: SandboxOptions) -> Shop {
    let sandbox = Sandbox::start(options).await.unwrap();
    let endpoint = sandbox.endpoint(Platform::Valigara).unwrap();
    let base_url = endpoint.base_url.to_string();
    let client = ValigaraClient::new(transport(&base_url, &endpoint.key));
    Shop {
        _sandbox: sandbox,
        client,
        base_url,
    }
}

async fn shop() -> Shop {
    shop_with(SandboxOptions {
        valigara_products: 120,
        ..SandboxOptions::default()
    })
    .await
}

fn transport(base_url: &str, key: &str) -> Transport {
    let auth = Auth::QueryKey {
        name: "auth".into(),
        secret: Secret::new(key),
    };
    Transport::new(base_url, auth, Duration::from_secs(10)).unwrap()
}

fn new_product(sku: &str, quantity: i64) -> NewProduct {
    NewProduct {
        name: format!("Test ring {sku}"),
        sku: Some(Sku(sku.into())),
        price: Money::parse("100.00").unwrap(),
        stock: Some(quantity),
        category_ids: vec![],
        status: Status::Active,
    }
}

async fn created(shop: &Shop, sku: &str, quantity: i64) -> ProductId {
    shop.client
        .create(&new_product(sku, quantity))
        .await
        .result
        .unwrap()
}

#[tokio::test]
async fn lists_pages_sorted_and_filtered() {
    let shop = shop().await;
    let query = ListQuery {
        per_page: 50,
        sort: SortField::Price,
        order: SortOrder::Descending,
        ..ListQuery::default()
    };
    let first = shop.client.list(&query).await;
    assert_eq!(first.exchanges.len(), 2, "a search, then one export");
    let first = first.result.unwrap();
    assert_eq!(
        (first.total, first.items.len(), first.more),
        (Some(120), 50, true)
    );
    assert!(first.items.windows(2).all(|w| w[0].price >= w[1].price));
    let last = shop
        .client
        .list(&ListQuery {
            page: 3,
            ..query.clone()
        })
        .await
        .result
        .unwrap();
    assert_eq!((last.items.len(), last.more), (20, false));
    let beyond = shop
        .client
        .list(&ListQuery {
            page: 4,
            ..query.clone()
        })
        .await;
    // Past the end nothing is exported; the search is the one the load's pages share.
    assert!(beyond.exchanges.len() <= 1);
    assert!(beyond.exchanges.iter().all(|e| {
        let body = e.request_body.as_deref().unwrap_or_default();
        !String::from_utf8_lossy(body).contains("products_export")
    }));
    assert!(beyond.result.unwrap().items.is_empty());
    let big = shop
        .client
        .list(&ListQuery {
            per_page: 120,
            ..query
        })
        .await;
    let exports = big
        .exchanges
        .iter()
        .filter(|e| {
            let body = e.request_body.as_deref().unwrap_or_default();
            String::from_utf8_lossy(body).contains("products_export")
        })
        .count();
    assert_eq!(exports, 2, "exports are batched by 100");
    assert_eq!(big.result.unwrap().items.len(), 120);

    let id = created(&shop, "FILTER-1", 7).await;
    let filters = Filters {
        sku: Some("FILTER-1".into()),
        stock_min: Some(7),
        stock_max: Some(7),
        price_min: Money::parse("100"),
        price_max: Money::parse("100"),
        status: Some(Status::Active),
        name: Some("test ring".into()),
        ..Filters::default()
    };
    let found = shop
        .client
        .list(&ListQuery {
            filters,
            ..ListQuery::default()
        })
        .await
        .result
        .unwrap();
    assert_eq!(found.items.iter().map(|p| &p.id).collect::<Vec<_>>(), [&id]);
    let by_sku = shop
        .client
        .find_by_sku(&Sku("FILTER-1".into()))
        .await
        .result
        .unwrap();
    assert_eq!(by_sku.map(|p| p.id), Some(id));
    assert_eq!(
        shop.client
            .find_by_sku(&Sku("NOPE".into()))
            .await
            .result
            .unwrap(),
        None
    );
}

#[tokio::test]
async fn writes_read_back_and_plans_match_what_is_sent() {
    let shop = shop().await;
    let plan = shop.client.plan_create(&new_product("W-1", 2)).unwrap();
    let create = shop.client.create(&new_product("W-1", 2)).await;
    assert_eq!(
        plan.body.as_deref().map(str::as_bytes),
        create.exchanges[0].request_body.as_deref()
    );
    let id = create.result.unwrap();

    let patch = ProductPatch {
        name: Some("Renamed".into()),
        price: Money::parse("12.5"),
        status: Some(Status::Disabled),
        ..ProductPatch::default()
    };
    let plan = shop.client.plan_update(&id, &patch).unwrap();
    let update = shop.client.update(&id, &patch).await;
    assert_eq!(
        plan.body.as_deref().map(str::as_bytes),
        update.exchanges[0].request_body.as_deref()
    );
    assert!(plan.body.unwrap().contains("auth=[REDACTED]"));
    update.result.unwrap();
    let product = shop.client.get(&id).await.result.unwrap();
    assert_eq!(
        (
            product.summary.name.as_str(),
            product.summary.status.clone()
        ),
        ("Renamed", Status::Disabled)
    );
    assert_eq!(product.summary.price, Money::parse("12.50"));

    let raw = json!({"metals": [{"type": "gold", "purity": "14K", "weight": "2.00", "weight_unit": "g"}], "category": "Rings"});
    let raw = raw.as_object().cloned().unwrap();
    let plan = shop.client.plan_update_raw(&id, &raw).unwrap();
    let sent = shop.client.update_raw(&id, &raw).await;
    assert_eq!(
        plan.body.as_deref().map(str::as_bytes),
        sent.exchanges[0].request_body.as_deref()
    );
    sent.result.unwrap();
    let product = shop.client.get(&id).await.result.unwrap();
    assert_eq!(product.raw["metals"][0]["purity"], "14K");

    let plan = shop.client.plan_set_stock(&id, 9).unwrap();
    let stock = shop.client.set_stock(&id, 9).await;
    assert_eq!(
        plan.body.as_deref().map(str::as_bytes),
        stock.exchanges[0].request_body.as_deref()
    );
    stock.result.unwrap();
    assert_eq!(
        shop.client.get(&id).await.result.unwrap().summary.stock,
        Stock::Quantity(9)
    );

    let bad = shop
        .client
        .update_raw(
            &id,
            &json!({"metals": [{"weight": "1"}]})
                .as_object()
                .cloned()
                .unwrap(),
        )
        .await;
    assert!(
        matches!(bad.result, Err(CatalogError::Rejected { platform_code: Some(ref c), .. }) if c == "303")
    );
}

#[tokio::test]
async fn sales_follow_each_action() {
    let shop = shop().await;
    let id = created(&shop, "S-1", 3).await;
    let plan = shop
        .client
        .plan_mark_sold(&id, 1, SoldAction::NoAction)
        .unwrap();
    let sold = shop.client.mark_sold(&id, 1, SoldAction::NoAction).await;
    assert_eq!(
        plan.body.as_deref().map(str::as_bytes),
        sold.exchanges[0].request_body.as_deref()
    );
    assert_eq!(sold.result.unwrap().quantity, 2);
    assert_eq!(
        shop.client
            .mark_sold(&id, 1, SoldAction::Revise)
            .await
            .result
            .unwrap()
            .quantity,
        1
    );
    let refused = shop.client.mark_sold(&id, 1, SoldAction::Revise).await;
    assert!(
        matches!(refused.result, Err(CatalogError::Rejected { platform_code: Some(ref c), .. }) if c == "201"),
        "{:?}",
        refused.result
    );
    assert_eq!(
        shop.client.get(&id).await.result.unwrap().summary.stock,
        Stock::Quantity(1)
    );
    let gone = shop
        .client
        .mark_sold(&id, 1, SoldAction::Remove)
        .await
        .result
        .unwrap();
    assert_eq!(
        (gone.quantity, gone.status),
        (0, Status::Other("sold".into()))
    );
    let oversold = shop.client.mark_sold(&id, 5, SoldAction::NoAction).await;
    assert!(
        matches!(oversold.result, Err(CatalogError::Rejected { platform_code: Some(ref c), .. }) if c == "303")
    );
}

#[tokio::test]
async fn deletes_with_and_without_channels() {
    let shop = shop().await;
    for keep in [false, true] {
        let id = created(&shop, if keep { "D-KEEP" } else { "D-ALL" }, 1).await;
        let plan = shop.client.plan_delete(&id, keep).unwrap();
        let deleted = shop.client.delete(&id, keep).await;
        assert_eq!(
            plan.body.as_deref().map(str::as_bytes),
            deleted.exchanges[0].request_body.as_deref()
        );
        deleted.result.unwrap();
        assert!(matches!(
            shop.client.get(&id).await.result,
            Err(CatalogError::NotFound { .. })
        ));
        assert!(shop.client.delete(&id, keep).await.result.is_err());
    }
}

#[tokio::test]
async fn fields_accounts_templates_and_listings() {
    let shop = shop().await;
    let fields = shop.client.list_fields().await.result.unwrap();
    assert!(fields.iter().any(|f| f.name == "price" && f.required));
    let preview = shop.client.list_fields_preview().await.result.unwrap();
    assert!(
        preview
            .iter()
            .any(|line| line.starts_with("price (decimal, required)")),
        "{preview:?}"
    );
    let form = shop.client.form_fields().await.result.unwrap();
    assert!(form.len() >= 5);

    let accounts = shop.client.listings_accounts().await.result.unwrap();
    assert!(!accounts.is_empty());
    let templates = shop.client.post_templates().await.result.unwrap();
    assert!(!templates.is_empty());
    let ids = [created(&shop, "L-1", 2).await];
    let posted = shop
        .client
        .post_products(&ids, templates[0].id, &[accounts[0].id])
        .await
        .result
        .unwrap();
    assert!(posted.done.iter().all(|p| p.listing_id.is_some()));
    let revised = shop.client.revise_inventory(&ids).await.result.unwrap();
    assert!(revised.done.iter().all(|r| r.quantity == Some(2)));
    assert_eq!(
        shop.client.listings_budget().remaining,
        3,
        "a push to the listings spends their hourly budget"
    );
    let exported = shop.client.export_products(&ids).await.result.unwrap();
    assert_eq!(exported.products.len(), 1);
    assert!(exported.missing.is_empty());

    for left in (0..3).rev() {
        let queued = shop.client.update_listings(&ids, None).await;
        assert!(queued.exchanges[0].rate_limit.is_some());
        queued.result.unwrap();
        assert_eq!(shop.client.listings_budget().remaining, left);
    }
    let refused = shop
        .client
        .update_listings(&ids, Some(vec![accounts[0].id]))
        .await;
    assert!(refused.exchanges.is_empty(), "refused before sending");
    assert!(
        matches!(refused.result, Err(CatalogError::RateLimited { retry_after: Some(_), ref message, .. }) if message.starts_with("4 listing updates per hour"))
    );
}

#[tokio::test]
async fn read_only_keys_and_strict_https_are_typed() {
    let shop = shop().await;
    let read_only = ValigaraClient::new(transport(&shop.base_url, DEMO_VALIGARA_READONLY_KEY));
    assert!(read_only.list(&ListQuery::default()).await.result.is_ok());
    let write = read_only.set_stock(&ProductId("1".into()), 1).await;
    assert!(matches!(write.result, Err(CatalogError::Forbidden { .. })));
    assert_eq!(write.exchanges[0].platform_status.as_deref(), Some("103"));
    let stranger = ValigaraClient::new(transport(&shop.base_url, "not-the-key"));
    assert!(matches!(
        stranger.get(&ProductId("1".into())).await.result,
        Err(CatalogError::Unauthorized { .. })
    ));

    let strict = shop_with(SandboxOptions {
        strict_https: true,
        ..SandboxOptions::default()
    })
    .await;
    let error = strict
        .client
        .list(&ListQuery::default())
        .await
        .result
        .unwrap_err();
    assert!(
        matches!(&error, CatalogError::Setup(m) if m.contains("https")),
        "{error:?}"
    );
}

/// How many `product_search` actions the Valigara store received.
fn searches(sandbox: &Sandbox) -> usize {
    sandbox
        .received("valigara")
        .iter()
        .filter(|r| {
            let sent = format!("{}{}", r.path, String::from_utf8_lossy(&r.body));
            sent.contains("action=product_search")
        })
        .count()
}

#[tokio::test]
async fn the_pages_of_one_load_share_one_search_and_a_write_forgets_it() {
    use stockroom::catalog::loader::{LoadEvent, LoadPlan, load_all};
    use stockroom::catalog::model::{Platform, Stock};
    let sandbox = crate::support::sandbox::start(SandboxOptions {
        valigara_products: 240,
        ..SandboxOptions::default()
    })
    .await;
    let endpoint = crate::support::sandbox::endpoint(&sandbox, Platform::Valigara);
    let connection = crate::support::sandbox::connection(endpoint, Duration::from_secs(10), false);
    let (catalog, _) = crate::support::sandbox::connect(&connection, &endpoint.key);
    let load = || async {
        let mut rows = Vec::new();
        load_all(&catalog, LoadPlan::whole(&catalog), |event| {
            if let LoadEvent::Page { page, .. } = event {
                rows.extend(page.items);
            }
        })
        .await;
        rows
    };
    let rows = load().await;
    assert_eq!(rows.len(), 240);
    assert_eq!(searches(&sandbox), 1, "every page asked the same search");

    let first = &rows[0];
    let Stock::Quantity(stock) = first.stock else {
        panic!("the demo product tracks stock")
    };
    catalog
        .set_stock(&first.id, stock + 1)
        .await
        .result
        .unwrap();
    let again = load().await;
    assert_eq!(
        searches(&sandbox),
        2,
        "a write makes the next list search again"
    );
    let changed = again.iter().find(|row| row.id == first.id).unwrap();
    assert_eq!(changed.stock, Stock::Quantity(stock + 1));
}

#[tokio::test]
async fn a_category_number_is_refused_not_silently_ignored() {
    let shop = shop().await;
    let query = ListQuery {
        filters: Filters {
            category_id: Some(4),
            ..Filters::default()
        },
        ..ListQuery::default()
    };
    let listed = shop.client.list(&query).await;
    assert!(listed.exchanges.is_empty(), "nothing is sent");
    let Err(CatalogError::Unsupported(message)) = listed.result else {
        panic!("a list under a filter it cannot apply: {:?}", listed.result)
    };
    assert!(message.contains("names"), "{message}");
}
