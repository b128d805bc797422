//! What the list keeps of the cache: whether its rows are still the cached ones (and from
//! when), and which products changed since the cache was written.

use std::collections::HashSet;
use std::sync::Arc;

use crate::catalog::model::ProductId;

#[derive(Debug, Clone, PartialEq, Default)]
pub struct CacheMarks {
    /// While the rows on screen are the cache's, not yet revalidated: when it was written
    /// (Unix seconds).
    pub cached_at: Option<u64>,
    /// Products whose name, price or stock differ from what the cache held; shared with the
    /// thread that filters (`changed:`).
    pub changed: Arc<HashSet<ProductId>>,
}

impl CacheMarks {
    pub fn is_changed(&self, id: &ProductId) -> bool {
        self.changed.contains(id)
    }

    /// Adds products to the changed ones; returns whether any was not marked yet.
    pub fn mark_changed(&mut self, ids: impl IntoIterator<Item = ProductId>) -> bool {
        let fresh: Vec<ProductId> = ids
            .into_iter()
            .filter(|id| !self.changed.contains(id))
            .collect();
        if fresh.is_empty() {
            return false;
        }
        Arc::make_mut(&mut self.changed).extend(fresh);
        true
    }
}
