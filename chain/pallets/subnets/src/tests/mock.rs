//! A mock runtime (System, Balances, Subnets) and helpers that drive it like a chain would.

use crate::{self as pallet_subnets, *};
use frame_support::{
    assert_ok, derive_impl,
    traits::{
        fungible::{Inspect, InspectHold, Mutate},
        Hooks,
    },
    weights::Weight,
};
use sp_runtime::BuildStorage;

pub type AccountId = u64;
type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
    pub enum Test {
        System: frame_system,
        Balances: pallet_balances,
        Subnets: pallet_subnets,
    }
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
    type Block = Block;
    type AccountData = pallet_balances::AccountData<u64>;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
    type AccountStore = System;
    type RuntimeHoldReason = RuntimeHoldReason;
}

impl pallet_subnets::Config for Test {
    type RuntimeEvent = RuntimeEvent;
    type RuntimeHoldReason = RuntimeHoldReason;
    type Currency = Balances;
    type WeightInfo = ();
}

pub use crate::TOKEN;
/// Coldkeys start with this much; hotkeys with nothing.
pub const START_BALANCE: u64 = 1_000_000 * TOKEN;

/// A fast profile like the `dev` preset, with the registration limits opened up so tests
/// can register many neurons per block unless they are testing those limits.
pub fn test_hyperparams() -> SubnetHyperparams {
    SubnetHyperparams {
        tempo: 10,
        immunity_period: 20,
        weights_rate_limit: 0,
        serving_rate_limit: 0,
        max_registrations_per_block: 1000,
        target_registrations_per_interval: 1000,
        adjustment_interval: 1000,
        activity_cutoff: 1000,
        ..SubnetHyperparams::default()
    }
}

pub fn test_network_params() -> NetworkParams {
    NetworkParams {
        subnet_limit: 3,
        network_immunity_period: 100,
        network_min_lock: 10 * TOKEN,
        network_lock_reduction_interval: 1000,
        network_rate_limit: 0,
        root_tempo: 10,
    }
}

/// Externalities at block 1 with coldkeys 1..=20 funded and the root network created.
pub fn new_test_ext() -> sp_io::TestExternalities {
    let mut storage = frame_system::GenesisConfig::<Test>::default()
        .build_storage()
        .unwrap();
    pallet_balances::GenesisConfig::<Test> {
        balances: (1..=20).map(|a| (a, START_BALANCE)).collect(),
        ..Default::default()
    }
    .assimilate_storage(&mut storage)
    .unwrap();
    pallet_subnets::GenesisConfig::<Test> {
        default_hyperparams: test_hyperparams(),
        network_params: test_network_params(),
        create_root: true,
        _phantom: Default::default(),
    }
    .assimilate_storage(&mut storage)
    .unwrap();
    let mut ext = sp_io::TestExternalities::new(storage);
    ext.execute_with(|| System::set_block_number(1));
    ext
}

pub fn signed(who: AccountId) -> RuntimeOrigin {
    RuntimeOrigin::signed(who)
}

pub fn block() -> u64 {
    System::block_number()
}

/// Advances block by block to `n`, running `on_initialize` of each block; returns the summed
/// weight `on_initialize` reported.
pub fn run_to_block(n: u64) -> Weight {
    let mut weight = Weight::zero();
    while System::block_number() < n {
        let next = System::block_number() + 1;
        System::set_block_number(next);
        weight = weight.saturating_add(Subnets::on_initialize(next));
    }
    weight
}

/// Advances to the next epoch block of `netuid` (strictly after the current block).
pub fn run_to_next_epoch(netuid: u16) -> u64 {
    let tempo = Hyperparams::<Test>::get(netuid).unwrap().tempo;
    let mut b = block() + 1;
    while !Subnets::is_epoch_block(netuid, tempo, b) {
        b += 1;
    }
    run_to_block(b);
    b
}

/// Runs `k` epochs of `netuid`.
pub fn step_epochs(netuid: u16, k: u32) {
    for _ in 0..k {
        run_to_next_epoch(netuid);
    }
}

/// `owner` registers a subnet; returns its netuid.
pub fn add_network(owner: AccountId) -> u16 {
    assert_ok!(Subnets::register_network(signed(owner)));
    last_network_added()
}

pub fn last_network_added() -> u16 {
    events()
        .into_iter()
        .rev()
        .find_map(|e| match e {
            Event::NetworkAdded { netuid, .. } => Some(netuid),
            _ => None,
        })
        .unwrap()
}

/// `coldkey` registers `hotkey` on `netuid`; returns the uid.
pub fn register_neuron(netuid: u16, hotkey: AccountId, coldkey: AccountId) -> u16 {
    assert_ok!(Subnets::burned_register(signed(coldkey), netuid, hotkey));
    Uids::<Test>::get(netuid, hotkey).unwrap()
}

/// Registers hotkeys `first..first+count` with coldkey `coldkey`; returns their uids.
pub fn register_many(netuid: u16, first: AccountId, count: u64, coldkey: AccountId) -> Vec<u16> {
    (first..first + count)
        .map(|h| register_neuron(netuid, h, coldkey))
        .collect()
}

/// Changes the stored hyperparameters of `netuid` directly (no validation).
pub fn set_hp(netuid: u16, f: impl FnOnce(&mut SubnetHyperparams)) {
    Hyperparams::<Test>::mutate(netuid, |hp| f(hp.as_mut().unwrap()));
}

pub fn free(who: AccountId) -> u64 {
    Balances::balance(&who)
}

pub fn held(who: AccountId) -> u64 {
    Balances::total_balance_on_hold(&who)
}

pub fn fund(who: AccountId, amount: u64) {
    assert_ok!(Balances::mint_into(&who, amount));
}

pub fn stake_of(hotkey: AccountId, coldkey: AccountId) -> u64 {
    Stake::<Test>::get(hotkey, coldkey)
}

/// This pallet's events, oldest first.
pub fn events() -> Vec<Event<Test>> {
    System::events()
        .into_iter()
        .filter_map(|r| match r.event {
            RuntimeEvent::Subnets(e) => Some(e),
            _ => None,
        })
        .collect()
}

pub fn last_event() -> Event<Test> {
    events().pop().unwrap()
}

/// Gives every uid of `netuid` a validator permit (as a previous epoch would have).
pub fn grant_permits(netuid: u16) {
    Neurons::<Test>::mutate(netuid, |s| {
        s.validator_permit.iter_mut().for_each(|p| *p = true)
    });
}

/// Sum of the `EmissionPaid` events so far: (owner cut, miners, validators).
pub fn emission_paid() -> (u64, u64, u64) {
    events().into_iter().fold((0, 0, 0), |acc, e| match e {
        Event::EmissionPaid {
            owner_cut,
            miners,
            validators,
            ..
        } => (acc.0 + owner_cut, acc.1 + miners, acc.2 + validators),
        _ => acc,
    })
}

/// Checks every bookkeeping invariant of the pallet's storage; panics naming the broken one.
pub fn assert_invariants() {
    // Stake totals agree with the individual stakes.
    let mut total = 0u64;
    let mut per_hotkey = std::collections::BTreeMap::<AccountId, u64>::new();
    for (hotkey, coldkey, s) in Stake::<Test>::iter() {
        total += s;
        *per_hotkey.entry(hotkey).or_default() += s;
        assert!(
            StakingHotkeys::<Test>::get(coldkey).contains(&hotkey),
            "staking list of {coldkey} misses {hotkey}"
        );
    }
    assert_eq!(TotalStake::<Test>::get(), total, "TotalStake");
    for (hotkey, s) in TotalHotkeyStake::<Test>::iter() {
        assert_eq!(
            per_hotkey.get(&hotkey).copied().unwrap_or(0),
            s,
            "TotalHotkeyStake of {hotkey}"
        );
    }
    // Every subnet's uids, keys and per-uid vectors agree.
    for (netuid, hp) in Hyperparams::<Test>::iter() {
        let n = SubnetworkN::<Test>::get(netuid);
        assert!(n <= hp.max_allowed_uids.max(n), "n above max");
        let state = Neurons::<Test>::get(netuid);
        for v in [
            state.active.len(),
            state.validator_permit.len(),
            state.rank.len(),
            state.pruning_score.len(),
            state.emission.len(),
            state.last_update.len(),
            state.block_at_registration.len(),
        ] {
            assert_eq!(v, usize::from(n), "vector length on {netuid}");
        }
        assert_eq!(
            Keys::<Test>::iter_prefix(netuid).count(),
            usize::from(n),
            "keys on {netuid}"
        );
        for (uid, hotkey) in Keys::<Test>::iter_prefix(netuid) {
            assert!(uid < n);
            assert_eq!(
                Uids::<Test>::get(netuid, hotkey),
                Some(uid),
                "uid of {hotkey}"
            );
            assert!(IsNetworkMember::<Test>::contains_key(hotkey, netuid));
            assert!(Owner::<Test>::contains_key(hotkey));
        }
        assert_eq!(Uids::<Test>::iter_prefix(netuid).count(), usize::from(n));
    }
    // Nothing is left behind by a removed subnet.
    for (netuid, _) in SubnetworkN::<Test>::iter() {
        assert!(
            Hyperparams::<Test>::contains_key(netuid),
            "stale n of {netuid}"
        );
    }
    for (_, netuid, _) in IsNetworkMember::<Test>::iter() {
        assert!(
            Hyperparams::<Test>::contains_key(netuid),
            "stale membership of {netuid}"
        );
    }
    // A hotkey registered somewhere holds exactly one sufficient reference (`join_subnet`),
    // and no other account holds one (nothing else in the mock takes them).
    for (who, info) in frame_system::Account::<Test>::iter() {
        let registered = Subnets::is_registered_anywhere(&who);
        assert_eq!(
            info.sufficients,
            u32::from(registered),
            "sufficients of {who}"
        );
    }
    for (hotkey, _, _) in IsNetworkMember::<Test>::iter() {
        assert_eq!(System::sufficients(&hotkey), 1, "sufficients of {hotkey}");
    }
    // A subnet's lock is held from its owner.
    for (netuid, owner) in SubnetOwner::<Test>::iter() {
        assert!(
            held(owner) >= SubnetLocked::<Test>::get(netuid),
            "lock of {netuid}"
        );
    }
}

/// Chain total issuance (currency + stake).
pub fn issuance() -> u64 {
    Subnets::total_issuance()
}
