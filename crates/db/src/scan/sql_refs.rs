//! The tables and columns a SQL string names, read with sqlparser (the parser Plumb lints with),
//! each at its place in the string: relations in `FROM`/`JOIN`/`INSERT INTO`/`UPDATE`/`DELETE`,
//! qualified columns (`u.email`, through the statement's aliases), unqualified columns (checked
//! against every table of the statement), `INSERT` column lists and `UPDATE … SET` targets.
//! What the string defines itself — CTEs, subqueries' aliases, output aliases — is never taken
//! for a table or column of the database.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::ControlFlow;

use plumb_engine::dialect::Dialect;
use sqlparser::ast::{
    AssignmentTarget, Expr, Ident, ObjectName, ObjectNamePart, Query, SelectItem, SetExpr, Statement, TableFactor,
    TableObject, Visit, Visitor,
};
use sqlparser::dialect::{Dialect as SqlDialect, GenericDialect, MySqlDialect, PostgreSqlDialect, SQLiteDialect};
use sqlparser::parser::Parser;

/// A name as written: quoted names compare exactly, others without regard to case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    /// The name.
    pub text: String,
    /// Whether it was quoted.
    pub quoted: bool,
    /// Where it starts in the string: line and column, from 1.
    pub at: (u64, u64),
}

impl Written {
    fn of(ident: &Ident) -> Self {
        Written {
            text: ident.value.clone(),
            quoted: ident.quote_style.is_some(),
            at: (ident.span.start.line, ident.span.start.column),
        }
    }

    /// Whether `name` is this name.
    pub fn is(&self, name: &str) -> bool {
        if self.quoted {
            self.text == name
        } else {
            self.text.eq_ignore_ascii_case(name)
        }
    }
}

/// One name of the database the SQL uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SqlRef {
    /// A table (or view), maybe schema-qualified.
    Table { schema: Option<Written>, table: Written },
    /// A column of a known table (`u.email`, an `INSERT` column).
    Column { table: Written, column: Written },
    /// An unqualified column: one of the statement's tables must have it.
    ColumnOfAny { tables: Vec<Written>, column: Written },
}

fn parser_dialect(dialect: Dialect) -> Box<dyn SqlDialect> {
    match dialect {
        Dialect::Postgres => Box::new(PostgreSqlDialect {}),
        Dialect::Mysql => Box::new(MySqlDialect {}),
        Dialect::Sqlite => Box::new(SQLiteDialect {}),
    }
}

fn last_ident(name: &ObjectName) -> Option<&Ident> {
    match name.0.last()? {
        ObjectNamePart::Identifier(ident) => Some(ident),
        ObjectNamePart::Function(_) => None,
    }
}

fn schema_ident(name: &ObjectName) -> Option<&Ident> {
    match name.0.len() {
        2.. => match &name.0[name.0.len() - 2] {
            ObjectNamePart::Identifier(ident) => Some(ident),
            ObjectNamePart::Function(_) => None,
        },
        _ => None,
    }
}

/// What one statement names and defines.
#[derive(Default)]
struct Statement1 {
    tables: Vec<(Option<Written>, Written)>,
    /// alias (lowercase) → the table it stands for.
    aliases: BTreeMap<String, Written>,
    /// Names the statement itself defines (CTEs, derived tables, output aliases), lowercase.
    own: BTreeSet<String>,
    /// Whether some rows come from something other than a table (a subquery, a function):
    /// then an unqualified column may be theirs.
    opaque_rows: bool,
    qualified: Vec<(Written, Written)>,
    unqualified: Vec<Written>,
    /// Columns given for a table directly (INSERT lists, UPDATE targets).
    direct: Vec<(Written, Written)>,
}

impl Visitor for Statement1 {
    type Break = ();

    fn pre_visit_query(&mut self, query: &Query) -> ControlFlow<()> {
        if let Some(with) = &query.with {
            for cte in &with.cte_tables {
                self.own.insert(cte.alias.name.value.to_lowercase());
            }
        }
        if let SetExpr::Select(select) = query.body.as_ref() {
            for item in &select.projection {
                if let SelectItem::ExprWithAlias { alias, .. } = item {
                    self.own.insert(alias.value.to_lowercase());
                }
            }
        }
        ControlFlow::Continue(())
    }

    fn pre_visit_table_factor(&mut self, factor: &TableFactor) -> ControlFlow<()> {
        match factor {
            TableFactor::Table { name, alias, args: None, .. } => {
                if let Some(table) = last_ident(name) {
                    if self.own.contains(&table.value.to_lowercase()) {
                        // A CTE: its columns are the string's own.
                        self.opaque_rows = true;
                        if let Some(alias) = alias {
                            self.own.insert(alias.name.value.to_lowercase());
                        }
                    } else {
                        let table = Written::of(table);
                        if let Some(alias) = alias {
                            self.aliases.insert(alias.name.value.to_lowercase(), table.clone());
                        }
                        self.tables.push((schema_ident(name).map(Written::of), table));
                    }
                }
            }
            other => {
                self.opaque_rows = true;
                let alias = match other {
                    TableFactor::Derived { alias, .. }
                    | TableFactor::Function { alias, .. }
                    | TableFactor::UNNEST { alias, .. }
                    | TableFactor::TableFunction { alias, .. }
                    | TableFactor::Table { alias, .. } => alias.as_ref(),
                    _ => None,
                };
                if let Some(alias) = alias {
                    self.own.insert(alias.name.value.to_lowercase());
                }
            }
        }
        ControlFlow::Continue(())
    }

    fn pre_visit_expr(&mut self, expr: &Expr) -> ControlFlow<()> {
        match expr {
            // MySQL's parser reads a driver's `$1` as a name: a placeholder is no column.
            Expr::Identifier(ident) if ident.quote_style.is_none() && ident.value.starts_with(['$', ':', '@', '?']) => {
            }
            Expr::Identifier(ident) => self.unqualified.push(Written::of(ident)),
            Expr::CompoundIdentifier(parts) if parts.len() >= 2 => {
                let n = parts.len();
                self.qualified.push((Written::of(&parts[n - 2]), Written::of(&parts[n - 1])));
            }
            _ => {}
        }
        ControlFlow::Continue(())
    }

    fn pre_visit_statement(&mut self, statement: &Statement) -> ControlFlow<()> {
        match statement {
            Statement::Insert(insert) => {
                if let TableObject::TableName(name) = &insert.table {
                    if let Some(table) = last_ident(name) {
                        let table = Written::of(table);
                        self.tables.push((schema_ident(name).map(Written::of), table.clone()));
                        for column in insert.columns.iter().filter_map(last_ident) {
                            self.direct.push((table.clone(), Written::of(column)));
                        }
                    }
                }
            }
            Statement::Update(update) => {
                if let TableFactor::Table { name, .. } = &update.table.relation {
                    if let Some(table) = last_ident(name) {
                        let table = Written::of(table);
                        for assignment in &update.assignments {
                            if let AssignmentTarget::ColumnName(column) = &assignment.target {
                                if let Some(column) = last_ident(column) {
                                    self.direct.push((table.clone(), Written::of(column)));
                                }
                            }
                        }
                    }
                }
            }
            _ => {}
        }
        ControlFlow::Continue(())
    }
}

/// The names `sql` uses, or `None` when sqlparser cannot read it (a fragment, a dialect's
/// corner): Plumb then says nothing rather than guess.
pub fn references(sql: &str, dialect: Dialect) -> Option<Vec<SqlRef>> {
    // Application code writes its driver's placeholders (`$1`, `?`, `:name`), whatever the
    // database: the database's own dialect first, then the others.
    let dialects: [Box<dyn SqlDialect>; 4] = [
        parser_dialect(dialect),
        Box::new(GenericDialect {}),
        Box::new(PostgreSqlDialect {}),
        Box::new(SQLiteDialect {}),
    ];
    let statements = dialects.iter().find_map(|d| Parser::parse_sql(d.as_ref(), sql).ok())?;
    let mut out = Vec::new();
    for statement in &statements {
        let mut seen = Statement1::default();
        let _ = statement.visit(&mut seen);
        let Statement1 { tables, aliases, own, opaque_rows, qualified, unqualified, direct } = seen;
        out.extend(tables.iter().map(|(schema, table)| SqlRef::Table { schema: schema.clone(), table: table.clone() }));
        for (qualifier, column) in qualified {
            let key = qualifier.text.to_lowercase();
            // A subquery's or CTE's alias names none of the database's tables.
            let table = aliases
                .get(&key)
                .cloned()
                .or_else(|| tables.iter().find(|(_, t)| t.is(&qualifier.text)).map(|(_, t)| t.clone()));
            if let Some(table) = table {
                out.push(SqlRef::Column { table, column });
            }
        }
        out.extend(direct.into_iter().map(|(table, column)| SqlRef::Column { table, column }));
        if !opaque_rows && !tables.is_empty() {
            let names: Vec<Written> = tables.iter().map(|(_, t)| t.clone()).collect();
            for column in unqualified.into_iter().filter(|c| !own.contains(&c.text.to_lowercase())) {
                out.push(SqlRef::ColumnOfAny { tables: names.clone(), column });
            }
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(sql: &str) -> Vec<String> {
        references(sql, Dialect::Postgres)
            .unwrap()
            .into_iter()
            .map(|r| match r {
                SqlRef::Table { table, .. } => format!("{} @{}:{}", table.text, table.at.0, table.at.1),
                SqlRef::Column { table, column } => {
                    format!("{}.{} @{}:{}", table.text, column.text, column.at.0, column.at.1)
                }
                SqlRef::ColumnOfAny { tables, column } => format!(
                    "{}.{} @{}:{}",
                    tables.iter().map(|t| t.text.as_str()).collect::<Vec<_>>().join("|"),
                    column.text,
                    column.at.0,
                    column.at.1
                ),
            })
            .collect()
    }

    #[test]
    fn tables_and_columns_come_with_their_place_and_aliases_resolve() {
        assert_eq!(
            names("SELECT u.nickname, email AS mail\nFROM users u JOIN posts p ON p.author_id = u.id ORDER BY mail"),
            [
                "users @2:6",
                "posts @2:19",
                "users.nickname @1:10",
                "posts.author_id @2:32",
                "users.id @2:46",
                "users|posts.email @1:20",
            ]
        );
        assert_eq!(
            names("INSERT INTO audit (who, what) VALUES ($1, 'x')"),
            ["audit @1:13", "audit.who @1:20", "audit.what @1:25"]
        );
        assert_eq!(
            names("UPDATE users SET bio = NULL WHERE id = $1"),
            ["users @1:8", "users.bio @1:18", "users.id @1:35"]
        );
    }

    #[test]
    fn what_the_string_defines_itself_is_never_the_databases() {
        let found =
            names("WITH recent AS (SELECT id FROM posts) SELECT r.id, total FROM recent r, (SELECT 1 AS total) t");
        assert_eq!(found, ["posts @1:32"], "{found:?}");
        assert!(references("SELECT * FROM (", Dialect::Postgres).is_none());
    }
}
