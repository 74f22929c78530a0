//! Which views a plan drops and creates again: the views it drops or changes, the views of a
//! schema whose tables are rebuilt (SQLite), the views over a relation whose columns change under
//! them (PostgreSQL), and every view reading one of those, in any schema. A view nothing it reads
//! changes stays as it is.

use std::collections::BTreeSet;

use super::super::mentions::Mentions;
use super::graph::sorted;
use crate::diff::{ChangeSet, SchemaChange};
use crate::model::{Database, View};

/// A view of a schema.
pub(super) type SchemaView<'a> = (&'a str, &'a View);

/// The views to drop, each before the views it reads, and to create, each after them.
pub(super) struct Redone<'a> {
    pub(super) drops: Vec<SchemaView<'a>>,
    pub(super) creates: Vec<SchemaView<'a>>,
}

/// The views `changes` drops and creates again. `schemas`: schemas all of whose views go out and
/// back; `touched`: relations (`schema.name`) whose change the views reading them cannot stay
/// through.
pub(super) fn redone<'a>(
    changes: &'a ChangeSet,
    from: &'a Database,
    to: &'a Database,
    schemas: &BTreeSet<String>,
    touched: &BTreeSet<(String, String)>,
) -> Redone<'a> {
    let current: Vec<SchemaView> =
        from.schemas.iter().flat_map(|s| s.views.iter().map(move |v| (s.name.as_str(), v))).collect();
    let queries: Vec<Mentions> = current.iter().map(|(_, v)| Mentions::of(&v.definition)).collect();
    let mut gone: BTreeSet<(&str, &str)> = BTreeSet::new();
    let mut creates: Vec<SchemaView> = Vec::new();
    for change in &changes.changes {
        match change {
            SchemaChange::DropView { schema, view } => {
                gone.insert((schema, &view.name));
            }
            SchemaChange::ModifyView { schema, from, to } => {
                gone.insert((schema, &from.name));
                creates.push((schema, to));
            }
            SchemaChange::AddView { schema, view } => creates.push((schema, view)),
            _ => {}
        }
    }
    for (i, (schema, view)) in current.iter().enumerate() {
        let reads_touched = touched.iter().any(|(_, name)| queries[i].names(name));
        if schemas.contains(*schema) || reads_touched {
            gone.insert((schema, &view.name));
        }
    }
    // The views reading a view that goes go with it, however far down.
    loop {
        let before = gone.len();
        for (i, (schema, view)) in current.iter().enumerate() {
            if !gone.contains(&(*schema, view.name.as_str())) && gone.iter().any(|(_, name)| queries[i].names(name)) {
                gone.insert((schema, &view.name));
            }
        }
        if gone.len() == before {
            break;
        }
    }
    // The views dropped only to let something under them change come back as they are desired.
    for schema in &to.schemas {
        for view in &schema.views {
            let key = (schema.name.as_str(), view.name.as_str());
            if gone.contains(&key) && !creates.iter().any(|(s, v)| (*s, v.name.as_str()) == key) {
                creates.push((&schema.name, view));
            }
        }
    }
    let drops = current.into_iter().filter(|(s, v)| gone.contains(&(*s, v.name.as_str()))).collect();
    Redone { drops: by_reads(drops).into_iter().rev().collect(), creates: by_reads(creates) }
}

/// Views, each after the views its query reads.
fn by_reads(views: Vec<SchemaView>) -> Vec<SchemaView> {
    let queries: Vec<Mentions> = views.iter().map(|(_, v)| Mentions::of(&v.definition)).collect();
    let order = sorted((0..views.len()).collect(), |&a: &usize, &b: &usize| queries[a].names(&views[b].1.name));
    order.into_iter().map(|i| views[i]).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(views: &[(&str, &str)]) -> Vec<String> {
        let views: Vec<View> = views
            .iter()
            .map(|(name, query)| View {
                name: (*name).into(),
                definition: (*query).into(),
                materialized: false,
                comment: None,
                indexes: Vec::new(),
            })
            .collect();
        by_reads(views.iter().map(|v| ("s", v)).collect()).into_iter().map(|(_, v)| v.name.clone()).collect()
    }

    #[test]
    fn views_come_after_the_views_they_read() {
        let order = names(&[
            ("a_top", "SELECT id FROM b_middle"),
            ("b_middle", "SELECT id FROM \"c base\" WHERE x > 1"),
            ("c base", "SELECT id FROM users"),
            ("d_alone", "SELECT a_top_count FROM users"),
        ]);
        assert_eq!(order, ["c base", "b_middle", "a_top", "d_alone"]);
    }

    #[test]
    fn a_cycle_from_a_false_match_keeps_every_view() {
        assert_eq!(names(&[("a", "SELECT b FROM t"), ("b", "SELECT a FROM t")]).len(), 2);
    }
}
