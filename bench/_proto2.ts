import { AwsIdentityCenterFederation } from "../components";
import { runUnderMocks, total } from "./engine";
import { baselineLiterals, registerBaseline } from "./baseline";
import { generateOrg, SIZES } from "./org";
if (process.env.NOSM) (Error as any).prepareStackTrace = undefined;
(async () => {
  for (const shape of [SIZES.small, SIZES.large]) {
    const args = generateOrg(shape);
    const lit = baselineLiterals(args);
    for (let r = 0; r < 2; r++) {
      let t = performance.now();
      const c = await runUnderMocks(() => new AwsIdentityCenterFederation("fed", args));
      const tc = performance.now() - t;
      t = performance.now();
      const b = await runUnderMocks(() => registerBaseline("fed", args, lit));
      const tb = performance.now() - t;
      console.log(shape.accounts, r, tc.toFixed(0), tb.toFixed(0), total(c.resources), total(b.resources), process.memoryUsage().rss/1e6|0, process.memoryUsage().heapUsed/1e6|0);
    }
  }
})().catch(e => { console.error(e); process.exit(1); });
