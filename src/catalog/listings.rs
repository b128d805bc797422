//! `Catalog` operations only some platforms have: recorded sales, channel listings, the server's own form.

use super::error::CatalogError;
use super::fields::{self, FieldSpec};
use super::http::PlannedRequest;
use super::model::{Platform, ProductId};
use super::valigara::{Budget, Exported, ListingAccount, ListingOutcome, SoldAction, SoldResult};
use super::{Catalog, PlatformClient, Traced};

/// What a CS-Cart store answers for an operation it does not have; nothing is sent.
pub(super) fn no_channels(what: &str) -> CatalogError {
    CatalogError::Unsupported(format!("CS-Cart has no {what}"))
}

fn refused<T>(what: &str) -> Traced<T> {
    Traced::new(Err(no_channels(what)), Vec::new())
}

impl Catalog {
    /// Records a sale of `quantity` (what was sold) and what to do with the channel listings.
    pub async fn mark_sold(
        &self,
        id: &ProductId,
        quantity: i64,
        action: SoldAction,
    ) -> Traced<SoldResult> {
        if let Err(e) = self.writable() {
            return Traced::new(Err(e), Vec::new());
        }
        match &self.client {
            PlatformClient::Cscart(_) => refused("recorded sales"),
            PlatformClient::Valigara(client) => client.mark_sold(id, quantity, action).await,
        }
    }

    pub fn plan_mark_sold(
        &self,
        id: &ProductId,
        quantity: i64,
        action: SoldAction,
    ) -> Result<PlannedRequest, CatalogError> {
        self.writable()?;
        match &self.client {
            PlatformClient::Cscart(_) => Err(no_channels("recorded sales")),
            PlatformClient::Valigara(client) => client.plan_mark_sold(id, quantity, action),
        }
    }

    /// The edit form: Valigara's from `product_listfields`; CS-Cart's fixed set, with no request.
    pub async fn form_fields(&self) -> Traced<Vec<FieldSpec>> {
        match &self.client {
            PlatformClient::Cscart(_) => {
                Traced::new(Ok(fields::form_fields(Platform::Cscart)), Vec::new())
            }
            PlatformClient::Valigara(client) => client.form_fields().await,
        }
    }

    pub async fn listings_accounts(&self) -> Traced<Vec<ListingAccount>> {
        match &self.client {
            PlatformClient::Cscart(_) => refused("channel listing accounts"),
            PlatformClient::Valigara(client) => client.listings_accounts().await,
        }
    }

    /// What is left of the listing-update budget; `None` where there are no listings.
    pub fn listings_budget(&self) -> Option<Budget> {
        match &self.client {
            PlatformClient::Cscart(_) => None,
            PlatformClient::Valigara(client) => Some(client.listings_budget()),
        }
    }

    /// Queues listing updates on `accounts` (all when `None`); refused without sending when
    /// the hourly budget is spent.
    pub async fn update_listings(
        &self,
        ids: &[ProductId],
        accounts: Option<Vec<u64>>,
    ) -> Traced<ListingOutcome> {
        if let Err(e) = self.writable() {
            return Traced::new(Err(e), Vec::new());
        }
        match &self.client {
            PlatformClient::Cscart(_) => refused("channel listings"),
            PlatformClient::Valigara(client) => client.update_listings(ids, accounts).await,
        }
    }

    /// The products' own objects, as the platform exports them.
    pub async fn export_products(&self, ids: &[ProductId]) -> Traced<Exported> {
        match &self.client {
            PlatformClient::Cscart(_) => refused("bulk product export"),
            PlatformClient::Valigara(client) => client.export_products(ids).await,
        }
    }
}
