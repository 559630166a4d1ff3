//! Property tests: random subnets never panic and never pay more than the epoch's emission.

use crate::epoch::{run_epoch, EpochInput};
use crate::scenario::{simulate, Scenario, ScenarioStep};
use proptest::prelude::*;

/// A random sparse row over uids `0..n + 3` (some out of range on purpose).
fn row(n: usize) -> impl Strategy<Value = Vec<(u16, u16)>> {
    prop::collection::vec((0..(n as u16 + 3), any::<u16>()), 0..=n.min(12))
}

fn stake_value() -> impl Strategy<Value = u64> {
    prop_oneof![
        Just(0u64),
        0u64..1_000,
        0u64..21_000_000_000_000_000,
        any::<u64>()
    ]
}

prop_compose! {
    fn epoch_input()(n in 1usize..=64)(
        stake in prop::collection::vec(stake_value(), n),
        permit in prop::collection::vec(any::<bool>(), n),
        last_update in prop::collection::vec(0u64..100, n),
        registered in prop::collection::vec(0u64..100, n),
        weights in prop::collection::vec(row(n), n),
        bonds in prop::collection::vec(row(n), n),
        current_block in 0u64..200,
        activity_cutoff in prop_oneof![0u64..100, Just(u64::MAX)],
        mav in 0u16..=(n as u16 + 2),
        kappa in any::<u16>(),
        bma in prop_oneof![0u64..=1_000_000, any::<u64>()],
        emission in prop_oneof![0u64..=1_000_000_000_000, any::<u64>()],
    ) -> EpochInput {
        EpochInput {
            current_block, activity_cutoff, max_allowed_validators: mav, kappa,
            bonds_moving_average: bma, emission, last_update, block_at_registration: registered,
            validator_permit: permit, stake, weights, bonds, bonds_config: Default::default(),
        }
    }
}

/// `ceil(k * n * e / 2^32)`: the share lost to `k` truncations of `n` shares to 2^-32.
fn share_loss(k: u128, n: u128, e: u64) -> u128 {
    (k * n * u128::from(e)).div_ceil(1 << 32)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn random_subnets_pay_at_most_the_emission(input in epoch_input()) {
        let out = run_epoch(&input);
        let n = input.stake.len();
        for v in [&out.rank, &out.trust, &out.consensus, &out.incentive, &out.dividends,
                  &out.validator_trust, &out.pruning_score, &out.stake] {
            prop_assert_eq!(v.len(), n);
        }
        prop_assert_eq!(out.bonds.len(), n);
        let e = u128::from(input.emission);
        let total: u128 = out.emission.iter().map(|x| u128::from(*x)).sum();
        let paid: u128 = out.server_emission.iter().chain(&out.validator_emission)
            .map(|x| u128::from(*x)).sum();
        prop_assert!(total <= e, "emission {} > {}", total, e);
        prop_assert!(paid <= e, "server + validator {} > {}", paid, e);
        if input.stake.iter().any(|s| *s > 0) {
            // Bounds proved in README.md: one floor per uid on the amount plus one 2^-32
            // truncation per uid (per share: two for server + validator).
            let n = n as u128;
            prop_assert!(total + n + share_loss(1, n, input.emission) >= e, "emission {} of {}", total, e);
            prop_assert!(paid + 2 * n + share_loss(2, n, input.emission) >= e, "paid {} of {}", paid, e);
            prop_assert_eq!(out.pruning_score.iter().max().copied(), Some(65535));
        } else {
            prop_assert_eq!(total, 0);
        }
        // Bond rows that are written are sorted, in range and unique.
        for (i, row) in out.bonds.iter().enumerate() {
            if out.validator_permit[i] {
                prop_assert!(row.windows(2).all(|w| w[0].0 < w[1].0));
                prop_assert!(row.iter().all(|(j, _)| usize::from(*j) < n));
            }
        }
    }

    #[test]
    fn random_scenarios_simulate_without_panic(
        input in epoch_input(),
        blocks in prop::collection::vec((0u64..300, any::<bool>(), any::<bool>()), 1..8),
    ) {
        let n = input.stake.len() as u16;
        let steps: Vec<ScenarioStep> = blocks.iter().enumerate().map(|(k, (block, epoch, rep))| {
            let uid = (k as u16) % n;
            ScenarioStep {
                block: *block,
                stake: vec![(uid, input.stake[usize::from(uid)] / 2)],
                replace: rep.then_some(uid),
                weights: vec![(uid, input.weights[usize::from(uid)].clone())],
                epoch: *epoch,
                hyperparameters: vec![],
                reset_bonds: None,
            }
        }).collect();
        let epochs = steps.iter().filter(|s| s.epoch).count();
        let s = Scenario {
            n, kappa: input.kappa, bonds_moving_average: input.bonds_moving_average.min(1_000_000),
            activity_cutoff: input.activity_cutoff, max_allowed_validators: input.max_allowed_validators,
            emission_per_epoch: input.emission, stake: input.stake.clone(),
            block_at_registration: input.block_at_registration.clone(), steps,
            bonds_config: Default::default(),
        };
        let reports = simulate(&s).unwrap();
        prop_assert_eq!(reports.len(), epochs);
        for r in &reports {
            prop_assert!(r.emission.iter().map(|x| u128::from(*x)).sum::<u128>() <= u128::from(input.emission));
        }
    }
}

fn bonds_config() -> impl Strategy<Value = crate::BondsConfig> {
    (
        any::<bool>(),
        any::<bool>(),
        any::<u16>(),
        any::<u16>(),
        any::<i16>(),
        prop_oneof![Just(0u16), Just(u16::MAX), any::<u16>()],
        any::<bool>(),
    )
        .prop_map(|(y3, la, lo, hi, s, p, r)| crate::BondsConfig {
            yuma3_enabled: y3,
            liquid_alpha_enabled: la,
            alpha_low: lo,
            alpha_high: hi,
            alpha_sigmoid_steepness: s,
            bonds_penalty: p,
            bonds_reset_enabled: r,
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// With Yuma 3 off and the penalty at 1, the other options (liquid alpha and its constants,
    /// the reset flag) change nothing: the classic epoch, bit for bit.
    #[test]
    fn options_off_are_the_classic_epoch(input in epoch_input(), cfg in bonds_config()) {
        let classic = run_epoch(&input);
        let mut off = input.clone();
        off.bonds_config = crate::BondsConfig { yuma3_enabled: false, bonds_penalty: u16::MAX, ..cfg };
        prop_assert_eq!(run_epoch(&off), classic);
    }

    /// With Yuma 3 on: the EMA's bonds stay in (0, 1], stored rows are sorted and unique, the
    /// dividends sum to one within the u16 floors, and nobody is paid more than the emission.
    #[test]
    fn yuma3_bonds_stay_proportions_and_dividends_sum_to_one(
        input in epoch_input(),
        cfg in bonds_config(),
    ) {
        let mut input = input;
        input.bonds_config = crate::BondsConfig { yuma3_enabled: true, ..cfg };
        let out = run_epoch(&input);
        let n = input.stake.len();
        let total: u128 = out.emission.iter().map(|x| u128::from(*x)).sum();
        prop_assert!(total <= u128::from(input.emission));
        for (i, row) in out.bonds.iter().enumerate() {
            if out.validator_permit[i] {
                prop_assert!(row.windows(2).all(|w| w[0].0 < w[1].0), "row {} {:?}", i, row);
                prop_assert!(row.iter().all(|(j, _)| usize::from(*j) < n));
            }
        }
        let d: u64 = out.dividends.iter().map(|x| u64::from(*x)).sum();
        // One floor to u16 per uid, plus one 2^-32 truncation per uid in the normalisation.
        prop_assert!(d == 0 || (d <= 65_535 && d + 2 * n as u64 >= 65_535), "dividends sum {}", d);
    }
}

/// The Yuma 3 EMA itself (before u16 storage) keeps every bond in (0, 1].
#[test]
fn yuma3_ema_entries_are_proportions() {
    use crate::fixed::Fx;
    use crate::yuma3::{bonds_and_dividends, BondsConfig, Yuma3Inputs};
    let n = 4;
    let one = Fx::ONE;
    let w = vec![
        vec![(2, one), (3, Fx::ZERO)],
        vec![(2, one)],
        vec![],
        vec![],
    ];
    // Old bonds at the top (65535 = 1.0): the EMA must not exceed 1.
    let stored = vec![
        vec![(2, 65535), (3, 65535)],
        vec![(2, 65535)],
        vec![],
        vec![],
    ];
    let stake = vec![Fx::from_raw(1 << 31); 2];
    for liquid in [false, true] {
        let cfg = BondsConfig {
            yuma3_enabled: true,
            liquid_alpha_enabled: liquid,
            ..BondsConfig::default()
        };
        let out = bonds_and_dividends(
            &cfg,
            &stored,
            &Yuma3Inputs {
                bonds_weights: &w,
                active_stake: &stake,
                consensus: &[Fx::ZERO, Fx::ZERO, one, Fx::ZERO],
                incentive: &[Fx::ZERO, Fx::ZERO, one, Fx::ZERO],
                last_update: &[1, 1, 1, 1],
                block_at_registration: &[0; 4],
                ema_alpha: Fx::from_raw(1 << 31),
            },
            n,
        );
        for row in &out.ema {
            for (_, v) in row {
                assert!(*v > Fx::ZERO && *v <= one, "liquid {liquid}: {v:?}");
            }
        }
        // The explicit zero weight keeps (and decays) the bond to uid 3.
        assert!(out.ema[0].iter().any(|(j, _)| *j == 3), "liquid {liquid}");
        assert_eq!(
            out.dividends,
            vec![Fx::from_raw(1 << 31); 2]
                .into_iter()
                .chain([Fx::ZERO; 2])
                .collect::<Vec<_>>()
        );
    }
}
