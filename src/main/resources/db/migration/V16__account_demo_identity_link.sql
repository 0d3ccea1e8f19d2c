-- The demo profile links its patient account to a synthetic PACS patient at start-up; mark such links as DEMO so
-- they stay apart from staff decisions. (V12 is already applied where main ran, so it is not edited.)
ALTER TABLE patient_identity_link DROP CONSTRAINT patient_identity_link_method_check;
ALTER TABLE patient_identity_link ADD CONSTRAINT patient_identity_link_method_check
    CHECK (method IN ('ACTIVATION', 'STAFF_VERIFIED', 'DEMO'));
