//! The edit pane's editors: opening the form, raw or price editor on a product, a new
//! product's form, and staging what the form or the raw editor holds. A field's value opens
//! selected, so that typing replaces it.

mod raw;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use tui_textarea::TextArea;

use crate::app::effect::Effect;
use crate::app::state::{EditKind, Editor, FormEditor, FormField, Layer, RawEditor, State};
use crate::basket::duplicates::duplicate_sku_warning;
use crate::basket::{Change, FieldChange, StockChange, Target};
use crate::catalog::fields::{self, Field, FieldSpec};
use crate::catalog::model::{
    Money, NewProduct, Platform, Product, Sku, Status, Stock, WarehouseStock,
};

use super::common::{info, journal, load_product_then, problem};
use super::prices;
use super::staging::{Kind, keeps_staged, refuse_write, staged_message, target_of};

pub fn edit(state: &mut State, kind: EditKind) -> Vec<Effect> {
    if let Some(reason) = refuse_write(state, |c| c.update) {
        return problem(state, &reason);
    }
    let Some(summary) = state.session.listing.selected_product().cloned() else {
        return vec![];
    };
    if let Some(reason) = keeps_staged(state, &target_of(&summary), Kind::Edit) {
        return problem(state, &reason);
    }
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
            prices::open(state, target, product);
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
            select_first(&mut fields);
            state.push(Layer::Editor(Editor::Form(FormEditor {
                target,
                creating: false,
                fields,
                focus: 0,
                duplicate_confirmed: None,
            })));
        }
        EditKind::Raw => {
            let baseline = crate::catalog::raw_editable(platform, product);
            let staged = state
                .session
                .basket
                .for_product(&product.summary.id)
                .map(|item| item.change.clone());
            let staged_stock = state
                .session
                .basket
                .staged_stock(&product.summary.id)
                .map(StockChange::to);
            let shown = raw::staged_over(platform, &baseline, staged.as_ref(), staged_stock);
            let text = serde_json::to_string_pretty(&serde_json::Value::Object(shown))
                .unwrap_or_else(|_| "{}".to_owned());
            let input = TextArea::new(text.lines().map(str::to_owned).collect());
            state.push(Layer::Editor(Editor::Raw(Box::new(RawEditor {
                target,
                input,
                baseline,
                errors: vec![],
            }))));
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

/// The first field's value shows selected, so that typing replaces it.
fn select_first(fields: &mut [FormField]) {
    if let Some(field) = fields.first_mut() {
        field.input.select_all();
    }
}

/// Tab or Shift-Tab: the field left keeps its text unselected, the one entered shows its
/// value selected again.
pub fn move_focus(form: &mut FormEditor, forward: bool) {
    let len = form.fields.len().max(1);
    if let Some(field) = form.fields.get_mut(form.focus) {
        field.input.cancel_selection();
    }
    form.focus = if forward {
        (form.focus + 1) % len
    } else {
        (form.focus + len - 1) % len
    };
    if let Some(field) = form.fields.get_mut(form.focus) {
        field.input.select_all();
    }
}

/// A key typed into a field: a character replaces a selected value; any other key (arrows,
/// Home, End, Backspace…) first ends the selection, then edits as usual.
pub fn type_into(input: &mut TextArea<'static>, key: KeyEvent) {
    let plain = matches!(key.code, KeyCode::Char(_))
        && !key
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
    if !plain {
        input.cancel_selection();
    }
    input.input(key);
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
    let mut fields = fields::create_fields(platform)
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
        .collect::<Vec<_>>();
    select_first(&mut fields);
    let target = Target {
        id: None,
        sku: String::new(),
        name: String::new(),
    };
    state.push(Layer::Editor(Editor::Form(FormEditor {
        target,
        creating: true,
        fields,
        focus: 0,
        duplicate_confirmed: None,
    })));
    vec![]
}

pub fn save(state: &mut State) -> Vec<Effect> {
    let Some(Layer::Editor(editor)) = state.close(|layer| matches!(layer, Layer::Editor(_))) else {
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
                state.push(Layer::Editor(Editor::Form(form)));
                return problem(state, "Fix the marked fields first: nothing was staged");
            }
            if form.creating {
                if let Some(warning) = duplicate_sku(state, &mut form, &values) {
                    state.push(Layer::Editor(Editor::Form(form)));
                    return problem(state, &warning);
                }
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
            let staged = target
                .id
                .as_ref()
                .and_then(|id| state.session.basket.for_product(id))
                .map(|item| item.change.clone());
            let warehouses_typed = stock.iter().any(|(field, to, from)| {
                staged_value(staged.as_ref(), *field)
                    .as_ref()
                    .unwrap_or(from)
                    != to
            });
            if others_changed
                && !warehouses_typed
                && matches!(staged, Some(Change::Warehouses { .. }))
            {
                state.push(Layer::Editor(Editor::Form(form)));
                let text = format!(
                    "{}'s warehouse stock is staged already: send it, or drop it in the basket \
                     (x), before changing its other fields; nothing was staged",
                    target.sku
                );
                return problem(state, &text);
            }
            if !warehouses.is_empty() {
                if others_changed {
                    state.push(Layer::Editor(Editor::Form(form)));
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
        Editor::Prices(editor) => prices::save(state, editor),
        Editor::Raw(mut raw) => {
            let Some(platform) = platform else {
                return vec![];
            };
            let body = match raw_body(platform, &raw.input.lines().join("\n")) {
                Ok(body) => body,
                Err(errors) => {
                    raw.errors = errors;
                    state.push(Layer::Editor(Editor::Raw(raw)));
                    return vec![];
                }
            };
            let changed: serde_json::Map<_, _> = body
                .into_iter()
                .filter(|(key, value)| raw.baseline.get(key) != Some(value))
                .collect();
            if changed.is_empty() {
                return info(state, "Nothing changed: nothing staged");
            }
            let warehouses = loaded_warehouses(state, &raw.target);
            match raw::stock_total_of(&changed, &warehouses) {
                raw::RawStock::Other => {}
                raw::RawStock::Total(wanted) => {
                    let target = raw.target.clone();
                    return match super::staging::stage_total(state, &target, &warehouses, wanted) {
                        Ok(effects) => effects,
                        Err(error) => {
                            raw.errors = vec![format!("quantity: {error}")];
                            state.push(Layer::Editor(Editor::Raw(raw)));
                            problem(state, "Nothing was staged")
                        }
                    };
                }
                raw::RawStock::Refused(error) => {
                    raw.errors = vec![error];
                    state.push(Layer::Editor(Editor::Raw(raw)));
                    return problem(state, "Nothing was staged");
                }
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

/// The raw editor's text as a body the platform accepts, or every reason it is not one.
pub fn raw_body(
    platform: Platform,
    text: &str,
) -> Result<serde_json::Map<String, serde_json::Value>, Vec<String>> {
    let body = match serde_json::from_str::<serde_json::Value>(text) {
        Ok(serde_json::Value::Object(body)) => body,
        Ok(_) => return Err(vec!["the body must be a JSON object { ... }".to_owned()]),
        Err(e) => return Err(vec![format!("invalid JSON: {e}")]),
    };
    let errors = crate::catalog::validate_raw(platform, &body);
    if errors.is_empty() {
        Ok(body)
    } else {
        Err(errors)
    }
}

/// The warehouses of the product being edited, as last read.
fn loaded_warehouses(state: &State, target: &Target) -> Vec<WarehouseStock> {
    state
        .session
        .detail
        .product
        .as_deref()
        .filter(|p| target.id.as_ref() == Some(&p.summary.id))
        .map(|p| p.warehouses.clone())
        .unwrap_or_default()
}

/// A new product's SKU that loaded products already have: the first save says so and stages
/// nothing; saving the same SKU again creates it all the same.
fn duplicate_sku(
    state: &State,
    form: &mut FormEditor,
    values: &[(Field, String, String)],
) -> Option<String> {
    let sku = values
        .iter()
        .find(|(field, _, _)| *field == Field::Sku)
        .map(|(_, value, _)| value.trim().to_owned())?;
    if form.duplicate_confirmed.as_deref() == Some(sku.as_str()) {
        return None;
    }
    let warning = duplicate_sku_warning(state.session.listing.rows.all(), &sku)?;
    form.duplicate_confirmed = Some(sku);
    Some(format!("{warning} · Ctrl-s again to create it anyway"))
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
    // B2B Wave documents its only price fields (price1..3) as not used: the price typed
    // is not sent, and the user is told so rather than finding it missing later.
    let unsent_price = if platform == Platform::B2bwave {
        " · B2B Wave documents no usable price field: the price is not sent"
    } else {
        ""
    };
    info(
        state,
        &format!(
            "{}: new product staged (b to review){unsent_price}",
            target.sku
        ),
    );
    journal(state)
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
