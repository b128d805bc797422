//! Writes every product matching a search to a JSON file, as the platform sends them.

use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use crate::catalog::Catalog;
use crate::catalog::exchange::Exchange;
use crate::catalog::model::ListQuery;

/// Pages through the search for the ids, exports them in batches, writes one JSON array.
/// Returns the file and how many products it holds, and every exchange made.
pub async fn export(
    catalog: &Catalog,
    mut query: ListQuery,
    path: Option<PathBuf>,
    default_dir: Option<&Path>,
) -> (Result<(PathBuf, usize), String>, Vec<Exchange>) {
    let mut exchanges = Vec::new();
    let mut ids = Vec::new();
    query.page = 1;
    query.per_page = 100;
    loop {
        let page = catalog.list(&query).await;
        exchanges.extend(page.exchanges);
        match page.result {
            Ok(page) => {
                ids.extend(page.items.into_iter().map(|p| p.id));
                if !page.more {
                    break;
                }
                query.page += 1;
            }
            Err(e) => return (Err(format!("Export stopped: {e}")), exchanges),
        }
    }
    let products = catalog.export_products(&ids).await;
    exchanges.extend(products.exchanges);
    let products = match products.result {
        Ok(exported) => {
            if !exported.missing.is_empty() {
                tracing::warn!(missing = ?exported.missing, "products gone while exporting");
            }
            exported.products
        }
        Err(e) => return (Err(format!("Export stopped: {e}")), exchanges),
    };
    let path = match path {
        Some(path) => super::paths::expand_home(&path),
        None => {
            let Some(dir) = default_dir else {
                return (
                    Err("no directory to export to: give a file name".to_owned()),
                    exchanges,
                );
            };
            if let Err(e) = std::fs::create_dir_all(dir) {
                return (
                    Err(format!("cannot create {}: {e}", dir.display())),
                    exchanges,
                );
            }
            let secs = SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0, |d| d.as_secs());
            dir.join(format!("stockroom-products-{secs}.json"))
        }
    };
    let count = products.len();
    let text = match serde_json::to_string_pretty(&products) {
        Ok(text) => text,
        Err(e) => return (Err(e.to_string()), exchanges),
    };
    match std::fs::write(&path, text) {
        Ok(()) => (Ok((path, count)), exchanges),
        Err(e) => (
            Err(format!("cannot write {}: {e}", path.display())),
            exchanges,
        ),
    }
}
