//! Keys and indexes as `@unique`, `@@unique`, `@@index` and `@@fulltext`, with `map:` where
//! the name is not Prisma's.

use super::*;

impl Printer<'_> {
    /// `@unique` per column (with its `map:`) and the `@@unique`, `@@index` and `@@fulltext` lines.
    pub(super) fn uniques_and_indexes(
        &mut self,
        schema: &str,
        table: &Table,
        single: &mut BTreeMap<String, Option<String>>,
        block: &mut Vec<String>,
    ) {
        let field = |c: &str| self.fields[&(schema.to_owned(), table.name.clone(), c.to_owned())].clone();
        let mut warnings = Vec::new();
        let mut lines = Vec::new();
        for unique in &table.unique_constraints {
            if self.dialect != Dialect::Mysql {
                warnings.push(format!(
                    "{schema}.{}: unique constraint {} comes back as a unique index (Prisma makes indexes)",
                    table.name,
                    unique.name.as_deref().unwrap_or("(unnamed)")
                ));
            }
            let name = unique.name.clone();
            let default = default_name(self.dialect, &table.name, &unique.columns, Kind::Unique);
            let map = name.filter(|n| *n != default);
            if let [column] = unique.columns.as_slice() {
                single.insert(column.clone(), map);
            } else {
                let fields: Vec<String> = unique.columns.iter().map(|c| field(c)).collect();
                let map = map.map(|m| format!(", map: {}", string(&m))).unwrap_or_default();
                lines.push(format!("@@unique([{}]{map})", fields.join(", ")));
            }
        }
        for index in &table.indexes {
            match self.index_line(schema, table, index, &field) {
                Ok(IndexLine::Single(column, map)) => {
                    single.insert(column, map);
                }
                Ok(IndexLine::Block(line)) => lines.push(line),
                Err(why) => warnings.push(format!("{schema}.{}: index {}: {why}; left out", table.name, index.name)),
            }
        }
        block.extend(lines);
        self.warnings.extend(warnings);
    }

    pub(super) fn index_line(
        &self,
        _schema: &str,
        table: &Table,
        index: &Index,
        field: &dyn Fn(&str) -> String,
    ) -> Result<IndexLine, String> {
        let mut parts = Vec::new();
        let mut columns = Vec::new();
        let mut plain = true;
        for part in &index.parts {
            let IndexKey::Column(column) = &part.key else {
                return Err("an expression, which Prisma cannot index".to_owned());
            };
            if part.collation.is_some() || part.nulls_first.is_some() {
                return Err("a collation or NULLS FIRST/LAST, which Prisma cannot say".to_owned());
            }
            let mut options = Vec::new();
            if part.descending {
                options.push("sort: Desc".to_owned());
            }
            if let Some(length) = part.prefix_length {
                options.push(format!("length: {length}"));
            }
            if let Some(ops) = &part.opclass {
                options.push(format!("ops: {}", pascal(ops)));
            }
            plain &= options.is_empty();
            parts.push(if options.is_empty() {
                field(column)
            } else {
                format!("{}({})", field(column), options.join(", "))
            });
            columns.push(column.clone());
        }
        if !index.include.is_empty() || index.nulls_not_distinct {
            return Err("INCLUDE or NULLS NOT DISTINCT, which Prisma cannot say".to_owned());
        }
        let fulltext = index.method.as_deref().is_some_and(|m| m.eq_ignore_ascii_case("fulltext"));
        let method = match index.method.as_deref().map(str::to_ascii_lowercase).as_deref() {
            None | Some("btree") => None,
            Some("fulltext") => None,
            Some("hash") => Some("Hash"),
            Some("gin") => Some("Gin"),
            Some("gist") => Some("Gist"),
            Some("brin") => Some("Brin"),
            Some("spgist") => Some("SpGist"),
            Some(other) => return Err(format!("method {other}, which Prisma cannot say")),
        };
        let kind = if index.unique { Kind::Unique } else { Kind::Index };
        let map = (index.name != default_name(self.dialect, &table.name, &columns, kind)).then(|| index.name.clone());
        if index.unique && plain && method.is_none() && index.predicate.is_none() {
            if let [column] = columns.as_slice() {
                return Ok(IndexLine::Single(column.clone(), map));
            }
        }
        let mut args = vec![format!("[{}]", parts.join(", "))];
        if let Some(map) = map {
            args.push(format!("map: {}", string(&map)));
        }
        if let Some(method) = method {
            args.push(format!("type: {method}"));
        }
        if let Some(predicate) = &index.predicate {
            args.push(format!("where: {}", string(predicate)));
        }
        let attribute = if fulltext {
            "fulltext"
        } else if index.unique {
            "unique"
        } else {
            "index"
        };
        Ok(IndexLine::Block(format!("@@{attribute}({})", args.join(", "))))
    }
}

pub(super) enum IndexLine {
    /// A one-column unique index: `@unique` on the field, with its `map:`.
    Single(String, Option<String>),
    /// A `@@unique`, `@@index` or `@@fulltext` line.
    Block(String),
}

/// `jsonb_path_ops` → `JsonbPathOps`.
pub(super) fn pascal(name: &str) -> String {
    name.split('_')
        .map(|p| p.chars().next().map(|c| c.to_ascii_uppercase().to_string() + &p[1..]).unwrap_or_default())
        .collect()
}
