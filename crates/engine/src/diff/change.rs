//! The change set: what differs between two schemas, as typed data (Atlas's change names).
//!
//! A change carries the whole object it adds or drops, and both sides of a modification, so that
//! SQL generation and rollback need nothing else. Modifications of keys, constraints and indexes
//! are kept as one change (they are one thing to a reader) even where SQL drops and re-creates.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::model::{
    CheckConstraint, Column, Domain, EnumType, Extension, ForeignKey, Index, PrimaryKey, Routine, Sequence, Table,
    TableExtras, Trigger, UniqueConstraint, View,
};

/// Everything that differs between two schemas, in a deterministic order.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct ChangeSet {
    /// The changes, schema by schema, object by object.
    pub changes: Vec<SchemaChange>,
    /// Dropped and added objects that look like one renamed object. They stay a drop and an add
    /// until the user confirms the rename ([`super::Rename`]); never guessed silently.
    pub possible_renames: Vec<PossibleRename>,
}

impl ChangeSet {
    /// Whether the two schemas are the same.
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// The confirmed table renames: (schema, desired name) → current name.
    pub fn renamed_tables(&self) -> BTreeMap<(&str, &str), &str> {
        self.changes
            .iter()
            .filter_map(|c| match c {
                SchemaChange::RenameTable { schema, from, to } => Some(((schema.as_str(), to.as_str()), from.as_str())),
                _ => None,
            })
            .collect()
    }
}

/// A change to a schema or to an object in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum SchemaChange {
    /// A schema to create.
    AddSchema {
        /// Its name.
        name: String,
    },
    /// A schema to drop, with everything in it.
    DropSchema {
        /// Its name.
        name: String,
    },
    /// A schema whose comment is set, changed or removed.
    CommentSchema {
        /// Its name.
        name: String,
        /// The desired comment.
        comment: Option<String>,
    },
    /// A table to create.
    AddTable {
        /// The schema it goes into.
        schema: String,
        /// The table as desired.
        table: Table,
    },
    /// A table to drop: its rows are lost.
    DropTable {
        /// The schema it is in.
        schema: String,
        /// The table as it is.
        table: Table,
    },
    /// A table to rename, confirmed by the user.
    RenameTable {
        /// The schema it is in.
        schema: String,
        /// The current name.
        from: String,
        /// The desired name.
        to: String,
    },
    /// Changes inside a table that exists on both sides.
    ModifyTable {
        /// The schema it is in.
        schema: String,
        /// The table's (desired) name.
        table: String,
        /// What changes in it.
        changes: Vec<TableChange>,
    },
    /// A view to create.
    AddView {
        /// The schema it goes into.
        schema: String,
        /// The view as desired.
        view: View,
    },
    /// A view to drop.
    DropView {
        /// The schema it is in.
        schema: String,
        /// The view as it is.
        view: View,
    },
    /// A view whose definition or kind changes.
    ModifyView {
        /// The schema it is in.
        schema: String,
        /// The view as it is.
        from: View,
        /// The view as desired.
        to: View,
    },
    /// An enum type to create.
    AddEnum {
        /// The schema it goes into.
        schema: String,
        /// The type as desired.
        enum_type: EnumType,
    },
    /// An enum type to drop.
    DropEnum {
        /// The schema it is in.
        schema: String,
        /// The type as it is.
        enum_type: EnumType,
    },
    /// An enum type whose labels change.
    ModifyEnum {
        /// The schema it is in.
        schema: String,
        /// The type as it is.
        from: EnumType,
        /// The type as desired.
        to: EnumType,
    },
    /// A domain to create.
    AddDomain {
        /// The schema it goes into.
        schema: String,
        /// The domain as desired.
        domain: Domain,
    },
    /// A domain to drop.
    DropDomain {
        /// The schema it is in.
        schema: String,
        /// The domain as it is.
        domain: Domain,
    },
    /// A domain that changes.
    ModifyDomain {
        /// The schema it is in.
        schema: String,
        /// The domain as it is.
        from: Domain,
        /// The domain as desired.
        to: Domain,
    },
    /// A sequence to create.
    AddSequence {
        /// The schema it goes into.
        schema: String,
        /// The sequence as desired.
        sequence: Sequence,
    },
    /// A sequence to drop.
    DropSequence {
        /// The schema it is in.
        schema: String,
        /// The sequence as it is.
        sequence: Sequence,
    },
    /// A sequence whose options change.
    ModifySequence {
        /// The schema it is in.
        schema: String,
        /// The sequence as it is.
        from: Sequence,
        /// The sequence as desired.
        to: Sequence,
    },
    /// A function or procedure to create.
    AddRoutine {
        /// The schema it goes into.
        schema: String,
        /// The routine as desired.
        routine: Routine,
    },
    /// A function or procedure to drop.
    DropRoutine {
        /// The schema it is in.
        schema: String,
        /// The routine as it is.
        routine: Routine,
    },
    /// A function or procedure whose definition changes.
    ModifyRoutine {
        /// The schema it is in.
        schema: String,
        /// The routine as it is.
        from: Routine,
        /// The routine as desired.
        to: Routine,
    },
    /// A trigger to create.
    AddTrigger {
        /// The schema it goes into.
        schema: String,
        /// The trigger as desired.
        trigger: Trigger,
    },
    /// A trigger to drop.
    DropTrigger {
        /// The schema it is in.
        schema: String,
        /// The trigger as it is.
        trigger: Trigger,
    },
    /// A trigger whose definition changes.
    ModifyTrigger {
        /// The schema it is in.
        schema: String,
        /// The trigger as it is.
        from: Trigger,
        /// The trigger as desired.
        to: Trigger,
    },
    /// An extension to install.
    AddExtension {
        /// The extension as desired.
        extension: Extension,
    },
    /// An extension to remove.
    DropExtension {
        /// The extension as it is.
        extension: Extension,
    },
    /// An extension whose version or schema changes.
    ModifyExtension {
        /// The extension as it is.
        from: Extension,
        /// The extension as desired.
        to: Extension,
    },
}

/// A change inside a table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum TableChange {
    /// A column to add.
    AddColumn {
        /// The column as desired.
        column: Column,
    },
    /// A column to drop: its values are lost.
    DropColumn {
        /// The column as it is.
        column: Column,
    },
    /// A column to rename, confirmed by the user.
    RenameColumn {
        /// The current name.
        from: String,
        /// The desired name.
        to: String,
    },
    /// A column that changes.
    ModifyColumn {
        /// The column as it is.
        from: Column,
        /// The column as desired.
        to: Column,
        /// Which aspects change, in a fixed order.
        aspects: Vec<ColumnAspect>,
    },
    /// A primary key to add.
    AddPrimaryKey {
        /// The key as desired.
        key: PrimaryKey,
    },
    /// A primary key to drop.
    DropPrimaryKey {
        /// The key as it is.
        key: PrimaryKey,
    },
    /// A primary key that changes.
    ModifyPrimaryKey {
        /// The key as it is.
        from: PrimaryKey,
        /// The key as desired.
        to: PrimaryKey,
    },
    /// A foreign key to add.
    AddForeignKey {
        /// The key as desired.
        key: ForeignKey,
    },
    /// A foreign key to drop.
    DropForeignKey {
        /// The key as it is.
        key: ForeignKey,
    },
    /// A foreign key that changes.
    ModifyForeignKey {
        /// The key as it is.
        from: ForeignKey,
        /// The key as desired.
        to: ForeignKey,
    },
    /// A unique constraint to add.
    AddUnique {
        /// The constraint as desired.
        constraint: UniqueConstraint,
    },
    /// A unique constraint to drop.
    DropUnique {
        /// The constraint as it is.
        constraint: UniqueConstraint,
    },
    /// A unique constraint that changes.
    ModifyUnique {
        /// The constraint as it is.
        from: UniqueConstraint,
        /// The constraint as desired.
        to: UniqueConstraint,
    },
    /// A check constraint to add.
    AddCheck {
        /// The constraint as desired.
        check: CheckConstraint,
    },
    /// A check constraint to drop.
    DropCheck {
        /// The constraint as it is.
        check: CheckConstraint,
    },
    /// A check constraint that changes.
    ModifyCheck {
        /// The constraint as it is.
        from: CheckConstraint,
        /// The constraint as desired.
        to: CheckConstraint,
    },
    /// An index to create.
    AddIndex {
        /// The index as desired.
        index: Index,
    },
    /// An index to drop.
    DropIndex {
        /// The index as it is.
        index: Index,
    },
    /// An index kept as it is but for its name (a naming convention changed: Prisma 2's
    /// `User.email_unique` became `User_email_key`): renamed where the server can, not rebuilt.
    RenameIndex {
        /// Its name now.
        from: String,
        /// The index as desired, under its new name.
        to: Index,
    },
    /// An index that changes (dropped and re-created in SQL).
    ModifyIndex {
        /// The index as it is.
        from: Index,
        /// The index as desired.
        to: Index,
    },
    /// The table's comment changes.
    ModifyComment {
        /// The comment as it is.
        from: Option<String>,
        /// The comment as desired.
        to: Option<String>,
    },
    /// The table's dialect options change (engine, WITHOUT ROWID, partitioning, policies…).
    ModifyOptions {
        /// The options as they are.
        from: Option<TableExtras>,
        /// The options as desired.
        to: Option<TableExtras>,
    },
}

/// A named constraint whose comment alone changes: `COMMENT ON CONSTRAINT`, not a new constraint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConstraintComment<'a> {
    /// The constraint's name.
    pub name: &'a str,
    /// The comment as desired.
    pub comment: Option<&'a str>,
}

impl TableChange {
    /// The constraint this change gives a new comment and nothing else, if that is all it does.
    pub fn constraint_comment(&self) -> Option<ConstraintComment<'_>> {
        fn only<T: Clone + PartialEq>(from: &T, to: &T, comment: fn(&mut T) -> &mut Option<String>) -> bool {
            let mut same = from.clone();
            *comment(&mut same) = comment(&mut to.clone()).clone();
            same == *to
        }
        let (name, comment) = match self {
            TableChange::ModifyPrimaryKey { from, to } if only(from, to, |k| &mut k.comment) => (&to.name, &to.comment),
            TableChange::ModifyForeignKey { from, to } if only(from, to, |k| &mut k.comment) => (&to.name, &to.comment),
            TableChange::ModifyUnique { from, to } if only(from, to, |k| &mut k.comment) => (&to.name, &to.comment),
            TableChange::ModifyCheck { from, to } if only(from, to, |k| &mut k.comment) => (&to.name, &to.comment),
            _ => return None,
        };
        Some(ConstraintComment { name: name.as_deref()?, comment: comment.as_deref() })
    }
}

/// An aspect of a column that can change. A list of these (not a bit set) so that the JSON form
/// and the UI read it directly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "snake_case")]
pub enum ColumnAspect {
    /// The type.
    Type,
    /// NULL or NOT NULL.
    Nullability,
    /// The default expression.
    Default,
    /// Identity or auto-increment.
    Identity,
    /// The generation expression or storage.
    Generated,
    /// The collation.
    Collation,
    /// The comment.
    Comment,
    /// Dialect-only options (MySQL charset, ON UPDATE, INVISIBLE).
    Options,
}

/// A dropped and an added object that look like one renamed object.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct PossibleRename {
    /// A table or a column.
    pub kind: RenameKind,
    /// The schema.
    pub schema: String,
    /// For a column, its table.
    pub table: Option<String>,
    /// The dropped name.
    pub from: String,
    /// The added name.
    pub to: String,
    /// How to confirm it on the command line (`--rename users.name=users.full_name`).
    pub confirm: String,
}

/// What a rename renames.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "snake_case")]
pub enum RenameKind {
    /// A table.
    Table,
    /// A column.
    Column,
}
