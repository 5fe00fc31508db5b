#![no_main]
//! Fuzz target `write_pdf`: see ../bodies.rs.

include!("../bodies.rs");

libfuzzer_sys::fuzz_target!(|data: &[u8]| write_pdf(data));
