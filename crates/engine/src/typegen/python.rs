//! Python: a `Literal` alias per enum and a dataclass per row and insert shape, typed as psycopg,
//! mysqlclient and sqlite3 return values (`Decimal`, `datetime`, `bytes`).

use std::fmt::Write as _;

use super::shapes::{Field, Insert, Ty, Types};

/// Python's keywords, which no field may be called.
const KEYWORDS: &[&str] = &[
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del",
    "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal",
    "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
];

pub(crate) fn write(types: &Types, header: &[String; 2]) -> String {
    let mut out = format!(
        "# {}\n# {}\n\nfrom __future__ import annotations\n\nimport datetime\nfrom dataclasses import dataclass\n\
         from decimal import Decimal\nfrom typing import Any, Literal, Optional\n",
        header[0], header[1]
    );
    for e in &types.enums {
        let labels: Vec<String> = e.labels.iter().map(|l| string(l)).collect();
        let ty = if labels.is_empty() { "str".to_owned() } else { format!("Literal[{}]", labels.join(", ")) };
        let _ = write!(out, "\n{} = {ty}\n", e.name);
    }
    for shape in &types.shapes {
        let Some(fields) = &shape.fields else {
            let _ = write!(
                out,
                "\n# The {}: its columns are read from a live database only.\n{} = dict[str, Any]\n",
                shape.object, shape.name
            );
            continue;
        };
        let _ =
            write!(out, "\n\n@dataclass\nclass {}:\n    \"\"\"A row of the {}.\"\"\"\n\n", shape.name, shape.object);
        for field in fields {
            let _ = writeln!(out, "    {}: {}", identifier(&field.name), nullable(types, field));
        }
        if fields.is_empty() {
            out.push_str("    pass\n");
        }
        if shape.insertable {
            let _ = write!(
                out,
                "\n\n@dataclass\nclass {}Insert:\n    \"\"\"A row to insert into the {}: None leaves a field to the database.\"\"\"\n\n",
                shape.name, shape.object
            );
            // Fields with a default come after those without, as dataclasses require.
            let given: Vec<&Field> = fields.iter().filter(|f| f.insert != Insert::Omitted).collect();
            for field in given.iter().filter(|f| f.insert == Insert::Required) {
                let _ = writeln!(out, "    {}: {}", identifier(&field.name), nullable(types, field));
            }
            for field in given.iter().filter(|f| f.insert == Insert::Optional) {
                let _ = writeln!(out, "    {}: Optional[{}] = None", identifier(&field.name), py(types, &field.ty));
            }
            if given.is_empty() {
                out.push_str("    pass\n");
            }
        }
    }
    out
}

fn nullable(types: &Types, field: &Field) -> String {
    let ty = py(types, &field.ty);
    if field.nullable {
        format!("Optional[{ty}]")
    } else {
        ty
    }
}

fn py(types: &Types, ty: &Ty) -> String {
    match ty {
        Ty::Boolean => "bool".into(),
        Ty::Integer | Ty::BigInt => "int".into(),
        Ty::Float => "float".into(),
        Ty::Decimal => "Decimal".into(),
        Ty::Text => "str".into(),
        Ty::Bytes => "bytes".into(),
        Ty::Date => "datetime.date".into(),
        Ty::Time => "datetime.time".into(),
        Ty::Timestamp => "datetime.datetime".into(),
        Ty::Json | Ty::Unknown => "Any".into(),
        Ty::Enum(i) => types.enums[*i].name.clone(),
        Ty::Array(element) => format!("list[{}]", py(types, element)),
    }
}

/// A field name Python accepts: other characters become `_`, a keyword gets a trailing `_`.
fn identifier(name: &str) -> String {
    let mut out: String = name.chars().map(|c| if c.is_ascii_alphanumeric() || c == '_' { c } else { '_' }).collect();
    if out.is_empty() || out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, '_');
    }
    if KEYWORDS.contains(&out.as_str()) {
        out.push('_');
    }
    out
}

/// A Python string literal (JSON's escapes are Python's too).
fn string(text: &str) -> String {
    serde_json::to_string(text).expect("a string always serializes")
}
