import { AwsIdentityCenterFederation } from "../components";
import { generateOrg, SIZES } from "./org";
import { timeOnce } from "./timing";
import { baselineLiterals, registerBaseline } from "./baseline";
(Error as any).prepareStackTrace = undefined;
(async () => {
  const small = generateOrg({ ...SIZES.large, accounts: 2 });
  await timeOnce(() => new AwsIdentityCenterFederation("org", small));
  const args = generateOrg(SIZES.large);
  const lit = baselineLiterals(args);
  const which = process.env.SIDE;
  const r = await timeOnce(which === "base" ? () => registerBaseline("org", args, lit) : () => new AwsIdentityCenterFederation("org", args));
  console.log(which, r.wallMs, r.cpuMs, r.peakHeapBytes/2**20);
})();
