import * as v8 from "node:v8"; import * as vm from "node:vm";
v8.setFlagsFromString("--expose-gc"); const gc = vm.runInNewContext("gc");
import { AwsIdentityCenterFederation } from "../components";
import { runUnderMocks } from "./engine";
import { baselineLiterals, registerBaseline } from "./baseline";
import { generateOrg } from "./org";
if (process.env.NOSM) (Error as any).prepareStackTrace = undefined;
(async () => {
  for (const accounts of (process.env.SIZES ?? "1,30,300").split(",").map(Number)) {
    const args = generateOrg({ accounts, permissionSets: 10, groupsPerPermissionSet: 2 });
    const lit = baselineLiterals(args);
    for (let r = 0; r < Number(process.env.REPS ?? 2); r++) {
      for (const [label, prog] of [["comp", () => new AwsIdentityCenterFederation("fed", args)], ["base", () => registerBaseline("fed", args, lit)]] as const) {
        gc();
        const c0 = process.cpuUsage(); const t = performance.now();
        await runUnderMocks(prog);
        const wall = performance.now() - t; const cpu = process.cpuUsage(c0);
        console.log(accounts, r, label, wall.toFixed(0), ((cpu.user + cpu.system)/1000).toFixed(0), process.memoryUsage().heapUsed/1e6|0);
      }
    }
  }
})().catch(e => { console.error(e); process.exit(1); });
