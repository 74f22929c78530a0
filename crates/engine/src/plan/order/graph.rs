//! Objects ordered by the objects their definitions name: views by the views they read, routines
//! by the routines they call, domains and routines by the types and functions they use.
//!
//! Names are matched in the stored text, as the server printed it: a bare word or a quoted
//! identifier for a relation or a type, a call (`name(`) for a routine. A false match can only
//! add an edge; a cycle, which only a false match or an overload can make, keeps the given order
//! for the objects in it.

use std::collections::BTreeSet;

/// What an object's definition says about the objects it needs.
pub(super) struct Mentions {
    words: BTreeSet<String>,
    text: String,
}

impl Mentions {
    pub(super) fn of(text: &str) -> Self {
        let words = text.split(|c: char| !is_ident(c)).filter(|w| !w.is_empty()).map(str::to_owned).collect();
        Mentions { words, text: text.to_owned() }
    }

    /// Whether the text names `name` as a word or a quoted identifier.
    pub(super) fn names(&self, name: &str) -> bool {
        self.words.contains(name)
            || self.text.contains(&format!("\"{name}\""))
            || self.text.contains(&format!("`{name}`"))
    }

    /// Whether the text calls a routine named `name`.
    pub(super) fn calls(&self, name: &str) -> bool {
        if !self.names(name) {
            return false;
        }
        [name.to_owned(), format!("\"{name}\""), format!("`{name}`")].iter().any(|needle| {
            self.text.match_indices(needle.as_str()).any(|(at, _)| {
                let before = self.text[..at].chars().next_back();
                let after = self.text[at + needle.len()..].trim_start().chars().next();
                before.is_none_or(|c| !is_ident(c)) && after == Some('(')
            })
        })
    }
}

fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '$'
}

/// `items` in an order where each comes after the items it needs (Kahn's algorithm, ties in the
/// given order); `needs(a, b)` says whether item `a` needs item `b`.
pub(super) fn sorted<T: Copy>(items: Vec<T>, needs: impl Fn(&T, &T) -> bool) -> Vec<T> {
    let n = items.len();
    // users[j]: the items that need item j.
    let users: Vec<Vec<usize>> =
        (0..n).map(|j| (0..n).filter(|&i| i != j && needs(&items[i], &items[j])).collect()).collect();
    let mut waiting_on = vec![0usize; n];
    for list in &users {
        for &i in list {
            waiting_on[i] += 1;
        }
    }
    let mut done = vec![false; n];
    let mut order = Vec::with_capacity(n);
    while order.len() < n {
        // In a cycle, the item waiting on the fewest others goes first.
        let next = (0..n).filter(|&i| !done[i]).min_by_key(|&i| waiting_on[i]);
        let Some(next) = next else { break };
        done[next] = true;
        order.push(items[next]);
        for &i in &users[next] {
            waiting_on[i] = waiting_on[i].saturating_sub(1);
        }
    }
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    fn by_reads<'a>(views: &[(&'a str, &'a str)]) -> Vec<&'a str> {
        let mentions: Vec<Mentions> = views.iter().map(|(_, query)| Mentions::of(query)).collect();
        let indexes: Vec<usize> = (0..views.len()).collect();
        sorted(indexes, |&a, &b| mentions[a].names(views[b].0)).into_iter().map(|i| views[i].0).collect()
    }

    #[test]
    fn views_come_after_the_views_they_read() {
        let order = by_reads(&[
            ("a_top", "SELECT id FROM b_middle"),
            ("b_middle", "SELECT id FROM \"c base\" WHERE x > 1"),
            ("c base", "SELECT id FROM users"),
            ("d_alone", "SELECT a_top_count FROM users"),
        ]);
        assert_eq!(order, ["c base", "b_middle", "a_top", "d_alone"]);
    }

    #[test]
    fn a_cycle_from_a_false_match_keeps_every_item() {
        assert_eq!(by_reads(&[("a", "SELECT b FROM t"), ("b", "SELECT a FROM t")]).len(), 2);
    }

    #[test]
    fn a_call_is_a_name_followed_by_its_arguments() {
        let body = Mentions::of("SELECT inventory_in_stock (inventory_id) FROM inventory WHERE \"Add\"(1, 2) > 0");
        assert!(body.calls("inventory_in_stock"));
        assert!(body.calls("Add"));
        assert!(!body.calls("inventory"));
        assert!(!body.calls("in_stock"));
        assert!(body.names("inventory"));
    }
}
