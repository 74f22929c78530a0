//! Human renderers: what `plumb` prints when `--json` is not asked for.

mod changes;
mod tree;

pub(crate) use changes::changes;
pub(crate) use tree::tree;
