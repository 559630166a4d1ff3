//! `CheckNeuronCall`: the transaction extension that guards the fee-free hotkey calls.
//!
//! `set_weights`, `commit_weights`, `reveal_weights`, `serve_axon` and `set_root_weights` pay no
//! fee (`Pays::No`, `shared/spec/chain.md` "Keys"), as on subtensor: their rate limits bound the
//! load. Free inclusion must not be open to anyone, so this extension runs every check of the
//! call's dispatch (registration, rate limit, and the rest; nothing is written) in `validate`.
//! A call that would fail is refused with `InvalidTransaction::Custom(code)`, where `code` is
//! the index of the pallet `Error` dispatch would return (15 `NotRegistered`, 22
//! `SettingWeightsTooFast`, 18 `ServingRateLimitExceeded`, ...; the pallet README lists them):
//! it never enters the pool, and since `validate` runs again when a block includes the call, a
//! fee-free call that is included cannot fail (a second `set_weights` of one hotkey in the same
//! block is dropped by the rate limit). Wrapped in `Utility::batch` the calls pay a fee as
//! usual (pallet-utility charges batches), and this extension does not look inside.
//!
//! The extension has no explicit or implicit data: it adds nothing to an extrinsic or to its
//! signed payload, only its name to the metadata's extension list. It must come before
//! `CheckNonce` so an unregistered hotkey with no balance gets this refusal, not `Payment`.

use crate::*;
use codec::{Decode, DecodeWithMemTracking, Encode};
use core::marker::PhantomData;
use frame_support::{
    dispatch::DispatchInfo,
    pallet_prelude::TransactionSource,
    traits::{Get, IsSubType},
    CloneNoBound, DebugNoBound, DefaultNoBound, EqNoBound, PartialEqNoBound,
};
use scale_info::TypeInfo;
use sp_runtime::{
    impl_tx_ext_default,
    traits::{
        AsSystemOriginSigner, DispatchInfoOf, Dispatchable, Implication, TransactionExtension,
        ValidateResult,
    },
    transaction_validity::{InvalidTransaction, ValidTransaction},
    Weight,
};

/// Storage reads of the most expensive subnet check run here (`reveal_weights`:
/// hyperparameters, commits, n, uid, neuron state), charged as the extension's weight for the
/// fee-free calls (`set_root_weights` is charged for its own reads).
const CHECK_READS: u64 = 5;

/// Refuses, at transaction validation, a fee-free hotkey call that its dispatch would refuse.
#[derive(
    Encode,
    Decode,
    DecodeWithMemTracking,
    CloneNoBound,
    EqNoBound,
    PartialEqNoBound,
    DefaultNoBound,
    DebugNoBound,
    TypeInfo,
)]
#[scale_info(skip_type_params(T))]
pub struct CheckNeuronCall<T: Config + Send + Sync>(PhantomData<T>);

impl<T: Config + Send + Sync> CheckNeuronCall<T> {
    pub fn new() -> Self {
        Self(PhantomData)
    }
}

/// The `InvalidTransaction::Custom` code of a refusal: the index of the pallet error.
pub fn refusal_code<T: Config>(error: Error<T>) -> u8 {
    error.encode().first().copied().unwrap_or(u8::MAX)
}

impl<T: Config> Pallet<T> {
    /// Whether `call` is one of the fee-free hotkey calls.
    pub fn is_fee_free(call: &Call<T>) -> bool {
        matches!(
            call,
            Call::set_weights { .. }
                | Call::commit_weights { .. }
                | Call::reveal_weights { .. }
                | Call::serve_axon { .. }
                | Call::set_root_weights { .. }
        )
    }

    /// Storage reads `validate_fee_free` makes for `call` (0 for a fee-paying call): the
    /// extension's weight.
    pub fn fee_free_check_reads(call: &Call<T>) -> u64 {
        match call {
            // Root weights also read each named subnet's hyperparameters.
            Call::set_root_weights { netuids, .. } => u64::try_from(netuids.len())
                .unwrap_or(u64::MAX)
                .saturating_add(3),
            c if Self::is_fee_free(c) => CHECK_READS,
            _ => 0,
        }
    }

    /// Runs the dispatch checks of a fee-free call signed by `who`, writing nothing; `Ok` for
    /// every other call.
    pub fn validate_fee_free(who: &T::AccountId, call: &Call<T>) -> Result<(), Error<T>> {
        match call {
            Call::set_weights {
                netuid,
                uids,
                values,
                version_key,
            } => {
                let hp = Self::check_set_weights_call(*netuid, uids, values)?;
                Self::check_weights(who, *netuid, &hp, uids, values, *version_key, true).map(|_| ())
            }
            Call::commit_weights { netuid, .. } => {
                Self::check_commit_weights(who, *netuid).map(|_| ())
            }
            Call::reveal_weights {
                netuid,
                uids,
                values,
                salt,
                version_key,
            } => {
                let (hp, _, _) =
                    Self::check_reveal_commit(who, *netuid, uids, values, salt, *version_key)?;
                Self::check_weights(who, *netuid, &hp, uids, values, *version_key, false)
                    .map(|_| ())
            }
            Call::serve_axon { netuid, endpoint } => {
                Self::check_serve_axon(who, *netuid, endpoint).map(|_| ())
            }
            Call::set_root_weights {
                netuids,
                values,
                version_key,
            } => Self::check_root_weights(who, netuids, values, *version_key).map(|_| ()),
            _ => Ok(()),
        }
    }
}

impl<T: Config + Send + Sync> TransactionExtension<<T as frame_system::Config>::RuntimeCall>
    for CheckNeuronCall<T>
where
    <T as frame_system::Config>::RuntimeCall:
        Dispatchable<Info = DispatchInfo> + IsSubType<Call<T>>,
    <<T as frame_system::Config>::RuntimeCall as Dispatchable>::RuntimeOrigin:
        AsSystemOriginSigner<T::AccountId> + Clone,
{
    const IDENTIFIER: &'static str = "CheckNeuronCall";
    type Implicit = ();
    type Val = ();
    type Pre = ();

    fn weight(&self, call: &<T as frame_system::Config>::RuntimeCall) -> Weight {
        let reads = call
            .is_sub_type()
            .map_or(0, Pallet::<T>::fee_free_check_reads);
        T::DbWeight::get().reads(reads)
    }

    fn validate(
        &self,
        origin: <<T as frame_system::Config>::RuntimeCall as Dispatchable>::RuntimeOrigin,
        call: &<T as frame_system::Config>::RuntimeCall,
        _info: &DispatchInfoOf<<T as frame_system::Config>::RuntimeCall>,
        _len: usize,
        _self_implicit: Self::Implicit,
        _inherited_implication: &impl Implication,
        _source: TransactionSource,
    ) -> ValidateResult<Self::Val, <T as frame_system::Config>::RuntimeCall> {
        if let (Some(who), Some(call)) = (origin.as_system_origin_signer(), call.is_sub_type()) {
            Pallet::<T>::validate_fee_free(who, call)
                .map_err(|e| InvalidTransaction::Custom(refusal_code(e)))?;
        }
        Ok((ValidTransaction::default(), (), origin))
    }

    impl_tx_ext_default!(<T as frame_system::Config>::RuntimeCall; prepare);
}
