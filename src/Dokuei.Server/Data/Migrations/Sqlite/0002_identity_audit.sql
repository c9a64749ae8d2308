-- People (users with roles, TOTP, lockout), facility contracts, radiologist profiles and shifts; the hash-chained audit log.
ALTER TABLE facilities ADD COLUMN require_second_factor INTEGER NOT NULL DEFAULT 0;

CREATE TABLE users (
    id TEXT PRIMARY KEY,
    login TEXT NOT NULL UNIQUE,
    display_name_ja TEXT NOT NULL,
    display_name_en TEXT NOT NULL,
    email TEXT NULL,
    role TEXT NOT NULL,
    facility_id INTEGER NULL REFERENCES facilities (id),
    password_hash TEXT NOT NULL,
    totp_secret BLOB NULL,
    totp_confirmed_at TEXT NULL,
    totp_last_used_step INTEGER NULL,
    failed_attempts INTEGER NOT NULL,
    locked_until TEXT NULL,
    disabled INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    version INTEGER NOT NULL
);
CREATE INDEX ix_users_facility_id ON users (facility_id);

CREATE TABLE facility_contracts (
    facility_id INTEGER PRIMARY KEY REFERENCES facilities (id) ON DELETE CASCADE,
    service_menus TEXT NOT NULL,
    reading_modes TEXT NOT NULL,
    options TEXT NOT NULL,
    business_calendar TEXT NOT NULL,
    version INTEGER NOT NULL
);

CREATE TABLE radiologist_profiles (
    user_id TEXT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    years_of_experience INTEGER NOT NULL,
    certifications TEXT NOT NULL,
    specialties TEXT NOT NULL,
    modalities TEXT NOT NULL,
    languages TEXT NOT NULL,
    public_introduction TEXT NULL,
    internal_notes TEXT NULL,
    employment TEXT NULL,
    capacity INTEGER NOT NULL,
    conflict_facility_ids TEXT NOT NULL
);

CREATE TABLE radiologist_shifts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id TEXT NOT NULL REFERENCES radiologist_profiles (user_id) ON DELETE CASCADE,
    starts_at TEXT NOT NULL,
    ends_at TEXT NOT NULL
);
CREATE INDEX ix_radiologist_shifts_user_id ON radiologist_shifts (user_id, starts_at);

-- The plain audit table of 0001 is kept under another name; the chained log starts empty. occurred_at is text
-- (ISO 8601, UTC, microseconds) on every provider because the hash covers the value exactly as stored.
ALTER TABLE audit_events RENAME TO audit_events_v1;

CREATE TABLE audit_events (
    id INTEGER PRIMARY KEY,
    occurred_at TEXT NOT NULL,
    actor_id TEXT NULL,
    actor_name TEXT NULL,
    actor_role TEXT NULL,
    action TEXT NOT NULL,
    subject_type TEXT NULL,
    subject_id TEXT NULL,
    facility_id INTEGER NULL,
    remote_address TEXT NULL,
    user_agent TEXT NULL,
    outcome TEXT NOT NULL,
    reason TEXT NULL,
    detail TEXT NULL,
    previous_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX ix_audit_events_occurred_at ON audit_events (occurred_at);

-- The head of the chain: the last event's id and hash. Every append updates it in the same transaction (which also
-- serialises writers), so a truncated tail is told apart from an empty log.
CREATE TABLE audit_checkpoint (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    last_id INTEGER NOT NULL,
    last_hash TEXT NOT NULL
);
INSERT INTO audit_checkpoint (id, last_id, last_hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
