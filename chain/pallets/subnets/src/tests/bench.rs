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

/// Median microseconds of `f` over `runs` calls (each gets the run index).
fn median_us(runs: u64, mut f: impl FnMut(u64)) -> f64 {
    let mut t: Vec<f64> = (0..runs)
        .map(|i| {
            let start = Instant::now();
            f(i);
            start.elapsed().as_secs_f64() * 1e6
        })
        .collect();
    t.sort_by(|a, b| a.partial_cmp(b).unwrap());
    t[t.len() / 2]
}

/// Native time of each call (in-memory storage: the compute part of a weight, no database
/// cost) next to the weight charged for it. Same command as `epoch_timing`, test `call_timing`.
#[test]
#[ignore]
fn call_timing() {
    use frame_support::assert_ok;
    new_test_ext().execute_with(|| {
        let netuid = add_network(1);
        set_hp(netuid, |hp| hp.max_allowed_uids = 1024);
        let mut rows: Vec<(&str, f64, frame_support::weights::Weight)> = Vec::new();

        let t = median_us(200, |i| {
            assert_ok!(Subnets::burned_register(signed(2), netuid, 10_000 + i));
        });
        rows.push((
            "burned_register (append)",
            t,
            <() as WeightInfo>::burned_register(),
        ));
        grant_permits(netuid);
        run_to_block(2);
        let uids: Vec<u16> = (0..64).collect();
        let values: Vec<u16> = (1..=64).collect();
        let t = median_us(200, |_| {
            assert_ok!(Subnets::set_weights(
                signed(10_000),
                netuid,
                uids.clone(),
                values.clone(),
                0
            ));
        });
        rows.push((
            "set_weights (64 uids)",
            t,
            <() as WeightInfo>::set_weights(64),
        ));
        let t = median_us(200, |_| {
            assert_ok!(Subnets::add_stake(signed(2), 10_001, TOKEN));
        });
        rows.push(("add_stake", t, <() as WeightInfo>::add_stake()));
        let t = median_us(200, |_| {
            assert_ok!(Subnets::remove_stake(signed(2), 10_001, TOKEN));
        });
        rows.push(("remove_stake", t, <() as WeightInfo>::remove_stake()));
        let ep = AxonEndpoint {
            peer_id: frame_support::BoundedVec::try_from(vec![7u8; 38]).unwrap(),
            multiaddrs: frame_support::BoundedVec::try_from(vec![
                frame_support::BoundedVec::try_from(b"/ip4/127.0.0.1/tcp/4001".to_vec()).unwrap(),
            ])
            .unwrap(),
            version: 1,
            protocol: 0,
        };
        let t = median_us(200, |_| {
            assert_ok!(Subnets::serve_axon(signed(10_002), netuid, ep.clone()));
        });
        rows.push(("serve_axon", t, <() as WeightInfo>::serve_axon()));
        let t = median_us(200, |i| {
            assert_ok!(Subnets::set_hyperparameter(
                signed(1),
                netuid,
                Hyperparameter::Kappa(i as u16)
            ));
        });
        rows.push((
            "set_hyperparameter",
            t,
            <() as WeightInfo>::set_hyperparameter(),
        ));
        let t = median_us(60, |i| {
            assert_ok!(Subnets::root_register(signed(3), 20_000 + i));
        });
        rows.push((
            "root_register (append)",
            t,
            <() as WeightInfo>::root_register(),
        ));
        assert_ok!(Subnets::set_network_parameter(
            RuntimeOrigin::root(),
            NetworkParameter::SubnetLimit(MAX_SUBNET_LIMIT)
        ));
        let t = median_us(100, |i| {
            fund(30_000 + i, 100_000 * TOKEN);
            // Keep the lock at its minimum (it doubles per registration otherwise).
            LastLock::<Test>::kill();
            assert_ok!(Subnets::register_network(signed(30_000 + i)));
        });
        rows.push((
            "register_network (no replacement)",
            t,
            <() as WeightInfo>::register_network(),
        ));

        println!("call                                 native median   charged ref_time   ratio");
        for (name, us, w) in rows {
            let charged = w.ref_time() as f64 / 1e6;
            println!(
                "{name:<36} {us:>10.1} us {charged:>14.1} us {:>8.0}x",
                charged / us
            );
        }
    });
}
