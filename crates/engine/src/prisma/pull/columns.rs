//! A column as a field: its type (scalar, native, enum, list or `Unsupported`) and default.

use super::*;

impl Printer<'_> {
    /// Whether a sequence is the one Prisma's `autoincrement()` makes for its column (SERIAL).
    pub(super) fn is_serial(&self, schema: &str, sequence: &crate::model::Sequence) -> bool {
        let Some(owner) = &sequence.owned_by else { return false };
        let Some(table) = self.db.schema(schema).and_then(|s| s.table(&owner.table)) else { return false };
        table.column(&owner.column).is_some_and(|c| self.serial_column(schema, table, c))
    }

    /// Whether a column's default is `nextval` of the sequence SERIAL makes for it, with SERIAL's
    /// settings.
    pub(super) fn serial_column(&self, schema: &str, table: &Table, column: &Column) -> bool {
        let Some(default) = &column.default else { return false };
        let expected = format!("{}_{}_seq", table.name, column.name);
        let Some(name) = default.strip_prefix("nextval('").and_then(|d| d.strip_suffix("'::regclass)")) else {
            return false;
        };
        let unqualified = name.rsplit('.').next().unwrap_or(name).trim_matches('"');
        if unqualified != expected {
            return false;
        }
        let Some(max) = column.column_type.kind.integer_max() else { return false };
        self.db.schema(schema).and_then(|s| s.sequences.iter().find(|q| q.name == expected)).is_some_and(|q| {
            q.owned_by.as_ref().is_some_and(|o| o.table == table.name && o.column == column.name)
                && (q.start, q.increment, q.min_value, q.max_value, q.cache, q.cycle) == (1, 1, 1, max, 1, false)
        })
    }

    /// A column's type text and attributes (`@default`, `@db.*`).
    pub(super) fn field(&mut self, schema: &str, table: &Table, column: &Column) -> (String, Vec<String>) {
        let at = format!("{schema}.{}.{}", table.name, column.name);
        let mut attrs = Vec::new();
        let raw = column.column_type.raw.as_str();
        let (element, list) = match raw.strip_suffix("[]") {
            Some(element) if self.dialect == Dialect::Postgres => (element, true),
            _ => (raw, false),
        };
        let enum_index = self.enum_of(schema, table, column, element);
        let (type_name, scalar) = match enum_index {
            Some(i) => (self.enums[i].name.clone(), None),
            None => {
                let element_column = Column {
                    column_type: crate::model::ColumnType::new(
                        element,
                        if list { crate::model::TypeKind::Other } else { column.column_type.kind.clone() },
                    ),
                    ..column.clone()
                };
                let kind_from_raw = list
                    .then(|| crate::model::ColumnType::new(element, crate::model::TypeKind::of_postgres_name(element)));
                let probe = match kind_from_raw {
                    Some(t) => Column { column_type: t, ..element_column },
                    None => element_column,
                };
                match scalar_type(self.dialect, &probe) {
                    Some(t) => {
                        if let Some(native) = &t.native {
                            let prefix = self.datasource.as_ref().map_or("db", |d| d.name.as_str());
                            attrs.push(format!("@{prefix}.{native}"));
                        }
                        (t.scalar.clone(), Some(t.scalar))
                    }
                    None => (format!("Unsupported({})", string(element)), None),
                }
            }
        };
        let mut type_text = type_name;
        if list {
            type_text.push_str("[]");
        } else if column.nullable {
            type_text.push('?');
        }
        if list && !column.nullable {
            self.warnings.push(format!("{at}: a NOT NULL list, which Prisma declares nullable"));
        }
        if let Some(generated) = &column.generated {
            if generated.storage == crate::model::GeneratedStorage::Stored && self.dialect == Dialect::Postgres {
                attrs.push(format!("@generated({})", string(&generated.expression)));
            } else {
                self.warnings.push(format!("{at}: generated column ({}) left as a plain column", generated.expression));
            }
        }
        match column.identity {
            Some(Identity::AutoIncrement) => attrs.insert(0, "@default(autoincrement())".to_owned()),
            Some(Identity::Always | Identity::ByDefault) => {
                self.warnings.push(format!("{at}: an identity column, which Prisma writes as SERIAL"));
                attrs.insert(0, "@default(autoincrement())".to_owned());
            }
            None => {}
        }
        if let Some(default) = &column.default {
            let prisma = if self.dialect == Dialect::Postgres && self.serial_column(schema, table, column) {
                PrismaDefault::AutoIncrement
            } else if let Some(i) = enum_index.filter(|_| !list) {
                match quoted_literal(self.dialect, default)
                    .and_then(|l| self.enums[i].values.iter().find(|(_, label)| *label == l))
                {
                    Some((value, _)) => PrismaDefault::Literal(value.clone()),
                    None => PrismaDefault::DbGenerated(default.clone()),
                }
            } else {
                match scalar.as_deref() {
                    Some(scalar) if !list => scalar_default(self.dialect, column, scalar, default),
                    _ => PrismaDefault::DbGenerated(default.clone()),
                }
            };
            let text = match prisma {
                PrismaDefault::AutoIncrement => "@default(autoincrement())".to_owned(),
                PrismaDefault::Now => "@default(now())".to_owned(),
                PrismaDefault::Literal(value) => format!("@default({value})"),
                PrismaDefault::DbGenerated(expr) => format!("@default(dbgenerated({}))", string(&expr)),
            };
            attrs.insert(0, text);
        }
        if let Some(collation) = &column.collation {
            self.warnings.push(format!("{at}: collation {collation} is not in schema.prisma"));
        }
        if let Some(crate::model::ColumnExtras::Mysql { charset, on_update, invisible }) = &column.extras {
            if charset.is_some() || *invisible {
                self.warnings.push(format!("{at}: its character set or INVISIBLE is not in schema.prisma"));
            }
            if let Some(on_update) = on_update {
                self.warnings.push(format!(
                    "{at}: ON UPDATE {on_update} is not in schema.prisma (@updatedAt is set by Prisma Client)"
                ));
            }
        }
        if column.comment.is_some() {
            self.warnings.push(format!("{at}: its comment is not created by Prisma Migrate"));
        }
        (type_text, attrs)
    }

    /// The pulled enum a column's type names, if any.
    pub(super) fn enum_of(&self, schema: &str, table: &Table, column: &Column, element: &str) -> Option<usize> {
        if self.dialect == Dialect::Mysql {
            return self.inline_enums.get(&(schema.to_owned(), table.name.clone(), column.name.clone())).copied();
        }
        if self.dialect != Dialect::Postgres {
            return None;
        }
        let (type_schema, name) = match element.rsplit_once('.') {
            Some((s, n)) if !n.contains('"') || n.starts_with('"') => (Some(s.trim_matches('"')), n),
            _ => (None, element),
        };
        let name = name.trim_matches('"');
        let found = |wanted: &str| self.enums.iter().position(|e| e.db_name == name && e.schema == wanted);
        match type_schema {
            Some(s) => found(s),
            // Unqualified: on the search path, `public` first.
            None => found("public").or_else(|| found(schema)),
        }
    }
}
