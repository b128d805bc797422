//! Everything that can happen to the UI: user intents and the results of service calls.

use std::path::PathBuf;
use std::sync::Arc;

use crossterm::event::KeyEvent;

use crate::basket::check::Resolution;
use crate::basket::{Item, ItemId, Outcome};
use crate::cache::HistoryPoint;
use crate::catalog::error::CatalogError;
use crate::catalog::exchange::Exchange;
use crate::catalog::fields::FieldSpec;
use crate::catalog::http::PlannedRequest;
use crate::catalog::model::{Budget, ListingAccount};
use crate::catalog::model::{Page, Product, ProductId, ProductSummary};
use crate::inspect::body::FormattedBody;

use super::effect::RequestId;
use super::rows::RowRef;

#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Down one row in the list, or one line in the detail pane when it has focus.
    SelectNext,
    SelectPrev,
    SelectFirst,
    SelectLast,
    HalfPageDown,
    HalfPageUp,
    NextPage,
    PrevPage,
    FirstPage,
    LastPage,
    Refresh,
    /// Open the selected product in the detail pane and fetch it in full.
    Open,
    /// Close what is open: help, the detail pane, then an applied search.
    Back,
    FocusNext,
    CycleSort,
    ReverseSort,
    StartSearch,
    SearchInput(char),
    SearchBackspace,
    SearchClear,
    /// Tab in `/`: completes the term being typed to the platform's words.
    SearchComplete,
    SearchSubmit,
    SearchCancel,
    ToggleHelp,
    NextProfile,
    Resize {
        width: u16,
        height: u16,
    },
    Quit,

    /// A digit typed before a command (`5+`).
    CountDigit(u8),
    /// `+` / `-`: add or remove the count (default one) from the selected product's stock.
    AdjustStock {
        sign: i64,
    },
    StartSetStock,
    /// Space: mark or unmark the selected product (the count: that many rows), then move down.
    ToggleMark,
    /// ← / → in an exchange: scroll its body sideways.
    ScrollSideways {
        right: bool,
    },
    /// `V`: start a range of marks here, or mark every row from its start to the cursor.
    MarkRange,
    /// `U`: forget every mark.
    ClearMarks,
    /// `W`: show or hide the stock of each warehouse beside the total, as `:columns`.
    ToggleWarehouseColumns,
    StartCommand,
    PromptInput(char),
    PromptBackspace,
    PromptClear,
    /// An arrow, Home or End in a one-line input or the sale dialog: a prefilled value stops
    /// being selected and is kept, to be edited.
    KeepPrefilled,
    /// The mouse wheel, over a pane (`None`: elsewhere); it scrolls that pane.
    MouseWheel {
        down: bool,
        over: Option<super::state::Focus>,
    },
    /// A left click on a pane; in the list, on a product row.
    MouseClick {
        over: super::state::Focus,
        row: Option<usize>,
    },
    /// Tab on the `:` line: complete the last word, or step to the next candidate (`back`:
    /// the previous one).
    PromptComplete {
        back: bool,
    },
    /// The files a `:` command's last word can become, read for `text`.
    PathsListed {
        text: String,
        start: usize,
        candidates: Vec<String>,
    },
    PromptSubmit,
    PromptCancel,
    EditProduct,
    EditRaw,
    NewProduct,
    DeleteProduct,
    /// A key for the focused input of the edit pane.
    EditorKey(KeyEvent),
    EditorNext,
    EditorPrev,
    EditorSave,
    EditorCancel,
    OpenBasket,
    /// Ask to send the basket.
    SendBasket,
    DropItem,
    DropAll,
    Resolve(Resolution),
    /// Esc or `c` in the basket while a batch is sent: ask to stop it.
    StopSending,
    Undo,
    /// Yes to the open dialog.
    Confirm,
    /// No to the open dialog.
    Decline,
    /// Recovered journal: review its changes in the basket.
    ReviewRecovered,
    /// Recovered journal: drop its changes.
    DiscardRecovered,
    /// Delete dialog: delete from the store but keep the channel listings.
    KeepChannels,
    /// `M`: record a sale of the selected product.
    MarkSold,
    /// In the sale dialog: a digit of the quantity, or backspace.
    SoldDigit(u8),
    SoldBackspace,
    /// In the sale dialog: the next sold action.
    SoldCycleAction,
    /// `w`: the stock keys act on the next warehouse, then the total again.
    CycleWarehouse,
    /// `A`: the selected product's channel listings.
    OpenListings,
    /// In the listings view: choose or unchoose the account under the cursor.
    ToggleAccount,
    /// In the listings view: choose every account, or none if all are chosen.
    ToggleAllAccounts,
    /// In the listings view: ask to push the listings to the chosen accounts.
    UpdateListings,
    /// `L`: the request ledger, the last request selected.
    OpenLedger,
    /// `I`: the last request in full.
    InspectLast,
    /// `R`: the raw response behind the product on screen.
    InspectProduct,
    NextMatch,
    PrevMatch,
    /// `y`: the next key says what to copy.
    StartCopy,
    Copy(CopyWhat),
    /// The command line, ready for `export har`.
    StartExport,

    // The results below belong to one profile's store and are applied to its session.
    /// One page of the catalog load arrived.
    PageLoaded {
        profile: usize,
        request: RequestId,
        page: Page<ProductSummary>,
        exchanges: Vec<Exchange>,
    },
    /// A page of the catalog load failed; the load stops there.
    PageFailed {
        profile: usize,
        request: RequestId,
        error: CatalogError,
        exchanges: Vec<Exchange>,
    },
    /// The catalog load ended (every page arrived, or one failed).
    LoadFinished {
        profile: usize,
        request: RequestId,
        failed: bool,
    },
    /// The loaded rows, filtered and sorted (`None`: all of them in the store's order).
    ViewComputed {
        profile: usize,
        generation: u64,
        rows: Option<Vec<RowRef>>,
    },
    /// The first screenful of a filtered view, shown until `ViewComputed` brings all of it.
    ViewPreviewed {
        profile: usize,
        generation: u64,
        rows: Vec<RowRef>,
    },
    /// Pages read back from the catalog cache for the load `request`, shown until it brings
    /// the store's own; `written_at` (Unix seconds) is when the cache was written.
    CacheLoaded {
        profile: usize,
        request: RequestId,
        pages: Vec<Page<ProductSummary>>,
        written_at: Option<u64>,
        last: bool,
    },
    /// The load found these products different from the cached ones.
    CacheChanged {
        profile: usize,
        ids: Vec<ProductId>,
    },
    /// The cache could not be used as it was (set aside) or written.
    CacheNotice {
        profile: usize,
        text: String,
    },
    /// A product's observed stock and price over time, from the cache.
    HistoryLoaded {
        profile: usize,
        id: ProductId,
        points: Vec<HistoryPoint>,
    },
    /// Products read again after a batch changed them.
    RowsRefreshed {
        profile: usize,
        products: Vec<ProductSummary>,
        exchanges: Vec<Exchange>,
    },
    ProductLoaded {
        profile: usize,
        request: RequestId,
        product: Box<Product>,
        exchanges: Vec<Exchange>,
    },
    ProductFailed {
        profile: usize,
        request: RequestId,
        error: CatalogError,
        exchanges: Vec<Exchange>,
    },
    JournalLoaded {
        profile: usize,
        items: Vec<Item>,
    },
    /// The journal could not be opened (unreadable, or held by another process): nothing is
    /// staged or sent here.
    JournalFailed {
        profile: usize,
        message: String,
    },
    /// The last write of the journal failed: nothing is sent until a later write succeeds.
    JournalWriteFailed {
        profile: usize,
        message: String,
    },
    /// A write of the journal succeeded after one had failed.
    JournalWritten {
        profile: usize,
    },
    RequestsPlanned {
        profile: usize,
        plans: Vec<(ItemId, Result<Vec<PlannedRequest>, String>)>,
    },
    ItemSettled {
        profile: usize,
        item: ItemId,
        outcome: Outcome,
        exchanges: Vec<Exchange>,
    },
    BatchFinished {
        profile: usize,
    },
    BodiesFormatted {
        seq: u64,
        request: Arc<FormattedBody>,
        response: Arc<FormattedBody>,
    },
    Copied {
        what: String,
    },
    /// `what`: what the file holds, e.g. `12 requests`.
    Exported {
        path: PathBuf,
        what: String,
    },
    FormFieldsLoaded {
        profile: usize,
        fields: Result<Vec<FieldSpec>, CatalogError>,
        exchanges: Vec<Exchange>,
    },
    ListingsLoaded {
        profile: usize,
        accounts: Result<Vec<ListingAccount>, CatalogError>,
        budget: Option<Budget>,
        exchanges: Vec<Exchange>,
    },
    /// `result`: how many listing updates were queued, and the failures the server named.
    ListingsUpdated {
        profile: usize,
        result: Result<(usize, Vec<String>), CatalogError>,
        budget: Option<Budget>,
        exchanges: Vec<Exchange>,
    },
    /// `result`: how many listings took the pushed stock, and the failures the server named.
    StockPushed {
        profile: usize,
        result: Result<(usize, Vec<String>), CatalogError>,
        budget: Option<Budget>,
        exchanges: Vec<Exchange>,
    },
    /// A stock file for `:import` was read (its text), or why it could not be.
    ImportRead {
        path: PathBuf,
        result: Result<String, String>,
    },
    /// Copying or exporting failed; the text says what and why.
    InspectFailed {
        message: String,
    },
}

/// What `y` copies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CopyWhat {
    DebugId,
    Sku,
    Body,
    Curl,
}

impl Action {
    /// The exchanges a store's result brought, for the ledger.
    pub fn exchanges(&self) -> &[Exchange] {
        match self {
            Action::PageLoaded { exchanges, .. }
            | Action::PageFailed { exchanges, .. }
            | Action::RowsRefreshed { exchanges, .. }
            | Action::ProductLoaded { exchanges, .. }
            | Action::ProductFailed { exchanges, .. }
            | Action::ItemSettled { exchanges, .. }
            | Action::FormFieldsLoaded { exchanges, .. }
            | Action::ListingsLoaded { exchanges, .. }
            | Action::ListingsUpdated { exchanges, .. }
            | Action::StockPushed { exchanges, .. } => exchanges,
            _ => &[],
        }
    }

    /// The profile whose store a result belongs to; `None` for the user's intents and for
    /// results that belong to the whole run (the ledger, the clipboard, files).
    pub fn store(&self) -> Option<usize> {
        match self {
            Action::PageLoaded { profile, .. }
            | Action::PageFailed { profile, .. }
            | Action::LoadFinished { profile, .. }
            | Action::ViewComputed { profile, .. }
            | Action::ViewPreviewed { profile, .. }
            | Action::RowsRefreshed { profile, .. }
            | Action::CacheLoaded { profile, .. }
            | Action::CacheChanged { profile, .. }
            | Action::CacheNotice { profile, .. }
            | Action::HistoryLoaded { profile, .. }
            | Action::ProductLoaded { profile, .. }
            | Action::ProductFailed { profile, .. }
            | Action::JournalLoaded { profile, .. }
            | Action::JournalFailed { profile, .. }
            | Action::JournalWriteFailed { profile, .. }
            | Action::JournalWritten { profile }
            | Action::RequestsPlanned { profile, .. }
            | Action::ItemSettled { profile, .. }
            | Action::BatchFinished { profile }
            | Action::FormFieldsLoaded { profile, .. }
            | Action::ListingsLoaded { profile, .. }
            | Action::ListingsUpdated { profile, .. }
            | Action::StockPushed { profile, .. } => Some(*profile),
            _ => None,
        }
    }
}
