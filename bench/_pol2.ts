import { AwsIdentityCenterFederation } from "../components";
import { record } from "../tests/harness/mocks";
import { generateOrg } from "./org";
import { syntheticStack } from "./policyScaling";
import { runPackOverResources } from "../policy/runner";
import { policies } from "../policy/policies";
(Error as any).prepareStackTrace = undefined;
(async () => {
  const args = generateOrg({ accounts: 2, permissionSets: 10, groupsPerPermissionSet: 2 });
  const rec = await record(() => new AwsIdentityCenterFederation("org", args));
  const stack = syntheticStack(rec.resources, 10000);
  await runPackOverResources(stack);
  for (const p of policies) {
    const t = performance.now();
    await runPackOverResources(stack, {}, { policies: [p] });
    console.log(p.name, (performance.now() - t).toFixed(0));
  }
})();
