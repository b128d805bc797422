//! Matching a stock file's rows to the store's products by exact SKU.

use std::collections::HashMap;

use super::stock_file::{RowProblem, StockFile, StockRow};
use crate::catalog::model::{ProductSummary, Stock};

/// A row and the one product it names.
#[derive(Debug, Clone, PartialEq)]
pub struct Matched {
    pub row: StockRow,
    pub product: ProductSummary,
}

/// Matches rows to products by exact SKU; unmatched rows become problems ("line 12: no product with SKU X"); a row whose product does not track stock is a problem too.
///
/// The file's own problems come first in the returned list, then these, all sorted by line.
/// A SKU shared by several products is a problem too: the row could mean any of them.
pub fn match_rows(file: StockFile, products: &[ProductSummary]) -> (Vec<Matched>, Vec<RowProblem>) {
    let mut by_sku: HashMap<&str, Vec<&ProductSummary>> = HashMap::new();
    for product in products {
        if !product.sku.0.is_empty() {
            by_sku
                .entry(product.sku.0.as_str())
                .or_default()
                .push(product);
        }
    }
    let StockFile { rows, mut problems } = file;
    let mut matched = Vec::with_capacity(rows.len());
    for row in rows {
        match by_sku.get(row.sku.as_str()).map(Vec::as_slice) {
            None | Some([]) => problems.push(RowProblem {
                line: row.line,
                text: format!("no product with SKU {}", row.sku),
            }),
            Some([product]) => {
                if product.stock == Stock::NotTracked {
                    problems.push(RowProblem {
                        line: row.line,
                        text: format!(
                            "the product with SKU {} ({}) does not track stock",
                            row.sku, product.id
                        ),
                    });
                } else {
                    matched.push(Matched {
                        row,
                        product: (*product).clone(),
                    });
                }
            }
            Some(several) => problems.push(RowProblem {
                line: row.line,
                text: format!("{} products share the SKU {}", several.len(), row.sku),
            }),
        }
    }
    problems.sort_by_key(|p| p.line);
    (matched, problems)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bulk::parse_stock_file;
    use crate::catalog::model::{ProductId, Sku, Status};

    fn product(id: &str, sku: &str, stock: Stock) -> ProductSummary {
        ProductSummary {
            id: ProductId(id.into()),
            sku: Sku(sku.into()),
            name: format!("Product {id}"),
            price: None,
            stock,
            status: Status::Active,
        }
    }

    #[test]
    fn rows_match_by_exact_sku_and_the_rest_are_problems() {
        let products = vec![
            product("1", "A", Stock::Quantity(3)),
            product("2", "B", Stock::NotTracked),
            product("3", "D", Stock::Quantity(0)),
            product("4", "D", Stock::Quantity(1)),
        ];
        let file = match parse_stock_file("sku,stock\nA,5\na,1\nB,2\nx,y\nD,4\n") {
            Ok(file) => file,
            Err(e) => panic!("{e}"),
        };
        let (matched, problems) = match_rows(file, &products);
        assert_eq!(matched.len(), 1);
        assert_eq!(matched[0].product.id, ProductId("1".into()));
        assert_eq!(matched[0].row.stock, 5);
        let shown: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert_eq!(
            shown,
            vec![
                "line 3: no product with SKU a",
                "line 4: the product with SKU B (2) does not track stock",
                "line 5: stock \"y\" for SKU x is not a whole number",
                "line 6: 2 products share the SKU D",
            ]
        );
    }
}
