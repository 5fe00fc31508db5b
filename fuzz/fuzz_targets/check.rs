#![no_main]
//! Fuzz target `check`: see ../bodies.rs.

include!("../bodies.rs");

libfuzzer_sys::fuzz_target!(|data: &[u8]| check(data));
