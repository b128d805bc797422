//! A recognisable secret, on every platform, through every path that records or shows a request:
//! it never appears, raw, URL-encoded or inside a Basic header, anywhere a person could see it.

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE};
use serde_json::Value;
use stockroom::app::fields::flatten;
use stockroom::app::state::Layer;
use stockroom::app::state::{
    Focus, Inspector, Message, OpenExchange, ProfileInfo, Section, Severity, State,
};
use stockroom::audit::{Source, Trail};
use stockroom::basket::{Change, Item, ItemId, ItemStatus, StockChange, Target, send};
use stockroom::catalog::Connection;
use stockroom::catalog::exchange::Exchange;
use stockroom::catalog::model::{ListQuery, Page, Platform, Stock};
use stockroom::inspect::curl::{CurlAuth, curl};
use stockroom::inspect::{body, export};
use stockroom::sandbox::{Sandbox, SandboxOptions};

use crate::support::screens::{render, text};
use crate::support::{profiles, sandbox};

/// Characters that change under URL and form encoding, so an encoded copy would show.
const SECRET: &str = "Qx7Zebra+Kv9Mango/Wp3=Lq&Tz";
const WRONG: &str = "Jr4Otter+Nb6Quill/Yd2=Hs&Uf";

/// Every form in which `secret` could leak: raw, form- and percent-encoded (either case),
/// JSON-escaped, base64 (standard and URL-safe) alone and inside a Basic header for `user`.
pub(crate) fn needles(secret: &str, user: &str) -> Vec<String> {
    let form: String = url::form_urlencoded::byte_serialize(secret.as_bytes()).collect();
    let percent = form.replace('+', "%20");
    let mut forms = vec![
        secret.to_owned(),
        form.clone(),
        form.to_lowercase(),
        percent.clone(),
        percent.to_lowercase(),
        STANDARD.encode(secret),
        STANDARD.encode(format!("{user}:{secret}")),
        STANDARD.encode(format!(":{secret}")),
        URL_SAFE.encode(secret),
        URL_SAFE.encode(format!("{user}:{secret}")),
    ];
    let json = serde_json::to_string(secret).unwrap();
    let json = json[1..json.len() - 1].to_owned();
    forms.push(json.replace('/', "\\/"));
    forms.push(json);
    // A distinctive core survives any encoding of the punctuation around it.
    forms.push(
        secret
            .split(['+', '/', '=', '&'])
            .nth(1)
            .unwrap()
            .to_owned(),
    );
    forms
}

pub(crate) struct Audit {
    pub(crate) needles: Vec<String>,
    pub(crate) checked: usize,
}

impl Audit {
    pub(crate) fn check(&mut self, what: &str, haystack: &str) {
        self.checked += 1;
        let lower = haystack.to_lowercase();
        for needle in &self.needles {
            assert!(
                !haystack.contains(needle.as_str()) && !lower.contains(&needle.to_lowercase()),
                "{needle:?} leaked into {what}:\n{haystack}"
            );
        }
    }

    /// Every string of a JSON export, and what each decodes to when it is base64.
    pub(crate) fn check_json(&mut self, what: &str, value: &Value) {
        match value {
            Value::String(text) => {
                self.check(what, text);
                if let Ok(bytes) = STANDARD.decode(text) {
                    self.check(
                        &format!("{what} (base64)"),
                        &String::from_utf8_lossy(&bytes),
                    );
                }
            }
            Value::Array(items) => items.iter().for_each(|v| self.check_json(what, v)),
            Value::Object(map) => map.values().for_each(|v| self.check_json(what, v)),
            _ => {}
        }
    }

    pub(crate) fn check_exchange(&mut self, exchange: &Exchange) {
        let what = format!("exchange {} {}", exchange.method, exchange.path);
        self.check(&what, &exchange.url);
        self.check(&what, &exchange.path);
        for (name, value) in exchange
            .request_headers
            .iter()
            .chain(&exchange.response_headers)
        {
            self.check(&what, &format!("{name}: {value}"));
        }
        if let Some(body) = &exchange.request_body {
            self.check(&what, &String::from_utf8_lossy(body));
        }
        self.check(&what, &String::from_utf8_lossy(&exchange.response_body));
        self.check(&what, exchange.error.as_deref().unwrap_or_default());
        self.check(&what, &format!("{exchange:?}"));
    }
}

/// A log of everything this thread traces, at every level, while the guard lives.
#[derive(Clone, Default)]
pub(crate) struct Log(pub(crate) Arc<Mutex<Vec<u8>>>);

impl Write for Log {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

pub(crate) fn profile(platform: Platform, user: &str) -> ProfileInfo {
    ProfileInfo {
        name: format!("{}-audit", platform.key()),
        user: (!user.is_empty()).then(|| user.to_owned()),
        secret_var: "AUDIT_KEY".into(),
        ..profiles::shop(platform, false)
    }
}

/// The list, the detail, the failure's message, the ledger and every exchange's request and
/// response, as drawn.
fn screens(
    platform: Platform,
    user: &str,
    page: &Page<stockroom::catalog::model::ProductSummary>,
    product: &stockroom::catalog::model::Product,
    errors: &[String],
    exchanges: &[Exchange],
) -> Vec<String> {
    let mut state = State::new(vec![profile(platform, user)], 0);
    state.session.listing.rows = [page].into_iter().collect();
    for exchange in exchanges {
        state.record(0, vec![exchange.clone()]);
    }
    let mut screens = vec![text(&render(&state, 160, 40))];
    state.session.detail.product = Some(Box::new(product.clone()));
    state.session.detail.fields = flatten(&product.raw);
    state.open_detail_pane();
    state.session.focus = Focus::Detail;
    screens.push(text(&render(&state, 160, 40)));
    for error in errors {
        state.message = Some(Message {
            severity: Severity::Error,
            text: error.clone(),
        });
        screens.push(text(&render(&state, 160, 40)));
    }
    state.message = None;
    screens.extend(inspector_screens(&mut state, exchanges));
    screens
}

/// The ledger and every exchange's request and response in the inspector, as drawn.
pub(crate) fn inspector_screens(state: &mut State, exchanges: &[Exchange]) -> Vec<String> {
    state.push(Layer::Ledger(Inspector::default()));
    let mut screens = vec![text(&render(state, 160, 40))];
    for exchange in exchanges {
        let formatted = |bytes: &[u8], headers: &[(String, String)]| {
            let content_type = headers
                .iter()
                .find(|(name, _)| name.eq_ignore_ascii_case("content-type"))
                .map(|(_, value)| value.as_str());
            Some(Arc::new(body::format(bytes, content_type)))
        };
        for section in [Section::Request, Section::Response] {
            state.close(|layer| matches!(layer, Layer::Exchange(_)));
            state.push(Layer::Exchange(OpenExchange {
                seq: exchange.seq,
                section,
                request_body: exchange
                    .request_body
                    .as_ref()
                    .and_then(|b| formatted(b, &exchange.request_headers)),
                response_body: formatted(&exchange.response_body, &exchange.response_headers),
                scroll: 0,
                shift: 0,
                search: None,
            }));
            screens.push(text(&render(state, 160, 40)));
        }
    }
    screens
}

#[tokio::test(flavor = "current_thread")]
async fn no_secret_leaks_on_any_platform() {
    let log = Log::default();
    let writer = log.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let sandbox = Sandbox::start(SandboxOptions {
        cscart_products: 30,
        cscart_key: SECRET.into(),
        valigara_products: 30,
        valigara_key: SECRET.into(),
        b2bwave_products: 30,
        b2bwave_token: SECRET.into(),
        ugal_items: 30,
        ugal_token: SECRET.into(),
        ..SandboxOptions::default()
    })
    .await
    .unwrap();

    let mut total = 0;
    for platform in [
        Platform::Cscart,
        Platform::Valigara,
        Platform::B2bwave,
        Platform::Ugal,
    ] {
        let endpoint = sandbox::endpoint(&sandbox, platform);
        assert_eq!(endpoint.key, SECRET);
        let user = endpoint.user.clone();
        let good = sandbox::connection(endpoint, Duration::from_secs(5), false);
        let (catalog, _) = sandbox::connect(&good, SECRET);
        let mut exchanges = Vec::new();
        let mut errors = Vec::new();

        let listed = catalog.list(&ListQuery::default()).await;
        exchanges.extend(listed.exchanges);
        let page = listed.result.unwrap();
        let first = page.items.first().unwrap().clone();
        let got = catalog.get(&first.id).await;
        exchanges.extend(got.exchanges);
        let product = got.result.unwrap();
        let amount = match first.stock {
            Stock::Quantity(n) => n + 1,
            Stock::NotTracked => 7,
        };
        let planned = catalog.plan_set_stock(&first.id, amount);
        let changed = catalog.set_stock(&first.id, amount).await;
        exchanges.extend(changed.exchanges);
        changed.result.unwrap();

        let refused = sandbox::connect(&good, WRONG)
            .0
            .list(&ListQuery::default())
            .await;
        exchanges.extend(refused.exchanges);
        let refusal = refused.result.unwrap_err();
        let status = refusal.to_string();
        assert!(
            status.contains("401") || status.contains("403") || status.contains("uthenticat"),
            "{platform:?}: {status}"
        );
        errors.push(refusal);

        let closed = Connection {
            base_url: "http://127.0.0.1:1/nothing".into(),
            ..good.clone()
        };
        let unreachable = sandbox::connect(&closed, SECRET).0.get(&first.id).await;
        exchanges.extend(unreachable.exchanges);
        errors.push(unreachable.result.unwrap_err());

        // A change sent through the basket's path, then refused for a wrong key: both outcomes
        // in the audit log.
        let trail_dir = tempfile::tempdir().unwrap();
        let trail = Trail::new(trail_dir.path(), "p", &good.base_url, Source::StockApply);
        let item = Item {
            id: ItemId(1),
            target: Target {
                id: Some(first.id.clone()),
                sku: first.sku.0.clone(),
                name: first.name.clone(),
            },
            change: Change::Edit {
                stock: Some(StockChange::Set {
                    from: amount,
                    to: amount + 1,
                }),
                fields: vec![],
            },
            status: ItemStatus::Staged,
            sku_owners_before: None,
            maybe_applied: false,
        };
        for sender in [&catalog, &sandbox::connect(&good, WRONG).0] {
            let (outcome, sent) = send::send(sender, &item).await;
            trail.record(&item, &outcome, &sent).unwrap();
            exchanges.extend(sent);
        }
        let audit_log = std::fs::read_to_string(trail.path()).unwrap();
        assert_eq!(audit_log.lines().count(), 2, "{audit_log}");

        let mut audit = Audit {
            needles: [needles(SECRET, &user), needles(WRONG, &user)].concat(),
            checked: 0,
        };
        audit.check("the audit log", &audit_log);
        assert!(
            exchanges.iter().any(|e| e.status.is_none()),
            "{platform:?}: the transport error is recorded"
        );
        assert!(
            exchanges
                .iter()
                .filter(|e| e.status.is_some())
                .all(|e| format!("{e:?}").contains(stockroom::secret::REDACTED)),
            "{platform:?}: every request carried the secret, redacted"
        );
        for exchange in &exchanges {
            audit.check_exchange(exchange);
        }
        audit.check("the plan of a stock change", &format!("{planned:?}"));
        audit.check("the catalog's Debug", &format!("{catalog:?}"));
        let messages: Vec<String> = errors.iter().map(ToString::to_string).collect();
        for (error, message) in errors.iter().zip(&messages) {
            audit.check("an error's Display", message);
            audit.check("an error's Debug", &format!("{error:?}"));
        }
        audit.check("the NDJSON export", &export::ndjson(&exchanges));
        for line in export::ndjson(&exchanges).lines() {
            audit.check_json("the NDJSON export", &serde_json::from_str(line).unwrap());
        }
        let har = export::har(&exchanges, "audit");
        audit.check("the HAR export", &har.to_string());
        audit.check_json("the HAR export", &har);
        let auth = CurlAuth {
            user: (!user.is_empty()).then(|| user.clone()),
            secret_var: "AUDIT_KEY".into(),
        };
        for exchange in &exchanges {
            audit.check("a curl command", &curl(exchange, &auth));
        }
        for screen in screens(platform, &user, &page, &product, &messages, &exchanges) {
            audit.check("a screen", &screen);
        }
        audit.check("the log", &String::from_utf8_lossy(&log.0.lock().unwrap()));
        assert!(audit.checked > 50, "{platform:?}: {}", audit.checked);
        assert!(
            !log.0.lock().unwrap().is_empty(),
            "the trace log captured the requests"
        );
        total += exchanges.len();
    }
    assert!(total >= 20, "{total} exchanges");
    sandbox.shutdown().await;
}

#[test]
#[should_panic(expected = "leaked into a Basic header")]
fn the_audit_finds_a_secret_inside_a_basic_header() {
    let mut audit = Audit {
        needles: needles(SECRET, "website"),
        checked: 0,
    };
    let header = format!(
        "authorization: Basic {}",
        STANDARD.encode(format!("website:{SECRET}"))
    );
    audit.check("a Basic header", &header);
}

#[test]
#[should_panic(expected = "leaked into a form body")]
fn the_audit_finds_a_form_encoded_secret() {
    let mut audit = Audit {
        needles: needles(SECRET, ""),
        checked: 0,
    };
    let form: String = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("auth", SECRET)
        .finish();
    audit.check("a form body", &form);
}
