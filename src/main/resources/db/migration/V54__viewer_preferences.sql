-- The viewer's light/dark choice, remembered per account (issue 15). No row means the default: dark, because a dark
-- surround shows X-rays best. Deleted with the account.
CREATE TABLE viewer_preference (
    account_id BIGINT      PRIMARY KEY REFERENCES account (id) ON DELETE CASCADE,
    theme      VARCHAR(8)  NOT NULL CHECK (theme IN ('DARK', 'LIGHT')),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
