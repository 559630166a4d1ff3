//! The consequences `spec/yuma.md` names, each checked on a small subnet.

use crate::epoch::{run_epoch, EpochInput};
use crate::scenario::{
    simulate, EpochReport, Scenario, ScenarioError, ScenarioParam, ScenarioStep,
};

const E: u64 = 1_000_000_000;

fn scenario(stake: Vec<u64>, steps: Vec<ScenarioStep>) -> Scenario {
    let n = stake.len() as u16;
    Scenario {
        n,
        kappa: 32767,
        bonds_moving_average: 900_000,
        activity_cutoff: 5000,
        max_allowed_validators: n,
        emission_per_epoch: E,
        block_at_registration: vec![0; stake.len()],
        stake,
        steps,
        bonds_config: Default::default(),
    }
}

fn epoch(block: u64) -> ScenarioStep {
    ScenarioStep {
        block,
        stake: vec![],
        replace: None,
        weights: vec![],
        epoch: true,
        hyperparameters: vec![],
        reset_bonds: None,
    }
}

fn weights(block: u64, rows: Vec<(u16, Vec<(u16, u16)>)>) -> ScenarioStep {
    ScenarioStep {
        block,
        stake: vec![],
        replace: None,
        weights: rows,
        epoch: false,
        hyperparameters: vec![],
        reset_bonds: None,
    }
}

fn replace(block: u64, uid: u16) -> ScenarioStep {
    ScenarioStep {
        block,
        stake: vec![],
        replace: Some(uid),
        weights: vec![],
        epoch: false,
        hyperparameters: vec![],
        reset_bonds: None,
    }
}

fn run(s: &Scenario) -> Vec<EpochReport> {
    simulate(s).unwrap()
}

#[test]
fn a_single_self_weight_never_earns() {
    // uid 0 only rates itself; uid 1 rates uid 2. Both hold permits from the first epoch.
    let s = scenario(
        vec![1, 1, 0],
        vec![
            epoch(0),
            weights(1, vec![(0, vec![(0, 65535)]), (1, vec![(2, 65535)])]),
            epoch(2),
        ],
    );
    let last = run(&s).pop().unwrap();
    assert_eq!(last.incentive[0], 0);
    assert_eq!(last.server_emission[0], 0);
    assert_eq!(last.incentive[2], 65535);
    // uid 0 holds no bond on anyone: its own row was masked, so it earns no dividends.
    assert_eq!(last.dividends[0], 0);
    assert!(last.dividends[1] > 65000);
}

#[test]
fn a_replaced_uids_rows_are_kept_and_masked() {
    // Validators 0 and 1 rate miners 2 and 3 at block 10. uid 3 is replaced at block 20.
    let rate = |block| {
        weights(
            block,
            vec![
                (0, vec![(2, 65535), (3, 65535)]),
                (1, vec![(2, 65535), (3, 65535)]),
            ],
        )
    };
    let s = scenario(
        vec![1, 1, 0, 0],
        vec![
            epoch(0),
            rate(10),
            epoch(11),
            replace(20, 3),
            epoch(21),
            weights(30, vec![(0, vec![(2, 65535), (3, 65535)])]),
            epoch(31),
        ],
    );
    let r = run(&s);
    // Before the replacement both miners share the incentive.
    assert_eq!(r[1].incentive[2], r[1].incentive[3]);
    assert!(r[1].incentive[3] > 0);
    assert!(r[1].bonds[0].iter().any(|(j, _)| *j == 3));
    // After it, weights set before block 20 no longer reach uid 3, and bonds on it are masked.
    assert_eq!(r[2].incentive[3], 0);
    assert_eq!(r[2].server_emission[3], 0);
    assert_eq!(r[2].incentive[2], 65535);
    assert!(r[2].bonds[0].iter().all(|(j, _)| *j != 3));
    // The old rows were not deleted: uid 1's block-10 row still rates uid 2 (validator trust),
    // and uid 0's weights submitted after the replacement reach uid 3 again.
    assert!(r[2].validator_trust[1] > 0);
    assert!(r[3].incentive[3] > 0);
    assert!(r[3].validator_trust[1] > 0);
}

#[test]
fn a_replaced_validators_row_does_not_vote_with_the_newcomers_stake() {
    // uid 1 (3/4 of the stake) rates miner 3, uid 0 rates miner 2. uid 1 is replaced at block 5
    // by a newcomer with the same stake, which sets no weights.
    let s = scenario(
        vec![1, 3, 0, 0],
        vec![
            epoch(0),
            weights(1, vec![(0, vec![(2, 65535)]), (1, vec![(3, 65535)])]),
            epoch(2),
            replace(5, 1),
            epoch(6),
            epoch(7),
            epoch(8),
        ],
    );
    let r = run(&s);
    assert_eq!(r[1].incentive[3], 65535);
    // The newcomer has no permit at the first epoch after, its own from then on; the old row is
    // masked throughout (its `last_update` is 0), so miner 3 earns nothing.
    assert!(r[2].validator_permit[1]);
    for e in &r[2..] {
        assert_eq!(e.incentive[3], 0);
        assert_eq!(e.server_emission[3], 0);
        assert_eq!(e.dividends[1], 0);
    }
}

#[test]
fn with_no_valid_weights_everything_goes_to_active_stake() {
    let mut s = scenario(
        vec![1, 3, 0, 0],
        vec![epoch(0), weights(5, vec![(1, vec![(1, 65535)])]), epoch(12)],
    );
    s.activity_cutoff = 10;
    let r = run(&s);
    // Block 0: no permits stored yet, so no active stake: the fallback is the stake itself.
    assert_eq!(
        r[0].validator_emission,
        vec![250_000_000, 750_000_000, 0, 0]
    );
    assert_eq!(r[0].emission, r[0].validator_emission);
    // Block 12: uid 0 (last update 0) is inactive, uid 1 (self weight at 5) is the only active stake.
    assert_eq!(r[1].server_emission, vec![0; 4]);
    assert_eq!(r[1].validator_emission, vec![0, E, 0, 0]);
    assert_eq!(r[1].emission, vec![0, E, 0, 0]);
}

#[test]
fn miners_and_validators_split_the_emission_half_and_half() {
    // 4 validators, 6 miners with assorted weights, several epochs with changing weights.
    let stake = vec![10_000, 20_000, 30_000, 40_000, 0, 0, 0, 0, 0, 0];
    let row = |seed: u16| -> Vec<(u16, u16)> {
        (4..10u16)
            .map(|j| {
                (
                    j,
                    ((u64::from(seed) * 7919 + u64::from(j) * 104_729) % 65_535 + 1) as u16,
                )
            })
            .collect()
    };
    let mut steps = vec![epoch(0)];
    for b in 1..6u64 {
        steps.push(weights(
            b * 10,
            (0..4).map(|i| (i, row(i + b as u16))).collect(),
        ));
        steps.push(epoch(b * 10 + 1));
    }
    let s = scenario(stake, steps);
    let n = 10u64;
    // |sum - E/2| <= n + ceil(2 n E / 2^32) + 1: n floors of amounts, n truncations of each
    // share (2^-32 each) and |sum I - sum D| <= n units of 2^-32 (see README).
    let bound = n + (2 * n * E).div_ceil(1 << 32) + 1;
    for r in run(&s).iter().skip(1) {
        let server: u64 = r.server_emission.iter().sum();
        let validator: u64 = r.validator_emission.iter().sum();
        assert!(
            server.abs_diff(E / 2) <= bound,
            "server {server} bound {bound}"
        );
        assert!(validator.abs_diff(E / 2) <= bound, "validator {validator}");
        assert!(server + validator <= E);
        // Miners earn only as servers, validators only as validators.
        assert!(r.server_emission[..4].iter().all(|x| *x == 0));
        assert!(r.validator_emission[4..].iter().all(|x| *x == 0));
    }
}

#[test]
fn bonds_are_stored_by_permit_history() {
    // mav 2: uids 1 and 0 (lowest stake, stable order) get no new permit.
    let input = EpochInput {
        current_block: 5,
        activity_cutoff: 100,
        max_allowed_validators: 2,
        kappa: 32767,
        bonds_moving_average: 900_000,
        emission: E,
        last_update: vec![1, 1, 1, 1],
        block_at_registration: vec![0; 4],
        validator_permit: vec![true, false, true, true],
        stake: vec![1, 0, 3, 2],
        weights: vec![vec![(1, 65535)], vec![], vec![(1, 65535)], vec![(1, 65535)]],
        bonds: vec![vec![], vec![(2, 500), (60, 7)], vec![], vec![]],
        bonds_config: Default::default(),
    };
    let out = run_epoch(&input);
    assert_eq!(out.validator_permit, vec![false, false, true, true]);
    assert_eq!(out.bonds[0], vec![], "lost its permit: row cleared");
    assert_eq!(
        out.bonds[1],
        vec![(2, 500), (60, 7)],
        "never had one: unchanged"
    );
    assert_eq!(
        out.bonds[2],
        vec![(1, 65535)],
        "new permit: column max-upscaled EMA"
    );
    assert!(!out.bonds[3].is_empty());
}

#[test]
fn pruning_score_is_the_max_upscaled_emission() {
    let out = run_epoch(&EpochInput {
        stake: vec![1, 3, 4],
        validator_permit: vec![true; 3],
        max_allowed_validators: 3,
        emission: E,
        ..EpochInput::default()
    });
    // No weights: the emission follows stake 1:3:4, the best uid scores 65535.
    assert_eq!(out.pruning_score, vec![16384, 49151, 65535]);
}

#[test]
fn max_upscale_example_from_the_spec() {
    assert_eq!(crate::max_upscale_u16(&[43690, 21845]), vec![65535, 32768]);
}

#[test]
fn weights_are_stored_max_upscaled_by_the_simulator() {
    // A row [43690, 21845] is stored as [65535, 32768]: the ratio 2:1 becomes 65535:32768.
    let s = scenario(
        vec![1, 0, 0],
        vec![
            epoch(0),
            weights(1, vec![(0, vec![(1, 43690), (2, 21845)])]),
            epoch(2),
        ],
    );
    let r = run(&s).pop().unwrap();
    // With one validator, incentive is its normalised row: 65535/98303 and 32768/98303.
    assert_eq!(
        r.incentive[1],
        (((65535u64 << 32) / 98303 * 65535) >> 32) as u16
    );
}

#[test]
fn malformed_scenarios_are_refused_with_a_specific_error() {
    let ok = scenario(vec![1, 2], vec![epoch(1)]);
    assert!(simulate(&ok).is_ok());
    let with = |f: &dyn Fn(&mut Scenario)| {
        let mut s = ok.clone();
        f(&mut s);
        match simulate(&s) {
            Ok(reports) => panic!("accepted, {} epochs", reports.len()),
            Err(e) => e,
        }
    };
    assert_eq!(
        with(&|s| {
            s.n = 0;
            s.stake.clear();
            s.block_at_registration.clear()
        }),
        ScenarioError::EmptySubnet
    );
    assert_eq!(
        with(&|s| s.n = 5000),
        ScenarioError::TooManyUids { n: 5000, max: 4096 }
    );
    assert_eq!(
        with(&|s| s.stake.push(1)),
        ScenarioError::StakeLengthMismatch { n: 2, len: 3 }
    );
    assert_eq!(
        with(&|s| s.block_at_registration.pop().map(drop).unwrap()),
        ScenarioError::RegistrationLengthMismatch { n: 2, len: 1 }
    );
    assert_eq!(
        with(&|s| s.bonds_moving_average = 1_000_001),
        ScenarioError::BondsMovingAverageTooLarge { value: 1_000_001 }
    );
    assert_eq!(
        with(&|s| s.steps = vec![epoch(1); 10_001]),
        ScenarioError::TooManySteps {
            steps: 10_001,
            max: 10_000
        }
    );
    assert_eq!(
        with(&|s| s.steps.push(replace(3, 2))),
        ScenarioError::UidOutOfRange { step: 1, uid: 2 }
    );
    assert_eq!(
        with(&|s| s.steps.push(weights(3, vec![(7, vec![(0, 1)])]))),
        ScenarioError::UidOutOfRange { step: 1, uid: 7 }
    );
    assert_eq!(
        with(&|s| s.steps.insert(
            0,
            ScenarioStep {
                stake: vec![(2, 5)],
                ..epoch(0)
            }
        )),
        ScenarioError::UidOutOfRange { step: 0, uid: 2 }
    );
    assert_eq!(
        with(&|s| s.steps.push(weights(3, vec![(1, vec![(0, 1); 4097])]))),
        ScenarioError::RowTooLong {
            step: 1,
            uid: 1,
            len: 4097
        }
    );
    let big = |s: &mut Scenario| {
        s.n = 4096;
        s.max_allowed_validators = 4096;
        s.stake = vec![1; 4096];
        s.block_at_registration = vec![0; 4096];
        s.steps = vec![epoch(1); 129];
    };
    assert_eq!(
        with(&big),
        ScenarioError::TooMuchWork {
            epochs: 129,
            n: 4096
        }
    );
    // Weights on uids >= n are not a submission error here: the epoch drops them (step 5.1).
    let mut s = ok.clone();
    s.steps.insert(0, weights(0, vec![(0, vec![(9, 65535)])]));
    assert!(simulate(&s).is_ok());
}

/// Two validators bonding miners 2 and 3, Yuma 3 on from the start.
fn yuma3_scenario(reset_enabled: bool, reset_at: Option<u16>) -> Scenario {
    let mut s = scenario(
        vec![10, 10, 0, 0],
        vec![
            epoch(0),
            weights(
                1,
                vec![
                    (0, vec![(2, 65535), (3, 65535)]),
                    (1, vec![(2, 65535), (3, 65535)]),
                ],
            ),
            epoch(1),
            ScenarioStep {
                reset_bonds: reset_at,
                ..epoch(2)
            },
        ],
    );
    s.bonds_config.yuma3_enabled = true;
    s.bonds_config.bonds_reset_enabled = reset_enabled;
    s
}

#[test]
fn reset_bonds_wipes_a_miners_column_only_when_enabled() {
    let before = run(&yuma3_scenario(true, None));
    assert!(before[2].bonds[0].iter().any(|(j, _)| *j == 3));
    // Reset before the epoch of step 3: uid 3's bonds start again from its weight alone.
    let reset = run(&yuma3_scenario(true, Some(3)));
    assert_eq!(
        reset[2].bonds[0][0], before[2].bonds[0][0],
        "uid 2 untouched"
    );
    assert!(
        reset[2].bonds[0][1].1 < before[2].bonds[0][1].1,
        "uid 3 restarted"
    );
    // Disabled: the reset does nothing at all.
    assert_eq!(run(&yuma3_scenario(false, Some(3))), before);
}

#[test]
fn a_step_switches_yuma3_on_before_its_epoch() {
    let mut s = yuma3_scenario(false, None);
    s.bonds_config.yuma3_enabled = false;
    let classic = run(&s);
    s.steps[3].hyperparameters = vec![ScenarioParam::Yuma3Enabled(true)];
    let switched = run(&s);
    assert_eq!(switched[0], classic[0]);
    // Yuma 3 stores plain proportions: with alpha 0.1 a fresh bond of 0.5 grows to about 0.1,
    // while the classic store max-upscales each column to 65535.
    assert_eq!(classic[2].bonds[0], vec![(2, 65535), (3, 65535)]);
    assert_ne!(switched[2].bonds[0], classic[2].bonds[0]);
    assert!(switched[2].bonds[0].iter().all(|(_, v)| *v < 65535));
}

#[test]
fn malformed_yuma3_steps_are_refused_naming_the_field() {
    let mut s = yuma3_scenario(true, Some(4));
    assert_eq!(
        simulate(&s),
        Err(ScenarioError::UidOutOfRange { step: 3, uid: 4 })
    );
    s.steps[3].reset_bonds = None;
    s.steps[2].hyperparameters = vec![ScenarioParam::BondsMovingAverage(1_000_001)];
    assert_eq!(
        simulate(&s),
        Err(ScenarioError::StepBondsMovingAverageTooLarge {
            step: 2,
            value: 1_000_001
        })
    );
}
