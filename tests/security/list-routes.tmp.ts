import { createApp } from "../../src/app";
import { routesOf } from "./walk";

for (const r of routesOf(createApp())) console.log(r.method, r.path, r.permission);
