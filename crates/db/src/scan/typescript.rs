//! TypeScript and JavaScript, read with tree-sitter's TypeScript grammar (TSX for `.tsx`/`.jsx`):
//! SQL in string arguments of query calls and in tagged templates (`sql`…``, `prisma.$queryRaw`…``),
//! Prisma client calls (`prisma.user.findMany({ select: { avatarUrl: true } })`, with the keys of
//! `select`, `include`, `omit`, `where`, `data`, `orderBy`, `distinct` and nested relations
//! followed through the schema), and Drizzle tables (`pgTable("users", { avatarUrl:
//! text("avatar_url") })`).

use std::path::Path;

use tree_sitter::{Node, Parser};

use super::code::{looks_like_sql, At, CodeRef};
use super::prisma_models::Models;

/// Calls whose string argument is SQL when it reads like SQL.
const QUERY_CALLS: &[&str] = &[
    "query",
    "execute",
    "raw",
    "exec",
    "prepare",
    "sql",
    "unsafe",
    "$queryRawUnsafe",
    "$executeRawUnsafe",
    "all",
    "get",
    "run",
    "many",
    "one",
    "oneOrNone",
    "none",
    "any",
];

/// Tags of templates that hold SQL.
const SQL_TAGS: &[&str] = &["sql", "$queryRaw", "$executeRaw", "raw", "query"];

/// The Prisma client's model methods.
const PRISMA_METHODS: &[&str] = &[
    "findMany",
    "findFirst",
    "findFirstOrThrow",
    "findUnique",
    "findUniqueOrThrow",
    "create",
    "createMany",
    "createManyAndReturn",
    "update",
    "updateMany",
    "updateManyAndReturn",
    "upsert",
    "delete",
    "deleteMany",
    "count",
    "aggregate",
    "groupBy",
];

/// Drizzle's table builders.
const DRIZZLE_TABLES: &[&str] = &["pgTable", "mysqlTable", "sqliteTable", "singlestoreTable"];

struct Reader<'a> {
    source: &'a [u8],
    models: &'a Models,
    found: Vec<CodeRef>,
}

fn text<'s>(node: Node<'_>, source: &'s [u8]) -> &'s str {
    node.utf8_text(source).unwrap_or_default()
}

/// The last name of a callee: `db.query` → `query`, `sql` → `sql`.
fn last_name<'s>(node: Node<'_>, source: &'s [u8]) -> Option<&'s str> {
    match node.kind() {
        "identifier" | "property_identifier" => Some(text(node, source)),
        "member_expression" => node.child_by_field_name("property").map(|p| text(p, source)),
        _ => None,
    }
}

/// A string literal's text and where its content starts.
fn string_literal(node: Node<'_>, source: &[u8]) -> Option<(String, At)> {
    match node.kind() {
        "string" => {
            let content: String = {
                let mut cursor = node.walk();
                node.named_children(&mut cursor).map(|c| text(c, source)).collect()
            };
            let mut at = At::of(node.start_position());
            at.column += 1;
            Some((content, at))
        }
        "template_string" => Some(template(node, source)),
        _ => None,
    }
}

/// A template's text with each `${…}` replaced by `NULL` padded to its width (its line breaks
/// kept), so that places after it stay where they are.
fn template(node: Node<'_>, source: &[u8]) -> (String, At) {
    let start = node.start_byte() + 1;
    let end = node.end_byte().saturating_sub(1).max(start);
    let mut out = String::new();
    let mut cursor = node.walk();
    let mut last = start;
    for child in node.named_children(&mut cursor).filter(|c| c.kind() == "template_substitution") {
        out.push_str(std::str::from_utf8(&source[last..child.start_byte()]).unwrap_or_default());
        let hole = std::str::from_utf8(&source[child.start_byte()..child.end_byte()]).unwrap_or_default();
        let mut filler = String::from("NULL");
        for c in hole.chars().skip(4) {
            filler.push(if c == '\n' { '\n' } else { ' ' });
        }
        out.push_str(&filler);
        last = child.end_byte();
    }
    out.push_str(std::str::from_utf8(&source[last..end]).unwrap_or_default());
    let mut at = At::of(node.start_position());
    at.column += 1;
    (out, at)
}

/// The pairs of an object literal: key, its place, the value.
fn pairs<'t>(object: Node<'t>, source: &[u8]) -> Vec<(String, At, Node<'t>)> {
    let mut cursor = object.walk();
    object
        .named_children(&mut cursor)
        .filter_map(|child| match child.kind() {
            "pair" => {
                let key = child.child_by_field_name("key")?;
                let value = child.child_by_field_name("value")?;
                let name = match key.kind() {
                    "property_identifier" => text(key, source).to_owned(),
                    "string" => string_literal(key, source)?.0,
                    // Computed keys are the program's, not the schema's.
                    _ => return None,
                };
                Some((name, At::of(key.start_position()), value))
            }
            "shorthand_property_identifier" => {
                Some((text(child, source).to_owned(), At::of(child.start_position()), child))
            }
            _ => None,
        })
        .collect()
}

/// The objects a value holds: itself, or each element of an array.
fn objects(value: Node<'_>) -> Vec<Node<'_>> {
    match value.kind() {
        "object" => vec![value],
        "array" => {
            let mut cursor = value.walk();
            value.named_children(&mut cursor).filter(|c| c.kind() == "object").collect()
        }
        _ => Vec::new(),
    }
}

impl Reader<'_> {
    fn field(&mut self, model: &str, field: &str, at: At) -> Option<String> {
        self.found.push(CodeRef::PrismaField { model: model.to_owned(), field: field.to_owned(), at });
        self.models.relation(model, field)
    }

    /// The arguments of a client call on `model`, or of a nested relation's selection.
    fn arguments(&mut self, model: &str, object: Node<'_>) {
        for (key, _, value) in pairs(object, self.source) {
            match key.as_str() {
                "select" | "include" | "omit" | "_count" | "_sum" | "_avg" | "_min" | "_max" => {
                    for object in objects(value) {
                        self.selection(model, object);
                    }
                }
                "where" | "cursor" | "having" => objects(value).into_iter().for_each(|o| self.filter(model, o)),
                "data" | "create" | "update" => objects(value).into_iter().for_each(|o| self.data(model, o)),
                "orderBy" => objects(value).into_iter().for_each(|o| self.order(model, o)),
                "distinct" | "by" => self.field_names(model, value),
                _ => {}
            }
        }
    }

    fn field_names(&mut self, model: &str, value: Node<'_>) {
        let mut items = vec![value];
        if value.kind() == "array" {
            let mut cursor = value.walk();
            items = value.named_children(&mut cursor).collect();
        }
        for item in items {
            if let Some((name, at)) = string_literal(item, self.source) {
                self.field(model, &name, at);
            }
        }
    }

    fn selection(&mut self, model: &str, object: Node<'_>) {
        for (key, at, value) in pairs(object, self.source) {
            if key == "_count" {
                continue;
            }
            if let Some(related) = self.field(model, &key, at) {
                if value.kind() == "object" {
                    self.arguments(&related, value);
                }
            }
        }
    }

    fn filter(&mut self, model: &str, object: Node<'_>) {
        for (key, at, value) in pairs(object, self.source) {
            if matches!(key.as_str(), "AND" | "OR" | "NOT") {
                objects(value).into_iter().for_each(|o| self.filter(model, o));
                continue;
            }
            if let Some(related) = self.field(model, &key, at) {
                for inner in objects(value) {
                    // `{ posts: { some: { … } } }`, or the related row's own fields.
                    let relation_ops = ["some", "every", "none", "is", "isNot"];
                    let nested = pairs(inner, self.source);
                    if nested.iter().any(|(k, _, _)| relation_ops.contains(&k.as_str())) {
                        for (_, _, v) in nested {
                            objects(v).into_iter().for_each(|o| self.filter(&related, o));
                        }
                    } else {
                        self.filter(&related, inner);
                    }
                }
            }
        }
    }

    fn data(&mut self, model: &str, object: Node<'_>) {
        for (key, at, value) in pairs(object, self.source) {
            let Some(related) = self.field(model, &key, at) else { continue };
            for inner in objects(value) {
                for (op, _, v) in pairs(inner, self.source) {
                    match op.as_str() {
                        "create" | "createMany" | "update" | "updateMany" | "upsert" | "data" => {
                            objects(v).into_iter().for_each(|o| self.data(&related, o));
                        }
                        "connect" | "disconnect" | "delete" | "deleteMany" | "set" | "where" => {
                            objects(v).into_iter().for_each(|o| self.filter(&related, o));
                        }
                        _ => {}
                    }
                }
            }
        }
    }

    fn order(&mut self, model: &str, object: Node<'_>) {
        for (key, at, value) in pairs(object, self.source) {
            if key == "_count" {
                continue;
            }
            if let Some(related) = self.field(model, &key, at) {
                objects(value).into_iter().for_each(|o| self.order(&related, o));
            }
        }
    }

    /// `X.model.method(args)`: a Prisma client call when the method is one of the client's and
    /// the model is one of the schema's, or the receiver is called a Prisma client.
    fn prisma_call(&mut self, function: Node<'_>, arguments: Node<'_>) -> bool {
        let (Some(method), Some(receiver)) =
            (function.child_by_field_name("property"), function.child_by_field_name("object"))
        else {
            return false;
        };
        if !PRISMA_METHODS.contains(&text(method, self.source)) || receiver.kind() != "member_expression" {
            return false;
        }
        let (Some(model), Some(client)) =
            (receiver.child_by_field_name("property"), receiver.child_by_field_name("object"))
        else {
            return false;
        };
        let client_text = text(client, self.source);
        // Drizzle's relational queries read `db.query.users.findMany`.
        if last_name(client, self.source) == Some("query") {
            return false;
        }
        let name = text(model, self.source);
        let known = self.models.model(name).is_some();
        if !known && !client_text.to_ascii_lowercase().contains("prisma") && client_text != "tx" {
            return false;
        }
        self.found.push(CodeRef::PrismaModel { client: name.to_owned(), at: At::of(model.start_position()) });
        if let (Some(model), Some(first)) = (self.models.model(name), arguments.named_child(0)) {
            if first.kind() == "object" {
                let model = model.to_owned();
                self.arguments(&model, first);
            }
        }
        true
    }

    fn drizzle_table(&mut self, arguments: Node<'_>) {
        let Some((table, at)) = arguments.named_child(0).and_then(|n| string_literal(n, self.source)) else { return };
        self.found.push(CodeRef::Table { name: table.clone(), at });
        let Some(mut columns) = arguments.named_child(1) else { return };
        // `(t) => ({ … })` in newer releases.
        if columns.kind() == "arrow_function" {
            match columns.child_by_field_name("body") {
                Some(body) if body.kind() == "parenthesized_expression" => match body.named_child(0) {
                    Some(object) => columns = object,
                    None => return,
                },
                Some(body) => columns = body,
                None => return,
            }
        }
        if columns.kind() != "object" {
            return;
        }
        for (key, key_at, value) in pairs(columns, self.source) {
            // Down the chain (`text("x").notNull().default(…)`) to the builder's own call.
            let mut call = value;
            while call.kind() == "call_expression" {
                match call.child_by_field_name("function") {
                    Some(f) if f.kind() == "member_expression" => match f.child_by_field_name("object") {
                        Some(inner) if inner.kind() == "call_expression" => call = inner,
                        _ => break,
                    },
                    _ => break,
                }
            }
            let named = call
                .child_by_field_name("arguments")
                .and_then(|a| a.named_child(0))
                .and_then(|first| string_literal(first, self.source));
            let (column, at) = named.unwrap_or((key, key_at));
            self.found.push(CodeRef::Column { table: table.clone(), column, at });
        }
    }

    /// One call: a Prisma client call, a Drizzle table, or SQL in a tagged template or in the
    /// first argument of a query call.
    fn call(&mut self, function: Node<'_>, arguments: Node<'_>) {
        let name = last_name(function, self.source).unwrap_or_default();
        let sql = if arguments.kind() == "template_string" {
            SQL_TAGS.contains(&name).then(|| template(arguments, self.source))
        } else if function.kind() == "member_expression" && self.prisma_call(function, arguments) {
            return;
        } else if DRIZZLE_TABLES.contains(&name) {
            return self.drizzle_table(arguments);
        } else if QUERY_CALLS.contains(&name) {
            arguments.named_child(0).and_then(|a| string_literal(a, self.source))
        } else {
            None
        };
        if let Some((text, at)) = sql.filter(|(text, _)| looks_like_sql(text)) {
            self.found.push(CodeRef::Sql { text, at });
        }
    }

    fn visit(&mut self, node: Node<'_>) {
        if node.kind() == "call_expression" {
            if let (Some(function), Some(arguments)) =
                (node.child_by_field_name("function"), node.child_by_field_name("arguments"))
            {
                self.call(function, arguments);
            }
        }
        let mut cursor = node.walk();
        for child in node.named_children(&mut cursor) {
            self.visit(child);
        }
    }
}

/// What a TypeScript or JavaScript file names; `None` when the grammar does not load.
pub(super) fn read(path: &Path, text: &str, models: &Models) -> Option<Vec<CodeRef>> {
    let tsx = path.extension().is_some_and(|e| e == "tsx" || e == "jsx");
    let language = if tsx { tree_sitter_typescript::LANGUAGE_TSX } else { tree_sitter_typescript::LANGUAGE_TYPESCRIPT };
    let mut parser = Parser::new();
    parser.set_language(&language.into()).ok()?;
    let tree = parser.parse(text, None)?;
    let mut reader = Reader { source: text.as_bytes(), models, found: Vec::new() };
    reader.visit(tree.root_node());
    Some(reader.found)
}
