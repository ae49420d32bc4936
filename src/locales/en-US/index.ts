import type { Catalogue } from "../catalogue";
import announcements from "./announcements.json";
import audit from "./audit.json";
import auth from "./auth.json";
import centres from "./centres.json";
import classes from "./classes.json";
import common from "./common.json";
import courses from "./courses.json";
import dashboards from "./dashboards.json";
import exports from "./exports.json";
import files from "./files.json";
import gamification from "./gamification.json";
import health from "./health.json";
import home from "./home.json";
import homework from "./homework.json";
import kiosk from "./kiosk.json";
import live from "./live.json";
import mail from "./mail.json";
import messages from "./messages.json";
import mySessions from "./my-sessions.json";
import notifications from "./notifications.json";
import paper from "./paper.json";
import pdf from "./pdf.json";
import people from "./people.json";
import peopleImport from "./people-import.json";
import platform from "./platform.json";
import profile from "./profile.json";
import queues from "./queues.json";
import reports from "./reports.json";
import system from "./system.json";

export const enUS: Partial<Catalogue> = {
  ...common,
  ...auth,
  ...audit,
  ...announcements,
  ...centres,
  ...classes,
  ...courses,
  ...dashboards,
  ...exports,
  ...files,
  ...gamification,
  ...health,
  ...home,
  ...homework,
  ...kiosk,
  ...live,
  ...messages,
  ...mail,
  ...mySessions,
  ...notifications,
  ...paper,
  ...pdf,
  ...people,
  ...peopleImport,
  ...platform,
  ...profile,
  ...queues,
  ...reports,
  ...system,
};
