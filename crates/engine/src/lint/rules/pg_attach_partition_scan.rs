//! `pg-attach-partition-scan`: Attaches a partition, which scans it to check its bound.

use super::*;

pub(crate) static RULE: Rule = Rule {
    id: "pg-attach-partition-scan",
    severity: Severity::Warn,
    dialects: PG,
    summary: "Attaches a partition, which scans it to check its bound.",
    why: "Unless a valid CHECK constraint already proves the bound, the attached table (and the default partition) are scanned under an ACCESS EXCLUSIVE lock.",
    instead: "Add a CHECK matching the bound NOT VALID, VALIDATE it, attach, then drop the CHECK.",
    sources: "PostgreSQL docs, ALTER TABLE ATTACH PARTITION",
    once: false,
    size_gated: false,
    check,
};

fn check(op: &Op, _cx: &Context<'_>) -> Option<Hit> {
    match &op.kind {
        OpKind::AttachPartition => {
            Hit::new(format!("attaches a partition to {}, scanning it under an exclusive lock", op.target_name()))
        }
        _ => None,
    }
}
