//! Filters and sorts the loaded catalog into the rows the list shows: the search language's
//! `key:value` terms as exact tests, its words as a fuzzy match (nucleo) on name and SKU.
//! Pure and synchronous: the runner calls it off the UI loop.

use std::cmp::Ordering;

use nucleo::pattern::{CaseMatching, Normalization, Pattern};
use nucleo::{Config, Matcher, Utf32Str};
use rayon::prelude::*;

use crate::catalog::model::{Filters, ProductSummary, SortField, SortOrder, Status, Stock};

use super::rows::{RowRef, Snapshot};

/// Rows scored per task when a view is narrowed.
const PARALLEL_CHUNK: usize = 4096;

/// What the list shows of the loaded catalog.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ViewSpec {
    /// Its server part (`Filters::server_part`) is the server's to apply; the rest is applied here.
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
    filters.local_part().is_empty()
}

/// The rows matching `spec`, in its order; `None` when the spec asks for nothing.
pub fn compute(snapshot: &Snapshot, spec: &ViewSpec) -> Option<Vec<RowRef>> {
    compute_within(snapshot, spec, None)
}

/// As `compute`, looking only at `within` when it is given: the rows of a view whose filter
/// the new one narrows (more letters typed), so each keystroke scores fewer rows. The result
/// is the same as a full computation's: ties are always broken by catalog position.
pub fn compute_within(
    snapshot: &Snapshot,
    spec: &ViewSpec,
    within: Option<&[RowRef]>,
) -> Option<Vec<RowRef>> {
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
    let product = |at: &RowRef| {
        snapshot
            .chunks
            .get(at.chunk as usize)
            .and_then(|items| items.get(at.pos as usize))
    };
    let score =
        |matcher: &mut Matcher, buffer: &mut Vec<char>, at: RowRef| -> Option<(u32, RowRef)> {
            let item = product(&at)?;
            if !passes(item, filters, sku.as_deref())
                || (filters.changed && !snapshot.changed.contains(&item.id))
            {
                return None;
            }
            let Some(pattern) = &pattern else {
                return Some((0, at));
            };
            let name = pattern.score(Utf32Str::new(&item.name, buffer), matcher);
            let best =
                name.or_else(|| pattern.score(Utf32Str::new(&item.sku.0, buffer), matcher))?;
            Some((best, at))
        };
    let fresh = || (Matcher::new(Config::DEFAULT), Vec::new());
    let mut matched: Vec<(u32, RowRef)> = match within {
        Some(rows) => rows
            .par_chunks(PARALLEL_CHUNK)
            .map_init(fresh, |(matcher, buffer), rows| {
                rows.iter()
                    .filter_map(|&at| score(matcher, buffer, at))
                    .collect::<Vec<_>>()
            })
            .flatten_iter()
            .collect(),
        None => snapshot
            .order
            .par_iter()
            .map_init(fresh, |(matcher, buffer), &chunk| {
                let len = snapshot.chunks.get(chunk).map_or(0, |items| items.len());
                (0..len)
                    .filter_map(|pos| {
                        let at = RowRef {
                            chunk: chunk as u32,
                            pos: pos as u32,
                        };
                        score(matcher, buffer, at)
                    })
                    .collect::<Vec<_>>()
            })
            .flatten_iter()
            .collect(),
    };
    // Catalog position: the page's place in the catalog, then the row's place in the page.
    let mut rank = vec![0u32; snapshot.chunks.len()];
    for (place, &chunk) in snapshot.order.iter().enumerate() {
        if let Some(slot) = rank.get_mut(chunk) {
            *slot = place as u32;
        }
    }
    let position = |at: &RowRef| (rank.get(at.chunk as usize).copied().unwrap_or(0), at.pos);
    match spec.sort {
        Some((field, order)) => matched.par_sort_unstable_by(|(_, a), (_, b)| {
            let (Some(pa), Some(pb)) = (product(a), product(b)) else {
                return Ordering::Equal;
            };
            // Products without the value go last whichever way the column is sorted.
            let by_value = match (missing(pa, field), missing(pb, field)) {
                (false, true) => Ordering::Less,
                (true, false) => Ordering::Greater,
                _ => match order {
                    SortOrder::Ascending => compare(pa, pb, field),
                    SortOrder::Descending => compare(pa, pb, field).reverse(),
                },
            };
            by_value.then_with(|| position(a).cmp(&position(b)))
        }),
        None if pattern.is_some() => matched
            .par_sort_unstable_by_key(|(score, at)| (std::cmp::Reverse(*score), position(at))),
        None => matched.par_sort_unstable_by_key(|(_, at)| position(at)),
    }
    Some(matched.into_iter().map(|(_, at)| at).collect())
}

/// Whether the rows of a view filtered by `before` hold every row `after` can match, so
/// `after` may be computed within them: the same terms, and the words only typed further.
/// Words with nucleo's operators (`!` negates, `^ $ '` anchor, `\` escapes) are not narrowed.
pub fn narrows(before: &ViewSpec, after: &ViewSpec) -> bool {
    let (Some(old), Some(new)) = (&before.filters.name, &after.filters.name) else {
        return false;
    };
    let same_terms = Filters {
        name: None,
        ..before.filters.clone()
    } == Filters {
        name: None,
        ..after.filters.clone()
    };
    same_terms
        && !old.trim().is_empty()
        && new.starts_with(old.as_str())
        && !old.contains(['!', '^', '$', '\'', '\\'])
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
            changed: Arc::default(),
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
    fn a_narrowed_view_is_the_same_as_a_full_one() {
        let snapshot = snapshot();
        let spec = |words: &str| ViewSpec {
            filters: Filters {
                name: Some(words.into()),
                ..Filters::default()
            },
            sort: None,
        };
        let wide = compute(&snapshot, &spec("s")).unwrap_or_default();
        assert!(narrows(&spec("s"), &spec("sh")));
        let narrowed = compute_within(&snapshot, &spec("sh"), Some(&wide));
        assert_eq!(narrowed, compute(&snapshot, &spec("sh")));
        assert!(!narrows(&spec("!s"), &spec("!sh")), "a negation widens");
        assert!(!narrows(&spec("sh"), &spec("s")), "fewer letters widen");
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
