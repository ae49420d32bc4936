import { describe, expect, test } from "bun:test";
import { connectionTarget } from ".";

describe("connectionTarget", () => {
  test("a socket directory in ?host= becomes the host and leaves the URL", () => {
    expect(connectionTarget("postgres://app:pw@localhost:5432/db?host=/var/run/postgresql")).toEqual({
      url: "postgres://app:pw@localhost:5432/db",
      host: "/var/run/postgresql",
    });
  });

  test("other parameters stay in the URL", () => {
    expect(connectionTarget("postgres://app:pw@localhost/db?sslmode=disable&host=/tmp/pg&application_name=x")).toEqual({
      url: "postgres://app:pw@localhost/db?sslmode=disable&application_name=x",
      host: "/tmp/pg",
    });
  });

  test("a URL without a socket directory is passed as it is", () => {
    for (const url of [
      "postgres://app:pw@127.0.0.1:5432/db",
      "postgres://app:pw@db.internal/db?sslmode=require",
      "postgres://a@h/db?host=db2",
    ]) {
      expect(connectionTarget(url)).toEqual({ url });
    }
  });
});
