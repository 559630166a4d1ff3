//! Benchmark, not a test: one epoch of 256 uids with 64 validators each weighting all 192
//! miners, through the pallet's epoch path (storage reads, `run_epoch`, writes, payouts).
//! Run: `cargo test --release -p pallet-subnets epoch_timing -- --ignored --nocapture`.

use super::mock::*;
use crate::*;
use std::time::Instant;

const N: u16 = 256;
const VALIDATORS: u16 = 64;
const RUNS: usize = 20;

fn median_ms(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    v[v.len() / 2]
}

#[test]
#[ignore]
fn epoch_timing() {
    new_test_ext().execute_with(|| {
		let netuid = add_network(1);
		set_hp(netuid, |hp| {
			hp.max_allowed_uids = N;
			hp.max_allowed_validators = VALIDATORS;
			hp.immunity_period = 0;
		});
		for i in 0..u64::from(N) {
			let hotkey = 1000 + i;
			register_neuron(netuid, hotkey, 1);
			if i < u64::from(VALIDATORS) {
				Subnets::increase_stake(&hotkey, &1, (i + 1) * TOKEN);
			}
		}
		run_to_block(2);
		let miners: Vec<u16> = (VALIDATORS..N).collect();
		for uid in 0..VALIDATORS {
			let values: Vec<u16> = miners.iter().map(|m| 1 + (m * 7 + uid * 13) % 1000).collect();
			let row: Vec<(u16, u16)> =
				miners.iter().copied().zip(meshtensor_yuma::max_upscale_u16(&values)).collect();
			Weights::<Test>::insert(netuid, uid, row);
		}
		Neurons::<Test>::mutate(netuid, |s| {
			s.last_update.iter_mut().for_each(|l| *l = 2);
			s.validator_permit.iter_mut().enumerate().for_each(|(i, p)| *p = i < VALIDATORS.into());
		});
		// Warm-up epochs build bonds so the timed ones carry full bond matrices.
		let now = block();
		for _ in 0..2 {
			PendingEmission::<Test>::insert(netuid, 10 * TOKEN);
			Subnets::run_and_pay_epoch(netuid, now);
		}
		let bond_entries: usize = (0..N).map(|u| Bonds::<Test>::get(netuid, u).len()).sum();

		let mut pallet_ms = Vec::with_capacity(RUNS);
		let mut maths_ms = Vec::with_capacity(RUNS);
		for _ in 0..RUNS {
			PendingEmission::<Test>::insert(netuid, 10 * TOKEN);
			let t = Instant::now();
			Subnets::run_and_pay_epoch(netuid, now);
			pallet_ms.push(t.elapsed().as_secs_f64() * 1e3);
			let input = Subnets::epoch_input(netuid, now, 10 * TOKEN);
			let t = Instant::now();
			let out = meshtensor_yuma::run_epoch(&input);
			maths_ms.push(t.elapsed().as_secs_f64() * 1e3);
			assert_eq!(out.emission.len(), usize::from(N));
		}
		let (p, m) = (median_ms(pallet_ms.clone()), median_ms(maths_ms));
		println!(
			"epoch through the pallet: n={N} validators={VALIDATORS} weights={} bonds={bond_entries} runs={RUNS}",
			usize::from(VALIDATORS) * miners.len()
		);
		println!(
			"  median {p:.2} ms (min {:.2}, max {:.2}); run_epoch alone median {m:.2} ms; pallet/maths ratio {:.2}",
			pallet_ms.iter().cloned().fold(f64::MAX, f64::min),
			pallet_ms.iter().cloned().fold(0.0, f64::max),
			p / m
		);
		let w = <() as WeightInfo>::epoch(u32::from(N), (usize::from(VALIDATORS) * miners.len() + bond_entries) as u32, u32::from(N));
		println!("  charged weight: ref_time {} ps ({:.2} ms)", w.ref_time(), w.ref_time() as f64 / 1e9);
	});
}
