//! The stack of what is open over the product list, what a layer's update asks of the stack,
//! and `State`'s typed views of the layers.

use crate::basket::{Change, ItemId, Target};
use crate::catalog::model::ProductId;

use super::import::ImportReport;
use super::state::{
    BasketView, Dialog, Editor, Inspector, Layer, ListingsView, OpenExchange, Prompt, SearchPrompt,
    State,
};

/// What a layer's update asks of the stack once it has handled an action.
#[derive(Debug, Clone)]
pub enum Step {
    Stay,
    /// Close this layer: the one below gets the keyboard back.
    Pop,
    Push(Layer),
    Replace(Layer),
    /// Work that belongs to no layer, done by the root (after this layer is popped).
    Root(RootAction),
}

/// What a dialog or a prompt runs when answered: plain data, carried out by the root.
#[derive(Debug, Clone, PartialEq)]
pub enum RootAction {
    Quit,
    /// The basket's send was confirmed (a production profile then asks for its name).
    ConfirmSend,
    /// The production profile's name was typed: the batch goes out.
    StartSend,
    StageDelete {
        target: Target,
        keep_channels: bool,
    },
    /// A change a dialog worked out (the sale), staged in the basket.
    Stage {
        target: Target,
        change: Change,
    },
    /// The chosen accounts' listings are pushed.
    UpdateListings,
    /// The products' stock is pushed to their channel listings.
    PushStock {
        ids: Vec<ProductId>,
    },
    /// Every staged change of this store is dropped.
    DiscardBasket {
        items: usize,
    },
    OpenBasket,
    /// The batch being sent stops after the item in flight.
    StopSending,
    /// A conflicted adjustment that may already be applied is applied again on purpose.
    Reapply {
        item: ItemId,
    },
}

impl State {
    /// The layer that has the keyboard.
    pub fn top(&self) -> &Layer {
        self.layers.last().unwrap_or(&Layer::List)
    }

    pub fn push(&mut self, layer: Layer) {
        self.layers.push(layer);
    }

    /// Closes the top layer; the list at the bottom stays.
    pub fn pop(&mut self) -> Option<Layer> {
        if self.layers.len() > 1 {
            self.layers.pop()
        } else {
            None
        }
    }

    /// Closes the topmost layer `is` picks, wherever it is in the stack.
    pub fn close(&mut self, is: impl Fn(&Layer) -> bool) -> Option<Layer> {
        let at = self.layers.iter().rposition(is)?;
        (at > 0).then(|| self.layers.remove(at))
    }

    pub fn dialog(&self) -> Option<&Dialog> {
        self.layers.iter().rev().find_map(|layer| match layer {
            Layer::Dialog(dialog) => Some(dialog),
            _ => None,
        })
    }

    pub fn dialog_mut(&mut self) -> Option<&mut Dialog> {
        self.layers.iter_mut().rev().find_map(|layer| match layer {
            Layer::Dialog(dialog) => Some(dialog),
            _ => None,
        })
    }

    pub fn prompt(&self) -> Option<&Prompt> {
        self.layers.iter().rev().find_map(|layer| match layer {
            Layer::Prompt(prompt) => Some(prompt),
            _ => None,
        })
    }

    pub fn prompt_mut(&mut self) -> Option<&mut Prompt> {
        self.layers.iter_mut().rev().find_map(|layer| match layer {
            Layer::Prompt(prompt) => Some(prompt),
            _ => None,
        })
    }

    pub fn editor(&self) -> Option<&Editor> {
        self.layers.iter().rev().find_map(|layer| match layer {
            Layer::Editor(editor) => Some(editor),
            _ => None,
        })
    }

    pub fn editor_mut(&mut self) -> Option<&mut Editor> {
        self.layers.iter_mut().rev().find_map(|layer| match layer {
            Layer::Editor(editor) => Some(editor),
            _ => None,
        })
    }

    pub fn basket_view(&self) -> Option<&BasketView> {
        self.layers.iter().rev().find_map(|layer| match layer {
            Layer::Basket(view) => Some(view),
            _ => None,
        })
    }

    pub fn basket_view_mut(&mut self) -> Option<&mut BasketView> {
        self.layers.iter_mut().rev().find_map(|layer| match layer {
            Layer::Basket(view) => Some(view),
            _ => None,
        })
    }

    pub fn search(&self) -> Option<&SearchPrompt> {
        self.layers.iter().rev().find_map(|layer| match layer {
            Layer::Search(search) => Some(search),
            _ => None,
        })
    }

    pub fn search_mut(&mut self) -> Option<&mut SearchPrompt> {
        self.layers.iter_mut().rev().find_map(|layer| match layer {
            Layer::Search(search) => Some(search),
            _ => None,
        })
    }

    pub fn import_report(&self) -> Option<&ImportReport> {
        self.layers.iter().rev().find_map(|layer| match layer {
            Layer::ImportReport(report) => Some(report),
            _ => None,
        })
    }

    pub fn import_report_mut(&mut self) -> Option<&mut ImportReport> {
        self.layers.iter_mut().rev().find_map(|layer| match layer {
            Layer::ImportReport(report) => Some(report),
            _ => None,
        })
    }

    /// The request ledger, when open (under an exchange opened from it, too).
    pub fn inspector(&self) -> Option<&Inspector> {
        self.layers.iter().rev().find_map(|layer| match layer {
            Layer::Ledger(inspector) => Some(inspector),
            _ => None,
        })
    }

    pub fn inspector_mut(&mut self) -> Option<&mut Inspector> {
        self.layers.iter_mut().rev().find_map(|layer| match layer {
            Layer::Ledger(inspector) => Some(inspector),
            _ => None,
        })
    }

    /// The exchange open in full, if any.
    pub fn exchange(&self) -> Option<&OpenExchange> {
        self.layers.iter().rev().find_map(|layer| match layer {
            Layer::Exchange(open) => Some(open),
            _ => None,
        })
    }

    pub fn exchange_mut(&mut self) -> Option<&mut OpenExchange> {
        self.layers.iter_mut().rev().find_map(|layer| match layer {
            Layer::Exchange(open) => Some(open),
            _ => None,
        })
    }

    pub fn listings(&self) -> Option<&ListingsView> {
        self.layers.iter().rev().find_map(|layer| match layer {
            Layer::Listings(view) => Some(view),
            _ => None,
        })
    }

    pub fn listings_mut(&mut self) -> Option<&mut ListingsView> {
        self.layers.iter_mut().rev().find_map(|layer| match layer {
            Layer::Listings(view) => Some(view),
            _ => None,
        })
    }

    pub fn help_open(&self) -> bool {
        matches!(self.top(), Layer::Help)
    }

    pub fn copy_pending(&self) -> bool {
        matches!(self.top(), Layer::Copy)
    }

    /// Whether the detail pane is open (on narrow terminals it replaces the list).
    pub fn detail_open(&self) -> bool {
        self.layers
            .iter()
            .any(|layer| matches!(layer, Layer::Detail))
    }

    /// The ledger or an exchange is open: they take the panes' place.
    pub fn inspecting(&self) -> bool {
        self.layers
            .iter()
            .any(|layer| matches!(layer, Layer::Ledger(_) | Layer::Exchange(_)))
    }

    /// Opens the detail pane, just above the list, unless it is open.
    pub fn open_detail_pane(&mut self) {
        if !self.detail_open() {
            let at = self.layers.len().min(1);
            self.layers.insert(at, Layer::Detail);
        }
    }

    pub fn close_detail_pane(&mut self) {
        self.close(|layer| matches!(layer, Layer::Detail));
    }

    /// Quitting asks first while something is staged, on any profile, or being sent.
    pub fn must_ask_before_quitting(&self) -> bool {
        self.unsent() > 0
            || self.session.sending.is_some()
            || self.parked.iter().any(|s| s.sending.is_some())
    }
}
