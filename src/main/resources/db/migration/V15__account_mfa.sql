-- Second factor (issue 4): a TOTP secret (RFC 6238) per account and one-time recovery codes (stored as SHA-256).
CREATE TABLE mfa_totp (
    account_id     BIGINT      PRIMARY KEY REFERENCES account (id),
    -- Base32, as shown to the authenticator app. Needed in clear to compute codes.
    secret         VARCHAR(64) NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL,
    -- NULL until the person proved their app works by entering a code.
    confirmed_at   TIMESTAMPTZ,
    -- The last time step accepted, so a code cannot be replayed.
    last_used_step BIGINT      NOT NULL DEFAULT 0
);

CREATE TABLE mfa_recovery_code (
    account_id BIGINT      NOT NULL REFERENCES account (id),
    code_hash  CHAR(64)    NOT NULL,
    used_at    TIMESTAMPTZ,
    PRIMARY KEY (account_id, code_hash)
);
