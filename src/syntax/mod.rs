//! The parsing ground floor shared by every engine.
pub mod python;
