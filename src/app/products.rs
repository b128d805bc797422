//! Writes every product matching a search to a JSON file, as the platform sends them.

use std::path::PathBuf;
use std::time::{SystemTime, UNIX_EPOCH};

use crate::catalog::Catalog;
use crate::catalog::exchange::Exchange;
use crate::catalog::model::{ListQuery, ProductId, ProductSummary, Stock};

/// Pages through the search for the ids, exports them in batches, writes one JSON array
/// on a blocking task. Returns the file and how many products it holds, and every exchange made.
pub async fn export(
    catalog: &Catalog,
    mut query: ListQuery,
    path: Option<PathBuf>,
    dir: Option<PathBuf>,
) -> (Result<(PathBuf, usize), String>, Vec<Exchange>) {
    let mut exchanges = Vec::new();
    let mut rows = Vec::new();
    query.page = 1;
    query.per_page = 100;
    loop {
        let page = catalog.list(&query).await;
        exchanges.extend(page.exchanges);
        match page.result {
            Ok(page) => {
                let last = !page.more || page.items.is_empty();
                rows.extend(page.items);
                if last {
                    break;
                }
                query.page += 1;
            }
            Err(e) => return (Err(format!("Export stopped: {e}")), exchanges),
        }
    }
    let products = if catalog.capabilities().channels {
        let ids: Vec<ProductId> = rows.into_iter().map(|p| p.id).collect();
        let products = catalog.export_products(&ids).await;
        exchanges.extend(products.exchanges);
        match products.result {
            Ok(exported) => {
                if !exported.missing.is_empty() {
                    tracing::warn!(missing = ?exported.missing, "products gone while exporting");
                }
                exported.products
            }
            Err(e) => return (Err(format!("Export stopped: {e}")), exchanges),
        }
    } else {
        rows.iter().map(summary_json).collect()
    };
    let written = tokio::task::spawn_blocking(move || write(&products, path, dir))
        .await
        .unwrap_or_else(|e| Err(format!("the export failed: {e}")));
    (written, exchanges)
}

/// A product as `stockroom export` writes it in JSON and NDJSON, and `:export products` on a
/// platform without a bulk export: id, sku, name, price and stock (null when unknown or not
/// tracked) and the status word.
pub fn summary_json(product: &ProductSummary) -> serde_json::Value {
    let stock = match product.stock {
        Stock::Quantity(n) => Some(n),
        Stock::NotTracked => None,
    };
    serde_json::json!({
        "id": product.id.0,
        "sku": product.sku.0,
        "name": product.name,
        "price": product.price.map(|m| m.to_string()),
        "stock": stock,
        "status": product.status.label(),
    })
}

/// Writes the products as one pretty JSON array; blocking, so it runs off the runtime's threads.
fn write(
    products: &[serde_json::Value],
    path: Option<PathBuf>,
    default_dir: Option<PathBuf>,
) -> Result<(PathBuf, usize), String> {
    let text = serde_json::to_string_pretty(products).map_err(|e| e.to_string())?;
    // A file the user names keeps their umask; one in the state directory is theirs alone.
    let path = match path {
        Some(path) => {
            let path = super::paths::expand_home(&path);
            std::fs::write(&path, text)
                .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
            path
        }
        None => {
            let dir = default_dir.ok_or("no directory to export to: give a file name")?;
            let secs = SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0, |d| d.as_secs());
            let path = dir.join(format!("stockroom-products-{secs}.json"));
            super::paths::write_private(&dir, &path, &text)
                .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
            path
        }
    };
    Ok((path, products.len()))
}
