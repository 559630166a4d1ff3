//! Times one Yuma epoch on a full-size subnet: 256 uids, 64 validators (permits, stake) each
//! weighting all 192 miners, with bonds carried over from previous epochs (steady state), for the
//! classic bond model and for Yuma 3 with liquid alpha (`spec/yuma3.md`) in the same run.
//!
//! Run: `cargo run --release -p meshtensor-yuma --example epoch_bench [runs]`
//!
//! Besides the human line it prints `BENCH_FIGURE {json}` lines, which `npm run bench` collects.

use meshtensor_yuma::{max_upscale_u16, run_epoch, BondsConfig, EpochInput};
use std::time::{Duration, Instant};

const UIDS: u16 = 256;
const VALIDATORS: u16 = 64;
const DEFAULT_RUNS: usize = 20;

/// A deterministic pseudo-random u16 (xorshift), so every run times the same subnet.
fn next(state: &mut u64) -> u16 {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    u16::try_from(*state >> 48).unwrap_or(u16::MAX)
}

fn subnet() -> EpochInput {
    let mut rng = 0x9e37_79b9_7f4a_7c15_u64;
    let n = usize::from(UIDS);
    let stake: Vec<u64> = (0..UIDS)
        .map(|uid| {
            if uid < VALIDATORS {
                1_000_000_000_u64.saturating_mul(u64::from(next(&mut rng)).saturating_add(1))
            } else {
                0
            }
        })
        .collect();
    let weights: Vec<Vec<(u16, u16)>> = (0..UIDS)
        .map(|uid| {
            if uid >= VALIDATORS {
                return Vec::new();
            }
            let values: Vec<u16> = (VALIDATORS..UIDS).map(|_| next(&mut rng)).collect();
            (VALIDATORS..UIDS).zip(max_upscale_u16(&values)).collect()
        })
        .collect();
    EpochInput {
        current_block: 1000,
        activity_cutoff: 5000,
        max_allowed_validators: VALIDATORS,
        kappa: 32767,
        bonds_moving_average: 900_000,
        emission: 820_000_000_000,
        last_update: vec![999; n],
        block_at_registration: vec![0; n],
        validator_permit: vec![false; n],
        stake,
        weights,
        bonds: vec![Vec::new(); n],
        bonds_config: BondsConfig::default(),
    }
}

/// A subnet under `cfg`, after two warm-up epochs (the first grants permits, the second builds
/// bonds).
fn warm(cfg: BondsConfig) -> EpochInput {
    let mut input = subnet();
    input.bonds_config = cfg;
    for _ in 0..2 {
        let out = run_epoch(&input);
        input.validator_permit = out.validator_permit;
        input.bonds = out.bonds;
    }
    input
}

/// Times one steady-state epoch and carries its bonds over.
fn timed(input: &mut EpochInput) -> Duration {
    let start = Instant::now();
    let out = std::hint::black_box(run_epoch(std::hint::black_box(&*input)));
    let took = start.elapsed();
    input.bonds = out.bonds;
    took
}

fn main() {
    let runs: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(DEFAULT_RUNS)
        .max(1);
    let yuma3 = BondsConfig {
        yuma3_enabled: true,
        liquid_alpha_enabled: true,
        ..BondsConfig::default()
    };
    let models = [
        ("classic", warm(BondsConfig::default())),
        ("Yuma 3 + liquid alpha", warm(yuma3)),
    ];
    let mut inputs: Vec<EpochInput> = models.iter().map(|(_, i)| i.clone()).collect();
    // The two models alternate run by run, so both see the same machine load.
    let mut times: Vec<Vec<Duration>> = vec![Vec::with_capacity(runs); inputs.len()];
    for _ in 0..runs {
        for (input, t) in inputs.iter_mut().zip(times.iter_mut()) {
            t.push(timed(input));
        }
    }
    let ms = |d: Option<&Duration>| d.map_or(0.0, |d| d.as_secs_f64() * 1e3);
    let mut figures = Vec::new();
    for ((label, input), t) in models.iter().zip(times.iter_mut()) {
        t.sort();
        let (median, min) = (ms(t.get(runs / 2)), ms(t.first()));
        let nnz: usize = input.weights.iter().map(Vec::len).sum();
        println!(
            "epoch_bench ({label}): {UIDS} uids, {VALIDATORS} validators, {nnz} weights, {runs} \
             runs: median {median:.3} ms, min {min:.3} ms, max {:.3} ms, {:.0} epochs/s",
            ms(t.last()),
            if median > 0.0 { 1e3 / median } else { 0.0 },
        );
        // The classic figures keep their names so earlier reports compare.
        let model = if input.bonds_config.yuma3_enabled {
            ", Yuma 3 + liquid alpha"
        } else {
            ""
        };
        let what =
            format!("run_epoch{model}, {UIDS} uids / {VALIDATORS} validators, native release");
        print_figure(&format!("{what}, median"), median, "ms", runs);
        print_figure(&format!("{what}, min"), min, "ms", runs);
        figures.push((median, min));
    }
    // On a loaded machine the median includes waits for the CPU; the min is the epoch alone.
    if let [(classic, classic_min), (y3, y3_min)] = figures[..] {
        if classic > 0.0 && classic_min > 0.0 {
            let (ratio, ratio_min) = (y3 / classic, y3_min / classic_min);
            println!(
                "epoch_bench: Yuma 3 + liquid alpha / classic: median {ratio:.2}x, min {ratio_min:.2}x"
            );
            let what = "run_epoch Yuma 3 + liquid alpha / classic";
            print_figure(&format!("{what}, median ratio"), ratio, "x", runs);
            print_figure(&format!("{what}, min ratio"), ratio_min, "x", runs);
        }
    }
}

/// One line in the format `scripts/bench/run.ts` parses (a `BenchFigure`).
fn print_figure(name: &str, value: f64, unit: &str, repeats: usize) {
    let figure =
        serde_json::json!({ "name": name, "value": value, "unit": unit, "repeats": repeats });
    println!("BENCH_FIGURE {figure}");
}
