//! SQL migration files as operations: split into statements with sqlparser's tokenizer (so quotes,
//! dollar-quoted bodies and comments never split a statement), each statement parsed on its own so
//! that one unreadable statement is reported at its line and the rest are still checked.

use sqlparser::ast::{
    AlterColumnOperation, AlterSchemaOperation, AlterTableAlgorithm, AlterTableLock, AlterTableOperation,
    AlterTypeOperation, CascadeOption, ColumnDef, ColumnOption, DataType, GeneratedAs, GeneratedExpressionMode,
    ObjectName, ObjectType, Set, Statement, TableConstraint,
};
use sqlparser::dialect::{Dialect as SqlDialect, MySqlDialect, PostgreSqlDialect, SQLiteDialect};
use sqlparser::keywords::Keyword;
use sqlparser::parser::Parser;
use sqlparser::tokenizer::{Token, TokenWithSpan, Tokenizer, Whitespace};

use super::op::{ColumnSpec, ObjectRef, Op, OpKind, Origin};
use super::{run, Finding, LintOptions};
use crate::dialect::Dialect;
use crate::model::TypeKind;

/// Lints the text of a SQL migration file. Statements that cannot be read become findings at
/// their line; `-- plumb:ignore RULE[, RULE] reason` lets the next statement through for those
/// rules, with the reason kept in the finding.
pub fn lint_sql(text: &str, options: &LintOptions) -> Vec<Finding> {
    lint_chunks(split(text, options.dialect), end_of(text), options).0
}

/// [`lint_sql`] of a script whose statements are known apart (a plan's steps, one statement
/// each), given as the line each starts on in the script and its text, and the script's last line.
/// The findings are those of [`lint_sql`] on the script; each statement is tokenized on its own,
/// so that a plan of 10,000 statements never holds all their tokens at once. The operations read
/// come back too, in script order and each at its line there, so that a caller reading the same
/// statements for something else (what a plan's steps destroy) need not parse them again.
pub(crate) fn lint_statements<'a>(
    statements: impl IntoIterator<Item = (u32, &'a str)>,
    last_line: u32,
    options: &LintOptions,
) -> (Vec<Finding>, Vec<Op>) {
    let chunks = statements.into_iter().flat_map(|(first_line, text)| {
        split(text, options.dialect).into_iter().map(move |mut chunk| {
            chunk.line += first_line - 1;
            chunk
        })
    });
    let (findings, mut ops) =
        lint_chunks(chunks, Op::new(OpKind::EndOfMigration, None, Origin::Line(last_line.max(1))), options);
    ops.pop();
    (findings, ops)
}

/// The findings of statements read one by one, up to `end` (the end of the file), and the
/// operations read (`end` last).
fn lint_chunks(chunks: impl IntoIterator<Item = Chunk>, end: Op, options: &LintOptions) -> (Vec<Finding>, Vec<Op>) {
    let mut ops = Vec::new();
    let mut ignores: Vec<(u32, Vec<Ignore>)> = Vec::new();
    for statement in chunks {
        ops.extend(parse(&statement, options.dialect));
        if !statement.ignores.is_empty() {
            ignores.push((statement.line, statement.ignores));
        }
    }
    ops.push(end);
    let mut findings = run(&ops, options);
    for finding in &mut findings {
        let Some(line) = finding.line else { continue };
        let covering = ignores.iter().filter(|(l, _)| *l == line).flat_map(|(_, i)| i);
        if let Some(ignore) = covering.into_iter().find(|i| i.rules.iter().any(|r| r == &finding.rule)) {
            finding.ignored = Some(ignore.reason.clone());
        }
    }
    (findings, ops)
}

/// The statements of a SQL file, each with its first line and its text as written (comments
/// between statements dropped, the `;` left off), for running them one at a time. An error
/// names the line the file cannot be read from.
///
/// A MySQL file may change the delimiter with the client's `DELIMITER` command, as `mysqldump`
/// writes around triggers and routines: each stretch is split at its own delimiter.
pub fn statements(text: &str, dialect: Dialect) -> Result<Vec<(u32, String)>, String> {
    if dialect == Dialect::Mysql {
        if let Some(stretches) = delimited(text) {
            let mut out = Vec::new();
            for Stretch { line, delimiter, text } in stretches {
                match delimiter {
                    ";" => out.extend(statements(text, dialect)?.into_iter().map(|(l, sql)| (l + line - 1, sql))),
                    _ => out.extend(split_at(text, delimiter).map(|(l, sql)| (l + line - 1, sql))),
                }
            }
            return Ok(out);
        }
    }
    let lines = crate::dialect::LineIndex::new(text);
    split(text, dialect)
        .into_iter()
        .map(|chunk| {
            if let Some(error) = chunk.tokenizer_error {
                return Err(format!("line {}: {error}", chunk.line));
            }
            let first = chunk.tokens.iter().find(|t| !matches!(t.token, Token::Whitespace(_)));
            let last = chunk.tokens.iter().rev().find(|t| !matches!(t.token, Token::Whitespace(_)));
            let (Some(first), Some(last)) = (first, last) else { return Ok((chunk.line, String::new())) };
            let start = lines.offset(first.span.start.line, first.span.start.column);
            let end = lines.offset(last.span.end.line, last.span.end.column);
            Ok((chunk.line, text[start..end].to_owned()))
        })
        .filter(|s| s.as_ref().map_or(true, |(_, sql)| !sql.is_empty()))
        .collect()
}

/// A stretch of a MySQL file between two `DELIMITER` commands: its first line, its delimiter and
/// its text.
struct Stretch<'a> {
    line: u32,
    delimiter: &'a str,
    text: &'a str,
}

/// The stretches of a file that uses the client's `DELIMITER` command, or `None` if it does not.
fn delimited(text: &str) -> Option<Vec<Stretch<'_>>> {
    fn command(line: &str) -> Option<&str> {
        let mut words = line.split_whitespace();
        let first = words.next()?;
        let delimiter = words.next()?;
        (first.eq_ignore_ascii_case("DELIMITER") && words.next().is_none()).then_some(delimiter)
    }
    if !text.lines().any(|l| command(l).is_some()) {
        return None;
    }
    let mut stretches = Vec::new();
    let (mut start, mut start_line, mut delimiter) = (0, 1u32, ";");
    let mut offset = 0;
    for (number, line) in (1u32..).zip(text.split_inclusive('\n')) {
        if let Some(next) = command(line) {
            stretches.push(Stretch { line: start_line, delimiter, text: &text[start..offset] });
            (start, start_line, delimiter) = (offset + line.len(), number + 1, next);
        }
        offset += line.len();
    }
    stretches.push(Stretch { line: start_line, delimiter, text: &text[start..] });
    Some(stretches)
}

/// The statements of `text` ended by `delimiter` (not `;`), each with the line it starts on.
fn split_at<'a>(text: &'a str, delimiter: &'a str) -> impl Iterator<Item = (u32, String)> + 'a {
    let mut line = 1u32;
    text.split(delimiter).filter_map(move |piece| {
        let leading = &piece[..piece.len() - piece.trim_start().len()];
        let starts = line + u32::try_from(leading.matches('\n').count()).unwrap_or(0);
        line += u32::try_from(piece.matches('\n').count()).unwrap_or(0);
        let sql = piece.trim();
        (!sql.is_empty()).then(|| (starts, sql.to_owned()))
    })
}

/// The operations of a SQL file (for live-data probes).
pub fn operations(text: &str, dialect: Dialect) -> Vec<Op> {
    let mut ops: Vec<Op> = split(text, dialect).iter().flat_map(|s| parse(s, dialect)).collect();
    ops.push(end_of(text));
    ops
}

fn end_of(text: &str) -> Op {
    let last_line = u32::try_from(text.lines().count()).unwrap_or(u32::MAX).max(1);
    Op::new(OpKind::EndOfMigration, None, Origin::Line(last_line))
}

/// An inline suppression.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Ignore {
    rules: Vec<String>,
    reason: String,
}

/// One statement of a file.
struct Chunk {
    tokens: Vec<TokenWithSpan>,
    line: u32,
    ignores: Vec<Ignore>,
    tokenizer_error: Option<String>,
}

/// sqlparser's dialect for ours.
pub(crate) fn sql_dialect(dialect: Dialect) -> Box<dyn SqlDialect> {
    match dialect {
        Dialect::Postgres => Box::new(PostgreSqlDialect {}),
        Dialect::Mysql => Box::new(MySqlDialect {}),
        Dialect::Sqlite => Box::new(SQLiteDialect {}),
    }
}

/// `-- plumb:ignore drop-column, drop-table the column is unused since v12`.
fn ignore_comment(comment: &str) -> Option<Ignore> {
    let rest = comment.trim().strip_prefix("plumb:ignore")?.trim();
    let mut rules = Vec::new();
    let mut words = rest.split_whitespace().peekable();
    // Rule ids come first (`a, b` or `a,b`); the first word that is not one starts the reason.
    while let Some(word) = words.peek() {
        let names: Vec<&str> = word.split(',').filter(|s| !s.is_empty()).collect();
        if names.is_empty() || !names.iter().all(|n| super::rule(n).is_some()) {
            break;
        }
        rules.extend(names.into_iter().map(str::to_owned));
        words.next();
    }
    let reason = words.collect::<Vec<_>>().join(" ");
    Some(Ignore { rules, reason: if reason.is_empty() { "no reason given".into() } else { reason } })
}

/// Splits a file into statements at top-level `;`. Routine bodies written with `BEGIN … END`
/// (SQLite and MySQL triggers and procedures) stay whole.
fn split(text: &str, dialect: Dialect) -> Vec<Chunk> {
    let sql = sql_dialect(dialect);
    let tokens = match Tokenizer::new(sql.as_ref(), text).tokenize_with_location() {
        Ok(tokens) => tokens,
        Err(error) => {
            let line = u32::try_from(error.location.line).unwrap_or(1).max(1);
            return vec![Chunk { tokens: Vec::new(), line, ignores: Vec::new(), tokenizer_error: Some(error.message) }];
        }
    };
    let mut chunks = Vec::new();
    let mut current: Vec<TokenWithSpan> = Vec::new();
    let mut ignores = Vec::new();
    let mut depth = 0usize;
    let mut routine = false;
    let mut previous_word: Option<Keyword> = None;
    let flush = |current: &mut Vec<TokenWithSpan>, ignores: &mut Vec<Ignore>, chunks: &mut Vec<Chunk>| {
        let first = current.iter().find(|t| !matches!(t.token, Token::Whitespace(_)));
        if let Some(first) = first {
            let line = u32::try_from(first.span.start.line).unwrap_or(1);
            chunks.push(Chunk {
                tokens: std::mem::take(current),
                line,
                ignores: std::mem::take(ignores),
                tokenizer_error: None,
            });
        } else {
            current.clear();
        }
    };
    for token in tokens {
        match &token.token {
            Token::Whitespace(Whitespace::SingleLineComment { comment, .. }) => {
                if let Some(ignore) = ignore_comment(comment) {
                    ignores.push(ignore);
                }
                continue;
            }
            Token::Whitespace(Whitespace::MultiLineComment(_)) => continue,
            Token::Whitespace(_) => {
                if !current.is_empty() {
                    current.push(token);
                }
                continue;
            }
            Token::SemiColon if depth == 0 => {
                flush(&mut current, &mut ignores, &mut chunks);
                routine = false;
                previous_word = None;
                continue;
            }
            Token::Word(word) => {
                let significant = current.iter().filter(|t| matches!(t.token, Token::Word(_))).count();
                if significant < 6
                    && matches!(
                        word.keyword,
                        Keyword::TRIGGER | Keyword::PROCEDURE | Keyword::FUNCTION | Keyword::EVENT
                    )
                {
                    routine = routine
                        || current
                            .first()
                            .is_some_and(|t| matches!(&t.token, Token::Word(w) if w.keyword == Keyword::CREATE));
                }
                if routine {
                    let upper = word.value.to_ascii_uppercase();
                    let opens = matches!(upper.as_str(), "BEGIN" | "CASE" | "LOOP" | "REPEAT" | "WHILE")
                        // `IF(…)` is a function in MySQL expressions; only a statement IF opens a block.
                        || upper == "IF" && depth > 0;
                    if upper == "END" {
                        depth = depth.saturating_sub(1);
                    } else if opens && previous_word != Some(Keyword::END) {
                        depth += 1;
                    }
                }
                previous_word = Some(word.keyword);
            }
            _ => {}
        }
        current.push(token);
    }
    flush(&mut current, &mut ignores, &mut chunks);
    chunks
}

/// The operations of one statement.
fn parse(chunk: &Chunk, dialect: Dialect) -> Vec<Op> {
    let origin = Origin::Line(chunk.line);
    if let Some(error) = &chunk.tokenizer_error {
        return vec![Op::new(OpKind::Unparsed { error: error.clone() }, None, origin)];
    }
    if let Some((settings, statement)) = set_statement(&chunk.tokens) {
        let inner = Chunk { tokens: statement.to_vec(), ignores: Vec::new(), tokenizer_error: None, line: chunk.line };
        let mut ops = parse(&inner, dialect);
        // Foreign keys added without checking the rows already there, as NOT VALID does.
        if settings.windows(2).any(|w| w[0] == "FOREIGN_KEY_CHECKS" && matches!(w[1].as_str(), "0" | "OFF")) {
            for op in &mut ops {
                if let OpKind::AddForeignKey { not_valid, .. } = &mut op.kind {
                    *not_valid = true;
                }
            }
        }
        return ops;
    }
    // Forms sqlparser misreads or does not read come first.
    if let Some(op) = recognize(&chunk.tokens, &origin) {
        return vec![op];
    }
    if let Some(ops) = recognize_many(&chunk.tokens, &origin) {
        return ops;
    }
    match parse_tokens(&chunk.tokens, dialect).or_else(|error| plain_sqlite_table(&chunk.tokens, dialect).ok_or(error))
    {
        Ok(statement) => convert(&statement, &origin, dialect),
        Err(error) => read_without_parser(&chunk.tokens, &origin, dialect)
            .unwrap_or_else(|| vec![Op::new(OpKind::Unparsed { error }, None, origin)]),
    }
}

/// A SQLite `CREATE TABLE` whose column list holds what SQLite takes and sqlparser does not
/// read (a name written as a string, a type of several words), read once made plain.
fn plain_sqlite_table(tokens: &[TokenWithSpan], dialect: Dialect) -> Option<Statement> {
    if dialect != Dialect::Sqlite
        || !matches!(words(tokens).as_slice(), [create, table, ..] if create == "CREATE" && table == "TABLE")
    {
        return None;
    }
    let text: String = tokens.iter().map(|t| t.token.to_string()).collect();
    let plain = crate::dialect::plain_columns(&text).ok()?;
    let sql = sql_dialect(dialect);
    Parser::parse_sql(sql.as_ref(), &plain).ok()?.into_iter().next()
}

/// MariaDB's `SET STATEMENT var = value [, …] FOR statement`: the settings' words and the
/// statement's tokens (<https://mariadb.com/kb/en/set-statement/>).
fn set_statement(tokens: &[TokenWithSpan]) -> Option<(Vec<String>, &[TokenWithSpan])> {
    let significant: Vec<usize> =
        (0..tokens.len()).filter(|&i| !matches!(tokens[i].token, Token::Whitespace(_))).collect();
    let word = |i: usize, w: &str| matches!(&tokens[i].token, Token::Word(x) if x.value.eq_ignore_ascii_case(w));
    if significant.len() < 3 || !word(significant[0], "SET") || !word(significant[1], "STATEMENT") {
        return None;
    }
    let at = significant.iter().position(|&i| word(i, "FOR"))?;
    let settings = words(&tokens[significant[2]..significant[at]]);
    Some((settings, &tokens[significant[at] + 1..]))
}

fn parse_tokens(tokens: &[TokenWithSpan], dialect: Dialect) -> Result<Statement, String> {
    let sql = sql_dialect(dialect);
    Parser::new(sql.as_ref()).with_tokens_with_locations(tokens.to_vec()).parse_statement().map_err(|e| e.to_string())
}

/// Statements sqlparser cannot read but whose meaning to the rules is known from their words:
/// definitions no rule looks into (views, routines, triggers, comments, extension updates,
/// domain changes), an
/// index whose expression it cannot read (still an index build), and an `ALTER TABLE` read
/// clause by clause, where a clause it cannot read is one that changes no data and takes no
/// lock worth a rule (`RENAME INDEX`, `COMMENT =`, `DROP IDENTITY`, `DROP EXPRESSION`, which keeps
/// a generated column's values as they are).
fn read_without_parser(tokens: &[TokenWithSpan], origin: &Origin, dialect: Dialect) -> Option<Vec<Op>> {
    let w = words(tokens);
    let w: Vec<&str> = w.iter().map(String::as_str).collect();
    let other = || Some(vec![Op::new(OpKind::Other, None, origin.clone())]);
    let definition = |rest: &[&str]| {
        let rest = match rest {
            ["OR", "REPLACE", rest @ ..] => rest,
            rest => rest,
        };
        matches!(
            rest,
            ["VIEW" | "FUNCTION" | "PROCEDURE" | "TRIGGER" | "RULE" | "AGGREGATE", ..]
                | ["MATERIALIZED", "VIEW", ..]
                | ["CONSTRAINT", "TRIGGER", ..]
        )
    };
    match w.as_slice() {
        ["CREATE", rest @ ..] if definition(rest) => other(),
        // A domain's new check or NOT NULL reads the columns of the type, but no rule names it.
        ["COMMENT", "ON", ..]
        | ["ALTER", "EXTENSION" | "FUNCTION" | "PROCEDURE" | "DOMAIN", ..]
        | ["DROP", "AGGREGATE", ..] => other(),
        ["CREATE", rest @ ..] if rest.iter().take(2).any(|x| *x == "INDEX") => {
            let unique = rest.first() == Some(&"UNIQUE");
            let after_index = rest.iter().position(|x| *x == "INDEX")? + 1;
            let named: Vec<&str> =
                rest[after_index..].iter().copied().filter(|x| !matches!(*x, "IF" | "NOT" | "EXISTS")).collect();
            let concurrently = named.first() == Some(&"CONCURRENTLY");
            let named = if concurrently { &named[1..] } else { &named[..] };
            let on = named.iter().position(|x| *x == "ON")?;
            let name = (on > 0).then(|| named[on - 1].to_lowercase());
            let significant = significant(tokens);
            let keyword = |i: usize, word: &str| is_keyword(significant[i].1, word);
            let mut at = (0..significant.len()).position(|i| keyword(i, "ON"))? + 1;
            if at < significant.len() && keyword(at, "ONLY") {
                at += 1;
            }
            let (parts, _) = dotted_name(&significant, at);
            let table = match parts.as_slice() {
                [.., schema, table] => ObjectRef::new(Some(schema), table),
                [table] => ObjectRef::new(None, table),
                [] => return None,
            };
            Some(vec![Op::new(
                OpKind::CreateIndex { name, columns: Vec::new(), unique, concurrently },
                Some(table),
                origin.clone(),
            )])
        }
        ["ALTER", "TABLE", ..] => alter_table_by_clause(tokens, origin, dialect),
        ["DO", ..] => Some(anonymous_block(tokens, origin, dialect)),
        _ => None,
    }
}

/// A PostgreSQL `DO` block, read by the SQL statements of its body (`BEGIN CREATE TYPE …;
/// EXCEPTION WHEN duplicate_object THEN null; END`, as Prisma writes them): each statement the
/// parser reads counts as if it stood alone, at the block's line; PL/pgSQL control flow
/// (`IF`, `RAISE`, `EXCEPTION`) is not SQL to check and is passed over.
fn anonymous_block(tokens: &[TokenWithSpan], origin: &Origin, dialect: Dialect) -> Vec<Op> {
    let body = tokens.iter().find_map(|t| match &t.token {
        Token::DollarQuotedString(s) => Some(s.value.clone()),
        Token::SingleQuotedString(s) => Some(s.clone()),
        _ => None,
    });
    let mut ops = Vec::new();
    for chunk in body.map(|b| split(&b, dialect)).unwrap_or_default() {
        // Block keywords before a statement (`BEGIN CREATE TYPE …`, `THEN ALTER TABLE …`).
        let start = chunk
            .tokens
            .iter()
            .position(|t| match &t.token {
                Token::Word(w) => !matches!(
                    w.value.to_ascii_uppercase().as_str(),
                    "BEGIN" | "DECLARE" | "EXCEPTION" | "WHEN" | "THEN" | "ELSE" | "END" | "LOOP"
                ),
                Token::Whitespace(_) => false,
                _ => true,
            })
            .unwrap_or(chunk.tokens.len());
        let statement = &chunk.tokens[start..];
        if let Ok(parsed) = parse_tokens(statement, dialect) {
            ops.extend(convert(&parsed, origin, dialect));
        }
    }
    if ops.is_empty() {
        ops.push(Op::new(OpKind::Other, None, origin.clone()));
    }
    ops.iter_mut().skip(1).for_each(|op| op.starts_statement = false);
    ops
}

/// An `ALTER TABLE` whose clauses sqlparser cannot read all at once, read one clause at a time.
fn alter_table_by_clause(tokens: &[TokenWithSpan], origin: &Origin, dialect: Dialect) -> Option<Vec<Op>> {
    let significant = significant(tokens);
    // ALTER TABLE [IF EXISTS] [ONLY] name(.name)*: the clauses start after the name.
    let mut at = 2;
    let word = |i: usize| match significant.get(i) {
        Some((_, Token::Word(w))) => Some(w.value.to_ascii_uppercase()),
        _ => None,
    };
    while matches!(word(at).as_deref(), Some("IF" | "EXISTS" | "ONLY")) {
        at += 1;
    }
    let (name, after_name) = dotted_name(&significant, at);
    let table = match name.as_slice() {
        [.., schema, table] => Some(ObjectRef::new(Some(schema), table)),
        [table] => Some(ObjectRef::new(None, table)),
        [] => None,
    };
    let (head_end, _) = *significant.get(after_name)?;
    let head = &tokens[..head_end];
    let mut clauses: Vec<&[TokenWithSpan]> = Vec::new();
    let (mut depth, mut start) = (0usize, head_end);
    for (i, token) in tokens.iter().enumerate().skip(head_end) {
        match token.token {
            Token::LParen => depth += 1,
            Token::RParen => depth = depth.saturating_sub(1),
            Token::Comma if depth == 0 => {
                clauses.push(&tokens[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    clauses.push(&tokens[start..]);
    let mut ops = Vec::new();
    for clause in clauses {
        let mut one: Vec<TokenWithSpan> = head.to_vec();
        one.push(TokenWithSpan::wrap(Token::Whitespace(Whitespace::Space)));
        one.extend(clause.iter().cloned());
        match parse_tokens(&one, dialect) {
            Ok(statement) => ops.extend(convert(&statement, origin, dialect)),
            Err(_) => {
                let w = words(clause);
                let w: Vec<&str> = w.iter().map(String::as_str).collect();
                // MySQL partitions a table anew (or no more) by copying every row.
                if matches!(w.as_slice(), ["PARTITION", "BY", ..] | ["REMOVE", "PARTITIONING"]) {
                    let what = if w[0] == "REMOVE" { "REMOVE PARTITIONING" } else { "PARTITION BY" };
                    ops.push(Op::new(OpKind::RewriteTable { what: what.into() }, table.clone(), origin.clone()));
                    continue;
                }
                let harmless = matches!(
                    w.as_slice(),
                    ["RENAME", "INDEX" | "KEY", ..]
                        | ["COMMENT", ..]
                        | ["ALTER", .., "DROP", "IDENTITY"]
                        | ["ALTER", .., "DROP", "IDENTITY", "IF", "EXISTS"]
                        | ["ALTER", .., "DROP", "EXPRESSION"]
                        | ["ALTER", .., "DROP", "EXPRESSION", "IF", "EXISTS"]
                );
                if !harmless {
                    return None;
                }
                ops.push(Op::new(OpKind::Other, None, origin.clone()));
            }
        }
    }
    ops.iter_mut().skip(1).for_each(|op| op.starts_statement = false);
    Some(ops)
}

/// A statement's tokens without its whitespace, each with its place among all its tokens.
fn significant(tokens: &[TokenWithSpan]) -> Vec<(usize, &Token)> {
    tokens.iter().map(|t| &t.token).enumerate().filter(|(_, t)| !matches!(t, Token::Whitespace(_))).collect()
}

/// Whether `token` is the unquoted keyword `word`.
fn is_keyword(token: &Token, word: &str) -> bool {
    matches!(token, Token::Word(w) if w.quote_style.is_none() && w.value.eq_ignore_ascii_case(word))
}

/// The dotted name (`"public"."test"`, `app.users`) starting at `at` of `significant` tokens, its
/// unquoted parts folded to lower case, and where the tokens after it start.
fn dotted_name(significant: &[(usize, &Token)], mut at: usize) -> (Vec<String>, usize) {
    let mut parts = Vec::new();
    while let Some((_, Token::Word(w))) = significant.get(at) {
        parts.push(if w.quote_style.is_some() { w.value.clone() } else { w.value.to_lowercase() });
        at += 1;
        if significant.get(at).map(|(_, t)| *t) != Some(&Token::Period) {
            break;
        }
        at += 1;
    }
    (parts, at)
}

/// The words and numbers of a statement, uppercased, in order.
fn words(tokens: &[TokenWithSpan]) -> Vec<String> {
    tokens
        .iter()
        .filter_map(|t| match &t.token {
            Token::Word(w) => Some(w.value.to_ascii_uppercase()),
            Token::Number(n, _) => Some(n.clone()),
            _ => None,
        })
        .collect()
}

/// MySQL's `ALTER TABLE t DROP PARTITION a, b` and SQLite's `PRAGMA name = OFF`, which sqlparser
/// reads in other dialects' forms only.
fn recognize_many(tokens: &[TokenWithSpan], origin: &Origin) -> Option<Vec<Op>> {
    let w = words(tokens);
    let w: Vec<&str> = w.iter().map(String::as_str).collect();
    match w.as_slice() {
        ["ALTER", "TABLE", table, "DROP" | "TRUNCATE", "PARTITION", names @ ..] if !names.is_empty() => {
            let table = ObjectRef::new(None, &table.to_lowercase());
            Some(
                names
                    .iter()
                    .map(|n| {
                        Op::new(OpKind::DropPartition { name: n.to_lowercase() }, Some(table.clone()), origin.clone())
                    })
                    .collect(),
            )
        }
        ["PRAGMA", name, rest @ ..] => Some(vec![Op::new(
            OpKind::Pragma { name: name.to_lowercase(), value: rest.first().map(|v| v.to_lowercase()) },
            None,
            origin.clone(),
        )]),
        _ => None,
    }
}

/// PostgreSQL statements sqlparser does not read (or reads wrongly: `DROP INDEX CONCURRENTLY i`
/// becomes a drop of an index named `CONCURRENTLY`) but migrations use, recognized by keywords.
fn recognize(tokens: &[TokenWithSpan], origin: &Origin) -> Option<Op> {
    let words = words(tokens);
    let w: Vec<&str> = words.iter().map(String::as_str).collect();
    let op = |kind| Some(Op::new(kind, None, origin.clone()));
    let has = |pair: [&str; 2]| w.windows(2).any(|p| p == pair);
    if w.starts_with(&["ALTER", "TABLE"]) && has(["DETACH", "PARTITION"]) {
        let table = w
            .iter()
            .skip(2)
            .find(|x| !matches!(**x, "IF" | "EXISTS" | "ONLY"))
            .map(|t| ObjectRef::new(None, &t.to_lowercase()));
        return Some(Op::new(
            OpKind::DetachPartition { concurrently: w.contains(&"CONCURRENTLY") },
            table,
            origin.clone(),
        ));
    }
    if w.starts_with(&["ALTER", "TABLE"]) && has(["ATTACH", "PARTITION"]) {
        let table = w
            .iter()
            .skip(2)
            .find(|x| !matches!(**x, "IF" | "EXISTS" | "ONLY"))
            .map(|t| ObjectRef::new(None, &t.to_lowercase()));
        return Some(Op::new(OpKind::AttachPartition, table, origin.clone()));
    }
    // Inheritance changes hold the table briefly, like any ALTER TABLE of its catalog entry.
    if let ["ALTER", "TABLE", rest @ ..] = w.as_slice() {
        let at = rest.iter().position(|x| *x == "INHERIT");
        if let (Some(at), false) = (at, rest.iter().any(|x| matches!(*x, "ADD" | "CHECK" | "CONSTRAINT"))) {
            let before = rest[..at].strip_suffix(&["NO"]).unwrap_or(&rest[..at]);
            let table = before.last().map(|t| ObjectRef::new(None, &t.to_lowercase()));
            return Some(Op::new(OpKind::Other, table, origin.clone()));
        }
    }
    match w.as_slice() {
        // Rules: a catalog entry on the table, no rows read.
        ["CREATE", "RULE", ..] | ["CREATE", "OR", "REPLACE", "RULE", ..] | ["DROP", "RULE", ..] => op(OpKind::Other),
        ["DROP", "INDEX", "CONCURRENTLY", ..] => {
            let name = w
                .iter()
                .rev()
                .find(|x| !matches!(**x, "IF" | "EXISTS" | "CASCADE" | "RESTRICT"))
                .copied()
                .unwrap_or("");
            op(OpKind::DropIndex { name: name.to_lowercase(), concurrently: true })
        }
        ["REINDEX", rest @ ..] if rest.contains(&"CONCURRENTLY") => op(OpKind::Other),
        ["REINDEX", ..] => op(OpKind::Reindex),
        ["REFRESH", "MATERIALIZED", "VIEW", rest @ ..] => {
            op(OpKind::RefreshMaterializedView { concurrently: rest.first() == Some(&"CONCURRENTLY") })
        }
        ["CLUSTER", ..] => op(OpKind::RewriteTable { what: "CLUSTER".into() }),
        // Sequence settings (OWNED BY, INCREMENT, RESTART): metadata, no rows and no table lock.
        ["ALTER", "SEQUENCE", ..] => op(OpKind::Other),
        _ => None,
    }
}

fn object(name: &ObjectName) -> ObjectRef {
    let parts: Vec<String> =
        name.0.iter().map(|p| p.to_string().trim_matches(['"', '`', '[', ']']).to_owned()).collect();
    match parts.as_slice() {
        [.., schema, table] => ObjectRef::new(Some(schema), table),
        [table] => ObjectRef::new(None, table),
        [] => ObjectRef::new(None, ""),
    }
}

fn ident(name: &sqlparser::ast::Ident) -> String {
    name.value.clone()
}

/// A type as Plumb's model classifies it, from its written name.
pub(super) fn type_kind(data_type: &DataType) -> TypeKind {
    let text = data_type.to_string().to_lowercase();
    let (base, args) = match text.split_once('(') {
        Some((base, rest)) => (base.trim().to_owned(), rest.trim_end_matches(')').to_owned()),
        None => (text.trim().to_owned(), String::new()),
    };
    let numbers: Vec<u32> = args.split(',').filter_map(|a| a.trim().parse().ok()).collect();
    match base.as_str() {
        "smallint" | "int2" | "smallserial" | "tinyint" => TypeKind::SmallInt,
        "int" | "integer" | "int4" | "serial" | "mediumint" => TypeKind::Integer,
        "bigint" | "int8" | "bigserial" => TypeKind::BigInt,
        "varchar" | "character varying" | "nvarchar" => TypeKind::Varchar { length: numbers.first().copied() },
        "char" | "character" | "bpchar" => TypeKind::Char { length: numbers.first().copied() },
        "text" | "tinytext" | "mediumtext" | "longtext" => TypeKind::Text,
        "numeric" | "decimal" => {
            TypeKind::Decimal { precision: numbers.first().copied(), scale: numbers.get(1).copied() }
        }
        "json" | "jsonb" => TypeKind::Json,
        "uuid" => TypeKind::Uuid,
        "boolean" | "bool" => TypeKind::Boolean,
        "real" | "float4" | "float" => TypeKind::Real,
        "double" | "double precision" | "float8" => TypeKind::Double,
        "date" => TypeKind::Date,
        _ => TypeKind::Other,
    }
}

fn column_spec(def: &ColumnDef) -> ColumnSpec {
    let type_text = def.data_type.to_string();
    let lower = type_text.to_lowercase();
    let mut spec = ColumnSpec {
        name: ident(&def.name),
        kind: Some(type_kind(&def.data_type)),
        auto_numbered: lower.ends_with("serial"),
        type_text,
        ..ColumnSpec::default()
    };
    for option in &def.options {
        match &option.option {
            ColumnOption::NotNull => spec.not_null = true,
            ColumnOption::Default(expr) => spec.default = Some(expr.to_string()),
            ColumnOption::PrimaryKey(_) => {
                spec.primary_key = true;
                spec.not_null = true;
            }
            ColumnOption::Unique(_) => spec.unique = true,
            ColumnOption::ForeignKey(fk) => spec.references = Some(object(&fk.foreign_table)),
            ColumnOption::Check(_) => spec.check = true,
            ColumnOption::Generated { generated_as, generation_expr, generation_expr_mode, .. } => {
                if generation_expr.is_none() {
                    spec.auto_numbered = true;
                } else if matches!(generation_expr_mode, Some(GeneratedExpressionMode::Stored))
                    || matches!(generated_as, GeneratedAs::ExpStored)
                {
                    spec.generated_stored = true;
                }
            }
            ColumnOption::Identity(_) => spec.auto_numbered = true,
            ColumnOption::DialectSpecific(tokens)
                if tokens.iter().any(|t| {
                    matches!(t, Token::Word(w) if w.keyword == Keyword::AUTO_INCREMENT || w.keyword == Keyword::AUTOINCREMENT)
                }) =>
            {
                spec.auto_numbered = true;
            }
            _ => {}
        }
    }
    spec
}

fn cascade(option: &Option<CascadeOption>) -> bool {
    matches!(option, Some(CascadeOption::Cascade))
}

fn constraint_op(constraint: &TableConstraint, not_valid: bool) -> (OpKind, Option<String>) {
    match constraint {
        TableConstraint::PrimaryKey(pk) => (
            OpKind::AddPrimaryKey { using_index: false, columns: pk.columns.iter().map(|c| c.to_string()).collect() },
            pk.name.as_ref().map(ident),
        ),
        TableConstraint::PrimaryKeyUsingIndex(c) => {
            (OpKind::AddPrimaryKey { using_index: true, columns: Vec::new() }, c.name.as_ref().map(ident))
        }
        TableConstraint::Unique(u) => (
            OpKind::AddUnique { using_index: false, columns: u.columns.iter().map(|c| c.to_string()).collect() },
            u.name.as_ref().map(ident),
        ),
        TableConstraint::UniqueUsingIndex(c) => {
            (OpKind::AddUnique { using_index: true, columns: Vec::new() }, c.name.as_ref().map(ident))
        }
        TableConstraint::ForeignKey(fk) => (
            OpKind::AddForeignKey {
                referenced: object(&fk.foreign_table),
                not_valid,
                columns: fk.columns.iter().map(ident).collect(),
                referenced_columns: fk.referred_columns.iter().map(ident).collect(),
            },
            fk.name.as_ref().map(ident),
        ),
        TableConstraint::Check(c) => {
            (OpKind::AddCheck { not_valid, expression: Some(c.expr.to_string()) }, c.name.as_ref().map(ident))
        }
        TableConstraint::Exclude(_) => (OpKind::AddExclusion, None),
        TableConstraint::Index(_) | TableConstraint::FulltextOrSpatial(_) => {
            (OpKind::CreateIndex { name: None, columns: Vec::new(), unique: false, concurrently: false }, None)
        }
    }
}

fn alter_table(table: ObjectRef, operation: &AlterTableOperation, origin: &Origin, dialect: Dialect) -> Vec<Op> {
    let op = |kind| Op::new(kind, Some(table.clone()), origin.clone());
    let one = |kind| vec![op(kind)];
    match operation {
        AlterTableOperation::AddColumn { column_def, .. } => {
            let spec = column_spec(column_def);
            let mut ops = vec![Op { declared_names: vec![spec.name.clone()], ..op(OpKind::AddColumn(spec.clone())) }];
            if spec.unique && dialect == Dialect::Postgres {
                ops.push(op(OpKind::AddUnique { using_index: false, columns: vec![spec.name.clone()] }));
            }
            if spec.primary_key && dialect == Dialect::Postgres {
                ops.push(op(OpKind::AddPrimaryKey { using_index: false, columns: vec![spec.name.clone()] }));
            }
            if let Some(referenced) = spec.references.clone() {
                ops.push(op(OpKind::AddForeignKey {
                    referenced,
                    not_valid: false,
                    columns: vec![spec.name.clone()],
                    referenced_columns: Vec::new(),
                }));
            }
            ops
        }
        AlterTableOperation::AddConstraint { constraint, not_valid } => {
            let (kind, name) = constraint_op(constraint, *not_valid);
            vec![Op { declared_names: name.into_iter().collect(), ..op(kind) }]
        }
        AlterTableOperation::DropColumn { column_names, drop_behavior, .. } => column_names
            .iter()
            .map(|c| {
                op(OpKind::DropColumn {
                    column: ident(c),
                    cascade: matches!(drop_behavior, Some(sqlparser::ast::DropBehavior::Cascade)),
                    possible_rename: None,
                })
            })
            .collect(),
        AlterTableOperation::DropConstraint { name, drop_behavior, .. } => one(OpKind::DropConstraint {
            name: ident(name),
            foreign_key: false,
            cascade: matches!(drop_behavior, Some(sqlparser::ast::DropBehavior::Cascade)),
        }),
        AlterTableOperation::DropForeignKey { name, .. } => {
            one(OpKind::DropConstraint { name: ident(name), foreign_key: true, cascade: false })
        }
        AlterTableOperation::DropPrimaryKey { .. } => {
            one(OpKind::DropConstraint { name: "PRIMARY".into(), foreign_key: false, cascade: false })
        }
        AlterTableOperation::DropIndex { name } => one(OpKind::DropIndex { name: ident(name), concurrently: false }),
        AlterTableOperation::RenameColumn { old_column_name, new_column_name } => {
            one(OpKind::RenameColumn { from: ident(old_column_name), to: ident(new_column_name) })
        }
        AlterTableOperation::RenameTable { table_name } => {
            let to = match table_name {
                sqlparser::ast::RenameTableNameKind::As(n) | sqlparser::ast::RenameTableNameKind::To(n) => {
                    object(n).name
                }
            };
            one(OpKind::RenameTable { to })
        }
        AlterTableOperation::ChangeColumn { old_name, new_name, data_type, .. } => {
            let mut ops = Vec::new();
            if old_name.value != new_name.value {
                ops.push(op(OpKind::RenameColumn { from: ident(old_name), to: ident(new_name) }));
            }
            ops.push(modify(&op, ident(new_name), data_type));
            ops
        }
        AlterTableOperation::ModifyColumn { col_name, data_type, .. } => vec![modify(&op, ident(col_name), data_type)],
        AlterTableOperation::AlterColumn { column_name, op: column_op } => match column_op {
            AlterColumnOperation::SetNotNull => one(OpKind::SetNotNull { column: ident(column_name), default: None }),
            AlterColumnOperation::DropNotNull => one(OpKind::DropNotNull { column: ident(column_name) }),
            AlterColumnOperation::SetDataType { data_type, using, .. } => one(OpKind::AlterColumnType {
                column: ident(column_name),
                from: None,
                to_text: data_type.to_string(),
                to: Some(type_kind(data_type)),
                using: using.is_some(),
            }),
            _ => one(OpKind::Other),
        },
        AlterTableOperation::ValidateConstraint { name } => one(OpKind::ValidateConstraint { name: ident(name) }),
        AlterTableOperation::Algorithm { algorithm, .. } => one(OpKind::AlterOptions {
            copy: matches!(algorithm, AlterTableAlgorithm::Copy),
            blocking_lock: false,
            instant: matches!(algorithm, AlterTableAlgorithm::Instant),
        }),
        AlterTableOperation::Lock { lock, .. } => one(OpKind::AlterOptions {
            copy: false,
            instant: false,
            blocking_lock: matches!(lock, AlterTableLock::Shared | AlterTableLock::Exclusive),
        }),
        AlterTableOperation::SetLogged | AlterTableOperation::SetUnlogged => {
            one(OpKind::RewriteTable { what: "SET LOGGED/UNLOGGED".into() })
        }
        AlterTableOperation::DropPartitions { partitions, .. } => {
            partitions.iter().map(|p| op(OpKind::DropPartition { name: p.to_string() })).collect()
        }
        _ => one(OpKind::Other),
    }
}

/// MySQL `MODIFY`/`CHANGE`: the whole column definition again. Without the current schema the
/// type may or may not change; the written type is recorded.
fn modify(op: &dyn Fn(OpKind) -> Op, column: String, data_type: &DataType) -> Op {
    op(OpKind::AlterColumnType {
        column,
        from: None,
        to_text: data_type.to_string(),
        to: Some(type_kind(data_type)),
        using: false,
    })
}

fn convert(statement: &Statement, origin: &Origin, dialect: Dialect) -> Vec<Op> {
    let op = |kind, target: Option<ObjectRef>| Op::new(kind, target, origin.clone());
    match statement {
        Statement::CreateTable(create) => {
            let columns: Vec<ColumnSpec> = create.columns.iter().map(column_spec).collect();
            let mut references: Vec<ObjectRef> = columns.iter().filter_map(|c| c.references.clone()).collect();
            references.extend(create.constraints.iter().filter_map(|c| match c {
                TableConstraint::ForeignKey(fk) => Some(object(&fk.foreign_table)),
                _ => None,
            }));
            let has_primary_key = columns.iter().any(|c| c.primary_key)
                || create.constraints.iter().any(|c| matches!(c, TableConstraint::PrimaryKey(_)));
            let mut names = vec![object(&create.name).name];
            names.extend(columns.iter().map(|c| c.name.clone()));
            let mut ops = vec![Op {
                declared_names: names,
                ..op(
                    OpKind::CreateTable { columns, references, has_primary_key, or_replace: create.or_replace },
                    Some(object(&create.name)),
                )
            }];
            // `CREATE TABLE … AS SELECT`: the new table holds a copy of the rows it selects.
            if let Some(copy) = create.query.as_deref().and_then(row_copy) {
                ops.push(op(OpKind::Backfill { copy: Some(copy) }, Some(object(&create.name))));
            }
            ops
        }
        Statement::AlterTable(alter) => {
            let table = object(&alter.name);
            let mut ops: Vec<Op> =
                alter.operations.iter().flat_map(|o| alter_table(table.clone(), o, origin, dialect)).collect();
            // `ALGORITHM=` and `LOCK=` govern every clause of the statement, wherever written:
            // rules read them first.
            ops.sort_by_key(|op| !matches!(op.kind, OpKind::AlterOptions { .. }));
            ops.iter_mut().enumerate().for_each(|(i, op)| op.starts_statement = i == 0);
            ops
        }
        Statement::CreateIndex(index) => {
            let name = index.name.as_ref().map(|n| object(n).name);
            vec![Op {
                declared_names: name.clone().into_iter().collect(),
                ..op(
                    OpKind::CreateIndex {
                        name,
                        columns: if index.predicate.is_some() { Vec::new() } else { index_columns(&index.columns) },
                        unique: index.unique,
                        concurrently: index.concurrently,
                    },
                    Some(object(&index.table_name)),
                )
            }]
        }
        Statement::Drop { object_type, names, cascade, table, .. } => names
            .iter()
            .map(|name| {
                let target = Some(object(name));
                match object_type {
                    ObjectType::Table => op(OpKind::DropTable { cascade: *cascade, possible_rename: None }, target),
                    ObjectType::Index => {
                        let on = table.as_ref().map(object).or(target);
                        op(OpKind::DropIndex { name: object(name).name, concurrently: false }, on)
                    }
                    ObjectType::Schema | ObjectType::Database => op(OpKind::DropSchema { cascade: *cascade }, target),
                    ObjectType::Sequence => op(OpKind::DropSequence, target),
                    ObjectType::Type => op(OpKind::DropType { cascade: *cascade }, target),
                    other if *cascade => op(OpKind::DropOtherCascade { what: other.to_string() }, target),
                    _ => op(OpKind::Other, target),
                }
            })
            .collect(),
        Statement::Truncate(truncate) => truncate
            .table_names
            .iter()
            .map(|t| op(OpKind::Truncate { cascade: cascade(&truncate.cascade) }, Some(object(&t.name))))
            .collect(),
        Statement::RenameTable(renames) => renames
            .iter()
            .map(|r| op(OpKind::RenameTable { to: object(&r.new_name).name }, Some(object(&r.old_name))))
            .collect(),
        Statement::AlterSchema(alter) => {
            let renames = alter.operations.iter().any(|o| matches!(o, AlterSchemaOperation::Rename { .. }));
            vec![op(if renames { OpKind::RenameSchema } else { OpKind::Other }, Some(object(&alter.name)))]
        }
        Statement::AlterType(alter) => {
            let kind = match &alter.operation {
                AlterTypeOperation::AddValue(add) => OpKind::AddEnumValue { positioned: add.position.is_some() },
                AlterTypeOperation::RenameValue(rename) => {
                    OpKind::ChangeEnumValues { removed: vec![ident(&rename.from)] }
                }
                AlterTypeOperation::Rename(_) => OpKind::Other,
            };
            vec![op(kind, Some(object(&alter.name)))]
        }
        Statement::CreateDomain(domain) if !domain.constraints.is_empty() => {
            vec![op(OpKind::DomainConstraint, Some(object(&domain.name)))]
        }
        Statement::Set(set) => {
            let names: Vec<String> = match set {
                Set::SingleAssignment { variable, .. } => vec![variable.to_string().to_lowercase()],
                Set::MultipleAssignments { assignments } => {
                    assignments.iter().map(|a| a.name.to_string().to_lowercase()).collect()
                }
                _ => Vec::new(),
            };
            names
                .iter()
                .map(|n| {
                    let n = n.trim_start_matches("@@").trim_start_matches("session.").trim_start_matches("local.");
                    match n {
                        "lock_timeout" | "lock_wait_timeout" | "innodb_lock_wait_timeout" => {
                            op(OpKind::SetLockTimeout, None)
                        }
                        "statement_timeout" | "max_statement_time" | "transaction_timeout" => {
                            op(OpKind::SetStatementTimeout, None)
                        }
                        _ => op(OpKind::Other, None),
                    }
                })
                .collect()
        }
        Statement::StartTransaction { .. } => vec![op(OpKind::Begin, None)],
        Statement::Pragma { name, value, .. } => vec![op(
            OpKind::Pragma { name: object(name).name.to_lowercase(), value: value.as_ref().map(|v| v.to_string()) },
            None,
        )],
        Statement::Commit { .. } | Statement::Rollback { .. } => vec![op(OpKind::Commit, None)],
        Statement::Update(update) => {
            vec![op(OpKind::Backfill { copy: None }, Some(object_of_table(&update.table.relation)))]
        }
        Statement::Delete(delete) => {
            let from = match &delete.from {
                sqlparser::ast::FromTable::WithFromKeyword(t) | sqlparser::ast::FromTable::WithoutKeyword(t) => t,
            };
            // `DELETE FROM t` with no condition, no join and no limit empties the table.
            let every_row = delete.selection.is_none() && delete.using.is_none() && delete.limit.is_none();
            from.iter()
                .filter(|t| every_row || t.joins.is_empty())
                .map(|t| {
                    let kind = if every_row && t.joins.is_empty() {
                        OpKind::DeleteAll
                    } else {
                        OpKind::Backfill { copy: None }
                    };
                    op(kind, Some(object_of_table(&t.relation)))
                })
                .collect()
        }
        Statement::Insert(insert)
            if insert.source.as_ref().is_some_and(|q| !matches!(*q.body, sqlparser::ast::SetExpr::Values(_))) =>
        {
            let into = match &insert.table {
                sqlparser::ast::TableObject::TableName(name) => Some(object(name)),
                _ => None,
            };
            vec![op(OpKind::Backfill { copy: insert.source.as_deref().and_then(row_copy) }, into)]
        }
        Statement::Vacuum(vacuum) if vacuum.full => {
            vec![op(OpKind::RewriteTable { what: "VACUUM FULL".into() }, vacuum.table_name.as_ref().map(object))]
        }
        _ => vec![op(OpKind::Other, None)],
    }
}

/// An index's key columns, or none when a part is an expression (no simple duplicate check).
fn index_columns(columns: &[sqlparser::ast::IndexColumn]) -> Vec<String> {
    let names: Vec<Option<String>> = columns
        .iter()
        .map(|c| match &c.column.expr {
            sqlparser::ast::Expr::Identifier(ident) => Some(ident.value.clone()),
            _ => None,
        })
        .collect();
    names.into_iter().collect::<Option<Vec<_>>>().unwrap_or_default()
}

/// `SELECT a, b FROM s` (plain columns of one table): what an `INSERT … SELECT` copies.
fn row_copy(query: &sqlparser::ast::Query) -> Option<super::op::RowCopy> {
    use sqlparser::ast::{Expr, SelectItem, SetExpr};
    let SetExpr::Select(select) = &*query.body else { return None };
    let [source] = select.from.as_slice() else { return None };
    if !source.joins.is_empty() || select.selection.is_some() {
        return None;
    }
    if let [SelectItem::Wildcard(_)] = select.projection.as_slice() {
        return Some(super::op::RowCopy { from: object_of_table(&source.relation), columns: None });
    }
    let columns = select
        .projection
        .iter()
        .filter_map(|item| match item {
            SelectItem::UnnamedExpr(Expr::Identifier(ident)) => Some(ident.value.clone()),
            SelectItem::UnnamedExpr(Expr::CompoundIdentifier(parts)) => parts.last().map(|i| i.value.clone()),
            _ => None,
        })
        .collect();
    Some(super::op::RowCopy { from: object_of_table(&source.relation), columns: Some(columns) })
}

fn object_of_table(factor: &sqlparser::ast::TableFactor) -> ObjectRef {
    match factor {
        sqlparser::ast::TableFactor::Table { name, .. } => object(name),
        _ => ObjectRef::new(None, ""),
    }
}

#[cfg(test)]
mod statements_apart {
    use super::*;

    #[test]
    fn statements_known_apart_lint_as_the_script_they_make() {
        let pieces = [
            "BEGIN;",
            "-- add the column\nALTER TABLE orders ADD COLUMN total numeric NOT NULL DEFAULT random();",
            "CREATE INDEX orders_total ON orders (total);",
            "-- plumb:ignore pg-create-index-blocking the table is new\nCREATE INDEX orders_note ON orders (note);",
            "ALTER TABLE orders ALTER COLUMN status SET NOT NULL;",
            "COMMIT;",
            "CREATE INDEX CONCURRENTLY orders_status ON orders (status);",
            "CREATE TABLE fresh (id int);",
            "CREATE INDEX fresh_id ON fresh (id);",
        ];
        let mut script = String::new();
        let mut statements = Vec::new();
        for piece in pieces {
            let first_line = u32::try_from(script.lines().count() + 1).unwrap();
            statements.push((first_line, piece));
            script.push_str(piece);
            script.push('\n');
        }
        let options = LintOptions::new(Dialect::Postgres);
        let whole = lint_sql(&script, &options);
        let last_line = u32::try_from(script.lines().count()).unwrap();
        let (apart, ops) = lint_statements(statements, last_line, &options);
        let seen = |findings: &[Finding]| {
            findings.iter().map(|f| (f.rule.clone(), f.line, f.ignored.clone())).collect::<Vec<_>>()
        };
        assert!(whole.len() >= 3, "the script has findings to compare: {:?}", seen(&whole));
        assert!(whole.iter().any(|f| f.ignored.is_some()), "a finding is waived: {:?}", seen(&whole));
        assert_eq!(seen(&apart), seen(&whole));
        // What a plan's data-loss reading is handed instead of reading the statements again.
        let mut read = operations(&script, Dialect::Postgres);
        read.pop();
        assert_eq!(format!("{ops:?}"), format!("{read:?}"), "the operations come back in script order");
    }
}
