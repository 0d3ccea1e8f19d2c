-- One pending access request per patient and scope (issue 16): a double click on "Send request", or two tabs, must
-- not queue the same request twice. The service refuses a second one; this index makes two concurrent submits leave
-- exactly one row. Scope columns that do not apply are NULL, so they are folded to a constant (NULL is distinct in a
-- unique index).
--
-- Duplicates queued before this release: the oldest pending request of each scope stays (it has the earliest legal
-- due date); the later copies are marked withdrawn at the time of the upgrade so the index can be built.
UPDATE access_request later
SET status = 'WITHDRAWN', withdrawn_at = now()
WHERE later.status = 'SUBMITTED'
  AND EXISTS (SELECT 1
              FROM access_request earlier
              WHERE earlier.status = 'SUBMITTED'
                AND earlier.account_id = later.account_id
                AND earlier.scope = later.scope
                AND earlier.study_uid IS NOT DISTINCT FROM later.study_uid
                AND earlier.date_from IS NOT DISTINCT FROM later.date_from
                AND earlier.date_to IS NOT DISTINCT FROM later.date_to
                AND (earlier.submitted_at, earlier.id) < (later.submitted_at, later.id));

CREATE UNIQUE INDEX access_request_one_pending_per_scope_idx
    ON access_request (account_id, scope, COALESCE(study_uid, ''), COALESCE(date_from, DATE '0001-01-01'),
                       COALESCE(date_to, DATE '0001-01-01'))
    WHERE status = 'SUBMITTED';
