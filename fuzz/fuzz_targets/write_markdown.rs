#![no_main]
//! Fuzz target `write_markdown`: see ../bodies.rs.

include!("../bodies.rs");

libfuzzer_sys::fuzz_target!(|data: &[u8]| write_markdown(data));
