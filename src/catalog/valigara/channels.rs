//! Channel listings: accounts, listing updates (rate limited), post templates, posting and inventory revision.

use std::time::Duration;

use serde::Deserialize;
use serde_json::{Map, Value, json};

use super::bucket::{Budget, minutes};
use super::client::{ValigaraClient, action, checked_id};
use super::reply::{Reply, data};
use crate::catalog::Traced;
use crate::catalog::error::CatalogError;
use crate::catalog::http::Request;
use crate::catalog::model::ProductId;

pub use crate::catalog::model::ListingAccount;

/// A posting template (`products_post_templates_list`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct PostTemplate {
    pub id: u64,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub channel: String,
}

/// One product on one account, with what the server reported for it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ListingResult {
    pub id: u64,
    pub account_id: u64,
    /// `products_post`: the new listing's id.
    #[serde(default)]
    pub listing_id: Option<String>,
    /// `products_revise_inventory`: the quantity pushed.
    #[serde(default)]
    pub quantity: Option<i64>,
}

/// What a listing action did: the items done and, on a 302, those that failed with why.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ListingOutcome {
    pub done: Vec<ListingResult>,
    pub failed: Vec<(String, String)>,
}

impl ValigaraClient {
    pub async fn listings_accounts(&self) -> Traced<Vec<ListingAccount>> {
        self.run(Ok(action("listings_accounts_get", None)), false, data)
            .await
    }

    pub async fn post_templates(&self) -> Traced<Vec<PostTemplate>> {
        self.run(
            Ok(action("products_post_templates_list", None)),
            false,
            data,
        )
        .await
    }

    /// What is left of the listing-update budget, as the UI shows it before sending.
    pub fn listings_budget(&self) -> Budget {
        let now = (self.api.clock)();
        match self.api.bucket.lock() {
            Ok(mut bucket) => bucket.budget(now),
            Err(poisoned) => poisoned.into_inner().budget(now),
        }
    }

    /// Queues the products' listings for update on `accounts` (all when `None`). At most 4
    /// an hour: refused here, without sending, when the budget is spent.
    pub async fn update_listings(
        &self,
        ids: &[ProductId],
        accounts: Option<Vec<u64>>,
    ) -> Traced<ListingOutcome> {
        let ids = match checked_ids(ids) {
            Ok(ids) => ids,
            Err(e) => return Traced::new(Err(e), Vec::new()),
        };
        let accounts = match accounts {
            Some(accounts) => json!(accounts),
            None => json!("all"),
        };
        let request = action(
            "product_update_listings",
            Some(json!({"ids": ids, "accounts": accounts})),
        );
        self.within_listings_budget(request, "queued").await
    }

    /// Posts products to channels with a template, on the given accounts.
    pub async fn post_products(
        &self,
        ids: &[ProductId],
        template: u64,
        accounts: &[u64],
    ) -> Traced<ListingOutcome> {
        let request = checked_ids(ids).map(|ids| {
            let data = json!({"ids": ids, "template_id": template, "accounts": accounts});
            action("products_post", Some(data))
        });
        self.run(request, true, |r| outcome(r, "posted")).await
    }

    /// Pushes the products' quantities to their channel listings, all in one request.
    // judgment: the copy documents a limit on product_update_listings only; a push to the
    // same listings is spent from the same 4 an hour, the stricter reading, and refused here
    // without sending when that budget is spent.
    pub async fn revise_inventory(&self, ids: &[ProductId]) -> Traced<ListingOutcome> {
        let ids = match checked_ids(ids) {
            Ok(ids) => ids,
            Err(e) => return Traced::new(Err(e), Vec::new()),
        };
        let request = action("products_revise_inventory", Some(json!({"ids": ids})));
        self.within_listings_budget(request, "revised").await
    }

    /// Sends a listing action once the listings budget allows it (refused unsent when it is
    /// spent), then believes what the server announced of that budget.
    async fn within_listings_budget(
        &self,
        request: Request,
        done_key: &str,
    ) -> Traced<ListingOutcome> {
        let taken = {
            let now = (self.api.clock)();
            match self.api.bucket.lock() {
                Ok(mut bucket) => bucket.take(now),
                Err(poisoned) => poisoned.into_inner().take(now),
            }
        };
        if let Err(wait) = taken {
            return Traced::new(Err(refused(wait)), Vec::new());
        }
        let (reply, exchanges) = self.call(request.own_budget(), true).await;
        if let Some(rate) = exchanges.last().and_then(|e| e.rate_limit.as_ref()) {
            let now = (self.api.clock)();
            match self.api.bucket.lock() {
                Ok(mut bucket) => bucket.sync(now, rate),
                Err(poisoned) => poisoned.into_inner().sync(now, rate),
            }
        }
        Traced::new(reply.and_then(|r| outcome(r, done_key)), exchanges)
    }
}

fn checked_ids(ids: &[ProductId]) -> Result<Vec<u64>, CatalogError> {
    ids.iter().map(checked_id).collect()
}

/// The client-side refusal when the listings bucket is full; nothing was sent.
fn refused(wait: Duration) -> CatalogError {
    CatalogError::RateLimited {
        status: 429,
        retry_after: Some(wait),
        message: format!(
            "{} listing updates per hour: the next is allowed in {}",
            super::bucket::LISTINGS_LIMIT,
            minutes(wait)
        ),
    }
}

/// `{"<key>": [...], "failed": {...}}`: the done items and, on a 302, the failures.
fn outcome(reply: Reply, key: &str) -> Result<ListingOutcome, CatalogError> {
    let (http, status) = (reply.http, reply.status);
    let mut body: Map<String, Value> = data(reply)?;
    let done = body.remove(key).unwrap_or(Value::Array(Vec::new()));
    let done: Vec<ListingResult> = data(Reply {
        http,
        status,
        data: done,
    })?;
    let failed = match body.remove("failed") {
        Some(Value::Object(failed)) => failed
            .into_iter()
            .map(|(id, why)| (id, super::reply::message_of(&why)))
            .collect(),
        _ => Vec::new(),
    };
    Ok(ListingOutcome { done, failed })
}
