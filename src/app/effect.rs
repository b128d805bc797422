//! Work that `update` asks the runner to do: plain data, carried out off the UI loop.

use crate::catalog::model::{ListQuery, ProductId};

/// Identifies one request, so a result that arrives after a newer request was made is dropped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RequestId(pub u64);

#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    LoadPage {
        request: RequestId,
        profile: usize,
        query: ListQuery,
    },
    LoadProduct {
        request: RequestId,
        profile: usize,
        id: ProductId,
    },
    Quit,
}
