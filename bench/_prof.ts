import { AwsIdentityCenterFederation } from "../components";
import { runUnderMocks } from "./engine";
import { generateOrg, SIZES } from "./org";
(async () => {
  const args = generateOrg(SIZES.small);
  await runUnderMocks(() => new AwsIdentityCenterFederation("fed", args));
  const t = performance.now();
  await runUnderMocks(() => new AwsIdentityCenterFederation("fed", args));
  console.log(performance.now() - t);
})();
