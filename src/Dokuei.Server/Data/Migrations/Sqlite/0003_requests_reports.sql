-- Reading requests (tasks, history, assignment decisions), reports (versions, critical-finding notifications; QA
-- decisions, read receipts and designated readers as JSON), comments, service menus and business calendars.
-- User ids are plain columns: the users table belongs to another migration. Facility ids follow facilities.id.
CREATE TABLE "assignment_decisions" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_assignment_decisions" PRIMARY KEY AUTOINCREMENT,
    "request_id" TEXT NOT NULL,
    "facility_id" INTEGER NOT NULL,
    "step" TEXT NOT NULL,
    "reader_id" TEXT NOT NULL,
    "decided_by" TEXT NOT NULL,
    "at" TEXT NOT NULL,
    "override" INTEGER NOT NULL,
    "explanation" TEXT NOT NULL
);

CREATE TABLE "business_calendars" (
    "id" TEXT NOT NULL CONSTRAINT "PK_business_calendars" PRIMARY KEY,
    "name" TEXT NOT NULL,
    "observes_national_holidays" INTEGER NOT NULL,
    "annual_closures" TEXT NOT NULL,
    "closed_days" TEXT NOT NULL,
    "extra_working_days" TEXT NOT NULL,
    "weekend_days" TEXT NOT NULL
);

CREATE TABLE "comments" (
    "id" TEXT NOT NULL CONSTRAINT "PK_comments" PRIMARY KEY,
    "request_id" TEXT NOT NULL,
    "facility_id" INTEGER NOT NULL,
    "report_version_id" TEXT NULL,
    "in_reply_to" TEXT NULL,
    "author_id" TEXT NOT NULL,
    "author_role" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "at" TEXT NOT NULL
);

CREATE TABLE "reading_requests" (
    "id" TEXT NOT NULL CONSTRAINT "PK_reading_requests" PRIMARY KEY,
    "facility_id" INTEGER NOT NULL,
    "ordered_by" TEXT NOT NULL,
    "created_at" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "original_request_id" TEXT NULL,
    "mode" TEXT NOT NULL,
    "service_menu_id" TEXT NOT NULL,
    "requires_qa" INTEGER NOT NULL,
    "study_instance_uid" TEXT NULL,
    "accession_number" TEXT NULL,
    "modality" TEXT NULL,
    "requested_specialty" TEXT NULL,
    "clinical_information" TEXT NOT NULL,
    "exam_purpose" TEXT NOT NULL,
    "question" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "submitted_at" TEXT NULL,
    "received_at" TEXT NULL,
    "accepted_at" TEXT NULL,
    "due_at" TEXT NULL,
    "hold_question" TEXT NULL,
    "hold_answer" TEXT NULL,
    "state_before_hold" TEXT NULL,
    "rejection_reason" TEXT NULL,
    "closing_remark" TEXT NULL,
    "signed_by" TEXT NULL,
    "signed_result_id" TEXT NULL,
    "finalized_at" TEXT NULL,
    "delivered_at" TEXT NULL,
    "revision" INTEGER NOT NULL,
    "addenda" TEXT NOT NULL,
    "body_parts" TEXT NOT NULL,
    "discrepancies" TEXT NOT NULL,
    "priors" TEXT NOT NULL
);

CREATE TABLE "reports" (
    "id" TEXT NOT NULL CONSTRAINT "PK_reports" PRIMARY KEY,
    "request_id" TEXT NOT NULL,
    "facility_id" INTEGER NOT NULL,
    "created_at" TEXT NOT NULL,
    "revision" INTEGER NOT NULL,
    "designated_readers" TEXT NOT NULL,
    "qa_decisions" TEXT NOT NULL,
    "read_receipts" TEXT NOT NULL
);

CREATE TABLE "request_events" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_request_events" PRIMARY KEY AUTOINCREMENT,
    "request_id" TEXT NOT NULL,
    "facility_id" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "from_state" TEXT NOT NULL,
    "to_state" TEXT NOT NULL,
    "actor_id" TEXT NULL,
    "at" TEXT NOT NULL,
    "step" TEXT NULL,
    "detail" TEXT NULL
);

CREATE TABLE "service_menus" (
    "id" TEXT NOT NULL CONSTRAINT "PK_service_menus" PRIMARY KEY,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "english_name" TEXT NOT NULL,
    "cut_off" TEXT NULL,
    "reception_business_days_only" INTEGER NOT NULL,
    "reception_length" TEXT NOT NULL,
    "reception_opens" TEXT NOT NULL,
    "turnaround_duration" TEXT NULL,
    "turnaround_kind" TEXT NOT NULL,
    "turnaround_time_of_day" TEXT NULL
);

CREATE TABLE "reading_tasks" (
    "id" TEXT NOT NULL CONSTRAINT "PK_reading_tasks" PRIMARY KEY,
    "step" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "assigned_to" TEXT NULL,
    "claimed_by" TEXT NULL,
    "scheduled_at" TEXT NOT NULL,
    "claimed_at" TEXT NULL,
    "ended_at" TEXT NULL,
    "result_id" TEXT NULL,
    "comment" TEXT NULL,
    "request_id" TEXT NOT NULL,
    CONSTRAINT "FK_reading_tasks_reading_requests_request_id" FOREIGN KEY ("request_id") REFERENCES "reading_requests" ("id") ON DELETE CASCADE
);

CREATE TABLE "critical_notifications" (
    "id" TEXT NOT NULL CONSTRAINT "PK_critical_notifications" PRIMARY KEY,
    "report_version_id" TEXT NOT NULL,
    "raised_by" TEXT NOT NULL,
    "raised_at" TEXT NOT NULL,
    "escalate_at" TEXT NOT NULL,
    "escalated_at" TEXT NULL,
    "acknowledged_by" TEXT NULL,
    "acknowledged_at" TEXT NULL,
    "acknowledgement_note" TEXT NULL,
    "report_id" TEXT NOT NULL,
    CONSTRAINT "FK_critical_notifications_reports_report_id" FOREIGN KEY ("report_id") REFERENCES "reports" ("id") ON DELETE CASCADE
);

CREATE TABLE "report_versions" (
    "id" TEXT NOT NULL CONSTRAINT "PK_report_versions" PRIMARY KEY,
    "number" INTEGER NOT NULL,
    "step" TEXT NULL,
    "author_id" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "findings" TEXT NOT NULL,
    "impression" TEXT NOT NULL,
    "recommendation" TEXT NOT NULL,
    "addendum_text" TEXT NULL,
    "critical" INTEGER NOT NULL,
    "language" TEXT NOT NULL,
    "template_code" TEXT NULL,
    "created_at" TEXT NOT NULL,
    "updated_at" TEXT NOT NULL,
    "signed_at" TEXT NULL,
    "report_id" TEXT NOT NULL,
    "checks" TEXT NOT NULL,
    "key_images" TEXT NOT NULL,
    CONSTRAINT "FK_report_versions_reports_report_id" FOREIGN KEY ("report_id") REFERENCES "reports" ("id") ON DELETE CASCADE
);

CREATE INDEX "IX_assignment_decisions_request_id" ON "assignment_decisions" ("request_id");

CREATE INDEX "IX_comments_request_id" ON "comments" ("request_id");

CREATE INDEX "IX_critical_notifications_report_id" ON "critical_notifications" ("report_id");

CREATE INDEX "IX_reading_requests_facility_id_accession_number" ON "reading_requests" ("facility_id", "accession_number");

CREATE INDEX "IX_reading_requests_facility_id_state" ON "reading_requests" ("facility_id", "state");

CREATE INDEX "IX_reading_requests_facility_id_study_instance_uid" ON "reading_requests" ("facility_id", "study_instance_uid");

CREATE INDEX "IX_reading_tasks_assigned_to_state" ON "reading_tasks" ("assigned_to", "state");

CREATE INDEX "IX_reading_tasks_claimed_by_state" ON "reading_tasks" ("claimed_by", "state");

CREATE INDEX "IX_reading_tasks_request_id" ON "reading_tasks" ("request_id");

CREATE INDEX "IX_report_versions_report_id" ON "report_versions" ("report_id");

CREATE UNIQUE INDEX "IX_reports_request_id" ON "reports" ("request_id");

CREATE INDEX "IX_request_events_request_id" ON "request_events" ("request_id");

CREATE UNIQUE INDEX "IX_service_menus_code" ON "service_menus" ("code");
