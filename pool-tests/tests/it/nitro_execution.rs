//! The gas bench's every Stylus frame against Nitro's own runtime (issue 19): the frames the devnode
//! runs in the bench's cached runs are compared, one by one, with what Nitro's runtime computed when it
//! replayed the same frames (`devnode/tests/fixtures/nitro/execution.json`, written by
//! `scripts/nitro-oracle.sh` with the nitro commit it names): the ink handed to the program, the
//! status, the ink left, the ink the host calls took, and the output.

use alloy_primitives::hex;
use pool_tests::bench::{main_scenario, mark_debt_scenario, proxy_scenario, record_frames, scaling_scenario, take_frames};
use serde_json::Value;

#[test]
fn every_frame_of_the_gas_bench_uses_the_ink_nitro_computes() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../devnode/tests/fixtures/nitro/execution.json");
    let fixture: Value = serde_json::from_str(&std::fs::read_to_string(path).expect("the Nitro fixture")).expect("JSON");
    let nitro = fixture["frames"].as_array().expect("frames");

    // The bench's scenarios, in the order `pool_gas` runs them.
    record_frames(true);
    main_scenario();
    proxy_scenario();
    scaling_scenario();
    for units in [&[10_000][..], &[4_000, 3_000, 3_000], &[2_500, 2_500, 2_000, 2_000, 1_000]] {
        mark_debt_scenario(units, 0);
    }
    let frames = take_frames();
    record_frames(false);

    let regenerate = "the programs or the bench changed since the fixture: run scripts/nitro-oracle.sh";
    assert_eq!(frames.len(), nitro.len(), "{regenerate}");
    for ((label, frame), expected) in frames.iter().zip(nitro) {
        assert_eq!(label, expected["label"].as_str().unwrap(), "{regenerate}");
        assert_eq!(frame.ink, expected["ink"].as_u64().unwrap(), "{label}: the ink handed over differs ({regenerate})");
        let ours = (frame.devnode.status, frame.devnode.ink_left, frame.devnode.hostio_ink, hex::encode_prefixed(&frame.devnode.output));
        let theirs = (
            expected["status"].as_str().unwrap(),
            expected["ink_left"].as_u64().unwrap(),
            expected["hostio_ink"].as_u64().unwrap(),
            expected["output"].as_str().unwrap().to_string(),
        );
        assert_eq!(ours, theirs, "{label} ({}): (status, ink left, hostio ink, output)", expected["program"]);
    }
}
