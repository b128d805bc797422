//! `Catalog` operations only some platforms have: recorded sales, channel listings, the server's own form, warehouses, price tiers.

use super::api::{Op, lacks};
use super::error::CatalogError;
use super::fields::{self, FieldSpec};
use super::http::PlannedRequest;
use super::model::{PriceTier, ProductId};
use super::valigara::{Budget, Exported, ListingAccount, ListingOutcome};
use super::{Catalog, PlatformClient, Traced};

impl Catalog {
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

    /// Pushes the products' stock to their channel listings in one request (Valigara's
    /// `products_revise_inventory`); refused without sending when the hourly listings budget
    /// is spent.
    pub async fn revise_inventory(&self, ids: &[ProductId]) -> Traced<ListingOutcome> {
        if let Err(e) = self.writable() {
            return Traced::new(Err(e), Vec::new());
        }
        match &self.client {
            PlatformClient::Valigara(client) => client.revise_inventory(ids).await,
            _ => self.refused("channel inventory"),
        }
    }

    /// The products' own objects, as the platform exports them.
    pub async fn export_products(&self, ids: &[ProductId]) -> Traced<Exported> {
        match &self.client {
            PlatformClient::Valigara(client) => client.export_products(ids).await,
            _ => self.refused("bulk product export"),
        }
    }

    /// Replaces a product's whole price list with `tiers` (UGAL only): pass the complete list.
    pub async fn set_prices(&self, id: &ProductId, tiers: &[PriceTier]) -> Traced<()> {
        self.execute(&prices(id, tiers), None).await.done()
    }

    pub fn plan_set_prices(
        &self,
        id: &ProductId,
        tiers: &[PriceTier],
    ) -> Result<PlannedRequest, CatalogError> {
        self.plan(&prices(id, tiers), None)
    }

    fn refused<T>(&self, what: &str) -> Traced<T> {
        Traced::new(Err(lacks(self.platform(), what)), Vec::new())
    }
}

fn prices(id: &ProductId, tiers: &[PriceTier]) -> Op {
    Op::SetItem {
        id: id.clone(),
        inventory: None,
        tiers: tiers.to_vec(),
    }
}
