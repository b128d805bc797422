//! Everything the UI shows, owned by the app and changed only by `update`.

use std::collections::VecDeque;
use std::path::PathBuf;

use crate::catalog::error::CatalogError;
use crate::catalog::exchange::Exchange;
use crate::catalog::model::{ListQuery, Page, Platform, Product, ProductSummary};
use crate::catalog::ratelimit::RateLimit;

use super::effect::RequestId;
use super::fields::Field;

/// How many exchanges the run keeps for the status bar and the inspector.
pub const LEDGER_CAPACITY: usize = 1000;

/// What the UI needs to know about a configured profile (never its secret).
#[derive(Debug, Clone, PartialEq)]
pub struct ProfileInfo {
    pub name: String,
    pub platform: Platform,
    /// The store's host, for display.
    pub host: String,
    pub read_only: bool,
    pub production: bool,
}

/// A request in flight, or how the last one ended.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Load {
    #[default]
    Idle,
    Loading(RequestId),
    Failed(CatalogError),
}

impl Load {
    pub fn is_loading(&self) -> bool {
        matches!(self, Load::Loading(_))
    }

    pub fn is_current(&self, request: RequestId) -> bool {
        *self == Load::Loading(request)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Focus {
    #[default]
    List,
    Detail,
}

/// The one-line search prompt while it is open.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SearchPrompt {
    pub text: String,
    /// Why the last submitted text was not understood.
    pub error: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    Info,
    Error,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Message {
    pub severity: Severity,
    pub text: String,
}

/// The product list: the page on screen, the selection, and the request behind it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Listing {
    pub query: ListQuery,
    /// The search as the user typed it, shown while it is applied.
    pub search: String,
    /// The page on screen; kept while the next one loads.
    pub page: Option<Page<ProductSummary>>,
    pub load: Load,
    pub selected: usize,
    /// First row shown, kept so the selection moves inside the viewport before it scrolls.
    pub offset: usize,
}

impl Listing {
    pub fn selected_product(&self) -> Option<&ProductSummary> {
        self.page.as_ref()?.items.get(self.selected)
    }

    pub fn len(&self) -> usize {
        self.page.as_ref().map_or(0, |page| page.items.len())
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The full product behind the detail pane.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Detail {
    pub product: Option<Box<Product>>,
    /// Every field of the product, flattened to one line each.
    pub fields: Vec<Field>,
    pub load: Load,
    pub scroll: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct State {
    pub profiles: Vec<ProfileInfo>,
    pub active_profile: usize,
    pub listing: Listing,
    pub detail: Detail,
    pub focus: Focus,
    /// Whether the detail pane is open (on narrow terminals it replaces the list).
    pub detail_open: bool,
    pub search: Option<SearchPrompt>,
    pub help_open: bool,
    pub message: Option<Message>,
    /// Every exchange this run made, newest first, capped at `LEDGER_CAPACITY`.
    pub ledger: VecDeque<Exchange>,
    /// Terminal size in cells.
    pub viewport: (u16, u16),
    pub log_path: Option<PathBuf>,
    /// The config file, named on the welcome screen when it holds no profile.
    pub config_path: Option<PathBuf>,
    pub next_request: u64,
    pub should_quit: bool,
}

impl State {
    pub fn new(profiles: Vec<ProfileInfo>, active_profile: usize) -> State {
        State {
            profiles,
            active_profile,
            listing: Listing::default(),
            detail: Detail::default(),
            focus: Focus::List,
            detail_open: false,
            search: None,
            help_open: false,
            message: None,
            ledger: VecDeque::new(),
            viewport: (80, 24),
            log_path: None,
            config_path: None,
            next_request: 1,
            should_quit: false,
        }
    }

    pub fn profile(&self) -> Option<&ProfileInfo> {
        self.profiles.get(self.active_profile)
    }

    /// The newest exchange, for the status bar.
    pub fn last_exchange(&self) -> Option<&Exchange> {
        self.ledger.front()
    }

    /// The newest rate-limit budget any answer announced.
    pub fn rate_limit(&self) -> Option<RateLimit> {
        self.ledger.iter().find_map(|exchange| exchange.rate_limit)
    }
}
