//! The listing actions: accounts, post templates, update listings, post and revise inventory.

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use super::actions::{Reply, batch, id_field, ids_field};
use super::product::Channel;
use super::seed::{self, ACCOUNTS, Account, TEMPLATES};
use super::store::Store;

pub fn accounts() -> Reply {
    let accounts = ACCOUNTS
        .iter()
        .map(|a| json!({"id": a.id, "channel": a.channel, "name": a.name, "status": a.status}));
    Reply::ok(Value::Array(accounts.collect()))
}

pub fn templates() -> Reply {
    let templates = TEMPLATES
        .iter()
        .map(|t| json!({"id": t.id, "name": t.name, "channel": t.channel}));
    Reply::ok(Value::Array(templates.collect()))
}

/// `accounts`: `"all"` (or left out) means every active account; a list names accounts,
/// each of which must exist and be active.
// judgment: naming a paused account is 303, while "all" silently leaves it out.
fn chosen_accounts(
    data: &Map<String, Value>,
    all: impl Fn(&Account) -> bool,
) -> Result<Vec<&'static Account>, Reply> {
    let message = "must be \"all\" or an array of listing account ids";
    match data.get("accounts") {
        None => Ok(ACCOUNTS
            .iter()
            .filter(|a| a.status == "active" && all(a))
            .collect()),
        Some(Value::String(s)) if s == "all" => Ok(ACCOUNTS
            .iter()
            .filter(|a| a.status == "active" && all(a))
            .collect()),
        Some(Value::Array(items)) if !items.is_empty() => {
            let mut chosen: Vec<&'static Account> = Vec::new();
            for item in items {
                let Some(account) = item.as_u64().and_then(seed::account) else {
                    return Err(Reply::invalid_field(
                        "accounts",
                        &format!("unknown account {item}"),
                    ));
                };
                if account.status != "active" {
                    let why = format!("account {} is {}", account.id, account.status);
                    return Err(Reply::invalid_field("accounts", &why));
                }
                if !chosen.iter().any(|a| a.id == account.id) {
                    chosen.push(account);
                }
            }
            Ok(chosen)
        }
        Some(_) => Err(Reply::invalid_field("accounts", message)),
    }
}

fn not_found(failed: &mut BTreeMap<String, String>, id: u64) {
    failed.insert(id.to_string(), "not found".to_string());
}

// judgment: an update is queued for each live (`listed`) listing of the product on the
// chosen accounts; a product with none queues nothing and is no failure. The product
// itself does not change, so its `updated_at` stays.
pub fn update_listings(store: &mut Store, data: &Map<String, Value>) -> Reply {
    let ids = match ids_field(data) {
        Ok(ids) => ids,
        Err(reply) => return reply,
    };
    let accounts = match chosen_accounts(data, |_| true) {
        Ok(accounts) => accounts,
        Err(reply) => return reply,
    };
    let (mut queued, mut failed, mut found) = (Vec::new(), BTreeMap::new(), 0);
    for id in ids {
        let Some(product) = store.products.get(&id) else {
            not_found(&mut failed, id);
            continue;
        };
        found += 1;
        for account in &accounts {
            let live = product
                .channels
                .iter()
                .any(|c| c.account_id == account.id && c.status == "listed");
            if live {
                queued.push(json!({"id": id, "account_id": account.id}));
            }
        }
    }
    batch("queued", queued, failed, found)
}

// judgment: `accounts` defaults to the template's channel's active accounts and must all
// be of that channel; only an active product with stock is posted (others fail in the
// 302 map); posting where a listing exists relists it under its old listing id.
pub fn post(store: &mut Store, data: &Map<String, Value>) -> Reply {
    let ids = match ids_field(data) {
        Ok(ids) => ids,
        Err(reply) => return reply,
    };
    let template = match id_field(data, "template_id") {
        Ok(t) => match TEMPLATES.iter().find(|x| x.id == t) {
            Some(template) => template,
            None => return Reply::invalid_field("template_id", &format!("unknown template {t}")),
        },
        Err(reply) => return reply,
    };
    let accounts = match chosen_accounts(data, |a| a.channel == template.channel) {
        Ok(accounts) => accounts,
        Err(reply) => return reply,
    };
    if let Some(other) = accounts.iter().find(|a| a.channel != template.channel) {
        let why = format!(
            "account {} is on {}, template {} posts to {}",
            other.id, other.channel, template.id, template.channel
        );
        return Reply::invalid_field("accounts", &why);
    }
    let (mut posted, mut failed, mut succeeded) = (Vec::new(), BTreeMap::new(), 0);
    for id in ids {
        let Some(product) = store.products.get(&id) else {
            not_found(&mut failed, id);
            continue;
        };
        if product.status != "active" {
            failed.insert(id.to_string(), format!("product is {}", product.status));
            continue;
        }
        if product.quantity == 0 {
            failed.insert(id.to_string(), "out of stock".to_string());
            continue;
        }
        let existing: Vec<Option<String>> = accounts
            .iter()
            .map(|a| {
                let found = product.channels.iter().find(|c| c.account_id == a.id);
                found.map(|c| c.listing_id.clone())
            })
            .collect();
        let mut fresh = Vec::new();
        for (account, existing) in accounts.iter().zip(existing) {
            let listing_id = existing.unwrap_or_else(|| store.new_listing_id(account.channel));
            fresh.push((account, listing_id));
        }
        let at = store.write_time();
        let Some(product) = store.products.get_mut(&id) else {
            continue;
        };
        for (account, listing_id) in fresh {
            product.channels.retain(|c| c.account_id != account.id);
            product.channels.push(Channel {
                account_id: account.id,
                channel: account.channel,
                listing_id: listing_id.clone(),
                status: "listed",
            });
            posted.push(json!({"id": id, "account_id": account.id, "listing_id": listing_id}));
        }
        product.channels.sort_by_key(|c| c.account_id);
        product.updated_at = at;
        succeeded += 1;
    }
    batch("posted", posted, failed, succeeded)
}

// judgment: the product's current quantity goes to each of its live listings on active
// accounts; a paused account's listings are skipped. Nothing on the product changes.
pub fn revise_inventory(store: &Store, data: &Map<String, Value>) -> Reply {
    let ids = match ids_field(data) {
        Ok(ids) => ids,
        Err(reply) => return reply,
    };
    let (mut revised, mut failed, mut found) = (Vec::new(), BTreeMap::new(), 0);
    for id in ids {
        let Some(product) = store.products.get(&id) else {
            not_found(&mut failed, id);
            continue;
        };
        found += 1;
        for channel in &product.channels {
            let active = seed::account(channel.account_id).is_some_and(|a| a.status == "active");
            if channel.status == "listed" && active {
                revised.push(json!({
                    "id": id,
                    "account_id": channel.account_id,
                    "quantity": product.quantity,
                }));
            }
        }
    }
    batch("revised", revised, failed, found)
}
