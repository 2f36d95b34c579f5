-- A certificate register as lms-bridge wrote it before reissue (schema version 0: no
-- replaced_by, one certificate per learner and course whatever its status). Two learners of
-- course F2F-OLD, one of them revoked.
CREATE TABLE IF NOT EXISTS certificates (
    code TEXT PRIMARY KEY,
    username TEXT NOT NULL,
    fullname TEXT NOT NULL,
    course_id TEXT NOT NULL,
    course_title TEXT NOT NULL,
    lang TEXT NOT NULL,
    hours REAL,
    completed_on TEXT NOT NULL,
    issued_at TEXT NOT NULL,
    source TEXT NOT NULL CHECK (source IN ('moodle', 'csv', 'customcert')),
    external_code TEXT UNIQUE,
    pdf_path TEXT,
    pdf_sha256 TEXT
);
CREATE UNIQUE INDEX IF NOT EXISTS one_per_learner_and_course
    ON certificates (course_id, username) WHERE source != 'customcert';
CREATE TABLE IF NOT EXISTS revocations (
    code TEXT PRIMARY KEY REFERENCES certificates (code),
    reason TEXT NOT NULL,
    revoked_at TEXT NOT NULL
);
INSERT INTO certificates VALUES ('{ARBER}', 'arber.hoxha', 'Arber Hoxha', 'F2F-OLD',
    'Menaxhimi i ankesave të qytetarëve', 'sq', 12, '2026-10-20', '2026-10-21T09:00:00+00:00',
    'csv', NULL, NULL, NULL);
INSERT INTO certificates VALUES ('{IVAN}', 'ivan.petrov', 'Иван Петров', 'F2F-OLD',
    'Menaxhimi i ankesave të qytetarëve', 'sq', 8, '2026-10-21', '2026-10-21T09:00:00+00:00',
    'csv', NULL, NULL, NULL);
INSERT INTO revocations VALUES ('{IVAN}', 'Attendance below 80%', '2026-10-22T10:00:00+00:00');
