//! A large catalog filtered and sorted: the first screenful of matches comes before the whole
//! count, and a sort by any column gives the order a plain comparison of the values does.

use std::cmp::Ordering;

use stockroom::app::action::Action;
use stockroom::app::effect::Effect;
use stockroom::app::rows::Rows;
use stockroom::app::update::update;
use stockroom::app::view::{self, FIRST_SCREEN, ViewSpec};
use stockroom::catalog::model::{
    Filters, Money, Page, ProductId, ProductSummary, Sku, SortField, SortOrder, Status, Stock,
};

use crate::support::profiles;
use crate::support::states::{boot, numbered_page, page_loaded};

const PRODUCTS: u32 = 10_000;
const PER_PAGE: u32 = 500;

fn numbered_catalog() -> stockroom::app::state::State {
    let mut state = stockroom::app::state::State::new(vec![profiles::cscart("shop")], 0);
    state.viewport = (120, 40);
    let (request, _) = boot(&mut state);
    for number in 1..=PRODUCTS / PER_PAGE {
        page_loaded(
            &mut state,
            request,
            numbered_page(number, PER_PAGE, u64::from(PRODUCTS)),
        );
    }
    state
}

#[test]
fn a_keystroke_shows_a_first_screenful_of_matches_then_every_match() {
    let mut state = numbered_catalog();
    let effects = update(&mut state, Action::StartSearch);
    crate::support::states::compute_views(&mut state, effects);
    let effects = update(&mut state, Action::SearchInput('9'));
    let Some(Effect::ComputeView {
        profile,
        generation,
        snapshot,
        spec,
        within,
    }) = effects
        .into_iter()
        .find(|effect| matches!(effect, Effect::ComputeView { .. }))
    else {
        panic!("a keystroke computes the view");
    };
    let mut previewed = None;
    let rows = view::compute_previewing(&snapshot, &spec, within.as_deref(), |rows| {
        previewed = Some(rows);
    });
    let first = previewed.expect("thousands of matches: a first screenful comes first");
    assert_eq!(first.len(), FIRST_SCREEN);
    update(
        &mut state,
        Action::ViewPreviewed {
            profile,
            generation,
            rows: first,
        },
    );
    let listing = &state.session.listing;
    assert_eq!(listing.len(), FIRST_SCREEN);
    assert_eq!(listing.selected, 0);
    assert!(listing.view_pending.is_some(), "still counting every match");
    let shown = listing.rows.range(0, listing.len());
    assert!(
        shown.iter().all(|p| p.name.contains('9')),
        "only matches are shown"
    );

    update(
        &mut state,
        Action::ViewComputed {
            profile,
            generation,
            rows,
        },
    );
    let expected = (1..=PRODUCTS)
        .filter(|n| n.to_string().contains('9'))
        .count();
    let listing = &state.session.listing;
    assert_eq!(listing.len(), expected);
    assert!(listing.view_pending.is_none());
}

#[test]
fn a_sorted_view_or_a_short_one_has_no_first_screen_apart() {
    let first_screen = |snapshot, spec| {
        let mut previewed = None;
        let whole = view::compute_previewing(snapshot, spec, None, |rows| previewed = Some(rows));
        assert!(whole.is_some_and(|rows| !rows.is_empty()));
        previewed
    };
    let state = numbered_catalog();
    let snapshot = state.session.listing.rows.snapshot();
    let sorted = ViewSpec {
        filters: Filters {
            name: Some("9".into()),
            ..Filters::default()
        },
        sort: Some((SortField::Price, SortOrder::Ascending)),
    };
    assert_eq!(first_screen(&snapshot, &sorted), None);
    let rare = ViewSpec {
        filters: Filters {
            name: Some("9999".into()),
            ..Filters::default()
        },
        sort: None,
    };
    assert_eq!(first_screen(&snapshot, &rare), None);
}

fn varied(n: u32) -> ProductSummary {
    let names = [
        "Élan",
        "elan",
        "Zebra",
        "apple",
        "Apple pie",
        "straße",
        "",
        "b",
        "Long product name, beta",
        "long product name, Alpha",
    ];
    ProductSummary {
        id: ProductId(n.to_string()),
        sku: Sku(format!(
            "{}-{}",
            ["x", "X", "ä", "A"][n as usize % 4],
            n % 7
        )),
        name: format!("{} {}", names[n as usize % names.len()], n % 5),
        price: (!n.is_multiple_of(3))
            .then(|| Money::parse(&format!("{}.{}", n % 11, n % 10)))
            .flatten(),
        stock: if n.is_multiple_of(4) {
            Stock::NotTracked
        } else {
            Stock::Quantity(i64::from(n % 13) - 3)
        },
        status: match n % 5 {
            0 => Status::Active,
            1 => Status::Hidden,
            2 => Status::Disabled,
            3 => Status::Other("draft".into()),
            _ => Status::Other("archived".into()),
        },
    }
}

fn folded(text: &str) -> Vec<char> {
    text.chars().flat_map(char::to_lowercase).collect()
}

fn plain(a: &ProductSummary, b: &ProductSummary, field: SortField) -> Option<Ordering> {
    let status = |s: &Status| match s {
        Status::Active => (0, String::new()),
        Status::Hidden => (1, String::new()),
        Status::Disabled => (2, String::new()),
        Status::Other(text) => (3, text.clone()),
    };
    Some(match field {
        SortField::Name | SortField::Updated => folded(&a.name)
            .cmp(&folded(&b.name))
            .then_with(|| a.name.cmp(&b.name)),
        SortField::Sku => folded(&a.sku.0)
            .cmp(&folded(&b.sku.0))
            .then_with(|| a.sku.0.cmp(&b.sku.0)),
        SortField::Price => a.price?.cmp(&b.price?),
        SortField::Stock => match (a.stock, b.stock) {
            (Stock::Quantity(x), Stock::Quantity(y)) => x.cmp(&y),
            _ => return None,
        },
        SortField::Status => status(&a.status).cmp(&status(&b.status)),
    })
}

#[test]
fn a_sort_by_any_column_orders_as_the_values_do_missing_ones_last() {
    let pages: Vec<Page<ProductSummary>> = (0..4)
        .map(|page| Page {
            items: (page * 50..page * 50 + 50).map(varied).collect(),
            page: page + 1,
            per_page: 50,
            total: Some(200),
            more: page < 3,
            warehouses: None,
        })
        .collect();
    let rows: Rows = pages.iter().collect();
    let snapshot = rows.snapshot();
    let catalog: Vec<&ProductSummary> = rows.all().collect();
    for field in SortField::ALL {
        for order in [SortOrder::Ascending, SortOrder::Descending] {
            let spec = ViewSpec {
                filters: Filters::default(),
                sort: Some((field, order)),
            };
            let got: Vec<&str> = view::compute(&snapshot, &spec)
                .unwrap_or_default()
                .iter()
                .map(|at| {
                    snapshot.chunks[at.chunk as usize][at.pos as usize]
                        .id
                        .0
                        .as_str()
                })
                .collect();
            let mut expected: Vec<(usize, &ProductSummary)> =
                catalog.iter().copied().enumerate().collect();
            expected.sort_by(|(pa, a), (pb, b)| {
                let by_value = match (plain(a, a, field), plain(b, b, field)) {
                    (Some(_), None) => Ordering::Less,
                    (None, Some(_)) => Ordering::Greater,
                    (None, None) => Ordering::Equal,
                    (Some(_), Some(_)) => {
                        let ordering = plain(a, b, field).unwrap_or(Ordering::Equal);
                        match order {
                            SortOrder::Ascending => ordering,
                            SortOrder::Descending => ordering.reverse(),
                        }
                    }
                };
                by_value.then(pa.cmp(pb))
            });
            let expected: Vec<&str> = expected.iter().map(|(_, p)| p.id.0.as_str()).collect();
            assert_eq!(got, expected, "sorted by {field:?} {order:?}");
        }
    }
}
