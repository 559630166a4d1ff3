//! Yuma consensus for meshtensor: the epoch, block emission and root's subnet shares, as pure
//! bit-exact fixed-point maths (`no_std` + `alloc`, so the runtime embeds the same code that the
//! native tests check). See `README.md` and `spec/yuma.md`.
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub mod emission;
pub mod epoch;
pub mod fixed;
mod matrix;
mod median;
pub mod scenario;
mod sigmoid;
pub mod yuma3;

pub use emission::{block_emission, subnet_emission_shares};
pub use epoch::{run_epoch, EpochInput, EpochOutput};
pub use fixed::max_upscale_u16;
pub use scenario::{simulate, EpochReport, Scenario, ScenarioError, ScenarioParam, ScenarioStep};
pub use yuma3::BondsConfig;

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]
mod tests;
