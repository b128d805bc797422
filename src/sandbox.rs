//! The embedded simulators of the four platforms' APIs, each mounted under its own URL prefix.

pub mod b2bwave;
pub mod cscart;
pub mod faults;
mod limiter;
pub mod prerender;
pub mod received;
mod seeded;
pub mod ugal;
pub mod valigara;
pub mod variants;

use std::io;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use axum::Router;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::catalog::model::Platform;
pub use faults::{BadFault, Fault, FaultKind, FaultStatus, Faults, Operation, Target, Times};
pub use limiter::Traffic;
use limiter::{Limiter, Refuse};
pub use variants::Variant;

/// The demo CS-Cart administrator's e-mail (the Basic auth user name).
pub const DEMO_CSCART_USER: &str = "admin@example.com";
/// The demo CS-Cart API key (the Basic auth password).
pub const DEMO_CSCART_KEY: &str = "7Qm2Xk9vR4tLw8ZpN3cH5bYd";
/// The demo Valigara access key (the `auth` parameter): it may read and write.
pub const DEMO_VALIGARA_KEY: &str = "vlg_4f9c2e7a81d34b6e9a05c3f7d2b8e1a6";
/// A demo Valigara access key that may only read: every write answers status 103.
pub const DEMO_VALIGARA_READONLY_KEY: &str = "vlg_ro_8b1d6f3a92c74e05b7a4d9e2c6f13a58";
/// The demo B2B Wave store's app code (its subdomain, and the Basic auth user name).
pub const DEMO_B2BWAVE_APP_CODE: &str = "sparkle-supply";
/// The demo B2B Wave API token (the Basic auth password): it may read and edit products.
pub const DEMO_B2BWAVE_TOKEN: &str = "b2bw_5e8a1c7f3d9b42e6a0c4f8d2b7e19a63";
/// A demo B2B Wave token scoped to reading products: every write answers 403.
pub const DEMO_B2BWAVE_READONLY_TOKEN: &str = "b2bw_ro_2c7f9a4e1b8d36f05a9c2e7d4b1f8a30";
/// The demo UGAL sites' API token (the Basic auth password, user `website`): it may read and write.
pub const DEMO_UGAL_TOKEN: &str = "ugal_9c4e7a2f5b8d13e6a0f7c3b9d2e5a814";
/// A demo UGAL token without write access: every PUT answers 403.
pub const DEMO_UGAL_READONLY_TOKEN: &str = "ugal_ro_6e1b9d4f2a7c58e3b0d6a9f1c4e7b253";

/// The time seen by the sandbox's rate limiters: the monotonic clock plus an offset that
/// tests move forward, so a drained bucket can be shown refilled without waiting.
/// Clones share the offset.
#[derive(Debug, Clone, Default)]
pub struct SandboxClock {
    offset_millis: Arc<AtomicU64>,
}

impl SandboxClock {
    pub fn now(&self) -> Instant {
        let offset = Duration::from_millis(self.offset_millis.load(Ordering::Relaxed));
        let now = Instant::now();
        now.checked_add(offset).unwrap_or(now)
    }

    /// Moves this clock, and every clone of it, forward by `by`.
    pub fn advance(&self, by: Duration) {
        let millis = u64::try_from(by.as_millis()).unwrap_or(u64::MAX);
        let _ = self
            .offset_millis
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |old| {
                Some(old.saturating_add(millis))
            });
    }

    pub fn offset(&self) -> Duration {
        Duration::from_millis(self.offset_millis.load(Ordering::Relaxed))
    }
}

/// Two clocks are equal when they read the same offset.
impl PartialEq for SandboxClock {
    fn eq(&self, other: &SandboxClock) -> bool {
        self.offset() == other.offset()
    }
}

impl Eq for SandboxClock {}

/// How a sandbox is started: where it listens and what demo data it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SandboxOptions {
    pub addr: SocketAddr,
    /// Seed of the demo catalogs: the same seed gives the same data.
    pub seed: u64,
    pub cscart_products: usize,
    pub cscart_key: String,
    pub valigara_products: usize,
    /// The Valigara key that may read and write.
    pub valigara_key: String,
    /// The Valigara key that may only read.
    pub valigara_readonly_key: String,
    pub b2bwave_products: usize,
    /// The B2B Wave app code, the Basic auth user name.
    pub b2bwave_app_code: String,
    /// The B2B Wave token that may read and edit products.
    pub b2bwave_token: String,
    /// The B2B Wave token that may only read products.
    pub b2bwave_readonly_token: String,
    /// Items on each of the two UGAL sites.
    pub ugal_items: usize,
    /// The UGAL token that may read and write (both sites).
    pub ugal_token: String,
    /// The UGAL token that may only read (both sites).
    pub ugal_readonly_token: String,
    /// Answer every Valigara request with status 101 (Non HTTPS call): the sandbox serves plain http.
    pub strict_https: bool,
    /// The clock of every rate limiter: Valigara's listing bucket and each store's `rate_limit`.
    pub valigara_clock: SandboxClock,
    /// Requests per second each simulated store answers (a burst of as many, then 429);
    /// `None`, the default, answers every request.
    pub rate_limit: Option<u32>,
    /// Added to every answer, half before the request is handled and half after, like a
    /// slow link: a write may reach the store well before its answer reaches the client.
    pub latency: Duration,
    /// Faults armed from the start (more can be armed while it runs); none by default.
    pub faults: Vec<Fault>,
    /// Undocumented details played another way than the documents' default; none by default.
    pub variants: Vec<Variant>,
    /// Each store answers a read it answered before with the same bytes until its next write
    /// (`prerender.rs`), so a measured client is not charged the store's rendering; off by default.
    pub prerendered: bool,
}

impl SandboxOptions {
    /// Whether the sandbox plays `variant`.
    pub fn plays(&self, variant: Variant) -> bool {
        self.variants.contains(&variant)
    }
}

impl Default for SandboxOptions {
    fn default() -> SandboxOptions {
        SandboxOptions {
            addr: SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), 0),
            seed: 42,
            cscart_products: 1200,
            cscart_key: DEMO_CSCART_KEY.to_string(),
            valigara_products: 1200,
            valigara_key: DEMO_VALIGARA_KEY.to_string(),
            valigara_readonly_key: DEMO_VALIGARA_READONLY_KEY.to_string(),
            b2bwave_products: 1200,
            b2bwave_app_code: DEMO_B2BWAVE_APP_CODE.to_string(),
            b2bwave_token: DEMO_B2BWAVE_TOKEN.to_string(),
            b2bwave_readonly_token: DEMO_B2BWAVE_READONLY_TOKEN.to_string(),
            ugal_items: 1200,
            ugal_token: DEMO_UGAL_TOKEN.to_string(),
            ugal_readonly_token: DEMO_UGAL_READONLY_TOKEN.to_string(),
            strict_https: false,
            valigara_clock: SandboxClock::default(),
            rate_limit: None,
            latency: Duration::ZERO,
            faults: Vec::new(),
            variants: Vec::new(),
            prerendered: false,
        }
    }
}

/// Where and how a client reaches one simulated platform.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    pub platform: Platform,
    pub base_url: String,
    pub user: String,
    pub key: String,
}

impl Endpoint {
    /// The last segment of the base URL, which tells apart sites of one platform
    /// (`ugal` and `ugal-vat`).
    pub fn name(&self) -> &str {
        self.base_url
            .rsplit('/')
            .next()
            .unwrap_or(self.base_url.as_str())
    }
}

/// A running sandbox server on the current tokio runtime.
#[derive(Debug)]
pub struct Sandbox {
    addr: SocketAddr,
    /// The address clients use: loopback when listening on every interface.
    host: SocketAddr,
    endpoints: Vec<Endpoint>,
    stores: Vec<Store>,
    faults: Faults,
    shutdown: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<io::Result<()>>>,
}

impl Sandbox {
    /// Binds `options.addr`, spawns the server and returns at once.
    pub async fn start(options: SandboxOptions) -> io::Result<Sandbox> {
        let listener = tokio::net::TcpListener::bind(options.addr).await?;
        let addr = listener.local_addr()?;
        let (app, stores, faults) = routed(&options);
        let (shutdown, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            axum::serve(listener, app)
                .with_graceful_shutdown(async move {
                    let _ = stopped.await;
                })
                .await
        });
        // A client cannot connect to 0.0.0.0 / [::]: advertise loopback instead.
        let host = match addr.ip() {
            IpAddr::V4(ip) if ip.is_unspecified() => {
                SocketAddr::new(Ipv4Addr::LOCALHOST.into(), addr.port())
            }
            IpAddr::V6(ip) if ip.is_unspecified() => {
                SocketAddr::new(std::net::Ipv6Addr::LOCALHOST.into(), addr.port())
            }
            _ => addr,
        };
        let mut endpoints = vec![
            Endpoint {
                platform: Platform::Cscart,
                base_url: format!("http://{host}/{}", Platform::Cscart.key()),
                user: DEMO_CSCART_USER.to_string(),
                key: options.cscart_key.clone(),
            },
            Endpoint {
                platform: Platform::Valigara,
                base_url: format!("http://{host}/{}", Platform::Valigara.key()),
                user: String::new(),
                key: options.valigara_key.clone(),
            },
            Endpoint {
                platform: Platform::B2bwave,
                base_url: format!("http://{host}/{}", Platform::B2bwave.key()),
                user: options.b2bwave_app_code.clone(),
                key: options.b2bwave_token.clone(),
            },
        ];
        endpoints.extend([ugal::Site::Plain, ugal::Site::Vat].map(|site| Endpoint {
            platform: Platform::Ugal,
            base_url: format!("http://{host}/{}", site.path()),
            user: ugal::USER.to_string(),
            key: options.ugal_token.clone(),
        }));
        Ok(Sandbox {
            addr,
            host,
            endpoints,
            stores,
            faults,
            shutdown: Some(shutdown),
            task: Some(task),
        })
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The control endpoint's URL, `http://HOST:PORT/_faults`.
    pub fn faults_url(&self) -> String {
        format!("http://{}/_faults", self.host)
    }

    pub fn endpoints(&self) -> &[Endpoint] {
        &self.endpoints
    }

    pub fn endpoint(&self, platform: Platform) -> Option<&Endpoint> {
        self.endpoints.iter().find(|e| e.platform == platform)
    }

    /// What the store at the endpoint named `name` (`cscart`, `ugal-vat`, ...) let
    /// through and refused over its rate limit.
    pub fn traffic(&self, name: &str) -> Traffic {
        self.stores
            .iter()
            .find(|store| store.name == name)
            .map(|store| store.limiter.traffic())
            .unwrap_or_default()
    }

    /// The latest requests the store at the endpoint named `name` received, oldest first
    /// (at most `received::KEPT`).
    pub fn received(&self, name: &str) -> Vec<received::Received> {
        self.stores
            .iter()
            .find(|store| store.name == name)
            .map(|store| store.received.list())
            .unwrap_or_default()
    }

    /// Forgets what the store at the endpoint named `name` received so far.
    pub fn forget_received(&self, name: &str) {
        if let Some(store) = self.stores.iter().find(|store| store.name == name) {
            store.received.clear();
        }
    }

    /// Requests the platform's stores refused over their rate limit (UGAL's two sites together).
    pub fn refusals(&self, platform: Platform) -> u64 {
        self.platform_traffic(platform).refused
    }

    /// Requests the platform's stores let through (UGAL's two sites together).
    pub fn accepted(&self, platform: Platform) -> u64 {
        self.platform_traffic(platform).accepted
    }

    fn platform_traffic(&self, platform: Platform) -> Traffic {
        self.stores
            .iter()
            .filter(|store| store.platform == platform)
            .map(|store| store.limiter.traffic())
            .fold(Traffic::default(), |sum, t| Traffic {
                accepted: sum.accepted + t.accepted,
                refused: sum.refused + t.refused,
            })
    }

    /// The armed faults: `add`, `set`, `remove`, `clear` and `list` act at once on every
    /// later request, as `/_faults` does over HTTP.
    pub fn faults(&self) -> &Faults {
        &self.faults
    }

    /// Stops accepting connections, lets requests in flight finish (requests a fault holds
    /// end at once, their connections closed), and waits for the server.
    pub async fn shutdown(mut self) {
        self.faults.release();
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        self.faults.release();
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

/// One simulated store: where it is mounted and its request budget.
#[derive(Debug)]
struct Store {
    name: &'static str,
    platform: Platform,
    limiter: Arc<Limiter>,
    received: received::ReceivedLog,
}

/// Every simulated platform, each nested under `/{platform.key()}`; UGAL's two sites under
/// `/ugal` and `/ugal-vat`; `/_faults` arms and lists faults.
pub fn router(options: &SandboxOptions) -> Router {
    routed(options).0
}

fn routed(options: &SandboxOptions) -> (Router, Vec<Store>, Faults) {
    // Each store seeds its catalog on its own thread: a 100,000-product start-up takes
    // as long as the slowest store, not the sum of them.
    let (cscart, valigara, b2bwave, ugal, ugal_vat) = std::thread::scope(|scope| {
        let cscart = scope.spawn(|| cscart::router(options));
        let valigara = scope.spawn(|| valigara::router(options));
        let b2bwave = scope.spawn(|| b2bwave::router(options));
        let ugal = scope.spawn(|| ugal::router(options, ugal::Site::Plain));
        let ugal_vat = ugal::router(options, ugal::Site::Vat);
        (
            joined(cscart),
            joined(valigara),
            joined(b2bwave),
            joined(ugal),
            ugal_vat,
        )
    });
    let mounted: [(&'static str, Platform, Router, Refuse); 5] = [
        (
            Platform::Cscart.key(),
            Platform::Cscart,
            cscart,
            cscart::refuse,
        ),
        (
            Platform::Valigara.key(),
            Platform::Valigara,
            valigara,
            valigara::refuse,
        ),
        (
            Platform::B2bwave.key(),
            Platform::B2bwave,
            b2bwave,
            b2bwave::refuse,
        ),
        (ugal::Site::Plain.path(), Platform::Ugal, ugal, ugal::refuse),
        (
            ugal::Site::Vat.path(),
            Platform::Ugal,
            ugal_vat,
            ugal::refuse,
        ),
    ];
    let mut router = Router::new();
    let mut stores = Vec::new();
    for (name, platform, store, refuse) in mounted {
        let limiter = Arc::new(Limiter::new(
            options.rate_limit,
            options.valigara_clock.clone(),
        ));
        let received = received::ReceivedLog::default();
        let store = if options.prerendered {
            let is_read = match platform {
                Platform::Valigara => valigara::reads,
                _ => prerender::by_method,
            };
            prerender::layer(store, is_read)
        } else {
            store
        };
        router = router.nest(
            &format!("/{name}"),
            received::record(
                limiter::guard(store, limiter.clone(), refuse),
                received.clone(),
            ),
        );
        stores.push(Store {
            name,
            platform,
            limiter,
            received,
        });
    }
    let faults = Faults::new(options.faults.iter().copied());
    let router = faults::layer(router.fallback(not_found), faults.clone())
        .merge(faults::routes(faults.clone()));
    if options.latency.is_zero() {
        return (router, stores, faults);
    }
    let half = options.latency / 2;
    let router = router.layer(axum::middleware::from_fn(
        move |request, next: axum::middleware::Next| async move {
            link_delay(half).await;
            let response = next.run(request).await;
            link_delay(half).await;
            response
        },
    ));
    (router, stores, faults)
}

/// Waits `delay` as a link would, to the tenth of a millisecond: tokio's timer rounds every
/// sleep up to a whole millisecond, which would add one or two to each answer of a link said
/// to take 20. A sleeping thread of the blocking pool costs no CPU.
async fn link_delay(delay: Duration) {
    if tokio::task::spawn_blocking(move || std::thread::sleep(delay))
        .await
        .is_err()
    {
        tokio::time::sleep(delay).await;
    }
}

/// A seeding thread's router; a panic there is the sandbox's own bug, passed on as it was.
fn joined(handle: std::thread::ScopedJoinHandle<'_, Router>) -> Router {
    match handle.join() {
        Ok(router) => router,
        Err(panic) => std::panic::resume_unwind(panic),
    }
}

async fn not_found() -> Response {
    (
        StatusCode::NOT_FOUND,
        axum::Json(serde_json::json!({"message": "Not Found", "status": 404})),
    )
        .into_response()
}
