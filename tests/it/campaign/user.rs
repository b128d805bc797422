//! Each campaign operation carried out as the user would: keys through `update`, on the
//! list, the prompts, the form, the dialogs and the basket, the model kept in step.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use stockroom::app::action::Action;
use stockroom::app::state::{Dialog, Editor, PriceColumn, PromptKind, Severity};
use stockroom::basket::check::Resolution;
use stockroom::basket::{Change, ItemStatus, StockChange};
use stockroom::catalog::fields::Field;
use stockroom::catalog::model::{Money, Platform, ProductId};
use stockroom::sandbox::faults::{self, Fault};

use super::model::{Created, Key, Model, Values};
use super::ops::Op;
use super::rig::Rig;
use super::wire;

fn store_of(platform: Platform) -> faults::Target {
    match platform {
        Platform::Cscart => faults::Target::Cscart,
        Platform::Valigara => faults::Target::Valigara,
        Platform::B2bwave => faults::Target::B2bwave,
        Platform::Ugal => faults::Target::Ugal,
    }
}

fn key(code: KeyCode, modifiers: KeyModifiers) -> Action {
    Action::EditorKey(KeyEvent::new(code, modifiers))
}

fn refused(rig: &Rig) -> bool {
    rig.state
        .message
        .as_ref()
        .is_some_and(|m| m.severity == Severity::Error)
}

fn staged_stock(rig: &Rig, id: &ProductId) -> Option<StockChange> {
    rig.state.session.basket.staged_stock(id)
}

/// Carries out `op`, keeping `model` in step with what the user asked for.
pub async fn apply(rig: &mut Rig, model: &mut Model, op: &Op) {
    rig.close_to_list().await;
    match *op {
        Op::Adjust { product, delta } => adjust(rig, model, product, delta).await,
        Op::Set { product, to } => set(rig, model, product, to).await,
        Op::Price { product, cents } => {
            let price = format!("{}.{:02}", cents / 100, cents % 100);
            edit(rig, model, product, Field::Price, &price).await;
        }
        Op::Warehouse { product, delta } => warehouse(rig, model, product, delta).await,
        Op::Tier { product, cents } => tier(rig, model, product, cents).await,
        Op::Name { product, tag } => {
            edit(rig, model, product, Field::Name, &format!("Campaign {tag}")).await;
        }
        Op::Delete { product } => delete(rig, model, product).await,
        Op::Create { stock } => create(rig, model, i64::from(stock)).await,
        Op::Sold { product, quantity } => sold(rig, model, product, quantity).await,
        Op::Send => send(rig, model).await,
        Op::Undo => {
            rig.act(Action::Undo).await;
            let deletes = rig.platform != Platform::B2bwave;
            model.undo(deletes);
            if !deletes {
                drop_deletes(rig).await;
            }
        }
        Op::Arm(armed) => {
            let fault = Fault::new(armed.kind)
                .at(store_of(rig.platform))
                .on(armed.op)
                .times(armed.times);
            rig.sandbox.faults().add(fault);
        }
        Op::Disarm => rig.sandbox.faults().clear(),
        Op::Restart => {
            rig.restart().await;
            model.restarted();
        }
        Op::Crash { .. } => unreachable!("a crash drops the runtime: `sequences::run`"),
        Op::SwitchProfile => {
            rig.act(Action::NextProfile).await;
            rig.close_to_list().await;
            rig.act(Action::NextProfile).await;
            assert_eq!(rig.state.active_profile, 0, "back on the first profile");
        }
    }
    rig.close_to_list().await;
}

/// What an operation changes, for the staging defects it must step around.
#[derive(Clone, Copy, PartialEq)]
enum Touch {
    Stock,
    Sale,
    Other,
}

/// B2B Wave has no delete, yet `u` after a create stages one (see
/// `regressions::b2bwave_undoing_a_create_stages_no_delete_it_cannot_send`): the user drops it.
async fn drop_deletes(rig: &mut Rig) {
    if rig.state.basket_view().is_none() {
        rig.act(Action::OpenBasket).await;
    }
    for _ in 0..rig.state.session.basket.len() {
        let Some(index) = rig
            .state
            .session
            .basket
            .items
            .iter()
            .position(|item| matches!(item.change, Change::Delete { .. }))
        else {
            break;
        };
        rig.act(Action::SelectFirst).await;
        for _ in 0..index {
            rig.act(Action::SelectNext).await;
        }
        rig.act(Action::DropItem).await;
    }
}

/// Selects the `product`th product the model still has. Two known defects replace a staged
/// change instead of adding to it, so the campaign leaves such a product alone until its
/// change is sent: any change over a staged sale (see
/// `regressions::a_form_edit_keeps_the_sale_staged_before_it`), and a B2B Wave stock key over
/// staged fields (`regressions::b2bwave_a_stock_key_keeps_the_name_staged_before_it`). A
/// sale is staged only on a product with nothing staged: it replaces what is
/// (`regressions::a_sale_keeps_the_stock_change_staged_before_it`).
async fn selected(rig: &mut Rig, model: &Model, product: usize, touch: Touch) -> Option<ProductId> {
    let id = model.pick(product)?;
    let platform = rig.platform;
    let replaces = rig
        .state
        .session
        .basket
        .for_product(&id)
        .is_some_and(|item| match &item.change {
            _ if touch == Touch::Sale => true,
            Change::Sold { .. } => true,
            Change::Edit { fields, .. } => {
                touch == Touch::Stock && platform == Platform::B2bwave && !fields.is_empty()
            }
            _ => false,
        });
    if replaces {
        return None;
    }
    rig.select(&id).await.then_some(id)
}

async fn adjust(rig: &mut Rig, model: &mut Model, product: usize, delta: i64) {
    let Some(id) = selected(rig, model, product, Touch::Stock).await else {
        return;
    };
    press_delta(rig, model, &id, delta).await;
}

/// The stock keys on a warehouse other than the main one, then back to the total.
async fn warehouse(rig: &mut Rig, model: &mut Model, product: usize, delta: i64) {
    let Some(id) = selected(rig, model, product, Touch::Stock).await else {
        return;
    };
    for _ in 0..4 {
        let chosen = rig.state.session.stock_target.clone();
        if chosen.is_some_and(|(_, code)| code != "MAIN") || refused(rig) {
            break;
        }
        rig.act(Action::CycleWarehouse).await;
    }
    if rig.state.session.stock_target.is_some() {
        press_delta(rig, model, &id, delta).await;
    }
    for _ in 0..6 {
        if rig.state.session.stock_target.is_none() {
            break;
        }
        rig.act(Action::CycleWarehouse).await;
    }
    assert!(
        rig.state.session.stock_target.is_none(),
        "w comes back to the total"
    );
}

/// UGAL: the second tier's amount typed over in the price editor.
async fn tier(rig: &mut Rig, model: &mut Model, product: usize, cents: u32) {
    let Some(id) = selected(rig, model, product, Touch::Other).await else {
        return;
    };
    rig.act(Action::EditProduct).await;
    let Some(Editor::Prices(prices)) = rig.state.editor() else {
        return;
    };
    if prices.rows.len() < 2 {
        return;
    }
    for _ in 0..6 {
        let Some(Editor::Prices(prices)) = rig.state.editor() else {
            return;
        };
        if prices.row == 1 && prices.column == PriceColumn::Amount {
            break;
        }
        rig.act(Action::EditorNext).await;
    }
    let amount = format!("{}.{:02}", cents / 100, cents % 100);
    type_over(rig, &amount).await;
    let Some(Editor::Prices(prices)) = rig.state.editor() else {
        return;
    };
    let (pricelist, quantity) = (
        prices.rows[1].pricelist.clone(),
        prices.rows[1].quantity.clone(),
    );
    rig.act(Action::EditorSave).await;
    if rig.state.editor().is_some() {
        assert!(refused(rig), "{amount} is refused without a word");
        model.refusals += 1;
        return;
    }
    let want = model.want(&id);
    for tier in &mut want.tiers {
        if tier.0 == pricelist && tier.1.to_string() == quantity {
            tier.2 = Money::parse(&amount).expect("an amount");
        }
    }
}

/// `N+` / `N-` on the selected product `id`, pressed again once B2B Wave's warehouses are read.
async fn press_delta(rig: &mut Rig, model: &mut Model, id: &ProductId, delta: i64) {
    let id = id.clone();
    let before = staged_stock(rig, &id);
    let press = async |rig: &mut Rig| {
        if delta.abs() > 1 {
            rig.act(Action::CountDigit(delta.unsigned_abs() as u8))
                .await;
        }
        rig.act(Action::AdjustStock {
            sign: delta.signum(),
        })
        .await;
    };
    press(rig).await;
    if staged_stock(rig, &id) == before && !refused(rig) {
        // B2B Wave reads the warehouses first; the key is pressed again once they are known.
        press(rig).await;
    }
    if staged_stock(rig, &id) != before {
        model.want(&id).stock += delta;
    } else {
        // Refused and told: below zero, or the warehouses could not be read.
        assert!(
            refused(rig),
            "{delta:+} on {} staged nothing without a word: {:?}",
            id.0,
            rig.state.message
        );
    }
}

async fn set(rig: &mut Rig, model: &mut Model, product: usize, to: i64) {
    let Some(id) = selected(rig, model, product, Touch::Stock).await else {
        return;
    };
    rig.act(Action::StartSetStock).await;
    if rig.state.prompt().is_none() && !refused(rig) {
        rig.act(Action::StartSetStock).await;
    }
    if rig.state.prompt().is_none() && refused(rig) {
        return;
    }
    let Some(PromptKind::SetStock {
        current, warehouse, ..
    }) = rig.state.prompt().map(|p| p.kind.clone())
    else {
        panic!("= on {} opens no prompt: {:?}", id.0, rig.state.message);
    };
    for c in to.to_string().chars() {
        rig.act(Action::PromptInput(c)).await;
    }
    rig.act(Action::PromptSubmit).await;
    if let Some(error) = rig.state.prompt().and_then(|p| p.error.clone()) {
        // A total the main warehouse cannot take (B2B Wave) is refused, and the prompt says
        // why: nothing is staged.
        assert!(
            error.contains("below zero") || error.contains("send or drop it first"),
            "={to} is refused: {error}"
        );
        rig.act(Action::PromptCancel).await;
        return;
    }
    assert!(rig.state.prompt().is_none(), "={to} is refused");
    let want = model.want(&id);
    if warehouse.is_some() {
        want.stock += to - current;
    } else {
        want.stock = to;
    }
}

async fn edit(rig: &mut Rig, model: &mut Model, product: usize, field: Field, value: &str) {
    let Some(id) = selected(rig, model, product, Touch::Other).await else {
        return;
    };
    rig.act(Action::EditProduct).await;
    // UGAL: the nominal tier the price editor opens on, which the price is.
    let mut nominal = None;
    let shown = match rig.state.editor() {
        Some(Editor::Form(form)) => {
            let Some(index) = form.fields.iter().position(|f| f.spec.field == field) else {
                return;
            };
            for _ in form.focus..index {
                rig.act(Action::EditorNext).await;
            }
            type_over(rig, value).await;
            match rig.state.editor() {
                Some(Editor::Form(form)) => form.fields[index].text(),
                _ => String::new(),
            }
        }
        Some(Editor::Prices(prices)) if field == Field::Price => {
            nominal = Some((
                prices.rows[0].pricelist.clone(),
                prices.rows[0].quantity.clone(),
            ));
            type_over(rig, value).await;
            match rig.state.editor() {
                Some(Editor::Prices(prices)) => prices.rows[0].amount.clone(),
                _ => String::new(),
            }
        }
        _ => return,
    };
    assert_eq!(shown, value, "the {field:?} field shows what was typed");
    rig.act(Action::EditorSave).await;
    if let Some(Editor::Form(form)) = rig.state.editor() {
        let fields: Vec<_> = form
            .fields
            .iter()
            .map(|f| (f.label.clone(), f.text(), f.error.clone()))
            .collect();
        assert!(
            refused(rig) && fields.iter().all(|(_, _, error)| error.is_none()),
            "{value} is refused without a word: {fields:?}"
        );
        // Refused and told, nothing staged, nothing to want (B2B Wave, see
        // `regressions::b2bwave_a_name_edited_after_a_warehouse_stock_is_staged`).
        model.refusals += 1;
        return;
    }
    assert!(rig.state.editor().is_none(), "{value} is refused");
    let want = model.want(&id);
    match field {
        Field::Price => want.price = Money::parse(value),
        _ => want.name = value.to_owned(),
    }
    if let (Some((pricelist, quantity)), Some(amount)) = (nominal, Money::parse(value)) {
        for tier in &mut want.tiers {
            if tier.0 == pricelist && tier.1.to_string() == quantity {
                tier.2 = amount;
            }
        }
    }
}

/// Moves the open form to its name field and types `name` over it.
pub async fn rename(rig: &mut Rig, name: &str) {
    let Some(Editor::Form(form)) = rig.state.editor() else {
        return;
    };
    let index = form
        .fields
        .iter()
        .position(|f| f.spec.field == Field::Name)
        .expect("a name field");
    for _ in form.focus..index {
        rig.act(Action::EditorNext).await;
    }
    type_over(rig, name).await;
}

/// Clears the focused form field as a user does (End, then Backspace over it: a field is
/// entered with the cursor at its start, see
/// `regressions::typing_in_a_form_field_goes_after_its_value`) and types `value`.
async fn type_over(rig: &mut Rig, value: &str) {
    let length = match rig.state.editor() {
        Some(Editor::Form(form)) => form.fields[form.focus].text().chars().count(),
        _ => 0,
    };
    rig.act(key(KeyCode::End, KeyModifiers::NONE)).await;
    for _ in 0..length {
        rig.act(key(KeyCode::Backspace, KeyModifiers::NONE)).await;
    }
    if length == 0 {
        // The price editor clears its cell with Ctrl-U.
        rig.act(key(KeyCode::Char('u'), KeyModifiers::CONTROL))
            .await;
    }
    for c in value.chars() {
        rig.act(key(KeyCode::Char(c), KeyModifiers::NONE)).await;
    }
}

/// `n`, every field the form asks for typed in, and save.
async fn create(rig: &mut Rig, model: &mut Model, stock: i64) {
    let sku = format!("CMP-{}", model.created.len() + 1);
    let name = format!("Campaign new {}", model.created.len() + 1);
    // 224 is a category of the CS-Cart sandbox (`tests/it/create_retry.rs`).
    let fallback = if rig.platform == Platform::Cscart {
        224
    } else {
        1
    };
    let category = model.category.unwrap_or(fallback).to_string();
    rig.act(Action::NewProduct).await;
    let Some(Editor::Form(form)) = rig.state.editor() else {
        return;
    };
    let fields: Vec<Field> = form.fields.iter().map(|f| f.spec.field).collect();
    for (index, field) in fields.iter().enumerate() {
        let value = match field {
            Field::Name => Some(name.clone()),
            Field::Sku => Some(sku.clone()),
            Field::Price => Some("5.00".to_owned()),
            Field::Stock => Some(stock.to_string()),
            Field::Categories => Some(category.clone()),
            _ => None,
        };
        if let Some(value) = value {
            type_over(rig, &value).await;
        }
        if index + 1 < fields.len() {
            rig.act(Action::EditorNext).await;
        }
    }
    rig.act(Action::EditorSave).await;
    if let Some(Editor::Form(form)) = rig.state.editor() {
        let fields: Vec<_> = form
            .fields
            .iter()
            .map(|f| (f.label.clone(), f.text(), f.error.clone()))
            .collect();
        panic!(
            "the new product is refused: {fields:?} {:?}",
            rig.state.message
        );
    }
    model.created.push(Created {
        sku,
        values: Values {
            stock,
            // B2B Wave sends no price on a create (its price fields are documented unused).
            price: Money::parse("5.00").filter(|_| rig.platform != Platform::B2bwave),
            name,
            deleted: false,
            tiers: vec![],
        },
    });
}

async fn delete(rig: &mut Rig, model: &mut Model, product: usize) {
    let Some(id) = selected(rig, model, product, Touch::Other).await else {
        return;
    };
    rig.act(Action::DeleteProduct).await;
    assert!(
        matches!(rig.state.dialog(), Some(Dialog::ConfirmDelete { .. })),
        "X asks first"
    );
    rig.act(Action::Confirm).await;
    model.want(&id).deleted = true;
}

async fn sold(rig: &mut Rig, model: &mut Model, product: usize, quantity: u8) {
    let Some(id) = selected(rig, model, product, Touch::Sale).await else {
        return;
    };
    rig.act(Action::MarkSold).await;
    if !matches!(rig.state.dialog(), Some(Dialog::MarkSold { .. })) {
        return;
    }
    let Some(Dialog::MarkSold { current, .. }) = rig.state.dialog().cloned() else {
        return;
    };
    rig.act(Action::SoldBackspace).await;
    rig.act(Action::SoldDigit(quantity)).await;
    rig.act(Action::Confirm).await;
    if matches!(rig.state.dialog(), Some(Dialog::MarkSold { .. })) {
        return;
    }
    model.want(&id).stock = current - i64::from(quantity);
}

/// Opens the basket, writes the user's value over each conflict, sends and says yes; the
/// model commits what settled, and a batch sent with no fault armed is checked against
/// what the store received.
pub async fn send(rig: &mut Rig, model: &mut Model) {
    if rig.state.session.basket.is_empty() {
        return;
    }
    // No fault armed while the preview is made and the batch sent.
    let quiet = rig
        .sandbox
        .faults()
        .list()
        .iter()
        .all(|f| f.remaining == Some(0));
    rig.act(Action::OpenBasket).await;
    resolve_conflicts(rig, model).await;
    let items = targets(rig);
    rig.batch = None;
    rig.act(Action::SendBasket).await;
    if !matches!(rig.state.dialog(), Some(Dialog::ConfirmSend { .. })) {
        return;
    }
    model.batch_started();
    rig.act(Action::Confirm).await;
    let batch = rig.batch.take().expect("a batch was sent");
    model.settled(&items, &batch.outcomes);
    if quiet {
        wire::preview_was_sent(&rig.endpoint, &batch);
    }
}

/// Sends the basket and returns `after_ms` into the batch, the model holding what settled;
/// the caller then drops the runtime, as a crash would.
pub async fn send_then_crash(rig: &mut Rig, model: &mut Model, after_ms: u16) {
    rig.close_to_list().await;
    if rig.state.session.basket.is_empty() {
        return;
    }
    rig.act(Action::OpenBasket).await;
    resolve_conflicts(rig, model).await;
    let items = targets(rig);
    rig.close_to_list().await;
    model.batch_started();
    rig.send_then_stop(std::time::Duration::from_millis(u64::from(after_ms)))
        .await;
    if let Some(batch) = rig.batch.take() {
        model.settled(&items, &batch.outcomes);
    }
}

/// What each basket item is about, for the model to settle it.
fn targets(rig: &Rig) -> Vec<(stockroom::basket::ItemId, Key)> {
    rig.state
        .session
        .basket
        .items
        .iter()
        .map(|item| {
            let key = match &item.target.id {
                Some(id) => Key::Product(id.clone()),
                None => Key::New(item.target.sku.clone()),
            };
            (item.id, key)
        })
        .collect()
}

/// `o` on every conflicted item, after checking the basket names what the user wanted.
async fn resolve_conflicts(rig: &mut Rig, model: &mut Model) {
    for _ in 0..rig.state.session.basket.len() {
        let basket = &rig.state.session.basket;
        let Some(index) = basket
            .items
            .iter()
            .position(|i| matches!(i.status, ItemStatus::Conflict { .. }))
        else {
            return;
        };
        let item = basket.items[index].clone();
        if let (ItemStatus::Conflict { mismatches }, Some(id)) = (&item.status, &item.target.id) {
            let want = &model.wanted[id];
            for mismatch in mismatches {
                if mismatch.field == "Stock" {
                    assert_eq!(
                        mismatch.wanted,
                        want.stock.to_string(),
                        "the conflict on {} names the stock the user asked for: {mismatch:?}",
                        id.0
                    );
                }
                model.conflicts.push(format!("{} {mismatch:?}", id.0));
            }
        }
        rig.act(Action::SelectFirst).await;
        for _ in 0..index {
            rig.act(Action::SelectNext).await;
        }
        rig.act(Action::Resolve(Resolution::Overwrite)).await;
    }
}
