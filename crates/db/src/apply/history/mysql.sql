-- Plumb's record of applies, in the target database; introspection leaves these tables out.
CREATE TABLE IF NOT EXISTS plumb_history (
    run_id      varchar(64) PRIMARY KEY,
    plan_hash   varchar(80) NOT NULL,
    environment varchar(64) NOT NULL,
    applied_by  varchar(255) NOT NULL,
    approvers   text NOT NULL,
    started_at  varchar(40) NOT NULL,
    finished_at varchar(40),
    status      varchar(20) NOT NULL,
    steps       integer NOT NULL,
    detail      text
);
CREATE TABLE IF NOT EXISTS plumb_journal (
    run_id      varchar(64) NOT NULL,
    step        integer NOT NULL,
    description text NOT NULL,
    finished_at varchar(40) NOT NULL,
    elapsed_ms  bigint NOT NULL,
    PRIMARY KEY (run_id, step)
);
