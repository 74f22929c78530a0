//! Tauri commands, one module per feature, named `<feature>_<verb>`.

pub(crate) mod demo;
pub(crate) mod diff;
pub(crate) mod profile;
pub(crate) mod schema;
