//! One connection to the seeded database, running a seed's statements in one transaction and
//! keeping what each reported (rows inserted, updated, deleted, per table).

use std::path::PathBuf;

use plumb_engine::dialect::Dialect;
use sqlparser::ast::{FromTable, Statement, TableFactor, TableObject};
use sqlparser::parser::Parser;
use sqlx::{Connection, Executor};
use tracing::Instrument;

use crate::connect::{connect_postgres, open_mysql, open_sqlite_read_write, ServerTarget};
use crate::{Error, Result, Source};

/// What a statement does to which table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Verb {
    Insert,
    Update,
    Delete,
}

/// Rows a statement reported, for a table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Reported {
    pub table: String,
    pub verb: Verb,
    pub rows: u64,
}

pub(super) enum Session {
    Postgres(sqlx::PgConnection),
    Mysql(sqlx::MySqlConnection),
    Sqlite(sqlx::SqliteConnection),
}

/// The table and verb of a data statement, read with sqlparser.
fn target_of(sql: &str, dialect: Dialect) -> Option<(String, Verb)> {
    let parsed = match dialect {
        Dialect::Postgres => Parser::parse_sql(&sqlparser::dialect::PostgreSqlDialect {}, sql),
        Dialect::Mysql => Parser::parse_sql(&sqlparser::dialect::MySqlDialect {}, sql),
        Dialect::Sqlite => Parser::parse_sql(&sqlparser::dialect::SQLiteDialect {}, sql),
    };
    let last = |name: &sqlparser::ast::ObjectName| name.0.last().and_then(|p| p.as_ident()).map(|i| i.value.clone());
    match parsed.ok()?.first()? {
        Statement::Insert(insert) => match &insert.table {
            TableObject::TableName(name) => Some((last(name)?, Verb::Insert)),
            _ => None,
        },
        Statement::Update(update) => match &update.table.relation {
            TableFactor::Table { name, .. } => Some((last(name)?, Verb::Update)),
            _ => None,
        },
        Statement::Delete(delete) => {
            let tables = match &delete.from {
                FromTable::WithFromKeyword(t) | FromTable::WithoutKeyword(t) => t,
            };
            match &tables.first()?.relation {
                TableFactor::Table { name, .. } => Some((last(name)?, Verb::Delete)),
                _ => None,
            }
        }
        _ => None,
    }
}

impl Session {
    pub(super) async fn open(target: &Source) -> Result<Self> {
        Ok(match target {
            Source::Postgres { url } => Session::Postgres(connect_postgres(&ServerTarget::from_url(url)?).await?),
            Source::Mysql { url } => Session::Mysql(open_mysql(&ServerTarget::from_url(url)?).await?.0),
            Source::Sqlite { path } => Session::Sqlite(open_sqlite_read_write(path).await?),
            other => {
                return Err(Error::Unsupported { what: format!("seeding {other}"), hint: "seed a database".into() })
            }
        })
    }

    /// Runs one statement; the rows it reported.
    pub(super) async fn execute(&mut self, sql: &str) -> std::result::Result<u64, sqlx::Error> {
        let span = tracing::debug_span!("seed statement", sql);
        let query = sqlx::raw_sql(sql);
        match self {
            Session::Postgres(c) => c.execute(query).instrument(span).await.map(|r| r.rows_affected()),
            Session::Mysql(c) => c.execute(query).instrument(span).await.map(|r| r.rows_affected()),
            Session::Sqlite(c) => c.execute(query).instrument(span).await.map(|r| r.rows_affected()),
        }
    }

    /// Runs every statement of `files` in one transaction: all of them, or none when one fails
    /// (MySQL commits a schema statement on its own; a seed holds data). The statements run and
    /// what each reported.
    pub(super) async fn run_files(
        &mut self,
        files: &[(PathBuf, String)],
        dialect: Dialect,
    ) -> Result<(usize, Vec<Reported>)> {
        let (begin, commit) = super::transaction(dialect);
        self.execute(begin).await.map_err(|source| Error::Query { query: "begin the seed's transaction", source })?;
        let mut reported = Vec::new();
        let mut count = 0;
        for (file, text) in files {
            let statements = plumb_engine::lint::sql_file::statements(text, dialect)
                .map_err(|reason| Error::Definition { object: format!("seed file {}", file.display()), reason })?;
            for (line, sql) in statements {
                count += 1;
                match self.execute(&sql).await {
                    Ok(rows) => {
                        if let Some((table, verb)) = target_of(&sql, dialect) {
                            reported.push(Reported { table, verb, rows });
                        }
                    }
                    Err(source) => {
                        let _ = self.execute("ROLLBACK").await;
                        return Err(Error::StepFailed {
                            step: count,
                            description: format!("{}:{line}", file.display()),
                            outcome: "the seed's transaction was rolled back: nothing it wrote stays".into(),
                            source,
                        });
                    }
                }
            }
        }
        self.execute(commit).await.map_err(|source| Error::Query { query: "commit the seed", source })?;
        Ok((count, reported))
    }

    pub(super) async fn close(self) {
        let _ = match self {
            Session::Postgres(c) => c.close().await,
            Session::Mysql(c) => c.close().await,
            Session::Sqlite(c) => c.close().await,
        };
    }
}
