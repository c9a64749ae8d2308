-- A facility's preferred radiologists (user ids, JSON list): a ranking factor of assignment.
ALTER TABLE facility_contracts ADD COLUMN preferred_radiologists TEXT NOT NULL DEFAULT '[]';
