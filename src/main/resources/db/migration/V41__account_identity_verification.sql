-- Issue 10: every account-patient link is checked against the PACS, re-checked on each study, and reversible.

-- What staff verified when they made the link: the PACS's birth date for that exact identity (NULL for links made
-- before this migration, which the access policy therefore cannot re-check; see identity_alert below), whether the
-- identity had no study in the PACS yet (an explicit, audited choice), and whether the patient reported "these are not
-- my images", which suspends all image access until staff resolve it.
ALTER TABLE patient_identity_link ADD COLUMN verified_birth_date DATE;
ALTER TABLE patient_identity_link ADD COLUMN no_study_yet BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE patient_identity_link ADD COLUMN images_suspended_at TIMESTAMPTZ;

-- Existing links get the birth date they were made with (the activation code's, or the self-registered claim's), so
-- the access policy re-checks every study of a link made before the PACS check existed. The identity is not touched.
UPDATE patient_identity_link l SET verified_birth_date = c.birth_date
FROM activation_code c WHERE c.used_by = l.account_id AND l.method = 'ACTIVATION';
UPDATE patient_identity_link l SET verified_birth_date = c.birth_date
FROM identity_claim c WHERE c.account_id = l.account_id AND l.method = 'STAFF_VERIFIED';

-- A code issued for an identity with no study in the PACS yet (staff's explicit choice) carries that into the link.
ALTER TABLE activation_code ADD COLUMN no_study_yet BOOLEAN NOT NULL DEFAULT FALSE;

-- Problems with an identity that staff must look at, shown in the staff queue until resolved. Raised by the access
-- policy (a study whose PatientBirthDate differs from the verified one), by the patient ("not my images"), and by this
-- migration (stored identities that break the identity rules; they are reported, never rewritten).
CREATE TABLE identity_alert (
    id                   BIGINT       GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind                 VARCHAR(32)  NOT NULL
        CHECK (kind IN ('BIRTH_DATE_MISMATCH', 'NOT_MY_IMAGES', 'INVALID_STORED_IDENTITY')),
    account_id           BIGINT       REFERENCES account (id),
    patient_id           VARCHAR(64)  NOT NULL,
    issuer_of_patient_id VARCHAR(64)  NOT NULL DEFAULT '',
    -- The study concerned, '' when the alert is about the identity as a whole (so the dedup index below works).
    study_uid            VARCHAR(64)  NOT NULL DEFAULT '',
    detail               VARCHAR(500),
    raised_at            TIMESTAMPTZ  NOT NULL,
    resolved_at          TIMESTAMPTZ,
    resolved_by          BIGINT       REFERENCES account (id),
    resolution           VARCHAR(500)
);

-- One open alert per account, kind and study: the policy may see the same mismatch on every request.
CREATE UNIQUE INDEX identity_alert_open_key
    ON identity_alert (kind, COALESCE(account_id, 0), patient_id, issuer_of_patient_id, study_uid)
    WHERE resolved_at IS NULL;

-- Report (not rewrite) stored identities that break the rules of shared.PatientIdentity: empty, backslash, control
-- characters, '*' or '?', or leading/trailing spaces. Links and unused activation codes are checked.
INSERT INTO identity_alert (kind, account_id, patient_id, issuer_of_patient_id, detail, raised_at)
SELECT 'INVALID_STORED_IDENTITY', account_id, patient_id, issuer_of_patient_id,
       'patient_identity_link breaks the identity rules (reported by V41, not changed)', now()
FROM patient_identity_link
WHERE btrim(patient_id) = '' OR patient_id <> btrim(patient_id) OR issuer_of_patient_id <> btrim(issuer_of_patient_id)
   OR patient_id ~ '[\\*?[:cntrl:]]' OR issuer_of_patient_id ~ '[\\*?[:cntrl:]]';

INSERT INTO identity_alert (kind, account_id, patient_id, issuer_of_patient_id, detail, raised_at)
SELECT DISTINCT 'INVALID_STORED_IDENTITY', NULL::BIGINT, patient_id, issuer_of_patient_id,
       'unused activation_code breaks the identity rules (reported by V41, not changed)', now()
FROM activation_code
WHERE used_at IS NULL AND revoked_at IS NULL
  AND (btrim(patient_id) = '' OR patient_id <> btrim(patient_id) OR issuer_of_patient_id <> btrim(issuer_of_patient_id)
       OR patient_id ~ '[\\*?[:cntrl:]]' OR issuer_of_patient_id ~ '[\\*?[:cntrl:]]')
ON CONFLICT DO NOTHING;

DO $$
DECLARE
    found bigint;
BEGIN
    SELECT count(*) INTO found FROM identity_alert WHERE kind = 'INVALID_STORED_IDENTITY';
    IF found > 0 THEN
        RAISE WARNING 'V41: % stored patient identities break the identity rules; see the staff identity alerts', found;
    END IF;
END
$$;
