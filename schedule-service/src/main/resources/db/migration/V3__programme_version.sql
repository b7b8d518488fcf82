-- Bumped by every write to the programme, in the same transaction: instances re-read the programme, and
-- re-plan talk events, only when it moved on.
CREATE TABLE programme_version (
    id      INT PRIMARY KEY CHECK (id = 1),
    version BIGINT NOT NULL
);
INSERT INTO programme_version (id, version) VALUES (1, 0);
