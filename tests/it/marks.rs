//! Marks on the list: space and a range mark rows, the stock keys then stage one change per
//! marked product (merged with what is staged, the single row's guards on each), one undo
//! takes it back, and marks belong to their profile and to products still in the catalog.

use stockroom::app::action::Action;
use stockroom::app::effect::Effect;
use stockroom::app::state::{Layer, Severity, State};
use stockroom::basket::{Change, StockChange, Target, WarehouseChange};
use stockroom::catalog::model::{Platform, ProductId, ProductSummary, Stock};

use crate::support::profiles;
use crate::support::shop::{self, journaled, keys, stock_of, summary};
use crate::support::states;

fn id(n: u32) -> ProductId {
    ProductId(n.to_string())
}

fn marked(state: &State) -> Vec<String> {
    state.session.marks.iter().map(|id| id.0.clone()).collect()
}

fn message(state: &State) -> (Severity, String) {
    let message = state.message.clone().expect("a message");
    (message.severity, message.text)
}

fn count(state: &mut State, digits: &str) {
    for digit in digits.bytes() {
        keys(state, &[Action::CountDigit(digit - b'0')]);
    }
}

/// Rows 1 and 3 of the three-product shop marked with space.
fn one_and_three_marked() -> State {
    let mut state = shop::loaded();
    keys(
        &mut state,
        &[Action::ToggleMark, Action::SelectNext, Action::ToggleMark],
    );
    assert_eq!(marked(&state), ["1", "3"]);
    state
}

#[test]
fn space_marks_the_row_and_moves_down_and_again_unmarks_it() {
    let mut state = shop::loaded();
    keys(&mut state, &[Action::ToggleMark]);
    assert_eq!(marked(&state), ["1"]);
    assert_eq!(state.session.listing.selected, 1, "the cursor moved down");
    keys(
        &mut state,
        &[Action::ToggleMark, Action::SelectPrev, Action::ToggleMark],
    );
    assert_eq!(marked(&state), ["1"], "space on a marked row unmarks it");
    assert!(
        message(&state).1.contains("1 marked"),
        "{:?}",
        state.message
    );
}

#[test]
fn a_count_before_space_marks_that_many_rows() {
    let mut state = shop::loaded();
    count(&mut state, "2");
    keys(&mut state, &[Action::ToggleMark]);
    assert_eq!(marked(&state), ["1", "2"]);
}

#[test]
fn a_range_marks_every_row_from_its_start_to_the_cursor() {
    let mut state = shop::loaded();
    keys(&mut state, &[Action::SelectLast, Action::MarkRange]);
    assert_eq!(marked(&state), ["3"], "the start is marked at once");
    assert!(message(&state).1.contains("Range from SKU3"));
    keys(&mut state, &[Action::SelectFirst, Action::MarkRange]);
    assert_eq!(marked(&state), ["1", "2", "3"]);
    assert_eq!(state.session.range_from, None);
}

#[test]
fn esc_cancels_a_started_range_and_u_clears_every_mark() {
    let mut state = shop::loaded();
    keys(&mut state, &[Action::MarkRange, Action::Back]);
    assert_eq!(state.session.range_from, None);
    keys(&mut state, &[Action::SelectLast, Action::MarkRange]);
    assert_eq!(marked(&state), ["1", "3"], "a new range starts where it is");
    keys(&mut state, &[Action::ClearMarks]);
    assert!(state.session.marks.is_empty());
    assert!(message(&state).1.contains("2 products unmarked"));
}

#[test]
fn plus_five_stages_one_item_per_marked_product_and_journals_it() {
    let mut state = one_and_three_marked();
    count(&mut state, "5");
    let effects = keys(&mut state, &[Action::AdjustStock { sign: 1 }]);
    assert_eq!(state.session.basket.len(), 2);
    assert_eq!(
        stock_of(&state, "1"),
        Some(StockChange::Adjust { from: 10, to: 15 })
    );
    assert_eq!(stock_of(&state, "2"), None, "an unmarked row is left alone");
    assert_eq!(
        stock_of(&state, "3"),
        Some(StockChange::Adjust { from: 30, to: 35 })
    );
    assert_eq!(journaled(&effects).map(|items| items.len()), Some(2));
    let (severity, text) = message(&state);
    assert_eq!(severity, Severity::Info);
    assert!(text.contains("2 products staged +5"), "{text}");
}

#[test]
fn a_marked_product_already_staged_merges_with_its_item() {
    let mut state = shop::loaded();
    count(&mut state, "2");
    keys(&mut state, &[Action::AdjustStock { sign: 1 }]);
    keys(
        &mut state,
        &[Action::ToggleMark, Action::ToggleMark, Action::SelectFirst],
    );
    count(&mut state, "3");
    keys(&mut state, &[Action::AdjustStock { sign: -1 }]);
    assert_eq!(state.session.basket.len(), 2, "still one item per product");
    assert_eq!(
        stock_of(&state, "1"),
        Some(StockChange::Adjust { from: 10, to: 9 })
    );
    assert_eq!(
        stock_of(&state, "2"),
        Some(StockChange::Adjust { from: 20, to: 17 })
    );
}

#[test]
fn equals_with_a_count_or_typed_sets_every_marked_product() {
    let mut state = one_and_three_marked();
    count(&mut state, "7");
    keys(&mut state, &[Action::StartSetStock]);
    assert_eq!(
        stock_of(&state, "1"),
        Some(StockChange::Set { from: 10, to: 7 })
    );
    assert_eq!(
        stock_of(&state, "3"),
        Some(StockChange::Set { from: 30, to: 7 })
    );

    keys(&mut state, &[Action::StartSetStock]);
    assert!(matches!(state.top(), Layer::Prompt(_)), "a line asks");
    keys(
        &mut state,
        &[
            Action::PromptInput('0'),
            Action::PromptSubmit,
            Action::StartSetStock,
            Action::PromptInput('+'),
            Action::PromptInput('4'),
            Action::PromptSubmit,
        ],
    );
    assert_eq!(
        stock_of(&state, "1"),
        Some(StockChange::Set { from: 10, to: 4 })
    );
    assert_eq!(
        stock_of(&state, "3"),
        Some(StockChange::Set { from: 30, to: 4 })
    );
}

#[test]
fn one_undo_takes_back_the_whole_change_of_the_marked_products() {
    let mut state = shop::loaded();
    keys(
        &mut state,
        &[Action::SelectLast, Action::AdjustStock { sign: 1 }],
    );
    let before = state.session.basket.clone();
    keys(
        &mut state,
        &[
            Action::SelectFirst,
            Action::MarkRange,
            Action::SelectLast,
            Action::MarkRange,
        ],
    );
    count(&mut state, "4");
    keys(&mut state, &[Action::AdjustStock { sign: 1 }]);
    assert_eq!(state.session.basket.len(), 3);
    let effects = keys(&mut state, &[Action::Undo]);
    assert_eq!(state.session.basket, before, "the earlier +1 stays");
    assert_eq!(journaled(&effects).map(|items| items.len()), Some(1));
    let undone_again = keys(&mut state, &[Action::Undo]);
    assert_eq!(
        state.session.basket, before,
        "a second u finds nothing to undo"
    );
    assert!(journaled(&undone_again).is_none());
}

#[test]
fn refused_rows_are_named_with_why_and_the_rest_are_staged() {
    let untracked = ProductSummary {
        stock: Stock::NotTracked,
        ..summary(4, 0)
    };
    let items = vec![summary(1, 10), summary(2, 3), untracked];
    let mut state = states::loaded(
        vec![shop::profile(false, false)],
        states::first_page(items, 50, Some(3)),
    );
    count(&mut state, "3");
    keys(&mut state, &[Action::ToggleMark]);
    count(&mut state, "5");
    keys(&mut state, &[Action::AdjustStock { sign: -1 }]);
    assert_eq!(
        stock_of(&state, "1"),
        Some(StockChange::Adjust { from: 10, to: 5 })
    );
    assert_eq!(state.session.basket.len(), 1);
    let (severity, text) = message(&state);
    assert_eq!(severity, Severity::Error);
    assert!(text.contains("1 product staged -5"), "{text}");
    assert!(text.contains("2 refused"), "{text}");
    assert!(text.contains("SKU2: stock would drop below zero"), "{text}");
    assert!(text.contains("SKU4: stock is not tracked"), "{text}");
}

#[test]
fn a_read_only_profile_stages_nothing_for_marked_rows() {
    let mut state = shop::loaded_with(shop::profile(true, false));
    keys(&mut state, &[Action::ToggleMark, Action::ToggleMark]);
    let effects = keys(&mut state, &[Action::AdjustStock { sign: 1 }]);
    assert!(state.session.basket.is_empty());
    assert!(journaled(&effects).is_none());
    let (severity, text) = message(&state);
    assert_eq!(severity, Severity::Error);
    assert!(text.contains("read-only"), "{text}");
}

#[test]
fn marks_belong_to_their_profile_across_a_switch() {
    let items = vec![summary(1, 10), summary(2, 20), summary(3, 30)];
    let mut state = states::loaded(
        vec![profiles::cscart("shop"), profiles::cscart("other")],
        states::first_page(items, 50, Some(3)),
    );
    keys(&mut state, &[Action::ToggleMark]);
    keys(&mut state, &[Action::NextProfile]);
    assert_eq!(state.active_profile, 1);
    assert!(state.session.marks.is_empty(), "the other store has none");
    keys(&mut state, &[Action::NextProfile]);
    assert_eq!(state.active_profile, 0);
    assert_eq!(marked(&state), ["1"]);
}

#[test]
fn marks_survive_a_reload_and_leave_with_products_gone_from_the_store() {
    let mut state = one_and_three_marked();
    let effects = keys(&mut state, &[Action::Refresh]);
    let request = effects
        .iter()
        .find_map(|e| match e {
            Effect::LoadCatalog { request, .. } => Some(*request),
            _ => None,
        })
        .expect("a reload");
    let page = states::first_page(vec![summary(1, 10), summary(2, 20)], 50, Some(2));
    states::page_loaded(&mut state, request, page);
    assert_eq!(marked(&state), ["1", "3"], "kept while the load runs");
    keys(
        &mut state,
        &[Action::LoadFinished {
            profile: 0,
            request,
            failed: false,
        }],
    );
    assert_eq!(marked(&state), ["1"], "product 3 is gone, and its mark");
}

#[test]
fn b2b_wave_marks_stage_totals_and_refuse_a_product_with_warehouses_staged() {
    let items = vec![summary(1, 10), summary(2, 20)];
    let mut state = states::loaded(
        vec![profiles::shop(Platform::B2bwave, false)],
        states::first_page(items, 50, Some(2)),
    );
    let east = WarehouseChange {
        warehouse: 2,
        code: "EAST".into(),
        from: 5,
        to: 7,
    };
    let target = Target {
        id: Some(id(2)),
        sku: "SKU2".into(),
        name: "Product 2".into(),
    };
    state.session.basket.stage(
        target,
        Change::Warehouses {
            total: 20,
            changes: vec![east],
        },
    );
    keys(&mut state, &[Action::ToggleMark, Action::ToggleMark]);
    count(&mut state, "5");
    keys(&mut state, &[Action::AdjustStock { sign: 1 }]);
    assert_eq!(
        stock_of(&state, "1"),
        Some(StockChange::Adjust { from: 10, to: 15 }),
        "the total, which sending puts on the main warehouse"
    );
    assert_eq!(
        stock_of(&state, "2"),
        Some(StockChange::Adjust { from: 20, to: 22 }),
        "the warehouse change staged before is kept"
    );
    let (_, text) = message(&state);
    assert!(
        text.contains("SKU2: a warehouse's stock is staged"),
        "{text}"
    );
}

#[test]
fn a_marked_product_deleted_by_a_batch_loses_its_mark() {
    use stockroom::basket::Outcome;

    let mut state = one_and_three_marked();
    let target = Target {
        id: Some(id(3)),
        sku: "SKU3".into(),
        name: "Product 3".into(),
    };
    state.session.basket.stage(
        target,
        Change::Delete {
            keep_channels: false,
        },
    );
    let item = state.session.basket.items[0].clone();
    state.session.sending = Some(stockroom::app::state::Batch {
        items: vec![item.id],
        done: 0,
        sent: 0,
        failed: 0,
    });
    keys(
        &mut state,
        &[
            Action::ItemSettled {
                profile: 0,
                item: item.id,
                outcome: Outcome::Sent {
                    sent: item.change,
                    created: None,
                },
                exchanges: vec![],
            },
            Action::BatchFinished { profile: 0 },
        ],
    );
    assert_eq!(
        state.session.listing.len(),
        2,
        "the deleted row left the list"
    );
    assert_eq!(marked(&state), ["1"]);
}
