//! What a `schema.prisma` does not speak of is not Prisma's to drop. Prisma Migrate manages
//! tables, columns, keys, indexes, foreign keys and enums; functions, triggers, views, domains,
//! sequences of their own, extensions it was not told about, check constraints, row-level
//! security and comments live in hand-written migrations, and Prisma leaves them alone. So does
//! Plumb: the schema side of a comparison takes them from the other side, and a plan towards a
//! `schema.prisma` never drops them.

use crate::model::{Database, Schema, TableExtras};

/// `prisma` (a database built from a `schema.prisma`) with what Prisma does not manage taken from
/// `other`, the side it is compared with.
pub fn with_unmanaged(prisma: &Database, other: &Database) -> Database {
    let mut out = prisma.clone();
    for extension in &other.extensions {
        if !out.extensions.iter().any(|e| e.name == extension.name) {
            out.extensions.push(extension.clone());
        }
    }
    let single = !other.flavor.has_schemas();
    for theirs in &other.schemas {
        // MySQL and SQLite have one namespace, whatever each side calls it.
        let found =
            if single { out.schemas.first_mut() } else { out.schemas.iter_mut().find(|s| s.name == theirs.name) };
        let ours = match found {
            Some(ours) => ours,
            None => {
                out.schemas.push(Schema::new(&theirs.name));
                out.schemas.last_mut().expect("just pushed")
            }
        };
        ours.comment.clone_from(&theirs.comment);
        ours.views.clone_from(&theirs.views);
        // A trigger needs its table; one on a table the schema drops goes with it.
        ours.triggers =
            theirs.triggers.iter().filter(|t| ours.tables.iter().any(|table| table.name == t.table)).cloned().collect();
        ours.routines.clone_from(&theirs.routines);
        ours.domains.clone_from(&theirs.domains);
        // Sequences a column owns are SERIAL's, Prisma's own; the others are hand-written.
        ours.sequences.retain(|s| s.owned_by.is_some());
        ours.sequences.extend(theirs.sequences.iter().filter(|s| s.owned_by.is_none()).cloned());
        for table in &mut ours.tables {
            let Some(their_table) = theirs.table(&table.name) else { continue };
            table.checks.clone_from(&their_table.checks);
            table.comment.clone_from(&their_table.comment);
            for column in &mut table.columns {
                if let Some(their_column) = their_table.column(&column.name) {
                    column.comment.clone_from(&their_column.comment);
                }
            }
            if let (
                Some(TableExtras::Postgres {
                    row_level_security,
                    force_row_level_security,
                    policies,
                    exclusion_constraints,
                    ..
                }),
                Some(TableExtras::Postgres {
                    row_level_security: their_rls,
                    force_row_level_security: their_force,
                    policies: their_policies,
                    exclusion_constraints: their_exclusions,
                    ..
                }),
            ) = (&mut table.extras, &their_table.extras)
            {
                *row_level_security = *their_rls;
                *force_row_level_security = *their_force;
                policies.clone_from(their_policies);
                exclusion_constraints.clone_from(their_exclusions);
            }
        }
    }
    out.canonicalize();
    out
}
