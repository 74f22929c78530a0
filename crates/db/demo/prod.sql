-- Plumb demo: a small SaaS task tracker, as deployed in production.
PRAGMA foreign_keys = ON;

CREATE TABLE users (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  email           TEXT NOT NULL COLLATE NOCASE,
  display_name    TEXT NOT NULL,
  legacy_username TEXT,
  created_at      TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT users_email_key UNIQUE (email)
);

CREATE TABLE workspaces (
  id         INTEGER PRIMARY KEY,
  slug       TEXT NOT NULL UNIQUE,
  name       TEXT NOT NULL,
  owner_id   INTEGER NOT NULL REFERENCES users (id) ON DELETE RESTRICT,
  plan       TEXT NOT NULL DEFAULT 'free' CHECK (plan IN ('free', 'team', 'enterprise')),
  created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE memberships (
  workspace_id INTEGER NOT NULL,
  user_id      INTEGER NOT NULL,
  role         TEXT NOT NULL DEFAULT 'member',
  joined_at    TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (workspace_id, user_id),
  CONSTRAINT memberships_workspace_fk FOREIGN KEY (workspace_id) REFERENCES workspaces (id) ON DELETE CASCADE,
  CONSTRAINT memberships_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
  CONSTRAINT memberships_role_check CHECK (role IN ('owner', 'admin', 'member', 'guest'))
) WITHOUT ROWID;

CREATE TABLE projects (
  id           INTEGER PRIMARY KEY,
  workspace_id INTEGER NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  name         TEXT NOT NULL,
  archived_at  TEXT,
  CONSTRAINT projects_workspace_name_key UNIQUE (workspace_id, name)
);

CREATE TABLE tasks (
  id          INTEGER PRIMARY KEY,
  project_id  INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  title       TEXT NOT NULL,
  status      TEXT NOT NULL DEFAULT 'todo' CHECK (status IN ('todo', 'doing', 'done')),
  priority    INTEGER NOT NULL DEFAULT 2 CHECK (priority BETWEEN 1 AND 4),
  assignee_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
  due_date    TEXT,
  created_at  TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
  updated_at  TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX idx_tasks_project ON tasks (project_id);
-- Open work per person: the board's main query never looks at finished tasks.
CREATE INDEX idx_tasks_open_by_assignee ON tasks (assignee_id, due_date) WHERE status <> 'done';

CREATE TABLE comments (
  id         INTEGER PRIMARY KEY,
  task_id    INTEGER NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
  author_id  INTEGER REFERENCES users (id) ON DELETE SET NULL,
  body       TEXT NOT NULL CHECK (length(body) > 0),
  created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX idx_comments_task_recent ON comments (task_id, created_at DESC);

CREATE VIEW open_tasks AS
  SELECT t.id, t.title, t.status, p.name AS project, u.display_name AS assignee
  FROM tasks AS t
  JOIN projects AS p ON p.id = t.project_id
  LEFT JOIN users AS u ON u.id = t.assignee_id
  WHERE t.status <> 'done';

CREATE TRIGGER tasks_touch_updated_at AFTER UPDATE ON tasks
  FOR EACH ROW WHEN NEW.updated_at = OLD.updated_at
BEGIN
  UPDATE tasks SET updated_at = CURRENT_TIMESTAMP WHERE id = NEW.id;
END;

INSERT INTO users (id, email, display_name, legacy_username, created_at) VALUES
  (1, 'ada@example.com',    'Ada Lovelace',    'ada',    '2026-01-05 09:00:00'),
  (2, 'grace@example.com',  'Grace Hopper',    'ghopper','2026-01-06 10:30:00'),
  (3, 'alan@example.com',   'Alan Turing',     NULL,     '2026-02-01 08:15:00'),
  (4, 'edsger@example.com', 'Edsger Dijkstra', 'ewd',    '2026-02-11 14:00:00'),
  (5, 'barbara@example.com','Barbara Liskov',  NULL,     '2026-03-20 16:45:00');

INSERT INTO workspaces (id, slug, name, owner_id, plan, created_at) VALUES
  (1, 'analytical-engines', 'Analytical Engines', 1, 'team',       '2026-01-05 09:05:00'),
  (2, 'compilers-inc',      'Compilers Inc.',     2, 'enterprise', '2026-01-06 11:00:00');

INSERT INTO memberships (workspace_id, user_id, role, joined_at) VALUES
  (1, 1, 'owner',  '2026-01-05 09:05:00'),
  (1, 3, 'admin',  '2026-02-01 08:20:00'),
  (1, 5, 'member', '2026-03-20 16:50:00'),
  (2, 2, 'owner',  '2026-01-06 11:00:00'),
  (2, 4, 'member', '2026-02-11 14:05:00'),
  (2, 1, 'guest',  '2026-02-12 09:00:00');

INSERT INTO projects (id, workspace_id, name, archived_at) VALUES
  (1, 1, 'Difference Engine', NULL),
  (2, 1, 'Bernoulli Numbers', NULL),
  (3, 2, 'A-0 Compiler',      '2026-04-01 00:00:00'),
  (4, 2, 'COBOL',             NULL);

INSERT INTO tasks (id, project_id, title, status, priority, assignee_id, due_date, created_at, updated_at) VALUES
  (1,  1, 'Draw the gear train',            'done',  2, 1,    '2026-02-01', '2026-01-10 09:00:00', '2026-01-30 17:00:00'),
  (2,  1, 'Order brass cylinders',          'doing', 1, 3,    '2026-05-01', '2026-01-12 10:00:00', '2026-04-02 11:00:00'),
  (3,  1, 'Test the carry mechanism',       'todo',  2, 3,    '2026-06-15', '2026-02-03 12:00:00', '2026-02-03 12:00:00'),
  (4,  2, 'Write note G',                   'done',  1, 1,    '2026-03-01', '2026-01-20 08:00:00', '2026-02-28 19:00:00'),
  (5,  2, 'Tabulate B7',                    'doing', 2, 5,    '2026-05-20', '2026-02-14 09:30:00', '2026-04-10 15:00:00'),
  (6,  2, 'Review the loop notation',       'todo',  3, NULL, NULL,         '2026-03-01 10:00:00', '2026-03-01 10:00:00'),
  (7,  3, 'Link subroutines from tape',     'done',  2, 2,    '2026-03-15', '2026-01-07 09:00:00', '2026-03-14 18:00:00'),
  (8,  4, 'Draft the DATA DIVISION',        'doing', 1, 2,    '2026-05-05', '2026-02-15 11:00:00', '2026-04-20 09:00:00'),
  (9,  4, 'Specify PICTURE clauses',        'todo',  2, 4,    '2026-06-01', '2026-02-20 13:00:00', '2026-02-20 13:00:00'),
  (10, 4, 'Argue about GO TO',              'todo',  4, 4,    NULL,         '2026-03-05 16:00:00', '2026-03-05 16:00:00'),
  (11, 4, 'Print the first report',         'todo',  3, NULL, '2026-07-01', '2026-03-10 10:00:00', '2026-03-10 10:00:00'),
  (12, 1, 'Document the punched-card feed', 'todo',  3, 5,    '2026-08-01', '2026-04-01 09:00:00', '2026-04-01 09:00:00');

INSERT INTO comments (id, task_id, author_id, body, created_at) VALUES
  (1, 2, 1, 'The supplier in Soho has them in stock.',        '2026-01-15 10:00:00'),
  (2, 2, 3, 'Ordered twenty; delivery in three weeks.',       '2026-01-16 09:00:00'),
  (3, 4, 1, 'Note G is done. It is longer than the paper.',   '2026-02-28 19:00:00'),
  (4, 8, 4, 'Please keep level numbers below 50.',            '2026-04-19 12:00:00'),
  (5, 10, 4, 'Considered harmful.',                           '2026-03-06 08:00:00'),
  (6, 10, 2, 'Noted. Moving on.',                             '2026-03-06 09:00:00'),
  (7, 5, 5, 'B7 checked twice against the manuscript.',       '2026-04-10 15:00:00');
