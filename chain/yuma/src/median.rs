//! Consensus: the stake-weighted median of each column (`spec/yuma.md` step 7).

use crate::fixed::{normalize, sum, Fx};
use crate::matrix::Sparse;
use alloc::{vec, vec::Vec};

/// Stake-weighted median per column with `kappa` (a proportion).
///
/// Candidates are the rows with stake > 0, in row order; their stake is re-normalised. A row
/// without an entry in a column scores 0 there; a row listing a column twice scores its last
/// entry (each entry overwrites the candidate's score).
pub fn weighted_median_col(stake: &[Fx], weights: &Sparse, n: usize, kappa: Fx) -> Vec<Fx> {
    let rows: Vec<usize> = (0..stake.len().min(weights.len()))
        .filter(|r| stake.get(*r).copied().unwrap_or(Fx::ZERO) > Fx::ZERO)
        .collect();
    let mut use_stake: Vec<Fx> = rows
        .iter()
        .map(|r| stake.get(*r).copied().unwrap_or(Fx::ZERO))
        .collect();
    normalize(&mut use_stake);
    let stake_sum = sum(&use_stake);
    let minority = stake_sum.saturating_sub(kappa).max(Fx::ZERO);

    // Transpose the candidates' rows: for each column, (candidate index, value) in row order.
    let mut columns: Vec<Vec<(usize, Fx)>> = vec![Vec::new(); n];
    for (k, r) in rows.iter().enumerate() {
        for (c, v) in weights.get(*r).into_iter().flatten() {
            if let Some(col) = columns.get_mut(usize::from(*c)) {
                col.push((k, *v));
            }
        }
    }

    let mut score = vec![Fx::ZERO; use_stake.len()];
    columns
        .iter()
        .map(|col| {
            score.iter_mut().for_each(|s| *s = Fx::ZERO);
            for (k, v) in col {
                if let Some(s) = score.get_mut(*k) {
                    *s = *v;
                }
            }
            weighted_median(&use_stake, &score, minority, stake_sum)
        })
        .collect()
}

/// The median search of step 7.3 over all candidates, with the spec's recursion written as a
/// loop (each recursive call is a tail call), so a large subnet cannot exhaust the stack.
fn weighted_median(stake: &[Fx], score: &[Fx], minority: Fx, total: Fx) -> Fx {
    let at = |v: &[Fx], i: usize| v.get(i).copied().unwrap_or(Fx::ZERO);
    let mut idx: Vec<usize> = (0..score.len()).collect();
    let mut lo = Fx::ZERO;
    let mut hi = total;
    loop {
        let Some(mid) = idx.get(idx.len().checked_div(2).unwrap_or(0)).copied() else {
            return Fx::ZERO;
        };
        let pivot = at(score, mid);
        if idx.len() == 1 {
            return pivot;
        }
        let (mut lower, mut upper) = (Vec::new(), Vec::new());
        let (mut lo_s, mut hi_s) = (Fx::ZERO, Fx::ZERO);
        for &i in &idx {
            let s = at(score, i);
            if s < pivot {
                lo_s = lo_s.saturating_add(at(stake, i));
                lower.push(i);
            } else if s > pivot {
                hi_s = hi_s.saturating_add(at(stake, i));
                upper.push(i);
            }
        }
        let lo_edge = lo.saturating_add(lo_s);
        let hi_edge = hi.saturating_sub(hi_s);
        if lo_edge <= minority && minority < hi_edge {
            return pivot;
        } else if minority < lo_edge && !lower.is_empty() {
            hi = lo_edge;
            idx = lower;
        } else if hi_edge <= minority && !upper.is_empty() {
            lo = hi_edge;
            idx = upper;
        } else {
            return pivot;
        }
    }
}

#[cfg(test)]
#[allow(clippy::arithmetic_side_effects, clippy::indexing_slicing)]
mod tests {
    use super::*;

    fn p(num: u64, den: u64) -> Fx {
        Fx::from_int(num).saturating_div(Fx::from_int(den))
    }

    #[test]
    fn median_picks_the_score_where_kappa_of_stake_agrees() {
        // Three equal-stake validators score column 0 with 0.1, 0.5, 0.9: the median is 0.5.
        let w: Sparse = vec![
            vec![(0, p(1, 10))],
            vec![(0, p(5, 10))],
            vec![(0, p(9, 10))],
        ];
        let c = weighted_median_col(&[p(1, 3); 3], &w, 1, p(1, 2));
        assert_eq!(c, vec![p(5, 10)]);
    }

    #[test]
    fn majority_stake_decides() {
        // 70% of stake says 0.2, 30% says 0.8: consensus follows the majority.
        let w: Sparse = vec![vec![(0, p(2, 10))], vec![(0, p(8, 10))]];
        let c = weighted_median_col(&[p(7, 10), p(3, 10)], &w, 1, p(1, 2));
        assert_eq!(c, vec![p(2, 10)]);
    }

    #[test]
    fn zero_stake_rows_are_not_candidates_and_missing_entries_score_zero() {
        let w: Sparse = vec![vec![(0, p(9, 10))], vec![(1, Fx::ONE)]];
        let c = weighted_median_col(&[Fx::ONE, Fx::ZERO], &w, 2, p(1, 2));
        assert_eq!(c, vec![p(9, 10), Fx::ZERO]);
        let none = weighted_median_col(&[Fx::ZERO, Fx::ZERO], &w, 2, p(1, 2));
        assert_eq!(none, vec![Fx::ZERO, Fx::ZERO]);
    }

    #[test]
    fn duplicate_entries_keep_the_last() {
        let w: Sparse = vec![vec![(0, p(1, 10)), (0, p(3, 10))]];
        assert_eq!(
            weighted_median_col(&[Fx::ONE], &w, 1, p(1, 2)),
            vec![p(3, 10)]
        );
    }
}
