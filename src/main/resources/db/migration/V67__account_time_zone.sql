-- The time zone a person reads times in (issue 16): set from their browser at their first sign-in, changeable on
-- the account page; pages and emails to them show times in it, with the zone named. NULL: the clinic's zone
-- (portal.display.time-zone). An IANA zone id such as Europe/Madrid.
ALTER TABLE account ADD COLUMN time_zone text CHECK (time_zone IS NULL OR time_zone ~ '^[A-Za-z0-9_+/-]{1,64}$');
