import { AwsIdentityCenterFederation } from "../components";
import { record } from "../tests/harness/mocks";
import { orgArgs } from "../tests/harness/args";
(async () => {
  const rec = await record(() => new AwsIdentityCenterFederation("fed", orgArgs()));
  console.log(rec.resources.map(r => `${r.type} ${r.name} ${r.urn}`).join("\n"));
  console.log(rec.invokes.map(i => i.token).join("\n"));
  console.log("errors", rec.errors);
})();
