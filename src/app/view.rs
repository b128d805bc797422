//! Filters and sorts the loaded catalog into the rows the list shows: the search language's
//! `key:value` terms as exact tests, its words as a fuzzy match (nucleo) on name and SKU.
//! Pure and synchronous: the runner calls it off the UI loop.

use std::cmp::Ordering;

use nucleo::pattern::{CaseMatching, Normalization, Pattern};
use nucleo::{Config, Matcher, Utf32Str};

use crate::catalog::model::{Filters, ProductSummary, SortField, SortOrder, Status, Stock};

use super::rows::{RowRef, Snapshot};

/// What the list shows of the loaded catalog.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ViewSpec {
    /// `category_id` is the server's to apply; every other filter is applied here.
    pub filters: Filters,
    /// `None`: the store's order (or, with words to match, best match first).
    pub sort: Option<(SortField, SortOrder)>,
}

impl ViewSpec {
    /// Whether the view is every row in catalog order.
    pub fn is_identity(&self) -> bool {
        self.sort.is_none() && local_filters_empty(&self.filters)
    }
}

fn local_filters_empty(filters: &Filters) -> bool {
    Filters {
        category_id: None,
        ..filters.clone()
    }
    .is_empty()
}

/// The rows matching `spec`, in its order; `None` when the spec asks for nothing.
pub fn compute(snapshot: &Snapshot, spec: &ViewSpec) -> Option<Vec<RowRef>> {
    if spec.is_identity() {
        return None;
    }
    let filters = &spec.filters;
    let pattern = filters
        .name
        .as_deref()
        .map(|words| Pattern::parse(words, CaseMatching::Smart, Normalization::Smart))
        .filter(|pattern| !pattern.atoms.is_empty());
    let sku = filters.sku.as_deref().map(str::to_lowercase);
    let mut matcher = Matcher::new(Config::DEFAULT);
    let mut buffer = Vec::new();
    let mut matched: Vec<(u32, RowRef)> = Vec::new();
    for &chunk in &snapshot.order {
        let Some(items) = snapshot.chunks.get(chunk) else {
            continue;
        };
        for (pos, product) in items.iter().enumerate() {
            if !passes(product, filters, sku.as_deref()) {
                continue;
            }
            let score = match &pattern {
                Some(pattern) => {
                    let name =
                        pattern.score(Utf32Str::new(&product.name, &mut buffer), &mut matcher);
                    let Some(score) = name.or_else(|| {
                        pattern.score(Utf32Str::new(&product.sku.0, &mut buffer), &mut matcher)
                    }) else {
                        continue;
                    };
                    score
                }
                None => 0,
            };
            matched.push((
                score,
                RowRef {
                    chunk: chunk as u32,
                    pos: pos as u32,
                },
            ));
        }
    }
    let product = |at: &RowRef| {
        snapshot
            .chunks
            .get(at.chunk as usize)
            .and_then(|items| items.get(at.pos as usize))
    };
    match spec.sort {
        Some((field, order)) => matched.sort_by(|(_, a), (_, b)| {
            let (Some(a), Some(b)) = (product(a), product(b)) else {
                return Ordering::Equal;
            };
            // Products without the value go last whichever way the column is sorted.
            match (missing(a, field), missing(b, field)) {
                (false, true) => Ordering::Less,
                (true, false) => Ordering::Greater,
                _ => match order {
                    SortOrder::Ascending => compare(a, b, field),
                    SortOrder::Descending => compare(a, b, field).reverse(),
                },
            }
        }),
        None if pattern.is_some() => matched.sort_by_key(|(score, _)| std::cmp::Reverse(*score)),
        None => {}
    }
    Some(matched.into_iter().map(|(_, at)| at).collect())
}

fn passes(product: &ProductSummary, filters: &Filters, sku: Option<&str>) -> bool {
    if let Some(sku) = sku
        && !product.sku.0.to_lowercase().contains(sku)
    {
        return false;
    }
    if let Some(status) = &filters.status
        && product.status != *status
    {
        return false;
    }
    if filters.price_min.is_some() || filters.price_max.is_some() {
        let Some(price) = product.price else {
            return false;
        };
        if filters.price_min.is_some_and(|min| price < min)
            || filters.price_max.is_some_and(|max| price > max)
        {
            return false;
        }
    }
    if filters.stock_min.is_some() || filters.stock_max.is_some() {
        let Stock::Quantity(stock) = product.stock else {
            return false;
        };
        if filters.stock_min.is_some_and(|min| stock < min)
            || filters.stock_max.is_some_and(|max| stock > max)
        {
            return false;
        }
    }
    true
}

fn missing(product: &ProductSummary, field: SortField) -> bool {
    match field {
        SortField::Price => product.price.is_none(),
        SortField::Stock => product.stock == Stock::NotTracked,
        _ => false,
    }
}

/// Ascending order of two products by one column (both having a value).
fn compare(a: &ProductSummary, b: &ProductSummary, field: SortField) -> Ordering {
    match field {
        SortField::Name | SortField::Updated => natural(&a.name, &b.name),
        SortField::Sku => natural(&a.sku.0, &b.sku.0),
        SortField::Price => a.price.cmp(&b.price),
        SortField::Stock => match (a.stock, b.stock) {
            (Stock::Quantity(a), Stock::Quantity(b)) => a.cmp(&b),
            _ => Ordering::Equal,
        },
        SortField::Status => status_rank(&a.status).cmp(&status_rank(&b.status)),
    }
}

fn status_rank(status: &Status) -> (u8, &str) {
    match status {
        Status::Active => (0, ""),
        Status::Hidden => (1, ""),
        Status::Disabled => (2, ""),
        Status::Other(text) => (3, text.as_str()),
    }
}

/// Case-insensitive, without allocating: names are compared a hundred thousand times a sort.
fn natural(a: &str, b: &str) -> Ordering {
    let fold = |c: char| c.to_lowercase();
    a.chars()
        .flat_map(fold)
        .cmp(b.chars().flat_map(fold))
        .then_with(|| a.cmp(b))
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::catalog::model::{Money, ProductId, Sku};

    fn product(id: u32, sku: &str, name: &str, price: Option<&str>, stock: i64) -> ProductSummary {
        ProductSummary {
            id: ProductId(id.to_string()),
            sku: Sku(sku.to_owned()),
            name: name.to_owned(),
            price: price.and_then(Money::parse),
            stock: Stock::Quantity(stock),
            status: Status::Active,
        }
    }

    fn snapshot() -> Snapshot {
        Snapshot {
            chunks: vec![
                Arc::new(vec![
                    product(3, "C-3", "Red shirt", Some("12.50"), 0),
                    product(4, "D-4", "Blue mug", None, 9),
                ]),
                Arc::new(vec![
                    product(1, "A-1", "red wine glass", Some("30"), 4),
                    product(2, "B-2", "Green shirt", Some("8"), 2),
                ]),
            ],
            order: vec![1, 0],
        }
    }

    fn names(rows: &[RowRef], snapshot: &Snapshot) -> Vec<String> {
        rows.iter()
            .map(|at| {
                snapshot.chunks[at.chunk as usize][at.pos as usize]
                    .name
                    .clone()
            })
            .collect()
    }

    #[test]
    fn no_filter_and_no_sort_is_the_catalog_order() {
        assert_eq!(compute(&snapshot(), &ViewSpec::default()), None);
    }

    #[test]
    fn words_match_fuzzily_on_name_or_sku_best_first() {
        let snapshot = snapshot();
        let spec = ViewSpec {
            filters: Filters {
                name: Some("shrt".into()),
                ..Filters::default()
            },
            sort: None,
        };
        let rows = compute(&snapshot, &spec).unwrap_or_default();
        assert_eq!(names(&rows, &snapshot).len(), 2);
        let spec = ViewSpec {
            filters: Filters {
                name: Some("d-4".into()),
                ..Filters::default()
            },
            sort: None,
        };
        let rows = compute(&snapshot, &spec).unwrap_or_default();
        assert_eq!(names(&rows, &snapshot), ["Blue mug"]);
    }

    #[test]
    fn exact_terms_and_a_sort_combine() {
        let snapshot = snapshot();
        let spec = ViewSpec {
            filters: Filters {
                stock_min: Some(1),
                ..Filters::default()
            },
            sort: Some((SortField::Price, SortOrder::Descending)),
        };
        let rows = compute(&snapshot, &spec).unwrap_or_default();
        assert_eq!(
            names(&rows, &snapshot),
            ["red wine glass", "Green shirt", "Blue mug"]
        );
        let spec = ViewSpec {
            filters: Filters::default(),
            sort: Some((SortField::Name, SortOrder::Ascending)),
        };
        let rows = compute(&snapshot, &spec).unwrap_or_default();
        assert_eq!(
            names(&rows, &snapshot),
            ["Blue mug", "Green shirt", "Red shirt", "red wine glass"]
        );
    }
}
