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

/// Hotkey 101 (validator D, three times V's stake) weights only uid `d_target`; then D is
/// deregistered and replaced by hotkey 104 (with `newcomer_stake`). Returns the neuron state of
/// the last epoch before the replacement and of the first one after it. `drop_old_row` removes
/// D's old weight row by hand first, so comparing the two shows whether the old row still counts.
fn around_deregistration(
    newcomer_stake: u64,
    drop_old_row: bool,
    d_target: u16,
) -> (NeuronState, NeuronState) {
    let mut out = (NeuronState::default(), NeuronState::default());
    new_test_ext().execute_with(|| {
        let netuid = add_network(1);
        set_hp(netuid, |h| {
            h.max_allowed_uids = 4;
            h.immunity_period = 2;
            h.min_allowed_weights = 1;
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
        out.0 = Neurons::<Test>::get(netuid);

        // D is past its immunity and has the lowest pruning score: the next registrant replaces it.
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
        if newcomer_stake > 0 {
            assert_ok!(Subnets::add_stake(signed(5), 104, newcomer_stake));
        }
        if drop_old_row {
            Weights::<Test>::remove(netuid, 1);
        }
        step_epochs(netuid, 1);
        out.1 = Neurons::<Test>::get(netuid);
    });
    out
}

#[test]
fn weights_of_a_deregistered_hotkey_stop_counting() {
    let (before, kept) = around_deregistration(0, false, 3);
    // While registered, D's weights decided the epoch (it holds 3/4 of the stake).
    assert!(before.incentive[3] > 0, "before: {:?}", before.incentive);
    // Replaced by a newcomer without stake: the old row carries nothing, as if it were gone.
    let (_, dropped) = around_deregistration(0, true, 3);
    assert_eq!(kept.incentive, dropped.incentive);
    assert_eq!(kept.incentive[3], 0);
    assert!(kept.incentive[2] > 0);
}

// FINDING (spec-level, left to the pallet owner): a replaced uid keeps its weight row and its
// validator permit (spec/chain.md: "keeps the old weight/bond rows (the epoch masks them)"), but
// step 5.4 only masks entries by the *column's* registration, not the row's. Measured: with the
// newcomer holding 3/4 of the stake, the epoch paid all incentive ([0, 0, 0, 65535]) to the miner
// only the deregistered hotkey had weighted; without its old row: [0, 0, 0, 0].
#[test]
#[ignore = "finding: a staked newcomer's stake votes with the deregistered hotkey's kept weight row (see comment)"]
fn weights_of_a_deregistered_hotkey_do_not_count_with_a_staked_newcomers_stake() {
    let (_, kept) = around_deregistration(3000 * TOKEN, false, 3);
    let (_, dropped) = around_deregistration(3000 * TOKEN, true, 3);
    assert_eq!(kept.incentive, dropped.incentive);
}

// FINDING (spec-level, left to the pallet owner): the replaced uid also keeps the deregistered
// validator's bond row (spec/yuma.md step 11 masks old bonds like step 5.4, by column only), so a
// newcomer that never set weights and has no stake is paid dividends on them. Measured:
// dividends [21298, 44236, 0, 0] in the first epoch after the replacement, uid 1 the newcomer.
#[test]
#[ignore = "finding: a newcomer on a replaced uid is paid dividends from the old hotkey's bonds (see comment)"]
fn a_newcomer_earns_no_dividends_from_the_deregistered_hotkeys_bonds() {
    // D weighted the miner V weights, so D holds bonds on a miner that keeps earning.
    let (before, after) = around_deregistration(0, false, 2);
    assert!(before.dividends[1] > 0, "before: {:?}", before.dividends);
    assert_eq!(after.dividends[1], 0, "dividends {:?}", after.dividends);
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
