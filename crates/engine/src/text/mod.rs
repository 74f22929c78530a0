//! Text for people: a schema as a tree, a change set as a list, a plan as commented SQL, safety
//! findings in plain words. What `plumb` prints without `--json` and what evidence files hold.

mod changes;
pub mod findings;
mod plan;
mod tree;

pub use changes::changes;
pub use plan::plan;
pub use tree::tree;

/// The first `shown` of `items`, comma-separated, with how many more there are.
pub fn listed(items: &[String], shown: usize) -> String {
    let mut text = items.iter().take(shown).cloned().collect::<Vec<_>>().join(", ");
    if items.len() > shown {
        text.push_str(&format!(" and {} more", items.len() - shown));
    }
    text
}
