-- Operations of the reading workflow: service menus become editable (withdrawn flag, revision for If-Match), the
-- deadline monitor's history, in-app notifications per user, and files attached to requests (content in the blob store).
ALTER TABLE "service_menus" ADD COLUMN "disabled" INTEGER NOT NULL DEFAULT 0;

ALTER TABLE "service_menus" ADD COLUMN "revision" INTEGER NOT NULL DEFAULT 1;

CREATE TABLE "deadline_events" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_deadline_events" PRIMARY KEY AUTOINCREMENT,
    "request_id" TEXT NOT NULL,
    "facility_id" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "due_at" TEXT NOT NULL,
    "at" TEXT NOT NULL
);

CREATE UNIQUE INDEX "IX_deadline_events_request_id_due_at_status" ON "deadline_events" ("request_id", "due_at", "status");

CREATE TABLE "notifications" (
    "id" TEXT NOT NULL CONSTRAINT "PK_notifications" PRIMARY KEY,
    "user_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "request_id" TEXT NULL,
    "facility_id" INTEGER NULL,
    "subject_id" TEXT NULL,
    "text" TEXT NOT NULL,
    "created_at" TEXT NOT NULL,
    "read_at" TEXT NULL
);

CREATE INDEX "IX_notifications_user_id_read_at" ON "notifications" ("user_id", "read_at");

CREATE INDEX "IX_notifications_subject_id_kind" ON "notifications" ("subject_id", "kind");

CREATE TABLE "request_attachments" (
    "id" TEXT NOT NULL CONSTRAINT "PK_request_attachments" PRIMARY KEY,
    "request_id" TEXT NOT NULL,
    "facility_id" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "file_name" TEXT NOT NULL,
    "content_type" TEXT NOT NULL,
    "length" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "blob_key" TEXT NOT NULL,
    "uploaded_by" TEXT NOT NULL,
    "uploaded_at" TEXT NOT NULL
);

CREATE INDEX "IX_request_attachments_request_id" ON "request_attachments" ("request_id");
