-- What the generated register lacks for the disclosure lists, added in bulk (idempotent: it
-- does nothing when the bench venue exists). Seed data, written in SQL like the loader's COPY.
--   * 5% of licences cancelled or revoked in the last 300 days (licenses_void);
--   * 150,000 candidates of the seeded driving schools, each sitting subject 1 in one of the
--     last 12 complete months, a failure retaken (driving_school_pass_rates);
--   * a published exam plan for each of the next 30 days, 3 sessions a day (exam_plan);
--   * the school of every licence first issued in the last 3 years (new_driver_rates);
--   * classes cancelled, school-bus qualifications void, vehicles scrapped by force.
\set ON_ERROR_STOP on
BEGIN;
SELECT EXISTS (SELECT 1 FROM exams_examvenue WHERE code = 'BENCH-KC') AS done \gset
\if :done
  \echo 'bench events already added'
\else
UPDATE drivers_drivinglicense
   SET status = CASE WHEN id % 40 = 0 THEN 'cancelled' ELSE 'revoked' END,
       status_changed_on = current_date - (id % 300)::int
 WHERE id % 20 = 0 AND status = 'valid';

INSERT INTO exams_examvenue (code, name, region_code, address, is_active, is_county_level)
VALUES ('BENCH-KC', '基准考场', '320100', '', true, false);

-- One plan a month for the last 12 complete months, and one a day for the next 30 days.
INSERT INTO exams_examplan (venue_id, exam_on, published_at, created_at)
SELECT v.id, d::date, now(), now()
  FROM exams_examvenue v,
       (SELECT (date_trunc('month', current_date) - make_interval(months => m) + interval '9 days') AS d
          FROM generate_series(1, 12) m
        UNION ALL SELECT current_date + n FROM generate_series(1, 30) n) days
 WHERE v.code = 'BENCH-KC';

INSERT INTO exams_examsession (plan_id, code, subject, license_class, starts_at, capacity, province_code)
SELECT p.id, 'BENCH-' || p.exam_on || '-' || s.subject, s.subject, 'C1', s.starts_at, 20000, '32'
  FROM exams_examplan p JOIN exams_examvenue v ON v.id = p.venue_id AND v.code = 'BENCH-KC',
       (VALUES ('subject_1', time '08:30'), ('subject_2', time '10:30'), ('subject_3', time '14:00'))
         AS s(subject, starts_at);

CREATE TEMP TABLE bench_candidates AS
SELECT p.id AS person_id, row_number() OVER (ORDER BY p.id) AS n
  FROM identity_person p
 WHERE NOT EXISTS (SELECT 1 FROM drivers_drivinglicense l WHERE l.person_id = p.id)
 LIMIT 150000;

INSERT INTO exams_licenseapplication
  (number, license_class, held_classes, accepted_at, status, driving_school_id, person_id,
   basis, exam_region_code, void_reason)
SELECT 'BENCH' || lpad(c.n::text, 10, '0'), 'C1', '', now() - interval '400 days', 'active',
       (SELECT id FROM identity_organization WHERE kind = 'driving_school'
         ORDER BY id OFFSET (c.n % 334) LIMIT 1),
       c.person_id, 'ordinary', '320100', ''
  FROM bench_candidates c;

INSERT INTO exams_exambooking (application_id, session_id, subject, exam_on, status, outcome, created_at)
SELECT a.id, s.id, 'subject_1', p.exam_on, 'closed',
       CASE WHEN a.id % 10 < 7 OR a.id % 3 = 0 THEN 'passed' ELSE 'failed' END,
       p.exam_on - 10
  FROM exams_licenseapplication a
  JOIN exams_examplan p ON p.exam_on = (date_trunc('month', current_date)
        - make_interval(months => 1 + (a.id % 12)::int) + interval '9 days')::date
  JOIN exams_examvenue v ON v.id = p.venue_id AND v.code = 'BENCH-KC'
  JOIN exams_examsession s ON s.plan_id = p.id AND s.subject = 'subject_1'
 WHERE a.number LIKE 'BENCH%';

INSERT INTO exams_examattempt (booking_id, number, passed, score, taken_at)
SELECT b.id, 1, b.application_id % 10 < 7, 80, b.exam_on + time '09:00'
  FROM exams_exambooking b JOIN exams_licenseapplication a ON a.id = b.application_id
 WHERE a.number LIKE 'BENCH%';
INSERT INTO exams_examattempt (booking_id, number, passed, score, taken_at)
SELECT b.id, 2, b.application_id % 3 = 0, 85, b.exam_on + time '11:00'
  FROM exams_exambooking b JOIN exams_licenseapplication a ON a.id = b.application_id
 WHERE a.number LIKE 'BENCH%' AND b.application_id % 10 >= 7;
\endif

-- Every licence first issued in the last 3 years gets the school that trained its holder (a
-- licensed application), for new_driver_rates; its own guard, so older bench databases get it.
SELECT EXISTS (SELECT 1 FROM exams_licenseapplication WHERE number LIKE 'BENCHL%') AS trained \gset
\if :trained
  \echo 'bench trained drivers already added'
\else
CREATE TEMP TABLE bench_schools AS
SELECT id, row_number() OVER (ORDER BY id) - 1 AS n FROM identity_organization
 WHERE kind = 'driving_school';
INSERT INTO exams_licenseapplication
  (number, license_class, held_classes, accepted_at, status, driving_school_id, person_id,
   basis, exam_region_code, void_reason)
SELECT 'BENCHL' || lpad(l.id::text, 12, '0'), 'C1', '', l.first_issued_on - 90, 'licensed',
       s.id, l.person_id, 'ordinary', '320100', ''
  FROM drivers_drivinglicense l
  JOIN bench_schools s ON s.n = l.id % (SELECT count(*) FROM bench_schools)
 WHERE l.first_issued_on > current_date - interval '3 years';
\endif
-- The event lists (issue 17): 1 valid licence in 200 has a class cancelled in probation, 1 in
-- 500 a school-bus qualification (half of them cancelled, half of those with the licence not
-- recovered), 1 vehicle in 1,000 scrapped by force (deregistered). Decisions with social
-- impact need penalty decisions, which the generator does not make: that list stays empty.
SELECT EXISTS (SELECT 1 FROM drivers_classcancellation) AS events_done \gset
\if :events_done
  \echo 'bench event records already added'
\else
INSERT INTO drivers_classcancellation (license_id, license_class, reason, cancelled_on)
SELECT id, 'B2', 'probation_full_score', current_date - (id % 300)::int
  FROM drivers_drivinglicense WHERE id % 200 = 7 AND status = 'valid';
INSERT INTO drivers_schoolbusqualification
  (license_id, granted_on, cancelled_on, cancel_reason, license_recovered)
SELECT id, current_date - 1500,
       CASE WHEN (id / 500) % 2 = 0 THEN current_date - (id % 300)::int END,
       CASE WHEN (id / 500) % 2 = 0 THEN 'over_age' ELSE '' END,
       (id / 500) % 4 = 2
  FROM drivers_drivinglicense WHERE id % 500 = 11 AND status = 'valid';
INSERT INTO vehicles_forcedscrapping (vehicle_id, confiscated_on, authority)
SELECT id, current_date - (id % 300)::int, '南京市公安局交通管理局'
  FROM vehicles_vehicle WHERE id % 1000 = 3 AND status = 'normal';
UPDATE vehicles_vehicle SET status = 'deregistered'
 WHERE id IN (SELECT vehicle_id FROM vehicles_forcedscrapping);
\endif
COMMIT;
ANALYZE;
