//! `mysql-copy-algorithm`: Makes MySQL/MariaDB copy the whole table (ALGORITHM=COPY), explicitly or implicitly.

use super::*;

pub(crate) static RULE: Rule = Rule {
    id: "mysql-copy-algorithm",
    severity: Severity::Block,
    dialects: MY,
    summary: "Makes MySQL/MariaDB copy the whole table (ALGORITHM=COPY), explicitly or implicitly.",
    why: "A table copy blocks writes for its whole duration, needs twice the disk space, and replicas lag by as long.",
    instead: "Write ALGORITHM=INSTANT (or INPLACE, LOCK=NONE) so the server refuses instead of silently copying; for large tables use gh-ost or pt-online-schema-change.",
    sources: "strong_migrations copy_algorithm; Bytebase statement.require-algorithm-option; Atlas MY110–MY123",
    once: false,
    size_gated: true,
    check,
};

fn check(op: &Op, cx: &Context<'_>) -> Option<Hit> {
    if let OpKind::AlterOptions { copy: true, .. } = &op.kind {
        return Hit::new(format!("ALGORITHM=COPY copies {} while writes wait", op.target_name()));
    }
    if cx.is_new(op.target.as_ref()) || !context::is_ddl(&op.kind) {
        return None;
    }
    // The statement's `ALGORITHM=`/`LOCK=` come first among its operations (`sql_file`).
    let stated = !op.starts_statement;
    let algorithm = locks::of(op, cx).algorithm;
    if stated && cx.instant_stated && algorithm == Some(locks::Algorithm::Inplace) {
        let server = if cx.options.mariadb { "MariaDB" } else { "MySQL" };
        let version = cx.version().map(|v| format!(" {v}")).unwrap_or_default();
        return Some(Hit {
            message: format!(
                "the statement asks for ALGORITHM=INSTANT, which {server}{version} cannot do for this change to {}: the server will refuse it (ALGORITHM=INPLACE, LOCK=NONE can)",
                op.target_name()
            ),
            severity: Some(Severity::Warn),
        });
    }
    if algorithm != Some(locks::Algorithm::Copy) {
        return None;
    }
    let rows =
        cx.rows(op.target.as_ref()).map(|n| format!(" ({})", crate::lint::counted(n, "row"))).unwrap_or_default();
    let message = match cx.online_stated && stated {
        true => format!(
            "the statement asks for an online change (ALGORITHM=INPLACE/INSTANT or LOCK=NONE) that {} can only get by a table copy: the server will refuse it",
            op.target_name()
        ),
        false => format!("this change copies {}{rows} while writes wait", op.target_name()),
    };
    Some(Hit { message, severity: Some(Severity::Warn) })
}
