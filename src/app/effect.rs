//! Work that `update` asks the runner to do: plain data, carried out off the UI loop.

use std::path::PathBuf;

use bytes::Bytes;

use crate::basket::Item;
use crate::catalog::exchange::Exchange;
use crate::catalog::model::{ListQuery, ProductId};

use super::rows::{RowRef, Snapshot};
use super::view::ViewSpec;

/// Identifies one request, so a result that arrives after a newer request was made is dropped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RequestId(pub u64);

#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Load every page of the catalog matching `query` in the background, `first_page`
    /// first; a newer load replaces a running one.
    LoadCatalog {
        request: RequestId,
        profile: usize,
        query: ListQuery,
        first_page: u32,
    },
    /// Stop the running load; what arrived stays.
    CancelLoad,
    /// Filter and sort the loaded rows off the UI loop.
    ComputeView {
        profile: usize,
        generation: u64,
        snapshot: Snapshot,
        spec: ViewSpec,
        /// The rows on screen, when the new filter only narrows theirs: only they are scored.
        within: Option<Vec<RowRef>>,
    },
    /// Read these products again after a batch changed them, for their rows.
    RefreshRows {
        profile: usize,
        ids: Vec<ProductId>,
    },
    LoadProduct {
        request: RequestId,
        profile: usize,
        id: ProductId,
    },
    /// Read a product's stock and price history from the profile's catalog cache.
    LoadHistory {
        profile: usize,
        id: ProductId,
    },
    /// Read the profile's journal of unsent changes.
    LoadJournal {
        profile: usize,
    },
    /// Write the basket to the profile's journal (an empty basket removes it). The runner queues
    /// it for the journal writer, in order, and a batch is sent only once the snapshot queued
    /// before it is on disk.
    SaveJournal {
        profile: usize,
        items: Vec<Item>,
    },
    /// Build the exact requests each item would make, for the basket's preview.
    PlanRequests {
        profile: usize,
        items: Vec<Item>,
    },
    /// Send the items one by one: re-read, compare, write; settle each with a result.
    SendBatch {
        profile: usize,
        items: Vec<Item>,
    },
    /// Send nothing more of the profile's batch after the item in flight.
    CancelSend {
        profile: usize,
    },
    /// Format an exchange's bodies off the UI loop, for the inspector.
    FormatBodies {
        seq: u64,
        request: Option<(Bytes, Option<String>)>,
        response: (Bytes, Option<String>),
    },
    /// Put text on the clipboard through the terminal (OSC 52).
    Copy {
        text: String,
        what: String,
    },
    /// Write exchanges to a file; without a path, one in the state directory.
    Export {
        format: ExportFormat,
        path: Option<PathBuf>,
        exchanges: Vec<Exchange>,
    },
    /// Ask the platform which product fields the edit form offers.
    LoadFormFields {
        profile: usize,
    },
    /// Fetch the listings accounts and the listing-update budget.
    LoadListings {
        profile: usize,
    },
    /// Push one product's listings to the given accounts (`None`: all of them).
    UpdateListings {
        profile: usize,
        id: ProductId,
        accounts: Option<Vec<u64>>,
    },
    /// Push the products' stock to their channel listings (Valigara's revise inventory).
    PushStock {
        profile: usize,
        ids: Vec<ProductId>,
    },
    /// Write every product matching `query` (raw, as the platform sends them) to a JSON file.
    ExportProducts {
        profile: usize,
        query: ListQuery,
        path: Option<PathBuf>,
    },
    /// List the files whose path starts with `text[start..]`, to complete a `:` command.
    ListPaths {
        text: String,
        start: usize,
    },
    /// Read a stock file for `:import`, off the UI loop.
    ReadImport {
        path: PathBuf,
    },
    Quit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Ndjson,
    Har,
}
