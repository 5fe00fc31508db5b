#![no_main]
//! Fuzz target `read_text`: see ../bodies.rs.

include!("../bodies.rs");

libfuzzer_sys::fuzz_target!(|data: &[u8]| read_text(data));
