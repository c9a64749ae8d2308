-- Facilities, their AE titles and credentials; the archive index; the audit log.
CREATE TABLE facilities (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
);

CREATE TABLE facility_ae_titles (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    facility_id INTEGER NOT NULL REFERENCES facilities (id) ON DELETE CASCADE,
    ae_title TEXT NOT NULL,
    host TEXT NULL
);
CREATE INDEX ix_facility_ae_titles_ae_title ON facility_ae_titles (ae_title);

CREATE TABLE credentials (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    facility_id INTEGER NULL REFERENCES facilities (id) ON DELETE CASCADE,
    role TEXT NOT NULL,
    name TEXT NOT NULL,
    token_hash BLOB NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    revoked_at TEXT NULL
);

CREATE TABLE patients (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    facility_id INTEGER NOT NULL REFERENCES facilities (id),
    patient_id TEXT NOT NULL,
    issuer_of_patient_id TEXT NULL,
    patient_name TEXT NULL,
    patient_name_search TEXT NULL,
    patient_birth_date TEXT NULL,
    patient_sex TEXT NULL,
    UNIQUE (facility_id, patient_id)
);

CREATE TABLE studies (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    facility_id INTEGER NOT NULL REFERENCES facilities (id),
    patient_pk INTEGER NOT NULL REFERENCES patients (id),
    study_instance_uid TEXT NOT NULL,
    study_date TEXT NULL,
    study_time TEXT NULL,
    accession_number TEXT NULL,
    study_id TEXT NULL,
    study_description TEXT NULL,
    referring_physician_name TEXT NULL,
    referring_physician_name_search TEXT NULL,
    modalities_in_study TEXT NULL,
    sop_classes_in_study TEXT NULL,
    number_of_series INTEGER NOT NULL,
    number_of_instances INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (facility_id, study_instance_uid)
);
CREATE INDEX ix_studies_study_date ON studies (facility_id, study_date);
CREATE INDEX ix_studies_accession_number ON studies (facility_id, accession_number);
CREATE INDEX ix_studies_patient_pk ON studies (patient_pk);

CREATE TABLE series (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    facility_id INTEGER NOT NULL REFERENCES facilities (id),
    study_pk INTEGER NOT NULL REFERENCES studies (id) ON DELETE CASCADE,
    series_instance_uid TEXT NOT NULL,
    modality TEXT NULL,
    series_number INTEGER NULL,
    series_description TEXT NULL,
    body_part_examined TEXT NULL,
    performed_procedure_step_start_date TEXT NULL,
    performed_procedure_step_start_time TEXT NULL,
    request_attributes TEXT NULL,
    number_of_instances INTEGER NOT NULL,
    UNIQUE (study_pk, series_instance_uid)
);
CREATE INDEX ix_series_series_instance_uid ON series (facility_id, series_instance_uid);

CREATE TABLE instances (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    facility_id INTEGER NOT NULL REFERENCES facilities (id),
    series_pk INTEGER NOT NULL REFERENCES series (id) ON DELETE CASCADE,
    sop_instance_uid TEXT NOT NULL,
    sop_class_uid TEXT NULL,
    instance_number INTEGER NULL,
    rows INTEGER NULL,
    columns INTEGER NULL,
    bits_allocated INTEGER NULL,
    number_of_frames INTEGER NULL,
    transfer_syntax_uid TEXT NOT NULL,
    version INTEGER NOT NULL,
    is_current INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    blob_key TEXT NOT NULL,
    size INTEGER NOT NULL,
    metadata_json TEXT NOT NULL,
    received_at TEXT NOT NULL,
    UNIQUE (series_pk, sop_instance_uid, version)
);
CREATE INDEX ix_instances_sop_instance_uid ON instances (facility_id, sop_instance_uid);

CREATE TABLE audit_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    occurred_at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    facility_id INTEGER NULL,
    subject TEXT NULL,
    detail TEXT NULL
);
