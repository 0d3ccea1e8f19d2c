-- The append-only audit trail (DESIGN.md, invariants 4 and 5). Each row carries a SHA-256 hash over its own
-- content and the previous row's hash; sequence numbers have no gaps, so a deleted row breaks the chain too.
CREATE TABLE audit_event (
    sequence             BIGINT       PRIMARY KEY,
    occurred_at          TIMESTAMPTZ  NOT NULL,
    action               VARCHAR(32)  NOT NULL,
    action_code          VARCHAR(32)  NOT NULL,
    outcome              SMALLINT     NOT NULL CHECK (outcome IN (0, 4, 8, 12)),
    actor_id             BIGINT,
    actor_name           VARCHAR(320),
    actor_role           VARCHAR(16),
    client_address       VARCHAR(64),
    patient_id           VARCHAR(64),
    issuer_of_patient_id VARCHAR(64),
    study_uid            VARCHAR(64),
    series_uid           VARCHAR(64),
    instance_uid         VARCHAR(64),
    -- Exactly the JSON text that was hashed (jsonb would reorder keys); cast to jsonb to search it.
    details              TEXT         NOT NULL,
    previous_hash        CHAR(64)     NOT NULL,
    hash                 CHAR(64)     NOT NULL
);

CREATE INDEX audit_event_occurred_at_idx ON audit_event (occurred_at);
CREATE INDEX audit_event_patient_idx ON audit_event (patient_id, issuer_of_patient_id, occurred_at);
CREATE INDEX audit_event_actor_idx ON audit_event (actor_id, occurred_at);

-- Second line of defence, for deployments where the application connects as the owner: rows cannot be changed or
-- removed without first disabling these triggers, which only the owner can do.
CREATE FUNCTION audit_event_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_event is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER audit_event_no_update_delete
    BEFORE UPDATE OR DELETE ON audit_event
    FOR EACH ROW EXECUTE FUNCTION audit_event_refuse_change();

CREATE TRIGGER audit_event_no_truncate
    BEFORE TRUNCATE ON audit_event
    FOR EACH STATEMENT EXECUTE FUNCTION audit_event_refuse_change();
