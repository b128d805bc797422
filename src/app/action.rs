//! Everything that can happen to the UI: user intents and the results of service calls.

use crate::catalog::error::CatalogError;
use crate::catalog::exchange::Exchange;
use crate::catalog::model::{Page, Product, ProductSummary};

use super::effect::RequestId;

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
    SearchSubmit,
    SearchCancel,
    ToggleHelp,
    NextProfile,
    Resize {
        width: u16,
        height: u16,
    },
    Quit,

    PageLoaded {
        request: RequestId,
        page: Page<ProductSummary>,
        exchanges: Vec<Exchange>,
    },
    PageFailed {
        request: RequestId,
        error: CatalogError,
        exchanges: Vec<Exchange>,
    },
    ProductLoaded {
        request: RequestId,
        product: Box<Product>,
        exchanges: Vec<Exchange>,
    },
    ProductFailed {
        request: RequestId,
        error: CatalogError,
        exchanges: Vec<Exchange>,
    },
}
