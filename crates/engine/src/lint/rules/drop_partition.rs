//! `drop-partition`: Drops a partition of a partitioned table.

use super::*;

pub(crate) static RULE: Rule = Rule {
    id: "drop-partition",
    severity: Severity::Block,
    dialects: PG_MY,
    summary: "Drops a partition of a partitioned table.",
    why: "Every row in the partition is lost. PostgreSQL detaching without CONCURRENTLY also locks the parent table.",
    instead: "Detach the partition (CONCURRENTLY on PostgreSQL 14+), archive it, then drop it.",
    sources: "skeema ModifyPartitions; squawk require-concurrent-partition-detach",
    once: false,
    size_gated: false,
    check,
};

fn check(op: &Op, _cx: &Context<'_>) -> Option<Hit> {
    match &op.kind {
        OpKind::DropPartition { name } => match op.target.as_ref().filter(|t| t.name != *name) {
            Some(parent) => Hit::new(format!("drops partition {name} of {parent} and every row in it")),
            None => Hit::new(format!("drops partition {} and every row in it", op.target_name())),
        },
        _ => None,
    }
}
