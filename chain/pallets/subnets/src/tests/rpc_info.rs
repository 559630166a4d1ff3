//! The runtime API's read models.

use super::mock::*;
use crate::*;
use frame_support::{assert_ok, BoundedVec};

#[test]
fn metagraph_has_every_per_uid_vector_and_weights_only_on_request() {
    new_test_ext().execute_with(|| {
        let netuid = add_network(1);
        register_neuron(netuid, 100, 2);
        register_neuron(netuid, 101, 3);
        assert_ok!(Subnets::add_stake(signed(2), 100, 5 * TOKEN));
        let ep = AxonEndpoint {
            peer_id: BoundedVec::try_from(b"peer".to_vec()).unwrap(),
            multiaddrs: BoundedVec::try_from(vec![BoundedVec::try_from(
                b"/ip4/127.0.0.1/tcp/9".to_vec(),
            )
            .unwrap()])
            .unwrap(),
            version: 3,
            protocol: 1,
        };
        assert_ok!(Subnets::serve_axon(signed(101), netuid, ep));
        grant_permits(netuid);
        run_to_block(2);
        assert_ok!(Subnets::set_weights(
            signed(100),
            netuid,
            vec![1],
            vec![1],
            0
        ));
        step_epochs(netuid, 2);

        let m = Subnets::get_metagraph(netuid, false).unwrap();
        assert_eq!(m.netuid, netuid);
        assert_eq!(m.n, 2);
        assert_eq!(m.owner, Some(1));
        assert_eq!(m.tempo, 10);
        assert_eq!(m.block, block());
        assert_eq!(m.hyperparameters, Hyperparams::<Test>::get(netuid).unwrap());
        assert_eq!(m.hotkeys, vec![100, 101]);
        assert_eq!(m.coldkeys, vec![2, 3]);
        assert!(m.endpoints[0].is_none());
        let e = m.endpoints[1].clone().unwrap();
        assert_eq!((e.peer_id, e.version, e.protocol), (b"peer".to_vec(), 3, 1));
        assert_eq!(e.multiaddrs, vec![b"/ip4/127.0.0.1/tcp/9".to_vec()]);
        assert_eq!(
            m.stake,
            vec![
                TotalHotkeyStake::<Test>::get(100),
                TotalHotkeyStake::<Test>::get(101)
            ]
        );
        assert!(m.stake[1] > 0, "the miner's incentive was staked");
        for len in [
            m.active.len(),
            m.validator_permit.len(),
            m.rank.len(),
            m.trust.len(),
            m.consensus.len(),
            m.incentive.len(),
            m.dividends.len(),
            m.validator_trust.len(),
            m.pruning_score.len(),
            m.emission.len(),
            m.last_update.len(),
            m.block_at_registration.len(),
        ] {
            assert_eq!(len, 2);
        }
        assert_eq!(m.incentive[1], 65535, "the only weighted miner");
        assert!(m.weights.is_empty() && m.bonds.is_empty());
        let full = Subnets::get_metagraph(netuid, true).unwrap();
        assert_eq!(full.weights, vec![vec![(1, 65535)], vec![]]);
        assert_eq!(full.bonds.len(), 2);
        assert!(Subnets::get_metagraph(77, false).is_none());
    });
}

#[test]
fn subnets_delegates_stake_and_costs() {
    new_test_ext().execute_with(|| {
        let netuid = add_network(1);
        register_neuron(netuid, 100, 2);
        assert_ok!(Subnets::become_delegate(signed(2), 100));
        assert_ok!(Subnets::add_stake(signed(5), 100, 3 * TOKEN));
        let subnets = Subnets::get_subnets();
        assert_eq!(
            subnets.iter().map(|s| s.netuid).collect::<Vec<_>>(),
            vec![0, 1]
        );
        let s = &subnets[1];
        assert_eq!(
            (s.owner, s.n, s.max_allowed_uids, s.tempo),
            (Some(1), 1, 256, 10)
        );
        assert_eq!(
            (s.locked_amount, s.burn, s.registered_at),
            (10 * TOKEN, TOKEN, 1)
        );
        assert_eq!(subnets[0].owner, None);

        let d = Subnets::get_delegates();
        assert_eq!(d.len(), 1);
        assert_eq!(
            (d[0].hotkey, d[0].owner, d[0].take, d[0].total_stake),
            (100, 2, 11796, 3 * TOKEN)
        );
        assert_eq!(d[0].nominators, vec![(5, 3 * TOKEN)]);

        let si = Subnets::get_stake_info(5);
        assert_eq!(si.len(), 1);
        assert_eq!(
            (si[0].hotkey, si[0].coldkey, si[0].stake),
            (100, 5, 3 * TOKEN)
        );
        assert!(Subnets::get_stake_info(6).is_empty());

        assert_eq!(Subnets::get_registration_cost(netuid), Some(TOKEN));
        assert_eq!(Subnets::get_registration_cost(ROOT_NETUID), None);
        assert_eq!(Subnets::get_registration_cost(50), None);
        assert_eq!(Subnets::get_network_lock_cost(), 20 * TOKEN);
    });
}

#[test]
fn simulate_yuma_runs_the_chain_epoch_and_refuses_nonsense() {
    let scenario = meshtensor_yuma::Scenario {
        n: 2,
        kappa: 32767,
        bonds_moving_average: 900_000,
        activity_cutoff: 5000,
        max_allowed_validators: 2,
        emission_per_epoch: 1_000_000,
        stake: vec![1, 0],
        block_at_registration: vec![0, 0],
        // The first epoch hands out the permits the second one uses.
        steps: vec![
            meshtensor_yuma::ScenarioStep {
                block: 1,
                stake: vec![],
                replace: None,
                weights: vec![(0, vec![(1, 65535)])],
                epoch: true,
                hyperparameters: vec![],
                reset_bonds: None,
            },
            meshtensor_yuma::ScenarioStep {
                block: 2,
                stake: vec![],
                replace: None,
                weights: vec![],
                epoch: true,
                hyperparameters: vec![],
                reset_bonds: None,
            },
        ],
        bonds_config: Default::default(),
    };
    let reports = Subnets::simulate_yuma(scenario.clone()).unwrap();
    assert_eq!(reports.len(), 2);
    assert_eq!(reports[1].block, 2);
    assert_eq!(reports[1].incentive, vec![0, 65535]);
    let bad = meshtensor_yuma::Scenario {
        stake: vec![1],
        ..scenario
    };
    assert!(Subnets::simulate_yuma(bad).is_err());
}
