//! Block emission with halvings, and root's split of it between subnets (`spec/yuma.md`).

use crate::fixed::{normalize, normalize_stake, Fx};
use crate::sigmoid::logistic;
use alloc::{vec, vec::Vec};

/// Total supply in base units (21e6 tokens of 9 decimals).
pub const TOTAL_SUPPLY: u64 = 21_000_000_000_000_000;
/// Emission per block before the first halving (1 token).
pub const INITIAL_BLOCK_EMISSION: u64 = 1_000_000_000;
/// Steepness of the root consensus curve.
pub const ROOT_RHO: u64 = 10;

/// `floor(1e9 / 2^k)` with `k = floor(log2(1 / (1 - issuance / 21e15)))`, 0 from 21e15 on.
///
/// `k` is found exactly in integers: it is the largest `k` with `(21e15 - issuance) * 2^k <=
/// 21e15`, so there is no floating point (or fixed-point log) rounding near a halving boundary.
pub fn block_emission(issuance: u64) -> u64 {
    let Some(left) = TOTAL_SUPPLY.checked_sub(issuance).filter(|l| *l > 0) else {
        return 0;
    };
    let mut k: u32 = 0;
    // left >= 1 and 21e15 < 2^55, so k stays below 55 and the shift cannot overflow u128.
    while (u128::from(left) << k.saturating_add(1)) <= u128::from(TOTAL_SUPPLY) {
        k = k.saturating_add(1);
    }
    INITIAL_BLOCK_EMISSION.checked_shr(k).unwrap_or(0)
}

/// Each subnet's per-block emission from root's stake and weights.
///
/// `root_stake[i]` is root member i's raw stake, `root_weights[i]` its sparse row of
/// `(subnet index, u16 weight)`; indices `>= n_subnets` are ignored, missing rows are empty.
/// `S = normalize(stake)` (I64F64, truncated), `W` rows normalised, `R_j = sum_i W_ij S_i`,
/// `T_j = sum of S_i over members giving subnet j a weight > 0`,
/// `C_j = 1 / (1 + exp(-10 (T_j - 0.5)))` (deterministic fixed point, see `sigmoid.rs`), and
/// subnet j gets `(normalize(C * R)_j * block_emission) >> 32`.
///
/// Until any root weight counts (`sum(C * R) == 0`: no weights, or none from stake), the block
/// emission is split equally: `floor(block_emission / n_subnets)` each. Either way the amounts
/// sum to at most `block_emission`; the rounding remainder is simply not emitted.
pub fn subnet_emission_shares(
    root_stake: &[u64],
    root_weights: &[Vec<(u16, u16)>],
    n_subnets: usize,
    block_emission: u64,
) -> Vec<u64> {
    if n_subnets == 0 {
        return Vec::new();
    }
    let stake = normalize_stake(root_stake);
    let mut ranks = vec![Fx::ZERO; n_subnets];
    let mut support = vec![Fx::ZERO; n_subnets];
    for (i, s) in stake.iter().enumerate() {
        let row: Vec<(usize, Fx)> = root_weights
            .get(i)
            .into_iter()
            .flatten()
            .filter(|(j, _)| usize::from(*j) < n_subnets)
            .map(|(j, w)| (usize::from(*j), Fx::from_int(u64::from(*w))))
            .collect();
        let row_sum = row
            .iter()
            .fold(Fx::ZERO, |acc, (_, w)| acc.saturating_add(*w));
        if row_sum == Fx::ZERO {
            continue;
        }
        for (j, w) in row {
            let w = w.saturating_div(row_sum);
            if let Some(r) = ranks.get_mut(j) {
                *r = r.saturating_add(w.saturating_mul(*s));
            }
            if let Some(t) = support.get_mut(j) {
                if w > Fx::ZERO {
                    *t = t.saturating_add(*s);
                }
            }
        }
    }
    let half = Fx::ONE.saturating_div(Fx::from_int(2));
    let mut weighted: Vec<Fx> = ranks
        .iter()
        .zip(&support)
        .map(|(r, t)| logistic((*t).min(Fx::ONE), ROOT_RHO, half).saturating_mul(*r))
        .collect();
    if weighted.iter().all(|x| *x == Fx::ZERO) {
        let n = u64::try_from(n_subnets).unwrap_or(u64::MAX);
        let each = block_emission.checked_div(n).unwrap_or(0);
        return vec![each; n_subnets];
    }
    normalize(&mut weighted);
    weighted
        .iter()
        .map(|x| x.to_amount(block_emission))
        .collect()
}

#[cfg(test)]
#[allow(clippy::arithmetic_side_effects, clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn halving_table_from_the_spec() {
        let table: [(u64, u64); 10] = [
            (0, 1_000_000_000),
            (10_500_000_000_000_000, 500_000_000),
            (15_800_000_000_000_000, 250_000_000),
            (18_400_000_000_000_000, 125_000_000),
            (19_700_000_000_000_000, 62_500_000),
            (20_900_000_000_000_000, 7_812_500),
            (20_979_493_000_000_000, 976_562),
            (20_999_990_000_000_000, 476),
            (20_999_999_000_000_000, 59),
            (21_000_000_000_000_000, 0),
        ];
        for (issuance, want) in table {
            assert_eq!(block_emission(issuance), want, "issuance {issuance}");
        }
    }

    #[test]
    fn halving_boundaries_are_exact() {
        // Exactly half issued: first halving; one unit before it: none yet.
        assert_eq!(block_emission(10_499_999_999_999_999), 1_000_000_000);
        assert_eq!(block_emission(u64::MAX), 0);
        assert_eq!(block_emission(TOTAL_SUPPLY - 1), 0);
        // Emission never increases as issuance grows.
        let mut last = u64::MAX;
        for step in 0..=2100u64 {
            let e = block_emission(step * 10_000_000_000_000);
            assert!(e <= last);
            last = e;
        }
    }

    #[test]
    fn equal_split_before_any_root_weight() {
        assert_eq!(
            subnet_emission_shares(&[10, 20], &[], 3, 1000),
            vec![333, 333, 333]
        );
        assert_eq!(
            subnet_emission_shares(&[0, 0], &[vec![(0, 1)], vec![(1, 1)]], 2, 1000),
            vec![500, 500]
        );
        assert!(subnet_emission_shares(&[1], &[], 0, 1000).is_empty());
    }

    #[test]
    fn unanimous_weight_takes_everything() {
        let e = subnet_emission_shares(&[5, 5], &[vec![(1, 65535)], vec![(1, 7)]], 3, 1_000_000);
        assert_eq!(e[0], 0);
        assert_eq!(e[2], 0);
        assert!(e[1] >= 999_999 && e[1] <= 1_000_000, "{e:?}");
    }

    #[test]
    fn minority_support_is_damped_by_the_curve() {
        // 80% of stake backs subnet 0, 20% backs subnet 1: R = [0.8, 0.2] but the logistic
        // curve (0.953 vs 0.047) pushes subnet 1 far below a 20% share.
        let e = subnet_emission_shares(&[8, 2], &[vec![(0, 1)], vec![(1, 1)]], 2, 1_000_000_000);
        let c0 = 1.0 / (1.0 + (-10.0f64 * (0.8 - 0.5)).exp());
        let c1 = 1.0 / (1.0 + (-10.0f64 * (0.2 - 0.5)).exp());
        let want1 = (c1 * 0.2) / (c0 * 0.8 + c1 * 0.2) * 1e9;
        assert!((e[1] as f64 - want1).abs() < 10.0, "{e:?} vs {want1}");
        assert!(e[0] + e[1] <= 1_000_000_000);
    }

    #[test]
    fn out_of_range_subnets_are_ignored() {
        let e = subnet_emission_shares(&[1], &[vec![(7, 100), (0, 100)]], 2, 1000);
        assert!(e[0] >= 999 && e[1] == 0, "{e:?}");
    }
}
