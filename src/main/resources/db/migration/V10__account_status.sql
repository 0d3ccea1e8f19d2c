-- Issue 4: self-registered accounts cannot sign in before their email address is verified; the password's age
-- lets later work expire links and sessions that predate a change.
ALTER TABLE account ADD COLUMN email_verified      BOOLEAN     NOT NULL DEFAULT TRUE;
ALTER TABLE account ADD COLUMN password_changed_at TIMESTAMPTZ;
