//! A deterministic fixed-point logistic function for root's subnet emission share.
//!
//! Floating point is not deterministic across runtimes, so the curve is evaluated in integers:
//! 48 fractional bits in `u128`, `exp(-y)` as powers of `1/e` times `1/exp(frac)`, each `exp` a Taylor
//! series on `[0, 1]`. The result is truncated to I32F32; over the inputs used here
//! (`|z| <= 5` for rho 10) it is within a few units in the last place of the exact value.

use crate::fixed::Fx;

/// Fractional bits of the internal format.
const FRAC: u32 = 48;
/// 1.0 in the internal format.
const ONE: u128 = 1 << FRAC;
/// Taylor terms: 1/30! is far below 2^-48.
const TERMS: u32 = 30;
/// Largest |z| evaluated: beyond it `exp(-|z|)` is below 2^-48 and the curve is flat.
const MAX_Z: u128 = 40;

/// `x * y` in the internal format (callers keep both <= ~e, so it cannot overflow).
fn mul(x: u128, y: u128) -> u128 {
    x.saturating_mul(y) >> FRAC
}

/// `1 / x` in the internal format (`x >= 1` here).
fn recip(x: u128) -> u128 {
    (ONE << FRAC).checked_div(x).unwrap_or(0)
}

/// `exp(x)` for `0 <= x <= 1` in the internal format.
fn exp_unit(x: u128) -> u128 {
    let mut total = ONE;
    let mut term = ONE;
    for k in 1..=TERMS {
        term = mul(term, x).checked_div(u128::from(k)).unwrap_or(0);
        if term == 0 {
            break;
        }
        total = total.saturating_add(term);
    }
    total
}

/// `exp(-y)` for `y >= 0` in the internal format: `exp(-1)^int * exp(-frac)`, every factor
/// <= 1 so nothing can overflow (y is clamped at `MAX_Z`).
fn exp_neg(y: u128) -> u128 {
    let y = y.min(MAX_Z << FRAC);
    let int = y >> FRAC;
    let frac = y & ONE.saturating_sub(1);
    let e_inv = recip(exp_unit(ONE));
    (0..int).fold(recip(exp_unit(frac)), |acc, _| mul(acc, e_inv))
}

/// The logistic curve `1 / (1 + exp(-rho * (t - kappa)))` with `rho` an integer, evaluated in
/// fixed point; `t` and `kappa` are I32F32 proportions.
pub fn logistic(t: Fx, rho: u64, kappa: Fx) -> Fx {
    // z = rho * (t - kappa), kept as sign and magnitude in 48 fractional bits.
    let diff = i128::from(t.raw()).saturating_sub(i128::from(kappa.raw()));
    let mag = diff
        .unsigned_abs()
        .saturating_mul(u128::from(rho))
        .checked_shl(FRAC - 32)
        .unwrap_or(u128::MAX);
    let en = exp_neg(mag);
    let denom = ONE.saturating_add(en);
    // For z >= 0: 1 / (1 + e^-z); for z < 0: e^-|z| / (1 + e^-|z|). Both are in [0, 1].
    let numer = if diff >= 0 { ONE } else { en };
    let value48 = (numer << FRAC).checked_div(denom).unwrap_or(0);
    Fx::from_raw(i64::try_from(value48 >> (FRAC - 32)).unwrap_or(i64::MAX))
}

#[cfg(test)]
#[allow(clippy::arithmetic_side_effects, clippy::indexing_slicing)]
mod tests {
    use super::*;

    fn to_f64(x: Fx) -> f64 {
        x.raw() as f64 / (1u64 << 32) as f64
    }

    fn from_f64(x: f64) -> Fx {
        Fx::from_raw((x * (1u64 << 32) as f64) as i64)
    }

    #[test]
    fn matches_the_float_curve_within_a_few_ulp() {
        let half = Fx::ONE.saturating_div(Fx::from_int(2));
        for k in 0..=1000 {
            let t = k as f64 / 1000.0;
            let got = to_f64(logistic(from_f64(t), 10, half));
            let want = 1.0 / (1.0 + (-10.0 * (t - 0.5)).exp());
            assert!((got - want).abs() < 4e-9, "t={t} got={got} want={want}");
        }
    }

    #[test]
    fn centre_and_extremes() {
        let half = Fx::ONE.saturating_div(Fx::from_int(2));
        assert_eq!(logistic(half, 10, half), half);
        assert!(logistic(Fx::ZERO, 10, half) < Fx::ONE.saturating_div(Fx::from_int(100)));
        assert!(
            logistic(Fx::ONE, 10, half)
                > Fx::ONE
                    .saturating_div(Fx::from_int(100))
                    .saturating_mul(Fx::from_int(99))
        );
        // Far outside the domain: clamped, still finite and in [0, 1].
        assert!(logistic(Fx::from_int(1000), 10, half) <= Fx::ONE);
        assert!(logistic(Fx::from_int(1000), 10, half) > Fx::ZERO);
        assert_eq!(logistic(Fx::ZERO, 1000, half), Fx::ZERO);
    }
}
