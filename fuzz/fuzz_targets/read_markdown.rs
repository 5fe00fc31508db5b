#![no_main]
//! Fuzz target `read_markdown`: see ../bodies.rs.

include!("../bodies.rs");

libfuzzer_sys::fuzz_target!(|data: &[u8]| read_markdown(data));
