//! Hyperparameter and network parameter changes, each validated before it is written.

use crate::*;
use frame_support::pallet_prelude::*;

impl<T: Config> Pallet<T> {
    /// `by_root`: root may set what an owner may not (a negative sigmoid steepness).
    pub(crate) fn do_set_hyperparameter(
        netuid: u16,
        param: Hyperparameter,
        by_root: bool,
    ) -> DispatchResult {
        let mut hp = Hyperparams::<T>::get(netuid).ok_or(Error::<T>::SubnetNotExists)?;
        Self::check_bonds_option(&hp, &param, by_root)?;
        let n = SubnetworkN::<T>::get(netuid);
        Self::apply_hyperparameter(&mut hp, &param, n)
            .ok_or(Error::<T>::InvalidHyperparameterValue)?;
        Hyperparams::<T>::insert(netuid, hp);
        Self::deposit_event(Event::HyperparameterSet { netuid, param });
        Ok(())
    }

    /// The checks of `spec/yuma3.md` for the bond options, each with its own error: the alpha
    /// bounds only while liquid alpha is on, `1638 <= alpha_low <= alpha_high`, and a negative
    /// steepness from root only.
    fn check_bonds_option(
        hp: &SubnetHyperparams,
        param: &Hyperparameter,
        by_root: bool,
    ) -> DispatchResult {
        use Hyperparameter as H;
        match *param {
            H::AlphaLow(v) => {
                ensure!(hp.liquid_alpha_enabled, Error::<T>::LiquidAlphaDisabled);
                ensure!(
                    v >= meshtensor_yuma::yuma3::MIN_ALPHA && v <= hp.alpha_high,
                    Error::<T>::AlphaLowOutOfRange
                );
            }
            H::AlphaHigh(v) => {
                ensure!(hp.liquid_alpha_enabled, Error::<T>::LiquidAlphaDisabled);
                ensure!(
                    v >= meshtensor_yuma::yuma3::MIN_ALPHA && v >= hp.alpha_low,
                    Error::<T>::AlphaHighTooLow
                );
            }
            H::AlphaSigmoidSteepness(v) => {
                ensure!(v >= 0 || by_root, Error::<T>::NegativeSigmoidSteepness);
            }
            _ => {}
        }
        Ok(())
    }

    /// Applies `param` to `hp` if the result is coherent; `None` when the value is refused.
    /// `n` is the subnet's current number of uids.
    pub(crate) fn apply_hyperparameter(
        hp: &mut SubnetHyperparams,
        param: &Hyperparameter,
        n: u16,
    ) -> Option<()> {
        use Hyperparameter as H;
        let ok = match *param {
            H::Tempo(v) => {
                hp.tempo = v;
                v > 0
            }
            H::ImmunityPeriod(v) => {
                hp.immunity_period = v;
                true
            }
            H::MaxAllowedUids(v) => {
                hp.max_allowed_uids = v;
                v > 0 && v >= n && v <= MAX_UIDS_HARD_CAP
            }
            H::MaxAllowedValidators(v) => {
                hp.max_allowed_validators = v;
                v > 0 && v <= hp.max_allowed_uids
            }
            H::MinAllowedWeights(v) => {
                hp.min_allowed_weights = v;
                v <= hp.max_allowed_uids
            }
            H::MaxWeightLimit(v) => {
                hp.max_weight_limit = v;
                v > 0
            }
            H::Kappa(v) => {
                hp.kappa = v;
                true
            }
            H::BondsMovingAverage(v) => {
                hp.bonds_moving_average = v;
                v <= 1_000_000
            }
            H::ActivityCutoff(v) => {
                hp.activity_cutoff = v;
                v > 0
            }
            H::WeightsRateLimit(v) => {
                hp.weights_rate_limit = v;
                true
            }
            H::WeightsVersionKey(v) => {
                hp.weights_version_key = v;
                true
            }
            H::ServingRateLimit(v) => {
                hp.serving_rate_limit = v;
                true
            }
            H::TargetRegistrationsPerInterval(v) => {
                hp.target_registrations_per_interval = v;
                v > 0
            }
            H::MaxRegistrationsPerBlock(v) => {
                hp.max_registrations_per_block = v;
                true
            }
            H::AdjustmentInterval(v) => {
                hp.adjustment_interval = v;
                v > 0
            }
            H::AdjustmentAlpha(v) => {
                hp.adjustment_alpha = v;
                true
            }
            H::Burn(v) => {
                hp.burn = v;
                v >= hp.min_burn && v <= hp.max_burn
            }
            H::MinBurn(v) => {
                hp.min_burn = v;
                hp.burn = hp.burn.max(v);
                v <= hp.max_burn
            }
            H::MaxBurn(v) => {
                hp.max_burn = v;
                hp.burn = hp.burn.min(v);
                v >= hp.min_burn
            }
            H::CommitRevealEnabled(v) => {
                hp.commit_reveal_enabled = v;
                true
            }
            H::RevealPeriodEpochs(v) => {
                hp.reveal_period_epochs = v;
                v > 0
            }
            H::RegistrationAllowed(v) => {
                hp.registration_allowed = v;
                true
            }
            // Checked by `check_bonds_option` (each with its own error).
            H::Yuma3Enabled(v) => {
                hp.yuma3_enabled = v;
                true
            }
            H::LiquidAlphaEnabled(v) => {
                hp.liquid_alpha_enabled = v;
                true
            }
            H::AlphaLow(v) => {
                hp.alpha_low = v;
                true
            }
            H::AlphaHigh(v) => {
                hp.alpha_high = v;
                true
            }
            H::AlphaSigmoidSteepness(v) => {
                hp.alpha_sigmoid_steepness = v;
                true
            }
            H::BondsPenalty(v) => {
                hp.bonds_penalty = v;
                true
            }
            H::BondsResetEnabled(v) => {
                hp.bonds_reset_enabled = v;
                true
            }
        };
        ok.then_some(())
    }

    pub(crate) fn do_set_network_parameter(param: NetworkParameter) -> DispatchResult {
        use NetworkParameter as P;
        let mut p = NetworkParamsStore::<T>::get();
        let ok = match param {
            P::SubnetLimit(v) => {
                p.subnet_limit = v;
                v > 0 && v <= MAX_SUBNET_LIMIT
            }
            P::NetworkImmunityPeriod(v) => {
                p.network_immunity_period = v;
                true
            }
            P::NetworkMinLock(v) => {
                p.network_min_lock = v;
                true
            }
            P::NetworkLockReductionInterval(v) => {
                p.network_lock_reduction_interval = v;
                v > 0
            }
            P::NetworkRateLimit(v) => {
                p.network_rate_limit = v;
                true
            }
            P::RootTempo(v) => {
                p.root_tempo = v;
                v > 0
            }
        };
        ensure!(ok, Error::<T>::InvalidHyperparameterValue);
        if let P::RootTempo(v) = param {
            Hyperparams::<T>::mutate(ROOT_NETUID, |hp| {
                if let Some(hp) = hp {
                    hp.tempo = v;
                }
            });
        }
        NetworkParamsStore::<T>::put(p);
        Self::deposit_event(Event::NetworkParameterSet { param });
        Ok(())
    }
}
