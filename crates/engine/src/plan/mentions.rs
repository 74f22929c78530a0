//! What a stored text (a view's query, a routine's body, a check, a policy) names: the server
//! printed it, so a name is a bare word or a quoted identifier, and a routine is called by its
//! name followed by its arguments (`name(`).

use std::collections::BTreeSet;

/// What an object's definition says about the objects it needs.
pub(in crate::plan) struct Mentions {
    words: BTreeSet<String>,
    /// What stands between two quotes in a row (`"` or `` ` ``): every quoted identifier, and
    /// whatever else a quote character encloses.
    quoted: BTreeSet<String>,
    text: String,
}

impl Mentions {
    pub(in crate::plan) fn of(text: &str) -> Self {
        let words = text.split(|c: char| !is_ident(c)).filter(|w| !w.is_empty()).map(str::to_owned).collect();
        let mut quoted = BTreeSet::new();
        for quote in ['"', '`'] {
            let mut pieces = text.split(quote);
            pieces.next();
            // The pieces between one quote and the next; the last one has no closing quote.
            let mut pieces = pieces.peekable();
            while let Some(piece) = pieces.next() {
                if pieces.peek().is_some() {
                    quoted.insert(piece.to_owned());
                }
            }
        }
        Mentions { words, quoted, text: text.to_owned() }
    }

    /// Whether the text names `name` as a word or a quoted identifier. A plan asks it of every
    /// view for every relation it changes, so it looks names up instead of searching the text
    /// (where `"name"` stands in the text, `name` is between two quotes in a row, unless the name
    /// holds a quote character itself).
    pub(in crate::plan) fn names(&self, name: &str) -> bool {
        if name.contains(['"', '`']) {
            return self.text.contains(&format!("\"{name}\"")) || self.text.contains(&format!("`{name}`"));
        }
        self.words.contains(name) || self.quoted.contains(name)
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

    /// `names` looks names up; it must answer as searching the text for the name quoted would.
    #[test]
    fn a_quoted_name_is_found_as_a_search_of_the_text_finds_it() {
        let texts = [
            r#"SELECT "a" FROM "b c" JOIN `d` ON x = 'e "f" g'"#,
            r#"SELECT 1 FROM "a"b"c" WHERE "unclosed"#,
            r#"SELECT "" FROM "x""y" JOIN `a"b`"#,
        ];
        let names = ["a", "b c", "d", "f", "e ", "b", "c", "unclosed", "", "x", "y", "x\"\"y", "a\"b", "SELECT", "g'"];
        for text in texts {
            let mentions = Mentions::of(text);
            for name in names {
                let searched = mentions.words.contains(name)
                    || text.contains(&format!("\"{name}\""))
                    || text.contains(&format!("`{name}`"));
                assert_eq!(mentions.names(name), searched, "{name:?} in {text}");
            }
        }
    }
}
