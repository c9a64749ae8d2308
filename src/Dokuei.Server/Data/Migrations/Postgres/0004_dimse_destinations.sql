-- A facility AE title with a host and a port is a C-MOVE destination of that facility (its storage SCP).
ALTER TABLE facility_ae_titles ADD COLUMN port INTEGER NULL;
