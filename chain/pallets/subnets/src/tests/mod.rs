//! Tests, one file per area, over the mock runtime in `mock.rs`.
// Tests may panic, index and use plain arithmetic: a failure is the point.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]

mod bench;
mod coinbase;
mod commit_reveal;
mod fee_free;
pub(crate) mod mock;
mod property;
mod registration;
mod root;
mod rpc_info;
mod security;
mod staking;
mod subnets;
mod vectors;
mod weights;
mod yuma3;
