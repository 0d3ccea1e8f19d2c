-- What a self-registered patient says about themselves, waiting in the staff queue "identities to verify" until
-- staff link the account to a PACS identity or reject the claim with a reason (issue 4).
CREATE TABLE identity_claim (
    account_id   BIGINT       PRIMARY KEY REFERENCES account (id),
    full_name    VARCHAR(200) NOT NULL,
    birth_date   DATE         NOT NULL,
    status       VARCHAR(16)  NOT NULL CHECK (status IN ('PENDING', 'LINKED', 'REJECTED')),
    submitted_at TIMESTAMPTZ  NOT NULL,
    decided_by   BIGINT       REFERENCES account (id),
    decided_at   TIMESTAMPTZ,
    reason       VARCHAR(500)
);

CREATE INDEX identity_claim_pending_idx ON identity_claim (submitted_at) WHERE status = 'PENDING';
