//! Writers from the canonical model.
//!
//! [`json`] writes the canonical JSON form, validated against the published schema before it is
//! returned, so nothing reportkit writes can break its own schema. [`markdown`] writes canonical
//! Markdown that the Markdown reader reads back to the same document.

pub mod json;
pub mod markdown;
