//! One store's working state: what belongs to a profile and is found as it was after a switch.

use std::collections::{BTreeSet, HashSet};

use crate::basket::{Basket, Change, Target};
use crate::catalog::exchange::Exchange;
use crate::catalog::fields::FieldSpec;
use crate::catalog::ratelimit::RateLimit;

use super::effect::RequestId;
use super::fields::Field;
use super::rows::Rows;
use super::view::ViewSpec;
use crate::basket::ItemId;
use crate::catalog::error::CatalogError;
use crate::catalog::model::{ListQuery, Product, ProductId, ProductSummary};

/// Everything that belongs to one profile's store. `State.session` is the active profile's;
/// the others wait in `State.parked` until the user switches back.
#[derive(Debug, Clone, Default)]
pub struct Session {
    /// The profile was opened in this run: its journal and catalog were asked for.
    pub opened: bool,
    /// A switch to another profile stopped this store's catalog load: it resumes on return.
    pub interrupted: bool,
    pub listing: Listing,
    pub detail: Detail,
    /// The detail pane was open when the user switched away: it opens again on return.
    pub detail_was_open: bool,
    pub focus: Focus,
    /// Changes staged for this store, not yet confirmed by the server.
    pub basket: Basket,
    /// The batch being sent.
    pub sending: Option<Batch>,
    /// What the last finished batch changed, for undo.
    pub last_sent: Vec<(Target, Change)>,
    /// Set when the journal could not be written: nothing is sent until it can.
    pub journal_error: Option<String>,
    /// Why the journal's last write failed, until a later one succeeds: sending waits.
    pub journal_write_error: Option<String>,
    /// The warehouse (id, code) the stock keys act on; `None`: the total.
    pub stock_target: Option<(u64, String)>,
    /// The edit form's fields as the platform describes them, once read.
    pub form_fields: Option<Vec<FieldSpec>>,
    /// The products the stock keys change together (space, a range), by id: they stay marked
    /// across a reload and leave with their products.
    pub marks: BTreeSet<ProductId>,
    /// Where a range of marks started: the next range key marks every row from it to the cursor.
    pub range_from: Option<ProductId>,
    /// The basket before and after the last stock change of marked products, so that one undo
    /// takes the whole change back while the basket is still as it left it.
    pub bulk_undo: Option<(Basket, Basket)>,
    /// The newest exchange with this store, for the status bar.
    pub last_exchange: Option<Exchange>,
    /// The newest rate-limit budget this store announced, and the exchange that carried it.
    pub rate_limit: Option<RateLimit>,
    rate_limit_seq: Option<u64>,
}

impl Session {
    /// Forgets the marks (and a range's start) of products no longer in the catalog.
    pub fn prune_marks(&mut self) {
        if self.marks.is_empty() && self.range_from.is_none() {
            return;
        }
        let loaded: HashSet<&ProductId> = self.listing.rows.all().map(|p| &p.id).collect();
        self.marks.retain(|id| loaded.contains(id));
        if self
            .range_from
            .as_ref()
            .is_some_and(|id| !loaded.contains(id))
        {
            self.range_from = None;
        }
    }

    /// Notes exchanges with this store for the status bar: the newest one, and the newest
    /// budget announced.
    pub fn saw(&mut self, exchanges: &[Exchange]) {
        for exchange in exchanges {
            let newer = |seen: Option<u64>| seen.is_none_or(|seq| exchange.seq >= seq);
            if newer(self.last_exchange.as_ref().map(|e| e.seq)) {
                self.last_exchange = Some(exchange.clone());
            }
            if exchange.rate_limit.is_some() && newer(self.rate_limit_seq) {
                self.rate_limit = exchange.rate_limit;
                self.rate_limit_seq = Some(exchange.seq);
            }
        }
    }
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
    /// By server page: the exchange that brought it, for `R` on one of its rows.
    pub page_sources: std::collections::BTreeMap<u32, u64>,
    /// Stock per warehouse shown as columns beside the total (`:columns warehouses`).
    pub warehouse_columns: bool,
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

/// Progress of the batch being sent.
#[derive(Debug, Clone, PartialEq)]
pub struct Batch {
    pub items: Vec<ItemId>,
    pub done: usize,
    pub sent: usize,
    pub failed: usize,
}
