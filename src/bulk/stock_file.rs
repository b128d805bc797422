//! A stock file: CSV (`,` or `;`) or TSV rows of SKU, stock and an optional price, with every bad row named by line.

use std::collections::HashMap;
use std::fmt;

use crate::catalog::model::Money;

/// One usable row: the SKU, the stock to set and, when the file has a price column, the price.
#[derive(Debug, Clone, PartialEq)]
pub struct StockRow {
    /// The row's 1-based line in the file.
    pub line: usize,
    pub sku: String,
    /// `None`: the cell is empty and the stock is left as it is (an export's product that
    /// does not track stock).
    pub stock: Option<i64>,
    pub price: Option<Money>,
}

/// A row that cannot be used, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowProblem {
    /// 1-based line in the file.
    pub line: usize,
    pub text: String,
}

impl fmt::Display for RowProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.text)
    }
}

/// What a file holds: the usable rows and the problems, each in file order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StockFile {
    pub rows: Vec<StockRow>,
    pub problems: Vec<RowProblem>,
}

const SKU_NAMES: [&str; 3] = ["sku", "code", "product_code"];
const STOCK_NAMES: [&str; 5] = ["stock", "quantity", "qty", "amount", "inventory"];
const PRICE_NAMES: [&str; 1] = ["price"];

/// CSV or TSV, the separator (`,`, `;` or tab) detected from the header line; with `;`, prices may use a decimal comma (`12,50`); a header naming the columns: sku (aliases code, product_code), stock (aliases quantity, qty, amount, inventory), optional price; case-insensitive; quoted fields; BOM; blank lines skipped; a SKU listed twice is a problem on the second line.
pub fn parse_stock_file(text: &str) -> Result<StockFile, String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let Some(header_line) = text.lines().find(|line| !line.trim().is_empty()) else {
        return Err("the file is empty: it needs a header line naming sku and stock".to_owned());
    };
    let delimiter = sniff_delimiter(header_line);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(true)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| format!("cannot read the header line: {e}"))?
        .clone();
    let names: Vec<String> = headers.iter().map(|h| h.trim().to_lowercase()).collect();
    let find = |aliases: &[&str]| names.iter().position(|n| aliases.contains(&n.as_str()));
    let shown = names.join(", ");
    let sku_col = find(&SKU_NAMES).ok_or_else(|| {
        format!("no sku column in the header (found: {shown}; expected sku, code or product_code)")
    })?;
    let stock_col = find(&STOCK_NAMES).ok_or_else(|| {
        format!(
            "no stock column in the header (found: {shown}; expected stock, quantity, qty, amount or inventory)"
        )
    })?;
    let price_col = find(&PRICE_NAMES);

    let newlines: Vec<usize> = text.match_indices('\n').map(|(at, _)| at).collect();
    let line_at = |position: Option<&csv::Position>, fallback: usize| {
        position.map_or(fallback, |p| {
            let byte = usize::try_from(p.byte()).unwrap_or(usize::MAX);
            // Blank lines before a record are counted as part of it: start at its first cell.
            let start = text
                .get(byte..)
                .map_or(byte, |rest| byte + (rest.len() - rest.trim_start().len()));
            newlines.partition_point(|&at| at < start) + 1
        })
    };
    let mut file = StockFile::default();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (index, record) in reader.records().enumerate() {
        let record = match record {
            Ok(record) => record,
            Err(e) => {
                let line = line_at(e.position(), index + 2);
                file.problems.push(RowProblem {
                    line,
                    text: format!("cannot read the row: {e}"),
                });
                continue;
            }
        };
        let line = line_at(record.position(), index + 2);
        if record.iter().all(|field| field.trim().is_empty()) {
            continue;
        }
        let columns = Columns {
            sku: sku_col,
            stock: stock_col,
            price: price_col,
            decimal_comma: delimiter == b';',
        };
        match parse_row(&record, line, &columns) {
            Ok(row) => {
                if let Some(first) = seen.get(&row.sku) {
                    file.problems.push(RowProblem {
                        line,
                        text: format!("SKU {} is already listed on line {first}", row.sku),
                    });
                } else {
                    seen.insert(row.sku.clone(), line);
                    file.rows.push(row);
                }
            }
            Err(text) => file.problems.push(RowProblem { line, text }),
        }
    }
    Ok(file)
}

/// The header's separator: a tab, else a semicolon when the header has more of them than
/// commas (a European spreadsheet's CSV), else a comma.
fn sniff_delimiter(header_line: &str) -> u8 {
    let count = |c: char| header_line.matches(c).count();
    if count('\t') > 0 {
        b'\t'
    } else if count(';') > count(',') {
        b';'
    } else {
        b','
    }
}

/// Where a row's values are, and whether its prices write the decimals after a comma.
struct Columns {
    sku: usize,
    stock: usize,
    price: Option<usize>,
    /// A `;`-separated file comes from a spreadsheet that writes `12,50` for 12.50.
    decimal_comma: bool,
}

/// `12,50` as `12.50` in a file with decimal commas: one comma, no point.
fn price_text(text: &str, decimal_comma: bool) -> std::borrow::Cow<'_, str> {
    if decimal_comma && text.matches(',').count() == 1 && !text.contains('.') {
        text.replace(',', ".").into()
    } else {
        text.into()
    }
}

fn parse_row(
    record: &csv::StringRecord,
    line: usize,
    columns: &Columns,
) -> Result<StockRow, String> {
    let cell = |col: usize| record.get(col).map(str::trim).unwrap_or("");
    let (sku_col, stock_col, price_col) = (columns.sku, columns.stock, columns.price);
    let sku = cell(sku_col);
    if sku.is_empty() {
        return Err("no SKU".to_owned());
    }
    let stock_text = cell(stock_col);
    let stock = if stock_text.is_empty() {
        None
    } else {
        let stock: i64 = stock_text
            .parse()
            .map_err(|_| format!("stock \"{stock_text}\" for SKU {sku} is not a whole number"))?;
        if stock < 0 {
            return Err(format!("stock {stock} for SKU {sku} is negative"));
        }
        Some(stock)
    };
    let price = match price_col.map(cell) {
        None | Some("") => None,
        Some(text) => match Money::parse(&price_text(text, columns.decimal_comma)) {
            Some(money) if !money.0.is_sign_negative() => Some(money),
            Some(_) => return Err(format!("price {text} for SKU {sku} is negative")),
            None => return Err(format!("price \"{text}\" for SKU {sku} is not a number")),
        },
    };
    Ok(StockRow {
        line,
        sku: sku.to_owned(),
        stock,
        price,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> StockFile {
        match parse_stock_file(text) {
            Ok(file) => file,
            Err(e) => panic!("unexpected error: {e}"),
        }
    }

    fn money(text: &str) -> Option<Money> {
        Money::parse(text)
    }

    #[test]
    fn reads_good_rows_with_their_lines() {
        let file = parse("sku,stock,price\nA-1,5,10.50\nB-2,0,\n");
        assert_eq!(
            file.rows,
            vec![
                StockRow {
                    line: 2,
                    sku: "A-1".into(),
                    stock: Some(5),
                    price: money("10.50")
                },
                StockRow {
                    line: 3,
                    sku: "B-2".into(),
                    stock: Some(0),
                    price: None
                },
            ]
        );
        assert!(file.problems.is_empty());
    }

    #[test]
    fn header_names_are_aliases_in_any_case_and_order() {
        let file = parse("Name,QTY,Product_Code\nWidget,7,W1\n");
        assert_eq!(file.rows.len(), 1);
        assert_eq!(file.rows[0].sku, "W1");
        assert_eq!(file.rows[0].stock, Some(7));
        assert_eq!(file.rows[0].price, None);
    }

    #[test]
    fn a_bad_number_is_a_problem_on_its_line() {
        let file = parse("sku,stock,price\nA,five,\nB,2,abc\nC,1.5,\nD,-3,\nE,4,1\n");
        assert_eq!(file.rows.len(), 1);
        let lines: Vec<usize> = file.problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, vec![2, 3, 4, 5]);
        assert_eq!(
            file.problems[0].to_string(),
            "line 2: stock \"five\" for SKU A is not a whole number"
        );
        assert!(file.problems[1].text.contains("price \"abc\""));
    }

    #[test]
    fn a_missing_column_makes_the_file_unusable() {
        let no_stock = parse_stock_file("sku,price\nA,1\n");
        assert!(no_stock.is_err_and(|e| e.contains("no stock column")));
        let no_sku = parse_stock_file("name,qty\nA,1\n");
        assert!(no_sku.is_err_and(|e| e.contains("no sku column")));
        assert!(parse_stock_file("").is_err());
        assert!(parse_stock_file("\n  \n").is_err());
    }

    #[test]
    fn a_missing_cell_is_a_problem() {
        let file = parse("sku,stock\nA\n,4\n");
        assert!(file.rows.is_empty());
        assert_eq!(file.problems.len(), 2);
        assert_eq!(file.problems[0].line, 2);
        assert_eq!(file.problems[1].text, "no SKU");
    }

    #[test]
    fn tab_separated_files_are_detected_from_the_header() {
        let file = parse("code\tinventory\tprice\nX,1\t3\t2.5\n");
        assert_eq!(file.rows.len(), 1);
        assert_eq!(file.rows[0].sku, "X,1");
        assert_eq!(file.rows[0].stock, Some(3));
        assert_eq!(file.rows[0].price, money("2.5"));
    }

    #[test]
    fn semicolon_separated_files_with_decimal_commas_are_read() {
        let file = parse("SKU;Stock;Price\nA,1;5;12,50\nB;2;3\nC;1;1.234,5\n");
        assert_eq!(file.rows.len(), 2, "{:?}", file.problems);
        assert_eq!(file.rows[0].sku, "A,1");
        assert_eq!(file.rows[0].price, money("12.50"));
        assert_eq!(file.rows[1].price, money("3"));
        assert_eq!(file.problems.len(), 1);
        assert_eq!(file.problems[0].line, 4);
        let commas = parse("sku,stock,price\nA,5,\"12,50\"\n");
        assert_eq!(
            commas.problems.len(),
            1,
            "a comma file keeps its decimal point"
        );
    }

    #[test]
    fn quoted_fields_keep_commas_quotes_and_newlines() {
        let file =
            parse("name,sku,stock\n\"Big, red \"\"ball\"\"\nline two\",\"R,1\",\"9\"\nx,S2,1\n");
        assert!(file.problems.is_empty(), "{:?}", file.problems);
        assert_eq!(file.rows[0].sku, "R,1");
        assert_eq!(file.rows[0].line, 2);
        assert_eq!(file.rows[1].line, 4);
    }

    #[test]
    fn a_sku_listed_twice_is_a_problem_on_the_second_line() {
        let file = parse("sku,stock\nA,1\nB,2\nA,3\n");
        assert_eq!(file.rows.len(), 2);
        assert_eq!(file.rows[0].stock, Some(1));
        assert_eq!(
            file.problems,
            vec![RowProblem {
                line: 4,
                text: "SKU A is already listed on line 2".into()
            }]
        );
    }

    #[test]
    fn a_bom_and_blank_lines_are_skipped_and_lines_still_count() {
        let file = parse("\u{feff}SKU,Stock\r\n\r\nA,1\r\n   \r\nB,2\r\n\r\n");
        assert!(file.problems.is_empty(), "{:?}", file.problems);
        let lines: Vec<(usize, &str)> =
            file.rows.iter().map(|r| (r.line, r.sku.as_str())).collect();
        assert_eq!(lines, vec![(3, "A"), (5, "B")]);
    }

    #[test]
    fn a_header_after_blank_lines_is_found() {
        let file = parse("\n\nsku,stock\nA,1\n");
        assert_eq!(file.rows.len(), 1);
        assert_eq!(file.rows[0].line, 4);
    }
}
