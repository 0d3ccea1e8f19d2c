-- Failed sign-ins per account (by the email typed, whether or not it exists) and per client address, in the
-- database so that every application node sees the same counts (issue 4, "Throttling and lockout").
CREATE TABLE sign_in_throttle (
    scope           VARCHAR(8)   NOT NULL CHECK (scope IN ('ACCOUNT', 'ADDRESS')),
    subject         VARCHAR(320) NOT NULL,
    failures        INT          NOT NULL,
    last_failure_at TIMESTAMPTZ  NOT NULL,
    blocked_until   TIMESTAMPTZ,
    -- Set after the hard limit of consecutive failures; only an admin can clear it.
    locked          BOOLEAN      NOT NULL DEFAULT FALSE,
    PRIMARY KEY (scope, subject)
);
