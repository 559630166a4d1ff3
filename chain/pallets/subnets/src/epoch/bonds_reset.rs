//! `reset_bonds`: a miner wipes the bonds validators hold to it (`spec/yuma3.md`, "Bonds
//! reset"). Subtensor fires this when a miner publishes a metadata commitment; meshtensor has no
//! commitments, so the miner's hotkey asks for it with this call (typically after it starts
//! serving a new model), and it does nothing unless the subnet owner turned
//! `bonds_reset_enabled` on.

use crate::*;
use frame_support::{dispatch::DispatchResultWithPostInfo, pallet_prelude::*};

impl<T: Config> Pallet<T> {
    pub(crate) fn do_reset_bonds(netuid: u16, hotkey: &T::AccountId) -> DispatchResultWithPostInfo {
        let hp = Hyperparams::<T>::get(netuid).ok_or(Error::<T>::SubnetNotExists)?;
        ensure!(netuid != ROOT_NETUID, Error::<T>::RootNetworkNotAllowed);
        let uid = Uids::<T>::get(netuid, hotkey).ok_or(Error::<T>::NotRegistered)?;
        if !hp.bonds_reset_enabled {
            // The spec's rule: with the option off the reset does nothing (and costs little).
            return Ok(Some(T::WeightInfo::reset_bonds(0)).into());
        }
        let n = SubnetworkN::<T>::get(netuid);
        let mut rows = 0u32;
        for i in 0..n {
            let mut row = Bonds::<T>::get(netuid, i);
            let before = row.len();
            meshtensor_yuma::yuma3::reset_bonds(core::slice::from_mut(&mut row), uid);
            if row.len() == before {
                continue;
            }
            rows = rows.saturating_add(1);
            if row.is_empty() {
                Bonds::<T>::remove(netuid, i);
            } else {
                Bonds::<T>::insert(netuid, i, row);
            }
        }
        Self::deposit_event(Event::BondsReset { netuid, uid, rows });
        Ok(Some(T::WeightInfo::reset_bonds(u32::from(n))).into())
    }
}
