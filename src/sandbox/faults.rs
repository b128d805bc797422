//! Fault injection: what a fault is, its `KIND[@STORE][/OP][xN]` spelling, and the shared
//! set of armed faults that the sandbox consults before each store answers.
//!
//! A request is matched by its store (the first path segment) and its operation:
//!
//! | operation | CS-Cart (`/api` or `/api/2.0`) | Valigara (`action`, query or form) | B2B Wave | UGAL (both sites) |
//! |---|---|---|---|---|
//! | `list` | `GET /products`, `GET /categories/{c}/products`, `GET /vendors\|stores/{c}/products` | `product_search`, `products_export` | `GET /api/products` without `id_eq` | `GET /api/v1/items` |
//! | `get` | `GET /products/{id}`, `GET /categories/{c}/products/{id}` | `product_export`, `product_listfields`, `listings_accounts_get`, `products_post_templates_list` | `GET /api/products?id_eq=` | `GET /api/v1/items/{ref}`, `GET /api/v1/products/{id}` |
//! | `stock` | `PUT /products/{id}` whose body holds only `amount` | `product_sold`, `products_revise_inventory`, `product_update` whose data holds only `id`/`sku` and `quantity` | `POST /api/products/update_quantity` | `PUT /api/v1/items/{ref}` with an inventory and no prices |
//! | `edit` | any other `PUT /products/{id}` | any other `product_update`, `product_update_listings`, `products_post` | `PATCH`/`PUT /api/products/{id}` | `PUT /api/v1/items/{ref}` with prices |
//! | `create` | `POST /products`, `POST /vendors\|stores/{c}/products` | `product_import` | `POST /api/products` | (none) |
//! | `delete` | `DELETE /products/{id}` | `product_delete` | (none) | (none) |
//!
//! Any other request (an unknown path, method or action) is matched only by `any`.
//! `.json` (and UGAL's `.xml`) endings and trailing slashes are ignored.

mod classify;
mod control;
mod hostile;
mod respond;
mod shape;

use std::fmt;
use std::str::FromStr;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use serde::Serialize;
use tokio::sync::watch;

pub(super) use control::routes;
pub(super) use respond::layer;

/// What goes wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FaultKind {
    /// `latency:MS`: the answer comes this much later.
    Latency(Duration),
    /// `timeout`: no answer at all; the request is held (an hour) without a byte written.
    Timeout,
    /// `timeout-after-apply`: the store handles the request (a write is applied), then no
    /// answer comes.
    TimeoutAfterApply,
    /// `reset`: the connection is closed without an HTTP answer.
    Reset,
    /// `status:CODE`: this status, with the platform's error body.
    Status(u16),
    /// `429`, `429-retry-after:SECS`: the platform's refusal (Valigara: status 105), with
    /// `Retry-After` only when given.
    TooManyRequests { retry_after: Option<u64> },
    /// `malformed`: 200 with the platform's content type and a body that does not parse.
    Malformed,
    /// `truncated`: the store's real answer cut in half (its length says so: the body is
    /// complete as HTTP, broken as JSON or XML). A write is applied.
    Truncated,
    /// `html`, `html:CODE`: a proxy's HTML page with this status (502 unless given).
    Html(u16),
    /// `oversized`, `oversized:MB`: a well-formed-looking answer of this many bytes
    /// (64 MiB unless given), streamed without a length.
    Oversized { bytes: u64 },
    /// `invalid-utf8`: the store's real answer with bytes that are not UTF-8 inside a string.
    InvalidUtf8,
    /// `hostile-data`: the store's real answer with terminal escapes, bidi overrides and
    /// 10,000-character strings in the names, SKUs and descriptions of some products.
    HostileData,
}

/// The store a fault applies to: one platform key, or every store.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Target {
    #[default]
    All,
    Cscart,
    Valigara,
    B2bwave,
    Ugal,
    UgalVat,
}

/// The operation a fault applies to (see the module's table).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Operation {
    #[default]
    Any,
    List,
    Get,
    Stock,
    Edit,
    Create,
    Delete,
}

/// How many matching requests a fault spoils.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Times {
    #[default]
    Always,
    Count(u32),
}

/// One fault: a kind, where it applies and how often. `Fault::new(kind)` applies to every
/// store and operation, always; `at`, `on` and `times` narrow it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Fault {
    pub kind: FaultKind,
    pub store: Target,
    pub op: Operation,
    pub times: Times,
}

impl Fault {
    pub fn new(kind: FaultKind) -> Fault {
        Fault {
            kind,
            store: Target::All,
            op: Operation::Any,
            times: Times::Always,
        }
    }

    pub fn at(self, store: Target) -> Fault {
        Fault { store, ..self }
    }

    pub fn on(self, op: Operation) -> Fault {
        Fault { op, ..self }
    }

    /// Spoils only the next `n` matching requests (`0` is read as 1).
    pub fn times(self, n: u32) -> Fault {
        Fault {
            times: Times::Count(n.max(1)),
            ..self
        }
    }

    pub fn always(self) -> Fault {
        Fault {
            times: Times::Always,
            ..self
        }
    }
}

/// One armed fault as listed: its id (for removal), what it is, how many matching requests
/// it will still spoil (`None`: always) and how many it has spoiled.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FaultStatus {
    pub id: u64,
    #[serde(serialize_with = "spelled")]
    pub fault: Fault,
    pub remaining: Option<u32>,
    pub fired: u64,
}

fn spelled<S: serde::Serializer>(fault: &Fault, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(fault)
}

/// The armed faults of one sandbox. Clones share them; `Sandbox::faults` hands one out.
#[derive(Debug, Clone)]
pub struct Faults {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    /// How many faults are armed: the one load a request pays when there are none.
    armed: AtomicUsize,
    list: Mutex<Vec<FaultStatus>>,
    next_id: AtomicU64,
    fired: AtomicU64,
    /// Set when the sandbox stops, so held requests end and shutdown does not wait an hour.
    released: watch::Sender<bool>,
}

impl Default for Faults {
    fn default() -> Faults {
        Faults {
            inner: Arc::new(Inner {
                armed: AtomicUsize::new(0),
                list: Mutex::new(Vec::new()),
                next_id: AtomicU64::new(1),
                fired: AtomicU64::new(0),
                released: watch::Sender::new(false),
            }),
        }
    }
}

impl Faults {
    pub fn new(faults: impl IntoIterator<Item = Fault>) -> Faults {
        let all = Faults::default();
        for fault in faults {
            all.add(fault);
        }
        all
    }

    fn list_lock(&self) -> MutexGuard<'_, Vec<FaultStatus>> {
        // A poisoned lock only means a handler panicked; the list is still usable.
        self.inner
            .list
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Arms `fault` after those already armed; returns its id.
    pub fn add(&self, fault: Fault) -> u64 {
        let id = self.inner.next_id.fetch_add(1, Ordering::Relaxed);
        let remaining = match fault.times {
            Times::Always => None,
            Times::Count(n) => Some(n.max(1)),
        };
        let mut list = self.list_lock();
        list.push(FaultStatus {
            id,
            fault,
            remaining,
            fired: 0,
        });
        self.inner.armed.store(list.len(), Ordering::Release);
        id
    }

    /// Disarms every fault and arms `fault` alone; returns its id.
    pub fn set(&self, fault: Fault) -> u64 {
        self.clear();
        self.add(fault)
    }

    /// Disarms every fault.
    pub fn clear(&self) {
        let mut list = self.list_lock();
        list.clear();
        self.inner.armed.store(0, Ordering::Release);
    }

    /// Disarms the fault with this id; false when there is none.
    pub fn remove(&self, id: u64) -> bool {
        let mut list = self.list_lock();
        let before = list.len();
        list.retain(|entry| entry.id != id);
        self.inner.armed.store(list.len(), Ordering::Release);
        list.len() != before
    }

    /// The armed faults, in the order they are tried.
    pub fn list(&self) -> Vec<FaultStatus> {
        self.list_lock().clone()
    }

    /// Requests spoiled so far by any fault, including those since disarmed.
    pub fn fired(&self) -> u64 {
        self.inner.fired.load(Ordering::Relaxed)
    }

    fn armed(&self) -> bool {
        self.inner.armed.load(Ordering::Acquire) > 0
    }

    fn armed_for(&self, store: Target) -> bool {
        self.list_lock()
            .iter()
            .any(|entry| entry.fault.store.covers(store))
    }

    /// The first armed fault matching the request, spent once; a count run out disarms it.
    fn take(&self, store: Target, op: Option<Operation>) -> Option<FaultKind> {
        let mut list = self.list_lock();
        let index = list
            .iter()
            .position(|entry| entry.fault.store.covers(store) && entry.fault.op.covers(op))?;
        let entry = list.get_mut(index)?;
        entry.fired += 1;
        let kind = entry.fault.kind;
        if let Some(left) = entry.remaining.as_mut() {
            *left = left.saturating_sub(1);
            if *left == 0 {
                list.remove(index);
            }
        }
        self.inner.armed.store(list.len(), Ordering::Release);
        self.inner.fired.fetch_add(1, Ordering::Relaxed);
        Some(kind)
    }

    /// Ends every held request (they close their connections) and every later one at once.
    pub(super) fn release(&self) {
        self.inner.released.send_replace(true);
    }

    /// Waits until the sandbox stops, or for `at_most`.
    async fn hold(&self, at_most: Duration) {
        let mut released = self.inner.released.subscribe();
        let _ = tokio::time::timeout(at_most, released.wait_for(|stopped| *stopped)).await;
    }
}

impl Target {
    pub fn key(self) -> &'static str {
        match self {
            Target::All => "all",
            Target::Cscart => "cscart",
            Target::Valigara => "valigara",
            Target::B2bwave => "b2bwave",
            Target::Ugal => "ugal",
            Target::UgalVat => "ugal-vat",
        }
    }

    const STORES: [Target; 5] = [
        Target::Cscart,
        Target::Valigara,
        Target::B2bwave,
        Target::Ugal,
        Target::UgalVat,
    ];

    /// The store mounted at this path's first segment.
    fn of_path(path: &str) -> Option<(Target, &str)> {
        let rest = path.strip_prefix('/')?;
        let (first, tail) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
        Target::STORES
            .into_iter()
            .find(|store| store.key() == first)
            .map(|store| (store, tail))
    }

    fn covers(self, store: Target) -> bool {
        self == Target::All || self == store
    }
}

impl Operation {
    /// Every operation a request can be, `Any` aside.
    pub const EACH: [Operation; 6] = [
        Operation::List,
        Operation::Get,
        Operation::Stock,
        Operation::Edit,
        Operation::Create,
        Operation::Delete,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Operation::Any => "any",
            Operation::List => "list",
            Operation::Get => "get",
            Operation::Stock => "stock",
            Operation::Edit => "edit",
            Operation::Create => "create",
            Operation::Delete => "delete",
        }
    }

    fn covers(self, op: Option<Operation>) -> bool {
        self == Operation::Any || op == Some(self)
    }
}

const MIB: u64 = 1024 * 1024;

impl fmt::Display for FaultKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FaultKind::Latency(by) => write!(f, "latency:{}", by.as_millis()),
            FaultKind::Timeout => f.write_str("timeout"),
            FaultKind::TimeoutAfterApply => f.write_str("timeout-after-apply"),
            FaultKind::Reset => f.write_str("reset"),
            FaultKind::Status(code) => write!(f, "status:{code}"),
            FaultKind::TooManyRequests { retry_after: None } => f.write_str("429"),
            FaultKind::TooManyRequests {
                retry_after: Some(secs),
            } => write!(f, "429-retry-after:{secs}"),
            FaultKind::Malformed => f.write_str("malformed"),
            FaultKind::Truncated => f.write_str("truncated"),
            FaultKind::Html(code) => write!(f, "html:{code}"),
            FaultKind::Oversized { bytes } if bytes % MIB == 0 => {
                write!(f, "oversized:{}", bytes / MIB)
            }
            FaultKind::Oversized { bytes } => write!(f, "oversized:{bytes}B"),
            FaultKind::InvalidUtf8 => f.write_str("invalid-utf8"),
            FaultKind::HostileData => f.write_str("hostile-data"),
        }
    }
}

impl fmt::Display for Fault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}@{}/{}", self.kind, self.store.key(), self.op.key())?;
        match self.times {
            Times::Always => Ok(()),
            Times::Count(n) => write!(f, " x{n}"),
        }
    }
}

/// Why a fault's spelling was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct BadFault(String);

fn number<T: FromStr>(text: &str, what: &str) -> Result<T, BadFault> {
    text.trim()
        .parse()
        .map_err(|_| BadFault(format!("{what} must be a whole number, not {text:?}")))
}

impl FromStr for FaultKind {
    type Err = BadFault;

    fn from_str(text: &str) -> Result<FaultKind, BadFault> {
        let text = text.trim();
        let (name, arg) = match text.split_once(':') {
            Some((name, arg)) => (name, Some(arg)),
            None => (text, None),
        };
        let kind = match (name, arg) {
            ("latency", Some(ms)) => {
                FaultKind::Latency(Duration::from_millis(number(ms, "latency")?))
            }
            ("timeout", None) => FaultKind::Timeout,
            ("timeout-after-apply", None) => FaultKind::TimeoutAfterApply,
            ("reset", None) => FaultKind::Reset,
            ("status", Some(code)) => FaultKind::Status(status_code(code)?),
            ("429", None) => FaultKind::TooManyRequests { retry_after: None },
            ("429-retry-after", Some(secs)) => FaultKind::TooManyRequests {
                retry_after: Some(number(secs, "429-retry-after")?),
            },
            ("malformed", None) => FaultKind::Malformed,
            ("truncated", None) => FaultKind::Truncated,
            ("html", None) => FaultKind::Html(502),
            ("html", Some(code)) => FaultKind::Html(status_code(code)?),
            ("oversized", None) => FaultKind::Oversized { bytes: 64 * MIB },
            ("oversized", Some(size)) => FaultKind::Oversized {
                bytes: match size.trim().strip_suffix('B') {
                    Some(bytes) => number(bytes, "oversized")?,
                    None => number::<u64>(size, "oversized")?.saturating_mul(MIB),
                },
            },
            ("invalid-utf8", None) => FaultKind::InvalidUtf8,
            ("hostile-data", None) => FaultKind::HostileData,
            _ => {
                return Err(BadFault(format!(
                    "unknown fault kind {text:?}: expected latency:MS, timeout, \
                     timeout-after-apply, reset, status:CODE, 429, 429-retry-after:SECS, \
                     malformed, truncated, html[:CODE], oversized[:MB], invalid-utf8 \
                     or hostile-data"
                )));
            }
        };
        Ok(kind)
    }
}

fn status_code(text: &str) -> Result<u16, BadFault> {
    let code: u16 = number(text, "a status")?;
    if (200..=599).contains(&code) {
        Ok(code)
    } else {
        Err(BadFault(format!(
            "status {code} is not between 200 and 599"
        )))
    }
}

impl FromStr for Target {
    type Err = BadFault;

    fn from_str(text: &str) -> Result<Target, BadFault> {
        let text = text.trim();
        std::iter::once(Target::All)
            .chain(Target::STORES)
            .find(|store| store.key() == text)
            .ok_or_else(|| {
                BadFault(format!(
                    "unknown store {text:?}: expected cscart, valigara, b2bwave, ugal, ugal-vat or all"
                ))
            })
    }
}

impl FromStr for Operation {
    type Err = BadFault;

    fn from_str(text: &str) -> Result<Operation, BadFault> {
        let text = text.trim();
        std::iter::once(Operation::Any)
            .chain(Operation::EACH)
            .find(|op| op.key() == text)
        .ok_or_else(|| {
            BadFault(format!(
                "unknown operation {text:?}: expected list, get, stock, edit, create, delete or any"
            ))
        })
    }
}

/// `KIND[@STORE][/OP][xN]`, spaces allowed before `xN`: `timeout-after-apply@cscart/stock x1`.
impl FromStr for Fault {
    type Err = BadFault;

    fn from_str(text: &str) -> Result<Fault, BadFault> {
        let mut rest = text.trim();
        let mut times = Times::Always;
        if let Some(at) = rest.rfind('x') {
            let count = &rest[at + 1..];
            if !count.is_empty() && count.bytes().all(|b| b.is_ascii_digit()) {
                let n: u32 = number(count, "the count after x")?;
                if n == 0 {
                    return Err(BadFault("the count after x must be at least 1".into()));
                }
                times = Times::Count(n);
                rest = rest[..at].trim_end();
            }
        }
        let mut op = Operation::Any;
        if let Some((head, name)) = rest.rsplit_once('/') {
            op = name.parse()?;
            rest = head;
        }
        let mut store = Target::All;
        if let Some((head, name)) = rest.split_once('@') {
            store = name.parse()?;
            rest = head;
        }
        Ok(Fault {
            kind: rest.parse()?,
            store,
            op,
            times,
        })
    }
}
