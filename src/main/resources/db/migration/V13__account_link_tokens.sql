-- Single-use links sent by email: password reset, email verification, and the "set your password" invitation of new
-- staff and admin accounts. Only a SHA-256 hash of the 256-bit token is kept.
CREATE TABLE account_link_token (
    token_hash CHAR(64)    PRIMARY KEY,
    account_id BIGINT      NOT NULL REFERENCES account (id),
    purpose    VARCHAR(16) NOT NULL CHECK (purpose IN ('RESET', 'VERIFY_EMAIL', 'INVITATION')),
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL,
    used_at    TIMESTAMPTZ
);

CREATE INDEX account_link_token_account_idx ON account_link_token (account_id, purpose);
