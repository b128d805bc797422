//! The stock-file format: CSV or TSV with a header naming `sku`, `stock` and optionally `price`,
//! read into rows with their line numbers, and those rows matched to products by SKU.

use std::collections::HashMap;

use crate::catalog::model::{Money, ProductSummary};

/// One good row of a stock file.
#[derive(Debug, Clone, PartialEq)]
pub struct StockRow {
    /// 1-based, the header being line 1.
    pub line: usize,
    pub sku: String,
    pub stock: i64,
    pub price: Option<Money>,
}

/// A row that could not be used, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowProblem {
    pub line: usize,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct StockFile {
    pub rows: Vec<StockRow>,
    pub problems: Vec<RowProblem>,
}

/// A row and the product its SKU names.
#[derive(Debug, Clone, PartialEq)]
pub struct Matched {
    pub row: StockRow,
    pub product: ProductSummary,
}

struct Columns {
    separator: char,
    sku: usize,
    stock: usize,
    price: Option<usize>,
}

/// Reads a stock file. Only a file that cannot be read at all (no header, no `sku` or
/// `stock` column) is an error; a bad row is a problem and the others are kept.
pub fn parse_stock_file(text: &str) -> Result<StockFile, String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text
        .lines()
        .enumerate()
        .map(|(index, line)| (index + 1, line));
    let Some((header_line, header)) = lines.by_ref().find(|(_, line)| !line.trim().is_empty())
    else {
        return Err("the file is empty: it needs a header line such as sku,stock,price".to_owned());
    };
    let columns = header_columns(header).map_err(|error| format!("line {header_line}: {error}"))?;
    let mut file = StockFile::default();
    for (line, content) in lines {
        if content.trim().is_empty() {
            continue;
        }
        match row(&columns, content) {
            Ok((sku, stock, price)) => file.rows.push(StockRow {
                line,
                sku,
                stock,
                price,
            }),
            Err(text) => file.problems.push(RowProblem { line, text }),
        }
    }
    Ok(file)
}

fn header_columns(header: &str) -> Result<Columns, String> {
    let separator = if header.contains('\t') { '\t' } else { ',' };
    let names: Vec<String> = split(header, separator)?
        .iter()
        .map(|name| name.trim().to_ascii_lowercase())
        .collect();
    let find = |wanted: &[&str]| names.iter().position(|n| wanted.contains(&n.as_str()));
    let sku = find(&["sku", "product_code", "code"]);
    let stock = find(&["stock", "quantity", "qty", "amount"]);
    match (sku, stock) {
        (Some(sku), Some(stock)) => Ok(Columns {
            separator,
            sku,
            stock,
            price: find(&["price"]),
        }),
        _ => Err("the header must name a sku and a stock column (sku,stock[,price])".to_owned()),
    }
}

fn row(columns: &Columns, line: &str) -> Result<(String, i64, Option<Money>), String> {
    let cells = split(line, columns.separator)?;
    let cell = |at: usize| cells.get(at).map(|c| c.trim());
    let sku = cell(columns.sku).unwrap_or_default();
    if sku.is_empty() {
        return Err("no SKU".to_owned());
    }
    let stock_text = cell(columns.stock).unwrap_or_default();
    let stock = match stock_text.parse::<i64>() {
        Ok(stock) if stock >= 0 => stock,
        Ok(_) => return Err(format!("{sku}: stock `{stock_text}` is below zero")),
        Err(_) if stock_text.is_empty() => return Err(format!("{sku}: no stock")),
        Err(_) => return Err(format!("{sku}: stock `{stock_text}` is not a whole number")),
    };
    let price = match columns.price.and_then(cell).filter(|p| !p.is_empty()) {
        None => None,
        Some(text) => match Money::parse(text) {
            Some(money) if !money.0.is_sign_negative() => Some(money),
            Some(_) => return Err(format!("{sku}: price `{text}` is below zero")),
            None => return Err(format!("{sku}: price `{text}` is not a number like 12.50")),
        },
    };
    Ok((sku.to_owned(), stock, price))
}

/// Splits one line on `separator`; a cell in double quotes may hold the separator and `""`.
fn split(line: &str, separator: char) -> Result<Vec<String>, String> {
    let mut cells = Vec::new();
    let mut cell = String::new();
    let mut chars = line.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                chars.next();
                cell.push('"');
            }
            '"' if quoted => quoted = false,
            '"' if cell.trim().is_empty() => {
                cell.clear();
                quoted = true;
            }
            c if c == separator && !quoted => cells.push(std::mem::take(&mut cell)),
            c => cell.push(c),
        }
    }
    if quoted {
        return Err("a quoted cell is not closed".to_owned());
    }
    cells.push(cell);
    Ok(cells)
}

/// Finds each row's product by its SKU (exactly as the store spells it). A SKU no product
/// has, one several products share, and one the file repeats are problems.
pub fn match_rows(file: StockFile, products: &[ProductSummary]) -> (Vec<Matched>, Vec<RowProblem>) {
    let mut by_sku: HashMap<&str, Vec<&ProductSummary>> = HashMap::new();
    for product in products {
        by_sku
            .entry(product.sku.0.as_str())
            .or_default()
            .push(product);
    }
    let mut problems = file.problems;
    let mut matched = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for row in file.rows {
        if let Some(first) = seen.get(&row.sku) {
            problems.push(RowProblem {
                line: row.line,
                text: format!("{}: already on line {first}", row.sku),
            });
            continue;
        }
        seen.insert(row.sku.clone(), row.line);
        match by_sku.get(row.sku.as_str()).map(Vec::as_slice) {
            Some([product]) => matched.push(Matched {
                product: (*product).clone(),
                row,
            }),
            Some(several) => problems.push(RowProblem {
                line: row.line,
                text: format!("{}: {} products have this SKU", row.sku, several.len()),
            }),
            None => problems.push(RowProblem {
                line: row.line,
                text: format!("{}: no product has this SKU", row.sku),
            }),
        }
    }
    problems.sort_by_key(|p| p.line);
    (matched, problems)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::model::{ProductId, Sku, Status, Stock};

    fn product(id: &str, sku: &str) -> ProductSummary {
        ProductSummary {
            id: ProductId(id.into()),
            sku: Sku(sku.into()),
            name: format!("Product {id}"),
            price: None,
            stock: Stock::Quantity(1),
            status: Status::Active,
        }
    }

    #[test]
    fn csv_and_tsv_rows_keep_their_line_numbers() {
        let file = parse_stock_file("SKU,Stock,Price\nA,5,12.5\n\n\"B,2\",x\nC,-1\nD,7,\n")
            .unwrap_or_default();
        assert_eq!(file.rows.len(), 2);
        assert_eq!((file.rows[0].line, file.rows[0].stock), (2, 5));
        assert_eq!(file.rows[0].price, Money::parse("12.5"));
        assert_eq!((file.rows[1].line, file.rows[1].price), (6, None));
        let lines: Vec<_> = file.problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, [4, 5]);
        assert!(file.problems[0].text.starts_with("B,2: stock `x`"));
        let tsv = parse_stock_file("price\tsku\tqty\n1.00\tA\t3\n").unwrap_or_default();
        assert_eq!(tsv.rows[0].sku, "A");
        assert_eq!(tsv.rows[0].stock, 3);
        assert!(parse_stock_file("name,price\nx,1\n").is_err());
        assert!(parse_stock_file("").is_err());
    }

    #[test]
    fn unknown_shared_and_repeated_skus_are_problems() {
        let file = parse_stock_file("sku,stock\nA,1\nZ,2\nS,3\nA,4\n").unwrap_or_default();
        let products = [product("1", "A"), product("2", "S"), product("3", "S")];
        let (matched, problems) = match_rows(file, &products);
        assert_eq!(matched.len(), 1);
        assert_eq!(matched[0].product.id.0, "1");
        let lines: Vec<_> = problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, [3, 4, 5]);
    }
}
