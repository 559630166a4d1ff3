//! Fixed-point numbers of the Yuma epoch, written from `spec/yuma.md` ("Number formats").
//!
//! `Fx` is an I32F32: an `i64` whose low 32 bits are the fraction. Every operation saturates at the
//! `i64` bounds instead of overflowing, and truncates (all values on the epoch path are >= 0, so
//! truncation is floor). Stake is normalised once in I64F64 and truncated to I32F32 (see
//! [`normalize_stake`]).

use alloc::vec::Vec;

/// Fractional bits of an I32F32.
const FRAC_BITS: u32 = 32;
/// `u16::MAX` as an integer operand.
const U16_MAX: u64 = 65_535;
/// The threshold above which max-upscale multiplies by a ratio instead of dividing a product.
const UPSCALE_THRESHOLD: u64 = 32_768;

/// A signed 64-bit fixed-point number with 32 fractional bits (I32F32).
#[derive(Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Debug)]
pub struct Fx(i64);

/// Clamps an `i128` intermediate into the `i64` range (the saturation rule).
fn clamp_i64(v: i128) -> i64 {
    i64::try_from(v).unwrap_or(if v < 0 { i64::MIN } else { i64::MAX })
}

impl Fx {
    /// 0.
    pub const ZERO: Fx = Fx(0);
    /// 1.
    pub const ONE: Fx = Fx(1 << FRAC_BITS);

    /// Wraps a raw I32F32 bit pattern.
    pub const fn from_raw(raw: i64) -> Fx {
        Fx(raw)
    }

    /// The raw I32F32 bit pattern.
    pub const fn raw(self) -> i64 {
        self.0
    }

    /// `k << 32`, saturating when `k` does not fit in 32 integer bits.
    pub fn from_int(k: u64) -> Fx {
        Fx(clamp_i64(
            i128::from(k).checked_shl(FRAC_BITS).unwrap_or(i128::MAX),
        ))
    }

    /// Saturating addition.
    pub fn saturating_add(self, rhs: Fx) -> Fx {
        Fx(self.0.saturating_add(rhs.0))
    }

    /// Saturating subtraction.
    pub fn saturating_sub(self, rhs: Fx) -> Fx {
        Fx(self.0.saturating_sub(rhs.0))
    }

    /// `(a * b) >> 32`, saturating. The product is exact in `i128`; the shift floors.
    pub fn saturating_mul(self, rhs: Fx) -> Fx {
        let wide = i128::from(self.0).saturating_mul(i128::from(rhs.0));
        Fx(clamp_i64(wide.checked_shr(FRAC_BITS).unwrap_or(0)))
    }

    /// `(a << 32) / b`, saturating, truncating toward zero. Division by zero gives 0: every
    /// caller on the epoch path checks for a zero divisor first, so this is only a no-panic guard.
    pub fn saturating_div(self, rhs: Fx) -> Fx {
        if rhs.0 == 0 {
            return Fx::ZERO;
        }
        let num = i128::from(self.0).checked_shl(FRAC_BITS).unwrap_or(0);
        Fx(clamp_i64(num.checked_div(i128::from(rhs.0)).unwrap_or(0)))
    }

    /// Round to the nearest integer, halves away from zero (the fixed crates' `round`).
    pub fn round(self) -> Fx {
        let half: i64 = 1 << (FRAC_BITS - 1);
        let frac_mask: i64 = (1 << FRAC_BITS) - 1;
        let mag = self.0.unsigned_abs();
        // Work on the magnitude so halves go away from zero for either sign.
        let rounded = mag.saturating_add(half.unsigned_abs()) & !(frac_mask.unsigned_abs());
        let rounded = i64::try_from(rounded).unwrap_or(i64::MAX);
        if self.0 < 0 {
            Fx(rounded.saturating_neg())
        } else {
            Fx(rounded)
        }
    }

    /// The integer part as `u16` (floor for values >= 0), saturating at 0 and 65535.
    pub fn to_u16(self) -> u16 {
        let int = self.0.checked_shr(FRAC_BITS).unwrap_or(0);
        u16::try_from(int.max(0)).unwrap_or(u16::MAX)
    }

    /// u16 output of a proportion: `floor(x * 65535)`, i.e. `((x * (65535 << 32)) >> 32) >> 32`.
    pub fn to_u16_proportion(self) -> u16 {
        self.saturating_mul(Fx::from_int(U16_MAX)).to_u16()
    }

    /// Amount output of a proportion with epoch emission `e`: `(x_raw * e) >> 32` (0 for x < 0,
    /// saturating at `u64::MAX`).
    pub fn to_amount(self, e: u64) -> u64 {
        let x = u128::try_from(self.0).unwrap_or(0);
        let wide = x.saturating_mul(u128::from(e));
        u64::try_from(wide.checked_shr(FRAC_BITS).unwrap_or(0)).unwrap_or(u64::MAX)
    }
}

/// Saturating sum of a vector.
pub fn sum(v: &[Fx]) -> Fx {
    v.iter().fold(Fx::ZERO, |acc, x| acc.saturating_add(*x))
}

/// Divides each entry by the sum; a vector whose sum is 0 is left unchanged.
pub fn normalize(v: &mut [Fx]) {
    let s = sum(v);
    if s == Fx::ZERO {
        return;
    }
    for x in v.iter_mut() {
        *x = x.saturating_div(s);
    }
}

/// Normalises raw stake in I64F64 (`(s << 64) / sum`) and truncates each share to I32F32
/// (`>> 32`). All-zero stake stays zero. The sum is taken in `u128`, so it never overflows.
pub fn normalize_stake(stake: &[u64]) -> Vec<Fx> {
    let total: u128 = stake
        .iter()
        .fold(0u128, |acc, s| acc.saturating_add(u128::from(*s)));
    stake
        .iter()
        .map(|s| {
            if total == 0 {
                return Fx::ZERO;
            }
            // s < 2^64, so s << 64 fits in u128; the quotient is <= 2^64 because s <= total.
            let share64 = (u128::from(*s) << 64).checked_div(total).unwrap_or(0);
            let share32 = share64.checked_shr(FRAC_BITS).unwrap_or(0);
            Fx(i64::try_from(share32).unwrap_or(i64::MAX))
        })
        .collect()
}

/// Max-upscale to u16 (how `set_weights` stores a row, how pruning scores are made): with
/// `m = max(v)`, `m == 0` keeps every entry's integer part; `m > 32768` gives
/// `round(e * (65535 / m))`; otherwise `round((e * 65535) / m)`.
pub fn max_upscale_fixed(v: &[Fx]) -> Vec<u16> {
    let u16_max = Fx::from_int(U16_MAX);
    let Some(m) = v.iter().copied().max() else {
        return Vec::new();
    };
    if m == Fx::ZERO {
        // Only reachable with an all-zero (or negative) input: the entries are unchanged.
        return v
            .iter()
            .map(|e| e.saturating_mul(u16_max).to_u16())
            .collect();
    }
    if m > Fx::from_int(UPSCALE_THRESHOLD) {
        let ratio = u16_max.saturating_div(m);
        return v
            .iter()
            .map(|e| e.saturating_mul(ratio).round().to_u16())
            .collect();
    }
    v.iter()
        .map(|e| e.saturating_mul(u16_max).saturating_div(m).round().to_u16())
        .collect()
}

/// Max-upscale of a stored u16 row: the values are read as integers (`k << 32`) first.
/// Example from the spec: `[43690, 21845] -> [65535, 32768]`.
pub fn max_upscale_u16(row: &[u16]) -> Vec<u16> {
    let fx: Vec<Fx> = row.iter().map(|e| Fx::from_int(u64::from(*e))).collect();
    max_upscale_fixed(&fx)
}

#[cfg(test)]
#[allow(clippy::arithmetic_side_effects, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use alloc::vec;

    #[test]
    fn mul_and_div_truncate() {
        let third = Fx::ONE.saturating_div(Fx::from_int(3));
        assert_eq!(third.raw(), (1i64 << 32) / 3);
        // 1/3 * 3 loses the truncated remainder: one unit in the last place below 1.
        assert_eq!(
            third.saturating_mul(Fx::from_int(3)).raw(),
            (1i64 << 32) - 1
        );
    }

    #[test]
    fn operations_saturate_instead_of_overflowing() {
        let big = Fx::from_int(u64::MAX);
        assert_eq!(big.raw(), i64::MAX);
        assert_eq!(big.saturating_mul(big).raw(), i64::MAX);
        assert_eq!(big.saturating_add(big).raw(), i64::MAX);
        assert_eq!(Fx::ONE.saturating_div(Fx::from_raw(1)).raw(), i64::MAX);
        assert_eq!(Fx::ONE.saturating_div(Fx::ZERO), Fx::ZERO);
    }

    #[test]
    fn round_goes_half_away_from_zero() {
        let half = Fx::from_raw(1 << 31);
        assert_eq!(half.round(), Fx::ONE);
        assert_eq!(Fx::from_raw((1 << 31) - 1).round(), Fx::ZERO);
        assert_eq!(Fx::from_raw(-(1 << 31)).round(), Fx::from_raw(-(1 << 32)));
    }

    #[test]
    fn u16_proportion_is_floor_of_x_times_65535() {
        assert_eq!(Fx::ONE.to_u16_proportion(), 65535);
        assert_eq!(
            Fx::ONE.saturating_div(Fx::from_int(10)).to_u16_proportion(),
            6553
        );
        assert_eq!(Fx::from_int(2).to_u16_proportion(), 65535);
        assert_eq!(Fx::from_raw(-5).to_u16_proportion(), 0);
    }

    #[test]
    fn amount_output_truncates() {
        let tenth = Fx::ONE.saturating_div(Fx::from_int(10));
        assert_eq!(tenth.to_amount(1_000_000_000), 99_999_999);
        assert_eq!(Fx::ONE.to_amount(u64::MAX), u64::MAX);
    }

    #[test]
    fn stake_normalises_in_i64f64_then_truncates() {
        let s = normalize_stake(&[1, 2, 3, 4]);
        let expect: Vec<i64> = [1u128, 2, 3, 4]
            .iter()
            .map(|x| (((x << 64) / 10) >> 32) as i64)
            .collect();
        assert_eq!(s.iter().map(|x| x.raw()).collect::<Vec<_>>(), expect);
        assert_eq!(normalize_stake(&[0, 0]), vec![Fx::ZERO, Fx::ZERO]);
        // Huge stakes do not overflow the sum.
        let h = normalize_stake(&[u64::MAX, u64::MAX]);
        assert_eq!(h[0].raw(), 1 << 31);
    }

    #[test]
    fn normalize_leaves_zero_vectors() {
        let mut z = vec![Fx::ZERO; 3];
        normalize(&mut z);
        assert_eq!(z, vec![Fx::ZERO; 3]);
        let mut v = vec![Fx::from_int(1), Fx::from_int(3)];
        normalize(&mut v);
        assert_eq!(v, vec![Fx::from_raw(1 << 30), Fx::from_raw(3 << 30)]);
    }

    #[test]
    fn max_upscale_spec_example() {
        assert_eq!(max_upscale_u16(&[43690, 21845]), vec![65535, 32768]);
        assert_eq!(max_upscale_u16(&[0, 0]), vec![0, 0]);
        assert_eq!(max_upscale_u16(&[]), Vec::<u16>::new());
        assert_eq!(max_upscale_u16(&[1, 2]), vec![32768, 65535]);
        assert_eq!(max_upscale_u16(&[65535, 7]), vec![65535, 7]);
    }

    #[test]
    fn max_upscale_of_proportions_rounds_to_65535_at_the_max() {
        let v = [
            Fx::ONE.saturating_div(Fx::from_int(2)),
            Fx::ONE.saturating_div(Fx::from_int(4)),
        ];
        assert_eq!(max_upscale_fixed(&v), vec![65535, 32768]);
        // Truncated thirds: the half is a hair below .5, so it rounds down.
        let t = [
            Fx::ONE.saturating_div(Fx::from_int(3)),
            Fx::ONE.saturating_div(Fx::from_int(6)),
        ];
        assert_eq!(max_upscale_fixed(&t), vec![65535, 32767]);
    }
}
