//! `identifier-too-long`: Declares a name longer than the server allows.

use super::*;

pub(crate) static RULE: Rule = Rule {
    id: "identifier-too-long",
    severity: Severity::Warn,
    dialects: PG_MY,
    summary: "Declares a name longer than the server allows.",
    why: "PostgreSQL silently cuts names to 63 bytes (two long names can then collide); MySQL refuses names over 64 characters.",
    instead: "Use a shorter name.",
    sources: "squawk identifier-too-long",
    once: false,
    size_gated: false,
    check,
};

fn check(op: &Op, cx: &Context<'_>) -> Option<Hit> {
    let too_long = |name: &&String| match cx.dialect() {
        Dialect::Postgres => name.len() > 63,
        _ => name.chars().count() > 64,
    };
    let name = op.declared_names.iter().find(too_long)?;
    let limit = if cx.dialect() == Dialect::Postgres { "63 bytes" } else { "64 characters" };
    Hit::new(format!("name {name} is longer than {limit}"))
}
