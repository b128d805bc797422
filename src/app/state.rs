//! Everything the UI shows, owned by the app and changed only by `update`.

use std::collections::VecDeque;
use std::path::PathBuf;

use tui_textarea::TextArea;

use crate::basket::{ItemId, Target};
use crate::catalog::exchange::Exchange;
use crate::catalog::fields::FieldSpec;
use crate::catalog::http::PlannedRequest;
use crate::catalog::model::Platform;
use crate::catalog::model::PriceTier;
use crate::catalog::model::ProductId;
use crate::catalog::model::{Budget, Capabilities, ListingAccount, SoldAction};
use crate::catalog::ratelimit::RateLimit;
use crate::inspect::body::FormattedBody;

pub use super::session::{Batch, Detail, EditKind, Focus, Listing, Load, Session, StockIntent};

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
    /// What the platform allows, already narrowed for a read-only profile.
    pub capabilities: Capabilities,
    /// The login name sent with the secret, for copied curl commands (never the secret).
    pub user: Option<String>,
    /// The environment variable a copied curl command reads the secret from.
    pub secret_var: String,
}

/// The one-line search prompt while it is open.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SearchPrompt {
    pub text: String,
    /// The search applied when the prompt opened, put back by Esc.
    pub previous: String,
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

#[derive(Debug, Clone)]
pub struct State {
    pub profiles: Vec<ProfileInfo>,
    pub active_profile: usize,
    /// The active profile's store: its rows, basket, undo, warehouse and status.
    pub session: Session,
    /// Every profile's session while another is active, by profile index (the active
    /// profile's slot holds an empty one).
    pub parked: Vec<Session>,
    /// What is open, bottom to top: the list, then the detail pane, dialogs, editors…
    pub layers: Vec<Layer>,
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
    /// Digits typed before a command, as in vim (`5+`).
    pub count: Option<u32>,
    /// Per profile, the colour its name is drawn in, when the config gives one.
    pub accents: Vec<Option<ratatui::style::Color>>,
    /// The keys of the list's commands, the config's `[keys]` applied.
    pub bindings: std::sync::Arc<crate::keys::Bindings>,
    /// The theme drawn with and the others `:theme` offers.
    pub themes: super::themes::Themes,
    /// The time as the loop last handed it, and since when each store has been waiting.
    pub clock: super::clock::Clock,
    /// The history of the product last opened, as the catalog cache holds it.
    pub history: Option<ProductHistory>,
}

/// A product's observed stock and price over time, for the detail pane's chart.
#[derive(Debug, Clone, PartialEq)]
pub struct ProductHistory {
    pub profile: usize,
    pub id: crate::catalog::model::ProductId,
    pub points: Vec<crate::cache::HistoryPoint>,
}

/// One thing open on screen. `State.layers` holds them bottom to top: the list first, and the
/// top one has the keyboard, draws last and names the keys on the hints line.
#[derive(Debug, Clone)]
pub enum Layer {
    /// The product list: always at the bottom, never popped.
    List,
    /// The detail pane (beside the list when the terminal is wide, in its place when narrow).
    Detail,
    /// `/`: the search being typed.
    Search(SearchPrompt),
    Help,
    /// A one-line input: `:`, `=`, a production profile's name.
    Prompt(Prompt),
    Editor(Editor),
    Basket(BasketView),
    /// A question that must be answered before anything else.
    Dialog(Dialog),
    ImportReport(super::import::ImportReport),
    /// The request ledger.
    Ledger(Inspector),
    /// One exchange in full.
    Exchange(OpenExchange),
    /// A product's sales-channel listings (Valigara).
    Listings(ListingsView),
    /// `y` was pressed: the next key says what to copy.
    Copy,
}

/// A product's sales-channel accounts, which of them to update, and the hourly budget.
#[derive(Debug, Clone, PartialEq)]
pub struct ListingsView {
    pub target: Target,
    /// `None` while loading.
    pub accounts: Option<Result<Vec<ListingAccount>, String>>,
    /// Account ids chosen for the update.
    pub chosen: Vec<u64>,
    pub selected: usize,
    pub budget: Option<Budget>,
    /// An update is on its way.
    pub sending: bool,
}

/// The request ledger (newest first).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Inspector {
    /// Position in the filtered ledger.
    pub selected: usize,
    pub offset: usize,
    /// Applied filter: words that must all appear in the method, path, status or debug id.
    pub filter: String,
    /// The filter being typed, while its prompt is open.
    pub filter_input: Option<String>,
}

/// One exchange on screen: its request or its response, with the body formatted.
#[derive(Debug, Clone, PartialEq)]
pub struct OpenExchange {
    pub seq: u64,
    pub section: Section,
    /// Formatted off the UI loop; `None` until ready.
    pub request_body: Option<std::sync::Arc<FormattedBody>>,
    pub response_body: Option<std::sync::Arc<FormattedBody>>,
    /// First line shown of the section's text (summary, headers, then the body).
    pub scroll: usize,
    /// Columns the body is scrolled right by (← →), so a long line reads to its end.
    pub shift: usize,
    pub search: Option<BodySearch>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Section {
    Request,
    #[default]
    Response,
}

/// `/` within a body: the query, where it matches, and which match is current.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct BodySearch {
    pub query: String,
    /// Still typing the query.
    pub editing: bool,
    /// (body line, byte offset) of every match, in order.
    pub matches: Vec<(usize, usize)>,
    pub current: usize,
}

/// A one-line input at the bottom of the screen.
#[derive(Debug, Clone, PartialEq)]
pub struct Prompt {
    pub kind: PromptKind,
    pub text: String,
    pub error: Option<String>,
    /// What Tab offered for the last word of a `:` command, until something is typed.
    pub completion: Option<Completion>,
    /// The text is a prefilled value shown selected: the first character typed replaces it.
    pub selected: bool,
}

impl Prompt {
    pub fn new(kind: PromptKind, text: &str) -> Prompt {
        Prompt {
            kind,
            text: text.to_owned(),
            error: None,
            completion: None,
            selected: false,
        }
    }

    /// A line holding `value` selected, so that typing replaces it.
    pub fn prefilled(kind: PromptKind, value: &str) -> Prompt {
        Prompt {
            selected: !value.is_empty(),
            ..Prompt::new(kind, value)
        }
    }
}

/// The words the last word of the command line can become, and the one Tab put there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Completion {
    /// Where the word starts in the prompt's text.
    pub start: usize,
    pub candidates: Vec<String>,
    /// The candidate shown, once Tab cycles through them.
    pub chosen: Option<usize>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum PromptKind {
    /// `=`: an exact stock value for one product.
    /// `warehouse`: one warehouse's stock rather than the total.
    /// `warehouses`: with none chosen, the product's warehouses as read, whose total is typed.
    SetStock {
        target: Target,
        current: i64,
        warehouse: Option<WarehouseSlot>,
        warehouses: Vec<crate::catalog::model::WarehouseStock>,
    },
    /// `=` with products marked: `15` sets, `+5` / `-2` adjust the stock of every one of them.
    SetMarkedStock { marked: usize },
    /// A production profile: the user types its name before a batch of several writes.
    ConfirmProduction { profile: String },
    /// `:` commands (`w`, `q`).
    Command,
}

/// A warehouse the stock keys act on, with the product's total when it was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WarehouseSlot {
    pub id: u64,
    pub code: String,
    pub total: i64,
}

/// The edit pane.
#[derive(Debug, Clone)]
pub enum Editor {
    Form(FormEditor),
    Raw(Box<RawEditor>),
    Prices(Box<PriceEditor>),
}

/// A price list × quantity tiers table, checked as the user types (UGAL).
#[derive(Debug, Clone, PartialEq)]
pub struct PriceEditor {
    pub target: Target,
    /// On a VAT shop, amounts include VAT at this rate.
    pub vat_rate: Option<rust_decimal::Decimal>,
    pub rows: Vec<PriceRow>,
    /// The prices as last read, which a staged change is checked against.
    pub original: Vec<PriceTier>,
    pub row: usize,
    pub column: PriceColumn,
    /// The focused cell's value is selected: the first character typed replaces it.
    pub selected: bool,
    /// Problems with the whole table (no nominal price, a tier twice).
    pub errors: Vec<String>,
}

/// One tier as typed: price list, minimum quantity, amount.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PriceRow {
    pub pricelist: String,
    pub quantity: String,
    pub amount: String,
    pub error: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PriceColumn {
    Pricelist,
    Quantity,
    #[default]
    Amount,
}

/// A form of the fields the platform lets a user change, validated as they type.
#[derive(Debug, Clone)]
pub struct FormEditor {
    pub target: Target,
    /// A new product rather than an edit.
    pub creating: bool,
    pub fields: Vec<FormField>,
    pub focus: usize,
    /// A new product's SKU the user was told is already taken: saving it again stages it.
    pub duplicate_confirmed: Option<String>,
}

#[derive(Debug, Clone)]
pub struct FormField {
    pub spec: FieldSpec,
    /// What the form calls it (`Price`, `Stock MAIN`).
    pub label: String,
    pub input: TextArea<'static>,
    /// The value when the form opened.
    pub original: String,
    pub error: Option<String>,
}

impl FormField {
    pub fn text(&self) -> String {
        self.input.lines().join("\n")
    }
}

/// The platform's JSON for one product, edited as text.
#[derive(Debug, Clone)]
pub struct RawEditor {
    pub target: Target,
    pub input: TextArea<'static>,
    /// The editable keys' values when the editor opened.
    pub baseline: serde_json::Map<String, serde_json::Value>,
    /// Why the text cannot be staged yet (JSON syntax, then the platform's rules).
    pub errors: Vec<String>,
}

/// The change basket on screen.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct BasketView {
    pub selected: usize,
    pub scroll: usize,
    /// The exact requests each item will make, once the runner has planned them.
    pub plans: Vec<(ItemId, Result<Vec<PlannedRequest>, String>)>,
}

/// A question that must be answered before anything else.
#[derive(Debug, Clone, PartialEq)]
pub enum Dialog {
    /// Send the basket? (`writes` write requests, each after a re-read.)
    ConfirmSend {
        items: usize,
        writes: usize,
    },
    /// `channels`: the platform lists products on sales channels, which the delete may keep.
    ConfirmDelete {
        target: Target,
        channels: bool,
    },
    /// Push a product's listings to the chosen accounts; `budget` as last known.
    ConfirmUpdateListings {
        target: Target,
        accounts: usize,
        budget: Option<Budget>,
    },
    /// Push the stock of `ids` (just sent) to their channel listings? `budget` as last known.
    ConfirmStockPush {
        ids: Vec<ProductId>,
        budget: Option<Budget>,
    },
    /// Record a sale: how many, and what else the platform should do.
    MarkSold {
        target: Target,
        current: i64,
        quantity: String,
        action: SoldAction,
        error: Option<String>,
        /// The prefilled quantity is selected: the first digit typed replaces it.
        selected: bool,
    },
    ConfirmQuit {
        unsent: usize,
    },
    /// Quit while `profile`'s batch is sending item `at` of `total`.
    QuitWhileSending {
        unsent: usize,
        profile: String,
        at: usize,
        total: usize,
    },
    /// Stop the batch being sent after the item in flight? (`done` of `total` settled.)
    ConfirmStopSending {
        done: usize,
        total: usize,
    },
    /// Apply a stock adjustment (`delta`) that may already be applied to the server's `now`?
    ConfirmReapply {
        item: ItemId,
        sku: String,
        delta: i64,
        now: i64,
    },
    ConfirmDiscard {
        items: usize,
    },
    /// A journal from an earlier run holds unsent changes.
    Recovered {
        items: usize,
        uncertain: usize,
    },
}

impl State {
    pub fn new(profiles: Vec<ProfileInfo>, active_profile: usize) -> State {
        let profile_count = profiles.len();
        State {
            profiles,
            active_profile,
            session: Session::default(),
            parked: vec![Session::default(); profile_count],
            layers: vec![Layer::List],
            message: None,
            ledger: VecDeque::new(),
            viewport: (80, 24),
            log_path: None,
            config_path: None,
            next_request: 1,
            should_quit: false,
            count: None,
            accents: vec![None; profile_count],
            bindings: Default::default(),
            themes: Default::default(),
            clock: Default::default(),
            history: None,
        }
    }

    pub fn profile(&self) -> Option<&ProfileInfo> {
        self.profiles.get(self.active_profile)
    }

    /// The active store's newest exchange, for the status bar.
    pub fn last_exchange(&self) -> Option<&Exchange> {
        self.session.last_exchange.as_ref()
    }

    /// The newest rate-limit budget the active store announced.
    pub fn rate_limit(&self) -> Option<RateLimit> {
        self.session.rate_limit
    }

    /// Changes staged on every profile, the active one and those switched away from.
    pub fn unsent(&self) -> usize {
        self.session.basket.len() + self.parked.iter().map(|s| s.basket.len()).sum::<usize>()
    }
}

impl State {
    /// When the active store's rate-limit hold ends: the newest exchange that announced its
    /// budget, answered plus the wait it asked for (or the reset of a spent budget).
    pub fn hold_until(&self) -> Option<std::time::SystemTime> {
        let rate = self.rate_limit()?;
        let wait = rate
            .retry_after
            .or(rate.reset.filter(|_| rate.remaining == Some(0)))?;
        let profile = self.profile().map(|p| p.name.as_str());
        let announced = self
            .last_exchange()
            .into_iter()
            .chain(self.ledger.iter())
            .find(|e| {
                e.rate_limit == Some(rate)
                    && (e.profile.as_deref() == profile || e.profile.is_none())
            })?;
        Some(announced.started_at + announced.latency + wait)
    }

    /// Whether the loop should keep handing the time over: something is in flight or on hold.
    pub fn needs_ticks(&self) -> bool {
        super::clock::waiting(&self.session)
            || self
                .hold_until()
                .is_some_and(|until| self.clock.left_until(until).is_some())
    }

    /// Hands `now` to the state and notes when the active store began or stopped waiting.
    pub fn tick(&mut self, now: std::time::SystemTime) {
        let busy = super::clock::waiting(&self.session);
        self.clock.set(now, self.active_profile, busy);
    }
}
