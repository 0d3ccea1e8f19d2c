-- Patients' questions about one of their studies, and the clinic's answers (issue 6). Status moves only forward:
-- OPEN -> IN_PROGRESS -> ANSWERED -> CLOSED; each change is a guarded UPDATE ... WHERE status = <expected>.
CREATE TABLE consultation_request (
    id                BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id        BIGINT        NOT NULL REFERENCES account (id),
    patient_id        VARCHAR(64)   NOT NULL,
    issuer_of_patient_id VARCHAR(64),
    study_uid         VARCHAR(64)   NOT NULL,
    study_date        DATE,
    study_description VARCHAR(200),
    question          VARCHAR(2000) NOT NULL,
    contact_method    VARCHAR(8)    NOT NULL CHECK (contact_method IN ('PHONE', 'EMAIL', 'PORTAL')),
    phone             VARCHAR(40),
    preferred_times   VARCHAR(200),
    status            VARCHAR(16)   NOT NULL CHECK (status IN ('OPEN', 'IN_PROGRESS', 'ANSWERED', 'CLOSED')),
    created_at        TIMESTAMPTZ   NOT NULL,
    started_at        TIMESTAMPTZ,
    started_by        BIGINT        REFERENCES account (id),
    answer            VARCHAR(4000),
    answered_at       TIMESTAMPTZ,
    answered_by       BIGINT        REFERENCES account (id),
    closed_at         TIMESTAMPTZ,
    CHECK (contact_method <> 'PHONE' OR phone IS NOT NULL),
    CHECK ((status IN ('ANSWERED', 'CLOSED')) = (answer IS NOT NULL AND answered_at IS NOT NULL)),
    CHECK ((status = 'CLOSED') = (closed_at IS NOT NULL))
);

CREATE INDEX consultation_request_queue_idx ON consultation_request (status, created_at);
CREATE INDEX consultation_request_account_idx ON consultation_request (account_id, created_at DESC);
