-- Plumb demo: what the development environment has that production does not have yet.
PRAGMA foreign_keys = ON;

-- A new table.
CREATE TABLE labels (
  id           INTEGER PRIMARY KEY,
  workspace_id INTEGER NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  name         TEXT NOT NULL,
  color        TEXT NOT NULL DEFAULT '#888888' CHECK (length(color) = 7),
  CONSTRAINT labels_workspace_name_key UNIQUE (workspace_id, name)
);
INSERT INTO labels (workspace_id, name, color) VALUES (1, 'hardware', '#b5651d'), (1, 'maths', '#1d6fb5'), (2, 'spec', '#2e8b57');

-- A new column.
ALTER TABLE tasks ADD COLUMN estimate_minutes INTEGER CHECK (estimate_minutes > 0);

-- A changed index: the board filters by status within a project.
DROP INDEX idx_tasks_project;
CREATE INDEX idx_tasks_project ON tasks (project_id, status);

-- A dropped column: nobody has used legacy usernames since the SSO migration.
ALTER TABLE users DROP COLUMN legacy_username;

-- A renamed column: Plumb sees a drop and an add of the same shape and offers it as a possible
-- rename; confirmed, the plan renames instead of dropping the archive dates.
ALTER TABLE projects RENAME COLUMN archived_at TO archived_on;
