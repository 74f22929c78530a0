//! Views ordered by the views their queries read.

use crate::model::View;
use std::collections::BTreeSet;

/// Views in an order where each comes after the views its query names (Kahn's algorithm, ties
/// in the given order). Names are matched as words or quoted identifiers of the stored query; a
/// cycle, which only a false match can make, keeps the given order for the views in it.
pub(super) fn by_dependency<'a>(views: Vec<(&'a str, &'a View)>) -> Vec<(&'a str, &'a View)> {
    let words: Vec<BTreeSet<&str>> = views
        .iter()
        .map(|(_, v)| v.definition.split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '$')).collect())
        .collect();
    let reads = |i: usize, j: usize| {
        let (name, query) = (&views[j].1.name, &views[i].1.definition);
        i != j
            && (words[i].contains(name.as_str())
                || query.contains(&format!("\"{name}\""))
                || query.contains(&format!("`{name}`")))
    };
    let n = views.len();
    // readers[j]: the views that read view j.
    let readers: Vec<Vec<usize>> = (0..n).map(|j| (0..n).filter(|&i| reads(i, j)).collect()).collect();
    let mut waiting_on = vec![0usize; n];
    for list in &readers {
        for &i in list {
            waiting_on[i] += 1;
        }
    }
    let mut done = vec![false; n];
    let mut order = Vec::with_capacity(n);
    while order.len() < n {
        let next = (0..n).find(|&i| !done[i] && waiting_on[i] == 0).or_else(|| (0..n).find(|&i| !done[i]));
        let Some(next) = next else { break };
        done[next] = true;
        order.push(views[next]);
        for &i in &readers[next] {
            waiting_on[i] = waiting_on[i].saturating_sub(1);
        }
    }
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view(name: &str, definition: &str) -> View {
        View { name: name.into(), definition: definition.into(), materialized: false, comment: None }
    }

    #[test]
    fn views_come_after_the_views_they_read() {
        let (a, b, c, d) = (
            view("a_top", "SELECT id FROM b_middle"),
            view("b_middle", "SELECT id FROM \"c base\" WHERE x > 1"),
            view("c base", "SELECT id FROM users"),
            view("d_alone", "SELECT a_top_count FROM users"),
        );
        let order: Vec<&str> = by_dependency(vec![("s", &a), ("s", &b), ("s", &c), ("s", &d)])
            .into_iter()
            .map(|(_, v)| v.name.as_str())
            .collect();
        assert_eq!(order, ["c base", "b_middle", "a_top", "d_alone"]);
    }

    #[test]
    fn a_cycle_from_a_false_match_keeps_every_view() {
        let (a, b) = (view("a", "SELECT b FROM t"), view("b", "SELECT a FROM t"));
        assert_eq!(by_dependency(vec![("s", &a), ("s", &b)]).len(), 2);
    }
}
