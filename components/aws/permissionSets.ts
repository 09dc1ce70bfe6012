import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { CustomerManagedPolicyReference, PermissionSetArgs } from "../args";
import { childName } from "../naming";
import { normaliseInlinePolicy } from "./assignmentPlan";

/** A permission set and the attachments that must be in place before it is assigned anywhere. */
export interface PermissionSetResources {
    permissionSet: aws.ssoadmin.PermissionSet;
    /** Managed, customer-managed, inline and boundary attachments of this permission set. */
    attachments: pulumi.Resource[];
}

/**
 * The logical names of a permission set's resources: the permission set's name and the attached policy's identity
 * (never a list position). Shared with the Terraform migration, which must name adopted resources exactly so.
 */
export function permissionSetResourceNames(name: string, psName: string) {
    return {
        permissionSet: childName(name, "permission-set", psName),
        // Readable key for the commercial partition; other partitions keep the whole ARN (stays injective).
        managedPolicy: (arn: string) => childName(name, "managed-policy", psName, arn.replace(/^arn:aws:iam::aws:policy\//, "")),
        customerPolicy: (ref: CustomerManagedPolicyReference) => childName(name, "customer-policy", psName, customerPolicyKey(ref)),
        inlinePolicy: childName(name, "inline-policy", psName),
        permissionsBoundary: childName(name, "permissions-boundary", psName),
    };
}

/** A customer-managed policy's identity: path and name (the default path is `/`). */
export function customerPolicyKey(ref: CustomerManagedPolicyReference): string {
    return `${ref.path ?? "/"}${ref.name}`;
}

/**
 * One `aws.ssoadmin.PermissionSet` per entry plus its attachments, named from the permission set's name and
 * the attached policy's identity (never a list position), so adding a policy only adds one attachment.
 */
export function createPermissionSets(
    name: string,
    parent: pulumi.Resource,
    instanceArn: pulumi.Input<string>,
    permissionSets: { [psName: string]: PermissionSetArgs },
): Map<string, PermissionSetResources> {
    const opts = { parent };
    const result = new Map<string, PermissionSetResources>();
    for (const psName of Object.keys(permissionSets).sort()) {
        const ps = permissionSets[psName];
        const names = permissionSetResourceNames(name, psName);
        const permissionSet = new aws.ssoadmin.PermissionSet(
            names.permissionSet,
            {
                instanceArn,
                // Always explicit: auto-naming would append a suffix (32-character limit, unstable on rename).
                name: psName,
                description: ps.description,
                sessionDuration: ps.sessionDuration,
                relayState: ps.relayState,
                tags: ps.tags,
            },
            opts,
        );
        const attachments: pulumi.Resource[] = [];
        const permissionSetArn = permissionSet.arn;

        for (const arn of [...new Set(ps.managedPolicies ?? [])].sort()) {
            attachments.push(
                new aws.ssoadmin.ManagedPolicyAttachment(
                    names.managedPolicy(arn),
                    { instanceArn, permissionSetArn, managedPolicyArn: arn },
                    opts,
                ),
            );
        }
        const customerManaged = new Map<string, { name: string; path: string }>();
        for (const ref of ps.customerManagedPolicies ?? []) {
            customerManaged.set(customerPolicyKey(ref), { name: ref.name, path: ref.path ?? "/" });
        }
        for (const key of [...customerManaged.keys()].sort()) {
            attachments.push(
                new aws.ssoadmin.CustomerManagedPolicyAttachment(
                    names.customerPolicy(customerManaged.get(key)!),
                    { instanceArn, permissionSetArn, customerManagedPolicyReference: customerManaged.get(key)! },
                    opts,
                ),
            );
        }
        if (ps.inlinePolicy !== undefined) {
            attachments.push(
                new aws.ssoadmin.PermissionSetInlinePolicy(
                    names.inlinePolicy,
                    { instanceArn, permissionSetArn, inlinePolicy: normaliseInlinePolicy(ps.inlinePolicy) },
                    opts,
                ),
            );
        }
        const boundary = ps.permissionsBoundary;
        if (boundary !== undefined) {
            attachments.push(
                new aws.ssoadmin.PermissionsBoundaryAttachment(
                    names.permissionsBoundary,
                    {
                        instanceArn,
                        permissionSetArn,
                        permissionsBoundary:
                            boundary.managedPolicyArn !== undefined
                                ? { managedPolicyArn: boundary.managedPolicyArn }
                                : {
                                      customerManagedPolicyReference: {
                                          name: boundary.customerManagedPolicy!.name,
                                          path: boundary.customerManagedPolicy!.path ?? "/",
                                      },
                                  },
                    },
                    opts,
                ),
            );
        }
        result.set(psName, { permissionSet, attachments });
    }
    return result;
}
