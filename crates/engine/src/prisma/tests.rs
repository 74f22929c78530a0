use super::*;

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
