//! What a schema.prisma cannot say, named object by object.

use super::*;

impl Printer<'_> {
    /// Objects Prisma has no words for: views, triggers, routines, domains, sequences of their own.
    pub(super) fn warn_unmodelled(&mut self) {
        let mut warnings = Vec::new();
        for schema in &self.db.schemas {
            let s = &schema.name;
            for view in &schema.views {
                warnings.push(format!("{s}.{}: views are not created by Prisma Migrate; left out", view.name));
            }
            for trigger in &schema.triggers {
                warnings.push(format!("{s}.{}: trigger {} is not in schema.prisma", trigger.table, trigger.name));
            }
            for routine in &schema.routines {
                warnings.push(format!("{s}.{}: functions and procedures are not in schema.prisma", routine.name));
            }
            for domain in &schema.domains {
                warnings.push(format!("{s}.{}: domains are not in schema.prisma", domain.name));
            }
            for sequence in schema.sequences.iter().filter(|q| !self.is_serial(s, q)) {
                warnings.push(format!("{s}.{}: sequences of their own are not in schema.prisma", sequence.name));
            }
        }
        for object in &self.db.unsupported {
            warnings.push(format!("{} {}: not in schema.prisma", object.kind, object.name));
        }
        self.warnings.extend(warnings);
    }

    pub(super) fn warn_table(&mut self, schema: &str, table: &Table) {
        let at = format!("{schema}.{}", table.name);
        for check in &table.checks {
            self.warnings.push(format!(
                "{at}: check constraint {} is not in schema.prisma (Prisma has no CHECK)",
                check.name.as_deref().unwrap_or(&check.expression)
            ));
        }
        if table.comment.is_some() {
            self.warnings
                .push(format!("{at}: its comment becomes a /// comment, which Prisma Migrate does not create"));
        }
        let unsaid = match &table.extras {
            Some(TableExtras::Postgres {
                unlogged,
                partition_key,
                partition_of,
                row_level_security,
                policies,
                exclusion_constraints,
                ..
            }) => (*unlogged
                || partition_key.is_some()
                || partition_of.is_some()
                || *row_level_security
                || !policies.is_empty()
                || !exclusion_constraints.is_empty())
            .then(|| {
                "UNLOGGED, partitioning, row-level security or exclusion constraints are not in schema.prisma"
                    .to_owned()
            }),
            Some(TableExtras::Mysql { engine, collation, .. }) => {
                (engine.as_deref().is_some_and(|e| !e.eq_ignore_ascii_case("innodb"))
                    || collation.as_deref().is_some_and(|c| c != "utf8mb4_unicode_ci"))
                .then(|| {
                    format!(
                        "engine {} and collation {}; Prisma Migrate creates InnoDB tables in utf8mb4_unicode_ci",
                        engine.as_deref().unwrap_or("default"),
                        collation.as_deref().unwrap_or("default")
                    )
                })
            }
            Some(TableExtras::Sqlite { without_rowid, strict }) => {
                (*without_rowid || *strict).then(|| "WITHOUT ROWID or STRICT is not in schema.prisma".to_owned())
            }
            None => None,
        };
        if let Some(unsaid) = unsaid {
            self.warnings.push(format!("{at}: {unsaid}"));
        }
        if self.dialect == Dialect::Sqlite {
            if let Some([key]) = table.primary_key.as_ref().map(|k| k.columns.as_slice()) {
                if let Some(column) = table
                    .column(key)
                    .filter(|c| c.column_type.raw.eq_ignore_ascii_case("integer") && c.identity.is_none())
                {
                    self.warnings.push(format!(
                        "{at}: {} is INTEGER PRIMARY KEY without AUTOINCREMENT; Prisma always declares AUTOINCREMENT",
                        column.name
                    ));
                }
            }
        }
    }
}
