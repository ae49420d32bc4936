/** The housekeeping queue's heartbeat job; the record itself is a platform mechanism that metrics read too. */
export { lastHeartbeat, recordHeartbeat, type WorkerHeartbeat } from "../../platform/heartbeat";
