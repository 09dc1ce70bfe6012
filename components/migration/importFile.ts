import * as aws from "@pulumi/aws";
import * as authentik from "../../vendor/authentik";
import { assignmentName } from "../aws/accountAssignments";
import { planAssignments } from "../aws/assignmentPlan";
import { permissionSetResourceNames } from "../aws/permissionSets";
import { authentikResourceNames } from "../authentik/resources";
import { AwsIdentityCenterAssignments } from "../assignments";
import { AwsIdentityCenterFederation } from "../federation";
import { Adoption, AdoptedObject, MigratedSettings } from "./translate";

/**
 * The Pulumi import file (`pulumi import --file <file> --generate-code=false`): every adopted object under the exact
 * type, logical name and parent the component registers, the component itself as a `component` entry, so that the
 * next `pulumi preview` matches the program's resources to the imported ones instead of creating new ones.
 * Format: the `pulumi import` CLI reference ("resources": type, name, id, parent, component, version).
 */
export interface ImportEntry {
    type: string;
    name: string;
    id?: string;
    /** The `name` of another entry of this file. */
    parent?: string;
    component?: boolean;
    /** The logical name, when it differs from `name` (which then only keys this entry inside the file). */
    logicalName?: string;
    /** The provider plugin version: the @pulumi/aws the program uses, so the import reads the state the program diffs against. */
    version?: string;
}

export interface ImportFile {
    resources: ImportEntry[];
}

/** The SDK class's own type token (public at runtime, marked internal in @pulumi/aws's declarations). */
function typeOf(cls: unknown): string {
    return (cls as { __pulumiType: string }).__pulumiType;
}

/** Reads the installed @pulumi/aws version (the plugin version the program itself requests). */
function awsVersion(): string {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require("@pulumi/aws/package.json").version;
}

/**
 * Builds the import file for a component named `componentName` with the migrated `settings`. Names come from the
 * component's own naming functions; assignments are keyed by the assignment plan of the migrated settings, so an
 * adopted assignment and the planned one are the same entry by construction.
 */
export function buildImportFile(componentName: string, settings: MigratedSettings, adoptions: readonly Adoption[]): ImportFile {
    const ak = authentikResourceNames(componentName);
    const planned = new Map(planAssignments(settings.assignments ?? []).map((p) => [JSON.stringify(p.key), p]));
    const aws7 = awsVersion();
    // The authentik side: one resource per role, named by the component's own table.
    const authentikTypes = {
        samlProvider: authentik.ProviderSaml,
        scimProvider: authentik.ProviderScim,
        application: authentik.Application,
        usersBinding: authentik.PolicyBinding,
        scimUserMapping: authentik.PropertyMappingProviderScim,
        nameIdMapping: authentik.PropertyMappingProviderSaml,
    } as const;
    const target = (o: AdoptedObject): { type: string; name: string; version?: string } | undefined => {
        if (o.kind === "assignment") {
            const p = planned.get(JSON.stringify(o.key));
            return p && { type: typeOf(aws.ssoadmin.AccountAssignment), name: assignmentName(componentName, p), version: aws7 };
        }
        if (!("psName" in o)) return { type: authentikTypes[o.kind].__pulumiType, name: ak[o.kind] };
        const names = permissionSetResourceNames(componentName, o.psName);
        const [cls, name] =
            o.kind === "permissionSet"
                ? [aws.ssoadmin.PermissionSet, names.permissionSet]
                : o.kind === "managedPolicy"
                  ? [aws.ssoadmin.ManagedPolicyAttachment, names.managedPolicy(o.arn)]
                  : o.kind === "customerPolicy"
                    ? [aws.ssoadmin.CustomerManagedPolicyAttachment, names.customerPolicy(o.ref)]
                    : o.kind === "inlinePolicy"
                      ? [aws.ssoadmin.PermissionSetInlinePolicy, names.inlinePolicy]
                      : [aws.ssoadmin.PermissionsBoundaryAttachment, names.permissionsBoundary];
        return { type: typeOf(cls), name, version: aws7 };
    };
    // The federation registers its assignments under its AwsIdentityCenterAssignments child, which has the
    // federation's own name: in the file it is keyed apart and given that logical name.
    const assignmentsKey = `${componentName}/assignments`;
    const resources: ImportEntry[] = [{ type: AwsIdentityCenterFederation.__pulumiType, name: componentName, component: true }];
    if (adoptions.some((a) => a.object.kind === "assignment")) {
        resources.push({
            type: AwsIdentityCenterAssignments.__pulumiType,
            name: assignmentsKey,
            logicalName: componentName,
            parent: componentName,
            component: true,
        });
    }
    for (const a of adoptions) {
        const t = target(a.object);
        if (t === undefined) throw new Error(`internal: ${a.address} has no place in the component`);
        const parent = a.object.kind === "assignment" ? assignmentsKey : componentName;
        resources.push({ type: t.type, name: t.name, id: a.importId, parent, ...(t.version ? { version: t.version } : {}) });
    }
    return { resources };
}

/**
 * The URN each entry of an import file gets in a stack: `urn:pulumi:<stack>::<project>::<parent types $>type::name`.
 * Used to check the file against the URNs the component registers.
 */
export function importFileUrns(file: ImportFile, project: string, stack: string): string[] {
    const byName = new Map(file.resources.map((r) => [r.name, r]));
    const typeChain = (r: ImportEntry): string => {
        const parent = r.parent === undefined ? undefined : byName.get(r.parent);
        return parent ? `${typeChain(parent)}$${r.type}` : r.type;
    };
    return file.resources.map((r) => `urn:pulumi:${stack}::${project}::${typeChain(r)}::${r.logicalName ?? r.name}`);
}
