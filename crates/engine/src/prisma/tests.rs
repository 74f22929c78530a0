use super::*;
use crate::model::ReferentialAction;

const BLOG: &str = r#"// A blog.
datasource db {
  provider = "postgresql"
  url      = env("DATABASE_URL")
}

/// People who write.
model User {
  id      Int      @id @default(autoincrement())
  /// Their login.
  email   String   @unique @db.VarChar(200)
  name    String?
  posts   Post[]
  role    Role     @default(USER)
  @@map("users")
}

model Post {
  id        String   @id @default(uuid())
  author    User     @relation(fields: [authorId], references: [id], onDelete: Cascade)
  authorId  Int
  tags      String[]
  raw       Unsupported("tsvector")?
  createdAt DateTime @default(now()) @updatedAt
  @@index([authorId, createdAt(sort: Desc)], map: "post_author")
  @@unique([authorId, id])
}

enum Role {
  USER
  ADMIN @map("admin")
  @@schema("auth")
}
"#;

#[test]
fn reads_models_fields_attributes_and_enums() {
    let schema = parse(BLOG).unwrap();
    let db = &schema.datasources[0];
    assert_eq!(db.get("provider"), Some(&Expr::String("postgresql".into())));
    assert_eq!(
        db.get("url"),
        Some(&Expr::Call("env".into(), vec![Arg { name: None, value: Expr::String("DATABASE_URL".into()) }]))
    );

    let user = &schema.models[0];
    assert_eq!((user.name.as_str(), user.doc.as_deref()), ("User", Some("People who write.")));
    let email = &user.fields[1];
    assert_eq!(email.doc.as_deref(), Some("Their login."));
    let names: Vec<&str> = email.attributes.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(names, ["unique", "db.VarChar"]);
    assert_eq!(email.attributes[1].args[0].value, Expr::Number("200".into()));
    assert!(user.fields[2].optional && user.fields[3].list);
    assert_eq!(user.attributes[0].arg("name", true), Some(&Expr::String("users".into())));

    let post = &schema.models[1];
    let relation = &post.fields[1].attributes[0];
    assert_eq!(relation.arg("fields", false), Some(&Expr::Array(vec![Expr::Path("authorId".into())])));
    assert_eq!(relation.arg("onDelete", false), Some(&Expr::Path("Cascade".into())));
    assert_eq!(post.fields[4].field_type, FieldType::Unsupported("tsvector".into()));
    assert!(post.fields[4].optional);
    let index = &post.attributes[0];
    let Some(Expr::Array(parts)) = index.arg("fields", true) else { panic!("{index:?}") };
    assert_eq!(
        parts[1],
        Expr::Call("createdAt".into(), vec![Arg { name: Some("sort".into()), value: Expr::Path("Desc".into()) }])
    );
    assert_eq!(index.pos, Pos { line: 25, column: 5 });

    let role = &schema.enums[0];
    assert_eq!(role.values.iter().map(|(v, _)| v.as_str()).collect::<Vec<_>>(), ["USER", "ADMIN"]);
    assert_eq!(role.values[1].1[0].name, "map");
    assert_eq!(role.attributes[0].name, "schema");
}

#[test]
fn a_documentation_comment_after_a_field_is_read_as_prisma_reads_it() {
    let text = "model Passkey {\n  id Int @id\n  credentialId Bytes /// @zod.custom.use(z.instanceof(Uint8Array))\n  name String /// its label\n}\n";
    let schema = parse(text).unwrap();
    let names: Vec<&str> = schema.models[0].fields.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["id", "credentialId", "name"]);
}

#[test]
fn errors_say_line_and_column_and_what_was_expected() {
    let err = |text: &str| parse(text).unwrap_err().to_string();
    assert_eq!(
        err("model User {\n  id Int @id\n  name\n}\n"),
        "3:7: expected the type of field `name`, found the end of the line"
    );
    assert_eq!(
        err("model User {\n  id Int @default(\n}\n"),
        "2:19: expected a value (a string, a number, a name, a function call or a list), found the end of the line"
    );
    assert_eq!(
        err("modle User {}\n"),
        "1:1: expected `model`, `enum`, `datasource`, `generator`, `view` or `type`, found `modle`"
    );
    assert_eq!(
        err("model A {\n  s String @default(\"open\n}"),
        "2:21: this string is not closed: add a \" before the end of the line"
    );
    assert_eq!(err("model A {\n  id Int @id"), "2:13: expected a field name, `@@` or `}`, found the end of the file");
}

fn with_provider(provider: &str, body: &str) -> String {
    format!("datasource db {{\n  provider = \"{provider}\"\n}}\n{body}")
}

#[test]
fn maps_models_the_way_prisma_migrate_creates_them() {
    let blog = read(BLOG).unwrap();
    let public = blog.schema("public").unwrap();
    let users = public.table("users").unwrap();
    assert_eq!(users.columns[0].column_type.raw, "serial", "autoincrement() is SERIAL");
    assert_eq!(users.primary_key.as_ref().unwrap().name.as_deref(), Some("users_pkey"));
    assert_eq!(users.column("email").unwrap().column_type.raw, "varchar(200)");
    assert_eq!(users.column("role").unwrap().default.as_deref(), Some("'USER'"));
    let unique = users.index("users_email_key").unwrap();
    assert!(unique.unique);
    let post = public.table("Post").unwrap();
    assert_eq!(post.column("id").unwrap().default, None, "uuid() is filled in by the client");
    assert_eq!(post.column("tags").unwrap().column_type.raw, "text[]");
    assert!(post.column("tags").unwrap().nullable, "lists are nullable in the database");
    assert_eq!(post.column("createdAt").unwrap().default.as_deref(), Some("CURRENT_TIMESTAMP"));
    assert_eq!(post.column("createdAt").unwrap().column_type.raw, "timestamp(3)");
    let fk = &post.foreign_keys[0];
    assert_eq!((fk.name.as_deref(), fk.referenced_table.as_str()), (Some("Post_authorId_fkey"), "users"));
    assert_eq!((fk.on_delete, fk.on_update), (ReferentialAction::Cascade, ReferentialAction::Cascade));
    let index = post.index("post_author").unwrap();
    assert!(index.parts[1].descending);
    assert!(post.index("Post_authorId_id_key").unwrap().unique);
    let auth = blog.schema("auth").unwrap();
    assert_eq!(auth.enums[0].labels, ["USER", "admin"], "values keep their @map");
}

#[test]
fn relations_get_prismas_default_actions_and_join_tables() {
    let body = "model A {\n  id Int @id\n  bs B[]\n  owner C? @relation(fields: [ownerId], references: [id])\n  ownerId Int?\n}\n\
                model B {\n  id String @id\n  as A[]\n}\n\
                model C {\n  id Int @id\n  a A[]\n  must D @relation(fields: [dId], references: [id])\n  dId Int\n}\n\
                model D {\n  id Int @id\n  c C[]\n}\n";
    for (provider, unique_pair) in [("postgresql", false), ("mysql", true), ("sqlite", true)] {
        let db = read(&with_provider(provider, body)).unwrap();
        let schema = &db.schemas[0];
        let a = schema.table("A").unwrap();
        assert_eq!(a.foreign_keys[0].on_delete, ReferentialAction::SetNull, "{provider}: optional relation");
        assert_eq!(schema.table("C").unwrap().foreign_keys[0].on_delete, ReferentialAction::Restrict, "{provider}");
        let join = schema.table("_AToB").unwrap();
        let types: Vec<&str> = join.columns.iter().map(|c| c.column_type.raw.as_str()).collect();
        assert_eq!(types.len(), 2, "{provider}: A and B");
        assert_eq!(join.index("_AToB_AB_unique").is_some(), unique_pair, "{provider}");
        assert_eq!(join.primary_key.is_some(), !unique_pair, "{provider}: PostgreSQL keys it");
        assert!(join.index("_AToB_B_index").is_some(), "{provider}");
        assert!(join.foreign_keys.iter().all(|fk| fk.on_delete == ReferentialAction::Cascade), "{provider}");
    }
    let sqlite = read(&with_provider("sqlite", body)).unwrap();
    let a = sqlite.schemas[0].table("A").unwrap();
    assert_eq!(a.columns[0].identity, Some(crate::model::Identity::AutoIncrement), "Prisma's implicit rowid key");
    let emulated = with_provider("mysql", body).replace("\"mysql\"", "\"mysql\"\n  relationMode = \"prisma\"");
    let db = read(&emulated).unwrap();
    assert!(db.schemas[0].tables.iter().all(|t| t.foreign_keys.is_empty()), "relationMode = prisma: no foreign keys");
}

#[test]
fn mysql_and_sqlite_spell_types_and_enums_their_own_way() {
    let body = "model T {\n  id Int @id @default(autoincrement())\n  s String\n  at DateTime @default(now())\n  k Kind @default(b)\n  n String @db.Text\n}\nenum Kind {\n  a\n  b\n}\n";
    let mysql = read(&with_provider("mysql", body)).unwrap();
    let t = mysql.schemas[0].table("T").unwrap();
    assert_eq!(t.column("s").unwrap().column_type.raw, "varchar(191)");
    assert_eq!(t.column("at").unwrap().default.as_deref(), Some("CURRENT_TIMESTAMP(3)"));
    assert_eq!(t.column("k").unwrap().column_type.raw, "enum('a','b')");
    assert_eq!(t.column("n").unwrap().column_type.raw, "text");
    assert_eq!(t.columns[0].identity, Some(crate::model::Identity::AutoIncrement));
    let sqlite = read(&with_provider("sqlite", &body.replace(" @db.Text", ""))).unwrap();
    let t = sqlite.schemas[0].table("T").unwrap();
    assert_eq!(t.column("k").unwrap().column_type.raw, "TEXT");
    assert_eq!(t.column("at").unwrap().column_type.raw, "DATETIME");
}

#[test]
fn mapping_errors_say_where_and_what_to_do() {
    let err = |text: &str| read(text).unwrap_err().to_string();
    assert!(err("model A {\n  id Int @id\n}\n").contains("no datasource block"));
    assert_eq!(
        err(&with_provider("mongodb", "")),
        "1:1: provider \"mongodb\" is not one Plumb reads: use postgresql, mysql or sqlite"
    );
    assert_eq!(
        err(&with_provider("postgresql", "model A {\n  id Int @id\n  b Bogus\n}\n")),
        "6:3: field `b`: unknown type `Bogus` (not a scalar, an enum or a model)"
    );
    assert_eq!(
        err(&with_provider("sqlite", "model A {\n  id Int @id\n  t String[]\n}\n")),
        "6:3: field `t`: scalar lists exist only on PostgreSQL"
    );
    assert!(err(&with_provider("postgresql", "model A {\n  id Int @id\n  @@index([nope])\n}\n"))
        .starts_with("6:5: `nope` is not a field of model `A`"));
    assert!(err(&with_provider("postgresql", "model A {\n  id Int @id\n  s String @db.Nope\n}\n"))
        .contains("`@db.Nope` is not a PostgreSQL type"));
    assert!(err(&with_provider("postgresql", "model A {\n  id Int @id\n  k K @default(c)\n}\nenum K {\n  a\n}\n"))
        .contains("`c` is not a value of enum `K`"));
    for empty in ["  @@map(\"\")", "  @@index([id], map: \"\")", "  n Int @map(\"\")"] {
        let text = with_provider("postgresql", &format!("model A {{\n  id Int @id\n{empty}\n}}\n"));
        assert!(err(&text).contains("an empty name gives the database nothing to call it"), "{empty}: {}", err(&text));
    }
}

#[test]
fn a_pull_keeps_the_files_generator_and_datasource_settings() {
    let text = "generator client {\n  provider = \"prisma-client-js\"\n  output   = \"../gen\"\n}\n\n\
                datasource mydb {\n  provider = \"postgresql\"\n  url      = env(\"APP_URL\")\n}\n\n\
                model A {\n  id   Int    @id\n  name String @mydb.VarChar(20)\n}\n";
    let previous = parse(text).unwrap();
    let database = to_database(&previous).unwrap();
    let pulled = from_database(&database, Some(&previous)).schema;
    assert!(pulled.starts_with(&text[..text.find("model A").unwrap()]), "the blocks as they were:\n{pulled}");
    assert!(pulled.contains("@mydb.VarChar(20)"), "native types under the datasource's name:\n{pulled}");
    assert_eq!(read(&pulled).unwrap(), database, "the same database again");
}

#[test]
fn implicit_many_to_many_tables_pull_back_as_list_fields() {
    let body = "model Post {\n  id   Int   @id\n  tags Tag[]\n}\n\nmodel Tag {\n  id    String @id\n  posts Post[]\n}\n\n\
                model Person {\n  id      Int      @id\n  friends Person[] @relation(\"Friends\")\n  of      Person[] @relation(\"Friends\")\n}\n";
    for provider in ["postgresql", "mysql", "sqlite"] {
        let database = read(&with_provider(provider, body)).unwrap();
        let pulled = from_database(&database, None).schema;
        assert!(!pulled.contains("model PostToTag") && !pulled.contains("model Friends"), "{provider}:\n{pulled}");
        assert!(pulled.contains("Tag[]") && pulled.contains("Post[]"), "{provider}:\n{pulled}");
        assert!(pulled.contains("@relation(\"Friends\")"), "{provider}: a named self-relation:\n{pulled}");
        assert_eq!(read(&pulled).unwrap(), database, "{provider}: the same tables again");
    }
}

#[test]
fn declared_extensions_are_created_with_the_schema() {
    let text = "datasource db {\n  provider   = \"postgresql\"\n  extensions = [postgis, citext(schema: \"ext\", version: \"1.6\")]\n}\nmodel A {\n  id Int @id\n}\n";
    let database = read(text).unwrap();
    let found: Vec<(&str, &str, &str)> =
        database.extensions.iter().map(|e| (e.name.as_str(), e.schema.as_str(), e.version.as_str())).collect();
    assert_eq!(found, [("citext", "ext", "1.6"), ("postgis", "public", "")], "sorted, as every model is");
}

#[test]
fn what_prisma_does_not_manage_is_taken_from_the_other_side() {
    use crate::model::{CheckConstraint, Routine, RoutineKind, Trigger, TriggerEvent, TriggerTiming, View};
    let text = with_provider("postgresql", "model A {\n  id Int @id\n}\n");
    let prisma = read(&text).unwrap();
    let mut database = prisma.clone();
    let public = &mut database.schemas[0];
    public.tables[0].checks.push(CheckConstraint::new("id > 0"));
    public.views.push(View {
        name: "v".into(),
        definition: "SELECT 1".into(),
        materialized: false,
        comment: None,
        indexes: Vec::new(),
    });
    public.routines.push(Routine {
        name: "f".into(),
        kind: RoutineKind::Function,
        arguments: String::new(),
        returns: Some("integer".into()),
        language: "sql".into(),
        definition: "SELECT 1".into(),
        comment: None,
    });
    let trigger = |table: &str| Trigger {
        name: format!("t_{table}"),
        table: table.into(),
        timing: TriggerTiming::After,
        events: vec![TriggerEvent::Insert],
        update_columns: Vec::new(),
        for_each_row: true,
        condition: None,
        definition: String::new(),
        comment: None,
    };
    public.triggers = vec![trigger("A"), trigger("gone")];
    let kept = with_unmanaged(&prisma, &database);
    let public = &kept.schemas[0];
    assert_eq!((public.views.len(), public.routines.len(), public.tables[0].checks.len()), (1, 1, 1));
    assert_eq!(public.triggers.iter().map(|t| t.table.as_str()).collect::<Vec<_>>(), ["A"], "only on tables it keeps");
}
