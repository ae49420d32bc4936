import { describe, expect, test } from "bun:test";
import { z } from "zod";
import { ConflictError, NotFoundError, ValidationError } from "./errors";
import { bindForm, type FormFailure, formValues } from "./forms";

const schema = z.object({
  name: z.string().trim().min(2, "Enter a name of two letters or more"),
  age: z.coerce.number(),
});
const render = (failure: FormFailure): unknown => ({ rendered: failure });

describe("form binding", () => {
  test("a valid form runs the action with the parsed data", async () => {
    const result = await bindForm(
      schema,
      { name: " Ada ", age: "11" },
      { valid: (data): unknown => data, invalid: render },
    );
    expect(result).toEqual({ name: "Ada", age: 11 });
  });

  test("an invalid form re-renders with what was typed and a message per field (422)", async () => {
    const result = await bindForm(
      schema,
      { name: "A", age: "11", _csrf: "token" },
      {
        valid: (): unknown => "stored",
        invalid: render,
      },
    );
    expect(result).toEqual({
      rendered: {
        values: { name: "A", age: "11" },
        errors: { name: "Enter a name of two letters or more" },
        status: 422,
      },
    });
  });

  test("the action's own validation and conflict errors re-render too; others pass through", async () => {
    const refused = await bindForm(
      schema,
      { name: "Ada", age: "11" },
      {
        valid: () => {
          throw new ValidationError({ age: "Too young for this class" });
        },
        invalid: render,
      },
    );
    expect(refused).toEqual({
      rendered: { values: { name: "Ada", age: "11" }, errors: { age: "Too young for this class" }, status: 422 },
    });
    const clash = await bindForm(
      schema,
      { name: "Ada", age: "11" },
      {
        valid: () => {
          throw new ConflictError("That name is taken.");
        },
        invalid: render,
        conflictField: "name",
      },
    );
    expect(clash).toEqual({
      rendered: { values: { name: "Ada", age: "11" }, errors: { name: "That name is taken." }, status: 409 },
    });
    const missing = bindForm(
      schema,
      { name: "Ada", age: "11" },
      {
        valid: () => {
          throw new NotFoundError("Gone");
        },
        invalid: render,
      },
    );
    await expect(missing).rejects.toBeInstanceOf(NotFoundError);
  });

  test("only posted strings are kept for re-rendering, cut to a sane length", () => {
    const values = formValues({ a: "x", file: new Blob(["y"]), n: 3, long: "z".repeat(60_000), _csrf: "t" });
    expect(Object.keys(values)).toEqual(["a", "long"]);
    expect(values.long?.length).toBe(50_000);
  });
});
