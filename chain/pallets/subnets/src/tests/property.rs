//! Property test: random sequences of calls and blocks over a few subnets never panic, keep
//! every storage invariant, and move total issuance by exactly burns and payouts.

use super::mock::*;
use crate::*;
use frame_support::BoundedVec;
use proptest::prelude::*;

#[derive(Debug, Clone)]
struct Op {
    kind: u8,
    a: u64,
    b: u64,
    c: u64,
    values: Vec<u16>,
}

fn op() -> impl Strategy<Value = Op> {
    (
        0u8..15,
        any::<u64>(),
        any::<u64>(),
        any::<u64>(),
        prop::collection::vec(any::<u16>(), 0..6),
    )
        .prop_map(|(kind, a, b, c, values)| Op {
            kind,
            a,
            b,
            c,
            values,
        })
}

fn hyperparameter(a: u64, b: u64) -> Hyperparameter {
    use Hyperparameter as H;
    let v16 = (b % 40) as u16;
    match a % 16 {
        0 => H::Tempo(v16),
        1 => H::MaxAllowedUids(v16),
        2 => H::MaxAllowedValidators(v16),
        3 => H::ImmunityPeriod(v16),
        4 => H::MinAllowedWeights(v16),
        5 => H::MaxWeightLimit((b % 65536) as u16),
        6 => H::WeightsRateLimit(b % 5),
        7 => H::Burn(b % (3 * TOKEN)),
        8 => H::CommitRevealEnabled(b.is_multiple_of(2)),
        9 => H::AdjustmentInterval(v16),
        10 => H::Kappa((b % 65536) as u16),
        11 => H::RegistrationAllowed(!b.is_multiple_of(5)),
        12 => H::Yuma3Enabled(!b.is_multiple_of(3)),
        13 => H::LiquidAlphaEnabled(!b.is_multiple_of(3)),
        14 => H::BondsPenalty((b % 65536) as u16),
        _ => H::AlphaLow((b % 65536) as u16),
    }
}

/// Applies one operation; returns the burn it is expected to take out of issuance if it
/// succeeds (the call's result is ignored: refusals are fine, panics and broken state are not).
fn apply(o: &Op) -> (u64, bool) {
    let netuid = (o.c % 5) as u16;
    let n = SubnetworkN::<Test>::get(netuid);
    // Mostly act as keys that exist and own what they touch, so calls get past their first
    // checks; sometimes as strangers, so refusals are exercised too.
    let hotkey = match Keys::<Test>::get(netuid, (o.b % u64::from(n.max(1))) as u16) {
        Some(k) if !o.b.is_multiple_of(4) => k,
        _ => 100 + o.b % 24,
    };
    let coldkey = match Owner::<Test>::get(hotkey) {
        Some(c) if !o.a.is_multiple_of(4) => c,
        _ => o.a % 6 + 1,
    };
    let uids: Vec<u16> = o.values.iter().map(|v| v % n.saturating_add(1)).collect();
    let res = match o.kind {
        0 => Subnets::register_network(signed(coldkey)),
        1 => {
            let owner = SubnetOwner::<Test>::get(netuid).unwrap_or(coldkey);
            Subnets::dissolve_network(signed(owner), netuid)
        }
        2 => {
            let burn = Hyperparams::<Test>::get(netuid)
                .map(|h| h.burn)
                .unwrap_or(0);
            let fresh = 100 + o.b % 24;
            let coldkey = Owner::<Test>::get(fresh).unwrap_or(coldkey);
            let r = Subnets::burned_register(signed(coldkey), netuid, fresh);
            return (burn, r.is_ok());
        }
        3 => {
            // Distinct uids, so some rows pass every check.
            let distinct: Vec<u16> = (0..n).take(o.values.len()).collect();
            let values = o.values.iter().take(distinct.len()).copied().collect();
            let uids = if o.a.is_multiple_of(3) {
                uids
            } else {
                distinct
            };
            Subnets::set_weights(signed(hotkey), netuid, uids, values, 0)
        }
        4 => Subnets::add_stake(signed(coldkey), hotkey, o.c % (50 * TOKEN)),
        5 => Subnets::remove_stake(signed(coldkey), hotkey, o.c % (50 * TOKEN)),
        6 => Subnets::become_delegate(signed(coldkey), hotkey),
        7 => Subnets::root_register(signed(coldkey), hotkey),
        8 => Subnets::set_root_weights(signed(hotkey), uids, o.values.clone(), 0),
        9 => {
            let owner = SubnetOwner::<Test>::get(netuid).unwrap_or(coldkey);
            Subnets::set_hyperparameter(signed(owner), netuid, hyperparameter(o.a, o.c))
        }
        10 | 11 => {
            run_to_block(block() + 1 + o.c % 15);
            Ok(())
        }
        12 => Subnets::serve_axon(
            signed(hotkey),
            netuid,
            AxonEndpoint {
                peer_id: BoundedVec::try_from(
                    o.values.iter().map(|v| *v as u8).collect::<Vec<_>>(),
                )
                .unwrap(),
                multiaddrs: BoundedVec::try_from(vec![BoundedVec::try_from(
                    b"/ip4/1.2.3.4".to_vec(),
                )
                .unwrap()])
                .unwrap(),
                version: 0,
                protocol: 0,
            },
        ),
        13 => Subnets::commit_weights(
            signed(hotkey),
            netuid,
            sp_core::H256::repeat_byte(o.c as u8),
        ),
        _ => {
            if o.c.is_multiple_of(2) {
                Subnets::decrease_take(signed(coldkey), hotkey, (o.c % 12000) as u16)
            } else {
                Subnets::increase_take(signed(coldkey), hotkey, (o.c % 12000) as u16)
            }
        }
    };
    (0, res.is_ok())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, .. ProptestConfig::default() })]

    #[test]
    fn random_calls_keep_invariants_and_issuance_accounting(ops in prop::collection::vec(op(), 1..120)) {
        new_test_ext().execute_with(|| {
            for o in &ops {
                let iss = issuance();
                let paid_before = emission_paid();
                let (burn, ok) = apply(o);
                let paid_after = emission_paid();
                let paid = (paid_after.0 - paid_before.0)
                    + (paid_after.1 - paid_before.1)
                    + (paid_after.2 - paid_before.2);
                let burned = if ok { burn } else { 0 };
                assert_eq!(issuance(), iss + paid - burned, "issuance after {o:?}");
                assert_invariants();
            }
        });
    }
}
