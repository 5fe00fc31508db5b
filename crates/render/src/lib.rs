//! Writers from the canonical model.
//!
//! [`json`] writes the canonical JSON form, validated against the published schema before it is
//! returned, so nothing reportkit writes can break its own schema.

pub mod json;
