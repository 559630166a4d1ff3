//! The Yuma simulator of `spec/yuma-scenario.md`, over SCALE types so the runtime API can take a
//! scenario and return its epochs. It keeps the state the chain stores between steps (stake,
//! last_update, block_at_registration, permits, weight and bond rows) and runs [`run_epoch`], the
//! function the chain runs at every tempo.

use crate::epoch::{run_epoch, EpochInput};
use crate::fixed::max_upscale_u16;
use crate::yuma3::{reset_bonds, BondsConfig};
use alloc::{vec, vec::Vec};
use codec::{Decode, DecodeWithMemTracking, Encode};
use scale_info::TypeInfo;

/// Most uids a scenario may have (the chain's hard cap on max_allowed_uids).
pub const MAX_UIDS: u16 = 4096;
/// Most steps a scenario may have.
pub const MAX_STEPS: u32 = 10_000;
/// Most entries in one submitted weight row or stake step.
pub const MAX_ROW: u32 = 4096;
/// Bound on `epochs * n * (n + min(n, max_allowed_validators))`: an epoch costs about n^2 (the
/// bonds EMA walks a dense row per uid) plus n columns times the permitted validators (the
/// consensus median). This caps one call at a few seconds of native time: 256 uids with 256
/// validators allow all 10_000 steps; 4096 uids with 4096 validators allow 128 epochs
/// (measured ~60 ms each natively).
pub const MAX_WORK: u64 = 1 << 32;

/// A subnet and the steps to run on it. Defaults (kappa 32767, bonds_moving_average 900000,
/// activity_cutoff 5000, max_allowed_validators = n, block_at_registration zeros) are applied by
/// whoever reads the JSON form; here every field is explicit.
#[derive(Encode, Decode, DecodeWithMemTracking, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct Scenario {
    /// Number of uids.
    pub n: u16,
    /// Consensus quantile as u16.
    pub kappa: u16,
    /// Bonds EMA, parts per million (at most 1_000_000).
    pub bonds_moving_average: u64,
    /// Activity cutoff in blocks.
    pub activity_cutoff: u64,
    /// Validator permits per epoch.
    pub max_allowed_validators: u16,
    /// The amount each epoch splits (after the owner's cut).
    pub emission_per_epoch: u64,
    /// Raw stake per uid (n entries).
    pub stake: Vec<u64>,
    /// Registration block per uid (n entries).
    pub block_at_registration: Vec<u64>,
    /// Steps, run in order.
    pub steps: Vec<ScenarioStep>,
    /// The bond options of `spec/yuma3.md` at the start (default: the classic epoch).
    pub bonds_config: BondsConfig,
}

/// One hyperparameter a step changes (`spec/yuma3.md`, "Scenario format additions").
#[derive(Encode, Decode, DecodeWithMemTracking, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub enum ScenarioParam {
    Kappa(u16),
    BondsMovingAverage(u64),
    ActivityCutoff(u64),
    MaxAllowedValidators(u16),
    Yuma3Enabled(bool),
    LiquidAlphaEnabled(bool),
    AlphaLow(u16),
    AlphaHigh(u16),
    AlphaSigmoidSteepness(i16),
    BondsPenalty(u16),
    BondsResetEnabled(bool),
}

/// One step; its parts apply in the order hyperparameters, stake, replace, weights,
/// reset_bonds, epoch.
#[derive(Encode, Decode, DecodeWithMemTracking, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct ScenarioStep {
    /// The block of this step.
    pub block: u64,
    /// `(uid, raw stake)` to set.
    pub stake: Vec<(u16, u64)>,
    /// A new hotkey takes this uid at `block`: no stored permit, `last_update = 0`; its old
    /// weight and bond rows stay.
    pub replace: Option<u16>,
    /// `(uid, row)`: the uid submits this row at `block`, as `set_weights` would store it.
    pub weights: Vec<(u16, Vec<(u16, u16)>)>,
    /// Run one epoch at `block`.
    pub epoch: bool,
    /// Hyperparameters changed first in this step.
    pub hyperparameters: Vec<ScenarioParam>,
    /// Wipe every bond to this uid (only when `bonds_reset_enabled`), after `weights`.
    pub reset_bonds: Option<u16>,
}

/// One epoch's result, as the chain stores it.
#[derive(Encode, Decode, DecodeWithMemTracking, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct EpochReport {
    /// The block the epoch ran at.
    pub block: u64,
    /// Combined emission per uid.
    pub emission: Vec<u64>,
    /// Miner part per uid.
    pub server_emission: Vec<u64>,
    /// Validator part per uid.
    pub validator_emission: Vec<u64>,
    /// u16 proportions.
    pub incentive: Vec<u16>,
    /// u16 proportions.
    pub dividends: Vec<u16>,
    /// u16 proportions.
    pub consensus: Vec<u16>,
    /// u16 proportions.
    pub rank: Vec<u16>,
    /// u16 proportions.
    pub trust: Vec<u16>,
    /// u16 proportions.
    pub validator_trust: Vec<u16>,
    /// Permits stored for the next epoch.
    pub validator_permit: Vec<bool>,
    /// Stored bond rows after the epoch.
    pub bonds: Vec<Vec<(u16, u16)>>,
}

/// Why a scenario was refused. Field names say which part of the input was wrong.
#[derive(Encode, Decode, DecodeWithMemTracking, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub enum ScenarioError {
    /// `n` is 0.
    EmptySubnet,
    /// `n` is above [`MAX_UIDS`].
    TooManyUids { n: u16, max: u16 },
    /// `stake` does not have `n` entries.
    StakeLengthMismatch { n: u16, len: u32 },
    /// `block_at_registration` does not have `n` entries.
    RegistrationLengthMismatch { n: u16, len: u32 },
    /// More than [`MAX_STEPS`] steps.
    TooManySteps { steps: u32, max: u32 },
    /// `bonds_moving_average` is above 1_000_000 parts per million.
    BondsMovingAverageTooLarge { value: u64 },
    /// A step names a uid `>= n` (in `stake`, `replace` or as a `weights` row owner).
    UidOutOfRange { step: u32, uid: u16 },
    /// A step's `stake` list or one `weights` row has more than [`MAX_ROW`] entries.
    RowTooLong { step: u32, uid: u16, len: u32 },
    /// `epochs * n * (n + validators)` is above [`MAX_WORK`].
    TooMuchWork { epochs: u32, n: u16 },
    /// A step changes `bonds_moving_average` to more than 1_000_000 parts per million.
    StepBondsMovingAverageTooLarge { step: u32, value: u64 },
}

fn len_u32(len: usize) -> u32 {
    u32::try_from(len).unwrap_or(u32::MAX)
}

/// Checks sizes and bounds before anything runs, so a refused scenario does no work.
fn validate(s: &Scenario) -> Result<(), ScenarioError> {
    if s.n == 0 {
        return Err(ScenarioError::EmptySubnet);
    }
    if s.n > MAX_UIDS {
        return Err(ScenarioError::TooManyUids {
            n: s.n,
            max: MAX_UIDS,
        });
    }
    if s.stake.len() != usize::from(s.n) {
        return Err(ScenarioError::StakeLengthMismatch {
            n: s.n,
            len: len_u32(s.stake.len()),
        });
    }
    if s.block_at_registration.len() != usize::from(s.n) {
        let len = len_u32(s.block_at_registration.len());
        return Err(ScenarioError::RegistrationLengthMismatch { n: s.n, len });
    }
    if s.steps.len() > MAX_STEPS as usize {
        let steps = len_u32(s.steps.len());
        return Err(ScenarioError::TooManySteps {
            steps,
            max: MAX_STEPS,
        });
    }
    if s.bonds_moving_average > 1_000_000 {
        return Err(ScenarioError::BondsMovingAverageTooLarge {
            value: s.bonds_moving_average,
        });
    }
    for (index, step) in s.steps.iter().enumerate() {
        let step_no = len_u32(index);
        let out_of_range = |uid: u16| ScenarioError::UidOutOfRange { step: step_no, uid };
        if step.stake.len() > MAX_ROW as usize {
            let len = len_u32(step.stake.len());
            return Err(ScenarioError::RowTooLong {
                step: step_no,
                uid: 0,
                len,
            });
        }
        if let Some((uid, _)) = step.stake.iter().find(|(uid, _)| *uid >= s.n) {
            return Err(out_of_range(*uid));
        }
        if let Some(uid) = step.replace.filter(|uid| *uid >= s.n) {
            return Err(out_of_range(uid));
        }
        if let Some(uid) = step.reset_bonds.filter(|uid| *uid >= s.n) {
            return Err(out_of_range(uid));
        }
        if step.hyperparameters.len() > MAX_ROW as usize {
            let len = len_u32(step.hyperparameters.len());
            return Err(ScenarioError::RowTooLong {
                step: step_no,
                uid: 0,
                len,
            });
        }
        for param in &step.hyperparameters {
            if let ScenarioParam::BondsMovingAverage(value) = param {
                if *value > 1_000_000 {
                    return Err(ScenarioError::StepBondsMovingAverageTooLarge {
                        step: step_no,
                        value: *value,
                    });
                }
            }
        }
        for (uid, row) in &step.weights {
            if *uid >= s.n {
                return Err(out_of_range(*uid));
            }
            if row.len() > MAX_ROW as usize {
                let len = len_u32(row.len());
                return Err(ScenarioError::RowTooLong {
                    step: step_no,
                    uid: *uid,
                    len,
                });
            }
        }
    }
    let epochs = len_u32(s.steps.iter().filter(|st| st.epoch).count());
    let n = u64::from(s.n);
    // The most validators any step may have (a step can raise max_allowed_validators).
    let most = s
        .steps
        .iter()
        .flat_map(|st| st.hyperparameters.iter())
        .filter_map(|p| match p {
            ScenarioParam::MaxAllowedValidators(v) => Some(*v),
            _ => None,
        })
        .fold(s.max_allowed_validators, u16::max);
    let validators = n.min(u64::from(most));
    let work = u64::from(epochs)
        .saturating_mul(n)
        .saturating_mul(n.saturating_add(validators));
    if work > MAX_WORK {
        return Err(ScenarioError::TooMuchWork { epochs, n: s.n });
    }
    Ok(())
}

/// Runs the scenario: one [`EpochReport`] per step with `epoch: true`, in order.
pub fn simulate(s: &Scenario) -> Result<Vec<EpochReport>, ScenarioError> {
    validate(s)?;
    let n = usize::from(s.n);
    let mut state = EpochInput {
        current_block: 0,
        activity_cutoff: s.activity_cutoff,
        max_allowed_validators: s.max_allowed_validators,
        kappa: s.kappa,
        bonds_moving_average: s.bonds_moving_average,
        emission: s.emission_per_epoch,
        // No uid has set weights yet; no epoch has granted permits yet.
        last_update: vec![0; n],
        block_at_registration: s.block_at_registration.clone(),
        validator_permit: vec![false; n],
        stake: s.stake.clone(),
        weights: vec![Vec::new(); n],
        bonds: vec![Vec::new(); n],
        bonds_config: s.bonds_config,
    };
    let mut reports = Vec::new();
    for step in &s.steps {
        for param in &step.hyperparameters {
            apply(&mut state, param);
        }
        for (uid, amount) in &step.stake {
            if let Some(slot) = state.stake.get_mut(usize::from(*uid)) {
                *slot = *amount;
            }
        }
        if let Some(i) = step.replace.map(usize::from) {
            // As the chain replaces a uid (pallet-subnets `NeuronState::replace`): registered at
            // this block, no permit and no weights update of its own; the old rows stay.
            if let Some(slot) = state.block_at_registration.get_mut(i) {
                *slot = step.block;
            }
            if let Some(slot) = state.validator_permit.get_mut(i) {
                *slot = false;
            }
            if let Some(slot) = state.last_update.get_mut(i) {
                *slot = 0;
            }
        }
        for (uid, row) in &step.weights {
            let i = usize::from(*uid);
            let values: Vec<u16> = row.iter().map(|(_, v)| *v).collect();
            let stored: Vec<(u16, u16)> = row
                .iter()
                .map(|(j, _)| *j)
                .zip(max_upscale_u16(&values))
                .collect();
            if let Some(slot) = state.weights.get_mut(i) {
                *slot = stored;
            }
            if let Some(slot) = state.last_update.get_mut(i) {
                *slot = step.block;
            }
        }
        if let Some(uid) = step.reset_bonds {
            if state.bonds_config.bonds_reset_enabled {
                reset_bonds(&mut state.bonds, uid);
            }
        }
        if step.epoch {
            state.current_block = step.block;
            let out = run_epoch(&state);
            state.validator_permit = out.validator_permit.clone();
            state.bonds = out.bonds.clone();
            reports.push(EpochReport {
                block: step.block,
                emission: out.emission,
                server_emission: out.server_emission,
                validator_emission: out.validator_emission,
                incentive: out.incentive,
                dividends: out.dividends,
                consensus: out.consensus,
                rank: out.rank,
                trust: out.trust,
                validator_trust: out.validator_trust,
                validator_permit: out.validator_permit,
                bonds: out.bonds,
            });
        }
    }
    Ok(reports)
}

/// Applies one step hyperparameter to the simulator's state.
fn apply(state: &mut EpochInput, param: &ScenarioParam) {
    use ScenarioParam as P;
    let cfg = &mut state.bonds_config;
    match *param {
        P::Kappa(v) => state.kappa = v,
        P::BondsMovingAverage(v) => state.bonds_moving_average = v,
        P::ActivityCutoff(v) => state.activity_cutoff = v,
        P::MaxAllowedValidators(v) => state.max_allowed_validators = v,
        P::Yuma3Enabled(v) => cfg.yuma3_enabled = v,
        P::LiquidAlphaEnabled(v) => cfg.liquid_alpha_enabled = v,
        P::AlphaLow(v) => cfg.alpha_low = v,
        P::AlphaHigh(v) => cfg.alpha_high = v,
        P::AlphaSigmoidSteepness(v) => cfg.alpha_sigmoid_steepness = v,
        P::BondsPenalty(v) => cfg.bonds_penalty = v,
        P::BondsResetEnabled(v) => cfg.bonds_reset_enabled = v,
    }
}
