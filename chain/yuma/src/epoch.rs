//! The Yuma epoch, steps 1-16 of `spec/yuma.md`, as one pure function.

use crate::fixed::{max_upscale_fixed, normalize, normalize_stake, sum, Fx};
use crate::matrix::{self, Sparse};
use crate::median::weighted_median_col;
use crate::yuma3::{self, BondsConfig, Yuma3Inputs};
use alloc::{vec, vec::Vec};

/// Parts per million of `bonds_moving_average`.
const PPM: u128 = 1_000_000;

/// What one subnet's epoch reads from storage. `n = stake.len()`; any other vector shorter than
/// `n` is read as 0 / false / empty for the missing uids (a malformed caller never panics).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EpochInput {
    /// The block the epoch runs at.
    pub current_block: u64,
    /// Blocks after its last weights during which a uid counts as active.
    pub activity_cutoff: u64,
    /// How many uids hold a validator permit (top stake).
    pub max_allowed_validators: u16,
    /// Consensus quantile as u16 (32767 = one half).
    pub kappa: u16,
    /// Bonds EMA weight of the old bonds, in parts per million (values above 1e6 act as 1e6).
    pub bonds_moving_average: u64,
    /// The amount this epoch distributes (after the owner's cut).
    pub emission: u64,
    /// Block of each uid's last weights.
    pub last_update: Vec<u64>,
    /// Block of each uid's latest registration.
    pub block_at_registration: Vec<u64>,
    /// Permits as stored by the previous epoch.
    pub validator_permit: Vec<bool>,
    /// Raw stake per uid; defines `n`.
    pub stake: Vec<u64>,
    /// Stored weight rows (max-upscaled).
    pub weights: Vec<Vec<(u16, u16)>>,
    /// Stored bond rows.
    pub bonds: Vec<Vec<(u16, u16)>>,
    /// The bond options of `spec/yuma3.md` (the default is the classic epoch).
    pub bonds_config: BondsConfig,
}

/// What the epoch stores and pays. Every vector has `n` entries. `bonds` is the complete new
/// bonds state (rows of uids that never held a permit are returned unchanged), so the caller
/// writes every row as given.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EpochOutput {
    /// Whether each uid set weights within the activity cutoff.
    pub active: Vec<bool>,
    /// Normalised stake as u16.
    pub stake: Vec<u16>,
    /// Normalised rank (equal to incentive).
    pub rank: Vec<u16>,
    /// Clipped rank over unclipped rank.
    pub trust: Vec<u16>,
    /// Stake-weighted median weight per uid.
    pub consensus: Vec<u16>,
    /// Miner share.
    pub incentive: Vec<u16>,
    /// Validator share.
    pub dividends: Vec<u16>,
    /// Sum of each validator's clipped weights.
    pub validator_trust: Vec<u16>,
    /// Permits for the next epoch.
    pub validator_permit: Vec<bool>,
    /// Max-upscaled combined emission share (used to pick a uid to replace).
    pub pruning_score: Vec<u16>,
    /// Combined emission share as an amount.
    pub emission: Vec<u64>,
    /// Amount earned as a miner.
    pub server_emission: Vec<u64>,
    /// Amount earned as a validator.
    pub validator_emission: Vec<u64>,
    /// The bond rows to store.
    pub bonds: Vec<Vec<(u16, u16)>>,
}

fn get<T: Copy + Default>(v: &[T], i: usize) -> T {
    v.get(i).copied().unwrap_or_default()
}

/// New permits (step 3): all when `n < k`, else the `n - k` lowest-stake uids lose theirs
/// (stable sort: on equal stake the lower uid loses first).
fn top_k_permits(stake: &[Fx], k: usize) -> Vec<bool> {
    let n = stake.len();
    let mut permits = vec![true; n];
    if n < k {
        return permits;
    }
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by_key(|i| get(stake, *i));
    for i in order.iter().take(n.saturating_sub(k)) {
        if let Some(p) = permits.get_mut(*i) {
            *p = false;
        }
    }
    permits
}

/// `a = 1 - bma` with `bma = ((bonds_moving_average << 64) / 1e6) >> 32`, bma capped at 1.
fn ema_alpha(bonds_moving_average: u64) -> Fx {
    let bma64 = (u128::from(bonds_moving_average) << 64)
        .checked_div(PPM)
        .unwrap_or(0);
    let bma = i64::try_from(bma64 >> 32).unwrap_or(i64::MAX);
    Fx::ONE.saturating_sub(Fx::from_raw(bma).min(Fx::ONE))
}

/// Runs one Yuma epoch (steps 1-16 of `spec/yuma.md`).
pub fn run_epoch(input: &EpochInput) -> EpochOutput {
    let n = input.stake.len();
    let old_permit: Vec<bool> = (0..n).map(|i| get(&input.validator_permit, i)).collect();
    let last_update: Vec<u64> = (0..n).map(|i| get(&input.last_update, i)).collect();
    let registered: Vec<u64> = (0..n)
        .map(|i| get(&input.block_at_registration, i))
        .collect();

    // 1. Activity.
    let active: Vec<bool> = last_update
        .iter()
        .map(|u| u.saturating_add(input.activity_cutoff) >= input.current_block)
        .collect();

    // 2-3. Stake and the permits the next epoch will use.
    let stake = normalize_stake(&input.stake);
    let new_permit = top_k_permits(&stake, usize::from(input.max_allowed_validators));

    // 4. Active stake: only active uids with a stored permit.
    let mut active_stake: Vec<Fx> = stake
        .iter()
        .enumerate()
        .map(|(i, s)| {
            if get(&active, i) && get(&old_permit, i) {
                *s
            } else {
                Fx::ZERO
            }
        })
        .collect();
    normalize(&mut active_stake);

    // 5. Weights.
    let forbid: Vec<bool> = old_permit.iter().map(|p| !p).collect();
    let mut weights = matrix::from_stored(&input.weights, n);
    matrix::mask_rows(&mut weights, &forbid);
    matrix::mask_diag(&mut weights);
    matrix::mask_outdated(&mut weights, &last_update, &registered);
    matrix::row_normalize(&mut weights);

    // 6-7. Pre-ranks and consensus.
    let preranks = matrix::matmul(&weights, &active_stake, n);
    let kappa = Fx::from_int(u64::from(input.kappa)).saturating_div(Fx::from_int(65_535));
    let consensus = weighted_median_col(&active_stake, &weights, n, kappa);

    // 8-10. Clip, validator trust, rank, trust, incentive.
    let clipped = matrix::col_clip(&weights, &consensus);
    let validator_trust = matrix::row_sum(&clipped);
    let mut ranks = matrix::matmul(&clipped, &active_stake, n);
    let trust: Vec<Fx> = ranks
        .iter()
        .zip(&preranks)
        .map(|(r, p)| {
            if *p == Fx::ZERO {
                Fx::ZERO
            } else {
                r.saturating_div(*p)
            }
        })
        .collect();
    normalize(&mut ranks);
    let incentive = ranks.clone();

    // P. The weights bonds follow (the clipped ones unless a bonds penalty below 1 is set).
    let cfg = &input.bonds_config;
    let bonds_weights = yuma3::bonds_weights(&weights, &clipped, cfg.bonds_penalty, n);
    let alpha = ema_alpha(input.bonds_moving_average);

    // 11-14 (classic) or Y1-Y3 (Yuma 3): bonds and dividends.
    let (dividends, stored) = if cfg.yuma3_enabled {
        let y3 = yuma3::bonds_and_dividends(
            cfg,
            &input.bonds,
            &Yuma3Inputs {
                bonds_weights: &bonds_weights,
                active_stake: &active_stake,
                consensus: &consensus,
                incentive: &incentive,
                last_update: &last_update,
                block_at_registration: &registered,
                ema_alpha: alpha,
            },
            n,
        );
        // Y5: plain proportions, no max-upscale.
        let rows = permitted_rows(y3.ema, &old_permit, &new_permit, &input.bonds);
        (y3.dividends, rows)
    } else {
        let mut bonds = matrix::from_stored(&input.bonds, n);
        matrix::mask_outdated(&mut bonds, &last_update, &registered);
        matrix::col_normalize(&mut bonds, n);
        let mut delta = matrix::row_hadamard(&bonds_weights, &active_stake);
        matrix::col_normalize(&mut delta, n);
        let mut ema = matrix::ema(&delta, &bonds, alpha, n);
        matrix::col_normalize(&mut ema, n);
        let mut dividends = matrix::matmul_transpose(&ema, &incentive);
        normalize(&mut dividends);
        // 16: column max-upscale, then the permit rule.
        matrix::col_max_upscale(&mut ema, n);
        let rows = permitted_rows(ema, &old_permit, &new_permit, &input.bonds);
        (dividends, rows)
    };

    // 15. Emission shares.
    let shares = emission_shares(&incentive, &dividends, &active_stake, &stake);

    // 16. Outputs.
    let to_u16 = |v: &[Fx]| -> Vec<u16> { v.iter().map(|x| x.to_u16_proportion()).collect() };
    let to_amount =
        |v: &[Fx]| -> Vec<u64> { v.iter().map(|x| x.to_amount(input.emission)).collect() };
    EpochOutput {
        active,
        stake: to_u16(&stake),
        rank: to_u16(&ranks),
        trust: to_u16(&trust),
        consensus: to_u16(&consensus),
        incentive: to_u16(&incentive),
        dividends: to_u16(&dividends),
        validator_trust: to_u16(&validator_trust),
        pruning_score: max_upscale_fixed(&shares.combined),
        emission: to_amount(&shares.combined),
        server_emission: to_amount(&shares.server),
        validator_emission: to_amount(&shares.validator),
        bonds: stored,
        validator_permit: new_permit,
    }
}

/// The three emission share vectors of step 15.
pub(crate) struct Shares {
    pub server: Vec<Fx>,
    pub validator: Vec<Fx>,
    pub combined: Vec<Fx>,
}

/// Step 15: miners' share `I / sum`, validators' `D / sum`, combined `normalize(I + D)`; when
/// `sum == 0` the validator and combined shares are the active stake (or the stake when no
/// stake is active) and nobody gets a miner share.
pub(crate) fn emission_shares(
    incentive: &[Fx],
    dividends: &[Fx],
    active_stake: &[Fx],
    stake: &[Fx],
) -> Shares {
    let mut combined: Vec<Fx> = incentive
        .iter()
        .zip(dividends)
        .map(|(i, d)| i.saturating_add(*d))
        .collect();
    let total = sum(&combined);
    if total == Fx::ZERO {
        let fallback = if active_stake.iter().all(|s| *s == Fx::ZERO) {
            stake.to_vec()
        } else {
            active_stake.to_vec()
        };
        return Shares {
            server: vec![Fx::ZERO; incentive.len()],
            validator: fallback.clone(),
            combined: fallback,
        };
    }
    normalize(&mut combined);
    Shares {
        server: incentive.iter().map(|i| i.saturating_div(total)).collect(),
        validator: dividends.iter().map(|d| d.saturating_div(total)).collect(),
        combined,
    }
}

/// Bond storage of step 16 / Y5, per uid: a new permit stores the row as `floor(x * 65535)`
/// (a zero u16 kept as an entry); a permit lost this epoch stores an empty row; a uid that never
/// had one keeps its stored row unchanged.
fn permitted_rows(
    ema: Sparse,
    old_permit: &[bool],
    new_permit: &[bool],
    stored: &[Vec<(u16, u16)>],
) -> Vec<Vec<(u16, u16)>> {
    ema.into_iter()
        .enumerate()
        .map(|(i, row)| {
            if get(new_permit, i) {
                row.iter()
                    .map(|(j, v)| (*j, v.to_u16_proportion()))
                    .collect()
            } else if get(old_permit, i) {
                Vec::new()
            } else {
                stored.get(i).cloned().unwrap_or_default()
            }
        })
        .collect()
}

#[cfg(test)]
#[allow(clippy::arithmetic_side_effects, clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn permits_go_to_top_stake_with_stable_ties() {
        let s = [
            Fx::from_int(1),
            Fx::from_int(1),
            Fx::from_int(2),
            Fx::from_int(1),
        ];
        assert_eq!(top_k_permits(&s, 2), vec![false, false, true, true]);
        assert_eq!(top_k_permits(&s, 5), vec![true; 4]);
        assert_eq!(top_k_permits(&s, 4), vec![true; 4]);
        assert_eq!(top_k_permits(&s, 0), vec![false; 4]);
    }

    #[test]
    fn ema_alpha_is_one_minus_bma() {
        assert_eq!(
            ema_alpha(900_000).raw(),
            (1i64 << 32) - ((900_000i64 << 32) / 1_000_000)
        );
        assert_eq!(ema_alpha(1_000_000), Fx::ZERO);
        assert_eq!(ema_alpha(u64::MAX), Fx::ZERO);
        assert_eq!(ema_alpha(0), Fx::ONE);
    }

    #[test]
    fn empty_subnet_gives_empty_output() {
        let out = run_epoch(&EpochInput::default());
        assert_eq!(out, EpochOutput::default());
    }

    #[test]
    fn short_inputs_read_as_zero_and_do_not_panic() {
        let input = EpochInput {
            current_block: 10,
            stake: vec![5, 5, 5],
            weights: vec![vec![(1, 65535), (9, 1)]],
            validator_permit: vec![true],
            last_update: vec![10],
            emission: 1000,
            ..EpochInput::default()
        };
        let out = run_epoch(&input);
        assert_eq!(out.emission.len(), 3);
        assert_eq!(out.bonds.len(), 3);
        assert!(out.emission.iter().sum::<u64>() <= 1000);
    }
}
