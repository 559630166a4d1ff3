//! `serve_axon`: binds a hotkey to its libp2p identity and addresses.

use crate::*;
use frame_support::pallet_prelude::*;

impl<T: Config> Pallet<T> {
    pub(crate) fn do_serve_axon(
        hotkey: T::AccountId,
        netuid: u16,
        endpoint: AxonEndpoint,
    ) -> DispatchResult {
        let now = Self::check_serve_axon(&hotkey, netuid, &endpoint)?;
        Axons::<T>::insert(
            netuid,
            &hotkey,
            AxonInfo {
                endpoint,
                block: now,
            },
        );
        Self::deposit_event(Event::AxonServed { netuid, hotkey });
        Ok(())
    }

    /// `serve_axon`'s checks, writing nothing; the current block.
    pub(crate) fn check_serve_axon(
        hotkey: &T::AccountId,
        netuid: u16,
        endpoint: &AxonEndpoint,
    ) -> Result<u64, Error<T>> {
        let hp = Hyperparams::<T>::get(netuid).ok_or(Error::<T>::SubnetNotExists)?;
        ensure!(
            Self::is_registered_anywhere(hotkey),
            Error::<T>::NotRegistered
        );
        ensure!(!endpoint.peer_id.is_empty(), Error::<T>::InvalidPeerId);
        ensure!(
            endpoint
                .multiaddrs
                .iter()
                .all(|m| m.first() == Some(&b'/') && core::str::from_utf8(m).is_ok()),
            Error::<T>::InvalidMultiaddr
        );
        let now = Self::now();
        if let Some(prev) = Axons::<T>::get(netuid, hotkey) {
            ensure!(
                now.saturating_sub(prev.block) >= hp.serving_rate_limit,
                Error::<T>::ServingRateLimitExceeded
            );
        }
        Ok(now)
    }
}
