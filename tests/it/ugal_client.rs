//! The UGAL client and `Catalog` against the simulator over loopback HTTP, with and without VAT.

use std::sync::Arc;
use std::sync::atomic::AtomicU64;
use std::time::Duration;

use serde_json::json;
use stockroom::catalog::api::Op;
use stockroom::catalog::error::CatalogError;
use stockroom::catalog::http::{Auth, Transport};
use stockroom::catalog::model::{
    Filters, ListQuery, Money, Platform, PriceTier, ProductId, ProductPatch, Sku, Status, Stock,
};
use stockroom::catalog::ugal::{UgalClient, excluding_vat};
use stockroom::catalog::{Catalog, Connection};
use stockroom::sandbox::{DEMO_UGAL_READONLY_TOKEN, DEMO_UGAL_TOKEN, Sandbox, SandboxOptions};
use stockroom::secret::Secret;

const ITEMS: usize = 60;

struct Site {
    _sandbox: Sandbox,
    base_url: String,
    client: UgalClient,
}

async fn site(vat: bool) -> Site {
    let options = SandboxOptions {
        ugal_items: ITEMS,
        ..SandboxOptions::default()
    };
    let sandbox = Sandbox::start(options).await.unwrap();
    let suffix = if vat { "/ugal-vat" } else { "/ugal" };
    let endpoint = sandbox
        .endpoints()
        .iter()
        .find(|e| e.platform == Platform::Ugal && e.base_url.ends_with(suffix))
        .unwrap();
    assert_eq!(endpoint.user, "website");
    assert_eq!(endpoint.key, DEMO_UGAL_TOKEN);
    let base_url = endpoint.base_url.clone();
    Site {
        client: client_with(&base_url, DEMO_UGAL_TOKEN),
        base_url,
        _sandbox: sandbox,
    }
}

fn client_with(base_url: &str, token: &str) -> UgalClient {
    let auth = Auth::Basic {
        user: "website".into(),
        secret: Secret::new(token),
    };
    UgalClient::new(Transport::new(base_url, auth, Duration::from_secs(10)).unwrap())
}

fn id(text: &str) -> ProductId {
    ProductId(text.into())
}

fn money(text: &str) -> Money {
    Money::parse(text).unwrap()
}

fn tier(pricelist: &str, quantity: u32, amount: &str) -> PriceTier {
    PriceTier {
        pricelist: pricelist.into(),
        quantity,
        amount: money(amount),
        vat: None,
    }
}

/// Tiers without their VAT, for comparing what was sent with what was read back.
fn bare(tiers: &[PriceTier]) -> Vec<PriceTier> {
    tiers
        .iter()
        .map(|t| PriceTier {
            vat: None,
            ..t.clone()
        })
        .collect()
}

fn code(error: CatalogError) -> Option<String> {
    match error {
        CatalogError::Rejected { platform_code, .. } => platform_code,
        other => panic!("not a refusal: {other:?}"),
    }
}

#[tokio::test]
async fn pages_are_25_items_and_a_short_one_is_the_last() {
    let site = site(false).await;
    let mut seen = 0;
    for page in 1.. {
        let query = ListQuery {
            page,
            per_page: 100,
            ..ListQuery::default()
        };
        let listed = site.client.list(&query).await.result.unwrap();
        assert_eq!(
            (listed.page, listed.per_page, listed.total),
            (page, 25, None)
        );
        assert!(listed.items.len() <= 25);
        seen += listed.items.len();
        if !listed.more {
            break;
        }
    }
    assert_eq!(seen, ITEMS);
    let filtered = ListQuery {
        filters: Filters {
            category_id: Some(1),
            ..Filters::default()
        },
        ..ListQuery::default()
    };
    let traced = site.client.list(&filtered).await;
    assert!(
        traced.exchanges[0].path.contains("catalogId=1"),
        "{}",
        traced.exchanges[0].path
    );
    assert!(traced.result.is_ok());
}

#[tokio::test]
async fn the_documented_item_reads_the_same_on_both_sites_but_for_vat() {
    for vat in [false, true] {
        let site = site(vat).await;
        let item = site.client.get(&id("911-red")).await.result.unwrap();
        assert_eq!(item.summary.sku, Sku("911-red".into()));
        assert!(
            item.summary.name.ends_with(" — Red"),
            "{}",
            item.summary.name
        );
        assert!(matches!(item.summary.stock, Stock::Quantity(_)));
        assert!(matches!(
            item.summary.status,
            Status::Active | Status::Disabled
        ));
        let nominal = item
            .prices
            .iter()
            .find(|t| t.pricelist == "default" && t.quantity == 1)
            .unwrap();
        assert_eq!(item.summary.price, Some(nominal.amount));
        assert_eq!(item.vat_rate.is_some(), vat);
        for tier in &item.prices {
            assert_eq!(tier.vat.is_some(), vat, "{tier:?}");
            if let (Some(rate), Some(vat)) = (item.vat_rate, tier.vat) {
                assert_eq!(vat.0, tier.amount.0 - excluding_vat(tier.amount, rate).0);
            }
        }
        let parent: u64 = item.raw["product"]["id"].as_str().unwrap().parse().unwrap();
        let product = site.client.product(parent).await.result.unwrap();
        let row = product
            .items
            .iter()
            .find(|row| row.id == id("911-red"))
            .unwrap();
        assert_eq!(row.name, item.summary.name);
        let page = site
            .client
            .list(&ListQuery::default())
            .await
            .result
            .unwrap();
        for row in &page.items {
            let full = site.client.get(&row.id).await.result.unwrap();
            assert_eq!(row.price, full.summary.price, "{}", row.id);
        }
        let found = site.client.find_by_sku(&Sku("911-red".into())).await;
        assert_eq!(found.result.unwrap().unwrap().id, id("911-red"));
        assert_eq!(
            site.client
                .find_by_sku(&Sku("no-such-item".into()))
                .await
                .result,
            Ok(None)
        );
    }
}

#[tokio::test]
async fn stock_and_nominal_price_change_and_no_tier_is_lost() {
    for vat in [false, true] {
        let site = site(vat).await;
        let client = &site.client;
        let before = client.get(&id("911-red")).await.result.unwrap();

        let planned = client.plan_set_stock(&id("911-red"), 7).unwrap();
        let sent = client.set_stock(&id("911-red"), 7).await;
        assert_eq!(sent.result, Ok(()));
        let body = String::from_utf8_lossy(sent.exchanges[0].request_body.as_ref().unwrap());
        assert_eq!(planned.body.as_deref(), Some(body.as_ref()));

        let patch = ProductPatch {
            price: Some(money("9200.00")),
            ..ProductPatch::default()
        };
        let planned = client.plan_update(&id("911-red"), &patch).unwrap();
        let sent = client.update(&id("911-red"), &patch).await;
        assert_eq!(sent.result, Ok(id("911-red")));
        assert_eq!(sent.exchanges.len(), 2);
        let body = String::from_utf8_lossy(sent.exchanges[1].request_body.as_ref().unwrap());
        assert_eq!(planned.body.as_deref(), Some(body.as_ref()));

        let after = client.get(&id("911-red")).await.result.unwrap();
        assert_eq!(after.summary.stock, Stock::Quantity(7));
        assert_eq!(after.summary.price, Some(money("9200.00")));
        let expected: Vec<PriceTier> = bare(&before.prices)
            .into_iter()
            .map(|t| {
                if t.pricelist == "default" && t.quantity == 1 {
                    tier("default", 1, "9200.00")
                } else {
                    t
                }
            })
            .collect();
        assert_eq!(bare(&after.prices), expected);
    }
}

#[tokio::test]
async fn each_refusal_carries_its_code_and_changes_nothing() {
    let site = site(true).await;
    let client = &site.client;
    let item = id("911-red");
    let before = client.get(&item).await.result.unwrap();
    let cases: Vec<(Vec<PriceTier>, &str)> = vec![
        (vec![tier("pro", 1, "1.00")], "400.210"),
        (
            vec![tier("default", 1, "1.00"), tier("default", 1, "2.00")],
            "400.211",
        ),
        (
            vec![tier("default", 1, "1.00"), tier("nosuchlist", 1, "2.00")],
            "400.209",
        ),
        (
            vec![tier("default", 1, "1.00"), tier("default", 0, "2.00")],
            "400.208",
        ),
        (vec![tier("default", 1, "1.005")], "400.204"),
        (vec![tier("default", 1, "-1.00")], "400.204"),
    ];
    for (tiers, expected) in cases {
        let refused = client.set_prices(&item, &tiers).await.result.unwrap_err();
        assert_eq!(code(refused).as_deref(), Some(expected), "{tiers:?}");
    }
    let negative = client.set_stock(&item, -1).await.result.unwrap_err();
    assert_eq!(code(negative).as_deref(), Some("400.203"));
    assert_eq!(client.get(&item).await.result.unwrap(), before);

    assert!(matches!(
        client.get(&id("no-such-item")).await.result,
        Err(CatalogError::NotFound { .. })
    ));
    let stranger = client_with(&site.base_url, "not-the-token");
    assert!(matches!(
        stranger.get(&item).await.result,
        Err(CatalogError::Unauthorized { status: 401, .. })
    ));
    let reader = client_with(&site.base_url, DEMO_UGAL_READONLY_TOKEN);
    assert!(reader.get(&item).await.result.is_ok());
    assert!(matches!(
        reader.set_stock(&item, 3).await.result,
        Err(CatalogError::Forbidden { status: 403, .. })
    ));
}

#[tokio::test]
async fn the_catalog_sends_raw_edits_and_price_lists_as_xml() {
    let site = site(false).await;
    let connection = Connection {
        platform: Platform::Ugal,
        base_url: site.base_url.clone(),
        user: Some("website".into()),
        timeout: Duration::from_secs(10),
        read_only: false,
        requests_per_second: None,
    };
    let sequence = Arc::new(AtomicU64::new(0));
    let catalog = Catalog::connect(&connection, Secret::new(DEMO_UGAL_TOKEN), sequence).unwrap();
    assert_eq!(
        catalog.capabilities(),
        stockroom::catalog::ugal::CAPABILITIES
    );
    let item = id("911-red");
    let product = catalog.get(&item).await.result.unwrap();
    let mut edited = stockroom::catalog::raw_editable(Platform::Ugal, &product);
    edited.insert("inventory".into(), json!(11));
    assert!(stockroom::catalog::validate_raw(Platform::Ugal, &edited).is_empty());
    let planned = catalog
        .plan(
            &Op::UpdateRaw {
                id: item.clone(),
                body: edited.clone(),
            },
            None,
        )
        .unwrap();
    let sent = catalog.update_raw(&item, &edited).await;
    assert_eq!(sent.result, Ok(item.clone()));
    let body = String::from_utf8_lossy(sent.exchanges[0].request_body.as_ref().unwrap());
    assert_eq!(planned.body.as_deref(), Some(body.as_ref()));

    let mut tiers = bare(&product.prices);
    match tiers
        .iter_mut()
        .find(|t| t.pricelist == "wholesale" && t.quantity == 50)
    {
        Some(existing) => existing.amount = money("1.00"),
        None => tiers.push(tier("wholesale", 50, "1.00")),
    }
    assert_eq!(catalog.set_prices(&item, &tiers).await.result, Ok(()));
    let after = catalog.get(&item).await.result.unwrap();
    assert_eq!(after.summary.stock, Stock::Quantity(11));
    assert_eq!(bare(&after.prices).len(), tiers.len());

    let renamed = ProductPatch {
        name: Some("x".into()),
        ..ProductPatch::default()
    };
    let refused = catalog.update(&item, &renamed).await;
    assert!(matches!(refused.result, Err(CatalogError::Unsupported(_))));
    assert!(refused.exchanges.is_empty());
}
