-- Portal accounts. One role per account (DESIGN.md section 2). Email is the sign-in name, unique ignoring case.
CREATE TABLE account (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email         VARCHAR(320) NOT NULL,
    display_name  VARCHAR(200) NOT NULL,
    role          VARCHAR(16)  NOT NULL CHECK (role IN ('PATIENT', 'STAFF', 'ADMIN')),
    -- NULL until the person sets a password (staff/admin invitations, issue 4).
    password_hash VARCHAR(255),
    enabled       BOOLEAN      NOT NULL DEFAULT TRUE,
    created_at    TIMESTAMPTZ  NOT NULL DEFAULT now()
);

CREATE UNIQUE INDEX account_email_key ON account (lower(email));
