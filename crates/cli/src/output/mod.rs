//! Human renderers: what `plumb` prints when `--json` is not asked for.

mod changes;
pub(crate) mod findings;
mod tree;

pub(crate) use changes::changes;
pub(crate) use tree::tree;
