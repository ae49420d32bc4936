import { liveChannel } from "../../platform/live";
import { defineLiveTopic, LiveTopics } from "../../platform/live/topics";
import { outranks, roleHas } from "../../platform/permissions";
import { attendanceTopic, classById, studentsOfClass } from "../classes";
import { leaderboardTopic } from "../gamification";
import { arrivalsTopic } from "../kiosk";
import { threadTopic } from "../messages";
import { scanTopic } from "../paper";

/** A tutor's own marking-queue count (marking:<own user id>). */
export const markingTopic = defineLiveTopic("marking", async (viewer, id) =>
  id === viewer.userId && roleHas(viewer.role, "marking_queue.read") ? liveChannel.marking(id) : null,
);

/** A class's live leaderboard: its tutor, head tutors and up, and its students (never its parents: it names children). */
export const classTopic = defineLiveTopic("class", async (viewer, id) => {
  const found = await classById(viewer.centreId, id);
  if (!found) return null;
  if (found.tutorId === viewer.userId || outranks(viewer.role, "tutor")) return liveChannel.class(id);
  if (viewer.role !== "student") return null;
  const members = await studentsOfClass(viewer.centreId, id);
  return members.some((member) => member.id === viewer.userId) ? liveChannel.class(id) : null;
});

/** Every topic a page may ask its stream to follow; the live route and the topic × role walk read this list. */
export const liveTopics = new LiveTopics([
  markingTopic,
  classTopic,
  attendanceTopic,
  scanTopic,
  arrivalsTopic,
  leaderboardTopic,
  threadTopic,
]);
