import { storage } from "../../src/platform/storage";

// Tests talk to real services; refuse to run against anything but the test environment,
// so a stray `bun test` can never wipe a development or production database.
if (process.env.APP_ENV !== "test" || !process.env.DATABASE_URL?.includes("_test")) {
  console.error("Run the tests with ./scripts/test.sh (it starts the test services and sets APP_ENV=test).");
  process.exit(1);
}

// The web process creates its buckets at start; in-process tests (app.handle) need them too.
await storage.ensureBuckets();
