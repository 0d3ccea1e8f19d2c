-- The link from a patient account to its PACS identity (DESIGN.md invariant 1): THE source of a patient's PatientID
-- and IssuerOfPatientID for every later feature. Made only by a staff-issued activation code or a staff decision.
CREATE TABLE patient_identity_link (
    account_id           BIGINT      PRIMARY KEY REFERENCES account (id),
    patient_id           VARCHAR(64) NOT NULL,
    -- '' when the clinic uses a single issuer, so the unique index below also covers that case.
    issuer_of_patient_id VARCHAR(64) NOT NULL DEFAULT '',
    linked_at            TIMESTAMPTZ NOT NULL,
    linked_by            BIGINT      REFERENCES account (id),
    method               VARCHAR(16) NOT NULL CHECK (method IN ('ACTIVATION', 'STAFF_VERIFIED'))
);

-- One portal account per PACS identity.
CREATE UNIQUE INDEX patient_identity_link_identity_key ON patient_identity_link (patient_id, issuer_of_patient_id);

-- One-time activation codes issued by staff for a PACS identity. Only a SHA-256 hash of the code is kept: codes
-- carry about 78 random bits, so a fast hash is enough and lets the code itself be the lookup key.
CREATE TABLE activation_code (
    id                   BIGINT       GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code_hash            CHAR(64)     NOT NULL UNIQUE,
    patient_id           VARCHAR(64)  NOT NULL,
    issuer_of_patient_id VARCHAR(64)  NOT NULL DEFAULT '',
    patient_name         VARCHAR(200) NOT NULL,
    birth_date           DATE         NOT NULL,
    issued_by            BIGINT       NOT NULL REFERENCES account (id),
    issued_at            TIMESTAMPTZ  NOT NULL,
    expires_at           TIMESTAMPTZ  NOT NULL,
    -- Wrong dates of birth entered with this code; the code dies at the limit.
    failed_attempts      INT          NOT NULL DEFAULT 0,
    used_at              TIMESTAMPTZ,
    used_by              BIGINT       REFERENCES account (id),
    revoked_at           TIMESTAMPTZ
);

CREATE INDEX activation_code_identity_idx ON activation_code (patient_id, issuer_of_patient_id);
