//! One meaning for a stock number on a product kept in several warehouses (B2B Wave): with no
//! warehouse chosen it is the product's total across them, written as a change of the main
//! (first) warehouse by the difference between the new total and the current one.

use super::WarehouseChange;
use crate::catalog::model::WarehouseStock;

/// The quantity of each warehouse once the `staged` changes are applied, summed.
pub fn staged_total(warehouses: &[WarehouseStock], staged: &[WarehouseChange]) -> i64 {
    warehouses
        .iter()
        .map(|w| staged_quantity(w, staged))
        .fold(0, i64::saturating_add)
}

fn staged_quantity(warehouse: &WarehouseStock, staged: &[WarehouseChange]) -> i64 {
    staged
        .iter()
        .find(|c| c.warehouse == warehouse.id)
        .map_or(warehouse.quantity, |c| c.to)
}

/// The write that gives a product kept in `warehouses` (as read from the server) the total
/// `wanted`, on top of the warehouse changes already `staged` for it: its main warehouse
/// changes by `wanted` minus the total as staged, `from` being the main warehouse as read.
/// `None` when the product keeps its stock as one number (no warehouse, or one), which is
/// then the total itself. Refused when the main warehouse would go below zero.
pub fn total_on_main(
    warehouses: &[WarehouseStock],
    staged: &[WarehouseChange],
    wanted: i64,
) -> Option<Result<WarehouseChange, String>> {
    let [main, _, ..] = warehouses else {
        return None;
    };
    let total = staged_total(warehouses, staged);
    let main_now = staged_quantity(main, staged);
    let to = main_now.saturating_add(wanted.saturating_sub(total));
    Some(if to < 0 {
        Err(format!(
            "a total of {wanted} would leave the main warehouse {} below zero ({} are kept in the other warehouses)",
            main.code,
            total.saturating_sub(main_now)
        ))
    } else {
        Ok(WarehouseChange {
            warehouse: main.id,
            code: main.code.clone(),
            from: main.quantity,
            to,
        })
    })
}

/// What a stock number means on a product kept in `warehouses`, for the places that ask for
/// one: `total across 3 warehouses (MAIN gets the difference)`; `None` for a single number.
pub fn meaning(warehouses: &[WarehouseStock]) -> Option<String> {
    let [main, _, ..] = warehouses else {
        return None;
    };
    Some(format!(
        "total across {} warehouses ({} gets the difference)",
        warehouses.len(),
        main.code
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn warehouses(quantities: &[i64]) -> Vec<WarehouseStock> {
        ["MAIN", "EAST", "WEST"]
            .iter()
            .zip(quantities)
            .enumerate()
            .map(|(index, (code, quantity))| WarehouseStock {
                id: index as u64 + 1,
                code: (*code).to_owned(),
                name: format!("{code} depot"),
                quantity: *quantity,
            })
            .collect()
    }

    #[test]
    fn a_new_total_moves_the_main_warehouse_by_the_difference() {
        let held = warehouses(&[296, 150, 58]);
        let change = total_on_main(&held, &[], 600).and_then(Result::ok);
        assert_eq!(
            change.map(|c| (c.warehouse, c.from, c.to)),
            Some((1, 296, 392))
        );
    }

    #[test]
    fn changes_already_staged_count_towards_the_current_total() {
        let held = warehouses(&[60, 39, 0]);
        let east = WarehouseChange {
            warehouse: 2,
            code: "EAST".into(),
            from: 39,
            to: 30,
        };
        assert_eq!(staged_total(&held, std::slice::from_ref(&east)), 90);
        let change = total_on_main(&held, &[east], 100).and_then(Result::ok);
        assert_eq!(change.map(|c| (c.from, c.to)), Some((60, 70)));
    }

    #[test]
    fn the_main_warehouse_never_goes_below_zero() {
        let held = warehouses(&[10, 90, 0]);
        let refused = total_on_main(&held, &[], 50);
        assert!(matches!(refused, Some(Err(e)) if e.contains("MAIN") && e.contains("90")));
    }

    #[test]
    fn one_warehouse_or_none_is_the_total_itself() {
        assert!(total_on_main(&warehouses(&[5]), &[], 9).is_none());
        assert!(total_on_main(&[], &[], 9).is_none());
        assert_eq!(meaning(&warehouses(&[5])), None);
        assert_eq!(
            meaning(&warehouses(&[1, 2, 3])).as_deref(),
            Some("total across 3 warehouses (MAIN gets the difference)")
        );
    }
}
