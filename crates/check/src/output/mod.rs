//! Output formats for findings and facts.

pub mod concise;
pub mod facts;
pub mod github;
pub mod human;
pub mod json;
pub mod sarif;
