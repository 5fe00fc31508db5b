//! Replays, through the bodies of the fuzz targets (fuzz/bodies.rs), every input a fuzzer once
//! crashed on (tests/data/fuzz/<target>/, kept by `cargo xtask fuzz`), and the bundled fixtures
//! plus a few hand-made hostile inputs, so a regression fails here without running the fuzzer.

include!("../fuzz/bodies.rs");

mod common;

type Body = fn(&[u8]);

const BODIES: &[(&str, Body)] = &[
    ("read_markdown", read_markdown),
    ("read_text", read_text),
    ("read_json", read_json),
    ("write_markdown", write_markdown),
    ("write_pdf", write_pdf),
    ("check", check),
    ("diff", diff),
];

fn inputs_of(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = common::root().join("tests/data/fuzz").join(target);
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok().map(|e| e.path()))
                .map(|p| (p.display().to_string(), std::fs::read(&p).unwrap()))
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

#[test]
fn every_kept_fuzz_input_passes_its_target() {
    for (target, body) in BODIES {
        for (name, data) in inputs_of(target) {
            let ok = std::panic::catch_unwind(|| body(&data)).is_ok();
            assert!(ok, "{target} fails again on {name}");
        }
    }
}

#[test]
fn every_target_passes_on_the_fixtures_and_hostile_text() {
    let mut inputs: Vec<Vec<u8>> = common::CORPUS_FILES
        .iter()
        .map(|f| std::fs::read(common::root().join(common::corpus_path(f))).unwrap())
        .collect();
    inputs.extend([
        Vec::new(),
        b"\xef\xbb\xbf# T\r\n\r\nText\rmore\n".to_vec(),
        b"caf\xe9 \x00 \xff\xfe".to_vec(),
        format!("{}deep\n", "> ".repeat(2000)).into_bytes(),
        format!("{}x\n", "[".repeat(5000)).into_bytes(),
        b"# T\n\nWe held 10 sessions:\n\n- 4 workshops\n- 1e400 panels\n- -5 forums\n\nMonday, 31 February 2025\n"
            .to_vec(),
    ]);
    for (target, body) in BODIES {
        for (i, data) in inputs.iter().enumerate() {
            let ok = std::panic::catch_unwind(|| body(data)).is_ok();
            assert!(ok, "{target} fails on input {i}");
        }
    }
}
