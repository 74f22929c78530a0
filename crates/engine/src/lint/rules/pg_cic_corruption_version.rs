//! `pg-cic-corruption-version`: Builds an index CONCURRENTLY on PostgreSQL 14.0 to 14.3.

use super::*;

pub(crate) static RULE: Rule = Rule {
    id: "pg-cic-corruption-version",
    severity: Severity::Block,
    dialects: PG,
    summary: "Builds an index CONCURRENTLY on PostgreSQL 14.0 to 14.3.",
    why: "Those versions have a known bug that can silently corrupt indexes built or rebuilt concurrently.",
    instead: "Upgrade to 14.4 or later first.",
    sources: "strong_migrations add_index_corruption",
    once: false,
    size_gated: false,
    check,
};

fn check(op: &Op, cx: &Context<'_>) -> Option<Hit> {
    let version = cx.version()?;
    match &op.kind {
        OpKind::CreateIndex { concurrently: true, .. } if version.major == 14 && version.minor < 4 => {
            Hit::new(format!(
                "CREATE INDEX CONCURRENTLY on PostgreSQL {}.{} can corrupt the index",
                version.major, version.minor
            ))
        }
        _ => None,
    }
}
