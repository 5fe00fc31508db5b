#![no_main]
//! Fuzz target `diff`: see ../bodies.rs.

include!("../bodies.rs");

libfuzzer_sys::fuzz_target!(|data: &[u8]| diff(data));
