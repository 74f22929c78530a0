-- Plumb's record of applies, in a schema of its own that introspection leaves out.
CREATE SCHEMA IF NOT EXISTS plumb;
CREATE TABLE IF NOT EXISTS plumb.plumb_history (
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
CREATE TABLE IF NOT EXISTS plumb.plumb_journal (
    run_id      text NOT NULL,
    step        integer NOT NULL,
    description text NOT NULL,
    finished_at text NOT NULL,
    elapsed_ms  bigint NOT NULL,
    PRIMARY KEY (run_id, step)
);
