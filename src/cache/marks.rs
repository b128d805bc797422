//! What the list keeps of the cache: whether its rows are still the cached ones (and from
//! when), and which products changed since the cache was written.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

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
    /// `cached 12 min ago` while the rows are the cache's (`cached` when the time is unknown).
    pub fn age(&self, now: Option<SystemTime>) -> Option<String> {
        let written_at = self.cached_at?;
        let now = now
            .and_then(|now| now.duration_since(UNIX_EPOCH).ok())
            .map(|since| since.as_secs());
        Some(match now {
            Some(now) => super::age_words(written_at, now),
            None => "cached".to_owned(),
        })
    }

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
