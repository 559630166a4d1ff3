//! add_stake / remove_stake accounting, delegation and take limits.

use super::mock::*;
use crate::{Error, Event, *};
use frame_support::{assert_noop, assert_ok};

#[test]
fn stake_moves_free_balance_into_stake_and_back_without_changing_issuance() {
    new_test_ext().execute_with(|| {
        let netuid = add_network(1);
        register_neuron(netuid, 100, 1);
        let (free0, iss0) = (free(1), issuance());
        assert_ok!(Subnets::add_stake(signed(1), 100, 50 * TOKEN));
        assert_eq!(free(1), free0 - 50 * TOKEN);
        assert_eq!(stake_of(100, 1), 50 * TOKEN);
        assert_eq!(TotalHotkeyStake::<Test>::get(100), 50 * TOKEN);
        assert_eq!(TotalStake::<Test>::get(), 50 * TOKEN);
        assert_eq!(issuance(), iss0);
        assert_eq!(
            last_event(),
            Event::StakeAdded {
                coldkey: 1,
                hotkey: 100,
                amount: 50 * TOKEN
            }
        );
        assert_ok!(Subnets::remove_stake(signed(1), 100, 20 * TOKEN));
        assert_eq!(free(1), free0 - 30 * TOKEN);
        assert_eq!(stake_of(100, 1), 30 * TOKEN);
        assert_eq!(issuance(), iss0);
        assert_eq!(
            last_event(),
            Event::StakeRemoved {
                coldkey: 1,
                hotkey: 100,
                amount: 20 * TOKEN
            }
        );
        assert_ok!(Subnets::remove_stake(signed(1), 100, 30 * TOKEN));
        assert!(StakingHotkeys::<Test>::get(1).is_empty());
        assert!(
            !TotalHotkeyStake::<Test>::contains_key(100),
            "no zero total left behind"
        );
        assert_invariants();
    });
}

#[test]
fn stake_errors() {
    new_test_ext().execute_with(|| {
        let netuid = add_network(1);
        register_neuron(netuid, 100, 1);
        assert_noop!(
            Subnets::add_stake(signed(1), 555, 1),
            Error::<Test>::HotKeyAccountNotExists
        );
        assert_noop!(
            Subnets::add_stake(signed(2), 100, 1),
            Error::<Test>::HotKeyNotDelegateAndSignerNotOwnHotKey
        );
        assert_noop!(
            Subnets::add_stake(signed(1), 100, 0),
            Error::<Test>::StakeAmountZero
        );
        assert_noop!(
            Subnets::add_stake(signed(1), 100, START_BALANCE),
            Error::<Test>::NotEnoughBalanceToStake
        );
        assert_ok!(Subnets::add_stake(signed(1), 100, 10));
        assert_noop!(
            Subnets::remove_stake(signed(1), 100, 11),
            Error::<Test>::NotEnoughStakeToWithdraw
        );
        assert_noop!(
            Subnets::remove_stake(signed(1), 100, 0),
            Error::<Test>::StakeAmountZero
        );
        assert_noop!(
            Subnets::remove_stake(signed(2), 100, 1),
            Error::<Test>::NotEnoughStakeToWithdraw
        );
    });
}

#[test]
fn nominators_stake_on_delegates_only() {
    new_test_ext().execute_with(|| {
        let netuid = add_network(1);
        register_neuron(netuid, 100, 1);
        assert_noop!(
            Subnets::become_delegate(signed(2), 100),
            Error::<Test>::NonAssociatedColdKey
        );
        assert_ok!(Subnets::become_delegate(signed(1), 100));
        assert_eq!(Delegates::<Test>::get(100), Some(OWNER_CUT_U16));
        assert_eq!(
            last_event(),
            Event::DelegateAdded {
                coldkey: 1,
                hotkey: 100,
                take: 11796
            }
        );
        assert_noop!(
            Subnets::become_delegate(signed(1), 100),
            Error::<Test>::HotKeyAlreadyDelegate
        );
        assert_ok!(Subnets::add_stake(signed(2), 100, 7 * TOKEN));
        assert_ok!(Subnets::add_stake(signed(3), 100, 3 * TOKEN));
        assert_eq!(TotalHotkeyStake::<Test>::get(100), 10 * TOKEN);
        assert_eq!(StakingHotkeys::<Test>::get(2), vec![100]);
        assert_invariants();
    });
}

#[test]
fn take_decreases_any_time_and_increases_once_per_period_up_to_18_percent() {
    new_test_ext().execute_with(|| {
        let netuid = add_network(1);
        register_neuron(netuid, 100, 1);
        assert_noop!(
            Subnets::decrease_take(signed(1), 100, 5),
            Error::<Test>::HotKeyNotDelegate
        );
        assert_ok!(Subnets::become_delegate(signed(1), 100));
        assert_noop!(
            Subnets::decrease_take(signed(2), 100, 5),
            Error::<Test>::NonAssociatedColdKey
        );
        assert_noop!(
            Subnets::decrease_take(signed(1), 100, 11796),
            Error::<Test>::InvalidTake
        );
        assert_ok!(Subnets::decrease_take(signed(1), 100, 5000));
        assert_ok!(Subnets::decrease_take(signed(1), 100, 4000));
        assert_eq!(
            last_event(),
            Event::TakeChanged {
                hotkey: 100,
                take: 4000
            }
        );
        assert_noop!(
            Subnets::increase_take(signed(1), 100, 4000),
            Error::<Test>::InvalidTake
        );
        assert_noop!(
            Subnets::increase_take(signed(1), 100, 11797),
            Error::<Test>::DelegateTakeTooHigh
        );
        assert_ok!(Subnets::increase_take(signed(1), 100, 6000));
        assert_noop!(
            Subnets::increase_take(signed(1), 100, 7000),
            Error::<Test>::DelegateTxRateLimitExceeded
        );
        // Decreasing is still allowed inside the period.
        assert_ok!(Subnets::decrease_take(signed(1), 100, 5000));
        System::set_block_number(1 + 216_000);
        assert_ok!(Subnets::increase_take(signed(1), 100, 11796));
        assert_eq!(Delegates::<Test>::get(100), Some(11796));
    });
}
