//! TypeScript: a type alias per enum, row and insert shape; with zod, a schema beside each.
//!
//! Values are typed as raw SQL drivers return them (node-postgres, mysql2, better-sqlite3):
//! 8-byte integers and decimals as strings (a JavaScript number would lose digits), timestamps as
//! `Date`, dates and times as strings, binary data as `Uint8Array`; SQLite's values as it stores
//! them (booleans as 0 or 1, dates as text).

use std::fmt::Write as _;

use super::shapes::{EnumShape, Field, Insert, Shape, Ty, Types};

pub(crate) fn write(types: &Types, header: &[String; 2], zod: bool) -> String {
    let mut out = format!("// {}\n// {}\n", header[0], header[1]);
    if zod {
        out.push_str("\nimport { z } from \"zod\";\n");
    }
    let uses_json = types.shapes.iter().flat_map(|s| s.fields.iter().flatten()).any(|f| has_json(&f.ty));
    if uses_json {
        out.push_str(
            "\n/** A JSON value, as the driver parses it. */\n\
             export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };\n",
        );
        if zod {
            out.push_str(
                "export const jsonSchema: z.ZodType<Json> = z.lazy(() =>\n  \
                 z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(jsonSchema), z.record(z.string(), jsonSchema)]),\n);\n",
            );
        }
    }
    for e in &types.enums {
        write_enum(&mut out, e, zod);
    }
    for shape in &types.shapes {
        write_shape(&mut out, types, shape, zod);
    }
    out
}

fn has_json(ty: &Ty) -> bool {
    match ty {
        Ty::Json => true,
        Ty::Array(element) => has_json(element),
        _ => false,
    }
}

fn write_enum(out: &mut String, e: &EnumShape, zod: bool) {
    let labels: Vec<String> = e.labels.iter().map(|l| string(l)).collect();
    let union = if labels.is_empty() { "never".to_owned() } else { labels.join(" | ") };
    let _ = write!(out, "\nexport type {} = {union};\n", e.name);
    if zod && !labels.is_empty() {
        let _ = writeln!(out, "export const {} = z.enum([{}]);", schema_name(&e.name), labels.join(", "));
    }
}

fn write_shape(out: &mut String, types: &Types, shape: &Shape, zod: bool) {
    let Some(fields) = &shape.fields else {
        let _ = write!(
            out,
            "\n/** The {}: its columns are read from a live database only. */\nexport type {} = Record<string, unknown>;\n",
            shape.object, shape.name
        );
        return;
    };
    let _ = write!(out, "\n/** A row of the {}. */\nexport type {} = {{\n", shape.object, shape.name);
    for field in fields {
        let _ = writeln!(out, "  {}: {};", property(&field.name), nullable(types, field));
    }
    out.push_str("};\n");
    if shape.insertable {
        let _ = write!(
            out,
            "\n/** A row to insert into the {}: what the database fills by itself may be left out. */\nexport type {}Insert = {{\n",
            shape.object, shape.name
        );
        for field in fields {
            let optional = match field.insert {
                Insert::Omitted => continue,
                Insert::Optional => "?",
                Insert::Required => "",
            };
            let _ = writeln!(out, "  {}{optional}: {};", property(&field.name), nullable(types, field));
        }
        out.push_str("};\n");
    }
    if zod {
        let _ = writeln!(out, "export const {} = z.object({{", schema_name(&shape.name));
        for field in fields {
            let _ = writeln!(out, "  {}: {},", property(&field.name), zod_field(types, field, false));
        }
        out.push_str("});\n");
        if shape.insertable {
            let _ = writeln!(out, "export const {} = z.object({{", schema_name(&format!("{}Insert", shape.name)));
            for field in fields.iter().filter(|f| f.insert != Insert::Omitted) {
                let _ = writeln!(out, "  {}: {},", property(&field.name), zod_field(types, field, true));
            }
            out.push_str("});\n");
        }
    }
}

fn nullable(types: &Types, field: &Field) -> String {
    let ty = ts(types, &field.ty);
    if field.nullable {
        format!("{ty} | null")
    } else {
        ty
    }
}

fn ts(types: &Types, ty: &Ty) -> String {
    match ty {
        Ty::Boolean => "boolean".into(),
        Ty::Integer | Ty::Float => "number".into(),
        Ty::BigInt | Ty::Decimal | Ty::Text | Ty::Date | Ty::Time => "string".into(),
        Ty::Bytes => "Uint8Array".into(),
        Ty::Timestamp => "Date".into(),
        Ty::Json => "Json".into(),
        Ty::Enum(i) => types.enums[*i].name.clone(),
        Ty::Array(element) => match ts(types, element) {
            simple if simple.chars().all(|c| c.is_alphanumeric() || c == '_') => format!("{simple}[]"),
            union => format!("({union})[]"),
        },
        Ty::Unknown => "unknown".into(),
    }
}

fn zod_field(types: &Types, field: &Field, insert: bool) -> String {
    let mut schema = zod_type(types, &field.ty);
    if field.nullable {
        schema.push_str(".nullable()");
    }
    if insert && field.insert == Insert::Optional {
        schema.push_str(".optional()");
    }
    schema
}

fn zod_type(types: &Types, ty: &Ty) -> String {
    match ty {
        Ty::Boolean => "z.boolean()".into(),
        Ty::Integer | Ty::Float => "z.number()".into(),
        Ty::BigInt | Ty::Decimal | Ty::Text | Ty::Date | Ty::Time => "z.string()".into(),
        Ty::Bytes => "z.instanceof(Uint8Array)".into(),
        Ty::Timestamp => "z.date()".into(),
        Ty::Json => "jsonSchema".into(),
        Ty::Enum(i) if types.enums[*i].labels.is_empty() => "z.never()".into(),
        Ty::Enum(i) => schema_name(&types.enums[*i].name),
        Ty::Array(element) => format!("z.array({})", zod_type(types, element)),
        Ty::Unknown => "z.unknown()".into(),
    }
}

/// `OrderItems` → `orderItemsSchema`.
fn schema_name(type_name: &str) -> String {
    let mut chars = type_name.chars();
    let first: String = chars.next().map(|c| c.to_lowercase().collect()).unwrap_or_default();
    format!("{first}{}Schema", chars.as_str())
}

/// A property name, quoted when it is not an identifier (`"order id"`).
fn property(name: &str) -> String {
    let identifier = name.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == '$')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$');
    if identifier {
        name.to_owned()
    } else {
        string(name)
    }
}

/// A TypeScript string literal.
fn string(text: &str) -> String {
    serde_json::to_string(text).expect("a string always serializes")
}
