-- Emails that anyone can make the portal send (registration, password reset) are counted per recipient and per client
-- address in fixed windows, in the database so that every application node sees the same counts (issue 12).
CREATE TABLE mail_rate_limit (
    scope        VARCHAR(9)   NOT NULL CHECK (scope IN ('RECIPIENT', 'ADDRESS')),
    subject      VARCHAR(320) NOT NULL,
    window_start TIMESTAMPTZ  NOT NULL,
    sent         INT          NOT NULL,
    PRIMARY KEY (scope, subject)
);
