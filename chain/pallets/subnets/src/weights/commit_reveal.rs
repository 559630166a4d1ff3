//! Commit-reveal of weights: the defence against weight copying.

use crate::*;
use codec::Encode;
use frame_support::pallet_prelude::*;
use sp_core::H256;
use sp_runtime::traits::{BlakeTwo256, Hash};
use sp_std::vec::Vec;

impl<T: Config> Pallet<T> {
    /// `(block + netuid + 1) / (tempo + 1)`: the subnet's epoch counter.
    pub fn epoch_index(netuid: u16, tempo: u16, block: u64) -> u64 {
        block
            .saturating_add(u64::from(netuid))
            .saturating_add(1)
            .checked_div(u64::from(tempo).saturating_add(1))
            .unwrap_or(0)
    }

    /// `BlakeTwo256(SCALE(hotkey, netuid, uids, values, salt, version_key))`.
    pub fn commit_hash(
        hotkey: &T::AccountId,
        netuid: u16,
        uids: &[u16],
        values: &[u16],
        salt: &[u16],
        version_key: u64,
    ) -> H256 {
        let data = (hotkey, netuid, uids, values, salt, version_key).encode();
        BlakeTwo256::hash(&data)
    }

    pub(crate) fn do_commit_weights(
        hotkey: T::AccountId,
        netuid: u16,
        hash: H256,
    ) -> DispatchResult {
        let mut commits = Self::check_commit_weights(&hotkey, netuid)?;
        commits.push(WeightCommit {
            hash,
            block: Self::now(),
        });
        WeightCommits::<T>::insert(netuid, &hotkey, commits);
        Self::deposit_event(Event::WeightsCommitted {
            netuid,
            hotkey,
            hash,
        });
        Ok(())
    }

    /// `commit_weights`' checks, writing nothing; the hotkey's pending commits with the expired
    /// ones dropped (what the call stores the new one after).
    pub(crate) fn check_commit_weights(
        hotkey: &T::AccountId,
        netuid: u16,
    ) -> Result<Vec<WeightCommit<H256>>, Error<T>> {
        ensure!(netuid != ROOT_NETUID, Error::<T>::RootNetworkNotAllowed);
        let hp = Hyperparams::<T>::get(netuid).ok_or(Error::<T>::SubnetNotExists)?;
        ensure!(hp.commit_reveal_enabled, Error::<T>::CommitRevealDisabled);
        ensure!(
            Uids::<T>::contains_key(netuid, hotkey),
            Error::<T>::NotRegistered
        );
        let current = Self::epoch_index(netuid, hp.tempo, Self::now());
        let mut commits = WeightCommits::<T>::get(netuid, hotkey);
        // Expired commits no longer count toward the limit.
        commits.retain(|c| {
            Self::epoch_index(netuid, hp.tempo, c.block).saturating_add(hp.reveal_period_epochs)
                >= current
        });
        ensure!(
            commits.len() < MAX_PENDING_COMMITS as usize,
            Error::<T>::TooManyUnrevealedCommits
        );
        Ok(commits)
    }

    pub(crate) fn do_reveal_weights(
        hotkey: T::AccountId,
        netuid: u16,
        uids: Vec<u16>,
        values: Vec<u16>,
        salt: Vec<u16>,
        version_key: u64,
    ) -> DispatchResult {
        let (hp, hash, commits) =
            Self::check_reveal_commit(&hotkey, netuid, &uids, &values, &salt, version_key)?;
        if commits.is_empty() {
            WeightCommits::<T>::remove(netuid, &hotkey);
        } else {
            WeightCommits::<T>::insert(netuid, &hotkey, commits);
        }
        Self::check_and_store_weights(&hotkey, netuid, &hp, &uids, &values, version_key, false)?;
        Self::deposit_event(Event::WeightsRevealed {
            netuid,
            hotkey,
            hash,
        });
        Ok(())
    }

    /// `reveal_weights`' checks of the commit, writing nothing: the subnet's hyperparameters,
    /// the revealed hash and the pending commits without the revealed one.
    #[allow(clippy::type_complexity)]
    pub(crate) fn check_reveal_commit(
        hotkey: &T::AccountId,
        netuid: u16,
        uids: &[u16],
        values: &[u16],
        salt: &[u16],
        version_key: u64,
    ) -> Result<(SubnetHyperparams, H256, Vec<WeightCommit<H256>>), Error<T>> {
        ensure!(netuid != ROOT_NETUID, Error::<T>::RootNetworkNotAllowed);
        let hp = Hyperparams::<T>::get(netuid).ok_or(Error::<T>::SubnetNotExists)?;
        ensure!(hp.commit_reveal_enabled, Error::<T>::CommitRevealDisabled);
        let mut commits = WeightCommits::<T>::get(netuid, hotkey);
        ensure!(!commits.is_empty(), Error::<T>::NoWeightsCommitFound);
        let hash = Self::commit_hash(hotkey, netuid, uids, values, salt, version_key);
        let pos = commits
            .iter()
            .position(|c| c.hash == hash)
            .ok_or(Error::<T>::InvalidRevealCommitHashNotMatch)?;
        let commit = commits.remove(pos);
        let current = Self::epoch_index(netuid, hp.tempo, Self::now());
        let reveal_epoch = Self::epoch_index(netuid, hp.tempo, commit.block)
            .saturating_add(hp.reveal_period_epochs);
        ensure!(current >= reveal_epoch, Error::<T>::RevealTooEarly);
        ensure!(current == reveal_epoch, Error::<T>::ExpiredWeightCommit);
        Ok((hp, hash, commits))
    }
}
