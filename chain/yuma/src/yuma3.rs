//! Yuma 3, liquid alpha and the bonds penalty (`spec/yuma3.md`): per-subnet bond options on the
//! classic epoch. With every option at its default ([`BondsConfig::default`]) the epoch is the
//! classic one, bit for bit: step P gives back the clipped weights and the classic bond path runs.

use crate::fixed::{normalize, Fx};
use crate::matrix::{self, Sparse};
use alloc::{borrow::Cow, vec, vec::Vec};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;

/// `floor(65535 / 40)`: the least `alpha_low` / `alpha_high` a subnet owner may set.
pub const MIN_ALPHA: u16 = 1638;

/// The seven per-subnet options of `spec/yuma3.md`, with its defaults.
#[derive(
    Encode,
    Decode,
    DecodeWithMemTracking,
    TypeInfo,
    MaxEncodedLen,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Debug,
)]
pub struct BondsConfig {
    /// Use the Yuma 3 bond path (steps Y1-Y5) instead of the classic steps 11-14.
    pub yuma3_enabled: bool,
    /// A per-bond EMA rate from a sigmoid of consensus; only has an effect with `yuma3_enabled`.
    pub liquid_alpha_enabled: bool,
    /// Lower EMA rate, `alpha_low / 65535`.
    pub alpha_low: u16,
    /// Upper EMA rate, `alpha_high / 65535`.
    pub alpha_high: u16,
    /// Sigmoid slope, divided by 100 in use.
    pub alpha_sigmoid_steepness: i16,
    /// How far bonds follow clipped (65535) rather than raw (0) weights.
    pub bonds_penalty: u16,
    /// Whether a miner's bonds may be wiped ([`reset_bonds`]).
    pub bonds_reset_enabled: bool,
}

impl Default for BondsConfig {
    fn default() -> Self {
        Self {
            yuma3_enabled: false,
            liquid_alpha_enabled: false,
            alpha_low: 45_875,
            alpha_high: 58_982,
            alpha_sigmoid_steepness: 1000,
            bonds_penalty: u16::MAX,
            bonds_reset_enabled: false,
        }
    }
}

/// A u16 proportion as I32F32: `(u << 32) / 65535`.
pub fn proportion(u: u16) -> Fx {
    Fx::from_int(u64::from(u)).saturating_div(Fx::from_int(u64::from(u16::MAX)))
}

/// `exp_safe` of `spec/yuma3.md` (substrate-fixed's `exp` behind a clamp to [-20, 20]): the
/// series to the 31st term with floored products and quotients, `exp(1)` as e cut to 23
/// fractional bits, and `1 / exp(|x|)` for negative `x`.
pub fn exp_safe(x: Fx) -> Fx {
    let x = x.max(Fx::from_raw(-(20i64 << 32))).min(Fx::from_int(20));
    if x == Fx::ZERO {
        return Fx::ONE;
    }
    if x == Fx::ONE {
        return Fx::from_raw(22_802_600i64 << 9);
    }
    let neg = x < Fx::ZERO;
    let ax = Fx::from_raw(x.raw().saturating_abs());
    let mut result = ax.saturating_add(Fx::ONE);
    let mut term = ax;
    for i in 2i64..=31 {
        term = term.saturating_mul(ax);
        term = Fx::from_raw(term.raw().checked_div(i).unwrap_or(0));
        result = result.saturating_add(term);
    }
    if neg {
        Fx::ONE.saturating_div(result)
    } else {
        result
    }
}

/// The liquid-alpha rate `alpha(c, w, b)` with its per-subnet constants computed once.
pub struct LiquidAlpha {
    lo: Fx,
    hi: Fx,
    /// `steepness / -100`, truncated toward zero.
    k: Fx,
}

impl LiquidAlpha {
    /// The constants of a subnet's configuration.
    pub fn new(cfg: &BondsConfig) -> Self {
        let s = Fx::from_raw(i64::from(cfg.alpha_sigmoid_steepness).saturating_mul(1i64 << 32));
        Self {
            lo: proportion(cfg.alpha_low),
            hi: proportion(cfg.alpha_high),
            k: s.saturating_div(Fx::from_raw(-(100i64 << 32))),
        }
    }

    /// The EMA rate of one bond: consensus `c`, bond weight `w`, old bond `b`.
    pub fn alpha(&self, c: Fx, w: Fx, b: Fx) -> Fx {
        let unit = |x: Fx| x.max(Fx::ZERO).min(Fx::ONE);
        let d = if w >= b {
            unit(w.saturating_sub(c))
        } else {
            unit(b.saturating_sub(w))
        };
        let x = self
            .k
            .saturating_mul(d.saturating_sub(Fx::from_raw(1i64 << 31)));
        let sig = Fx::ONE.saturating_div(Fx::ONE.saturating_add(exp_safe(x)));
        let a = self
            .lo
            .saturating_add(sig.saturating_mul(self.hi.saturating_sub(self.lo)));
        a.min(self.hi).max(self.lo)
    }
}

/// Step P: the weights bonds follow. `p = 0` gives `w` (zero entries included), `p = 1` gives
/// `wc`, otherwise `W + floor(p * (Wc - W))` densely per row, keeping entries above 0.
/// The two exact cases borrow their input (the classic default costs no copy).
pub fn bonds_weights<'a>(
    w: &'a Sparse,
    wc: &'a Sparse,
    bonds_penalty: u16,
    n: usize,
) -> Cow<'a, Sparse> {
    let p = proportion(bonds_penalty);
    if p == Fx::ZERO {
        return Cow::Borrowed(w);
    }
    if p == Fx::ONE {
        return Cow::Borrowed(wc);
    }
    let mut raw = vec![Fx::ZERO; n];
    let mut clipped = vec![Fx::ZERO; n];
    let rows: Sparse = (0..n)
        .map(|i| {
            raw.iter_mut().for_each(|x| *x = Fx::ZERO);
            clipped.iter_mut().for_each(|x| *x = Fx::ZERO);
            scatter(&mut raw, w.get(i));
            scatter(&mut clipped, wc.get(i));
            raw.iter()
                .zip(&clipped)
                .enumerate()
                .filter_map(|(j, (r, c))| {
                    let v = r.saturating_add(p.saturating_mul(c.saturating_sub(*r)));
                    (v > Fx::ZERO)
                        .then_some(v)
                        .and_then(|v| u16::try_from(j).ok().map(|j| (j, v)))
                })
                .collect()
        })
        .collect();
    Cow::Owned(rows)
}

/// Writes a sparse row into a dense one (columns `>= dense.len()` are ignored).
fn scatter(dense: &mut [Fx], row: Option<&Vec<(u16, Fx)>>) {
    for (j, v) in row.into_iter().flatten() {
        if let Some(cell) = dense.get_mut(usize::from(*j)) {
            *cell = *v;
        }
    }
}

/// A row in ascending column order. Stored rows never repeat a column (`set_weights` refuses
/// duplicates); a hand-written scenario may, and its repeats are summed, as the classic EMA's
/// dense accumulation does.
fn sorted_row(row: Option<&Vec<(u16, Fx)>>) -> Vec<(u16, Fx)> {
    let mut row: Vec<(u16, Fx)> = row.cloned().unwrap_or_default();
    row.sort_by_key(|(j, _)| *j);
    let mut out: Vec<(u16, Fx)> = Vec::with_capacity(row.len());
    for (j, v) in row {
        match out.last_mut() {
            Some(last) if last.0 == j => last.1 = last.1.saturating_add(v),
            _ => out.push((j, v)),
        }
    }
    out
}

/// Stored u16 bond rows read as proportions `(u << 32) / 65535`, `n` rows, columns `< n` (Y1).
fn bonds_as_proportions(rows: &[Vec<(u16, u16)>], n: usize) -> Sparse {
    (0..n)
        .map(|i| {
            rows.get(i)
                .map(|row| {
                    row.iter()
                        .filter(|(j, _)| usize::from(*j) < n)
                        .map(|(j, v)| (*j, proportion(*v)))
                        .collect()
                })
                .unwrap_or_default()
        })
        .collect()
}

/// Y2 with liquid alpha: per row, per entry of `Wb_i` in ascending column order,
/// `min(floor((1 - a) * b) + floor(a * w), 1)` kept when above 0; bonds without a weight entry
/// are dropped.
fn liquid_ema(wb: &Sparse, old: &Sparse, consensus: &[Fx], la: &LiquidAlpha, n: usize) -> Sparse {
    let mut dense_b = vec![Fx::ZERO; n];
    (0..n)
        .map(|i| {
            dense_b.iter_mut().for_each(|x| *x = Fx::ZERO);
            scatter(&mut dense_b, old.get(i));
            sorted_row(wb.get(i))
                .into_iter()
                .filter_map(|(j, w)| {
                    let b = dense_b.get(usize::from(j)).copied().unwrap_or(Fx::ZERO);
                    let c = consensus.get(usize::from(j)).copied().unwrap_or(Fx::ZERO);
                    let a = la.alpha(c, w, b);
                    let kept = Fx::ONE.saturating_sub(a).saturating_mul(b);
                    let added = a.saturating_mul(w).max(Fx::ZERO);
                    let v = kept.saturating_add(added).min(Fx::ONE);
                    (v > Fx::ZERO).then_some((j, v))
                })
                .collect()
        })
        .collect()
}

/// What the Yuma 3 bond path gives the rest of the epoch.
pub struct Yuma3Bonds {
    /// `D` of step Y3, normalised.
    pub dividends: Vec<Fx>,
    /// `E` of step Y2: plain proportions, not normalised, rows in ascending column order.
    pub ema: Sparse,
}

/// The inputs of the Yuma 3 path that the classic steps 1-10 already computed.
pub struct Yuma3Inputs<'a> {
    /// Bond weights of step P.
    pub bonds_weights: &'a Sparse,
    /// Active stake `Sa`.
    pub active_stake: &'a [Fx],
    /// Consensus `C`.
    pub consensus: &'a [Fx],
    /// Incentive `I`.
    pub incentive: &'a [Fx],
    /// Block of each uid's last weights (for the outdated mask of Y1).
    pub last_update: &'a [u64],
    /// Block of each uid's registration.
    pub block_at_registration: &'a [u64],
    /// The classic EMA rate `1 - bma`.
    pub ema_alpha: Fx,
}

/// Steps Y1-Y3: old bonds as proportions, the EMA (liquid or fixed), dividends from the
/// column-normalised EMA weighted by active stake.
pub fn bonds_and_dividends(
    cfg: &BondsConfig,
    stored: &[Vec<(u16, u16)>],
    inp: &Yuma3Inputs<'_>,
    n: usize,
) -> Yuma3Bonds {
    // Y1.
    let mut old = bonds_as_proportions(stored, n);
    matrix::mask_outdated(&mut old, inp.last_update, inp.block_at_registration);
    // Y2.
    let liquid = cfg.liquid_alpha_enabled && inp.consensus.iter().any(|c| *c != Fx::ZERO);
    let ema = if liquid {
        liquid_ema(
            inp.bonds_weights,
            &old,
            inp.consensus,
            &LiquidAlpha::new(cfg),
            n,
        )
    } else {
        matrix::ema(inp.bonds_weights, &old, inp.ema_alpha, n)
    };
    // Y3.
    let mut normalized = ema.clone();
    matrix::col_normalize(&mut normalized, n);
    let per_bond = matrix::matmul_transpose(&normalized, inp.incentive);
    let mut dividends: Vec<Fx> = per_bond
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let s = inp.active_stake.get(i).copied().unwrap_or(Fx::ZERO);
            t.saturating_mul(s)
        })
        .collect();
    normalize(&mut dividends);
    Yuma3Bonds { dividends, ema }
}

/// Removes every bond to `uid` from every row (what a bonds reset does when
/// `bonds_reset_enabled`; the caller checks the flag).
pub fn reset_bonds(bonds: &mut [Vec<(u16, u16)>], uid: u16) {
    for row in bonds.iter_mut() {
        row.retain(|(j, _)| *j != uid);
    }
}

#[cfg(test)]
#[allow(clippy::arithmetic_side_effects, clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn exp_special_cases_and_symmetry() {
        assert_eq!(exp_safe(Fx::ZERO), Fx::ONE);
        // e cut to 23 fractional bits, not the series value.
        assert_eq!(exp_safe(Fx::ONE).raw(), 22_802_600i64 << 9);
        // Clamped at +-20: larger arguments give exp(20).
        assert_eq!(exp_safe(Fx::from_int(100)), exp_safe(Fx::from_int(20)));
        assert_eq!(
            exp_safe(Fx::from_raw(-(100i64 << 32))),
            exp_safe(Fx::from_raw(-(20i64 << 32)))
        );
        // exp(-x) is the truncated reciprocal of exp(x).
        let two = Fx::from_int(2);
        assert_eq!(
            exp_safe(Fx::from_raw(-(2i64 << 32))),
            Fx::ONE.saturating_div(exp_safe(two))
        );
        // exp(2) = 7.389056...; the series is exact to a few units in the last place.
        let e2 = exp_safe(two).raw() as f64 / (1u64 << 32) as f64;
        assert!((e2 - 7.389_056_098_930_65).abs() < 1e-8, "{e2}");
    }

    #[test]
    fn steepness_divides_toward_zero() {
        let cfg = BondsConfig {
            alpha_sigmoid_steepness: 1234,
            ..BondsConfig::default()
        };
        // -12.34 truncated toward zero, not floored.
        let k = LiquidAlpha::new(&cfg).k;
        assert_eq!(k.raw(), -((1234i128 << 64) / (100i128 << 32)) as i64);
        let la = LiquidAlpha::new(&BondsConfig {
            alpha_sigmoid_steepness: 750,
            ..BondsConfig::default()
        });
        assert_eq!(la.k.raw(), -(15i64 << 31));
    }

    #[test]
    fn alpha_moves_from_low_to_high_with_disagreement() {
        let cfg = BondsConfig::default();
        let la = LiquidAlpha::new(&cfg);
        let (lo, hi) = (proportion(cfg.alpha_low), proportion(cfg.alpha_high));
        let half = Fx::from_raw(1 << 31);
        // Agreeing with consensus: d = 0, rate near lo.
        let agree = la.alpha(half, half, Fx::ZERO);
        // Weighting a miner consensus gives nothing: d = 1, rate near hi.
        let disagree = la.alpha(Fx::ZERO, Fx::ONE, Fx::ZERO);
        // Steepness 10: sigmoid(-5) = 0.0067, so within 1% of the range from either end.
        let near = Fx::from_raw((hi.raw() - lo.raw()) / 100);
        assert!(agree >= lo && agree < lo.saturating_add(near), "{agree:?}");
        assert!(
            disagree <= hi && disagree > hi.saturating_sub(near),
            "{disagree:?}"
        );
        // alpha_high below alpha_low (only a simulator can ask for it) never panics: lo wins.
        let inverted = LiquidAlpha::new(&BondsConfig {
            alpha_low: 50_000,
            alpha_high: 10_000,
            ..cfg
        });
        assert_eq!(
            inverted.alpha(Fx::ZERO, Fx::ONE, Fx::ZERO),
            proportion(50_000)
        );
    }

    #[test]
    fn penalty_interpolates_between_raw_and_clipped() {
        let fx = |k: i64| Fx::from_raw(k << 28);
        let w: Sparse = vec![vec![(0, fx(8)), (1, fx(4)), (2, Fx::ZERO)]];
        let wc: Sparse = vec![vec![(0, fx(2)), (2, Fx::ZERO)]];
        assert_eq!(*bonds_weights(&w, &wc, 0, 3), w);
        assert_eq!(*bonds_weights(&w, &wc, 65535, 3), wc);
        // p = 32768 / 65535, just above one half: 8 -> 8 - floor(p * 6), 4 -> 4 - floor(p * 4).
        let p = proportion(32768);
        let got = bonds_weights(&w, &wc, 32768, 3);
        let want0 = fx(8).saturating_add(p.saturating_mul(fx(-6)));
        let want1 = fx(4).saturating_add(p.saturating_mul(fx(-4)));
        assert_eq!(*got, vec![vec![(0, want0), (1, want1)], vec![], vec![]]);
    }

    #[test]
    fn reset_removes_the_column_everywhere() {
        let mut b = vec![vec![(1, 5), (2, 6)], vec![(2, 7)], vec![]];
        reset_bonds(&mut b, 2);
        assert_eq!(b, vec![vec![(1, 5)], vec![], vec![]]);
    }
}
