/** The first-deploy wait for SCIM-provisioned principals: its knobs and their bounds. */
import { PrincipalWaitArgs } from "../../args";
import { Problem } from "../../problems";
import * as L from "../../../policy/rules/principalWait";
import { isPlainObject, Problems } from "./kit";

/** The wait's knobs: positive numbers, a timeout of at most an hour (one authentik full-sync cycle). */
export function validatePrincipalWait(wait: PrincipalWaitArgs | undefined): Problem[] {
    const p = new Problems();
    if (wait === undefined) return p.list;
    if (!isPlainObject(wait)) {
        p.error(
            "principalWait",
            wait,
            "principalWait is { timeoutSeconds?, initialDelaySeconds?, maxDelaySeconds? }",
            "write it as an object, or omit it for the defaults",
        );
        return p.list;
    }
    for (const knob of ["timeoutSeconds", "initialDelaySeconds", "maxDelaySeconds"] as const) {
        const value = wait[knob];
        if (value === undefined) continue;
        const field = `principalWait.${knob}`;
        if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
            p.error(
                field,
                value,
                "the SCIM principal wait needs a positive number of seconds",
                `give a number such as ${L.DEFAULT_PRINCIPAL_WAIT[knob]} (the default), or omit it`,
            );
        } else if (knob === "timeoutSeconds" && value > L.MAX_PRINCIPAL_WAIT_SECONDS) {
            p.error(
                field,
                value,
                `the SCIM principal wait is at most ${L.MAX_PRINCIPAL_WAIT_SECONDS} seconds (authentik ` +
                    `runs a full SCIM sync every hour, so a longer wait only hides a configuration problem)`,
                `use at most ${L.MAX_PRINCIPAL_WAIT_SECONDS}, or pin the principal's ID in principalIds`,
            );
        }
    }
    const initial = wait.initialDelaySeconds ?? L.DEFAULT_PRINCIPAL_WAIT.initialDelaySeconds;
    const max = wait.maxDelaySeconds ?? L.DEFAULT_PRINCIPAL_WAIT.maxDelaySeconds;
    if (typeof initial === "number" && typeof max === "number" && initial > 0 && max > 0 && initial > max) {
        p.warning(
            "principalWait.initialDelaySeconds",
            initial,
            `the first delay is capped by maxDelaySeconds (${max})`,
            "make initialDelaySeconds at most maxDelaySeconds",
        );
    }
    return p.list;
}
