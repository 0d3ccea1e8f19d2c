-- TOTP secrets are stored encrypted (AES-GCM, issue 12): "v1:<key id>:<base64url of IV and ciphertext>" no longer fits
-- the 64 characters of Base32. Secrets stored in clear before this version are encrypted at the next start by
-- account.TotpSecretEncryption, which needs the key from configuration and so cannot be a SQL migration.
ALTER TABLE mfa_totp ALTER COLUMN secret TYPE TEXT;
