//! MySQL and MariaDB introspection (next).
