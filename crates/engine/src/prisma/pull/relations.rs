//! Relation fields for foreign keys, on both models, and Prisma's implicit many-to-many tables
//! as list fields.

use super::*;

impl Printer<'_> {
    /// Relation fields for every foreign key, on both of its tables.
    /// The two ends of `table` when it is the table Prisma makes for an implicit many-to-many
    /// relation (columns `A` and `B` keyed together, `B` indexed, both cascading to the single-column
    /// keys of two models, `A` the first by name), and the relation's name.
    pub(super) fn implicit_join(&self, schema: &str, table: &Table) -> Option<(TableKey, TableKey, String)> {
        let name = &table.name;
        let relation = name.strip_prefix('_')?;
        let columns: Vec<&str> = table.columns.iter().filter(|c| !c.nullable).map(|c| c.name.as_str()).collect();
        if columns != ["A", "B"] || table.columns.len() != 2 || !table.checks.is_empty() {
            return None;
        }
        let ab = ["A".to_owned(), "B".to_owned()];
        let index = |i: &Index, unique: bool, cols: &[&str]| {
            i.unique == unique
                && i.predicate.is_none()
                && i.parts
                    .iter()
                    .map(|p| match &p.key {
                        IndexKey::Column(c) => c.as_str(),
                        IndexKey::Expression(_) => "",
                    })
                    .eq(cols.iter().copied())
        };
        let b_index = |i: &Index| i.name == format!("{name}_B_index") && index(i, false, &["B"]);
        let ab_unique = format!("{name}_AB_unique");
        // MySQL reports a unique index as a unique constraint: either counts.
        let keyed = match (&table.primary_key, table.indexes.as_slice(), table.unique_constraints.as_slice()) {
            (Some(pk), [b], []) => {
                pk.columns == ab && pk.name.as_deref().is_none_or(|n| n == format!("{name}_AB_pkey")) && b_index(b)
            }
            (None, [x, y], []) => {
                let (u, b) = if x.unique { (x, y) } else { (y, x) };
                u.name == ab_unique && index(u, true, &["A", "B"]) && b_index(b)
            }
            (None, [b], [u]) => u.name.as_deref() == Some(ab_unique.as_str()) && u.columns == ab && b_index(b),
            _ => false,
        };
        let end = |column: &str| -> Option<TableKey> {
            let fk = table.foreign_keys.iter().find(|f| f.columns == [column.to_owned()])?;
            let target =
                (fk.referenced_schema.clone().unwrap_or_else(|| schema.to_owned()), fk.referenced_table.clone());
            let referenced = self.db.schema(&target.0)?.table(&target.1)?;
            let single_key = referenced
                .primary_key
                .as_ref()
                .is_some_and(|k| k.columns == fk.referenced_columns && k.columns.len() == 1);
            (single_key
                && fk.on_delete == ReferentialAction::Cascade
                && fk.on_update == ReferentialAction::Cascade
                && fk.name.as_deref().is_none_or(|n| n == format!("{name}_{column}_fkey")))
            .then_some(target)
        };
        let (a, b) = (end("A")?, end("B")?);
        let ordered = self.models.get(&a)? <= self.models.get(&b)?;
        (keyed && ordered && table.foreign_keys.len() == 2 && a.0 == schema).then(|| (a, b, relation.to_owned()))
    }

    pub(super) fn relations(&mut self) {
        let mut joins = Vec::new();
        for schema in &self.db.schemas {
            for table in &schema.tables {
                if let Some((a, b, relation)) = self.implicit_join(&schema.name, table) {
                    joins.push((a, b, relation));
                    self.join_tables.insert((schema.name.clone(), table.name.clone()));
                }
            }
        }
        let mut fks: Vec<(&str, &Table, &ForeignKey)> = Vec::new();
        for schema in &self.db.schemas {
            for table in &schema.tables {
                if self.join_tables.contains(&(schema.name.clone(), table.name.clone())) {
                    continue;
                }
                for fk in &table.foreign_keys {
                    fks.push((&schema.name, table, fk));
                }
            }
        }
        // How many relations join each pair of models: more than one (or a model with itself)
        // needs relation names to tell them apart.
        let mut pairs: BTreeMap<(TableKey, TableKey), usize> = BTreeMap::new();
        let target_key = |schema: &str, fk: &ForeignKey| {
            (fk.referenced_schema.clone().unwrap_or_else(|| schema.to_owned()), fk.referenced_table.clone())
        };
        for (schema, table, fk) in &fks {
            let from = (schema.to_string(), table.name.clone());
            let to = target_key(schema, fk);
            if !self.models.contains_key(&to) {
                continue;
            }
            *pairs.entry(pair_key(&from, &to)).or_default() += 1;
        }
        let mut taken: BTreeMap<(String, String), BTreeSet<String>> = BTreeMap::new();
        for ((schema, table, _), field) in &self.fields {
            taken.entry((schema.clone(), table.clone())).or_default().insert(field.clone());
        }
        for (schema, table, fk) in fks {
            let from = (schema.to_owned(), table.name.clone());
            let to = target_key(schema, fk);
            let Some(target_model) = self.models.get(&to).cloned() else {
                self.warnings.push(format!(
                    "{schema}.{}: foreign key {} references {}.{}, which is not pulled",
                    table.name,
                    fk.name.as_deref().unwrap_or("(unnamed)"),
                    to.0,
                    to.1
                ));
                continue;
            };
            let source_model = self.models[&from].clone();
            let named = pairs.get(&pair_key(&from, &to)).copied().unwrap_or(0) > 1 || from == to;
            let fk_name = fk.name.clone().unwrap_or_else(|| format!("{}_{}", table.name, fk.columns.join("_")));
            let field_names: Vec<String> = fk
                .columns
                .iter()
                .map(|c| self.fields[&(schema.to_owned(), table.name.clone(), c.clone())].clone())
                .collect();
            let target_fields: Vec<String> = fk
                .referenced_columns
                .iter()
                .map(|c| {
                    self.fields.get(&(to.0.clone(), to.1.clone(), c.clone())).cloned().unwrap_or_else(|| identifier(c))
                })
                .collect();
            let optional = fk.columns.iter().any(|c| table.column(c).is_some_and(|col| col.nullable));
            let mut args = Vec::new();
            if named {
                args.push(string(&fk_name));
            }
            args.push(format!("fields: [{}]", field_names.join(", ")));
            args.push(format!("references: [{}]", target_fields.join(", ")));
            let default_delete = if optional { ReferentialAction::SetNull } else { ReferentialAction::Restrict };
            if fk.on_delete != default_delete {
                args.push(format!("onDelete: {}", action(fk.on_delete)));
            }
            if fk.on_update != ReferentialAction::Cascade {
                args.push(format!("onUpdate: {}", action(fk.on_update)));
            }
            match &fk.name {
                Some(name) if *name != default_name(self.dialect, &table.name, &fk.columns, Kind::ForeignKey) => {
                    args.push(format!("map: {}", string(name)));
                }
                Some(_) => {}
                None => self.warnings.push(format!(
                    "{schema}.{}: the foreign key on ({}) has no name; Prisma names it {}",
                    table.name,
                    fk.columns.join(", "),
                    default_name(self.dialect, &table.name, &fk.columns, Kind::ForeignKey)
                )),
            }
            if fk.deferrable != crate::model::Deferrable::NotDeferrable
                || fk.not_valid
                || fk.match_kind != crate::model::MatchKind::Simple
            {
                self.warnings.push(format!(
                    "{schema}.{}: foreign key {fk_name} is deferrable, NOT VALID or MATCH FULL, which Prisma cannot say",
                    table.name
                ));
            }
            let forward_taken = taken.entry(from.clone()).or_default();
            // `author_id` → `author`; else the referenced model's name.
            let forward_wanted = match field_names.as_slice() {
                [one] if one.len() > 3 && one.ends_with("_id") => one[..one.len() - 3].to_owned(),
                [one] if one.len() > 2 && one.ends_with("Id") => one[..one.len() - 2].to_owned(),
                _ => lower_first(&target_model),
            };
            let forward = unique_name(forward_wanted, forward_taken);
            self.relations.entry(from.clone()).or_default().push(RelationField {
                name: forward.clone(),
                target: target_model.clone(),
                arity: if optional { "?" } else { "" },
                args,
            });
            // One-to-one when the referencing columns are unique themselves.
            let one_to_one = covered_by_unique(table, &fk.columns);
            let back_taken = taken.entry(to.clone()).or_default();
            let back_wanted = if named { format!("{}_{}", source_model, forward) } else { source_model.clone() };
            let back_name = unique_name(back_wanted, back_taken);
            self.relations.entry(to).or_default().push(RelationField {
                name: back_name,
                target: source_model,
                arity: if one_to_one { "?" } else { "[]" },
                args: if named { vec![string(&fk_name)] } else { Vec::new() },
            });
        }
        for (a, b, relation) in joins {
            let (model_a, model_b) = (self.models[&a].clone(), self.models[&b].clone());
            let named = relation != format!("{model_a}To{model_b}");
            let args = if named { vec![string(&relation)] } else { Vec::new() };
            let mut add = |on: &TableKey, wanted: String, target: &str| {
                let taken: BTreeSet<String> = self
                    .fields
                    .iter()
                    .filter(|((s, t, _), _)| (s, t) == (&on.0, &on.1))
                    .map(|(_, f)| f.clone())
                    .chain(self.relations.get(on).into_iter().flatten().map(|r| r.name.clone()))
                    .collect();
                let mut taken = taken;
                let name = unique_name(wanted, &mut taken);
                self.relations.entry(on.clone()).or_default().push(RelationField {
                    name,
                    target: target.to_owned(),
                    arity: "[]",
                    args: args.clone(),
                });
            };
            if a == b {
                add(&a, format!("{}_A", lower_first(&model_a)), &model_a);
                add(&a, format!("{}_B", lower_first(&model_a)), &model_a);
            } else {
                // Named after the other model, as back-relations are (and `prisma db pull` does).
                add(&a, model_b.clone(), &model_b);
                add(&b, model_a.clone(), &model_a);
            }
        }
    }
}

/// The two tables of a relation, in an order that does not depend on which one references.
pub(super) type TableKey = (String, String);

pub(super) fn pair_key(a: &TableKey, b: &TableKey) -> (TableKey, TableKey) {
    if a <= b {
        (a.clone(), b.clone())
    } else {
        (b.clone(), a.clone())
    }
}

pub(super) fn covered_by_unique(table: &Table, columns: &[String]) -> bool {
    let same = |other: &[String]| {
        let a: BTreeSet<&String> = other.iter().collect();
        let b: BTreeSet<&String> = columns.iter().collect();
        a == b
    };
    table.primary_key.as_ref().is_some_and(|k| same(&k.columns))
        || table.unique_constraints.iter().any(|u| same(&u.columns))
        || table.indexes.iter().any(|i| {
            i.unique
                && i.predicate.is_none()
                && same(
                    &i.parts
                        .iter()
                        .filter_map(|p| match &p.key {
                            IndexKey::Column(c) => Some(c.clone()),
                            IndexKey::Expression(_) => None,
                        })
                        .collect::<Vec<_>>(),
                )
        })
}

pub(super) fn action(action: ReferentialAction) -> &'static str {
    match action {
        ReferentialAction::NoAction => "NoAction",
        ReferentialAction::Restrict => "Restrict",
        ReferentialAction::Cascade => "Cascade",
        ReferentialAction::SetNull => "SetNull",
        ReferentialAction::SetDefault => "SetDefault",
    }
}
