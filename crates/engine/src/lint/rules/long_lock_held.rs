//! `long-lock-held-across-statements`: Does slow work in a transaction after taking a lock that blocks reads.

use super::*;

pub(crate) static RULE: Rule = Rule {
    id: "long-lock-held-across-statements",
    severity: Severity::Warn,
    dialects: PG,
    summary: "Does slow work in a transaction after taking a lock that blocks reads.",
    why: "Locks are held until commit, so the table stays unavailable for every statement that follows in the transaction.",
    instead: "Commit right after the statement that takes the strong lock; do backfills and scans in separate transactions.",
    sources: "eugene E4",
    // Every later statement of the transaction keeps the same first lock: saying it once per
    // migration says it all (documenso's history gave 264 of these).
    once: true,
    size_gated: false,
    check,
};

fn check(op: &Op, cx: &Context<'_>) -> Option<Hit> {
    let held = cx.exclusive_lock_held.as_ref()?;
    let slow = matches!(op.kind, OpKind::Backfill { .. }) || !matches!(locks::of(op, cx).work, locks::Work::Metadata);
    if !slow || matches!(op.kind, OpKind::Commit | OpKind::EndOfMigration) {
        return None;
    }
    Hit::new(format!("keeps {held} locked against reads while this statement runs"))
}
