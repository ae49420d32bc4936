import { type Kysely, sql } from "kysely";

/**
 * The learning core: courses → lessons → materials and exercises; enrolments; classes, dated
 * sessions and attendance; homework, submissions and answers. centre_id leads every index.
 */
const id = (col: import("kysely").ColumnDefinitionBuilder) => col.primaryKey().defaultTo(sql`gen_random_uuid()`);
const centre = (col: import("kysely").ColumnDefinitionBuilder) => col.notNull().references("centres.id");
const now = (col: import("kysely").ColumnDefinitionBuilder) => col.notNull().defaultTo(sql`now()`);

async function content(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("courses")
    .addColumn("id", "uuid", id)
    .addColumn("centre_id", "uuid", centre)
    .addColumn("title", "text", (col) => col.notNull().check(sql`length(title) between 1 and 200`))
    .addColumn("summary", "text", (col) => col.notNull().defaultTo(""))
    .addColumn("status", "text", (col) =>
      col.notNull().defaultTo("draft").check(sql`status in ('draft','published','archived')`),
    )
    .addColumn("created_by", "uuid", (col) => col.references("users.id"))
    .addColumn("created_at", "timestamptz", now)
    .addColumn("updated_at", "timestamptz", now)
    .execute();
  await sql`create index courses_centre_status_title_idx on courses (centre_id, status, title)`.execute(db);

  await db.schema
    .createTable("lessons")
    .addColumn("id", "uuid", id)
    .addColumn("centre_id", "uuid", centre)
    .addColumn("course_id", "uuid", (col) => col.notNull().references("courses.id").onDelete("cascade"))
    .addColumn("title", "text", (col) => col.notNull().check(sql`length(title) between 1 and 200`))
    .addColumn("position", "integer", (col) => col.notNull())
    .addColumn("status", "text", (col) =>
      col.notNull().defaultTo("draft").check(sql`status in ('draft','published','archived')`),
    )
    .addColumn("created_at", "timestamptz", now)
    .addColumn("updated_at", "timestamptz", now)
    .execute();
  await sql`create index lessons_centre_course_position_idx on lessons (centre_id, course_id, position)`.execute(db);

  await db.schema
    .createTable("materials")
    .addColumn("id", "uuid", id)
    .addColumn("centre_id", "uuid", centre)
    .addColumn("lesson_id", "uuid", (col) => col.notNull().references("lessons.id").onDelete("cascade"))
    .addColumn("kind", "text", (col) => col.notNull().check(sql`kind in ('text','file')`))
    .addColumn("title", "text", (col) => col.notNull().check(sql`length(title) between 1 and 200`))
    .addColumn("body_markdown", "text", (col) => col.notNull().defaultTo(""))
    .addColumn("file_id", "uuid", (col) => col.references("files.id"))
    .addColumn("position", "integer", (col) => col.notNull())
    .addColumn("created_at", "timestamptz", now)
    .addColumn("updated_at", "timestamptz", now)
    .addCheckConstraint("materials_file_kind", sql`(kind = 'file') = (file_id is not null)`)
    .execute();
  await sql`create index materials_centre_lesson_position_idx on materials (centre_id, lesson_id, position)`.execute(
    db,
  );

  await db.schema
    .createTable("exercises")
    .addColumn("id", "uuid", id)
    .addColumn("centre_id", "uuid", centre)
    .addColumn("lesson_id", "uuid", (col) => col.notNull().references("lessons.id").onDelete("cascade"))
    .addColumn("kind", "text", (col) =>
      col.notNull().check(sql`kind in ('multiple_choice','numeric','short_answer','free_response','worksheet')`),
    )
    .addColumn("prompt", "text", (col) => col.notNull().check(sql`length(prompt) between 1 and 5000`))
    // Kind-specific settings: choices + correct index, numeric answer + tolerance, accepted answers.
    .addColumn("config", "jsonb", (col) => col.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn("points", "integer", (col) => col.notNull().defaultTo(1).check(sql`points between 0 and 1000`))
    .addColumn("position", "integer", (col) => col.notNull())
    .addColumn("created_at", "timestamptz", now)
    .addColumn("updated_at", "timestamptz", now)
    .execute();
  await sql`create index exercises_centre_lesson_position_idx on exercises (centre_id, lesson_id, position)`.execute(
    db,
  );

  await db.schema
    .createTable("enrolments")
    .addColumn("centre_id", "uuid", centre)
    .addColumn("course_id", "uuid", (col) => col.notNull().references("courses.id").onDelete("cascade"))
    .addColumn("student_id", "uuid", (col) => col.notNull().references("users.id").onDelete("cascade"))
    .addColumn("enrolled_at", "timestamptz", now)
    .addPrimaryKeyConstraint("enrolments_pkey", ["centre_id", "course_id", "student_id"])
    .execute();
  await sql`create index enrolments_centre_student_idx on enrolments (centre_id, student_id)`.execute(db);
}

async function classes(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("classes")
    .addColumn("id", "uuid", id)
    .addColumn("centre_id", "uuid", centre)
    .addColumn("course_id", "uuid", (col) => col.notNull().references("courses.id"))
    .addColumn("tutor_id", "uuid", (col) => col.notNull().references("users.id"))
    .addColumn("name", "text", (col) => col.notNull().check(sql`length(name) between 1 and 200`))
    // The weekly slot, in the centre's timezone: ISO weekday (1 = Monday) and local start time.
    .addColumn("weekday", "smallint", (col) => col.notNull().check(sql`weekday between 1 and 7`))
    .addColumn("start_time", "time", (col) => col.notNull())
    .addColumn("duration_minutes", "integer", (col) => col.notNull().check(sql`duration_minutes between 5 and 600`))
    .addColumn("room", "text", (col) => col.notNull().defaultTo(""))
    .addColumn("starts_on", "date", (col) => col.notNull())
    .addColumn("ends_on", "date")
    .addColumn("status", "text", (col) => col.notNull().defaultTo("active").check(sql`status in ('active','archived')`))
    .addColumn("created_at", "timestamptz", now)
    .addColumn("updated_at", "timestamptz", now)
    .execute();
  await sql`create index classes_centre_tutor_idx on classes (centre_id, tutor_id, status)`.execute(db);

  await db.schema
    .createTable("class_members")
    .addColumn("centre_id", "uuid", centre)
    .addColumn("class_id", "uuid", (col) => col.notNull().references("classes.id").onDelete("cascade"))
    .addColumn("student_id", "uuid", (col) => col.notNull().references("users.id").onDelete("cascade"))
    .addColumn("joined_at", "timestamptz", now)
    .addPrimaryKeyConstraint("class_members_pkey", ["centre_id", "class_id", "student_id"])
    .execute();
  await sql`create index class_members_centre_student_idx on class_members (centre_id, student_id)`.execute(db);

  await db.schema
    .createTable("class_sessions")
    .addColumn("id", "uuid", id)
    .addColumn("centre_id", "uuid", centre)
    .addColumn("class_id", "uuid", (col) => col.notNull().references("classes.id").onDelete("cascade"))
    .addColumn("starts_at", "timestamptz", (col) => col.notNull())
    .addColumn("ends_at", "timestamptz", (col) => col.notNull())
    .addColumn("room", "text", (col) => col.notNull().defaultTo(""))
    .addColumn("meeting_url", "text")
    .addColumn("status", "text", (col) =>
      col.notNull().defaultTo("scheduled").check(sql`status in ('scheduled','cancelled')`),
    )
    .addColumn("created_at", "timestamptz", now)
    .addUniqueConstraint("class_sessions_class_start_key", ["class_id", "starts_at"])
    .execute();
  await sql`create index class_sessions_centre_start_idx on class_sessions (centre_id, starts_at)`.execute(db);
  await sql`create index class_sessions_centre_class_start_idx on class_sessions (centre_id, class_id, starts_at)`.execute(
    db,
  );

  await db.schema
    .createTable("attendance")
    .addColumn("centre_id", "uuid", centre)
    .addColumn("session_id", "uuid", (col) => col.notNull().references("class_sessions.id").onDelete("cascade"))
    .addColumn("student_id", "uuid", (col) => col.notNull().references("users.id").onDelete("cascade"))
    .addColumn("status", "text", (col) => col.notNull().check(sql`status in ('present','late','absent')`))
    .addColumn("checked_in_at", "timestamptz")
    .addColumn("method", "text", (col) => col.notNull().check(sql`method in ('tutor','kiosk','qr')`))
    .addColumn("recorded_by", "uuid", (col) => col.references("users.id"))
    .addColumn("updated_at", "timestamptz", now)
    .addPrimaryKeyConstraint("attendance_pkey", ["centre_id", "session_id", "student_id"])
    .execute();
  await sql`create index attendance_centre_student_idx on attendance (centre_id, student_id, session_id)`.execute(db);
}

async function homework(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("homework")
    .addColumn("id", "uuid", id)
    .addColumn("centre_id", "uuid", centre)
    .addColumn("title", "text", (col) => col.notNull().check(sql`length(title) between 1 and 200`))
    .addColumn("instructions", "text", (col) => col.notNull().defaultTo(""))
    .addColumn("kind", "text", (col) => col.notNull().check(sql`kind in ('exercises','worksheet')`))
    .addColumn("course_id", "uuid", (col) => col.references("courses.id"))
    .addColumn("class_id", "uuid", (col) => col.references("classes.id"))
    .addColumn("set_by", "uuid", (col) => col.notNull().references("users.id"))
    .addColumn("due_at", "timestamptz", (col) => col.notNull())
    .addColumn("status", "text", (col) =>
      col.notNull().defaultTo("active").check(sql`status in ('active','withdrawn')`),
    )
    .addColumn("created_at", "timestamptz", now)
    .addColumn("updated_at", "timestamptz", now)
    .execute();
  await sql`create index homework_centre_class_due_idx on homework (centre_id, class_id, due_at)`.execute(db);
  await sql`create index homework_centre_set_by_due_idx on homework (centre_id, set_by, due_at)`.execute(db);

  await db.schema
    .createTable("homework_exercises")
    .addColumn("centre_id", "uuid", centre)
    .addColumn("homework_id", "uuid", (col) => col.notNull().references("homework.id").onDelete("cascade"))
    .addColumn("exercise_id", "uuid", (col) => col.notNull().references("exercises.id"))
    .addColumn("position", "integer", (col) => col.notNull())
    .addPrimaryKeyConstraint("homework_exercises_pkey", ["centre_id", "homework_id", "exercise_id"])
    .execute();

  // One submission per student per homework, created when the homework is set ("not started").
  await db.schema
    .createTable("submissions")
    .addColumn("id", "uuid", id)
    .addColumn("centre_id", "uuid", centre)
    .addColumn("homework_id", "uuid", (col) => col.notNull().references("homework.id").onDelete("cascade"))
    .addColumn("student_id", "uuid", (col) => col.notNull().references("users.id"))
    .addColumn("status", "text", (col) =>
      col
        .notNull()
        .defaultTo("not_started")
        .check(sql`status in ('not_started','in_progress','submitted','returned','marked')`),
    )
    .addColumn("submitted_at", "timestamptz")
    .addColumn("auto_score", sql`numeric(8,2)`)
    .addColumn("score", sql`numeric(8,2)`)
    .addColumn("max_score", sql`numeric(8,2)`, (col) => col.notNull().defaultTo(0))
    .addColumn("feedback", "text", (col) => col.notNull().defaultTo(""))
    .addColumn("marker_id", "uuid", (col) => col.references("users.id"))
    .addColumn("marked_at", "timestamptz")
    .addColumn("moderated_by", "uuid", (col) => col.references("users.id"))
    .addColumn("moderated_at", "timestamptz")
    .addColumn("created_at", "timestamptz", now)
    .addColumn("updated_at", "timestamptz", now)
    .addUniqueConstraint("submissions_homework_student_key", ["homework_id", "student_id"])
    .execute();
  await sql`create index submissions_centre_student_idx on submissions (centre_id, student_id, created_at desc)`.execute(
    db,
  );
  await sql`create index submissions_centre_homework_idx on submissions (centre_id, homework_id)`.execute(db);
  // Hot paths: the marking queue, and a student's outstanding work.
  await sql`create index submissions_marking_queue_idx on submissions (centre_id, submitted_at, id) where status = 'submitted'`.execute(
    db,
  );
  await sql`create index submissions_outstanding_idx on submissions (centre_id, student_id) where status in ('not_started','in_progress','returned')`.execute(
    db,
  );

  await db.schema
    .createTable("answers")
    .addColumn("centre_id", "uuid", centre)
    .addColumn("submission_id", "uuid", (col) => col.notNull().references("submissions.id").onDelete("cascade"))
    .addColumn("exercise_id", "uuid", (col) => col.notNull().references("exercises.id"))
    .addColumn("response", "jsonb", (col) => col.notNull())
    .addColumn("is_correct", "boolean")
    .addColumn("auto_points", sql`numeric(8,2)`)
    .addColumn("tutor_points", sql`numeric(8,2)`)
    .addColumn("feedback", "text", (col) => col.notNull().defaultTo(""))
    .addColumn("updated_at", "timestamptz", now)
    .addPrimaryKeyConstraint("answers_pkey", ["centre_id", "submission_id", "exercise_id"])
    .execute();
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await content(db);
  await classes(db);
  await homework(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    "answers",
    "submissions",
    "homework_exercises",
    "homework",
    "attendance",
    "class_sessions",
    "class_members",
    "classes",
    "enrolments",
    "exercises",
    "materials",
    "lessons",
    "courses",
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
