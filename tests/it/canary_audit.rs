//! A canary secret against a store that echoes it back in every encoding: no exchange, error,
//! screen, HAR/NDJSON export, curl or clipboard copy, audit log, log, file in the state and config
//! directories or process output holds it, raw, encoded or as the Basic pair.

use std::sync::{Arc, Mutex};

use base64::Engine;
use stockroom::app::clipboard::Clipboard;
use stockroom::app::state::{Message, Severity, State};
use stockroom::audit::{Source, Trail};
use stockroom::basket::{Change, Item, ItemId, ItemStatus, StockChange, Target, send};
use stockroom::catalog::Connection;
use stockroom::catalog::exchange::Exchange;
use stockroom::catalog::model::{ListQuery, Platform, ProductId};
use stockroom::inspect::curl::{CurlAuth, curl};
use stockroom::inspect::export;
use stockroom::secret::{REDACTED, Secret};

use crate::hostile_store::{HostileStore, KEY, Mode, USER, base_url, encodings, slug};
use crate::redaction_audit::{Audit, inspector_screens, needles, profile};
use crate::support::screens::{render, text};

const PLATFORMS: [Platform; 4] = [
    Platform::Cscart,
    Platform::Valigara,
    Platform::B2bwave,
    Platform::Ugal,
];

/// A success, a server error and a refused login. Refusals (429, some 422s) are retried with
/// backoff, which only makes the test slower: the headless test covers their messages.
fn reflections() -> [Mode; 3] {
    [
        Mode::Reflect {
            status: 200,
            json: true,
        },
        Mode::Reflect {
            status: 500,
            json: true,
        },
        Mode::Reflect {
            status: 401,
            json: false,
        },
    ]
}

fn user_of(platform: Platform) -> &'static str {
    if platform == Platform::Valigara {
        ""
    } else {
        USER
    }
}

fn audit_for(platform: Platform) -> Audit {
    let mut needles = needles(KEY, user_of(platform));
    needles.extend(encodings(KEY, user_of(platform)));
    needles.push("hostile-canary".to_owned());
    needles.retain(|needle| needle.len() >= 8);
    Audit {
        needles,
        checked: 0,
    }
}

/// Product 1's stock from 5 to 3, as the basket sends it.
fn stock_item() -> Item {
    Item {
        id: ItemId(1),
        target: Target {
            id: Some(ProductId("1".to_owned())),
            sku: "A-1".to_owned(),
            name: "A".to_owned(),
        },
        change: Change::Edit {
            stock: Some(StockChange::Set { from: 5, to: 3 }),
            fields: vec![],
        },
        status: ItemStatus::Staged,
        sku_owners_before: None,
        maybe_applied: false,
    }
}

/// What a copy put on the clipboard, decoded from its OSC 52 sequence.
fn copied(text: &str) -> String {
    let buffer = Arc::new(Mutex::new(Vec::new()));
    Clipboard::Capture(Arc::clone(&buffer)).copy(text).unwrap();
    let sequence = String::from_utf8(buffer.lock().unwrap().clone()).unwrap();
    let payload = &sequence["\x1b]52;c;".len()..sequence.len() - 1];
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(payload)
        .unwrap();
    String::from_utf8(bytes).unwrap()
}

#[tokio::test(flavor = "current_thread")]
async fn an_echoed_secret_leaks_nowhere_in_the_library() {
    let log = crate::redaction_audit::Log::default();
    let writer = log.clone();
    let subscriber =
        stockroom::logging::subscriber(tracing_subscriber::EnvFilter::new("trace"), move || {
            writer.clone()
        });
    let _guard = tracing::subscriber::set_default(subscriber);
    let store = HostileStore::start(Mode::Loop).await;
    let mut attacks = 0;
    for platform in PLATFORMS {
        let connection = Connection {
            platform,
            base_url: base_url(&store.origin, platform),
            user: (platform != Platform::Valigara).then(|| USER.to_owned()),
            timeout: std::time::Duration::from_secs(5),
            read_only: false,
            requests_per_second: None,
        };
        let catalog =
            stockroom::catalog::Catalog::connect(&connection, Secret::new(KEY), Default::default())
                .unwrap();
        let mut exchanges: Vec<Exchange> = Vec::new();
        let mut errors = Vec::new();
        for mode in reflections() {
            store.set_mode(mode);
            let id = ProductId("1".to_owned());
            let listed = catalog.list(&ListQuery::default()).await;
            exchanges.extend(listed.exchanges);
            errors.extend(listed.result.err());
            let got = catalog.get(&id).await;
            exchanges.extend(got.exchanges);
            errors.extend(got.result.err());
            let set = catalog.set_stock(&id, 3).await;
            exchanges.extend(set.exchanges);
            errors.extend(set.result.err());
            attacks += 3;
        }
        // Each outcome of a stock change sent through the basket's path, in the audit log.
        let trail_dir = tempfile::tempdir().unwrap();
        let trail = Trail::new(trail_dir.path(), "p", &connection.base_url, Source::Ui);
        for mode in reflections() {
            store.set_mode(mode);
            let (outcome, sent) = send::send(&catalog, &stock_item()).await;
            trail.record(&stock_item(), &outcome, &sent).unwrap();
            exchanges.extend(sent);
        }
        let audit_log = std::fs::read_to_string(trail.path()).unwrap();
        assert_eq!(audit_log.lines().count(), 3);
        // The store did receive the key, and echoed it: what is seen below is redacted.
        assert!(
            exchanges
                .iter()
                .any(|e| { String::from_utf8_lossy(&e.response_body).contains(REDACTED) })
        );
        let mut audit = audit_for(platform);
        for exchange in &exchanges {
            audit.check_exchange(exchange);
        }
        let messages: Vec<String> = errors.iter().map(ToString::to_string).collect();
        for (error, message) in errors.iter().zip(&messages) {
            audit.check("an error", message);
            audit.check("an error's Debug", &format!("{error:?}"));
        }
        audit.check("the audit log", &audit_log);
        audit.check("NDJSON", &export::ndjson(&exchanges));
        let har = export::har(&exchanges, "canary");
        audit.check("HAR", &har.to_string());
        audit.check_json("HAR", &har);
        let auth = CurlAuth {
            user: (platform != Platform::Valigara).then(|| USER.to_owned()),
            secret_var: "KEY".into(),
        };
        let user = user_of(platform);
        let mut state = State::new(vec![profile(platform, user)], 0);
        for exchange in &exchanges {
            state.record(0, vec![exchange.clone()]);
            let curl = curl(exchange, &auth);
            audit.check("a curl command", &curl);
            audit.check("a curl copy", &copied(&curl));
            audit.check(
                "a body copy",
                &copied(&String::from_utf8_lossy(&exchange.response_body)),
            );
            if let Some(id) = &exchange.debug_id {
                audit.check("a debug id copy", &copied(id));
            }
        }
        for message in &messages {
            state.message = Some(Message {
                severity: Severity::Error,
                text: message.clone(),
            });
            audit.check("a screen", &text(&render(&state, 160, 40)));
        }
        state.message = None;
        for screen in inspector_screens(&mut state, &exchanges) {
            audit.check("a screen", &screen);
        }
        audit.check("the log", &String::from_utf8_lossy(&log.0.lock().unwrap()));
        assert!(audit.checked > 100, "{platform:?}: {}", audit.checked);
    }
    assert_eq!(attacks, 4 * 3 * 3);
}

/// Every file under `dir`, read as text.
fn files(dir: &std::path::Path) -> Vec<(std::path::PathBuf, String)> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            found.extend(files(&path));
        } else if let Ok(bytes) = std::fs::read(&path) {
            found.push((path, String::from_utf8_lossy(&bytes).into_owned()));
        }
    }
    found
}

/// `export`, `doctor`, `stock apply`, `journal` and `audit` as the real binary, the secret from the environment:
/// their output, the log and every file they leave hold no form of it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_echoed_secret_leaks_nowhere_from_the_binary() {
    let store = HostileStore::start(Mode::Loop).await;
    let home = tempfile::tempdir().unwrap();
    let stock_file = home.path().join("stock.csv");
    std::fs::write(&stock_file, "sku,stock\nA-1,4\n").unwrap();
    let stock_file = stock_file.display().to_string();
    let mut runs = 0;
    for platform in PLATFORMS {
        let user = match user_of(platform) {
            "" => String::new(),
            user => format!("user = \"{user}\"\n"),
        };
        let config = home.path().join("config").join("config.toml");
        std::fs::create_dir_all(config.parent().unwrap()).unwrap();
        std::fs::write(
            &config,
            format!(
                "[profiles.p]\nplatform = \"{}\"\nbase_url = \"{}\"\n{user}\
                 secret = {{ env = \"CANARY_KEY\" }}\ntimeout_secs = 5\n",
                slug(platform),
                base_url(&store.origin, platform)
            ),
        )
        .unwrap();
        let mut audit = audit_for(platform);
        for mode in reflections() {
            store.set_mode(mode);
            for args in [
                &["export", "--format", "ndjson"][..],
                &["doctor"][..],
                &["stock", "apply", &stock_file][..],
                &["stock", "apply", "--dry-run", &stock_file][..],
                &["journal", "show"][..],
                &["journal", "resume"][..],
                &["audit"][..],
                &["audit", "--json"][..],
            ] {
                let output = tokio::process::Command::new(crate::tmux::binary())
                    .env_clear()
                    .env("PATH", std::env::var_os("PATH").unwrap_or_default())
                    .env("HOME", home.path())
                    .env("XDG_CONFIG_HOME", home.path().join("config"))
                    .env("XDG_STATE_HOME", home.path().join("state"))
                    .env("XDG_DATA_HOME", home.path().join("data"))
                    .env("STOCKROOM_LOG", "trace")
                    .env("CANARY_KEY", KEY)
                    .arg("--config")
                    .arg(&config)
                    .args(["--profile", "p"])
                    .args(args)
                    .output()
                    .await
                    .unwrap();
                runs += 1;
                let what = format!("{platform} {args:?}");
                audit.check(&what, &String::from_utf8_lossy(&output.stdout));
                audit.check(&what, &String::from_utf8_lossy(&output.stderr));
            }
        }
        let left = files(home.path());
        assert!(
            left.iter().any(|(path, _)| path.ends_with("stockroom.log")),
            "{left:?}"
        );

        for (path, text) in &left {
            audit.check(&path.display().to_string(), text);
        }
    }
    assert!(
        store.seen().iter().any(
            |s| s.body.contains("auth=") || s.headers.iter().any(|(n, _)| n == "authorization")
        )
    );
    assert_eq!(runs, 4 * 3 * 8);
}
