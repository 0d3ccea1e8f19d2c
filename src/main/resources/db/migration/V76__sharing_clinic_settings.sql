-- The clinic's sharing controls set by an admin (issue 19, Deliver 5): one row at most. Without it the portal uses
-- the configuration (portal.sharing.*). Read on every sharing request, so a change takes effect at once on every node.
CREATE TABLE sharing_settings (
    id               SMALLINT    PRIMARY KEY CHECK (id = 1),
    enabled          BOOLEAN     NOT NULL,
    max_expiry_hours INTEGER     NOT NULL CHECK (max_expiry_hours BETWEEN 1 AND 720),
    download         VARCHAR(16) NOT NULL CHECK (download IN ('OFF_BY_DEFAULT', 'ON_BY_DEFAULT', 'FORBIDDEN')),
    second_factor    VARCHAR(16) NOT NULL CHECK (second_factor IN ('PASSCODE', 'BIRTH_DATE')),
    changed_at       TIMESTAMPTZ NOT NULL,
    changed_by       BIGINT      REFERENCES account (id)
);
