//! Matching a stock file's rows to the store's products by exact SKU.

use std::collections::HashMap;

use super::stock_file::{RowProblem, StockFile, StockRow};
use crate::catalog::model::{Platform, ProductSummary, Stock};
use crate::catalog::values;

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
                if product.stock == Stock::NotTracked && row.stock.is_some() {
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

/// Settles each matched row to what `platform` keeps (`catalog::values`), before anything is
/// compared or sent: a price with more decimals than the store keeps is rounded (a warning on
/// its line), so the value sent is the one the store keeps and the same file run again finds
/// nothing to send; a stock or price the store cannot keep makes the row a problem. A price
/// on a platform whose prices are not written is a problem only when it differs.
/// Returns the rows kept and the warnings, in file order; problems are kept sorted by line.
pub fn settle(
    platform: Platform,
    matched: Vec<Matched>,
    problems: &mut Vec<RowProblem>,
) -> (Vec<Matched>, Vec<RowProblem>) {
    let mut kept = Vec::with_capacity(matched.len());
    let mut warnings = Vec::new();
    for mut m in matched {
        let line = m.row.line;
        let sku = m.row.sku.clone();
        if let Some(Err(why)) = m
            .row
            .stock
            .map(|stock| values::check_stock(platform, stock))
        {
            problems.push(RowProblem {
                line,
                text: format!("SKU {sku}: {why}"),
            });
            continue;
        }
        if let Some(price) = m.row.price {
            let unchanged = m.product.price == Some(price);
            match values::settle_price(platform, price) {
                Ok(settled) => {
                    if let Some(text) = settled.warning(platform, &sku) {
                        warnings.push(RowProblem { line, text });
                    }
                    m.row.price = Some(settled.value);
                }
                Err(_) if unchanged => m.row.price = None,
                Err(why) => {
                    problems.push(RowProblem {
                        line,
                        text: format!("SKU {sku}: {why}"),
                    });
                    continue;
                }
            }
        }
        kept.push(m);
    }
    problems.sort_by_key(|p| p.line);
    (kept, warnings)
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
        assert_eq!(matched[0].row.stock, Some(5));
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

    #[test]
    fn rows_are_settled_to_what_the_platform_keeps() {
        use crate::catalog::model::Money;
        let mut a = product("1", "A", Stock::Quantity(3));
        a.price = Money::parse("12.35");
        let products = vec![
            a,
            product("2", "B", Stock::Quantity(3)),
            product("3", "C", Stock::Quantity(3)),
        ];
        let file = match parse_stock_file("sku,stock,price\nA,3,12.345\nB,9000000,1\nC,4,-0\n") {
            Ok(file) => file,
            Err(e) => panic!("{e}"),
        };
        let (matched, mut problems) = match_rows(file, &products);
        let (kept, warnings) = settle(Platform::Cscart, matched, &mut problems);
        let kept: Vec<(&str, Option<Money>)> = kept
            .iter()
            .map(|m| (m.row.sku.as_str(), m.row.price))
            .collect();
        assert_eq!(
            kept,
            [("A", Money::parse("12.35")), ("C", Money::parse("0"))]
        );
        let warned: Vec<String> = warnings.iter().map(ToString::to_string).collect();
        assert_eq!(
            warned,
            ["line 2: price 12.345 for SKU A rounded to 12.35: CS-Cart keeps 2 decimals"]
        );
        let refused: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert_eq!(
            refused,
            ["line 3: SKU B: stock 9000000 is more than CS-Cart keeps (at most 8388607)"]
        );
    }

    #[test]
    fn a_price_that_is_never_written_is_a_problem_only_when_it_differs() {
        use crate::catalog::model::Money;
        let mut a = product("1", "A", Stock::Quantity(3));
        a.price = Money::parse("10.00");
        let b = product("2", "B", Stock::Quantity(3));
        let file = match parse_stock_file("sku,stock,price\nA,4,10\nB,4,11\n") {
            Ok(file) => file,
            Err(e) => panic!("{e}"),
        };
        let (matched, mut problems) = match_rows(file, &[a, b]);
        let (kept, warnings) = settle(Platform::B2bwave, matched, &mut problems);
        assert!(warnings.is_empty());
        assert_eq!(kept.len(), 1);
        assert_eq!((kept[0].row.sku.as_str(), kept[0].row.price), ("A", None));
        assert_eq!(problems.len(), 1);
        assert!(problems[0].text.contains("not used"), "{:?}", problems);
    }
}
