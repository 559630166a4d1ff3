//! Weights of the pallet's calls and of the work `on_initialize` does.
//!
//! Reasoned, not benchmarked: each function counts the storage reads and writes of the code
//! path (see README "Weights") and adds a compute term. The epoch's compute term comes from the
//! native timing in `tests/bench.rs` (256 uids / 64 validators), with a margin for wasm.

use frame_support::{
    traits::Get,
    weights::{constants::RocksDbWeight, RuntimeDbWeight, Weight},
};

/// The per-uid bound used where a call's cost depends on a subnet's size that the call does not
/// name (the subnet a full `register_network` replaces).
pub const ASSUMED_REPLACED_SUBNET_UIDS: u32 = 256;

pub trait WeightInfo {
    fn register_network() -> Weight;
    fn remove_network(n: u32) -> Weight;
    fn burned_register() -> Weight;
    fn serve_axon() -> Weight;
    fn set_weights(len: u32) -> Weight;
    fn commit_weights() -> Weight;
    /// `len` = uids + salt entries (both are hashed).
    fn reveal_weights(len: u32) -> Weight;
    fn add_stake() -> Weight;
    fn remove_stake() -> Weight;
    fn become_delegate() -> Weight;
    fn decrease_take() -> Weight;
    fn increase_take() -> Weight;
    fn root_register() -> Weight;
    fn set_root_weights(len: u32) -> Weight;
    fn set_hyperparameter() -> Weight;
    fn set_network_parameter() -> Weight;
    /// `reset_bonds` on a subnet of `n` uids (0: the option is off, nothing is read but it).
    fn reset_bonds(n: u32) -> Weight;
    /// Fixed part of every block: parameters and the list of subnets.
    fn block_step_base() -> Weight;
    /// Per subnet and block: pending emission and the adjustment check.
    fn subnet_block_step() -> Weight;
    /// A burn adjustment that ran.
    fn adjust_burn() -> Weight;
    /// Root's epoch with `members` root members over `subnets` subnets.
    fn root_epoch(members: u32, subnets: u32) -> Weight;
    /// One subnet epoch: `n` uids, `entries` weight + bond entries, `stakers` stakes paid.
    fn epoch(n: u32, entries: u32, stakers: u32) -> Weight;
}

const MAX_SUBNETS: u64 = crate::MAX_SUBNET_LIMIT as u64;

/// Picoseconds of compute per unit, as `ref_time`.
const US: u64 = 1_000_000;

/// Where the database weights come from.
pub trait DbWeightSource {
    fn db() -> RuntimeDbWeight;
}

/// The runtime's own `frame_system::Config::DbWeight`.
pub struct SystemDb<T>(core::marker::PhantomData<T>);
impl<T: frame_system::Config> DbWeightSource for SystemDb<T> {
    fn db() -> RuntimeDbWeight {
        T::DbWeight::get()
    }
}

/// RocksDB weights (for `()`: tests and runtimes without their own).
pub struct RocksDb;
impl DbWeightSource for RocksDb {
    fn db() -> RuntimeDbWeight {
        RocksDbWeight::get()
    }
}

/// The counted weights over a source of database weights.
pub struct CountedWeight<D>(core::marker::PhantomData<D>);

/// Weights for a runtime, using its database weights.
pub type SubstrateWeight<T> = CountedWeight<SystemDb<T>>;

fn rw<D: DbWeightSource>(reads: u64, writes: u64) -> Weight {
    D::db().reads_writes(reads, writes)
}

fn compute(us: u64) -> Weight {
    Weight::from_parts(us.saturating_mul(US), 0)
}

impl<D: DbWeightSource> WeightInfo for CountedWeight<D> {
    fn register_network() -> Weight {
        // params, rate limit, last lock, balance, defaults, hold (2r 2w), 5 subnet items, last
        // lock, rate limit; the subnet list and, when full, emission and age of each
        // (3 x MAX_SUBNET_LIMIT); plus replacing a full subnet (worst case).
        rw::<D>(MAX_SUBNETS.saturating_mul(3).saturating_add(10), 9)
            .saturating_add(compute(40))
            .saturating_add(Self::remove_network(ASSUMED_REPLACED_SUBNET_UIDS))
    }
    fn remove_network(n: u32) -> Weight {
        // Per uid: key iteration, membership read and scan, stake iteration (1 staker
        // assumed), the account's sufficients (read), then 8 writes (uid, membership, axon,
        // commits, key, weights, bonds, account). Fixed: 14 items, release of the hold, root
        // weight rows (<= 64).
        let n = u64::from(n);
        rw::<D>(
            n.saturating_mul(5).saturating_add(80),
            n.saturating_mul(8).saturating_add(80),
        )
        .saturating_add(compute(n.saturating_mul(2).saturating_add(30)))
    }
    fn burned_register() -> Weight {
        // hyperparams, 2 counters, uid, owner, balance (2), n, neuron state, pruning (worst
        // case reads the state once), old hotkey, leave_subnet (membership read and scan, stake
        // iter, the old hotkey's sufficients r/w), join_subnet (membership scan, the new
        // hotkey's sufficients r/w).
        rw::<D>(18, 15).saturating_add(compute(60))
    }
    fn serve_axon() -> Weight {
        rw::<D>(3, 1).saturating_add(compute(15))
    }
    fn set_weights(len: u32) -> Weight {
        // hyperparams, n, uid, neuron state; write row + state. Sort/upscale per entry.
        rw::<D>(4, 3).saturating_add(compute(u64::from(len).saturating_div(4).saturating_add(20)))
    }
    fn commit_weights() -> Weight {
        rw::<D>(3, 1).saturating_add(compute(15))
    }
    fn reveal_weights(len: u32) -> Weight {
        rw::<D>(2, 1)
            .saturating_add(Self::set_weights(len))
            .saturating_add(compute(10))
    }
    fn add_stake() -> Weight {
        // owner, delegate, balance (2 with burn); stake, hotkey total, total, staking list.
        rw::<D>(6, 6).saturating_add(compute(25))
    }
    fn remove_stake() -> Weight {
        rw::<D>(6, 6).saturating_add(compute(25))
    }
    fn become_delegate() -> Weight {
        rw::<D>(3, 1).saturating_add(compute(10))
    }
    fn decrease_take() -> Weight {
        rw::<D>(3, 1).saturating_add(compute(10))
    }
    fn increase_take() -> Weight {
        rw::<D>(6, 2).saturating_add(compute(10))
    }
    fn root_register() -> Weight {
        // When root is full: key + stake of each of 64 members; leave_subnet / join_subnet as
        // in burned_register (membership reads, two accounts' sufficients r/w).
        rw::<D>(144, 12).saturating_add(compute(60))
    }
    fn set_root_weights(len: u32) -> Weight {
        rw::<D>(u64::from(len).saturating_add(4), 2)
            .saturating_add(compute(u64::from(len).saturating_div(4).saturating_add(20)))
    }
    fn set_hyperparameter() -> Weight {
        rw::<D>(4, 1).saturating_add(compute(10))
    }
    fn set_network_parameter() -> Weight {
        rw::<D>(2, 2).saturating_add(compute(10))
    }
    fn reset_bonds(n: u32) -> Weight {
        // hyperparams, uid, n; then per uid one bond row read and (at most) written.
        let n = u64::from(n);
        rw::<D>(n.saturating_add(3), n)
            .saturating_add(compute(n.saturating_div(4).saturating_add(10)))
    }
    fn block_step_base() -> Weight {
        // params + the subnet list (<= MAX_SUBNET_LIMIT + 1 keys).
        rw::<D>(MAX_SUBNETS.saturating_add(2), 0).saturating_add(compute(10))
    }
    fn subnet_block_step() -> Weight {
        // hyperparams (twice), last adjustment, emission value, pending (r/w).
        rw::<D>(5, 1).saturating_add(compute(2))
    }
    fn adjust_burn() -> Weight {
        rw::<D>(1, 4).saturating_add(compute(3))
    }
    fn root_epoch(members: u32, subnets: u32) -> Weight {
        let m = u64::from(members);
        let s = u64::from(subnets);
        rw::<D>(m.saturating_mul(3).saturating_add(s).saturating_add(3), s)
            .saturating_add(compute(m.saturating_mul(s).saturating_add(50)))
    }
    fn epoch(n: u32, entries: u32, stakers: u32) -> Weight {
        // Reads per uid: key, hotkey stake, weight row, bond row, then per payout the owner,
        // delegate take, hotkey total and the stake prefix; writes per uid: bond row, and per
        // staker paid 3 stake items. Compute: measured epoch time per weight entry (README).
        let n = u64::from(n);
        let e = u64::from(entries);
        let s = u64::from(stakers);
        rw::<D>(
            n.saturating_mul(8).saturating_add(s).saturating_add(6),
            n.saturating_add(s.saturating_mul(4)).saturating_add(6),
        )
        .saturating_add(compute(
            e.saturating_div(2)
                .saturating_add(n.saturating_mul(2))
                .saturating_add(50),
        ))
    }
}

/// For tests and runtimes that do not charge: RocksDB weights with the same counts.
impl WeightInfo for () {
    fn register_network() -> Weight {
        CountedWeight::<RocksDb>::register_network()
    }
    fn remove_network(n: u32) -> Weight {
        CountedWeight::<RocksDb>::remove_network(n)
    }
    fn burned_register() -> Weight {
        CountedWeight::<RocksDb>::burned_register()
    }
    fn serve_axon() -> Weight {
        CountedWeight::<RocksDb>::serve_axon()
    }
    fn set_weights(len: u32) -> Weight {
        CountedWeight::<RocksDb>::set_weights(len)
    }
    fn commit_weights() -> Weight {
        CountedWeight::<RocksDb>::commit_weights()
    }
    fn reveal_weights(len: u32) -> Weight {
        CountedWeight::<RocksDb>::reveal_weights(len)
    }
    fn add_stake() -> Weight {
        CountedWeight::<RocksDb>::add_stake()
    }
    fn remove_stake() -> Weight {
        CountedWeight::<RocksDb>::remove_stake()
    }
    fn become_delegate() -> Weight {
        CountedWeight::<RocksDb>::become_delegate()
    }
    fn decrease_take() -> Weight {
        CountedWeight::<RocksDb>::decrease_take()
    }
    fn increase_take() -> Weight {
        CountedWeight::<RocksDb>::increase_take()
    }
    fn root_register() -> Weight {
        CountedWeight::<RocksDb>::root_register()
    }
    fn set_root_weights(len: u32) -> Weight {
        CountedWeight::<RocksDb>::set_root_weights(len)
    }
    fn set_hyperparameter() -> Weight {
        CountedWeight::<RocksDb>::set_hyperparameter()
    }
    fn set_network_parameter() -> Weight {
        CountedWeight::<RocksDb>::set_network_parameter()
    }
    fn reset_bonds(n: u32) -> Weight {
        CountedWeight::<RocksDb>::reset_bonds(n)
    }
    fn block_step_base() -> Weight {
        CountedWeight::<RocksDb>::block_step_base()
    }
    fn subnet_block_step() -> Weight {
        CountedWeight::<RocksDb>::subnet_block_step()
    }
    fn adjust_burn() -> Weight {
        CountedWeight::<RocksDb>::adjust_burn()
    }
    fn root_epoch(members: u32, subnets: u32) -> Weight {
        CountedWeight::<RocksDb>::root_epoch(members, subnets)
    }
    fn epoch(n: u32, entries: u32, stakers: u32) -> Weight {
        CountedWeight::<RocksDb>::epoch(n, entries, stakers)
    }
}
