//! Runtime API of pallet-subnets: read a subnet, the subnets, delegates and stake in one call
//! each, the current costs, and the Yuma simulator. The runtime implements each method as a
//! one-line call to the `pallet_subnets::Pallet` function of the same name.
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

use alloc::vec::Vec;
use codec::Codec;
use pallet_subnets::rpc_info::{DelegateInfo, MetagraphInfo, StakeInfo, SubnetInfo};

sp_api::decl_runtime_apis! {
    pub trait SubnetsApi<AccountId> where AccountId: Codec {
        fn get_metagraph(netuid: u16, include_weights: bool) -> Option<MetagraphInfo<AccountId>>;
        fn get_subnets() -> Vec<SubnetInfo<AccountId>>;
        fn get_delegates() -> Vec<DelegateInfo<AccountId>>;
        fn get_stake_info(coldkey: AccountId) -> Vec<StakeInfo<AccountId>>;
        fn get_registration_cost(netuid: u16) -> Option<u64>;
        fn get_network_lock_cost() -> u64;
        fn simulate_yuma(
            scenario: meshtensor_yuma::Scenario,
        ) -> Result<Vec<meshtensor_yuma::EpochReport>, meshtensor_yuma::ScenarioError>;
    }
}
