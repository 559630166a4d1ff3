//! Fee-free hotkey calls: `Pays::No`, the `CheckNeuronCall` extension that refuses them at
//! validation when dispatch would, and the `sufficients` reference that lets a hotkey with no
//! balance pass `CheckNonce`.

use super::mock::*;
use crate::{extension::refusal_code, CheckNeuronCall, Error, *};
use frame_support::{
    assert_ok,
    dispatch::{GetDispatchInfo, Pays},
    traits::StorageVersion,
};
use frame_system::CheckNonce;
use sp_runtime::{
    traits::DispatchTransaction,
    transaction_validity::{InvalidTransaction, TransactionSource, TransactionValidityError},
};

/// A hotkey with no balance and no account, registered below by coldkey 1.
const HOTKEY: u64 = 500;
const STRANGER: u64 = 999;

fn set_weights_call(netuid: u16, uids: Vec<u16>) -> RuntimeCall {
    let values = vec![1; uids.len()];
    RuntimeCall::Subnets(Call::set_weights {
        netuid,
        uids,
        values,
        version_key: 0,
    })
}

fn serve_call(netuid: u16) -> RuntimeCall {
    RuntimeCall::Subnets(Call::serve_axon {
        netuid,
        endpoint: AxonEndpoint {
            peer_id: vec![1, 2, 3].try_into().unwrap(),
            multiaddrs: vec![b"/ip4/127.0.0.1/tcp/1".to_vec().try_into().unwrap()]
                .try_into()
                .unwrap(),
            version: 1,
            protocol: 0,
        },
    })
}

/// What the pool would answer for `call` signed by `who` (our extension alone).
fn validate(who: u64, call: &RuntimeCall) -> Result<(), TransactionValidityError> {
    let info = call.get_dispatch_info();
    CheckNeuronCall::<Test>::new()
        .validate_only(signed(who), call, &info, 0, TransactionSource::External, 0)
        .map(|_| ())
}

fn refused(error: Error<Test>) -> Result<(), TransactionValidityError> {
    Err(InvalidTransaction::Custom(refusal_code(error)).into())
}

/// `(CheckNonce, CheckNeuronCall)` as the runtime runs them, then the dispatch.
fn submit(who: u64, call: RuntimeCall) -> Result<(), TransactionValidityError> {
    let info = call.get_dispatch_info();
    let nonce = System::account_nonce(who);
    let ext = (
        CheckNeuronCall::<Test>::new(),
        CheckNonce::<Test>::from(nonce),
    );
    let post = ext.dispatch_transaction(signed(who), call, &info, 0, 0)?;
    assert_ok!(post);
    Ok(())
}

/// A subnet with `HOTKEY` at uid 0 (registered by coldkey 1, so the hotkey has no balance).
fn subnet_with_hotkey() -> u16 {
    let netuid = add_network(1);
    register_neuron(netuid, HOTKEY, 1);
    netuid
}

#[test]
fn the_five_hotkey_calls_pay_no_fee_and_the_others_do() {
    let free = [
        set_weights_call(1, vec![0]),
        serve_call(1),
        RuntimeCall::Subnets(Call::commit_weights {
            netuid: 1,
            commit_hash: Default::default(),
        }),
        RuntimeCall::Subnets(Call::reveal_weights {
            netuid: 1,
            uids: vec![0],
            values: vec![1],
            salt: vec![1],
            version_key: 0,
        }),
        RuntimeCall::Subnets(Call::set_root_weights {
            netuids: vec![1],
            values: vec![1],
            version_key: 0,
        }),
    ];
    for call in free {
        assert_eq!(call.get_dispatch_info().pays_fee, Pays::No, "{call:?}");
    }
    let paid = [
        RuntimeCall::Subnets(Call::register_network {}),
        RuntimeCall::Subnets(Call::burned_register {
            netuid: 1,
            hotkey: HOTKEY,
        }),
        RuntimeCall::Subnets(Call::add_stake {
            hotkey: HOTKEY,
            amount: 1,
        }),
        RuntimeCall::Subnets(Call::remove_stake {
            hotkey: HOTKEY,
            amount: 1,
        }),
        RuntimeCall::Subnets(Call::root_register { hotkey: HOTKEY }),
        RuntimeCall::Subnets(Call::reset_bonds { netuid: 1 }),
    ];
    for call in paid {
        assert_eq!(call.get_dispatch_info().pays_fee, Pays::Yes, "{call:?}");
    }
}

#[test]
fn a_registered_hotkey_with_no_balance_sets_weights_and_serves_for_free() {
    new_test_ext().execute_with(|| {
        let netuid = subnet_with_hotkey();
        assert_eq!(free(HOTKEY), 0);
        assert_eq!(System::providers(&HOTKEY), 0);
        assert_eq!(System::sufficients(&HOTKEY), 1);
        run_to_block(3);
        assert_ok!(submit(HOTKEY, set_weights_call(netuid, vec![0])));
        assert_eq!(Weights::<Test>::get(netuid, 0), vec![(0, 65535)]);
        assert_ok!(submit(HOTKEY, serve_call(netuid)));
        assert!(Axons::<Test>::contains_key(netuid, HOTKEY));
        assert_eq!(System::account_nonce(HOTKEY), 2);
        assert_eq!(free(HOTKEY), 0);
        assert_invariants();
    });
}

#[test]
fn an_unregistered_key_is_refused_at_validation_before_the_nonce_check() {
    new_test_ext().execute_with(|| {
        let netuid = subnet_with_hotkey();
        assert_eq!(
            validate(STRANGER, &set_weights_call(netuid, vec![0])),
            refused(Error::NotRegistered)
        );
        assert_eq!(
            validate(STRANGER, &serve_call(netuid)),
            refused(Error::NotRegistered)
        );
        // In the runtime's order the pallet's refusal comes first, not CheckNonce's `Payment`.
        assert_eq!(
            submit(STRANGER, set_weights_call(netuid, vec![0])),
            refused(Error::NotRegistered)
        );
        // A funded key that is not registered is refused just the same (not included, not free).
        assert_eq!(
            validate(2, &set_weights_call(netuid, vec![0])),
            refused(Error::NotRegistered)
        );
        // Registered on another subnet: set_weights needs this one, serve_axon any.
        let other = add_network(2);
        register_neuron(other, 501, 2);
        assert_eq!(
            validate(501, &set_weights_call(netuid, vec![0])),
            refused(Error::NotRegistered)
        );
        assert_ok!(validate(501, &serve_call(netuid)));
    });
}

#[test]
fn over_the_rate_limit_is_refused_at_validation() {
    new_test_ext().execute_with(|| {
        let netuid = subnet_with_hotkey();
        set_hp(netuid, |hp| {
            hp.weights_rate_limit = 5;
            hp.serving_rate_limit = 5;
        });
        run_to_block(3);
        assert_ok!(submit(HOTKEY, set_weights_call(netuid, vec![0])));
        assert_ok!(submit(HOTKEY, serve_call(netuid)));
        run_to_block(7);
        assert_eq!(
            validate(HOTKEY, &set_weights_call(netuid, vec![0])),
            refused(Error::SettingWeightsTooFast)
        );
        assert_eq!(
            validate(HOTKEY, &serve_call(netuid)),
            refused(Error::ServingRateLimitExceeded)
        );
        run_to_block(8);
        assert_ok!(submit(HOTKEY, set_weights_call(netuid, vec![0])));
        assert_ok!(submit(HOTKEY, serve_call(netuid)));
    });
}

#[test]
fn validation_refuses_whatever_dispatch_would() {
    new_test_ext().execute_with(|| {
        let netuid = subnet_with_hotkey();
        // No permit: only a single self-weight is allowed.
        register_neuron(netuid, 501, 1);
        assert_eq!(
            validate(HOTKEY, &set_weights_call(netuid, vec![0, 1])),
            refused(Error::NoValidatorPermit)
        );
        assert_eq!(
            validate(HOTKEY, &set_weights_call(ROOT_NETUID, vec![0])),
            refused(Error::RootNetworkNotAllowed)
        );
        // Commit-reveal: commits from registered hotkeys only; a reveal needs its commit.
        set_hp(netuid, |hp| hp.commit_reveal_enabled = true);
        let commit = RuntimeCall::Subnets(Call::commit_weights {
            netuid,
            commit_hash: Default::default(),
        });
        assert_ok!(validate(HOTKEY, &commit));
        assert_eq!(validate(STRANGER, &commit), refused(Error::NotRegistered));
        let reveal = RuntimeCall::Subnets(Call::reveal_weights {
            netuid,
            uids: vec![0],
            values: vec![1],
            salt: vec![7],
            version_key: 0,
        });
        assert_eq!(
            validate(HOTKEY, &reveal),
            refused(Error::NoWeightsCommitFound)
        );
        // Root weights: root members only.
        let root = RuntimeCall::Subnets(Call::set_root_weights {
            netuids: vec![netuid],
            values: vec![1],
            version_key: 0,
        });
        assert_eq!(validate(HOTKEY, &root), refused(Error::NotRegistered));
        // Fee-paying calls pass through untouched, whoever signs them.
        let stake = RuntimeCall::Subnets(Call::add_stake {
            hotkey: HOTKEY,
            amount: 1,
        });
        assert_ok!(validate(STRANGER, &stake));
    });
}

#[test]
fn a_commit_and_its_reveal_go_through_for_free() {
    new_test_ext().execute_with(|| {
        let netuid = subnet_with_hotkey();
        set_hp(netuid, |hp| hp.commit_reveal_enabled = true);
        let (uids, values, salt) = (vec![0u16], vec![1u16], vec![9u16]);
        let hash = Subnets::commit_hash(&HOTKEY, netuid, &uids, &values, &salt, 0);
        assert_ok!(submit(
            HOTKEY,
            RuntimeCall::Subnets(Call::commit_weights {
                netuid,
                commit_hash: hash
            })
        ));
        let reveal = RuntimeCall::Subnets(Call::reveal_weights {
            netuid,
            uids,
            values,
            salt,
            version_key: 0,
        });
        assert_eq!(validate(HOTKEY, &reveal), refused(Error::RevealTooEarly));
        run_to_next_epoch(netuid);
        assert_ok!(submit(HOTKEY, reveal));
        assert_eq!(Weights::<Test>::get(netuid, 0), vec![(0, 65535)]);
        assert_eq!(free(HOTKEY), 0);
    });
}

#[test]
fn the_refusal_codes_are_the_error_indices_the_readme_lists() {
    assert_eq!(refusal_code::<Test>(Error::NotRegistered), 15);
    assert_eq!(refusal_code::<Test>(Error::ServingRateLimitExceeded), 18);
    assert_eq!(refusal_code::<Test>(Error::SettingWeightsTooFast), 22);
    assert_eq!(refusal_code::<Test>(Error::NoValidatorPermit), 23);
    assert_eq!(refusal_code::<Test>(Error::TooManyUnrevealedCommits), 30);
    assert_eq!(refusal_code::<Test>(Error::ExpiredWeightCommit), 34);
}

#[test]
fn the_sufficient_reference_follows_membership() {
    new_test_ext().execute_with(|| {
        let a = add_network(1);
        let b = add_network(2);
        register_neuron(a, HOTKEY, 1);
        register_neuron(b, HOTKEY, 1);
        assert_eq!(System::sufficients(&HOTKEY), 1);
        assert_ok!(Subnets::dissolve_network(signed(1), a));
        assert_eq!(System::sufficients(&HOTKEY), 1);
        assert_ok!(Subnets::dissolve_network(signed(2), b));
        // Registered nowhere, no balance: the account is gone, nothing is left to sign with.
        assert_eq!(System::sufficients(&HOTKEY), 0);
        assert!(!frame_system::Account::<Test>::contains_key(HOTKEY));
        assert_invariants();
        // A funded coldkey used as a hotkey keeps its account (its provider) when it leaves.
        let c = add_network(3);
        register_neuron(c, 4, 4);
        assert_eq!(System::sufficients(&4), 1);
        assert_ok!(Subnets::dissolve_network(signed(3), c));
        assert_eq!(System::sufficients(&4), 0);
        assert!(frame_system::Account::<Test>::contains_key(4));
        assert_invariants();
    });
}

#[test]
fn a_replaced_hotkey_drops_its_reference() {
    new_test_ext().execute_with(|| {
        let netuid = add_network(1);
        set_hp(netuid, |hp| hp.max_allowed_uids = 1);
        register_neuron(netuid, HOTKEY, 1);
        run_to_block(100);
        register_neuron(netuid, 501, 1);
        assert_eq!(System::sufficients(&HOTKEY), 0);
        assert_eq!(System::sufficients(&501), 1);
        assert_eq!(
            validate(HOTKEY, &set_weights_call(netuid, vec![0])),
            refused(Error::NotRegistered)
        );
        assert_invariants();
    });
}

#[test]
fn migration_v2_gives_hotkeys_registered_before_it_their_reference() {
    new_test_ext().execute_with(|| {
        let a = add_network(1);
        let b = add_network(2);
        register_neuron(a, HOTKEY, 1);
        register_neuron(b, HOTKEY, 1);
        register_neuron(b, 501, 2);
        // As a v1 chain left them: registered, no reference.
        for who in [HOTKEY, 501] {
            frame_system::Account::<Test>::mutate(who, |a| a.sufficients = 0);
        }
        StorageVersion::new(1).put::<Subnets>();
        crate::migrations::migrate_to_v2::<Test>();
        assert_eq!(System::sufficients(&HOTKEY), 1);
        assert_eq!(System::sufficients(&501), 1);
        assert_eq!(StorageVersion::get::<Subnets>(), StorageVersion::new(2));
        // Run again: nothing changes.
        crate::migrations::migrate_to_v2::<Test>();
        assert_eq!(System::sufficients(&HOTKEY), 1);
        assert_invariants();
    });
}

#[test]
fn the_extension_charges_its_reads_on_fee_free_calls_only() {
    let reads = |call: RuntimeCall| match call {
        RuntimeCall::Subnets(c) => Subnets::fee_free_check_reads(&c),
        _ => unreachable!(),
    };
    assert_eq!(reads(set_weights_call(1, vec![0])), 5);
    assert_eq!(reads(serve_call(1)), 5);
    let root = RuntimeCall::Subnets(Call::set_root_weights {
        netuids: vec![1, 2, 3],
        values: vec![1, 1, 1],
        version_key: 0,
    });
    assert_eq!(reads(root), 6);
    let stake = RuntimeCall::Subnets(Call::add_stake {
        hotkey: HOTKEY,
        amount: 1,
    });
    assert_eq!(reads(stake), 0);
}
