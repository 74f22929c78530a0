//! Migrations folders (Prisma, golang-migrate/sqlx/dbmate pairs, plain and Supabase folders,
//! drizzle) and which of their migrations a database has.

pub mod alembic;
mod create;
mod deploy;
mod folder;
mod status;

pub use create::{create, prepare, Created, Prepared};
pub use deploy::deploy_plan;
pub use folder::{Folder, Layout, Migration, KNOWN_FOLDERS};
pub use status::{status, Entry, State, Status};
