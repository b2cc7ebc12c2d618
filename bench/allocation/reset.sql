-- Undo a close of the BENCH window so `jiaoguan exams close BENCH` can run again:
--   psql jg_exams -f bench/allocation/reset.sql
DELETE FROM exams_allocationresult; DELETE FROM exams_exambooking; DELETE FROM exams_allocationpublication;
UPDATE exams_bookingwindow SET status='open', input_sha256='', result_sha256='', allocated_at=NULL;
UPDATE exams_windowsession SET seats_offered=NULL;
VACUUM ANALYZE exams_allocationresult; VACUUM ANALYZE exams_exambooking;
