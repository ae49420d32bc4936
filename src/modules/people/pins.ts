import type { Kysely } from "kysely";
import type { Database } from "../../platform/db/schema";
import { ValidationError } from "../../platform/errors";
import type { CentreId } from "../../platform/tenancy";
import { pinLengthOf } from "../centres";
import { type PinContext, pinProblem, randomPin } from "./pin-policy";
import { openDateOfBirth } from "./sensitive";

/** The rules a PIN of this student must meet: the centre's length, and not their birthday. */
export async function pinContextOf(
  executor: Kysely<Database>,
  centreId: CentreId,
  student: { dateOfBirth?: string | null; id?: string; dateOfBirthSealed?: string | null },
): Promise<PinContext> {
  const dateOfBirth =
    student.dateOfBirth ?? (student.id ? openDateOfBirth(student.id, student.dateOfBirthSealed ?? null) : null);
  return { minLength: await pinLengthOf(executor, centreId), dateOfBirth };
}

/** The PIN someone typed, refused with a field error on the `field` when it breaks a rule; or a random one. */
export function acceptedPin(typed: string | undefined, context: PinContext, field = "pin"): string {
  if (typed === undefined) return randomPin(context.minLength, context.dateOfBirth);
  const problem = pinProblem(typed, context);
  if (problem) throw new ValidationError({ [field]: problem });
  return typed;
}
