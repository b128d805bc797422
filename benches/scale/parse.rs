//! The client's CPU per list page: its own decoding of a page the sandbox sent, against a
//! typed `serde_json` parse of the same bytes into plain structs (the least a client can do).

use std::hint::black_box;
use std::time::{Duration, Instant};

use serde::Deserialize;
use serde::de::IgnoredAny;
use stockroom::catalog::b2bwave::wire as b2bwave;
use stockroom::catalog::cscart::wire as cscart;
use stockroom::catalog::model::{ListQuery, Platform};
use stockroom::catalog::ugal::wire as ugal;
use stockroom::catalog::valigara::search as valigara;
use stockroom::sandbox::{Sandbox, SandboxOptions};

use crate::report::{Row, grouped, quantile, ratio, time};
use crate::store::connect;

const RUNS: usize = 40;
/// Runs of both decodes before any is timed.
const WARM_UP: usize = 5;
const LIMIT: f64 = 1.5;

#[derive(Deserialize)]
#[allow(dead_code)]
struct CsCartList {
    products: Vec<CsCartProduct>,
    params: IgnoredAny,
}

/// The fields a row shows, as the sandbox sends them (numbers as strings).
#[derive(Deserialize)]
#[allow(dead_code)]
struct CsCartProduct {
    product_id: Option<String>,
    product: Option<String>,
    product_code: Option<String>,
    price: Option<String>,
    list_price: Option<String>,
    amount: Option<String>,
    tracking: Option<String>,
    status: Option<String>,
    category_ids: Option<Vec<u64>>,
    updated_timestamp: Option<String>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct B2bWaveProduct {
    id: Option<u64>,
    code: Option<String>,
    part_number: Option<String>,
    name: Option<String>,
    price1: Option<String>,
    quantity: Option<String>,
    quantity_monitor: Option<bool>,
    is_active: Option<bool>,
    vat_class_id: Option<u64>,
    /// The stock per warehouse the list shows as columns.
    quantities: Option<Vec<B2bWaveQuantity>>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct B2bWaveQuantity {
    warehouse_id: Option<u64>,
    warehouse_code: Option<String>,
    quantity: Option<String>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct ValigaraEnvelope {
    status: u16,
    data: ValigaraExport,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct ValigaraExport {
    products: Vec<ValigaraProduct>,
    missing: IgnoredAny,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct ValigaraProduct {
    id: Option<u64>,
    sku: Option<String>,
    title: Option<String>,
    price: Option<String>,
    quantity: Option<i64>,
    status: Option<String>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct UgalItems {
    #[serde(default)]
    item: Vec<UgalItem>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct UgalItem {
    reference: Option<String>,
    status: Option<String>,
    label: Option<String>,
    inventory: Option<String>,
    price: Option<String>,
    product: Option<UgalProduct>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct UgalProduct {
    id: Option<String>,
    title: Option<String>,
    status: Option<String>,
}

/// The median times of `client` and `plain` over `RUNS` runs each, taken in turns after a
/// few runs of both, so neither alone is charged the heap's first growth or a noisy moment.
fn medians(mut client: impl FnMut(), mut plain: impl FnMut()) -> (Duration, Duration) {
    for _ in 0..WARM_UP {
        client();
        plain();
    }
    let timed = |work: &mut dyn FnMut()| {
        let start = Instant::now();
        work();
        start.elapsed()
    };
    let (mut clients, mut plains) = (Vec::new(), Vec::new());
    for _ in 0..RUNS {
        clients.push(timed(&mut client));
        plains.push(timed(&mut plain));
    }
    (quantile(&mut clients, 0.5), quantile(&mut plains, 0.5))
}

/// The body of the first list page of `platform`, at the page size the loader asks for (the
/// last exchange of the list: Valigara's export of the page's ids), and the ids it shows.
async fn first_page(sandbox: &Sandbox, platform: Platform) -> (Vec<u8>, ListQuery, Vec<u64>) {
    let (catalog, _) = connect(sandbox, platform, true);
    let query = ListQuery {
        page: 1,
        per_page: catalog.bulk_page_size(),
        ..ListQuery::default()
    };
    let traced = catalog.list(&query).await;
    let page = traced.result.expect("a sandbox page loads");
    let ids = page
        .items
        .iter()
        .filter_map(|item| item.id.0.parse().ok())
        .collect();
    let body = traced
        .exchanges
        .last()
        .expect("a list is one exchange")
        .response_body
        .to_vec();
    (body, query, ids)
}

/// Each platform's list decoding against the plain typed parse of the same page (Valigara's
/// page is the `products_export` answer its list sends after the search).
pub async fn parsing() -> Vec<Row> {
    let sandbox = Sandbox::start(SandboxOptions {
        cscart_products: 1_000,
        b2bwave_products: 1_000,
        valigara_products: 1_000,
        ugal_items: 1_000,
        ..SandboxOptions::default()
    })
    .await
    .expect("the sandbox starts");
    // Every store answers before any decoding is timed: no store is still seeding on another
    // thread meanwhile.
    let cscart = first_page(&sandbox, Platform::Cscart).await;
    let b2bwave = first_page(&sandbox, Platform::B2bwave).await;
    let valigara = first_page(&sandbox, Platform::Valigara).await;
    let ugal = first_page(&sandbox, Platform::Ugal).await;
    let mut rows = Vec::new();
    let (body, query, _) = cscart;
    let (client, plain) = medians(
        || {
            black_box(cscart::decode_list(200, &body, &query).expect("the page decodes"));
        },
        || {
            black_box(serde_json::from_slice::<CsCartList>(&body).expect("plain structs"));
        },
    );
    rows.push(row(
        "CS-Cart",
        query.per_page,
        body.len(),
        client,
        plain,
        "`cscart::wire::decode_list` (one typed pass into `WireRow`, the rest skipped)",
    ));
    let (body, query, _) = b2bwave;
    let (client, plain) = medians(
        || {
            black_box(b2bwave::decode_summaries(200, &body).expect("the page decodes"));
        },
        || {
            black_box(serde_json::from_slice::<Vec<B2bWaveProduct>>(&body).expect("plain structs"));
        },
    );
    rows.push(row(
        "B2B Wave",
        query.per_page,
        body.len(),
        client,
        plain,
        "`b2bwave::wire::decode_summaries` (one pass: each row straight into the fields a summary reads, the rest skipped)",
    ));
    let (body, query, ids) = valigara;
    let (client, plain) = medians(
        || {
            black_box(valigara::decode_page(200, &body, &ids).expect("the page decodes"));
        },
        || {
            black_box(serde_json::from_slice::<ValigaraEnvelope>(&body).expect("plain structs"));
        },
    );
    rows.push(row(
        "Valigara",
        query.per_page,
        body.len(),
        client,
        plain,
        "`valigara::search::decode_page` (one typed pass: the envelope, then each product \
         straight into the fields a row shows, the rest skipped; the status each exchange \
         records, `reply::body_status`, is a further skipping pass not counted here)",
    ));
    let (body, query, _) = ugal;
    let (client, plain) = medians(
        || {
            black_box(ugal::decode_items(200, &body).expect("the page decodes"));
        },
        || {
            let text = std::str::from_utf8(&body).expect("UTF-8");
            black_box(quick_xml::de::from_str::<UgalItems>(text).expect("plain structs"));
        },
    );
    rows.push(row(
        "UGAL",
        query.per_page,
        body.len(),
        client,
        plain,
        "`ugal::wire::decode_items` (one pass of quick-xml's serde into `WireItem`, every \
         element it may use, read to the document's end; the well-formedness walk only for a \
         document that pass refuses)",
    ));
    sandbox.shutdown().await;
    rows
}

fn row(
    name: &str,
    per_page: u32,
    bytes: usize,
    client: Duration,
    plain: Duration,
    decoder: &str,
) -> Row {
    let r = client.as_secs_f64() / plain.as_secs_f64();
    let met = r <= LIMIT;
    Row {
        goal: format!("client CPU per {name} list page: ≤ 1.5× a typed parse"),
        baseline: format!("plain typed parse {}", time(plain)),
        result: time(client),
        ratio: ratio(r),
        met,
        how: format!(
            "the sandbox's first page at the loader's page size ({per_page} products, {} B), \
             decoded by {decoder}, median of {RUNS} taken in turns with the baseline's after {WARM_UP} runs of both; baseline: a typed parse of the same bytes \
             (`serde_json::from_slice`, quick-xml's `from_str` for UGAL) into plain structs \
             holding the fields a row shows as strings and numbers (B2B Wave: with each row's stock per \
             warehouse, which the list shows as columns), every other field skipped",
            grouped(bytes as u64)
        ),
        miss: (!met).then(|| {
            format!(
                "decoding a {name} page costs {} a plain typed parse: {decoder}",
                ratio(r)
            )
        }),
    }
}
