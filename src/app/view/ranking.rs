//! Matches put best first, then in catalog order: rows found in catalog order are sorted by
//! score alone (by counting when the scores span a small range), others by score and position.

use std::cmp::Reverse;

use rayon::prelude::*;

use super::super::rows::RowRef;

/// Widest range of scores counted into buckets; wider ones (several words' scores added) sort.
const BUCKETS: u32 = 1 << 16;

/// `matched`, which is in catalog order, best score first and in catalog order within a score.
pub fn best_first(matched: Vec<(u32, RowRef)>) -> Vec<RowRef> {
    let (Some(low), Some(high)) = (
        matched.iter().map(|&(score, _)| score).min(),
        matched.iter().map(|&(score, _)| score).max(),
    ) else {
        return Vec::new();
    };
    if high - low >= BUCKETS {
        let mut matched = matched;
        matched.par_sort_by_key(|&(score, _)| Reverse(score));
        return matched.into_iter().map(|(_, at)| at).collect();
    }
    // Bucket 0 holds the highest score; each bucket's rows are placed in the order they come.
    let bucket = |score: u32| (high - score) as usize;
    let mut starts = vec![0usize; (high - low) as usize + 2];
    for &(score, _) in &matched {
        if let Some(count) = starts.get_mut(bucket(score) + 1) {
            *count += 1;
        }
    }
    for index in 1..starts.len() {
        starts[index] += starts[index - 1];
    }
    let mut ranked = vec![RowRef { chunk: 0, pos: 0 }; matched.len()];
    for (score, at) in matched {
        if let Some(next) = starts.get_mut(bucket(score))
            && let Some(slot) = ranked.get_mut(*next)
        {
            *slot = at;
            *next += 1;
        }
    }
    ranked
}

/// `matched`, in any order, best score first and in catalog order (`position`) within a
/// score: one number a row, the score's complement above its catalog position.
pub fn best_first_by(
    matched: Vec<(u32, RowRef)>,
    position: impl Fn(&RowRef) -> u64 + Sync,
) -> Vec<RowRef> {
    let mut keyed: Vec<(u64, RowRef)> = matched
        .into_par_iter()
        .map(|(score, at)| {
            let place = position(&at) & u64::from(u32::MAX);
            (u64::from(u32::MAX - score) << 32 | place, at)
        })
        .collect();
    keyed.par_sort_unstable_by_key(|&(key, _)| key);
    keyed.into_iter().map(|(_, at)| at).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(pos: u32) -> RowRef {
        RowRef { chunk: 0, pos }
    }

    #[test]
    fn best_score_first_and_catalog_order_within_a_score() {
        let matched = vec![
            (5, row(0)),
            (9, row(1)),
            (5, row(2)),
            (7, row(3)),
            (9, row(4)),
        ];
        let positions = |rows: Vec<RowRef>| rows.iter().map(|r| r.pos).collect::<Vec<_>>();
        assert_eq!(positions(best_first(matched.clone())), [1, 4, 3, 0, 2]);

        let wide: Vec<(u32, RowRef)> = matched
            .iter()
            .map(|&(score, at)| (score * 100_000, at))
            .collect();
        assert_eq!(
            positions(best_first(wide)),
            [1, 4, 3, 0, 2],
            "sorted, not counted"
        );
        assert!(best_first(Vec::new()).is_empty());
    }

    proptest::proptest! {
        #[test]
        fn any_order_ranks_as_catalog_order_does(scores in proptest::collection::vec(0u32..40, 0..200)) {
            let matched: Vec<(u32, RowRef)> =
                scores.iter().enumerate().map(|(i, &s)| (s, row(i as u32))).collect();
            let mut shuffled = matched.clone();
            shuffled.reverse();
            shuffled.rotate_left(scores.len() / 3);
            proptest::prop_assert_eq!(
                best_first_by(shuffled, |at| u64::from(at.pos)),
                best_first(matched)
            );
        }

        #[test]
        fn counting_ranks_as_a_stable_sort_does(scores in proptest::collection::vec(0u32..40, 0..200)) {
            let matched: Vec<(u32, RowRef)> =
                scores.iter().enumerate().map(|(i, &s)| (s, row(i as u32))).collect();
            let mut sorted = matched.clone();
            sorted.sort_by_key(|&(score, _)| Reverse(score));
            let expected: Vec<RowRef> = sorted.into_iter().map(|(_, at)| at).collect();
            proptest::prop_assert_eq!(best_first(matched), expected);
        }
    }
}
