-- The access policy's cache key (issue 14): a number per patient account that every change of an access decision's
-- inputs replaces, in the same transaction as the change. The policy reads it with one indexed statement per request
-- and reuses a decision only while it is unchanged, so a revocation, a consent withdrawal, a relink or a "not my
-- images" report takes effect on the very next request on every node. Row 0 stands for changes that concern every
-- account (a new or changed consent document); the policy compares both rows. Each new value is drawn from a sequence,
-- so no value ever comes back: not after concurrent changes commit out of order, and not after a rolled-back change
-- (a sequence is not transactional) whose value a decision computed inside that transaction might carry. Triggers
-- rather than application code replace it, so no writer (including a staff member's manual SQL) can change an input
-- without it.
CREATE TABLE access_version (
    account_id BIGINT PRIMARY KEY,
    version    BIGINT NOT NULL CHECK (version > 0)
);

CREATE SEQUENCE access_version_seq;

INSERT INTO access_version (account_id, version) VALUES (0, nextval('access_version_seq'));

CREATE FUNCTION access_version_bump(target BIGINT) RETURNS void LANGUAGE sql AS $$
    INSERT INTO access_version (account_id, version) VALUES (target, nextval('access_version_seq'))
    ON CONFLICT (account_id) DO UPDATE SET version = EXCLUDED.version;
$$;

-- Row triggers on the tables holding an account's inputs: its grants, its identity link (identity, verified birth
-- date, "not my images" suspension) and its consent acceptances. Both the old and the new owner are bumped.
CREATE FUNCTION access_version_on_account_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        PERFORM access_version_bump(OLD.account_id);
    END IF;
    IF TG_OP <> 'DELETE' AND (TG_OP = 'INSERT' OR NEW.account_id IS DISTINCT FROM OLD.account_id) THEN
        PERFORM access_version_bump(NEW.account_id);
    END IF;
    RETURN NULL;
END
$$;

-- Changes that concern everyone (consent documents) and TRUNCATE of any input table bump row 0.
CREATE FUNCTION access_version_on_any_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM access_version_bump(0);
    RETURN NULL;
END
$$;

CREATE TRIGGER access_grant_access_version AFTER INSERT OR UPDATE OR DELETE ON access_grant
    FOR EACH ROW EXECUTE FUNCTION access_version_on_account_row();
CREATE TRIGGER patient_identity_link_access_version AFTER INSERT OR UPDATE OR DELETE ON patient_identity_link
    FOR EACH ROW EXECUTE FUNCTION access_version_on_account_row();
CREATE TRIGGER consent_acceptance_access_version AFTER INSERT OR UPDATE OR DELETE ON consent_acceptance
    FOR EACH ROW EXECUTE FUNCTION access_version_on_account_row();
CREATE TRIGGER consent_document_access_version AFTER INSERT OR UPDATE OR DELETE ON consent_document
    FOR EACH STATEMENT EXECUTE FUNCTION access_version_on_any_change();

CREATE TRIGGER access_grant_access_version_truncate AFTER TRUNCATE ON access_grant
    FOR EACH STATEMENT EXECUTE FUNCTION access_version_on_any_change();
CREATE TRIGGER patient_identity_link_access_version_truncate AFTER TRUNCATE ON patient_identity_link
    FOR EACH STATEMENT EXECUTE FUNCTION access_version_on_any_change();
CREATE TRIGGER consent_acceptance_access_version_truncate AFTER TRUNCATE ON consent_acceptance
    FOR EACH STATEMENT EXECUTE FUNCTION access_version_on_any_change();
CREATE TRIGGER consent_document_access_version_truncate AFTER TRUNCATE ON consent_document
    FOR EACH STATEMENT EXECUTE FUNCTION access_version_on_any_change();
