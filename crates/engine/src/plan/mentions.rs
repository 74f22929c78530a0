//! What a stored text (a view's query, a routine's body, a check, a policy) names: the server
//! printed it, so a name is a bare word or a quoted identifier, and a routine is called by its
//! name followed by its arguments (`name(`).

use std::collections::BTreeSet;

/// What an object's definition says about the objects it needs.
pub(in crate::plan) struct Mentions {
    words: BTreeSet<String>,
    text: String,
}

impl Mentions {
    pub(in crate::plan) fn of(text: &str) -> Self {
        let words = text.split(|c: char| !is_ident(c)).filter(|w| !w.is_empty()).map(str::to_owned).collect();
        Mentions { words, text: text.to_owned() }
    }

    /// Whether the text names `name` as a word or a quoted identifier.
    pub(in crate::plan) fn names(&self, name: &str) -> bool {
        self.words.contains(name)
            || self.text.contains(&format!("\"{name}\""))
            || self.text.contains(&format!("`{name}`"))
    }

    /// Whether the text calls a routine named `name`.
    pub(in crate::plan) fn calls(&self, name: &str) -> bool {
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

#[cfg(test)]
mod tests {
    use super::*;

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
