//! Filters and sorts the loaded catalog into the rows the list shows: the search language's
//! `key:value` terms as exact tests, its words as a fuzzy match (nucleo) on name and SKU.
//! Pure and synchronous: the runner calls it off the UI loop.

mod order;
mod prefilter;
mod ranking;

use std::borrow::Cow;
use std::cell::RefCell;
use std::cmp::Reverse;

use nucleo::pattern::{CaseMatching, Normalization, Pattern};
use nucleo::{Config, Matcher, Utf32Str};
use rayon::prelude::*;

use crate::catalog::model::{Filters, ProductSummary, SortField, SortOrder, Stock};

use super::rows::{RowRef, Snapshot};
use prefilter::Prefilter;

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

/// Rows a first screenful of a filtered view holds: more than any terminal shows.
pub const FIRST_SCREEN: usize = 200;

/// Rows matched per task; the first screenful is looked for one such block per core at a time.
const PARALLEL_CHUNK: usize = 4096;

/// How a spec tests and scores one row.
struct Matching<'a> {
    snapshot: &'a Snapshot,
    filters: &'a Filters,
    sku: Option<String>,
    pattern: Option<Pattern>,
    prefilter: Prefilter,
}

impl<'a> Matching<'a> {
    fn new(snapshot: &'a Snapshot, spec: &'a ViewSpec) -> Matching<'a> {
        let filters = &spec.filters;
        let pattern = filters
            .name
            .as_deref()
            .map(|words| Pattern::parse(words, CaseMatching::Smart, Normalization::Smart))
            .filter(|pattern| !pattern.atoms.is_empty());
        let prefilter = pattern.as_ref().map(Prefilter::new).unwrap_or_default();
        Matching {
            snapshot,
            filters,
            sku: filters.sku.as_deref().map(str::to_lowercase),
            pattern,
            prefilter,
        }
    }

    fn product(&self, at: &RowRef) -> Option<&'a ProductSummary> {
        self.snapshot
            .chunks
            .get(at.chunk as usize)
            .and_then(|items| items.get(at.pos as usize))
    }

    /// The row's score when it matches (0 without words to match).
    fn score(
        &self,
        matcher: &mut Matcher,
        buffer: &mut Vec<char>,
        at: RowRef,
    ) -> Option<(u32, RowRef)> {
        let item = self.product(&at)?;
        if !passes(item, self.filters, self.sku.as_deref())
            || (self.filters.changed && !self.snapshot.changed.contains(&item.id))
        {
            return None;
        }
        let Some(pattern) = &self.pattern else {
            return Some((0, at));
        };
        let pos = at.pos as usize;
        let mut best = None;
        match self.snapshot.texts.get(at.chunk as usize) {
            Some(texts) => {
                for haystack in [texts.name_haystack(pos), texts.sku_haystack(pos)] {
                    if self.prefilter.admits(&haystack) {
                        best = pattern.score(haystack.utf32, matcher);
                        if best.is_some() {
                            break;
                        }
                    }
                }
            }
            None => {
                for text in [item.name.as_str(), item.sku.0.as_str()] {
                    if self.prefilter.admits_text(text) {
                        best = pattern.score(Utf32Str::new(text, buffer), matcher);
                        if best.is_some() {
                            break;
                        }
                    }
                }
            }
        }
        Some((best?, at))
    }

    /// Every row of `rows` that matches, with its score, in their order.
    fn scan(&self, rows: &[RowRef]) -> Vec<(u32, RowRef)> {
        rows.par_chunks(PARALLEL_CHUNK)
            .map(|rows| {
                MATCHER.with_borrow_mut(|(matcher, buffer)| {
                    rows.iter()
                        .filter_map(|&at| self.score(matcher, buffer, at))
                        .collect::<Vec<_>>()
                })
            })
            .flatten_iter()
            .collect()
    }

    /// Catalog position: the row's index in the whole catalog, pages in catalog order.
    fn positions(&self) -> impl Fn(&RowRef) -> u64 + Sync + use<> {
        let mut start = vec![0u64; self.snapshot.chunks.len()];
        let mut next = 0u64;
        for &chunk in &self.snapshot.order {
            if let Some(slot) = start.get_mut(chunk) {
                *slot = next;
            }
            next += self
                .snapshot
                .chunks
                .get(chunk)
                .map_or(0, |c| c.len() as u64);
        }
        move |at: &RowRef| start.get(at.chunk as usize).copied().unwrap_or(0) + u64::from(at.pos)
    }
}

thread_local! {
    /// Each matching thread's nucleo matcher: its scratch space is large, so it is made once.
    static MATCHER: RefCell<(Matcher, Vec<char>)> = RefCell::new(fresh());
}

fn fresh() -> (Matcher, Vec<char>) {
    (Matcher::new(Config::DEFAULT), Vec::new())
}

/// Every row in catalog order.
fn catalog_rows(snapshot: &Snapshot) -> Vec<RowRef> {
    snapshot
        .order
        .iter()
        .flat_map(|&chunk| {
            let len = snapshot.chunks.get(chunk).map_or(0, |items| items.len());
            (0..len).map(move |pos| RowRef {
                chunk: chunk as u32,
                pos: pos as u32,
            })
        })
        .collect()
}

/// As `compute`, looking only at `within` when it is given: the rows of a view whose filter
/// the new one narrows (more letters typed), so each keystroke scores fewer rows. The result
/// is the same as a full computation's: ties are always broken by catalog position.
pub fn compute_within(
    snapshot: &Snapshot,
    spec: &ViewSpec,
    within: Option<&[RowRef]>,
) -> Option<Vec<RowRef>> {
    compute_previewing(snapshot, spec, within, |_| {})
}

/// As `compute_within`, handing `preview` the first screenful as soon as it is known: for a
/// filter with words and no sort, the best of the first `FIRST_SCREEN` matches in catalog
/// order, found by matching block after block; the rest is matched after it. Not called when
/// a sort needs every row first, or when fewer rows than a screenful match.
pub fn compute_previewing(
    snapshot: &Snapshot,
    spec: &ViewSpec,
    within: Option<&[RowRef]>,
    preview: impl FnOnce(Vec<RowRef>),
) -> Option<Vec<RowRef>> {
    if spec.is_identity() {
        return None;
    }
    let matching = Matching::new(snapshot, spec);
    let position = matching.positions();
    // Rows narrowed within come best match first, as the view before showed them: the first
    // screenful is looked for among them in that order.
    let in_catalog_order = within.is_none();
    let rows = match within {
        Some(rows) => Cow::Borrowed(rows),
        None => Cow::Owned(catalog_rows(snapshot)),
    };
    let matched = if matching.pattern.is_some() && spec.sort.is_none() {
        let by_score = |(score, at): &(u32, RowRef)| (Reverse(*score), position(at));
        let step = PARALLEL_CHUNK * rayon::current_num_threads().max(1);
        let mut found = Vec::new();
        let mut scanned = 0;
        while scanned < rows.len() && found.len() < FIRST_SCREEN {
            let block = rows
                .get(scanned..(scanned + step).min(rows.len()))
                .unwrap_or(&[]);
            found.extend(matching.scan(block));
            scanned += block.len();
        }
        if scanned < rows.len() {
            let mut first = found.clone();
            first.par_sort_unstable_by_key(by_score);
            first.truncate(FIRST_SCREEN);
            preview(first.into_iter().map(|(_, at)| at).collect());
            found.extend(matching.scan(rows.get(scanned..).unwrap_or(&[])));
        }
        found
    } else if matching.pattern.is_some() || !local_filters_empty(&spec.filters) {
        matching.scan(&rows)
    } else {
        rows.iter().map(|&at| (0, at)).collect()
    };
    Some(match spec.sort {
        Some((field, order)) => order::sort(
            matched.into_iter().map(|(_, at)| at).collect(),
            field,
            order,
            |at| matching.product(at),
            position,
        ),
        // Best match first (every score is 0 without words), then catalog order.
        None if in_catalog_order => ranking::best_first(matched),
        None => ranking::best_first_by(matched, position),
    })
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

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::catalog::model::{Money, ProductId, Sku, Status};

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
        Snapshot::new(
            vec![
                Arc::new(vec![
                    product(3, "C-3", "Red shirt", Some("12.50"), 0),
                    product(4, "D-4", "Blue mug", None, 9),
                ]),
                Arc::new(vec![
                    product(1, "A-1", "red wine glass", Some("30"), 4),
                    product(2, "B-2", "Green shirt", Some("8"), 2),
                ]),
            ],
            vec![1, 0],
        )
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
