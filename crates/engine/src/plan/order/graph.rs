//! Objects ordered by the objects their definitions name
//! ([`Mentions`](super::super::mentions::Mentions)): views by the views they
//! read, routines by the routines they call, domains and routines by the types and functions they
//! use. A false match can only add an edge; a cycle, which only a false match or an overload can
//! make, keeps the given order for the objects in it.

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
