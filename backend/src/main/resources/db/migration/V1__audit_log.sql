-- The audit log: append-only and hash-chained. Each entry's hash covers the previous entry's
-- hash and its own content, so an edited, deleted or reordered row breaks the chain where it
-- happened. seq is assigned by the application while it holds the chain head's row lock, which
-- keeps it gapless: a missing number is a deleted entry.
CREATE TABLE audit_entry (
    seq         BIGINT                   NOT NULL PRIMARY KEY,
    occurred_at TIMESTAMP WITH TIME ZONE NOT NULL,
    actor       VARCHAR(255)             NOT NULL,
    action      VARCHAR(100)             NOT NULL,
    subject     VARCHAR(1000)            NOT NULL,
    details     TEXT                     NOT NULL,
    prev_hash   VARCHAR(64)              NOT NULL,
    hash        VARCHAR(64)              NOT NULL
);

CREATE INDEX audit_entry_actor_idx ON audit_entry (actor, seq);
CREATE INDEX audit_entry_action_idx ON audit_entry (action, seq);
CREATE INDEX audit_entry_occurred_at_idx ON audit_entry (occurred_at);

-- One row: the last appended entry. Appends lock it (SELECT ... FOR UPDATE), so replicas sharing
-- one database append one at a time; verification also checks the last entry against it, which
-- catches a chain cut short at its end.
CREATE TABLE audit_chain_head (
    id        INT         NOT NULL PRIMARY KEY CHECK (id = 1),
    last_seq  BIGINT      NOT NULL,
    last_hash VARCHAR(64) NOT NULL
);

INSERT INTO audit_chain_head (id, last_seq, last_hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
