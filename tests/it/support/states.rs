//! States as the runner leaves them: started on some profiles, catalog pages fed through
//! `update`, a product loaded, the view computations carried out.

use stockroom::app::action::Action;
use stockroom::app::effect::{Effect, RequestId};
use stockroom::app::state::{ProfileInfo, State};
use stockroom::app::update::{start, update};
use stockroom::catalog::model::{
    Money, Page, Product, ProductId, ProductSummary, Sku, Status, Stock,
};

use super::profiles;

/// Starts `state` on its first profile: the catalog load's request, and every effect of the
/// start (the journal, the form fields...).
pub fn boot(state: &mut State) -> (RequestId, Vec<Effect>) {
    let effects = start(state);
    let request = effects
        .iter()
        .find_map(|effect| match effect {
            Effect::LoadCatalog { request, .. } => Some(*request),
            _ => None,
        })
        .unwrap_or_else(|| panic!("the start loads the catalog: {effects:?}"));
    (request, effects)
}

/// The catalog load `request` answers with `page`, without exchanges.
pub fn page_loaded(
    state: &mut State,
    request: RequestId,
    page: Page<ProductSummary>,
) -> Vec<Effect> {
    update(
        state,
        Action::PageLoaded {
            profile: 0,
            request,
            page,
            exchanges: vec![],
        },
    )
}

/// Page 1 of `per_page`, holding `items`, with nothing after it.
pub fn first_page(
    items: Vec<ProductSummary>,
    per_page: u32,
    total: Option<u64>,
) -> Page<ProductSummary> {
    Page {
        items,
        page: 1,
        per_page,
        total,
        more: false,
        warehouses: None,
    }
}

/// A state on `profiles` (the first active) whose catalog load answered with `page`.
pub fn loaded(profiles: Vec<ProfileInfo>, page: Page<ProductSummary>) -> State {
    let mut state = State::new(profiles, 0);
    let (request, _) = boot(&mut state);
    page_loaded(&mut state, request, page);
    state
}

/// A product with nothing known beyond `summary`, and `raw` as the platform sent it.
pub fn product(summary: ProductSummary, raw: serde_json::Value) -> Product {
    Product {
        summary,
        list_price: None,
        category_ids: vec![],
        updated_at: None,
        description: None,
        warehouses: vec![],
        prices: vec![],
        vat_rate: None,
        raw,
    }
}

/// Answers the one product load among `effects` with `product`.
pub fn product_loaded(state: &mut State, effects: &[Effect], product: Product) -> Vec<Effect> {
    let request = match effects {
        [Effect::LoadProduct { request, .. }] => *request,
        other => panic!("expected one LoadProduct, got {other:?}"),
    };
    update(
        state,
        Action::ProductLoaded {
            profile: 0,
            request,
            product: Box::new(product),
            exchanges: vec![],
        },
    )
}

/// Opens the editor on the selected product and answers its load with `product`.
pub fn editing(state: &mut State, product: Product) {
    let effects = update(state, Action::EditProduct);
    product_loaded(state, &effects, product);
}

/// Carries out the view computations among `effects`, as the runner would, and applies them.
pub fn compute_views(state: &mut State, effects: Vec<Effect>) {
    for effect in effects {
        if let Effect::ComputeView {
            profile,
            generation,
            snapshot,
            spec,
            within,
        } = effect
        {
            let rows = stockroom::app::view::compute_within(&snapshot, &spec, within.as_deref());
            let more = update(
                state,
                Action::ViewComputed {
                    profile,
                    generation,
                    rows,
                },
            );
            compute_views(state, more);
        }
    }
}

/// Product `n` of the numbered CS-Cart catalog: `SKU0001`, `Product 1`, 9.99, `n` in stock.
pub fn numbered(n: u32) -> ProductSummary {
    ProductSummary {
        id: ProductId(n.to_string()),
        sku: Sku(format!("SKU{n:04}")),
        name: format!("Product {n}"),
        price: Money::parse("9.99"),
        stock: Stock::Quantity(i64::from(n)),
        status: Status::Active,
    }
}

/// Page `number` of the numbered catalog of `total` products, `per_page` a page.
pub fn numbered_page(number: u32, per_page: u32, total: u64) -> Page<ProductSummary> {
    let first = (number - 1) * per_page + 1;
    let last = (u64::from(number * per_page)).min(total) as u32;
    Page {
        items: (first..=last).map(numbered).collect(),
        page: number,
        per_page,
        total: Some(total),
        more: u64::from(number * per_page) < total,
        warehouses: None,
    }
}

/// A state at 80x24 on two CS-Cart profiles, `shop` and `staging`, with page 1 of a
/// 120-product numbered catalog (50 a page) loaded and the rest still loading.
pub fn partly_loaded() -> State {
    let profiles = vec![profiles::cscart("shop"), profiles::cscart("staging")];
    loaded(profiles, numbered_page(1, 50, 120))
}

/// The names of the listed products, in the order shown.
pub fn listed_names(state: &State) -> Vec<String> {
    state
        .session
        .listing
        .rows
        .range(0, state.session.listing.len())
        .iter()
        .map(|p| p.name.clone())
        .collect()
}
