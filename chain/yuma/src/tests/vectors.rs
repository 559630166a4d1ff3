//! Every scenario in `shared/vectors/yuma/` must be reproduced exactly, field by field.

use super::json;
use crate::scenario::{simulate, EpochReport};
use std::path::PathBuf;

const VECTORS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/vectors/yuma");
const VECTORS_YUMA3: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/vectors/yuma3");

fn compare(name: &str, got: &[EpochReport], want: &[EpochReport]) {
    assert_eq!(got.len(), want.len(), "{name}: number of epochs");
    for (k, (g, w)) in got.iter().zip(want).enumerate() {
        let at = |field: &str| format!("{name}: epoch {k} (block {}) field {field}", w.block);
        assert_eq!(g.block, w.block, "{}", at("block"));
        assert_eq!(g.emission, w.emission, "{}", at("emission"));
        assert_eq!(
            g.server_emission,
            w.server_emission,
            "{}",
            at("server_emission")
        );
        assert_eq!(
            g.validator_emission,
            w.validator_emission,
            "{}",
            at("validator_emission")
        );
        assert_eq!(g.incentive, w.incentive, "{}", at("incentive"));
        assert_eq!(g.dividends, w.dividends, "{}", at("dividends"));
        assert_eq!(g.consensus, w.consensus, "{}", at("consensus"));
        assert_eq!(g.rank, w.rank, "{}", at("rank"));
        assert_eq!(g.trust, w.trust, "{}", at("trust"));
        assert_eq!(
            g.validator_trust,
            w.validator_trust,
            "{}",
            at("validator_trust")
        );
        assert_eq!(
            g.validator_permit,
            w.validator_permit,
            "{}",
            at("validator_permit")
        );
        assert_eq!(g.bonds, w.bonds, "{}", at("bonds"));
        // Nothing left out of the field-by-field comparison.
        assert_eq!(g, w, "{}", at("*"));
    }
}

fn check_dir(dir: &str) {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {dir}: {e}"))
        .map(|entry| entry.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no vectors found in {dir}");
    for path in &files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let doc: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        let scenario = json::scenario(&doc);
        let got = simulate(&scenario).unwrap_or_else(|e| panic!("{name}: refused: {e:?}"));
        compare(&name, &got, &json::expected(&doc));
    }
}

#[test]
fn every_shared_vector_is_reproduced_exactly() {
    check_dir(VECTORS);
}

#[test]
fn every_yuma3_vector_is_reproduced_exactly() {
    check_dir(VECTORS_YUMA3);
}

#[test]
fn scenario_types_round_trip_through_scale() {
    use codec::{Decode, Encode};
    let path = format!("{VECTORS}/bonds-8uid-4epochs.json");
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let scenario = json::scenario(&doc);
    let bytes = scenario.encode();
    assert_eq!(crate::Scenario::decode(&mut &bytes[..]).unwrap(), scenario);
    let reports = simulate(&scenario).unwrap();
    let bytes = reports.encode();
    assert_eq!(
        Vec::<EpochReport>::decode(&mut &bytes[..]).unwrap(),
        reports
    );
}
