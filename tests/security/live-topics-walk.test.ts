import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { liveTopics } from "../../src/modules/live/topics";
import { db } from "../../src/platform/db";
import { type LiveChannel, liveChannel, publishLive } from "../../src/platform/live";
import { MAX_TOPICS } from "../../src/platform/live/topics";
import { trustedCentreId } from "../../src/platform/tenancy";
import {
  type Centre,
  type Credentials,
  classWith,
  createCentre,
  createPlatformAdmin,
  type Kiosk,
  kioskCredentials,
  messageThread,
  type Person,
  pairKiosk,
  signedInAs,
} from "../support/fixtures";
import { type RunningProcess, startWebServer } from "../support/processes";
import { openSse, type SseConnection } from "../support/sse";

const GAMIFIED = { label: "xp", features: { gamification: true } };

/**
 * Every live topic × every kind of subscriber, over real SSE to a real web process: who may
 * follow it, who is refused, and that a message published on it reaches exactly the streams
 * allowed to follow it. The topics come from the registry, so a new one fails this walk until
 * its rule is written down below.
 */
const WHO = [
  "student",
  "parent",
  "tutor",
  "head_tutor",
  "centre_admin",
  "centre_owner",
  "platform_admin",
  "kiosk",
  "other_centre",
] as const;
type Who = (typeof WHO)[number];
const STAFF: Who[] = ["tutor", "head_tutor", "centre_admin", "centre_owner", "platform_admin"];

interface TopicCase {
  /** A real row of the centre the topic is about. */
  id: string;
  /** Who receives it: people by following the topic, the kiosk on its own stream. */
  allowed: Who[];
}

let web: RunningProcess;
let centre: Centre;
let other: Centre;
let kiosk: Kiosk;
let platformAdmin: Person;
let cases: Record<string, TopicCase>;
const open: SseConnection[] = [];

async function scanImportOf(centreId: string, uploader: string): Promise<string> {
  const file = await db
    .insertInto("files")
    .values({
      centre_id: centreId,
      owner_id: uploader,
      bucket: "aetherlearn-documents",
      object_key: `centres/${centreId}/scans/${crypto.randomUUID()}.pdf`,
      kind: "scan_batch",
      original_name: "batch.pdf",
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const row = await db
    .insertInto("scan_imports")
    .values({ centre_id: centreId, uploaded_by: uploader, file_id: file.id })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

async function sessionOf(centreId: string, classId: string): Promise<string> {
  const startsAt = new Date(Date.now() + 3600_000);
  const row = await db
    .insertInto("class_sessions")
    .values({ centre_id: centreId, class_id: classId, starts_at: startsAt, ends_at: new Date(Date.now() + 7200_000) })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

beforeAll(async () => {
  const game = await createCentre(GAMIFIED);
  [web, other, platformAdmin] = await Promise.all([
    startWebServer({ SSE_MAX_CONNECTIONS_PER_USER: "100" }),
    createCentre({ label: "topics-other" }),
    createPlatformAdmin(),
  ]);
  centre = game;
  kiosk = await pairKiosk(centre);
  const { people } = centre;
  // The student is in the tutor's class; the parent's child is that student.
  const classId = await classWith(game, { tutor: people.tutor, members: [people.student] });
  cases = {
    marking: { id: people.tutor.id, allowed: ["tutor"] },
    class: { id: classId, allowed: [...STAFF, "student"] },
    attendance: { id: await sessionOf(centre.id, classId), allowed: STAFF },
    scan: {
      id: await scanImportOf(centre.id, people.centre_admin.id),
      allowed: ["centre_admin", "centre_owner", "platform_admin"],
    },
    arrivals: { id: centre.id, allowed: [...STAFF, "kiosk"] },
    leaderboard: { id: centre.id, allowed: [...STAFF, "student", "kiosk"] },
    // A parent's thread about the student: the parent and the student's tutor in it, the centre's
    // admins; never the student, nor a head tutor who neither teaches the student nor is in it.
    thread: {
      id: (await messageThread(centre)).threadId,
      allowed: ["parent", "tutor", "centre_admin", "centre_owner", "platform_admin"],
    },
  };
});

afterAll(async () => {
  for (const connection of open) connection.close();
  await web?.stop();
});

function credentialsOf(who: Who): Promise<Credentials> {
  if (who === "kiosk") return kioskCredentials(kiosk);
  if (who === "other_centre") return signedInAs(other.people.centre_owner);
  // The platform admin works inside the centre explicitly, as after choosing it on /platform.
  if (who === "platform_admin") return signedInAs(platformAdmin, { actingIn: centre.id });
  return signedInAs(centre.people[who]);
}

/** The subscriber's own channel, which every stream of theirs follows. */
function ownChannel(who: Who): LiveChannel {
  if (who === "kiosk") return liveChannel.kiosk(kiosk.id);
  if (who === "other_centre") return liveChannel.user(other.people.centre_owner.id);
  if (who === "platform_admin") return liveChannel.user(platformAdmin.id);
  return liveChannel.user(centre.people[who].id);
}

async function connect(who: Who, path: string): Promise<SseConnection> {
  const connection = await openSse(`${web.url}${path}`, (await credentialsOf(who)).cookie);
  open.push(connection);
  return connection;
}

const query = (topics: string[]) => topics.map((topic) => `topic=${encodeURIComponent(topic)}`).join("&");
const topicOf = (kind: string) => `${kind}:${cases[kind]?.id}`;

/** The channel a topic stands for, as its own rule names it for a viewer it allows. */
async function channelOf(kind: string): Promise<LiveChannel> {
  const topic = cases[kind] as TopicCase;
  const viewer = topic.allowed.find((who) => who !== "kiosk") as Exclude<Who, "kiosk" | "other_centre">;
  const person = viewer === "platform_admin" ? platformAdmin : centre.people[viewer];
  const [channel] = await liveTopics.channelsFor(
    { userId: person.id, role: person.role, centreId: trustedCentreId(centre.id) },
    [topicOf(kind)],
  );
  return channel as LiveChannel;
}

describe("live topics × subscribers", () => {
  test("every topic in the registry has its rule written down here", () => {
    expect(liveTopics.kinds.sort()).toEqual(Object.keys(cases).sort());
  });

  test("following a topic: allowed subscribers get a stream, everyone else a 403", async () => {
    const wrong: string[] = [];
    for (const kind of Object.keys(cases)) {
      for (const who of WHO) {
        const connection = await connect(who, `/events/live?${query([topicOf(kind)])}`);
        // A kiosk follows nothing on a person's stream; its own stream is fixed (below).
        const expected = who !== "kiosk" && cases[kind]?.allowed.includes(who) ? 200 : 403;
        if (connection.response.status !== expected)
          wrong.push(`${kind} × ${who}: ${connection.response.status}, expected ${expected}`);
        connection.close();
      }
    }
    expect(wrong).toEqual([]);
  }, 120_000);

  test("a message published on a topic reaches exactly the streams allowed to follow it", async () => {
    const kinds = Object.keys(cases);
    // A stream follows at most MAX_TOPICS: someone allowed more follows the rest on a second stream.
    const streams = new Map<Who, SseConnection[]>();
    for (const who of WHO) {
      if (who === "kiosk") {
        streams.set(who, [await connect(who, "/events/kiosk")]);
        continue;
      }
      // Each person follows every topic they may; another centre's owner follows their own centre's.
      const topics =
        who === "other_centre"
          ? [`arrivals:${other.id}`, `leaderboard:${other.id}`]
          : kinds.filter((kind) => cases[kind]?.allowed.includes(who)).map(topicOf);
      const connections: SseConnection[] = [];
      for (let start = 0; start === 0 || start < topics.length; start += MAX_TOPICS) {
        const some = topics.slice(start, start + MAX_TOPICS);
        connections.push(await connect(who, `/events/live${some.length ? `?${query(some)}` : ""}`));
      }
      streams.set(who, connections);
    }
    for (const [who, connections] of streams)
      for (const connection of connections) expect(`${who}: ${connection.response.status}`).toBe(`${who}: 200`);

    const probes = new Map<string, string>();
    for (const kind of kinds) {
      const probe = `probe-${kind}-${crypto.randomUUID()}`;
      probes.set(probe, kind);
      await publishLive(await channelOf(kind), { event: "probe", html: probe });
    }
    for (const who of WHO) {
      const probe = `probe-own-${who}-${crypto.randomUUID()}`;
      probes.set(probe, `own:${who}`);
      await publishLive(ownChannel(who), { event: "probe", html: probe });
    }
    // Published after every probe, on each stream's own channel: once it arrives, so has everything else.
    const wrong: string[] = [];
    for (const [who, connections] of streams) {
      const marker = `settled-${crypto.randomUUID()}`;
      await publishLive(ownChannel(who), { event: "probe", html: marker });
      for (const connection of connections) await connection.next((frame) => frame.data.includes(marker), 10_000);
      const frames = connections.flatMap((connection) => connection.frames);
      const received = [...probes].filter(([probe]) => frames.some((frame) => frame.data.includes(probe)));
      const got = received.map(([, what]) => what).sort();
      const expected = [`own:${who}`, ...kinds.filter((kind) => cases[kind]?.allowed.includes(who))].sort();
      if (JSON.stringify(got) !== JSON.stringify(expected))
        wrong.push(`${who} got ${got.join(", ")}; expected ${expected.join(", ")}`);
    }
    expect(wrong).toEqual([]);
  }, 60_000);
});
