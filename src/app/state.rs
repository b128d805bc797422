//! Everything the UI shows, owned by the app and changed only by `update`.

use std::collections::VecDeque;
use std::path::PathBuf;

use tui_textarea::TextArea;

use crate::basket::{ItemId, Target};
use crate::catalog::error::CatalogError;
use crate::catalog::exchange::Exchange;
use crate::catalog::fields::FieldSpec;
use crate::catalog::http::PlannedRequest;
use crate::catalog::model::PriceTier;
use crate::catalog::model::{Budget, Capabilities, ListingAccount, SoldAction};
use crate::catalog::model::{ListQuery, Platform, Product, ProductSummary};
use crate::catalog::ratelimit::RateLimit;
use crate::inspect::body::FormattedBody;

use super::effect::RequestId;
use super::fields::Field;
use super::rows::Rows;
use super::session::Session;
use super::view::ViewSpec;

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

/// The product list: the whole catalog as it loads, the view of it on screen, the selection.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Listing {
    /// What is loaded from the server: its filters (only what the server must apply) and the
    /// page the load starts with.
    pub query: ListQuery,
    /// The search as the user typed it, shown while it is applied.
    pub search: String,
    /// Every page loaded so far, and the filtered or sorted view of them.
    pub rows: Rows,
    /// The filter and sort applied to the loaded rows.
    pub view: ViewSpec,
    /// The view computation in flight, and whether the rows changed since it started.
    pub view_pending: Option<u64>,
    pub view_stale: bool,
    pub view_generation: u64,
    /// The spec and rows version the view on screen, and the one being computed, come from.
    pub view_basis: Option<(ViewSpec, u64)>,
    pub pending_basis: Option<(ViewSpec, u64)>,
    /// The filter changed: the next view starts with the cursor on its first row.
    pub cursor_to_top: bool,
    /// The background load of the catalog: running, finished, stopped or failed.
    pub load: Load,
    /// The user stopped the load before the end.
    pub stopped: bool,
    pub selected: usize,
    /// First row shown, kept so the selection moves inside the viewport before it scrolls.
    pub offset: usize,
    /// The exchange that brought the first page on screen.
    pub source: Option<u64>,
}

impl Listing {
    pub fn selected_product(&self) -> Option<&ProductSummary> {
        self.rows.get(self.selected)
    }

    pub fn len(&self) -> usize {
        self.rows.len()
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
    /// The editor to open once the product being fetched arrives.
    pub then_edit: Option<EditKind>,
    /// The stock key to apply once the product being fetched (and its warehouses) arrives.
    pub then_stock: Option<StockIntent>,
    /// The exchange that brought the product on screen.
    pub source: Option<u64>,
}

/// A stock key waiting for the product's warehouses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StockIntent {
    Adjust(i64),
    Set,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EditKind {
    Form,
    Raw,
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
    /// Digits typed before a command, as in vim (`5+`).
    pub count: Option<u32>,
    pub prompt: Option<Prompt>,
    pub editor: Option<Editor>,
    pub basket_view: Option<BasketView>,
    pub dialog: Option<Dialog>,
    /// The request ledger and the exchange inspector, when open.
    pub inspector: Option<Inspector>,
    /// `y` was pressed: the next key says what to copy.
    pub copy_pending: bool,
    /// The sales-channel listings of one product, when open (Valigara).
    pub listings: Option<ListingsView>,
    /// Per profile, the colour its name is drawn in, when the config gives one.
    pub accents: Vec<Option<ratatui::style::Color>>,
    /// What the last `:import` staged and could not use, while its report is open.
    pub import_report: Option<super::import::ImportReport>,
    /// The keys of the list's commands, the config's `[keys]` applied.
    pub bindings: std::sync::Arc<crate::keys::Bindings>,
    /// The theme drawn with and the others `:theme` offers.
    pub themes: super::themes::Themes,
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

/// The request ledger (newest first) and, when one is opened, an exchange in full.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Inspector {
    /// Position in the filtered ledger.
    pub selected: usize,
    pub offset: usize,
    /// Applied filter: words that must all appear in the method, path, status or debug id.
    pub filter: String,
    /// The filter being typed, while its prompt is open.
    pub filter_input: Option<String>,
    pub open: Option<OpenExchange>,
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
}

impl Prompt {
    pub fn new(kind: PromptKind, text: &str) -> Prompt {
        Prompt {
            kind,
            text: text.to_owned(),
            error: None,
            completion: None,
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
    SetStock {
        target: Target,
        current: i64,
        warehouse: Option<WarehouseSlot>,
    },
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
    /// Record a sale: how many, and what else the platform should do.
    MarkSold {
        target: Target,
        current: i64,
        quantity: String,
        action: SoldAction,
        error: Option<String>,
    },
    ConfirmQuit {
        unsent: usize,
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

/// Progress of the batch being sent.
#[derive(Debug, Clone, PartialEq)]
pub struct Batch {
    pub items: Vec<ItemId>,
    pub done: usize,
    pub sent: usize,
    pub failed: usize,
}

impl State {
    pub fn new(profiles: Vec<ProfileInfo>, active_profile: usize) -> State {
        let profile_count = profiles.len();
        State {
            profiles,
            active_profile,
            session: Session::default(),
            parked: vec![Session::default(); profile_count],
            search: None,
            help_open: false,
            message: None,
            ledger: VecDeque::new(),
            viewport: (80, 24),
            log_path: None,
            config_path: None,
            next_request: 1,
            should_quit: false,
            count: None,
            prompt: None,
            editor: None,
            basket_view: None,
            dialog: None,
            inspector: None,
            copy_pending: false,
            listings: None,
            accents: vec![None; profile_count],
            import_report: None,
            bindings: Default::default(),
            themes: Default::default(),
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
