//! Reads the scenario JSON of `spec/yuma-scenario.md` into a [`Scenario`], applying its defaults
//! (the TypeScript CLI does the same before it calls the runtime).

use crate::scenario::{EpochReport, Scenario, ScenarioParam, ScenarioStep};
use crate::yuma3::BondsConfig;
use serde_json::Value;

fn u64_of(v: &Value, what: &str) -> u64 {
    v.as_u64()
        .unwrap_or_else(|| panic!("{what}: not an unsigned integer: {v}"))
}

fn u16_of(v: &Value, what: &str) -> u16 {
    u16::try_from(u64_of(v, what)).unwrap_or_else(|_| panic!("{what}: above 65535"))
}

fn pairs(v: &Value, what: &str) -> Vec<(u16, u16)> {
    v.as_array()
        .unwrap_or_else(|| panic!("{what}: not an array"))
        .iter()
        .map(|p| (u16_of(&p[0], what), u16_of(&p[1], what)))
        .collect()
}

fn bool_of(v: &Value, what: &str) -> bool {
    v.as_bool()
        .unwrap_or_else(|| panic!("{what}: not a boolean: {v}"))
}

/// One hyperparameter key of a scenario (top level or a step's).
fn param(key: &str, v: &Value) -> ScenarioParam {
    use ScenarioParam as P;
    match key {
        "kappa" => P::Kappa(u16_of(v, key)),
        "bonds_moving_average" => P::BondsMovingAverage(u64_of(v, key)),
        "activity_cutoff" => P::ActivityCutoff(u64_of(v, key)),
        "max_allowed_validators" => P::MaxAllowedValidators(u16_of(v, key)),
        "yuma3_enabled" => P::Yuma3Enabled(bool_of(v, key)),
        "liquid_alpha_enabled" => P::LiquidAlphaEnabled(bool_of(v, key)),
        "alpha_low" => P::AlphaLow(u16_of(v, key)),
        "alpha_high" => P::AlphaHigh(u16_of(v, key)),
        "alpha_sigmoid_steepness" => P::AlphaSigmoidSteepness(
            v.as_i64()
                .and_then(|x| i16::try_from(x).ok())
                .unwrap_or_else(|| panic!("{key}: not an i16: {v}")),
        ),
        "bonds_penalty" => P::BondsPenalty(u16_of(v, key)),
        "bonds_reset_enabled" => P::BondsResetEnabled(bool_of(v, key)),
        _ => panic!("unknown hyperparameter {key:?}"),
    }
}

/// The bond options of a scenario's top-level `hyperparameters`.
fn bonds_config(hp: &Value) -> BondsConfig {
    let mut cfg = BondsConfig::default();
    for (key, v) in hp.as_object().into_iter().flatten() {
        match param(key, v) {
            ScenarioParam::Yuma3Enabled(x) => cfg.yuma3_enabled = x,
            ScenarioParam::LiquidAlphaEnabled(x) => cfg.liquid_alpha_enabled = x,
            ScenarioParam::AlphaLow(x) => cfg.alpha_low = x,
            ScenarioParam::AlphaHigh(x) => cfg.alpha_high = x,
            ScenarioParam::AlphaSigmoidSteepness(x) => cfg.alpha_sigmoid_steepness = x,
            ScenarioParam::BondsPenalty(x) => cfg.bonds_penalty = x,
            ScenarioParam::BondsResetEnabled(x) => cfg.bonds_reset_enabled = x,
            _ => {}
        }
    }
    cfg
}

fn uid_key(k: &str) -> u16 {
    k.parse()
        .unwrap_or_else(|_| panic!("uid key {k:?} is not a u16"))
}

/// The scenario of a JSON document, with the spec's defaults.
pub fn scenario(doc: &Value) -> Scenario {
    let n = u16_of(&doc["n"], "n");
    let hp = &doc["hyperparameters"];
    let hyper = |key: &str, default: u64| hp.get(key).map_or(default, |v| u64_of(v, key));
    let list = |key: &str| -> Vec<u64> {
        doc.get(key).map_or_else(
            || vec![0; usize::from(n)],
            |v| {
                v.as_array()
                    .unwrap()
                    .iter()
                    .map(|x| u64_of(x, key))
                    .collect()
            },
        )
    };
    let steps = doc["steps"]
        .as_array()
        .expect("steps")
        .iter()
        .map(|st| ScenarioStep {
            block: u64_of(&st["block"], "block"),
            stake: st.get("stake").map_or_else(Vec::new, |m| {
                m.as_object()
                    .unwrap()
                    .iter()
                    .map(|(k, v)| (uid_key(k), u64_of(v, "stake")))
                    .collect()
            }),
            replace: st.get("replace").map(|r| u16_of(&r["uid"], "replace.uid")),
            weights: st.get("weights").map_or_else(Vec::new, |m| {
                m.as_object()
                    .unwrap()
                    .iter()
                    .map(|(k, v)| (uid_key(k), pairs(v, "weights")))
                    .collect()
            }),
            epoch: st.get("epoch").and_then(Value::as_bool).unwrap_or(false),
            hyperparameters: st.get("hyperparameters").map_or_else(Vec::new, |m| {
                m.as_object()
                    .unwrap()
                    .iter()
                    .map(|(k, v)| param(k, v))
                    .collect()
            }),
            reset_bonds: st
                .get("reset_bonds")
                .map(|r| u16_of(&r["uid"], "reset_bonds.uid")),
        })
        .collect();
    Scenario {
        n,
        kappa: u16::try_from(hyper("kappa", 32767)).unwrap(),
        bonds_moving_average: hyper("bonds_moving_average", 900_000),
        activity_cutoff: hyper("activity_cutoff", 5000),
        max_allowed_validators: u16::try_from(hyper("max_allowed_validators", u64::from(n)))
            .unwrap(),
        emission_per_epoch: u64_of(&doc["emission_per_epoch"], "emission_per_epoch"),
        stake: list("stake"),
        block_at_registration: list("block_at_registration"),
        steps,
        bonds_config: bonds_config(hp),
    }
}

/// The expected epochs of a JSON document (`expect`).
pub fn expected(doc: &Value) -> Vec<EpochReport> {
    let u64s = |e: &Value, k: &str| -> Vec<u64> {
        e[k].as_array()
            .unwrap()
            .iter()
            .map(|x| u64_of(x, k))
            .collect()
    };
    let u16s = |e: &Value, k: &str| -> Vec<u16> {
        e[k].as_array()
            .unwrap()
            .iter()
            .map(|x| u16_of(x, k))
            .collect()
    };
    doc["expect"]
        .as_array()
        .expect("expect")
        .iter()
        .map(|e| EpochReport {
            block: u64_of(&e["block"], "block"),
            emission: u64s(e, "emission"),
            server_emission: u64s(e, "server_emission"),
            validator_emission: u64s(e, "validator_emission"),
            incentive: u16s(e, "incentive"),
            dividends: u16s(e, "dividends"),
            consensus: u16s(e, "consensus"),
            rank: u16s(e, "rank"),
            trust: u16s(e, "trust"),
            validator_trust: u16s(e, "validator_trust"),
            validator_permit: e["validator_permit"]
                .as_array()
                .unwrap()
                .iter()
                .map(|b| b.as_bool().unwrap())
                .collect(),
            bonds: e["bonds"]
                .as_array()
                .unwrap()
                .iter()
                .map(|row| pairs(row, "bonds"))
                .collect(),
        })
        .collect()
}
