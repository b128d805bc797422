//! `Catalog` operations only some platforms have: recorded sales, channel listings, the server's own form, warehouses, price tiers.

use super::error::CatalogError;
use super::fields::{self, FieldSpec};
use super::http::PlannedRequest;
use super::model::{Platform, PriceTier, ProductId};
use super::valigara::{Budget, Exported, ListingAccount, ListingOutcome, SoldAction, SoldResult};
use super::{Catalog, PlatformClient, Traced};

/// What a store answers for an operation its platform does not have; nothing is sent.
pub(super) fn lacks(platform: Platform, what: &str) -> CatalogError {
    CatalogError::Unsupported(format!("{platform} has no {what}"))
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
            PlatformClient::Valigara(client) => client.mark_sold(id, quantity, action).await,
            _ => self.refused("recorded sales"),
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
            PlatformClient::Valigara(client) => client.plan_mark_sold(id, quantity, action),
            _ => Err(lacks(self.platform(), "recorded sales")),
        }
    }

    /// The edit form: Valigara's from `product_listfields`; the others' fixed sets, with no request.
    pub async fn form_fields(&self) -> Traced<Vec<FieldSpec>> {
        match &self.client {
            PlatformClient::Valigara(client) => client.form_fields().await,
            _ => Traced::new(Ok(fields::form_fields(self.platform())), Vec::new()),
        }
    }

    pub async fn listings_accounts(&self) -> Traced<Vec<ListingAccount>> {
        match &self.client {
            PlatformClient::Valigara(client) => client.listings_accounts().await,
            _ => self.refused("channel listing accounts"),
        }
    }

    /// What is left of the listing-update budget; `None` where there are no listings.
    pub fn listings_budget(&self) -> Option<Budget> {
        match &self.client {
            PlatformClient::Valigara(client) => Some(client.listings_budget()),
            _ => None,
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
            PlatformClient::Valigara(client) => client.update_listings(ids, accounts).await,
            _ => self.refused("channel listings"),
        }
    }

    /// The products' own objects, as the platform exports them.
    pub async fn export_products(&self, ids: &[ProductId]) -> Traced<Exported> {
        match &self.client {
            PlatformClient::Valigara(client) => client.export_products(ids).await,
            _ => self.refused("bulk product export"),
        }
    }

    /// Sets each listed warehouse's stock, `(warehouse_id, quantity)` (B2B Wave only).
    pub async fn set_warehouse_stock(
        &self,
        id: &ProductId,
        quantities: &[(u64, i64)],
    ) -> Traced<()> {
        if let Err(e) = self.writable() {
            return Traced::new(Err(e), Vec::new());
        }
        match &self.client {
            PlatformClient::B2bwave(client) => client.set_warehouse_stock(id, quantities).await,
            _ => self.refused("warehouses"),
        }
    }

    pub fn plan_set_warehouse_stock(
        &self,
        id: &ProductId,
        quantities: &[(u64, i64)],
    ) -> Result<PlannedRequest, CatalogError> {
        self.writable()?;
        match &self.client {
            PlatformClient::B2bwave(client) => client.plan_set_warehouse_stock(id, quantities),
            _ => Err(lacks(self.platform(), "warehouses")),
        }
    }

    /// Replaces a product's whole price list with `tiers` (UGAL only): pass the complete list.
    pub async fn set_prices(&self, id: &ProductId, tiers: &[PriceTier]) -> Traced<()> {
        if let Err(e) = self.writable() {
            return Traced::new(Err(e), Vec::new());
        }
        match &self.client {
            PlatformClient::Ugal(client) => client.set_prices(id, tiers).await,
            _ => self.refused("price tiers"),
        }
    }

    pub fn plan_set_prices(
        &self,
        id: &ProductId,
        tiers: &[PriceTier],
    ) -> Result<PlannedRequest, CatalogError> {
        self.writable()?;
        match &self.client {
            PlatformClient::Ugal(client) => client.plan_set_prices(id, tiers),
            _ => Err(lacks(self.platform(), "price tiers")),
        }
    }

    /// Replaces the whole price list and, when given, sets the inventory, in one write (UGAL).
    pub async fn set_item(
        &self,
        id: &ProductId,
        inventory: Option<i64>,
        tiers: &[PriceTier],
    ) -> Traced<()> {
        if let Err(e) = self.writable() {
            return Traced::new(Err(e), Vec::new());
        }
        match &self.client {
            PlatformClient::Ugal(client) => client.set_item(id, inventory, tiers).await,
            _ => self.refused("price tiers"),
        }
    }

    pub fn plan_set_item(
        &self,
        id: &ProductId,
        inventory: Option<i64>,
        tiers: &[PriceTier],
    ) -> Result<PlannedRequest, CatalogError> {
        self.writable()?;
        match &self.client {
            PlatformClient::Ugal(client) => client.plan_set_item(id, inventory, tiers),
            _ => Err(lacks(self.platform(), "price tiers")),
        }
    }

    fn refused<T>(&self, what: &str) -> Traced<T> {
        Traced::new(Err(lacks(self.platform(), what)), Vec::new())
    }
}
