-- Shares (issue 19): a patient's link for an outside clinician. The link's token is never stored, only its SHA-256;
-- the passcode only as a slow password hash (NULL when the clinic uses the patient's birth date as second factor).
-- Failed passcodes are counted on the share itself (back-off, then locked), and per client address in
-- share_address_throttle, so guesses at many links from one address slow down too.
CREATE TABLE share (
    id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id       BIGINT       NOT NULL REFERENCES account (id),
    token_hash       CHAR(64)     NOT NULL UNIQUE,
    recipient        VARCHAR(200) NOT NULL,
    second_factor    VARCHAR(16)  NOT NULL CHECK (second_factor IN ('PASSCODE', 'BIRTH_DATE')),
    passcode_hash    VARCHAR(255),
    allow_download   BOOLEAN      NOT NULL,
    created_at       TIMESTAMPTZ  NOT NULL,
    expires_at       TIMESTAMPTZ  NOT NULL,
    revoked_at       TIMESTAMPTZ,
    failed_attempts  INTEGER      NOT NULL DEFAULT 0,
    blocked_until    TIMESTAMPTZ,
    locked_at        TIMESTAMPTZ,
    CHECK (expires_at > created_at),
    CHECK (second_factor = 'BIRTH_DATE' OR passcode_hash IS NOT NULL)
);

CREATE INDEX share_account ON share (account_id, created_at DESC);

CREATE TABLE share_study (
    share_id  BIGINT      NOT NULL REFERENCES share (id),
    study_uid VARCHAR(64) NOT NULL,
    position  INTEGER     NOT NULL,
    PRIMARY KEY (share_id, study_uid)
);

-- Each opening by the recipient (passcode accepted) and each download, for the patient's list of shares.
CREATE TABLE share_access (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    share_id    BIGINT      NOT NULL REFERENCES share (id),
    occurred_at TIMESTAMPTZ NOT NULL,
    kind        VARCHAR(16) NOT NULL CHECK (kind IN ('OPENED', 'DOWNLOADED', 'FAILED')),
    device      VARCHAR(16) NOT NULL
);

CREATE INDEX share_access_share ON share_access (share_id, occurred_at DESC);

-- The recipient's short session, bound to one share, apart from the portal's sign-in sessions: its cookie holds a
-- random id, stored here only as its SHA-256.
CREATE TABLE share_session (
    id_hash      CHAR(64)    PRIMARY KEY,
    share_id     BIGINT      NOT NULL REFERENCES share (id),
    created_at   TIMESTAMPTZ NOT NULL,
    last_seen_at TIMESTAMPTZ NOT NULL
);

CREATE INDEX share_session_share ON share_session (share_id);
CREATE INDEX share_session_created ON share_session (created_at);

CREATE TABLE share_address_throttle (
    address         VARCHAR(64) PRIMARY KEY,
    failures        INTEGER     NOT NULL,
    last_failure_at TIMESTAMPTZ NOT NULL,
    blocked_until   TIMESTAMPTZ
);

-- What a share session has already recorded in the audit trail (the study, each series), so that zoom and pan do
-- not write an event per frame; the row and its audit event are written in one transaction.
CREATE TABLE share_session_seen (
    id_hash CHAR(64)     NOT NULL REFERENCES share_session (id_hash) ON DELETE CASCADE,
    seen    VARCHAR(200) NOT NULL,
    PRIMARY KEY (id_hash, seen)
);
