//! Staging edits: the stock keys, the one-line prompts, and the edit pane's form and raw editors.

use tui_textarea::TextArea;

use super::{info, journal, load_product_then, problem};
use crate::app::action::Action;
use crate::app::effect::Effect;
use crate::app::state::{
    Dialog, EditKind, Editor, FormEditor, FormField, Prompt, PromptKind, RawEditor, State,
    StockIntent, WarehouseSlot,
};
use crate::basket::{Change, FieldChange, Staged, StockChange, Target};
use crate::catalog::fields::{self, Field, FieldSpec};
use crate::catalog::model::{
    Money, NewProduct, Platform, Product, ProductSummary, Sku, SoldAction, Status, Stock,
};

/// Why a write cannot even be staged on this profile, if it cannot.
pub(super) fn refuse_write(
    state: &State,
    allowed: impl Fn(&crate::catalog::model::Capabilities) -> bool,
) -> Option<String> {
    let profile = state.profile()?;
    if profile.read_only {
        return Some(format!(
            "Profile {} is read-only: nothing can be changed",
            profile.name
        ));
    }
    if !allowed(&profile.capabilities) {
        return Some(format!("{} does not allow this change", profile.platform));
    }
    if state.session.sending.is_some() {
        return Some("A batch is being sent: wait for it to finish".to_owned());
    }
    None
}

pub fn target_of(summary: &ProductSummary) -> Target {
    Target {
        id: Some(summary.id.clone()),
        sku: summary.sku.0.clone(),
        name: summary.name.clone(),
    }
}

fn staged_message(target: &Target, staged: &Staged, state: &State) -> String {
    let what = target
        .id
        .as_ref()
        .and_then(|id| state.session.basket.for_product(id))
        .map(|item| item.change.describe())
        .unwrap_or_default();
    match staged {
        Staged::Cancelled => format!(
            "{}: back to its old value, nothing staged for it",
            target.sku
        ),
        Staged::Replaced => format!(
            "{}: {what} staged, replacing its earlier change (b to review)",
            target.sku
        ),
        Staged::Added | Staged::Merged => format!(
            "{}: {what} staged · {} in the basket (b to review)",
            target.sku,
            state.session.basket.len()
        ),
    }
}

/// Refuses a stock change that would leave the product below zero.
fn below_zero(state: &State, summary: &ProductSummary, current: i64, delta: i64) -> Option<String> {
    let staged = state
        .session
        .basket
        .staged_stock(&summary.id)
        .map_or(current, StockChange::to);
    let next = staged.saturating_add(delta);
    (delta < 0 && next < 0).then(|| {
        format!(
            "{}: stock would drop below zero ({staged} → {next}); nothing staged",
            summary.sku
        )
    })
}

pub fn adjust_stock(state: &mut State, sign: i64, count: Option<u32>) -> Vec<Effect> {
    if let Some(reason) = refuse_write(state, |c| c.set_stock) {
        return problem(state, &reason);
    }
    adjust_by(state, sign * i64::from(count.unwrap_or(1)))
}

/// Stages `delta` on the selected product: on its chosen (or main) warehouse when it has
/// several, else on its total.
pub fn adjust_by(state: &mut State, delta: i64) -> Vec<Effect> {
    let (summary, current) = match tracked_selection(state) {
        Ok(selection) => selection,
        Err(effects) => return effects,
    };
    let slot = match warehouse_stock(state, &summary, StockIntent::Adjust(delta)) {
        Ok(slot) => slot,
        Err(effects) => return effects,
    };
    let target = target_of(&summary);
    if let Some((slot, now)) = slot {
        let staged_now = staged_warehouse(state, &summary, slot.id).unwrap_or(now);
        if staged_now + delta < 0 {
            let text = format!(
                "{}: stock in {} would drop below zero; nothing staged",
                summary.sku, slot.code
            );
            return problem(state, &text);
        }
        let staged = state.session.basket.stage_warehouse(
            target.clone(),
            slot.total,
            (slot.id, slot.code, now),
            |x| x + delta,
        );
        let message = staged_message(&target, &staged, state);
        info(state, &message);
        return journal(state);
    }
    if let Some(reason) = below_zero(state, &summary, current, delta) {
        return problem(state, &reason);
    }
    let staged = state
        .session
        .basket
        .adjust_stock(target.clone(), current, delta);
    let message = staged_message(&target, &staged, state);
    info(state, &message);
    journal(state)
}

pub fn start_set_stock(state: &mut State) -> Vec<Effect> {
    if let Some(reason) = refuse_write(state, |c| c.set_stock) {
        return problem(state, &reason);
    }
    let (summary, current) = match tracked_selection(state) {
        Ok(selection) => selection,
        Err(effects) => return effects,
    };
    let (current, warehouse) = match warehouse_stock(state, &summary, StockIntent::Set) {
        Ok(Some((slot, now))) => (
            staged_warehouse(state, &summary, slot.id).unwrap_or(now),
            Some(slot),
        ),
        Ok(None) => (current, None),
        Err(effects) => return effects,
    };
    state.prompt = Some(Prompt::new(
        PromptKind::SetStock {
            target: target_of(&summary),
            current,
            warehouse,
        },
        "",
    ));
    vec![]
}

/// Keys while a one-line prompt is open.
pub fn prompt(state: &mut State, action: Action) -> Vec<Effect> {
    let Some(prompt) = state.prompt.as_mut() else {
        return vec![];
    };
    super::command_line::typed(&action, prompt);
    match action {
        Action::PromptComplete { back } => return super::command_line::complete(state, back),
        Action::PathsListed {
            text,
            start,
            candidates,
        } => super::command_line::paths_listed(state, &text, start, candidates),
        Action::PromptInput(c) => {
            prompt.text.push(c);
            prompt.error = None;
        }
        Action::PromptBackspace => {
            prompt.text.pop();
            prompt.error = None;
        }
        Action::PromptClear => {
            prompt.text.clear();
            prompt.error = None;
        }
        Action::PromptCancel | Action::Back => state.prompt = None,
        Action::PromptSubmit => return submit_prompt(state),
        Action::Resize { width, height } => state.viewport = (width, height),
        _ => {}
    }
    vec![]
}

fn submit_prompt(state: &mut State) -> Vec<Effect> {
    let Some(prompt) = state.prompt.take() else {
        return vec![];
    };
    let text = prompt.text.trim().to_owned();
    let result = match &prompt.kind {
        PromptKind::SetStock {
            target,
            current,
            warehouse: None,
        } => set_stock_from(state, target.clone(), *current, &text),
        PromptKind::SetStock {
            target,
            current,
            warehouse: Some(slot),
        } => set_warehouse_from(state, target.clone(), *current, slot.clone(), &text),
        PromptKind::ConfirmProduction { profile } => {
            if text == *profile {
                Ok(super::sending::start_send(state))
            } else {
                Err(format!("that is not \"{profile}\": nothing was sent"))
            }
        }
        PromptKind::Command => super::command_line::run(state, &text),
    };
    match result {
        Ok(effects) => effects,
        Err(error) => {
            if matches!(prompt.kind, PromptKind::ConfirmProduction { .. }) {
                return problem(state, &error);
            }
            state.prompt = Some(Prompt {
                error: Some(error),
                ..prompt
            });
            vec![]
        }
    }
}

/// `15` sets the stock; `+5` and `-2` adjust it.
fn set_stock_from(
    state: &mut State,
    target: Target,
    current: i64,
    text: &str,
) -> Result<Vec<Effect>, String> {
    let relative = text.starts_with('+') || text.starts_with('-');
    let number: i64 = text
        .parse()
        .map_err(|_| "type a whole number (15), or +5 / -2 to adjust".to_owned())?;
    if relative {
        let staged = target
            .id
            .as_ref()
            .and_then(|id| state.session.basket.staged_stock(id))
            .map_or(current, StockChange::to);
        if staged.saturating_add(number) < 0 {
            return Err(format!(
                "that would leave {} below zero",
                staged.saturating_add(number)
            ));
        }
    }
    let staged = if relative {
        state
            .session
            .basket
            .adjust_stock(target.clone(), current, number)
    } else {
        state
            .session
            .basket
            .set_stock(target.clone(), current, number)
    };
    let message = staged_message(&target, &staged, state);
    info(state, &message);
    Ok(journal(state))
}

pub fn edit(state: &mut State, kind: EditKind) -> Vec<Effect> {
    if let Some(reason) = refuse_write(state, |c| c.update) {
        return problem(state, &reason);
    }
    let Some(summary) = state.session.listing.selected_product().cloned() else {
        return vec![];
    };
    let loaded = state
        .session
        .detail
        .product
        .as_deref()
        .filter(|p| p.summary.id == summary.id)
        .cloned();
    match loaded {
        Some(product) => open_editor(state, kind, &product),
        None => load_product_then(state, kind),
    }
}

/// Opens an editor on a freshly loaded product (also called when a fetch for it completes).
pub fn open_editor(state: &mut State, kind: EditKind, product: &Product) -> Vec<Effect> {
    let Some(profile) = state.profile() else {
        return vec![];
    };
    let platform = profile.platform;
    let target = target_of(&product.summary);
    match kind {
        EditKind::Form if platform == crate::catalog::model::Platform::Ugal => {
            super::prices::open(state, target, product);
        }
        EditKind::Form => {
            let staged = state
                .session
                .basket
                .for_product(&product.summary.id)
                .map(|item| item.change.clone());
            let specs = state
                .session
                .form_fields
                .clone()
                .unwrap_or_else(|| fields::form_fields(platform));
            let mut fields: Vec<FormField> = Vec::new();
            for spec in specs {
                if spec.field == Field::Stock && product.summary.stock == Stock::NotTracked {
                    continue;
                }
                // With several warehouses the form asks for each one's stock, not the total.
                if spec.field == Field::Stock && product.warehouses.len() > 1 {
                    for warehouse in &product.warehouses {
                        let spec = FieldSpec {
                            field: Field::Warehouse(warehouse.id),
                            ..spec.clone()
                        };
                        let original = warehouse.quantity.to_string();
                        let shown = staged_value(staged.as_ref(), spec.field)
                            .unwrap_or_else(|| original.clone());
                        let mut field = form_field(spec, &shown, original);
                        field.label = warehouse_label(&warehouse.code);
                        fields.push(field);
                    }
                    continue;
                }
                let original = fields::current_value(platform, spec.field, product);
                let shown =
                    staged_value(staged.as_ref(), spec.field).unwrap_or_else(|| original.clone());
                fields.push(form_field(spec, &shown, original));
            }
            state.editor = Some(Editor::Form(FormEditor {
                target,
                creating: false,
                fields,
                focus: 0,
            }));
        }
        EditKind::Raw => {
            let baseline = crate::catalog::raw_editable(platform, product);
            let text = serde_json::to_string_pretty(&serde_json::Value::Object(baseline.clone()))
                .unwrap_or_else(|_| "{}".to_owned());
            let input = TextArea::new(text.lines().map(str::to_owned).collect());
            state.editor = Some(Editor::Raw(Box::new(RawEditor {
                target,
                input,
                baseline,
                errors: vec![],
            })));
        }
    }
    vec![]
}

fn staged_value(change: Option<&Change>, field: Field) -> Option<String> {
    if let (Some(Change::Warehouses { changes, .. }), Field::Warehouse(id)) = (change, field) {
        return changes
            .iter()
            .find(|c| c.warehouse == id)
            .map(|c| c.to.to_string());
    }
    let Change::Edit { stock, fields } = change? else {
        return None;
    };
    if field == Field::Stock {
        return stock.map(|s: StockChange| s.to().to_string());
    }
    fields
        .iter()
        .find(|f| f.field == field)
        .map(|f| f.to.clone())
}

fn form_field(spec: FieldSpec, shown: &str, original: String) -> FormField {
    let input = TextArea::new(shown.lines().map(str::to_owned).collect::<Vec<_>>());
    let error = fields::validate(&spec, shown).err();
    FormField {
        label: spec.field.label().to_owned(),
        spec,
        input,
        original,
        error,
    }
}

pub fn new_product(state: &mut State) -> Vec<Effect> {
    if let Some(reason) = refuse_write(state, |c| c.create) {
        return problem(state, &reason);
    }
    let Some(platform) = state.profile().map(|p| p.platform) else {
        return vec![];
    };
    let fields = fields::create_fields(platform)
        .into_iter()
        .map(|spec| {
            let default = match spec.field {
                Field::Status => "active",
                Field::Stock => "0",
                _ => "",
            };
            let mut field = form_field(spec, default, String::new());
            // Empty required fields are not an error until the user tries to stage them.
            field.error = None;
            field
        })
        .collect();
    let target = Target {
        id: None,
        sku: String::new(),
        name: String::new(),
    };
    state.editor = Some(Editor::Form(FormEditor {
        target,
        creating: true,
        fields,
        focus: 0,
    }));
    vec![]
}

pub fn delete_product(state: &mut State) -> Vec<Effect> {
    if let Some(reason) = refuse_write(state, |c| c.delete) {
        return problem(state, &reason);
    }
    let channels = state.profile().is_some_and(|p| p.capabilities.channels);
    if let Some(summary) = state.session.listing.selected_product() {
        state.dialog = Some(Dialog::ConfirmDelete {
            target: target_of(summary),
            channels,
        });
    }
    vec![]
}

pub fn stage_delete(state: &mut State, target: Target, keep_channels: bool) -> Vec<Effect> {
    let staged = state
        .session
        .basket
        .stage(target.clone(), Change::Delete { keep_channels });
    let verb = if staged == Staged::Replaced {
        "replacing its earlier change"
    } else {
        "b to review"
    };
    info(state, &format!("{}: delete staged ({verb})", target.sku));
    journal(state)
}

/// Keys while the edit pane is open.
pub fn editor(state: &mut State, action: Action) -> Vec<Effect> {
    match action {
        Action::EditorCancel | Action::Back => {
            state.editor = None;
            info(state, "Edit cancelled: nothing staged")
        }
        Action::EditorSave => save(state),
        Action::EditorNext | Action::EditorPrev => {
            if let Some(Editor::Prices(editor)) = state.editor.as_mut() {
                super::prices::step(editor, matches!(action, Action::EditorNext));
            }
            if let Some(Editor::Form(form)) = state.editor.as_mut() {
                let len = form.fields.len().max(1);
                form.focus = match action {
                    Action::EditorNext => (form.focus + 1) % len,
                    _ => (form.focus + len - 1) % len,
                };
            }
            vec![]
        }
        Action::EditorKey(key) => {
            match state.editor.as_mut() {
                Some(Editor::Form(form)) => {
                    if let Some(field) = form.fields.get_mut(form.focus) {
                        field.input.input(key);
                        field.error = fields::validate(&field.spec, &field.text()).err();
                    }
                }
                Some(Editor::Raw(raw)) => {
                    raw.input.input(key);
                    raw.errors.clear();
                }
                Some(Editor::Prices(editor)) => super::prices::key(editor, key),
                None => {}
            }
            vec![]
        }
        Action::Resize { width, height } => {
            state.viewport = (width, height);
            vec![]
        }
        Action::Quit => super::quit_or_ask(state),
        _ => vec![],
    }
}

fn save(state: &mut State) -> Vec<Effect> {
    let Some(editor) = state.editor.take() else {
        return vec![];
    };
    let platform = state.profile().map(|p| p.platform);
    match editor {
        Editor::Form(mut form) => {
            let mut values = Vec::new();
            for field in &mut form.fields {
                match fields::validate(&field.spec, &field.text()) {
                    Ok(value) => values.push((field.spec.field, value, field.original.clone())),
                    Err(error) => field.error = Some(error),
                }
            }
            if values.len() < form.fields.len() {
                state.editor = Some(Editor::Form(form));
                return problem(state, "Fix the marked fields first: nothing was staged");
            }
            if form.creating {
                return stage_create(state, &values);
            }
            let target = form.target.clone();
            let (stock, values): (Vec<_>, Vec<_>) = values
                .into_iter()
                .partition(|(field, _, _)| matches!(field, Field::Warehouse(_)));
            let warehouses = warehouse_changes(&form, &stock);
            let others_changed = values
                .iter()
                .any(|(field, to, from)| !fields::same_value(*field, from, to));
            if !warehouses.is_empty() {
                if others_changed {
                    state.editor = Some(Editor::Form(form));
                    return problem(
                        state,
                        "Stage the warehouses' stock and the other fields one at a time: nothing was staged",
                    );
                }
                let total = stock
                    .iter()
                    .filter_map(|(_, _, from)| from.parse::<i64>().ok())
                    .sum();
                let staged = state.session.basket.stage(
                    target.clone(),
                    Change::Warehouses {
                        total,
                        changes: warehouses,
                    },
                );
                let message = staged_message(&target, &staged, state);
                info(state, &message);
                return journal(state);
            }
            let changes = values
                .into_iter()
                .map(|(field, to, from)| FieldChange { field, from, to })
                .collect();
            let staged = state.session.basket.stage_fields(target.clone(), changes);
            let message = staged_message(&target, &staged, state);
            info(state, &message);
            journal(state)
        }
        Editor::Prices(editor) => super::prices::save(state, editor),
        Editor::Raw(mut raw) => {
            let Some(platform) = platform else {
                return vec![];
            };
            let text = raw.input.lines().join("\n");
            let body = match serde_json::from_str::<serde_json::Value>(&text) {
                Ok(serde_json::Value::Object(body)) => body,
                Ok(_) => {
                    raw.errors = vec!["the body must be a JSON object { ... }".to_owned()];
                    state.editor = Some(Editor::Raw(raw));
                    return vec![];
                }
                Err(e) => {
                    raw.errors = vec![format!("invalid JSON: {e}")];
                    state.editor = Some(Editor::Raw(raw));
                    return vec![];
                }
            };
            let errors = crate::catalog::validate_raw(platform, &body);
            if !errors.is_empty() {
                raw.errors = errors;
                state.editor = Some(Editor::Raw(raw));
                return vec![];
            }
            let changed: serde_json::Map<_, _> = body
                .into_iter()
                .filter(|(key, value)| raw.baseline.get(key) != Some(value))
                .collect();
            if changed.is_empty() {
                return info(state, "Nothing changed: nothing staged");
            }
            let baseline = changed
                .keys()
                .map(|key| {
                    (
                        key.clone(),
                        raw.baseline
                            .get(key)
                            .cloned()
                            .unwrap_or(serde_json::Value::Null),
                    )
                })
                .collect();
            let target = raw.target.clone();
            let staged = state.session.basket.stage(
                target.clone(),
                Change::Raw {
                    body: changed,
                    baseline,
                },
            );
            let message = staged_message(&target, &staged, state);
            info(state, &message);
            journal(state)
        }
    }
}

fn stage_create(state: &mut State, values: &[(Field, String, String)]) -> Vec<Effect> {
    let value = |field: Field| {
        values
            .iter()
            .find(|(f, _, _)| *f == field)
            .map(|(_, v, _)| v.clone())
            .unwrap_or_default()
    };
    let Some(price) = Money::parse(&value(Field::Price)) else {
        return problem(state, "Price is required");
    };
    let platform = state.profile().map_or(Platform::Cscart, |p| p.platform);
    let status =
        fields::status_from_text(platform, &value(Field::Status)).unwrap_or(Status::Active);
    let product = NewProduct {
        name: value(Field::Name),
        sku: Some(Sku(value(Field::Sku))),
        price,
        stock: value(Field::Stock).parse().ok(),
        category_ids: fields::parse_ids(&value(Field::Categories)).unwrap_or_default(),
        status,
    };
    let target = Target {
        id: None,
        sku: value(Field::Sku),
        name: value(Field::Name),
    };
    state
        .session
        .basket
        .stage(target.clone(), Change::Create(product));
    info(
        state,
        &format!("{}: new product staged (b to review)", target.sku),
    );
    journal(state)
}

/// `M`: opens the sale dialog for the selected product.
pub fn mark_sold(state: &mut State) -> Vec<Effect> {
    if let Some(reason) = refuse_write(state, |c| c.mark_sold) {
        return problem(state, &reason);
    }
    let (summary, current) = match tracked_selection(state) {
        Ok(selection) => selection,
        Err(effects) => return effects,
    };
    let current = state
        .session
        .basket
        .staged_stock(&summary.id)
        .map_or(current, StockChange::from);
    state.dialog = Some(Dialog::MarkSold {
        target: target_of(&summary),
        current,
        quantity: "1".to_owned(),
        action: SoldAction::default(),
        error: None,
    });
    vec![]
}

/// Keys while the sale dialog is open.
pub fn sold_dialog(state: &mut State, action: Action) -> Vec<Effect> {
    let Some(Dialog::MarkSold {
        target,
        current,
        quantity,
        action: sold,
        error,
    }) = state.dialog.as_mut()
    else {
        return vec![];
    };
    match action {
        Action::SoldDigit(digit) if quantity.len() < 6 => {
            if quantity == "0" {
                quantity.clear();
            }
            quantity.push(char::from(b'0' + digit));
            *error = None;
        }
        Action::SoldBackspace => {
            quantity.pop();
            *error = None;
        }
        Action::SoldCycleAction => *sold = sold.next(),
        Action::Decline | Action::Back => state.dialog = None,
        Action::Confirm => {
            let sold_quantity = quantity.parse::<i64>().unwrap_or(0);
            if sold_quantity < 1 {
                *error = Some("type how many were sold (at least 1)".to_owned());
                return vec![];
            }
            if sold_quantity > *current {
                *error = Some(format!("only {current} in stock"));
                return vec![];
            }
            let change = Change::Sold {
                from: *current,
                quantity: sold_quantity,
                action: *sold,
            };
            let target = target.clone();
            state.dialog = None;
            let staged = state.session.basket.stage(target.clone(), change);
            let message = staged_message(&target, &staged, state);
            info(state, &message);
            return journal(state);
        }
        _ => {}
    }
    vec![]
}

/// The chosen warehouse and the selected product's quantity in it; `Ok(None)` when the
/// keys act on the total. The quantities come with the full product: when it is not loaded
/// yet it is fetched, and the key is to be pressed again.
fn warehouse_stock(
    state: &mut State,
    summary: &ProductSummary,
    intent: StockIntent,
) -> Result<Option<(WarehouseSlot, i64)>, Vec<Effect>> {
    let chosen = state.session.stock_target.clone();
    let per_warehouse = state.profile().is_some_and(|p| p.capabilities.warehouses);
    if chosen.is_none() && !per_warehouse {
        return Ok(None);
    }
    let loaded = state
        .session
        .detail
        .product
        .as_deref()
        .filter(|p| p.summary.id == summary.id)
        .cloned();
    let Some(product) = loaded else {
        let effects = super::open_detail(state);
        state.session.detail.then_stock = Some(intent);
        info(state, &format!("Reading {}'s warehouses…", summary.sku));
        return Err(effects);
    };
    let total = match product.summary.stock {
        Stock::Quantity(n) => n,
        Stock::NotTracked => 0,
    };
    // With several warehouses, the total alone cannot be written without changing one of
    // them: a change of the total goes to the first (main) warehouse, and says so.
    let (id, code) = match (chosen, product.warehouses.as_slice()) {
        (Some(chosen), _) => chosen,
        (None, [_, _, ..]) => (product.warehouses[0].id, product.warehouses[0].code.clone()),
        (None, _) => return Ok(None),
    };
    match product.warehouses.iter().find(|w| w.id == id) {
        Some(warehouse) => Ok(Some((
            WarehouseSlot { id, code, total },
            warehouse.quantity,
        ))),
        None => Err(problem(
            state,
            &format!("{} has no stock in warehouse {code}", summary.sku),
        )),
    }
}

/// The quantity already staged for a product's warehouse, if any.
fn staged_warehouse(state: &State, summary: &ProductSummary, warehouse: u64) -> Option<i64> {
    match &state.session.basket.for_product(&summary.id)?.change {
        Change::Warehouses { changes, .. } => changes
            .iter()
            .find(|c| c.warehouse == warehouse)
            .map(|c| c.to),
        _ => None,
    }
}

/// `=` on a warehouse: `15` sets it, `+5` / `-2` adjust it.
fn set_warehouse_from(
    state: &mut State,
    target: Target,
    current: i64,
    slot: WarehouseSlot,
    text: &str,
) -> Result<Vec<Effect>, String> {
    let relative = text.starts_with('+') || text.starts_with('-');
    let number: i64 = text
        .parse()
        .map_err(|_| "type a whole number (15), or +5 / -2 to adjust".to_owned())?;
    let next = if relative {
        current.saturating_add(number)
    } else {
        number
    };
    if next < 0 {
        return Err(format!("that would leave {} below zero", slot.code));
    }
    let original = target
        .id
        .as_ref()
        .and_then(|id| {
            state
                .session
                .detail
                .product
                .as_deref()
                .filter(|p| &p.summary.id == id)
        })
        .and_then(|p| p.warehouses.iter().find(|w| w.id == slot.id))
        .map_or(current, |w| w.quantity);
    let staged = state.session.basket.stage_warehouse(
        target.clone(),
        slot.total,
        (slot.id, slot.code, original),
        |_| next,
    );
    let message = staged_message(&target, &staged, state);
    info(state, &message);
    Ok(journal(state))
}

/// `w`: the stock keys act on the next warehouse of the selected product, then the total.
pub fn cycle_warehouse(state: &mut State) -> Vec<Effect> {
    let Some(summary) = state.session.listing.selected_product().cloned() else {
        return vec![];
    };
    let loaded = state
        .session
        .detail
        .product
        .as_deref()
        .filter(|p| p.summary.id == summary.id)
        .cloned();
    let Some(product) = loaded else {
        let effects = super::open_detail(state);
        info(
            state,
            &format!(
                "Reading {}'s warehouses: press w again once they show",
                summary.sku
            ),
        );
        return effects;
    };
    if product.warehouses.is_empty() {
        state.session.stock_target = None;
        return info(
            state,
            &format!(
                "{} keeps its stock in no warehouse: + - = change the total",
                summary.sku
            ),
        );
    }
    let position = state
        .session
        .stock_target
        .as_ref()
        .and_then(|(id, _)| product.warehouses.iter().position(|w| w.id == *id));
    state.session.stock_target = match position {
        None => product.warehouses.first(),
        Some(at) => product.warehouses.get(at + 1),
    }
    .map(|w| (w.id, w.code.clone()));
    let text = match &state.session.stock_target {
        Some((_, code)) => format!("+ - = now change the stock in {code}"),
        None => "+ - = now change the total stock".to_owned(),
    };
    info(state, &text)
}

const WAREHOUSE_LABEL: &str = "Stock ";

fn warehouse_label(code: &str) -> String {
    format!("{WAREHOUSE_LABEL}{code}")
}

/// The warehouses whose stock the form changed, each old -> new.
fn warehouse_changes(
    form: &FormEditor,
    stock: &[(Field, String, String)],
) -> Vec<crate::basket::WarehouseChange> {
    stock
        .iter()
        .filter_map(|(field, to, from)| {
            let Field::Warehouse(id) = field else {
                return None;
            };
            let (from, to) = (from.parse::<i64>().ok()?, to.parse::<i64>().ok()?);
            let label = form
                .fields
                .iter()
                .find(|f| f.spec.field == *field)?
                .label
                .clone();
            let code = label
                .strip_prefix(WAREHOUSE_LABEL)
                .unwrap_or(&label)
                .to_owned();
            (from != to).then_some(crate::basket::WarehouseChange {
                warehouse: *id,
                code,
                from,
                to,
            })
        })
        .collect()
}

/// The selected product and its stock, or why the stock keys cannot act on it.
fn tracked_selection(state: &mut State) -> Result<(ProductSummary, i64), Vec<Effect>> {
    let Some(summary) = state.session.listing.selected_product().cloned() else {
        return Err(vec![]);
    };
    match summary.stock {
        Stock::Quantity(current) => Ok((summary, current)),
        Stock::NotTracked => Err(problem(
            state,
            &format!("{}: stock is not tracked for this product", summary.sku),
        )),
    }
}
