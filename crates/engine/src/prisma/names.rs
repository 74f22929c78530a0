//! Prisma's default constraint and index names (Prisma 3+): `User_pkey`, `User_email_key`,
//! `Post_authorId_createdAt_idx`, `Post_authorId_fkey`, cut to the server's identifier limit with
//! the suffix kept. (<https://www.prisma.io/docs/orm/prisma-schema/data-model/database-mapping#constraint-and-index-names>)

use crate::dialect::Dialect;

/// What the name is for: its suffix.
#[derive(Clone, Copy)]
pub(super) enum Kind {
    PrimaryKey,
    Unique,
    Index,
    ForeignKey,
}

impl Kind {
    fn suffix(self) -> &'static str {
        match self {
            Kind::PrimaryKey => "_pkey",
            Kind::Unique => "_key",
            Kind::Index => "_idx",
            Kind::ForeignKey => "_fkey",
        }
    }
}

/// The longest identifier the server keeps (PostgreSQL 63 bytes, MySQL 64 characters).
fn limit(dialect: Dialect) -> usize {
    match dialect {
        Dialect::Postgres => 63,
        Dialect::Mysql => 64,
        Dialect::Sqlite => usize::MAX,
    }
}

/// The default name of a `kind` on `table`'s `columns` (no columns for a primary key).
pub(super) fn default_name(dialect: Dialect, table: &str, columns: &[String], kind: Kind) -> String {
    let mut base = table.to_owned();
    if !matches!(kind, Kind::PrimaryKey) {
        for column in columns {
            base.push('_');
            base.push_str(column);
        }
    }
    let room = limit(dialect).saturating_sub(kind.suffix().len());
    if base.len() > room {
        let mut cut = room;
        while !base.is_char_boundary(cut) {
            cut -= 1;
        }
        base.truncate(cut);
    }
    base + kind.suffix()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_prisma_and_keep_the_suffix_when_cut() {
        let cols = |c: &[&str]| c.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        assert_eq!(default_name(Dialect::Postgres, "User", &[], Kind::PrimaryKey), "User_pkey");
        assert_eq!(default_name(Dialect::Mysql, "A", &cols(&["a", "b"]), Kind::Unique), "A_a_b_key");
        assert_eq!(default_name(Dialect::Sqlite, "B", &cols(&["aId"]), Kind::ForeignKey), "B_aId_fkey");
        let long = default_name(Dialect::Postgres, &"t".repeat(70), &cols(&["c"]), Kind::Index);
        assert_eq!((long.len(), long.ends_with("t_idx")), (63, true));
    }
}
