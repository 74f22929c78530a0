//! Tauri commands, one module per feature, named `<feature>_<verb>`.

pub(crate) mod apply;
pub(crate) mod audit;
pub(crate) mod code;
pub(crate) mod demo;
pub(crate) mod diff;
pub(crate) mod history;
pub(crate) mod migrations;
pub(crate) mod plan;
pub(crate) mod profile;
pub(crate) mod project;
pub(crate) mod schema;
