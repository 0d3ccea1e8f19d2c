-- Patients' requests for access to their images, staff decisions with the HIPAA 30-day clock, and the grants that
-- approvals create (DESIGN.md section 4). A grant is what the access policy reads on every request for patient data.
CREATE TABLE access_request (
    id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id       BIGINT        NOT NULL REFERENCES account (id),
    scope            VARCHAR(16)   NOT NULL CHECK (scope IN ('ALL_STUDIES', 'ONE_STUDY', 'DATE_RANGE')),
    study_uid        VARCHAR(64),
    date_from        DATE,
    date_to          DATE,
    message          VARCHAR(2000),
    preferred_format VARCHAR(16)   NOT NULL CHECK (preferred_format IN ('VIEW', 'DOWNLOAD')),
    status           VARCHAR(16)   NOT NULL CHECK (status IN ('SUBMITTED', 'APPROVED', 'DENIED', 'WITHDRAWN')),
    submitted_at     TIMESTAMPTZ   NOT NULL,
    -- 30 calendar days after submission; moved once by an extension of at most 30 more days.
    due_at           TIMESTAMPTZ   NOT NULL,
    extended_at      TIMESTAMPTZ,
    extended_by      BIGINT        REFERENCES account (id),
    extension_reason VARCHAR(2000),
    decided_at       TIMESTAMPTZ,
    decided_by       BIGINT        REFERENCES account (id),
    decision_reason  VARCHAR(2000),
    withdrawn_at     TIMESTAMPTZ,
    CHECK ((scope = 'ONE_STUDY') = (study_uid IS NOT NULL)),
    CHECK ((scope = 'DATE_RANGE') = (date_from IS NOT NULL AND date_to IS NOT NULL)),
    CHECK (date_from IS NULL OR date_from <= date_to),
    CHECK ((extended_at IS NULL) = (extension_reason IS NULL)),
    CHECK ((status IN ('APPROVED', 'DENIED')) = (decided_at IS NOT NULL)),
    CHECK (status <> 'DENIED' OR decision_reason IS NOT NULL),
    CHECK ((status = 'WITHDRAWN') = (withdrawn_at IS NOT NULL))
);

CREATE INDEX access_request_queue_idx ON access_request (status, submitted_at);
CREATE INDEX access_request_account_idx ON access_request (account_id, submitted_at DESC);

CREATE TABLE access_grant (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    request_id     BIGINT        NOT NULL UNIQUE REFERENCES access_request (id),
    account_id     BIGINT        NOT NULL REFERENCES account (id),
    scope          VARCHAR(16)   NOT NULL CHECK (scope IN ('ALL_STUDIES', 'ONE_STUDY', 'DATE_RANGE')),
    study_uid      VARCHAR(64),
    date_from      DATE,
    date_to        DATE,
    allow_download BOOLEAN       NOT NULL,
    granted_at     TIMESTAMPTZ   NOT NULL,
    granted_by     BIGINT        NOT NULL REFERENCES account (id),
    expires_at     TIMESTAMPTZ,
    revoked_at     TIMESTAMPTZ,
    revoked_by     BIGINT        REFERENCES account (id),
    revoke_reason  VARCHAR(2000),
    CHECK ((scope = 'ONE_STUDY') = (study_uid IS NOT NULL)),
    CHECK ((scope = 'DATE_RANGE') = (date_from IS NOT NULL AND date_to IS NOT NULL)),
    CHECK (date_from IS NULL OR date_from <= date_to),
    CHECK (expires_at IS NULL OR expires_at > granted_at),
    CHECK ((revoked_at IS NULL) = (revoke_reason IS NULL))
);

CREATE INDEX access_grant_account_idx ON access_grant (account_id);
