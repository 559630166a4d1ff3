//! Security properties (the reliability suite's part of the pallet tests): one subnet owner cannot
//! touch another's subnet, a coldkey stakes only on hotkeys it owns or that are delegates, the
//! weights of a deregistered hotkey stop counting, and malformed call arguments (including
//! mutated SCALE-encoded calls) never panic, keep every invariant and change nothing when refused.

use super::mock::*;
use crate::*;
use codec::{DecodeLimit, Encode};
use frame_support::{assert_noop, assert_ok, dispatch::GetDispatchInfo, BoundedVec};
use proptest::prelude::*;
use sp_runtime::traits::Dispatchable;

/// Every hyperparameter, each with a value the owner of the subnet may set.
fn every_hyperparameter() -> Vec<Hyperparameter> {
    use Hyperparameter as H;
    vec![
        H::Tempo(20),
        H::ImmunityPeriod(30),
        H::MaxAllowedUids(64),
        H::MaxAllowedValidators(8),
        H::MinAllowedWeights(2),
        H::MaxWeightLimit(30_000),
        H::Kappa(30_000),
        H::BondsMovingAverage(800_000),
        H::ActivityCutoff(500),
        H::WeightsRateLimit(3),
        H::WeightsVersionKey(2),
        H::ServingRateLimit(3),
        H::TargetRegistrationsPerInterval(3),
        H::MaxRegistrationsPerBlock(3),
        H::AdjustmentInterval(50),
        H::AdjustmentAlpha(5),
        H::Burn(2 * TOKEN),
        H::MinBurn(1),
        H::MaxBurn(1000 * TOKEN),
        H::CommitRevealEnabled(true),
        H::RevealPeriodEpochs(2),
        H::RegistrationAllowed(false),
        H::Yuma3Enabled(true),
        H::LiquidAlphaEnabled(true),
        H::AlphaLow(6553),
        H::AlphaHigh(19660),
        H::AlphaSigmoidSteepness(200),
        H::BondsPenalty(0),
        H::BondsResetEnabled(true),
    ]
}

#[test]
fn a_subnet_owner_cannot_change_or_dissolve_another_owners_subnet() {
    new_test_ext().execute_with(|| {
        let mine = add_network(1);
        let theirs = add_network(2);
        // Owning a neuron on their subnet gives no say over it either.
        register_neuron(theirs, 100, 1);
        let before = Hyperparams::<Test>::get(theirs);
        for param in every_hyperparameter() {
            assert_noop!(
                Subnets::set_hyperparameter(signed(1), theirs, param.clone()),
                Error::<Test>::NotSubnetOwner
            );
            assert_noop!(
                Subnets::set_hyperparameter(signed(100), theirs, param.clone()),
                Error::<Test>::NotSubnetOwner
            );
            // The same change on the owner's own subnet goes through (the refusal is about ownership).
            assert_ok!(Subnets::set_hyperparameter(signed(1), mine, param));
        }
        assert_eq!(Hyperparams::<Test>::get(theirs), before);
        assert_noop!(
            Subnets::dissolve_network(signed(1), theirs),
            Error::<Test>::NotSubnetOwner
        );
        assert_noop!(
            Subnets::set_network_parameter(signed(1), NetworkParameter::SubnetLimit(1)),
            sp_runtime::DispatchError::BadOrigin
        );
        assert_eq!(SubnetOwner::<Test>::get(theirs), Some(2));
    });
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, .. ProptestConfig::default() })]

    /// Random (coldkey, hotkey, amount): staking succeeds only for the hotkey's own coldkey or a
    /// delegate, and a refused stake moves no balance and no stake.
    #[test]
    fn a_coldkey_stakes_only_on_its_own_hotkeys_or_delegates(
        tries in prop::collection::vec((1u64..=6, 0u64..8, 1u64..(10 * TOKEN)), 1..40),
        delegates in prop::collection::vec(any::<bool>(), 8),
    ) {
        new_test_ext().execute_with(|| {
            let netuid = add_network(1);
            // Hotkeys 100..108, owned by coldkeys 1..=4; some become delegates.
            for h in 0..8u64 {
                register_neuron(netuid, 100 + h, 1 + h % 4);
                if delegates[h as usize] {
                    assert_ok!(Subnets::become_delegate(signed(1 + h % 4), 100 + h));
                }
            }
            for (coldkey, h, amount) in tries {
                let hotkey = 100 + h;
                let allowed = Owner::<Test>::get(hotkey) == Some(coldkey) || Delegates::<Test>::contains_key(hotkey);
                let (free_before, stake_before) = (free(coldkey), stake_of(hotkey, coldkey));
                let result = Subnets::add_stake(signed(coldkey), hotkey, amount);
                if allowed {
                    assert!(result.is_ok(), "{coldkey} on {hotkey}: {result:?}");
                    assert_eq!(stake_of(hotkey, coldkey), stake_before + amount);
                } else {
                    assert_eq!(result, Err(Error::<Test>::HotKeyNotDelegateAndSignerNotOwnHotKey.into()));
                    assert_eq!(free(coldkey), free_before);
                    assert_eq!(stake_of(hotkey, coldkey), stake_before);
                }
                // Nobody withdraws stake that is not theirs.
                let other = coldkey % 6 + 1;
                if stake_of(hotkey, other) == 0 {
                    assert!(Subnets::remove_stake(signed(other), hotkey, 1).is_err());
                }
            }
            assert_invariants();
        });
    }
}

/// A 4-uid subnet after 3 epochs: hotkey 100 (uid 0, validator V, 1000 tokens) weights uid 2;
/// hotkey 101 (uid 1, validator D, three times V's stake) weights only uid `d_target`; uids 2
/// and 3 are miners (hotkeys 102, 103) without stake.
fn v_and_d_subnet(d_target: u16, max_allowed_validators: u16) -> u16 {
    let netuid = add_network(1);
    set_hp(netuid, |h| {
        h.max_allowed_uids = 4;
        h.immunity_period = 2;
        h.min_allowed_weights = 1;
        h.max_allowed_validators = max_allowed_validators;
    });
    register_neuron(netuid, 100, 2); // uid 0: validator V
    register_neuron(netuid, 101, 3); // uid 1: validator D, to be deregistered
    register_neuron(netuid, 102, 4); // uid 2: the miner V weights
    register_neuron(netuid, 103, 4); // uid 3: the other miner
    assert_ok!(Subnets::add_stake(signed(2), 100, 1000 * TOKEN));
    assert_ok!(Subnets::add_stake(signed(3), 101, 3000 * TOKEN));
    grant_permits(netuid);
    // Weights set after the miners' registration block count (spec step 5.4).
    run_to_block(block() + 1);
    assert_ok!(Subnets::set_weights(
        signed(100),
        netuid,
        vec![2],
        vec![u16::MAX],
        0
    ));
    assert_ok!(Subnets::set_weights(
        signed(101),
        netuid,
        vec![d_target],
        vec![u16::MAX],
        0
    ));
    step_epochs(netuid, 3);
    netuid
}

/// D is past its immunity and has the lowest pruning score: hotkey 104 (coldkey 5) registers and
/// takes uid 1; D can no longer set weights.
fn replace_d(netuid: u16) {
    run_to_block(block() + 3);
    Neurons::<Test>::mutate(netuid, |s| {
        s.pruning_score = vec![u16::MAX; s.pruning_score.len()];
        s.pruning_score[1] = 0;
    });
    register_neuron(netuid, 104, 5);
    assert_eq!(Keys::<Test>::get(netuid, 1), Some(104));
    assert_noop!(
        Subnets::set_weights(signed(101), netuid, vec![3], vec![u16::MAX], 0),
        Error::<Test>::NotRegistered
    );
}

/// How [`around_deregistration`] plays the replacement of D out.
#[derive(Clone, Copy)]
struct Deregistration {
    /// Stake the newcomer (hotkey 104) gets right after taking D's uid.
    newcomer_stake: u64,
    /// Remove D's old weight row by hand first (the reference: as if the row were gone).
    drop_old_row: bool,
    /// The only uid D weights.
    d_target: u16,
    /// Epochs run after the replacement.
    epochs_after: u32,
    max_allowed_validators: u16,
    /// After the first epoch, the newcomer sets a single self-weight (needs no permit).
    newcomer_self_weight: bool,
}

const DEREG: Deregistration = Deregistration {
    newcomer_stake: 0,
    drop_old_row: false,
    d_target: 3,
    epochs_after: 1,
    max_allowed_validators: 64,
    newcomer_self_weight: false,
};

/// D (see [`v_and_d_subnet`]) is deregistered and replaced by hotkey 104. Returns the neuron
/// state of the last epoch before the replacement and of each epoch after it. Comparing runs with
/// and without `drop_old_row` shows whether D's old row still counts.
fn around_deregistration(d: Deregistration) -> (NeuronState, Vec<NeuronState>) {
    let mut out = (NeuronState::default(), Vec::new());
    new_test_ext().execute_with(|| {
        let netuid = v_and_d_subnet(d.d_target, d.max_allowed_validators);
        out.0 = Neurons::<Test>::get(netuid);
        replace_d(netuid);
        if d.newcomer_stake > 0 {
            assert_ok!(Subnets::add_stake(signed(5), 104, d.newcomer_stake));
        }
        if d.drop_old_row {
            Weights::<Test>::remove(netuid, 1);
        }
        for epoch in 0..d.epochs_after {
            if epoch == 1 && d.newcomer_self_weight {
                assert_ok!(Subnets::set_weights(
                    signed(104),
                    netuid,
                    vec![1],
                    vec![u16::MAX],
                    0
                ));
            }
            step_epochs(netuid, 1);
            out.1.push(Neurons::<Test>::get(netuid));
        }
    });
    out
}

#[test]
fn weights_of_a_deregistered_hotkey_stop_counting() {
    let (before, kept) = around_deregistration(Deregistration {
        epochs_after: 3,
        ..DEREG
    });
    // While registered, D's weights decided the epoch (it holds 3/4 of the stake).
    assert!(before.incentive[3] > 0, "before: {:?}", before.incentive);
    // Replaced by a newcomer without stake: the old row carries nothing, as if it were gone.
    let (_, dropped) = around_deregistration(Deregistration {
        epochs_after: 3,
        drop_old_row: true,
        ..DEREG
    });
    for (kept, dropped) in kept.iter().zip(&dropped) {
        assert_eq!(kept.incentive, dropped.incentive);
        assert_eq!(kept.incentive[3], 0);
        assert!(kept.incentive[2] > 0);
    }
}

// Was a finding (issue #6): the newcomer inherited D's permit, and yuma.md steps 4 and 5.2 read
// the stored permit, so its stake voted with D's kept row: all incentive ([0, 0, 0, 65535]) went
// to the miner only D had weighted, [0, 0, 0, 0] without the row. A replaced uid now starts
// without a permit and with `last_update = 0`, which masks the kept row (steps 5.4, 11) in the
// epoch right after and in those after it, once the newcomer holds a permit of its own.
#[test]
fn weights_of_a_deregistered_hotkey_do_not_count_with_a_staked_newcomers_stake() {
    let staked = Deregistration {
        newcomer_stake: 3000 * TOKEN,
        epochs_after: 3,
        ..DEREG
    };
    let (_, kept) = around_deregistration(staked);
    let (_, dropped) = around_deregistration(Deregistration {
        drop_old_row: true,
        ..staked
    });
    assert_eq!(kept.len(), 3);
    for (epoch, (kept, dropped)) in kept.iter().zip(&dropped).enumerate() {
        assert!(kept.validator_permit[1], "the newcomer's own permit");
        // The epoch pays exactly what it pays with D's row deleted.
        assert_eq!(kept.incentive, dropped.incentive, "epoch {epoch} after");
        assert_eq!(kept.dividends, dropped.dividends, "epoch {epoch} after");
        assert_eq!(kept.emission, dropped.emission, "epoch {epoch} after");
        assert_eq!(kept.incentive[3], 0, "epoch {epoch} after");
    }
}

#[test]
fn a_staked_newcomer_earns_its_own_permit_at_the_next_epoch() {
    new_test_ext().execute_with(|| {
        // Two permits among four uids: V and D hold them.
        let netuid = v_and_d_subnet(3, 2);
        assert_eq!(
            Neurons::<Test>::get(netuid).validator_permit,
            vec![true, true, false, false]
        );
        replace_d(netuid);
        assert_ok!(Subnets::add_stake(signed(5), 104, 2000 * TOKEN));
        // D's permit did not pass to the newcomer.
        assert!(!Neurons::<Test>::get(netuid).validator_permit[1]);
        assert_noop!(
            Subnets::set_weights(signed(104), netuid, vec![2], vec![u16::MAX], 0),
            Error::<Test>::NoValidatorPermit
        );
        // Its stake ranks second of four: the next epoch gives it a permit of its own.
        step_epochs(netuid, 1);
        assert_eq!(
            Neurons::<Test>::get(netuid).validator_permit,
            vec![true, true, false, false]
        );
        assert_ok!(Subnets::set_weights(
            signed(104),
            netuid,
            vec![2],
            vec![u16::MAX],
            0
        ));
        assert_invariants();
    });
}

// Was a finding (issue #6): D weighted the miner V weights, so D holds bonds on a miner that
// keeps earning, and the newcomer on D's uid, which never set weights and has no stake, was paid
// dividends on them: [21298, 44236, 0, 0] in the first epoch after the replacement. The bond row
// stays in storage (spec/chain.md), but with the newcomer's `last_update = 0` step 11 masks all
// of it; the newcomer gets a permit (4 uids, 64 permits) and its stored row is rebuilt from its
// own (empty) bonds, so the old row is gone after that first epoch.
#[test]
fn a_newcomer_earns_no_dividends_from_the_deregistered_hotkeys_bonds() {
    let (before, after) = around_deregistration(Deregistration {
        d_target: 2,
        epochs_after: 3,
        ..DEREG
    });
    assert!(before.dividends[1] > 0, "before: {:?}", before.dividends);
    for s in &after {
        assert_eq!(s.dividends[1], 0, "dividends {:?}", s.dividends);
    }
}

/// Like the test above, but the subnet has 2 permits and the newcomer (no stake) gets none, so
/// step 16 leaves its stored bond row, D's, as it is ("never had one -> row unchanged").
fn permitless_newcomer_on_a_bonded_uid(newcomer_self_weight: bool) -> Vec<NeuronState> {
    let (before, after) = around_deregistration(Deregistration {
        d_target: 2,
        epochs_after: 4,
        max_allowed_validators: 2,
        newcomer_self_weight,
        ..DEREG
    });
    assert!(before.dividends[1] > 0, "before: {:?}", before.dividends);
    assert!(after.iter().all(|s| !s.validator_permit[1]));
    after
}

#[test]
fn a_newcomer_without_a_permit_earns_nothing_from_the_old_bonds_while_it_sets_no_weights() {
    for s in permitless_newcomer_on_a_bonded_uid(false) {
        assert_eq!(s.dividends[1], 0, "dividends {:?}", s.dividends);
    }
}

// FINDING (spec-level, left to the spec owner; issue #6): spec/chain.md says "Replacing sets
// `block_at_registration = now` and keeps the old weight/bond rows (the epoch masks them)", and
// yuma.md step 16 stores bonds per row "new permit -> floor(x * 65535); lost its permit this
// epoch -> empty row; never had one -> row unchanged". A newcomer that gets no permit therefore
// keeps D's bond row for good; the mask of step 11 (`last_update_i <= block_at_registration_j`)
// covers it only until the newcomer sets weights, and a single self-weight needs no permit.
// Measured: dividends [36044, 29490, 0, 0] in every epoch after the self-weight (uid 1 the
// newcomer, no stake, no permit), with no decay since the row is never rewritten. Before the
// permit was reset on replacement, the inherited permit was lost at the first epoch and the row
// emptied (one epoch of dividends: 44236). Removing the bond row on replacement would close it.
#[test]
#[ignore = "finding: a permit-less newcomer that self-weights is paid on the old hotkey's kept bond row (see comment)"]
fn a_newcomer_without_a_permit_earns_nothing_from_the_old_bonds_after_a_self_weight() {
    for s in permitless_newcomer_on_a_bonded_uid(true) {
        assert_eq!(s.dividends[1], 0, "dividends {:?}", s.dividends);
    }
}

/// SCALE-encoded calls a hostile signer could submit: valid ones, then mutated byte by byte.
fn encoded_calls() -> Vec<Vec<u8>> {
    let endpoint = AxonEndpoint {
        peer_id: BoundedVec::try_from(vec![7u8; 38]).unwrap(),
        multiaddrs: BoundedVec::try_from(vec![BoundedVec::try_from(
            b"/ip4/127.0.0.1/tcp/1".to_vec(),
        )
        .unwrap()])
        .unwrap(),
        version: 1,
        protocol: 0,
    };
    let calls: Vec<RuntimeCall> = vec![
        RuntimeCall::Subnets(Call::register_network {}),
        RuntimeCall::Subnets(Call::dissolve_network { netuid: 1 }),
        RuntimeCall::Subnets(Call::burned_register {
            netuid: 1,
            hotkey: 100,
        }),
        RuntimeCall::Subnets(Call::serve_axon {
            netuid: 1,
            endpoint,
        }),
        RuntimeCall::Subnets(Call::set_weights {
            netuid: 1,
            uids: vec![0, 1, 2],
            values: vec![1, 2, 3],
            version_key: 0,
        }),
        RuntimeCall::Subnets(Call::commit_weights {
            netuid: 1,
            commit_hash: sp_core::H256::repeat_byte(3),
        }),
        RuntimeCall::Subnets(Call::reveal_weights {
            netuid: 1,
            uids: vec![0],
            values: vec![9],
            salt: vec![1, 2],
            version_key: 0,
        }),
        RuntimeCall::Subnets(Call::add_stake {
            hotkey: 100,
            amount: TOKEN,
        }),
        RuntimeCall::Subnets(Call::remove_stake {
            hotkey: 100,
            amount: TOKEN,
        }),
        RuntimeCall::Subnets(Call::become_delegate { hotkey: 100 }),
        RuntimeCall::Subnets(Call::decrease_take {
            hotkey: 100,
            take: 100,
        }),
        RuntimeCall::Subnets(Call::increase_take {
            hotkey: 100,
            take: 100,
        }),
        RuntimeCall::Subnets(Call::root_register { hotkey: 100 }),
        RuntimeCall::Subnets(Call::set_root_weights {
            netuids: vec![1],
            values: vec![5],
            version_key: 0,
        }),
        RuntimeCall::Subnets(Call::set_hyperparameter {
            netuid: 1,
            param: Hyperparameter::Tempo(5),
        }),
        RuntimeCall::Subnets(Call::set_network_parameter {
            param: NetworkParameter::RootTempo(5),
        }),
    ];
    calls.into_iter().map(|c| c.encode()).collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, .. ProptestConfig::default() })]

    /// Mutated and truncated encodings of every call, decoded as the runtime would and dispatched
    /// from a funded signer who owns subnet 1 and hotkey 100: decoding refuses or yields a call;
    /// the call never panics (nor does computing its weight), a refused call changes no storage,
    /// and every invariant holds afterwards.
    #[test]
    fn mutated_call_encodings_never_panic_and_refusals_change_nothing(
        mutations in prop::collection::vec((0usize..16, prop::collection::vec((any::<usize>(), any::<u8>()), 0..6), any::<usize>(), 1u64..=6), 1..40),
    ) {
        let encoded = encoded_calls();
        new_test_ext().execute_with(|| {
            add_network(1);
            register_neuron(1, 100, 1);
            for (which, flips, cut, signer) in mutations {
                let mut bytes = encoded[which].clone();
                for (at, xor) in flips {
                    let i = at % bytes.len();
                    bytes[i] ^= xor;
                }
                // Sometimes truncated, sometimes with trailing garbage.
                if cut % 3 == 0 { bytes.truncate(cut % (bytes.len() + 1)); }
                if cut % 3 == 1 { bytes.extend_from_slice(&cut.to_le_bytes()); }
                let Ok(call) = RuntimeCall::decode_with_depth_limit(64, &mut &bytes[..]) else { continue };
                // Only this pallet's calls: mutated pallet indexes may reach System or Balances,
                // whose signed calls are theirs to test.
                if !matches!(call, RuntimeCall::Subnets(_)) { continue; }
                let _ = call.get_dispatch_info();
                let root = sp_io::storage::root(sp_runtime::StateVersion::V1);
                let result = call.dispatch(signed(signer));
                if result.is_err() {
                    assert_eq!(sp_io::storage::root(sp_runtime::StateVersion::V1), root, "refused call changed storage");
                }
                assert_invariants();
            }
        });
    }

    /// Arbitrary values for every hyperparameter from the subnet owner and from root: each is
    /// stored or refused with InvalidHyperparameterValue, and the following epochs still run.
    #[test]
    fn arbitrary_hyperparameter_values_are_refused_or_survive_the_epochs(
        values in prop::collection::vec((0u8..22, any::<u64>(), any::<bool>()), 1..30),
    ) {
        use Hyperparameter as H;
        new_test_ext().execute_with(|| {
            let netuid = add_network(1);
            register_many(netuid, 100, 4, 2);
            for (kind, v, as_root) in values {
                let v16 = v as u16;
                let param = match kind {
                    0 => H::Tempo(v16), 1 => H::ImmunityPeriod(v16), 2 => H::MaxAllowedUids(v16),
                    3 => H::MaxAllowedValidators(v16), 4 => H::MinAllowedWeights(v16), 5 => H::MaxWeightLimit(v16),
                    6 => H::Kappa(v16), 7 => H::BondsMovingAverage(v), 8 => H::ActivityCutoff(v16),
                    9 => H::WeightsRateLimit(v), 10 => H::WeightsVersionKey(v), 11 => H::ServingRateLimit(v),
                    12 => H::TargetRegistrationsPerInterval(v16), 13 => H::MaxRegistrationsPerBlock(v16),
                    14 => H::AdjustmentInterval(v16), 15 => H::AdjustmentAlpha(v), 16 => H::Burn(v),
                    17 => H::MinBurn(v), 18 => H::MaxBurn(v), 19 => H::CommitRevealEnabled(v % 2 == 0),
                    20 => H::RevealPeriodEpochs(v), _ => H::RegistrationAllowed(v % 2 == 0),
                };
                let origin = if as_root { RuntimeOrigin::root() } else { signed(1) };
                let root = sp_io::storage::root(sp_runtime::StateVersion::V1);
                match Subnets::set_hyperparameter(origin, netuid, param.clone()) {
                    Ok(()) => {}
                    Err(e) => {
                        assert_eq!(e, Error::<Test>::InvalidHyperparameterValue.into(), "{:?}", param);
                        assert_eq!(sp_io::storage::root(sp_runtime::StateVersion::V1), root);
                    }
                }
                run_to_block(block() + 1 + (v % 12));
                assert_invariants();
            }
        });
    }
}
