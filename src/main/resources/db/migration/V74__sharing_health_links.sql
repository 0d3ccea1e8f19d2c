-- SMART Health Links of a share (issue 19). The manifest URL's random id (256 bits) is stored only as its SHA-256,
-- like the share's token. The files' key (32 random bytes, in the link's payload) is stored only wrapped: a JWE
-- (dir, A256GCM) under a key derived from the manifest id, which the database does not hold; so a copy of the
-- database opens neither the manifest nor the files. A link ends with its share (expiry, revocation, lock, and the
-- patient's access rules on every request).
CREATE TABLE share_health_link (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    share_id      BIGINT       NOT NULL REFERENCES share (id),
    manifest_hash CHAR(64)     NOT NULL UNIQUE,
    wrapped_key   VARCHAR(300) NOT NULL,
    created_at    TIMESTAMPTZ  NOT NULL
);

CREATE INDEX share_health_link_share ON share_health_link (share_id);

-- A manifest file served by `location` (when it is longer than the app's embeddedLengthMax): the encrypted JWE
-- itself (the key is not here), one use, a few minutes at most; the location's random id stored as its SHA-256.
CREATE TABLE share_health_link_file (
    location_hash  CHAR(64)    PRIMARY KEY,
    health_link_id BIGINT      NOT NULL REFERENCES share_health_link (id),
    jwe            TEXT        NOT NULL,
    expires_at     TIMESTAMPTZ NOT NULL
);

-- The bearer token of the share-scoped DICOMweb endpoint named in a manifest's Endpoint resource: 256 random bits,
-- stored as its SHA-256, short-lived (at most an hour, never past the share's expiry), bound to one share.
CREATE TABLE share_dicomweb_token (
    token_hash     CHAR(64)    PRIMARY KEY,
    share_id       BIGINT      NOT NULL REFERENCES share (id),
    health_link_id BIGINT      NOT NULL REFERENCES share_health_link (id),
    created_at     TIMESTAMPTZ NOT NULL,
    expires_at     TIMESTAMPTZ NOT NULL
);

CREATE INDEX share_dicomweb_token_share ON share_dicomweb_token (share_id);
CREATE INDEX share_dicomweb_token_expires ON share_dicomweb_token (expires_at);

-- What a token has already recorded in the audit trail (each study, each series), as share_session_seen does for
-- the recipient's browser session.
CREATE TABLE share_dicomweb_seen (
    token_hash CHAR(64)     NOT NULL REFERENCES share_dicomweb_token (token_hash) ON DELETE CASCADE,
    seen       VARCHAR(200) NOT NULL,
    PRIMARY KEY (token_hash, seen)
);

-- A manifest fetched by an app with the right passcode shows in the patient's list of accesses as its own kind.
ALTER TABLE share_access DROP CONSTRAINT share_access_kind_check;
ALTER TABLE share_access ADD CONSTRAINT share_access_kind_check
    CHECK (kind IN ('OPENED', 'DOWNLOADED', 'FAILED', 'LINK_OPENED'));
