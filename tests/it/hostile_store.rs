//! A hostile store on loopback that redirects in every way, run against every platform client:
//! nothing, credentials least of all, ever reaches another host, and a write is never re-sent.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use reqwest::Method;
use stockroom::catalog::Connection;
use stockroom::catalog::error::CatalogError;
use stockroom::catalog::http::{Auth, Request as HttpRequest, Transport};
use stockroom::catalog::model::{ListQuery, Platform, ProductId};
use stockroom::secret::Secret;

pub const KEY: &str = "hostile-canary-key+/=&\"x";
pub const USER: &str = "admin@example.com";

/// What the store's first listener does with every request.
#[derive(Clone, Debug)]
pub enum Mode {
    /// Redirects with `status` to `to` followed by the path and query asked for.
    Away { status: u16, to: String },
    /// Redirects every request back to itself, forever.
    Loop,
    /// Redirects `/x` to `/x/`, which answers `fine`.
    Slash,
    /// Answers `status` with every encoding of the credentials it received, in its body (JSON
    /// or plain text) and its headers (a debug id among them).
    Reflect { status: u16, json: bool },
    /// Answers `status` with these headers and body.
    Answer {
        status: u16,
        headers: Vec<(&'static str, String)>,
        body: String,
    },
}

/// One request a listener received.
#[derive(Clone, Debug)]
pub struct Seen {
    pub listener: &'static str,
    pub method: String,
    pub uri: String,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

struct Shared {
    mode: Mutex<Mode>,
    seen: Mutex<Vec<Seen>>,
}

/// The store (`origin`), another port on the same address and another loopback address.
pub struct HostileStore {
    pub origin: String,
    pub other_port: String,
    pub other_host: String,
    shared: Arc<Shared>,
}

impl HostileStore {
    pub async fn start(mode: Mode) -> HostileStore {
        let shared = Arc::new(Shared {
            mode: Mutex::new(mode),
            seen: Mutex::new(Vec::new()),
        });
        let origin = serve("127.0.0.1:0", "origin", &shared).await;
        let other_port = serve("127.0.0.1:0", "other", &shared).await;
        let other_host = serve("127.0.0.2:0", "other", &shared).await;
        HostileStore {
            origin,
            other_port,
            other_host,
            shared,
        }
    }

    pub fn set_mode(&self, mode: Mode) {
        *self.shared.mode.lock().unwrap() = mode;
    }

    pub fn seen(&self) -> Vec<Seen> {
        self.shared.seen.lock().unwrap().clone()
    }

    pub fn seen_by(&self, listener: &str) -> Vec<Seen> {
        self.seen()
            .into_iter()
            .filter(|s| s.listener == listener)
            .collect()
    }

    pub fn forget(&self) {
        self.shared.seen.lock().unwrap().clear();
    }
}

async fn serve(addr: &str, listener: &'static str, shared: &Arc<Shared>) -> String {
    let socket = tokio::net::TcpListener::bind(addr).await.unwrap();
    let base = format!("http://{}", socket.local_addr().unwrap());
    let app = Router::new()
        .fallback(move |state: State<Arc<Shared>>, request: Request| {
            answer(state, listener, request)
        })
        .with_state(Arc::clone(shared));
    tokio::spawn(async move { axum::serve(socket, app).await });
    base
}

async fn answer(
    State(shared): State<Arc<Shared>>,
    listener: &'static str,
    request: Request,
) -> Response {
    let method = request.method().to_string();
    let uri = request.uri().to_string();
    let headers = request
        .headers()
        .iter()
        .map(|(n, v)| {
            (
                n.to_string(),
                String::from_utf8_lossy(v.as_bytes()).into_owned(),
            )
        })
        .collect();
    let body = axum::body::to_bytes(request.into_body(), 1 << 20)
        .await
        .unwrap_or_default();
    let body = String::from_utf8_lossy(&body).into_owned();
    let seen = Seen {
        listener,
        method,
        uri: uri.clone(),
        headers,
        body,
    };
    let credentials = received_credentials(&seen);
    shared.seen.lock().unwrap().push(seen);
    if listener == "other" {
        // A second hop on the same other host, where a naive client sends credentials again.
        if let Some(rest) = uri.strip_prefix("/hop1") {
            return redirect(307, &format!("/hop2{rest}"));
        }
        return (StatusCode::OK, "[]").into_response();
    }
    let mode = shared.mode.lock().unwrap().clone();
    match mode {
        Mode::Away { status, to } => redirect(status, &format!("{to}{uri}")),
        Mode::Loop => redirect(302, &uri),
        Mode::Slash => {
            if uri.ends_with('/') {
                (StatusCode::OK, "fine").into_response()
            } else {
                redirect(301, &format!("{uri}/"))
            }
        }
        Mode::Reflect { status, json } => {
            let (user, secret) = credentials.unwrap_or_default();
            let mut forms = encodings(&secret, &user);
            if json {
                // Serialising the raw form escapes it; an escaped one would be escaped twice.
                forms.retain(|form| !form.contains('\\'));
            }
            let text = forms.join(" ");
            let mut response = if json {
                let body = serde_json::json!({
                    "message": text, "error": text, "errors": forms, "status": text,
                });
                let mut response = body.to_string().into_response();
                response.headers_mut().insert(
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("application/json"),
                );
                response
            } else {
                text.into_response()
            };
            *response.status_mut() = StatusCode::from_u16(status).unwrap();
            for (i, form) in forms.iter().enumerate() {
                let name = if i == 0 {
                    "x-request-id".to_owned()
                } else {
                    format!("x-echo-{i}")
                };
                if let (Ok(name), Ok(value)) = (
                    header::HeaderName::from_bytes(name.as_bytes()),
                    HeaderValue::from_str(form),
                ) {
                    response.headers_mut().insert(name, value);
                }
            }
            response
        }
        Mode::Answer {
            status,
            headers,
            body,
        } => {
            let mut map = HeaderMap::new();
            for (name, value) in headers {
                if let Ok(value) = HeaderValue::from_bytes(value.as_bytes()) {
                    map.append(name, value);
                }
            }
            (StatusCode::from_u16(status).unwrap(), map, body).into_response()
        }
    }
}

/// The user and secret a request carried: a Basic header, else an `auth` query or form pair.
fn received_credentials(seen: &Seen) -> Option<(String, String)> {
    use base64::Engine;
    let basic = seen.headers.iter().find_map(|(name, value)| {
        let encoded = value
            .strip_prefix("Basic ")
            .filter(|_| name == "authorization")?;
        let pair = base64::engine::general_purpose::STANDARD
            .decode(encoded)
            .ok()?;
        let pair = String::from_utf8(pair).ok()?;
        pair.split_once(':')
            .map(|(u, s)| (u.to_owned(), s.to_owned()))
    });
    let query = seen.uri.split_once('?').map(|(_, q)| q).unwrap_or_default();
    basic.or_else(|| {
        url::form_urlencoded::parse(query.as_bytes())
            .chain(url::form_urlencoded::parse(seen.body.as_bytes()))
            .find(|(name, _)| name == "auth")
            .map(|(_, value)| (String::new(), value.into_owned()))
    })
}

/// Every encoding a store might echo `secret` in: raw first, then form- and percent-encoded,
/// JSON-escaped, base64 and URL-safe base64, alone and as `user`'s Basic pair.
pub fn encodings(secret: &str, user: &str) -> Vec<String> {
    use base64::Engine;
    use base64::engine::general_purpose::{STANDARD, URL_SAFE};
    let form: String = url::form_urlencoded::byte_serialize(secret.as_bytes()).collect();
    let json = serde_json::to_string(secret).unwrap();
    let json = json[1..json.len() - 1].to_owned();
    let pair = format!("{user}:{secret}");
    vec![
        secret.to_owned(),
        form.clone(),
        form.replace('+', "%20"),
        form.to_lowercase(),
        json.replace('/', "\\/"),
        json,
        STANDARD.encode(secret),
        URL_SAFE.encode(secret),
        STANDARD.encode(&pair),
        URL_SAFE.encode(&pair),
        format!("Basic {}", STANDARD.encode(&pair)),
    ]
}

fn redirect(status: u16, location: &str) -> Response {
    let mut response = StatusCode::from_u16(status).unwrap().into_response();
    response
        .headers_mut()
        .insert(header::LOCATION, HeaderValue::from_str(location).unwrap());
    response
}

/// The store's base URL for `platform`, as a profile would name it.
pub fn base_url(origin: &str, platform: Platform) -> String {
    format!("{origin}/{}", slug(platform))
}

/// The platform as the config names it.
pub fn slug(platform: Platform) -> &'static str {
    match platform {
        Platform::Cscart => "cscart",
        Platform::Valigara => "valigara",
        Platform::B2bwave => "b2bwave",
        Platform::Ugal => "ugal",
    }
}

fn connect(store: &HostileStore, platform: Platform) -> stockroom::catalog::Catalog {
    let connection = Connection {
        platform,
        base_url: base_url(&store.origin, platform),
        user: (platform != Platform::Valigara).then(|| USER.to_owned()),
        timeout: Duration::from_secs(5),
        read_only: false,
        requests_per_second: None,
    };
    let sequence = Default::default();
    stockroom::catalog::Catalog::connect(&connection, Secret::new(KEY), sequence).unwrap()
}

const PLATFORMS: [Platform; 4] = [
    Platform::Cscart,
    Platform::Valigara,
    Platform::B2bwave,
    Platform::Ugal,
];

/// Every redirect status, to another port, another loopback address and a two-hop chain on
/// another host, for a list, a get and a stock write on every platform.
#[tokio::test]
async fn no_redirect_carries_anything_to_another_host() {
    let store = HostileStore::start(Mode::Loop).await;
    let targets = [
        store.other_port.clone(),
        store.other_host.clone(),
        format!("{}/hop1", store.other_port),
        format!("{}/hop1", store.other_host),
    ];
    let mut attacks = 0;
    for platform in PLATFORMS {
        let catalog = connect(&store, platform);
        for status in [301, 302, 303, 307, 308] {
            for to in &targets {
                store.set_mode(Mode::Away {
                    status,
                    to: to.clone(),
                });
                let id = ProductId("1".to_owned());
                let results = [
                    (
                        "list",
                        catalog.list(&ListQuery::default()).await.result.err(),
                    ),
                    ("get", catalog.get(&id).await.result.err()),
                    ("set_stock", catalog.set_stock(&id, 7).await.result.err()),
                ];
                for (what, error) in results {
                    attacks += 1;
                    let context = format!("{platform} {what} {status} -> {to}");
                    match error {
                        Some(CatalogError::Redirect {
                            from, to: target, ..
                        }) => {
                            assert_eq!(from, store.origin, "{context}");
                            let host = to.trim_end_matches("/hop1");
                            assert_eq!(target, host, "{context}");
                        }
                        other => panic!("{context}: {other:?}"),
                    }
                }
                let elsewhere = store.seen_by("other");
                assert!(
                    elsewhere.is_empty(),
                    "{platform} {status} -> {to}: {elsewhere:?}"
                );
            }
        }
    }
    assert_eq!(attacks, 4 * 5 * 4 * 3);
}

#[tokio::test]
async fn a_refused_redirect_names_both_hosts_in_its_message() {
    let store = HostileStore::start(Mode::Loop).await;
    store.set_mode(Mode::Away {
        status: 307,
        to: store.other_host.clone(),
    });
    let catalog = connect(&store, Platform::Valigara);
    let error = catalog
        .list(&ListQuery::default())
        .await
        .result
        .unwrap_err();
    let text = error.to_string();
    assert!(
        text.contains(&store.origin) && text.contains(&store.other_host),
        "{text}"
    );
    assert!(!text.contains("hostile-canary"), "{text}");
    // The form, `auth=` key included, was posted once, to the store only.
    let posts = store.seen();
    assert_eq!(posts.len(), 1, "{posts:?}");
    assert_eq!(posts[0].listener, "origin");
}

#[tokio::test]
async fn a_same_origin_get_is_followed_with_its_credentials_and_a_write_is_not() {
    let store = HostileStore::start(Mode::Slash).await;
    let auth = Auth::Basic {
        user: USER.to_owned(),
        secret: Secret::new(KEY),
    };
    let transport = Transport::new(&store.origin, auth, Duration::from_secs(5)).unwrap();
    let (result, _) = transport.send(HttpRequest::new(Method::GET, "ok")).await;
    let response = result.unwrap();
    assert_eq!((response.status, &response.body[..]), (200, &b"fine"[..]));
    let seen = store.seen();
    assert_eq!(seen.len(), 2, "{seen:?}");
    assert!(
        seen.iter()
            .all(|s| s.headers.iter().any(|(n, _)| n == "authorization"))
    );

    store.forget();
    let write = HttpRequest::new(Method::PUT, "ok").json(serde_json::json!({"amount": 1}));
    let (result, exchange) = transport.send(write).await;
    assert!(
        matches!(result, Err(CatalogError::Redirect { status: 301, .. })),
        "{result:?}"
    );
    assert_eq!(exchange.status, Some(301));
    let seen = store.seen();
    assert_eq!(seen.len(), 1, "the write was sent once: {seen:?}");
    assert_eq!(
        (seen[0].method.as_str(), seen[0].uri.as_str()),
        ("PUT", "/ok")
    );
    assert!(seen[0].body.contains("amount"));
}

#[tokio::test]
async fn a_redirect_naming_no_place_is_an_error() {
    let store = HostileStore::start(Mode::Answer {
        status: 302,
        headers: vec![],
        body: String::new(),
    })
    .await;
    let transport = Transport::new(&store.origin, Auth::None, Duration::from_secs(5)).unwrap();
    let (result, _) = transport.send(HttpRequest::new(Method::GET, "x")).await;
    let error = result.unwrap_err().to_string();
    assert!(
        error.contains("names no Location") && error.contains(&store.origin),
        "{error}"
    );
}

#[tokio::test]
async fn a_redirect_loop_on_the_store_stops_after_a_few_hops() {
    let store = HostileStore::start(Mode::Loop).await;
    let transport = Transport::new(&store.origin, Auth::None, Duration::from_secs(5)).unwrap();
    let (result, _) = transport.send(HttpRequest::new(Method::GET, "spin")).await;
    let error = result.unwrap_err();
    assert!(
        error.to_string().contains("more than 3 redirects"),
        "{error}"
    );
    assert_eq!(store.seen().len(), 4);
}

/// Terminal escapes, a carriage return, NUL, a bidi override and a C1 control.
pub const HOSTILE: &str = "pwned\u{1b}]0;title\u{7}\u{1b}[2J\r\0\u{202e}\u{9b}31m";

/// Error answers holding `HOSTILE` in every place a platform takes its message from.
fn hostile_answers() -> Vec<Mode> {
    let json = serde_json::json!({
        "message": HOSTILE,
        "error": HOSTILE,
        "errors": [HOSTILE],
        "status": HOSTILE,
        "result": "error",
    });
    let html = format!("<html><head><title>{HOSTILE}</title></head><body>{HOSTILE}</body></html>");
    let xml = format!(
        "<?xml version=\"1.0\"?><errors><error><code>1</code><message>{HOSTILE}</message></error></errors>"
    );
    vec![
        Mode::Answer {
            status: 500,
            headers: vec![("content-type", "application/json".to_owned())],
            body: json.to_string(),
        },
        Mode::Answer {
            status: 422,
            headers: vec![("content-type", "application/json".to_owned())],
            body: json.to_string(),
        },
        Mode::Answer {
            status: 502,
            headers: vec![("content-type", "text/html".to_owned())],
            body: html,
        },
        Mode::Answer {
            status: 400,
            headers: vec![("content-type", "application/xml".to_owned())],
            body: xml,
        },
        Mode::Answer {
            status: 429,
            headers: vec![
                ("content-type", "application/json".to_owned()),
                ("retry-after", "3600".to_owned()),
            ],
            body: json.to_string(),
        },
    ]
}

/// The first raw control, bidi or invisible character in `text`, if any; line breaks allowed.
pub fn raw_escape(text: &str) -> Option<char> {
    text.chars().find(|&c| {
        (c.is_control() && c != '\n')
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200b}'..='\u{200f}')
    })
}

/// A config with one profile `p` on the hostile store, in a private home.
pub fn hostile_config(
    home: &std::path::Path,
    origin: &str,
    platform: Platform,
) -> std::path::PathBuf {
    let user = if platform == Platform::Valigara {
        String::new()
    } else {
        format!("user = \"{USER}\"\n")
    };
    let secret = toml::Value::String(KEY.to_owned());
    let text = format!(
        "[profiles.p]\nplatform = \"{}\"\nbase_url = \"{}\"\n{user}\
         secret = {{ value = {secret} }}\ntimeout_secs = 5\n",
        slug(platform),
        base_url(origin, platform)
    );
    let path = home.join("config.toml");
    std::fs::write(&path, text).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
    path
}

/// Runs the binary on the profile `p` of `config` with a private home; stdout and stderr.
pub async fn run_binary(
    home: &std::path::Path,
    config: &std::path::Path,
    args: &[&str],
) -> (i32, String) {
    let output = tokio::process::Command::new(crate::tmux::binary())
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_STATE_HOME", home.join("state"))
        .env("XDG_DATA_HOME", home.join("data"))
        .arg("--config")
        .arg(config)
        .args(["--profile", "p"])
        .args(args)
        .output()
        .await
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (output.status.code().unwrap_or(-1), text)
}

/// `export`, `doctor` and `stock apply`, run as the real binary into pipes against every
/// hostile answer on every platform: the server's text is shown, escaped.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn headless_commands_show_hostile_server_text_escaped() {
    let store = HostileStore::start(Mode::Loop).await;
    let home = tempfile::tempdir().unwrap();
    let stock_file = home.path().join("stock.csv");
    std::fs::write(&stock_file, "sku,stock\nA-1,4\n").unwrap();
    let stock_file = stock_file.display().to_string();
    let mut runs = 0;
    let mut shown = 0;
    for platform in PLATFORMS {
        let config = hostile_config(home.path(), &store.origin, platform);
        for mode in hostile_answers() {
            store.set_mode(mode.clone());
            for args in [
                &["export", "--format", "csv"][..],
                &["doctor"][..],
                &["stock", "apply", &stock_file][..],
            ] {
                let (code, output) = run_binary(home.path(), &config, args).await;
                runs += 1;
                let context = format!("{platform} {args:?} {mode:?}:\n{output}");
                assert_ne!(code, 0, "{context}");
                assert_eq!(raw_escape(&output), None, "{context}");
                assert!(!output.contains("hostile-canary"), "{context}");
                shown += usize::from(output.contains("\\u{1b}]0;title\\u{7}"));
            }
        }
    }
    eprintln!("{runs} runs, the hostile text shown escaped in {shown}");
    assert_eq!(runs, 4 * 5 * 3);
    assert!(shown >= runs / 2, "{shown} of {runs}");
}
