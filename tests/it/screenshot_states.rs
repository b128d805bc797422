//! The README's screens: each platform's sandbox store read over loopback by the real client,
//! fed through `update`, with everything that varies between runs pinned; and a basket on it.

use std::time::{Duration, SystemTime};

use bytes::Bytes;

use stockroom::app::action::Action;
use stockroom::app::effect::Effect;
use stockroom::app::state::{ProfileInfo, State};
use stockroom::app::update::{start, update};
use stockroom::basket::send;
use stockroom::catalog::Catalog;
use stockroom::catalog::loader::{LoadEvent, LoadPlan, load_all};
use stockroom::catalog::model::Platform;
use stockroom::sandbox::{Sandbox, SandboxOptions};

use crate::support::states::compute_views;
use crate::support::{profiles, sandbox};

/// The port every loopback URL on screen shows, whatever port the sandbox was given.
const PORT: &str = "8080";
/// 2024-03-15 09:30:00 UTC: when the pinned requests started.
const STARTED: u64 = 1_710_495_000;
/// The row selected and opened in the detail pane.
const SELECTED: usize = 3;

/// The platforms in the order their screenshots are named and shown.
pub(super) const PLATFORMS: [Platform; 4] = [
    Platform::Cscart,
    Platform::Valigara,
    Platform::B2bwave,
    Platform::Ugal,
];

/// `main-<platform>`'s first part: `cscart`, `valigara`, `b2bwave`, `ugal`.
pub(super) fn slug(platform: Platform) -> &'static str {
    match platform {
        Platform::Cscart => "cscart",
        Platform::Valigara => "valigara",
        Platform::B2bwave => "b2bwave",
        Platform::Ugal => "ugal",
    }
}

/// Small demo stores: a screenful and a little more, read whole in a page or two.
fn options() -> SandboxOptions {
    SandboxOptions {
        seed: 42,
        cscart_products: 48,
        valigara_products: 48,
        b2bwave_products: 48,
        ugal_items: 48,
        ..SandboxOptions::default()
    }
}

/// Every platform's main screen at 120x35: the catalog listed, the fourth row open in the
/// detail pane, which has the focus; and the same store's operator screens at 80x24.
/// Then the basket on the CS-Cart store: stock changes staged with the keys, and the
/// requests they will make, planned by the real client.
pub(super) async fn screens() -> (Vec<(Platform, State)>, State, Vec<(String, State)>) {
    let sandbox = sandbox::start(options()).await;
    let mut screens = Vec::new();
    let mut small = Vec::new();
    for platform in PLATFORMS {
        let (state, _, _) = main_screen(&sandbox, platform, WIDE).await;
        screens.push((platform, state));
        small.extend(
            operator_screens(&sandbox, platform)
                .await
                .into_iter()
                .map(|(screen, state)| (format!("{screen}-{}-80x24", slug(platform)), state)),
        );
    }
    let basket = basket_screen(&sandbox).await;
    sandbox.shutdown().await;
    (screens, basket, small)
}

/// The README's main screens' size, and an SSH session's.
const WIDE: (u16, u16) = (120, 35);
const SMALL: (u16, u16) = (80, 24);

/// What an operator looks at on an 80x24 terminal, on one store: the detail pane, a basket,
/// the ledger, the request behind the product (Valigara's form request, decoded) and the
/// help.
async fn operator_screens(sandbox: &Sandbox, platform: Platform) -> Vec<(&'static str, State)> {
    let (detail, catalog, base_url) = main_screen(sandbox, platform, SMALL).await;
    let mut screens = vec![("detail", detail.clone())];

    let mut basket = detail.clone();
    update(&mut basket, Action::Back);
    let keys = [
        Action::CountDigit(5),
        Action::AdjustStock { sign: 1 },
        Action::SelectNext,
        Action::AdjustStock { sign: -1 },
    ];
    for action in keys {
        update(&mut basket, action);
    }
    planned(&mut basket, &catalog, &base_url).await;
    screens.push(("basket", basket));

    let mut ledger = detail.clone();
    update(&mut ledger, Action::OpenLedger);
    screens.push(("ledger", ledger));

    let mut exchange = detail.clone();
    let effects = update(&mut exchange, Action::InspectProduct);
    if let Some(Effect::FormatBodies {
        seq,
        request,
        response,
    }) = effects.into_iter().next()
    {
        let format = |(body, kind): (Bytes, Option<String>)| {
            std::sync::Arc::new(stockroom::inspect::body::format(&body, kind.as_deref()))
        };
        update(
            &mut exchange,
            Action::BodiesFormatted {
                seq,
                request: format(request.unwrap_or_default()),
                response: format(response),
            },
        );
    }
    if platform == Platform::Valigara {
        update(&mut exchange, Action::FocusNext);
    }
    screens.push(("exchange", exchange));

    let mut help = detail;
    update(&mut help, Action::Back);
    update(&mut help, Action::ToggleHelp);
    screens.push(("help", help));
    screens
}

/// Opens the basket and hands it the requests the real client plans, on the pinned port.
async fn planned(state: &mut State, catalog: &Catalog, base_url: &str) {
    let effects = update(state, Action::OpenBasket);
    let items = effects
        .iter()
        .find_map(|effect| match effect {
            Effect::PlanRequests { items, .. } => Some(items.clone()),
            _ => None,
        })
        .unwrap();
    let loopback = loopback(base_url);
    let mut plans = Vec::new();
    for item in &items {
        let mut requests = send::plan(catalog, item).await.unwrap();
        for request in &mut requests {
            request.url = request.url.replace(&loopback, &pinned());
        }
        plans.push((item.id, Ok(requests)));
    }
    update(state, Action::RequestsPlanned { profile: 0, plans });
}

async fn basket_screen(sandbox: &Sandbox) -> State {
    let (mut state, catalog, base_url) = main_screen(sandbox, Platform::Cscart, WIDE).await;
    update(&mut state, Action::Back);
    let keys = [
        vec![Action::CountDigit(5), Action::AdjustStock { sign: 1 }],
        vec![Action::SelectNext, Action::AdjustStock { sign: -1 }],
        vec![
            Action::SelectNext,
            Action::SelectNext,
            Action::StartSetStock,
        ],
        vec![Action::PromptInput('0'), Action::PromptSubmit],
        vec![Action::SelectNext, Action::CountDigit(2)],
        vec![Action::AdjustStock { sign: -1 }],
    ];
    for action in keys.into_iter().flatten() {
        update(&mut state, action);
    }
    assert_eq!(state.session.basket.len(), 4, "four products changed");
    planned(&mut state, &catalog, &base_url).await;
    state
}

async fn main_screen(
    sandbox: &Sandbox,
    platform: Platform,
    (width, height): (u16, u16),
) -> (State, Catalog, String) {
    let endpoint = sandbox::endpoint(sandbox, platform);
    let connection = sandbox::connection(endpoint, Duration::from_secs(10), false);
    let (catalog, _) = sandbox::connect(&connection, &endpoint.key);
    let profile = ProfileInfo {
        name: format!("{}-demo", endpoint.name()),
        host: format!("127.0.0.1:{PORT}"),
        user: Some(endpoint.user.clone()).filter(|user| !user.is_empty()),
        secret_var: "STOCKROOM_SECRET".into(),
        ..profiles::shop(platform, false)
    };
    let mut state = State::new(vec![profile], 0);
    update(&mut state, Action::Resize { width, height });
    let effects = start(&mut state);
    let (request, mut query) = effects
        .iter()
        .find_map(|effect| match effect {
            Effect::LoadCatalog { request, query, .. } => Some((*request, query.clone())),
            _ => None,
        })
        .unwrap();
    // As the runner loads: the whole catalog through the loader, each page as it reports it.
    query.page = 1;
    let mut pages = Vec::new();
    load_all(&catalog, LoadPlan::new(&catalog, query, 1), |event| {
        if let LoadEvent::Page { page, exchanges } = event {
            pages.push((page, exchanges));
        }
    })
    .await;
    assert!(
        (1..5).contains(&pages.len()),
        "{platform}: the demo catalog is a few pages at most"
    );
    for (page, exchanges) in pages {
        let effects = update(
            &mut state,
            Action::PageLoaded {
                profile: 0,
                request,
                page,
                exchanges,
            },
        );
        compute_views(&mut state, effects);
    }
    let effects = update(
        &mut state,
        Action::LoadFinished {
            profile: 0,
            request,
            failed: false,
        },
    );
    compute_views(&mut state, effects);
    for _ in 0..SELECTED {
        update(&mut state, Action::SelectNext);
    }
    let effects = update(&mut state, Action::Open);
    let (request, id) = effects
        .iter()
        .find_map(|effect| match effect {
            Effect::LoadProduct { request, id, .. } => Some((*request, id.clone())),
            _ => None,
        })
        .unwrap();
    let traced = catalog.get(&id).await;
    update(
        &mut state,
        Action::ProductLoaded {
            profile: 0,
            request,
            product: Box::new(traced.result.unwrap()),
            exchanges: traced.exchanges,
        },
    );
    pin(&mut state, &endpoint.base_url);
    (state, catalog, endpoint.base_url.clone())
}

/// `127.0.0.1:PORT` as the sandbox was given it.
fn loopback(base_url: &str) -> String {
    let port = base_url
        .split_once("://")
        .and_then(|(_, rest)| rest.split('/').next())
        .and_then(|host| host.rsplit_once(':'))
        .map(|(_, port)| port.to_owned())
        .unwrap();
    format!("127.0.0.1:{port}")
}

fn pinned() -> String {
    format!("127.0.0.1:{PORT}")
}

/// The state made the same every run: in the ledger (and the status bar's exchange), start times a second apart from a
/// fixed moment, latencies and request ids from the sequence number, a fixed `Date`; and the
/// sandbox's port replaced by `PORT` in every URL, header, body and product field (UGAL
/// links its items by absolute URL).
fn pin(state: &mut State, base_url: &str) {
    let loopback = loopback(base_url);
    let pinned = pinned();
    let shown = state.session.last_exchange.iter_mut();
    for exchange in state.ledger.iter_mut().chain(shown) {
        let seq = exchange.seq;
        exchange.started_at = SystemTime::UNIX_EPOCH + Duration::from_secs(STARTED + seq);
        exchange.latency = Duration::from_millis(38 + seq * 17 % 60);
        if exchange.debug_id.is_some() {
            exchange.debug_id = Some(format!("7f3a9c2e41d8{seq:04x}"));
        }
        exchange.response_body = repin(&exchange.response_body, &loopback, &pinned);
        exchange.request_body = exchange
            .request_body
            .as_ref()
            .map(|body| repin(body, &loopback, &pinned));
        exchange.url = exchange.url.replace(&loopback, &pinned);
        exchange.path = exchange.path.replace(&loopback, &pinned);
        for (name, value) in exchange
            .request_headers
            .iter_mut()
            .chain(exchange.response_headers.iter_mut())
        {
            if name.eq_ignore_ascii_case("date") {
                *value = "Fri, 15 Mar 2024 09:30:00 GMT".into();
            } else {
                *value = value.replace(&loopback, &pinned);
            }
        }
    }
    for field in &mut state.session.detail.fields {
        field.value = field.value.replace(&loopback, &pinned);
    }
    if let Some(product) = state.session.detail.product.as_mut() {
        let raw = product.raw.to_string().replace(&loopback, &pinned);
        product.raw = serde_json::from_str(&raw).unwrap();
    }
}

/// `body` with `from` replaced by `to`, when it is text.
fn repin(body: &Bytes, from: &str, to: &str) -> Bytes {
    match std::str::from_utf8(body) {
        Ok(text) => Bytes::from(text.replace(from, to)),
        Err(_) => body.clone(),
    }
}
