-- Transactional outbox for the portal's emails (issue 17): a row is written in the same transaction as the event
-- that causes the email, and a worker sends it afterwards, retrying with backoff, so a crash or an SMTP outage loses
-- nothing. The body (which can hold a single-use link) is erased once the email is sent.
CREATE TABLE mail_outbox (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind            VARCHAR(64)  NOT NULL,
    recipient       VARCHAR(320) NOT NULL,
    sender          VARCHAR(320) NOT NULL,
    subject         VARCHAR(500) NOT NULL,
    body            TEXT,
    status          VARCHAR(16)  NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'SENT', 'FAILED')),
    attempts        INTEGER      NOT NULL DEFAULT 0,
    created_at      TIMESTAMPTZ  NOT NULL,
    next_attempt_at TIMESTAMPTZ  NOT NULL,
    sent_at         TIMESTAMPTZ,
    last_error      VARCHAR(1000)
);

CREATE INDEX mail_outbox_due ON mail_outbox (next_attempt_at) WHERE status = 'PENDING';
CREATE INDEX mail_outbox_created ON mail_outbox (created_at DESC);
