//! The loaded catalog behind the list: pages as the server sent them, kept in catalog order,
//! and the filtered or sorted view of them that the list shows.

use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;

use crate::catalog::model::{Page, ProductId, ProductSummary, WarehouseHead, WarehouseTable};

mod texts;

pub use texts::{Haystack, OTHER_THAN_ASCII, Texts, letter_bits};

/// One server page of products, shared with the thread that filters and sorts.
pub type Chunk = Arc<Vec<ProductSummary>>;

/// A product in the loaded catalog: the chunk it arrived in and its place there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RowRef {
    pub chunk: u32,
    pub pos: u32,
}

/// What a view is computed from: every chunk (by arrival) and their catalog order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Snapshot {
    pub chunks: Vec<Chunk>,
    /// Chunk indices in page order.
    pub order: Vec<usize>,
    /// Each chunk's names and SKUs, by chunk index.
    pub texts: Vec<Arc<Texts>>,
    /// Products that changed since the catalog cache was written (`changed:`).
    pub changed: Arc<HashSet<ProductId>>,
}

impl Snapshot {
    /// A snapshot of `chunks` in `order`, their texts laid out.
    pub fn new(chunks: Vec<Chunk>, order: Vec<usize>) -> Snapshot {
        let texts = chunks
            .iter()
            .map(|items| Arc::new(Texts::of(items)))
            .collect();
        Snapshot {
            chunks,
            order,
            texts,
            changed: Arc::default(),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
struct Stored {
    page: u32,
    items: Chunk,
    texts: Arc<Texts>,
    /// The rows' stock per warehouse, when the page listed it.
    warehouses: Option<WarehouseTable>,
    /// The load that brought this page; pages an older load brought are dropped when a
    /// newer load ends without them.
    load: u64,
}

/// Products by server page, and the order the list shows them in.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Rows {
    /// In arrival order; a page that arrives again replaces its chunk in place.
    chunks: Vec<Stored>,
    /// Page number to chunk index.
    by_page: BTreeMap<u32, usize>,
    /// First catalog position and chunk index of each page, in page order.
    starts: Vec<(usize, usize)>,
    catalog_len: usize,
    /// Every warehouse the loaded pages list, by id.
    warehouses: Vec<WarehouseHead>,
    /// Filtered and/or sorted rows; `None`: every row in catalog order.
    view: Option<Vec<RowRef>>,
    /// Items per page and the total, as the server last said.
    pub per_page: u32,
    pub total: Option<u64>,
    /// The load whose page said the total: a total an older load (or the cache) said is
    /// dropped once this load's pages arrive without one.
    total_load: u64,
    /// The highest page the server said exists (from the total, or the last full page seen).
    pub last_page: Option<u32>,
    load: u64,
    /// Counts every change to the loaded rows, so a view knows whether it is still current.
    version: u64,
    /// Whether the rows are still the catalog cache's, and which changed since it was written.
    pub cache: crate::cache::CacheMarks,
    /// Whether these are a server-side filter's rows rather than the whole catalog's.
    partial: bool,
    /// The whole catalog's rows while a server-side filter's are shown.
    whole: Option<Box<Rows>>,
}

impl Rows {
    /// Rows on screen: the view when one is set, otherwise the whole catalog.
    pub fn len(&self) -> usize {
        self.view.as_ref().map_or(self.catalog_len, Vec::len)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Products loaded, whatever the view.
    pub fn loaded(&self) -> usize {
        self.catalog_len
    }

    /// Rows the load under way has brought so far (cached or earlier pages not counted).
    pub fn loaded_by_this_load(&self) -> usize {
        self.chunks
            .iter()
            .filter(|c| c.load == self.load)
            .map(|c| c.items.len())
            .sum()
    }

    pub fn pages_loaded(&self) -> usize {
        self.chunks.len()
    }

    /// Whether anything has arrived yet.
    pub fn has_data(&self) -> bool {
        !self.chunks.is_empty()
    }

    pub fn has_view(&self) -> bool {
        self.view.is_some()
    }

    /// The rows of the view, when one is set.
    pub fn view(&self) -> Option<&[RowRef]> {
        self.view.as_deref()
    }

    /// Changes whenever rows are added, replaced or removed.
    pub fn version(&self) -> u64 {
        self.version
    }

    /// The row at a list position.
    pub fn get(&self, index: usize) -> Option<&ProductSummary> {
        let at = self.locate(index)?;
        self.resolve(at)
    }

    /// Every warehouse the loaded rows list stock in, by id; empty for stores without any.
    pub fn warehouses(&self) -> &[WarehouseHead] {
        &self.warehouses
    }

    /// The stock in warehouse `id` of the row at a list position, when its page listed it
    /// and it has not changed since.
    pub fn warehouse_stock(&self, index: usize, id: u64) -> Option<i64> {
        let at = self.locate(index)?;
        let table = self.chunks.get(at.chunk as usize)?.warehouses.as_ref()?;
        table.quantity(at.pos as usize, id)
    }

    /// The server page the row at a list position came from.
    pub fn page_of(&self, index: usize) -> Option<u32> {
        let at = self.locate(index)?;
        self.chunks.get(at.chunk as usize).map(|c| c.page)
    }

    /// Every loaded product in catalog order, whatever the view shows.
    pub fn all(&self) -> impl Iterator<Item = &ProductSummary> {
        self.starts
            .iter()
            .filter_map(|&(_, chunk)| self.chunks.get(chunk))
            .flat_map(|stored| stored.items.iter())
    }

    /// The rows at positions `start..end`.
    pub fn range(&self, start: usize, end: usize) -> Vec<&ProductSummary> {
        (start..end.min(self.len()))
            .filter_map(|index| self.get(index))
            .collect()
    }

    /// The list position of a product, if it is in the view.
    pub fn position_of(&self, id: &ProductId) -> Option<usize> {
        match &self.view {
            Some(view) => view
                .iter()
                .position(|at| self.resolve(*at).is_some_and(|p| &p.id == id)),
            None => self.starts.iter().find_map(|&(start, chunk)| {
                let items = &self.chunks.get(chunk)?.items;
                items
                    .iter()
                    .position(|p| &p.id == id)
                    .map(|pos| start + pos)
            }),
        }
    }

    /// Starts counting pages for a new load; what the previous loads brought stays on
    /// screen until the new one replaces it.
    pub fn begin_load(&mut self) {
        self.load += 1;
    }

    /// Adds a page, or replaces it when it is already here. Returns the catalog position
    /// where the page starts and how many rows it added there (negative when it shrank).
    pub fn insert(&mut self, page: Page<ProductSummary>) -> (usize, isize) {
        self.insert_from(page, self.load)
    }

    /// Adds a page read from the catalog cache: shown like any other, but not counted as
    /// brought by the load under way (`loaded_by_this_load`), and dropped by `drop_stale` if
    /// that load does not bring it again.
    pub fn insert_cached(&mut self, page: Page<ProductSummary>) -> (usize, isize) {
        self.insert_from(page, self.load.wrapping_sub(1))
    }

    fn insert_from(&mut self, page: Page<ProductSummary>, load: u64) -> (usize, isize) {
        self.per_page = page.per_page.max(1);
        if page.total.is_some() {
            self.total = page.total;
            self.total_load = self.load;
        } else if self.total_load != self.load {
            self.total = None;
        }
        let last = match page.page_count() {
            Some(count) => u32::try_from(count).unwrap_or(u32::MAX),
            None if page.more => page.page + 1,
            None => page.page,
        };
        if page.total.is_some() || !page.more {
            self.last_page = Some(last);
        } else {
            self.last_page = Some(self.last_page.unwrap_or(0).max(last));
        }
        let added = page.items.len();
        if let Some(table) = &page.warehouses {
            self.note_warehouses(table.heads());
        }
        let stored = Stored {
            page: page.page,
            texts: Arc::new(Texts::of(&page.items)),
            items: Arc::new(page.items),
            warehouses: page.warehouses,
            load,
        };
        let delta = match self.by_page.get(&page.page) {
            Some(&chunk) => {
                let old = self.chunks[chunk].items.len();
                self.chunks[chunk] = stored;
                added as isize - old as isize
            }
            None => {
                self.by_page.insert(page.page, self.chunks.len());
                self.chunks.push(stored);
                added as isize
            }
        };
        self.reindex();
        let start = self
            .by_page
            .get(&page.page)
            .and_then(|chunk| self.starts.iter().find(|(_, c)| c == chunk))
            .map_or(0, |(start, _)| *start);
        (start, delta)
    }

    /// Drops the pages the current load did not bring (past the catalog's new end).
    /// Returns whether anything was dropped; the view is then cleared.
    pub fn drop_stale(&mut self) -> bool {
        let load = self.load;
        if self.total_load != load {
            self.total = None;
        }
        if self.chunks.iter().all(|c| c.load == load) {
            return false;
        }
        self.chunks.retain(|c| c.load == load);
        self.by_page = self
            .chunks
            .iter()
            .enumerate()
            .map(|(index, c)| (c.page, index))
            .collect();
        self.view = None;
        self.warehouses.clear();
        let heads: Vec<WarehouseHead> = self
            .chunks
            .iter()
            .filter_map(|c| c.warehouses.as_ref())
            .flat_map(|table| table.heads().iter().cloned())
            .collect();
        self.note_warehouses(&heads);
        self.reindex();
        true
    }

    fn note_warehouses(&mut self, heads: &[WarehouseHead]) {
        for head in heads {
            if let Err(at) = self.warehouses.binary_search_by_key(&head.id, |h| h.id) {
                self.warehouses.insert(at, head.clone());
            }
        }
    }

    /// Makes way for the rows of another server-side query. The whole catalog's rows are
    /// kept aside while a filter's are shown and come back when `whole_catalog` is asked for
    /// again, to show until the reload replaces them. Returns whether they came back.
    pub fn start_over(&mut self, whole_catalog: bool) -> bool {
        let (load, version) = (self.load, self.version);
        let aside = if self.partial {
            self.whole.take()
        } else if !whole_catalog && self.has_data() {
            Some(Box::new(std::mem::take(self)))
        } else {
            None
        };
        let restored = whole_catalog && aside.is_some();
        match aside {
            Some(rows) if whole_catalog => *self = *rows,
            kept => {
                *self = Rows::default();
                self.whole = kept;
            }
        }
        self.load = load;
        self.version = version + 1;
        self.partial = !whole_catalog;
        self.view = None;
        restored
    }

    /// What a view is computed from; cheap (one reference per page).
    pub fn snapshot(&self) -> Snapshot {
        Snapshot {
            chunks: self.chunks.iter().map(|c| c.items.clone()).collect(),
            order: self.starts.iter().map(|(_, chunk)| *chunk).collect(),
            texts: self.chunks.iter().map(|c| c.texts.clone()).collect(),
            changed: self.cache.changed.clone(),
        }
    }

    pub fn set_view(&mut self, view: Option<Vec<RowRef>>) {
        self.view = view;
    }

    /// Puts a product's fresh summary in place of the loaded one. Returns whether it was loaded.
    /// A changed stock leaves its warehouses unknown: only the total is known then.
    pub fn replace(&mut self, product: &ProductSummary) -> bool {
        for stored in &mut self.chunks {
            if let Some(pos) = stored.items.iter().position(|p| p.id == product.id) {
                if let Some(table) = &mut stored.warehouses
                    && stored.items[pos].stock != product.stock
                {
                    table.forget_row(pos);
                }
                Arc::make_mut(&mut stored.items)[pos] = product.clone();
                stored.texts = Arc::new(Texts::of(&stored.items));
                self.version += 1;
                return true;
            }
        }
        false
    }

    /// Adds a product the store did not have when its pages loaded (one just created) after
    /// the last loaded row. Returns false when nothing is loaded to add it to.
    pub fn append(&mut self, product: ProductSummary) -> bool {
        let Some(&chunk) = self.by_page.values().next_back() else {
            return false;
        };
        let stored = &mut self.chunks[chunk];
        Arc::make_mut(&mut stored.items).push(product);
        if let Some(table) = &mut stored.warehouses {
            table.push_row(&[]);
        }
        stored.texts = Arc::new(Texts::of(&stored.items));
        self.reindex();
        true
    }

    /// Takes a deleted product out of the list, keeping every other row where it was.
    pub fn remove(&mut self, id: &ProductId) -> bool {
        for (index, stored) in self.chunks.iter_mut().enumerate() {
            if let Some(pos) = stored.items.iter().position(|p| &p.id == id) {
                Arc::make_mut(&mut stored.items).remove(pos);
                if let Some(table) = &mut stored.warehouses {
                    table.remove_row(pos);
                }
                stored.texts = Arc::new(Texts::of(&stored.items));
                let (chunk, pos) = (index as u32, pos as u32);
                if let Some(view) = &mut self.view {
                    view.retain(|at| !(at.chunk == chunk && at.pos == pos));
                    for at in view.iter_mut() {
                        if at.chunk == chunk && at.pos > pos {
                            at.pos -= 1;
                        }
                    }
                }
                self.reindex();
                return true;
            }
        }
        false
    }

    fn reindex(&mut self) {
        self.version += 1;
        self.starts.clear();
        let mut position = 0;
        for &chunk in self.by_page.values() {
            self.starts.push((position, chunk));
            position += self.chunks[chunk].items.len();
        }
        self.catalog_len = position;
    }

    fn locate(&self, index: usize) -> Option<RowRef> {
        match &self.view {
            Some(view) => view.get(index).copied(),
            None => {
                if index >= self.catalog_len {
                    return None;
                }
                let slot = self.starts.partition_point(|(start, _)| *start <= index);
                let (start, chunk) = *self.starts.get(slot.checked_sub(1)?)?;
                Some(RowRef {
                    chunk: chunk as u32,
                    pos: (index - start) as u32,
                })
            }
        }
    }

    fn resolve(&self, at: RowRef) -> Option<&ProductSummary> {
        self.chunks
            .get(at.chunk as usize)?
            .items
            .get(at.pos as usize)
    }
}

impl<'a> FromIterator<&'a Page<ProductSummary>> for Rows {
    fn from_iter<I: IntoIterator<Item = &'a Page<ProductSummary>>>(pages: I) -> Rows {
        let mut rows = Rows::default();
        for page in pages {
            rows.insert(page.clone());
        }
        rows
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::model::{Sku, Status, Stock};

    fn page(number: u32, ids: std::ops::Range<u32>, total: Option<u64>) -> Page<ProductSummary> {
        Page {
            items: ids
                .map(|id| ProductSummary {
                    id: ProductId(id.to_string()),
                    sku: Sku(format!("S{id}")),
                    name: format!("Product {id}"),
                    price: None,
                    stock: Stock::Quantity(1),
                    status: Status::Active,
                })
                .collect(),
            page: number,
            per_page: 3,
            total,
            more: true,
            warehouses: None,
        }
    }

    #[test]
    fn pages_arriving_out_of_order_are_shown_in_catalog_order() {
        let mut rows = Rows::default();
        assert_eq!(rows.insert(page(3, 7..10, Some(9))), (0, 3));
        assert_eq!(rows.insert(page(1, 1..4, Some(9))), (0, 3));
        assert_eq!(rows.insert(page(2, 4..7, Some(9))), (3, 3));
        let ids: Vec<_> = rows.range(0, 9).iter().map(|p| p.id.0.clone()).collect();
        assert_eq!(ids, ["1", "2", "3", "4", "5", "6", "7", "8", "9"]);
        assert_eq!(rows.page_of(4), Some(2));
        assert_eq!(rows.position_of(&ProductId("8".into())), Some(7));
        assert_eq!(rows.last_page, Some(3));
    }

    #[test]
    fn a_page_loaded_again_replaces_the_old_one_and_stale_pages_go_at_the_end() {
        let mut rows = Rows::default();
        rows.insert(page(1, 1..4, None));
        rows.insert(page(2, 4..7, None));
        rows.begin_load();
        assert_eq!(rows.insert(page(1, 1..3, None)), (0, -1));
        assert_eq!(rows.len(), 5);
        assert!(rows.drop_stale());
        assert_eq!(rows.len(), 2);
    }

    #[test]
    fn cached_pages_show_but_are_not_the_load_s_progress() {
        let mut rows = Rows::default();
        rows.begin_load();
        rows.insert_cached(page(1, 1..4, Some(9)));
        rows.insert_cached(page(2, 4..7, Some(9)));
        assert_eq!((rows.len(), rows.loaded_by_this_load()), (6, 0));
        rows.begin_load();
        rows.insert(page(1, 1..4, Some(9)));
        assert_eq!((rows.len(), rows.loaded_by_this_load()), (6, 3));
        assert!(rows.drop_stale(), "the cached page 2 was not brought again");
        assert_eq!(rows.len(), 3);
    }

    #[test]
    fn a_view_selects_and_orders_rows() {
        let mut rows = Rows::default();
        rows.insert(page(1, 1..4, None));
        rows.set_view(Some(vec![
            RowRef { chunk: 0, pos: 2 },
            RowRef { chunk: 0, pos: 0 },
        ]));
        assert_eq!(rows.len(), 2);
        assert_eq!(rows.get(0).map(|p| p.id.0.as_str()), Some("3"));
        assert!(rows.remove(&ProductId("1".into())));
        assert_eq!(rows.len(), 1);
        assert_eq!(rows.get(0).map(|p| p.id.0.as_str()), Some("3"));
    }

    #[test]
    fn a_snapshot_holds_each_chunks_names_and_skus_as_the_rows_are_now() {
        let mut rows = Rows::default();
        rows.insert(page(1, 1..4, None));
        assert!(rows.remove(&ProductId("2".into())));
        let mut renamed = page(1, 3..4, None).items.remove(0);
        renamed.name = "Renamed".into();
        assert!(rows.replace(&renamed));
        let snapshot = rows.snapshot();
        let texts = &snapshot.texts[0];
        assert_eq!((texts.name(0), texts.sku(0)), ("Product 1", "S1"));
        assert_eq!((texts.name(1), texts.sku(1)), ("Renamed", "S3"));
        assert_eq!(texts.name(2), "");
    }
}
