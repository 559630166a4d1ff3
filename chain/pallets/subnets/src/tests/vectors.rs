//! The shared Yuma vectors (`shared/vectors/yuma/*.json`) replayed through the pallet's own
//! epoch path: state written to storage as the calls write it, `Pallet::epoch` reading it back,
//! and the stored outputs (metagraph vectors, permits, bonds) and payouts compared exactly.
//! This checks the glue between storage and `meshtensor_yuma::run_epoch`.

use super::mock::*;
use crate::*;
use frame_support::assert_ok;
use serde_json::Value;

const VECTORS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../../shared/vectors/yuma"
);
const VECTORS_YUMA3: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../../shared/vectors/yuma3"
);

/// A Yuma 3 scenario key as the `set_hyperparameter` argument (`None` for the classic keys,
/// which the subnet is set up with directly).
fn bond_param(key: &str, v: &Value) -> Option<Hyperparameter> {
    use Hyperparameter as H;
    let u16v = || v.as_u64().unwrap() as u16;
    let b = || v.as_bool().unwrap();
    Some(match key {
        "yuma3_enabled" => H::Yuma3Enabled(b()),
        "liquid_alpha_enabled" => H::LiquidAlphaEnabled(b()),
        "alpha_low" => H::AlphaLow(u16v()),
        "alpha_high" => H::AlphaHigh(u16v()),
        "alpha_sigmoid_steepness" => H::AlphaSigmoidSteepness(v.as_i64().unwrap() as i16),
        "bonds_penalty" => H::BondsPenalty(u16v()),
        "bonds_reset_enabled" => H::BondsResetEnabled(b()),
        _ => return None,
    })
}

/// Sets the bond options of a scenario's `hyperparameters` object through the owner's call
/// (liquid alpha first, since the alpha bounds need it on; `alpha_high` before `alpha_low` when
/// they go down, as an owner would).
fn set_bond_params(netuid: u16, hp: &Value) {
    let mut params: Vec<Hyperparameter> = hp
        .as_object()
        .into_iter()
        .flatten()
        .filter_map(|(k, v)| bond_param(k, v))
        .collect();
    let rank = |p: &Hyperparameter| match p {
        Hyperparameter::LiquidAlphaEnabled(true) => 0,
        Hyperparameter::AlphaLow(v) if *v > Hyperparams::<Test>::get(netuid).unwrap().alpha_low => {
            2
        }
        Hyperparameter::AlphaLow(_) => 1,
        _ => 3,
    };
    params.sort_by_key(rank);
    for p in params {
        assert_ok!(Subnets::set_hyperparameter(
            RuntimeOrigin::signed(1),
            netuid,
            p
        ));
    }
}

fn u64s(v: &Value) -> Vec<u64> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_u64().unwrap())
        .collect()
}

fn u16s(v: &Value) -> Vec<u16> {
    u64s(v).into_iter().map(|x| x as u16).collect()
}

fn row(v: &Value) -> Vec<(u16, u16)> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|p| (p[0].as_u64().unwrap() as u16, p[1].as_u64().unwrap() as u16))
        .collect()
}

fn hotkey(uid: u16) -> u64 {
    1000 + u64::from(uid)
}

/// Sets the raw stake of `uid`'s hotkey (all of it on coldkey 1).
fn set_stake(uid: u16, amount: u64) {
    let h = hotkey(uid);
    let current = stake_of(h, 1);
    Subnets::decrease_stake(&h, &1, current);
    Subnets::increase_stake(&h, &1, amount);
}

fn replay(path: &std::path::Path) {
    let v: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let name = v["name"].as_str().unwrap().to_string();
    let n = v["n"].as_u64().unwrap() as u16;
    let hp = &v["hyperparameters"];
    let get = |k: &str, d: u64| hp.get(k).and_then(Value::as_u64).unwrap_or(d);
    let emission = v["emission_per_epoch"].as_u64().unwrap();
    new_test_ext().execute_with(|| {
        let netuid = add_network(1);
        set_hp(netuid, |p| {
            p.max_allowed_uids = n.max(1);
            p.kappa = get("kappa", 32767) as u16;
            p.bonds_moving_average = get("bonds_moving_average", 900_000);
            p.activity_cutoff = get("activity_cutoff", 5000) as u16;
            p.max_allowed_validators = get("max_allowed_validators", u64::from(n)) as u16;
        });
        for uid in 0..n {
            assert_eq!(register_neuron(netuid, hotkey(uid), 1), uid);
        }
        let bar = v
            .get("block_at_registration")
            .map(u64s)
            .unwrap_or_else(|| vec![0; usize::from(n)]);
        Neurons::<Test>::mutate(netuid, |s| s.block_at_registration = bar);
        for (uid, s) in u64s(&v["stake"]).into_iter().enumerate() {
            set_stake(uid as u16, s);
        }
        set_bond_params(netuid, hp);

        let mut expect = v["expect"].as_array().unwrap().iter();
        for step in v["steps"].as_array().unwrap() {
            let block = step["block"].as_u64().unwrap();
            if let Some(hp) = step.get("hyperparameters") {
                set_bond_params(netuid, hp);
            }
            if let Some(stakes) = step.get("stake").and_then(Value::as_object) {
                for (uid, s) in stakes {
                    set_stake(uid.parse().unwrap(), s.as_u64().unwrap());
                }
            }
            if let Some(r) = step.get("replace") {
                let uid = r["uid"].as_u64().unwrap() as u16;
                // The same state change burned_register makes on a replacement.
                Neurons::<Test>::mutate(netuid, |s| s.replace(uid, block));
            }
            if let Some(ws) = step.get("weights").and_then(Value::as_object) {
                for (uid, r) in ws {
                    let uid: u16 = uid.parse().unwrap();
                    let r = row(r);
                    let values: Vec<u16> = r.iter().map(|(_, w)| *w).collect();
                    let up = meshtensor_yuma::max_upscale_u16(&values);
                    let stored: Vec<(u16, u16)> =
                        r.iter().map(|(u, _)| *u).zip(up.iter().copied()).collect();
                    Weights::<Test>::insert(netuid, uid, stored);
                    Neurons::<Test>::mutate(netuid, |s| s.last_update[usize::from(uid)] = block);
                }
            }
            if let Some(r) = step.get("reset_bonds") {
                let uid = r["uid"].as_u64().unwrap() as u16;
                assert_ok!(Subnets::reset_bonds(
                    RuntimeOrigin::signed(hotkey(uid)),
                    netuid
                ));
            }
            if step.get("epoch").and_then(Value::as_bool) == Some(true) {
                let out = Subnets::epoch(netuid, block, emission);
                let e = expect
                    .next()
                    .unwrap_or_else(|| panic!("{name}: more epochs than expected"));
                assert_eq!(e["block"].as_u64().unwrap(), block, "{name}");
                let at = format!("{name} epoch at block {block}");
                let server: Vec<u64> = out.payouts.iter().map(|p| p.1).collect();
                let validator: Vec<u64> = out.payouts.iter().map(|p| p.2).collect();
                assert_eq!(server, u64s(&e["server_emission"]), "{at}: server_emission");
                assert_eq!(
                    validator,
                    u64s(&e["validator_emission"]),
                    "{at}: validator_emission"
                );
                let s = Neurons::<Test>::get(netuid);
                assert_eq!(s.emission, u64s(&e["emission"]), "{at}: emission");
                assert_eq!(s.incentive, u16s(&e["incentive"]), "{at}: incentive");
                assert_eq!(s.dividends, u16s(&e["dividends"]), "{at}: dividends");
                assert_eq!(s.consensus, u16s(&e["consensus"]), "{at}: consensus");
                assert_eq!(s.rank, u16s(&e["rank"]), "{at}: rank");
                assert_eq!(s.trust, u16s(&e["trust"]), "{at}: trust");
                assert_eq!(
                    s.validator_trust,
                    u16s(&e["validator_trust"]),
                    "{at}: validator_trust"
                );
                let permits: Vec<bool> = e["validator_permit"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|b| b.as_bool().unwrap())
                    .collect();
                assert_eq!(s.validator_permit, permits, "{at}: validator_permit");
                let bonds: Vec<Vec<(u16, u16)>> =
                    (0..n).map(|uid| Bonds::<Test>::get(netuid, uid)).collect();
                let expected: Vec<Vec<(u16, u16)>> =
                    e["bonds"].as_array().unwrap().iter().map(row).collect();
                assert_eq!(bonds, expected, "{at}: bonds");
            }
        }
        assert!(
            expect.next().is_none(),
            "{name}: fewer epochs than expected"
        );
    });
}

fn replay_dir(dir: &str) {
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("read {dir}: {e}"))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    paths.sort();
    assert!(!paths.is_empty(), "no vectors in {dir}");
    for p in &paths {
        replay(p);
    }
}

#[test]
fn shared_yuma_vectors_through_the_pallet_epoch() {
    replay_dir(VECTORS);
}

/// The Yuma 3 vectors with their options set through `set_hyperparameter` by the subnet owner.
#[test]
fn shared_yuma3_vectors_through_the_pallet_epoch() {
    replay_dir(VECTORS_YUMA3);
}
