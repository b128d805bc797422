//! `:import FILE` in `update`: rows staged in the basket, problems by line, nothing sent before a yes.

use std::path::PathBuf;

use stockroom::app::action::Action;
use stockroom::app::effect::Effect;
use stockroom::app::state::Layer;
use stockroom::app::state::{Dialog, Severity, State};
use stockroom::app::update::update;
use stockroom::basket::{Change, FieldChange, StockChange};
use stockroom::catalog::fields::Field;
use stockroom::catalog::model::{
    Money, Page, Platform, ProductId, ProductSummary, Sku, Status, Stock,
};

use crate::support::{profiles, states};

fn summary(n: u32, stock: Stock) -> ProductSummary {
    ProductSummary {
        id: ProductId(n.to_string()),
        sku: Sku(format!("SKU{n}")),
        name: format!("Product {n}"),
        price: Money::parse("9.99"),
        stock,
        status: Status::Active,
    }
}

/// Products 1..=4 (stock 10, 20, 30, not tracked) in two pages; `finished`: the load ended.
fn loaded(read_only: bool, finished: bool) -> State {
    let mut state = State::new(vec![profiles::shop(Platform::Cscart, read_only)], 0);
    let (request, _) = states::boot(&mut state);
    let pages = [
        vec![
            summary(1, Stock::Quantity(10)),
            summary(2, Stock::Quantity(20)),
        ],
        vec![
            summary(3, Stock::Quantity(30)),
            summary(4, Stock::NotTracked),
        ],
    ];
    for (index, items) in pages.into_iter().enumerate() {
        let page = Page {
            items,
            page: index as u32 + 1,
            per_page: 2,
            total: Some(if finished { 4 } else { 40 }),
            more: index == 0,
            warehouses: None,
        };
        states::page_loaded(&mut state, request, page);
    }
    if finished {
        update(
            &mut state,
            Action::LoadFinished {
                profile: 0,
                request,
                failed: false,
            },
        );
    }
    state
}

fn command(state: &mut State, text: &str) -> Vec<Effect> {
    update(state, Action::StartCommand);
    let mut effects = Vec::new();
    for c in text.chars() {
        effects.extend(update(state, Action::PromptInput(c)));
    }
    effects.extend(update(state, Action::PromptSubmit));
    effects
}

/// `:import FILE`, then the runner's answer with `text` as the file.
fn import(state: &mut State, text: &str) -> Vec<Effect> {
    let effects = command(state, "import /tmp/stock.csv");
    assert_eq!(
        effects,
        [Effect::ReadImport {
            path: PathBuf::from("/tmp/stock.csv")
        }]
    );
    update(
        state,
        Action::ImportRead {
            path: PathBuf::from("/tmp/stock.csv"),
            result: Ok(text.to_owned()),
        },
    )
}

const FILE: &str = "sku,stock,price\n\
SKU1,15,\n\
SKU2,20,12.50\n\
NOPE,3,\n\
SKU3,lots,\n\
SKU4,5,\n\
SKU3,30,9.99\n";

#[test]
fn good_rows_are_staged_and_bad_ones_listed_by_line() {
    let mut state = loaded(false, true);
    // A filter hides product 2: the import still finds it.
    state.session.listing.rows.set_view(Some(vec![]));
    let effects = import(&mut state, FILE);
    let journals = effects
        .iter()
        .filter(|e| matches!(e, Effect::SaveJournal { .. }))
        .count();
    assert_eq!(
        journals, 1,
        "one journal save for the whole import: {effects:?}"
    );
    assert!(
        !effects
            .iter()
            .any(|e| matches!(e, Effect::SendBatch { .. }))
    );

    let stock = |id: &str| state.session.basket.staged_stock(&ProductId(id.into()));
    assert_eq!(stock("1"), Some(StockChange::Set { from: 10, to: 15 }));
    assert_eq!(stock("2"), None);
    let price = state
        .session
        .basket
        .for_product(&ProductId("2".into()))
        .map(|item| item.change.clone());
    assert_eq!(
        price,
        Some(Change::Edit {
            stock: None,
            fields: vec![FieldChange {
                field: Field::Price,
                from: "9.99".into(),
                to: "12.50".into(),
            }],
        })
    );
    assert!(
        state
            .session
            .basket
            .for_product(&ProductId("3".into()))
            .is_none()
    );
    assert_eq!(state.session.basket.len(), 2);

    let report = state.import_report().unwrap();
    assert_eq!((report.staged, report.unchanged), (2, 1));
    let problems: Vec<(usize, &str)> = report
        .problems
        .iter()
        .map(|(line, text)| (*line, text.as_str()))
        .collect();
    assert_eq!(
        problems,
        [
            (4, "no product with SKU NOPE"),
            (5, "stock \"lots\" for SKU SKU3 is not a whole number"),
            (6, "the product with SKU SKU4 (4) does not track stock"),
        ]
    );
    assert_eq!(report.changes[0], (2, "SKU1  stock 10 → 15".to_owned()));
}

#[test]
fn nothing_is_sent_until_the_basket_is_confirmed() {
    let mut state = loaded(false, true);
    import(&mut state, FILE);
    let effects = update(&mut state, Action::OpenBasket);
    assert!(state.import_report().is_none());
    assert!(state.basket_view().is_some());
    assert!(matches!(effects.as_slice(), [Effect::PlanRequests { .. }]));
    let effects = update(&mut state, Action::SendBasket);
    assert!(
        !effects
            .iter()
            .any(|e| matches!(e, Effect::SendBatch { .. }))
    );
    assert!(matches!(
        state.dialog().cloned(),
        Some(Dialog::ConfirmSend { .. })
    ));
    let effects = update(&mut state, Action::Confirm);
    let sent = effects.iter().find_map(|e| match e {
        Effect::SendBatch { items, .. } => Some(items.len()),
        _ => None,
    });
    assert_eq!(sent, Some(2));
}

#[test]
fn the_report_scrolls_and_closes() {
    let mut state = loaded(false, true);
    let mut text = "sku,stock\n".to_owned();
    for n in 0..40 {
        text.push_str(&format!("MISSING{n},1\n"));
    }
    let effects = import(&mut state, &text);
    assert!(effects.is_empty(), "nothing staged, nothing journaled");
    let before = state.import_report().map(|r| r.scroll);
    update(&mut state, Action::SelectNext);
    update(&mut state, Action::SelectNext);
    assert_eq!(state.import_report().map(|r| r.scroll), Some(2));
    assert_eq!(before, Some(0));
    update(&mut state, Action::SelectLast);
    let report = state.import_report().unwrap();
    assert_eq!(
        report.scroll,
        report.body_len() - stockroom::ui::import_rows(80, 24)
    );
    update(&mut state, Action::Back);
    assert!(state.import_report().is_none());
}

#[test]
fn a_read_only_profile_or_a_loading_catalog_refuses() {
    let mut state = loaded(true, true);
    let effects = command(&mut state, "import /tmp/stock.csv");
    assert!(effects.is_empty());
    let error = state.prompt().and_then(|p| p.error.clone());
    assert!(error.unwrap().contains("read-only"));

    let mut state = loaded(false, false);
    let effects = command(&mut state, "import /tmp/stock.csv");
    assert!(effects.is_empty());
    let error = state.prompt().and_then(|p| p.error.clone());
    assert_eq!(
        error.as_deref(),
        Some(
            "The catalog is still loading (4 of 40 products): import once it has loaded, \
             so every SKU can be found"
        )
    );
}

#[test]
fn an_unreadable_file_or_header_is_a_message() {
    let mut state = loaded(false, true);
    update(
        &mut state,
        Action::ImportRead {
            path: PathBuf::from("/tmp/x.csv"),
            result: Err("cannot open /tmp/x.csv: No such file".to_owned()),
        },
    );
    let message = state.message.clone().unwrap();
    assert_eq!(message.severity, Severity::Error);
    assert_eq!(message.text, "Import: cannot open /tmp/x.csv: No such file");
    update(
        &mut state,
        Action::ImportRead {
            path: PathBuf::from("/tmp/x.csv"),
            result: Ok("name,qty\nx,1\n".to_owned()),
        },
    );
    assert!(state.import_report().is_none());
    let text = state.message.clone().unwrap().text;
    assert!(text.contains("no sku column in the header"), "{text}");
}

/// The report over the list at 80x24: counts, problems by line (a hostile SKU drawn as text),
/// then the staged changes.
#[test]
fn the_import_report_renders() {
    use stockroom::app::import::ImportReport;

    use crate::support::screens::{HOSTILE, render, state, text};

    let mut state = state();
    state.push(Layer::ImportReport(ImportReport {
        path: "/tmp/stock.csv".into(),
        staged: 3,
        unchanged: 1,
        changes: vec![
            (2, "SKU-100  stock 12 → 15".into()),
            (3, "SKU-101  stock 0 → 40, price 9.99 → 12.50".into()),
            (4, "SKU-102  price 57.28 → 55.00".into()),
        ],
        problems: vec![
            (6, format!("{HOSTILE}: no product has this SKU")),
            (7, "SKU-103: stock `ten` is not a whole number".into()),
        ],
        scroll: 0,
    }));
    let screen = text(&render(&state, 80, 24));
    assert!(!screen.contains('\u{1b}'));
    insta::assert_snapshot!(screen);
}

#[test]
fn the_runner_reads_only_utf8_files_under_the_cap() {
    use stockroom::app::import::{MAX_IMPORT_BYTES, read};

    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.csv");
    std::fs::write(&good, "sku,stock\nA,1\n").unwrap();
    assert_eq!(read(&good).as_deref(), Ok("sku,stock\nA,1\n"));

    let latin1 = dir.path().join("latin1.csv");
    std::fs::write(&latin1, b"sku,stock\nCAF\xc9,1\n").unwrap();
    let error = read(&latin1).unwrap_err();
    assert!(error.contains("is not UTF-8 text (byte 13)"), "{error}");

    let big = dir.path().join("big.csv");
    let file = std::fs::File::create(&big).unwrap();
    file.set_len(MAX_IMPORT_BYTES + 1).unwrap();
    let error = read(&big).unwrap_err();
    assert!(error.contains("is larger than 20 MB"), "{error}");

    let error = read(&dir.path().join("missing.csv")).unwrap_err();
    assert!(error.starts_with("cannot open "), "{error}");
}

#[test]
fn keys_while_the_report_is_open() {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    use stockroom::app::keymap::action_for;

    let mut state = loaded(false, true);
    import(&mut state, FILE);
    let key = |code| action_for(KeyEvent::new(code, KeyModifiers::NONE), &state);
    assert_eq!(key(KeyCode::Char('j')), Some(Action::SelectNext));
    assert_eq!(key(KeyCode::Char('k')), Some(Action::SelectPrev));
    assert_eq!(key(KeyCode::Char('b')), Some(Action::OpenBasket));
    assert_eq!(key(KeyCode::Esc), Some(Action::Back));
    assert_eq!(key(KeyCode::Char('q')), Some(Action::Back));
    assert_eq!(key(KeyCode::Char('+')), None, "no staging under the report");
}

#[test]
fn rows_for_products_already_in_the_basket_merge_or_are_left_alone() {
    let mut state = loaded(false, true);
    update(&mut state, Action::AdjustStock { sign: 1 });
    state.session.basket.stage(
        stockroom::basket::Target {
            id: Some(ProductId("3".into())),
            sku: "SKU3".into(),
            name: "Product 3".into(),
        },
        Change::Delete {
            keep_channels: false,
        },
    );
    import(&mut state, "sku,stock\nSKU1,15\nSKU3,1\nSKU2,21\n");
    let stock = |id: &str| state.session.basket.staged_stock(&ProductId(id.into()));
    assert_eq!(stock("1"), Some(StockChange::Set { from: 10, to: 15 }));
    assert_eq!(stock("2"), Some(StockChange::Set { from: 20, to: 21 }));
    let ids: Vec<u64> = state
        .session
        .basket
        .items
        .iter()
        .map(|item| item.id.0)
        .collect();
    assert_eq!(ids, [1, 2, 3], "each item keeps a number of its own");
    let report = state.import_report().unwrap();
    assert_eq!(report.staged, 2);
    assert_eq!(report.problems.len(), 1);
    assert_eq!(
        report.problems[0],
        (
            3,
            "SKU3: already staged as delete: left as it was".to_owned()
        )
    );
}

#[test]
fn a_stopped_load_refuses_until_the_catalog_is_loaded_again() {
    let mut state = loaded(false, false);
    update(&mut state, Action::Back);
    assert!(state.session.listing.stopped);
    let effects = command(&mut state, "import /tmp/stock.csv");
    assert!(effects.is_empty());
    let error = state.prompt().and_then(|p| p.error.clone());
    assert_eq!(
        error.as_deref(),
        Some(
            "Only 4 of 40 products are loaded (the load stopped): r loads the catalog again, \
             then import, so every SKU can be found"
        )
    );
}

#[test]
fn a_price_with_more_decimals_than_the_store_keeps_is_staged_rounded_with_a_warning() {
    let mut state = loaded(false, true);
    import(&mut state, "sku,stock,price\nSKU1,10,12.345\n");
    let staged = state
        .session
        .basket
        .for_product(&ProductId("1".into()))
        .map(|item| item.change.clone());
    assert_eq!(
        staged,
        Some(Change::Edit {
            stock: None,
            fields: vec![FieldChange {
                field: Field::Price,
                from: "9.99".into(),
                to: "12.35".into(),
            }],
        }),
        "the price CS-Cart will keep, so sending it settles"
    );
    let report = state.import_report().unwrap();
    assert!(
        report
            .problems
            .iter()
            .any(|(line, text)| *line == 2 && text.starts_with("warning: price 12.345")),
        "{:?}",
        report.problems
    );
}
