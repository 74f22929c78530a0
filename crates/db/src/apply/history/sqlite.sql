-- Plumb's record of applies, in the database file; introspection leaves these tables out.
CREATE TABLE IF NOT EXISTS plumb_history (
    run_id      text PRIMARY KEY,
    plan_hash   text NOT NULL,
    environment text NOT NULL,
    applied_by  text NOT NULL,
    approvers   text NOT NULL,
    started_at  text NOT NULL,
    finished_at text,
    status      text NOT NULL,
    steps       integer NOT NULL,
    detail      text
);
CREATE TABLE IF NOT EXISTS plumb_journal (
    run_id      text NOT NULL,
    step        integer NOT NULL,
    description text NOT NULL,
    finished_at text NOT NULL,
    elapsed_ms  integer NOT NULL,
    PRIMARY KEY (run_id, step)
);
