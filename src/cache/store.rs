//! One profile's cache file: opened (or set aside when it cannot be trusted), read back in
//! catalog order, written a page at a time, with the history of every observed change.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OptionalExtension, params};

use crate::catalog::model::{Money, Page, ProductId, ProductSummary};

use super::codec::{self, SUMMARY_COLUMNS};
use super::files::{io_error, set_aside, sibling};
use super::{CacheError, SCHEMA_VERSION};

/// Page size assumed for a file written before any page told it.
const DEFAULT_PAGE_SIZE: u32 = 100;

/// How long a write waits for another process holding the file.
const BUSY_WAIT: std::time::Duration = std::time::Duration::from_secs(5);

/// Rows handed over at once after the first page, while a large cache is read.
const READ_BATCH_ROWS: usize = 50_000;

const SCHEMA: &str = "
    CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS products (
        id TEXT PRIMARY KEY,
        position INTEGER NOT NULL,
        sku TEXT NOT NULL,
        name TEXT NOT NULL,
        price TEXT,
        stock INTEGER,
        status TEXT NOT NULL,
        seen_generation INTEGER NOT NULL,
        seen_at INTEGER NOT NULL,
        changed_at INTEGER
    );
    CREATE INDEX IF NOT EXISTS products_by_position ON products (position);
    CREATE TABLE IF NOT EXISTS history (
        id TEXT NOT NULL,
        sku TEXT NOT NULL,
        at INTEGER NOT NULL,
        stock INTEGER,
        price TEXT
    );
    CREATE INDEX IF NOT EXISTS history_by_product ON history (id, at);
";

/// An open cache file.
pub struct CatalogCache {
    connection: Connection,
    path: PathBuf,
    /// The load being written; products it did not see are dropped when it completes.
    generation: i64,
    /// The file held products when the load began: a product it did not hold is then new.
    had_products: bool,
}

/// How opening went: the file as it was, or a new one after the old was set aside.
pub enum Opened {
    Ready(CatalogCache),
    SetAside {
        cache: CatalogCache,
        kept: PathBuf,
        reason: String,
    },
}

/// What writing a page found.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PageWrite {
    /// Products whose name, price or stock differ from the cached ones (or are new).
    pub changed: Vec<ProductId>,
    /// History points appended.
    pub history: usize,
}

/// One observed stock and price of a product.
#[derive(Debug, Clone, PartialEq)]
pub struct HistoryPoint {
    /// Unix seconds.
    pub at: u64,
    pub stock: Option<i64>,
    pub price: Option<Money>,
}

/// What `stockroom cache info` shows.
#[derive(Debug, Clone, PartialEq)]
pub struct CacheInfo {
    pub path: PathBuf,
    pub bytes: u64,
    pub products: u64,
    pub history: u64,
    /// Unix seconds of the last load that reached the catalog's end.
    pub last_full_load: Option<u64>,
    pub written_at: Option<u64>,
}

impl CatalogCache {
    /// Opens the profile's cache, creating it (0600, in a 0700 directory) when absent. A file
    /// that is not a cache, is corrupt, has another schema or belongs to another store is moved
    /// aside untouched as `*.set-aside-<timestamp>` and a new one starts.
    pub fn open(path: &Path, profile: &str, store: &str) -> Result<Opened, CacheError> {
        if let Some(dir) = path.parent() {
            crate::app::paths::private_dir(dir).map_err(|e| io_error(dir, &e))?;
        }
        if path.exists() {
            match Self::existing(path, profile, store) {
                Ok(cache) => return Ok(Opened::Ready(cache)),
                Err(reason) => {
                    let kept = set_aside(path)?;
                    tracing::warn!(path = %path.display(), kept = %kept.display(), %reason, "cache set aside");
                    let cache = Self::create(path, profile, store)?;
                    return Ok(Opened::SetAside {
                        cache,
                        kept,
                        reason,
                    });
                }
            }
        }
        Self::create(path, profile, store).map(Opened::Ready)
    }

    /// Sets aside a file found corrupt while it was in use and starts a new one; returns it
    /// with the sentence telling the user where the old one went.
    pub fn set_aside_and_create(
        path: &Path,
        profile: &str,
        store: &str,
        reason: &str,
    ) -> Result<(CatalogCache, String), CacheError> {
        let kept = set_aside(path)?;
        tracing::warn!(path = %path.display(), kept = %kept.display(), %reason, "cache set aside");
        let cache = Self::create(path, profile, store)?;
        Ok((cache, super::set_aside_notice(&kept, reason)))
    }

    /// Opens an existing file read-only, to report on it or export its history: nothing is
    /// created, checked against a store or set aside.
    pub fn inspect(path: &Path) -> Result<CatalogCache, CacheError> {
        let flags =
            rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let connection =
            Connection::open_with_flags(path, flags).map_err(|e| sqlite_error(path, &e))?;
        let _ = connection.busy_timeout(BUSY_WAIT);
        let cache = CatalogCache {
            connection,
            path: path.to_owned(),
            generation: 0,
            had_products: false,
        };
        cache.meta("schema").map_err(|e| cache.sqlite(&e))?;
        Ok(cache)
    }

    fn existing(path: &Path, profile: &str, store: &str) -> Result<CatalogCache, String> {
        let connection = Connection::open(path).map_err(|e| format!("unreadable: {e}"))?;
        // Another run may still be finishing its last page: wait for it rather than fail.
        let _ = connection.busy_timeout(BUSY_WAIT);
        let cache = CatalogCache {
            connection,
            path: path.to_owned(),
            generation: 0,
            had_products: false,
        };
        let schema = cache
            .meta("schema")
            .map_err(|e| format!("corrupt: {e}"))?
            .and_then(|text| text.parse::<i64>().ok())
            .ok_or("not a Stockroom cache")?;
        if schema > SCHEMA_VERSION {
            return Err(format!("written by a newer Stockroom, schema {schema}"));
        }
        if schema != SCHEMA_VERSION {
            return Err(format!("an older schema, {schema}"));
        }
        let owner = (cache.meta("profile"), cache.meta("store"));
        let (Ok(Some(owner_profile)), Ok(Some(owner_store))) = owner else {
            return Err("it names no store".to_owned());
        };
        if owner_profile != profile || owner_store != store {
            return Err(format!(
                "it belongs to profile {owner_profile} at {owner_store}"
            ));
        }
        cache.configure().map_err(|e| format!("corrupt: {e}"))?;
        cache
            .connection
            .query_row("SELECT count(*) FROM products", [], |_| Ok(()))
            .map_err(|e| format!("corrupt: {e}"))?;
        Ok(cache)
    }

    fn create(path: &Path, profile: &str, store: &str) -> Result<CatalogCache, CacheError> {
        crate::app::paths::private_file(path).map_err(|e| io_error(path, &e))?;
        let connection = Connection::open(path).map_err(|e| sqlite_error(path, &e))?;
        let _ = connection.busy_timeout(BUSY_WAIT);
        let cache = CatalogCache {
            connection,
            path: path.to_owned(),
            generation: 0,
            had_products: false,
        };
        cache.configure().map_err(|e| sqlite_error(path, &e))?;
        cache
            .connection
            .execute_batch(SCHEMA)
            .map_err(|e| sqlite_error(path, &e))?;
        let schema = SCHEMA_VERSION.to_string();
        for (key, value) in [
            ("schema", schema.as_str()),
            ("profile", profile),
            ("store", store),
        ] {
            cache
                .set_meta(key, value)
                .map_err(|e| sqlite_error(path, &e))?;
        }
        Ok(cache)
    }

    fn configure(&self) -> rusqlite::Result<()> {
        self.connection
            .pragma_update_and_check(None, "journal_mode", "WAL", |_| Ok(()))?;
        self.connection.pragma_update(None, "synchronous", "NORMAL")
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// When a page was last written (Unix seconds).
    pub fn written_at(&self) -> Result<Option<u64>, CacheError> {
        self.meta_number("written_at")
    }

    /// Reads every cached product in catalog order as the pages it was loaded in: the first
    /// page alone (the screen can be drawn from it at once), then batches of many pages.
    /// `each` gets the pages and whether they are the last.
    pub fn read_pages(
        &self,
        mut each: impl FnMut(Vec<Page<ProductSummary>>, bool),
    ) -> Result<usize, CacheError> {
        let per_page = self
            .meta_number("page_size")?
            .and_then(|n| u32::try_from(n).ok())
            .filter(|n| *n > 0)
            .unwrap_or(DEFAULT_PAGE_SIZE);
        // The store's own count while the cache holds only part of it (a load stopped early).
        let total = self
            .product_count()?
            .max(self.meta_number("total")?.unwrap_or(0));
        let mut statement = self
            .connection
            .prepare(&format!(
                "SELECT {SUMMARY_COLUMNS}, position FROM products ORDER BY position, id"
            ))
            .map_err(|e| self.sqlite(&e))?;
        let mut rows = statement.query([]).map_err(|e| self.sqlite(&e))?;
        let page_of = |position: i64| u32::try_from(position.max(0) / i64::from(per_page) + 1);
        let new_page = |number: u32| Page {
            items: Vec::with_capacity(per_page as usize),
            page: number,
            per_page,
            total: Some(total),
            more: true,
            // Only totals are cached: warehouse stock comes with the store's own pages.
            warehouses: None,
        };
        let mut batch: Vec<Page<ProductSummary>> = Vec::new();
        let mut batch_rows = 0;
        let mut first_sent = false;
        let mut read = 0;
        while let Some(row) = rows.next().map_err(|e| self.sqlite(&e))? {
            let product = codec::from_row(row).map_err(|e| self.sqlite(&e))?;
            let position: i64 = row.get(6).map_err(|e| self.sqlite(&e))?;
            let number = page_of(position).unwrap_or(u32::MAX);
            if batch.last().is_none_or(|page| page.page != number) {
                let full = if first_sent {
                    batch_rows >= READ_BATCH_ROWS
                } else {
                    !batch.is_empty()
                };
                if full {
                    each(std::mem::take(&mut batch), false);
                    batch_rows = 0;
                    first_sent = true;
                }
                batch.push(new_page(number));
            }
            if let Some(page) = batch.last_mut() {
                page.items.push(product);
            }
            batch_rows += 1;
            read += 1;
        }
        if let Some(last) = batch.last_mut() {
            last.more = false;
        }
        each(batch, true);
        Ok(read)
    }

    pub fn product_count(&self) -> Result<u64, CacheError> {
        self.connection
            .query_row("SELECT count(*) FROM products", [], |row| {
                row.get::<_, i64>(0)
            })
            .map(|n| n.max(0) as u64)
            .map_err(|e| self.sqlite(&e))
    }

    /// Starts writing a load: products it does not see are dropped when it completes.
    pub fn begin_load(&mut self) -> Result<(), CacheError> {
        let generation = self.meta_number("generation")?.unwrap_or(0) + 1;
        self.set_meta("generation", &generation.to_string())
            .map_err(|e| self.sqlite(&e))?;
        self.generation = generation as i64;
        self.had_products = self.product_count()? > 0;
        Ok(())
    }

    /// Writes one loaded page in one transaction: each product's row (its catalog position
    /// from the page), a history point where its stock or price differs from the cached one.
    pub fn write_page(
        &mut self,
        page: &Page<ProductSummary>,
        now: u64,
    ) -> Result<PageWrite, CacheError> {
        let first = i64::from(page.page.saturating_sub(1)) * i64::from(page.per_page.max(1));
        let positioned = page
            .items
            .iter()
            .enumerate()
            .map(|(index, product)| (Some(first + index as i64), product));
        let write = self.write(positioned, now)?;
        self.set_meta("page_size", &page.per_page.max(1).to_string())
            .map_err(|e| self.sqlite(&e))?;
        if let Some(total) = page.total {
            self.set_meta("total", &total.to_string())
                .map_err(|e| self.sqlite(&e))?;
        }
        Ok(write)
    }

    /// Notes products read again after our own sends: their new values and history points.
    pub fn write_refreshed(
        &mut self,
        products: &[ProductSummary],
        now: u64,
    ) -> Result<PageWrite, CacheError> {
        self.write(products.iter().map(|product| (None, product)), now)
    }

    fn write<'a>(
        &mut self,
        products: impl Iterator<Item = (Option<i64>, &'a ProductSummary)>,
        now: u64,
    ) -> Result<PageWrite, CacheError> {
        let path = self.path.clone();
        let fail = |e: rusqlite::Error| sqlite_error(&path, &e);
        let (generation, had_products) = (self.generation, self.had_products);
        let transaction = self.connection.transaction().map_err(fail)?;
        let mut found = PageWrite::default();
        {
            let mut read = transaction
                .prepare_cached(
                    "SELECT name, price, stock, position, seen_generation FROM products WHERE id = ?1",
                )
                .map_err(fail)?;
            let mut upsert = transaction
                .prepare_cached(
                    "INSERT INTO products (id, position, sku, name, price, stock, status,
                        seen_generation, seen_at, changed_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
                     ON CONFLICT (id) DO UPDATE SET position = ?2, sku = ?3, name = ?4,
                        price = ?5, stock = ?6, status = ?7, seen_generation = ?8,
                        seen_at = ?9, changed_at = coalesce(?10, changed_at)",
                )
                .map_err(fail)?;
            let mut history = transaction
                .prepare_cached(
                    "INSERT INTO history (id, sku, at, stock, price) VALUES (?1, ?2, ?3, ?4, ?5)",
                )
                .map_err(fail)?;
            let mut next_position: Option<i64> = None;
            for (position, product) in products {
                let row = codec::to_row(product);
                type Cached = (String, Option<String>, Option<i64>, i64, i64);
                let cached: Option<Cached> = read
                    .query_row(params![row.id], |r| {
                        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
                    })
                    .optional()
                    .map_err(fail)?;
                let (changed, moved) = match &cached {
                    Some((name, price, stock, ..)) => {
                        let priced = *price != row.price || *stock != row.stock;
                        (priced || *name != row.name, priced)
                    }
                    None => (had_products, true),
                };
                if changed {
                    found.changed.push(product.id.clone());
                }
                if moved {
                    history
                        .execute(params![row.id, row.sku, now as i64, row.stock, row.price])
                        .map_err(fail)?;
                    found.history += 1;
                }
                let seen = match (position, &cached) {
                    (None, Some((.., seen))) => *seen,
                    _ => generation,
                };
                let position = match (position, &cached) {
                    (Some(position), _) => position,
                    (None, Some((.., position, _))) => *position,
                    (None, None) => {
                        let next = match next_position {
                            Some(next) => next,
                            None => transaction
                                .query_row(
                                    "SELECT coalesce(max(position), -1) + 1 FROM products",
                                    [],
                                    |r| r.get(0),
                                )
                                .map_err(fail)?,
                        };
                        next_position = Some(next + 1);
                        next
                    }
                };
                upsert
                    .execute(params![
                        row.id,
                        position,
                        row.sku,
                        row.name,
                        row.price,
                        row.stock,
                        row.status,
                        seen,
                        now as i64,
                        changed.then_some(now as i64),
                    ])
                    .map_err(fail)?;
            }
        }
        transaction
            .execute(
                "INSERT INTO meta (key, value) VALUES ('written_at', ?1)
                 ON CONFLICT (key) DO UPDATE SET value = ?1",
                params![now.to_string()],
            )
            .map_err(fail)?;
        transaction.commit().map_err(fail)?;
        Ok(found)
    }

    /// The load reached the catalog's end: products it did not see are gone from the store.
    pub fn finish_load(&mut self, now: u64) -> Result<usize, CacheError> {
        let dropped = self
            .connection
            .execute(
                "DELETE FROM products WHERE seen_generation < ?1",
                params![self.generation],
            )
            .map_err(|e| self.sqlite(&e))?;
        self.set_meta("last_full_load", &now.to_string())
            .map_err(|e| self.sqlite(&e))?;
        self.set_meta("total", &self.product_count()?.to_string())
            .map_err(|e| self.sqlite(&e))?;
        Ok(dropped)
    }

    /// A product's observed stock and price, oldest first.
    pub fn history(&self, id: &ProductId) -> Result<Vec<HistoryPoint>, CacheError> {
        let mut statement = self
            .connection
            .prepare_cached("SELECT at, stock, price FROM history WHERE id = ?1 ORDER BY at, rowid")
            .map_err(|e| self.sqlite(&e))?;
        let points = statement
            .query_map(params![id.0], |row| {
                let price: Option<String> = row.get(2)?;
                Ok(HistoryPoint {
                    at: row.get::<_, i64>(0)?.max(0) as u64,
                    stock: row.get(1)?,
                    price: price.as_deref().and_then(Money::parse),
                })
            })
            .map_err(|e| self.sqlite(&e))?;
        points
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| self.sqlite(&e))
    }

    /// Every history point as (time, SKU, point), oldest first.
    pub fn each_history(
        &self,
        mut each: impl FnMut(&str, &HistoryPoint) -> std::io::Result<()>,
    ) -> Result<u64, CacheError> {
        let mut statement = self
            .connection
            .prepare("SELECT at, sku, stock, price FROM history ORDER BY at, rowid")
            .map_err(|e| self.sqlite(&e))?;
        let mut rows = statement.query([]).map_err(|e| self.sqlite(&e))?;
        let mut written = 0;
        while let Some(row) = rows.next().map_err(|e| self.sqlite(&e))? {
            let sku: String = row.get(1).map_err(|e| self.sqlite(&e))?;
            let price: Option<String> = row.get(3).map_err(|e| self.sqlite(&e))?;
            let point = HistoryPoint {
                at: row.get::<_, i64>(0).map_err(|e| self.sqlite(&e))?.max(0) as u64,
                stock: row.get(2).map_err(|e| self.sqlite(&e))?,
                price: price.as_deref().and_then(Money::parse),
            };
            each(&sku, &point).map_err(|e| io_error(&self.path, &e))?;
            written += 1;
        }
        Ok(written)
    }

    pub fn info(&self) -> Result<CacheInfo, CacheError> {
        let history = self
            .connection
            .query_row("SELECT count(*) FROM history", [], |row| {
                row.get::<_, i64>(0)
            })
            .map_err(|e| self.sqlite(&e))?;
        let bytes = ["", "-wal"]
            .iter()
            .filter_map(|suffix| std::fs::metadata(sibling(&self.path, suffix)).ok())
            .map(|meta| meta.len())
            .sum();
        Ok(CacheInfo {
            path: self.path.clone(),
            bytes,
            products: self.product_count()?,
            history: history.max(0) as u64,
            last_full_load: self.meta_number("last_full_load")?,
            written_at: self.written_at()?,
        })
    }

    fn meta(&self, key: &str) -> rusqlite::Result<Option<String>> {
        self.connection
            .query_row(
                "SELECT value FROM meta WHERE key = ?1",
                params![key],
                |row| row.get(0),
            )
            .optional()
    }

    fn meta_number(&self, key: &str) -> Result<Option<u64>, CacheError> {
        Ok(self
            .meta(key)
            .map_err(|e| self.sqlite(&e))?
            .and_then(|text| text.parse().ok()))
    }

    fn set_meta(&self, key: &str, value: &str) -> rusqlite::Result<()> {
        self.connection.execute(
            "INSERT INTO meta (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = ?2",
            params![key, value],
        )?;
        Ok(())
    }

    fn sqlite(&self, error: &rusqlite::Error) -> CacheError {
        sqlite_error(&self.path, error)
    }
}

fn sqlite_error(path: &Path, error: &rusqlite::Error) -> CacheError {
    CacheError::Sqlite {
        path: path.to_owned(),
        message: error.to_string(),
    }
}
