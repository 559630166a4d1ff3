//! Sparse-matrix operations of the epoch (`spec/yuma.md` steps 5-14).
//!
//! A matrix is one sparse row `(column, value)` per uid, in stored order. Every column index is
//! checked against the column count with `get`, so a malformed row can never index out of bounds.

use crate::fixed::Fx;
use alloc::{vec, vec::Vec};

/// One sparse row per uid.
pub type Sparse = Vec<Vec<(u16, Fx)>>;

/// Reads stored u16 rows as I32F32 integers (`k << 32`), keeping `n` rows (a missing row is
/// empty) and dropping entries whose column is `>= n` (step 5.1).
pub fn from_stored(rows: &[Vec<(u16, u16)>], n: usize) -> Sparse {
    (0..n)
        .map(|i| {
            rows.get(i)
                .map(|row| {
                    row.iter()
                        .filter(|(j, _)| usize::from(*j) < n)
                        .map(|(j, v)| (*j, Fx::from_int(u64::from(*v))))
                        .collect()
                })
                .unwrap_or_default()
        })
        .collect()
}

/// Empties row `i` where `mask[i]` is true (a missing mask entry counts as true: no permit).
pub fn mask_rows(m: &mut Sparse, mask: &[bool]) {
    for (i, row) in m.iter_mut().enumerate() {
        if mask.get(i).copied().unwrap_or(true) {
            row.clear();
        }
    }
}

/// Drops the diagonal (self weight).
pub fn mask_diag(m: &mut Sparse) {
    for (i, row) in m.iter_mut().enumerate() {
        row.retain(|(j, _)| usize::from(*j) != i);
    }
}

/// Drops entry `(i, j)` when `last_update[i] <= block_at_registration[j]`: set before uid j's
/// latest registration, so it rated the previous holder of the uid (step 5.4). Missing entries
/// read as block 0.
pub fn mask_outdated(m: &mut Sparse, last_update: &[u64], block_at_registration: &[u64]) {
    for (i, row) in m.iter_mut().enumerate() {
        let updated = last_update.get(i).copied().unwrap_or(0);
        row.retain(|(j, _)| {
            let registered = block_at_registration
                .get(usize::from(*j))
                .copied()
                .unwrap_or(0);
            updated > registered
        });
    }
}

/// Normalises each row to sum 1; a row summing to 0 stays as it is.
pub fn row_normalize(m: &mut Sparse) {
    for row in m.iter_mut() {
        let s = row
            .iter()
            .fold(Fx::ZERO, |acc, (_, v)| acc.saturating_add(*v));
        if s > Fx::ZERO {
            for (_, v) in row.iter_mut() {
                *v = v.saturating_div(s);
            }
        }
    }
}

/// Per-column sums over `n` columns.
fn col_sums(m: &Sparse, n: usize) -> Vec<Fx> {
    let mut sums = vec![Fx::ZERO; n];
    for row in m {
        for (j, v) in row {
            if let Some(s) = sums.get_mut(usize::from(*j)) {
                *s = s.saturating_add(*v);
            }
        }
    }
    sums
}

/// Normalises each column to sum 1; a column summing to 0 stays as it is.
pub fn col_normalize(m: &mut Sparse, n: usize) {
    let sums = col_sums(m, n);
    for row in m.iter_mut() {
        for (j, v) in row.iter_mut() {
            let s = sums.get(usize::from(*j)).copied().unwrap_or(Fx::ZERO);
            if s != Fx::ZERO {
                *v = v.saturating_div(s);
            }
        }
    }
}

/// `result_j = sum_i vector_i * m_ij` over `n` columns (each product floored, then summed).
pub fn matmul(m: &Sparse, vector: &[Fx], n: usize) -> Vec<Fx> {
    let mut result = vec![Fx::ZERO; n];
    for (i, row) in m.iter().enumerate() {
        let vi = vector.get(i).copied().unwrap_or(Fx::ZERO);
        for (j, v) in row {
            if let Some(r) = result.get_mut(usize::from(*j)) {
                *r = r.saturating_add(vi.saturating_mul(*v));
            }
        }
    }
    result
}

/// `result_i = sum_j vector_j * m_ij`.
pub fn matmul_transpose(m: &Sparse, vector: &[Fx]) -> Vec<Fx> {
    m.iter()
        .map(|row| {
            row.iter().fold(Fx::ZERO, |acc, (j, v)| {
                let vj = vector.get(usize::from(*j)).copied().unwrap_or(Fx::ZERO);
                acc.saturating_add(vj.saturating_mul(*v))
            })
        })
        .collect()
}

/// Clips each entry to its column's consensus: `min(w, c_j)`, and removes an entry above a
/// consensus of 0 (step 8).
pub fn col_clip(m: &Sparse, consensus: &[Fx]) -> Sparse {
    m.iter()
        .map(|row| {
            row.iter()
                .filter_map(|(j, v)| {
                    let c = consensus.get(usize::from(*j)).copied().unwrap_or(Fx::ZERO);
                    if c < *v {
                        (c > Fx::ZERO).then_some((*j, c))
                    } else {
                        Some((*j, *v))
                    }
                })
                .collect()
        })
        .collect()
}

/// Sum of each row.
pub fn row_sum(m: &Sparse) -> Vec<Fx> {
    m.iter()
        .map(|row| {
            row.iter()
                .fold(Fx::ZERO, |acc, (_, v)| acc.saturating_add(*v))
        })
        .collect()
}

/// Multiplies every entry of row `i` by `vector_i`.
pub fn row_hadamard(m: &Sparse, vector: &[Fx]) -> Sparse {
    m.iter()
        .enumerate()
        .map(|(i, row)| {
            let vi = vector.get(i).copied().unwrap_or(Fx::ZERO);
            row.iter()
                .map(|(j, v)| (*j, v.saturating_mul(vi)))
                .collect()
        })
        .collect()
}

/// Bonds EMA (step 13): `alpha * new + (1 - alpha) * old`, each product floored separately and
/// then summed per cell; cells that are not > 0 are dropped; each output row is in column order.
pub fn ema(new: &Sparse, old: &Sparse, alpha: Fx, n: usize) -> Sparse {
    let one_minus_alpha = Fx::ONE.saturating_sub(alpha);
    let mut dense = vec![Fx::ZERO; n];
    (0..n)
        .map(|i| {
            dense.iter_mut().for_each(|x| *x = Fx::ZERO);
            for (j, v) in new.get(i).into_iter().flatten() {
                if let Some(cell) = dense.get_mut(usize::from(*j)) {
                    *cell = cell.saturating_add(alpha.saturating_mul(*v));
                }
            }
            for (j, v) in old.get(i).into_iter().flatten() {
                if let Some(cell) = dense.get_mut(usize::from(*j)) {
                    *cell = cell.saturating_add(one_minus_alpha.saturating_mul(*v));
                }
            }
            dense
                .iter()
                .enumerate()
                .filter(|(_, v)| **v > Fx::ZERO)
                .filter_map(|(j, v)| u16::try_from(j).ok().map(|j| (j, *v)))
                .collect()
        })
        .collect()
}

/// Divides each column by its maximum (a column whose max is 0 stays as it is).
pub fn col_max_upscale(m: &mut Sparse, n: usize) {
    let mut maxes = vec![Fx::ZERO; n];
    for row in m.iter() {
        for (j, v) in row {
            if let Some(mx) = maxes.get_mut(usize::from(*j)) {
                if *mx < *v {
                    *mx = *v;
                }
            }
        }
    }
    for row in m.iter_mut() {
        for (j, v) in row.iter_mut() {
            let mx = maxes.get(usize::from(*j)).copied().unwrap_or(Fx::ZERO);
            if mx != Fx::ZERO {
                *v = v.saturating_div(mx);
            }
        }
    }
}

#[cfg(test)]
#[allow(clippy::arithmetic_side_effects, clippy::indexing_slicing)]
mod tests {
    use super::*;

    fn fx(k: u64) -> Fx {
        Fx::from_int(k)
    }

    #[test]
    fn from_stored_drops_out_of_range_columns_and_pads_rows() {
        let m = from_stored(&[vec![(0, 1), (5, 2)]], 3);
        assert_eq!(m, vec![vec![(0, fx(1))], vec![], vec![]]);
    }

    #[test]
    fn masks_diag_rows_and_outdated() {
        let mut m: Sparse = vec![vec![(0, fx(1)), (1, fx(1))], vec![(0, fx(1)), (1, fx(1))]];
        mask_diag(&mut m);
        assert_eq!(m, vec![vec![(1, fx(1))], vec![(0, fx(1))]]);
        // Row 1 set its weights at block 5; uid 0 re-registered at block 5: masked.
        mask_outdated(&mut m, &[10, 5], &[5, 3]);
        assert_eq!(m, vec![vec![(1, fx(1))], vec![]]);
        mask_rows(&mut m, &[true]);
        assert_eq!(m, vec![vec![], vec![]]);
    }

    #[test]
    fn ema_sorts_by_column_and_drops_zeros() {
        let half = Fx::ONE.saturating_div(fx(2));
        let new: Sparse = vec![vec![(2, fx(1)), (0, Fx::ZERO)], vec![]];
        let old: Sparse = vec![vec![(1, fx(1))], vec![]];
        let out = ema(&new, &old, half, 3);
        assert_eq!(out, vec![vec![(1, half), (2, half)], vec![], vec![]]);
    }

    #[test]
    fn col_clip_removes_entries_above_zero_consensus() {
        let m: Sparse = vec![vec![(0, fx(2)), (1, fx(1)), (2, Fx::ZERO)]];
        let out = col_clip(&m, &[fx(1), Fx::ZERO, Fx::ZERO]);
        assert_eq!(out, vec![vec![(0, fx(1)), (2, Fx::ZERO)]]);
    }

    #[test]
    fn column_operations() {
        let mut m: Sparse = vec![vec![(0, fx(1)), (1, fx(2))], vec![(0, fx(3))]];
        col_max_upscale(&mut m, 2);
        assert_eq!(m[1][0].1, Fx::ONE);
        assert_eq!(m[0][1].1, Fx::ONE);
        let mut m: Sparse = vec![vec![(0, fx(1))], vec![(0, fx(3))]];
        col_normalize(&mut m, 2);
        assert_eq!(m[0][0].1, Fx::from_raw(1 << 30));
        assert_eq!(matmul(&m, &[fx(4), fx(4)], 2), vec![fx(4), Fx::ZERO]);
        assert_eq!(matmul_transpose(&m, &[fx(4), fx(9)]), vec![fx(1), fx(3)]);
    }
}
