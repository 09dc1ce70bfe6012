import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { PermissionSetArgs } from "../args";
import { childName } from "../naming";
import { normaliseInlinePolicy } from "./assignmentPlan";

/** A permission set and the attachments that must be in place before it is assigned anywhere. */
export interface PermissionSetResources {
    permissionSet: aws.ssoadmin.PermissionSet;
    /** Managed, customer-managed, inline and boundary attachments of this permission set. */
    attachments: pulumi.Resource[];
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
        const permissionSet = new aws.ssoadmin.PermissionSet(
            childName(name, "permission-set", psName),
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
                    // Readable key for the commercial partition; other partitions keep the whole ARN (stays injective).
                    childName(name, "managed-policy", psName, arn.replace(/^arn:aws:iam::aws:policy\//, "")),
                    { instanceArn, permissionSetArn, managedPolicyArn: arn },
                    opts,
                ),
            );
        }
        const customerManaged = new Map<string, { name: string; path: string }>();
        for (const ref of ps.customerManagedPolicies ?? []) {
            const path = ref.path ?? "/";
            customerManaged.set(`${path}${ref.name}`, { name: ref.name, path });
        }
        for (const key of [...customerManaged.keys()].sort()) {
            attachments.push(
                new aws.ssoadmin.CustomerManagedPolicyAttachment(
                    childName(name, "customer-policy", psName, key),
                    { instanceArn, permissionSetArn, customerManagedPolicyReference: customerManaged.get(key)! },
                    opts,
                ),
            );
        }
        if (ps.inlinePolicy !== undefined) {
            attachments.push(
                new aws.ssoadmin.PermissionSetInlinePolicy(
                    childName(name, "inline-policy", psName),
                    { instanceArn, permissionSetArn, inlinePolicy: normaliseInlinePolicy(ps.inlinePolicy) },
                    opts,
                ),
            );
        }
        const boundary = ps.permissionsBoundary;
        if (boundary !== undefined) {
            attachments.push(
                new aws.ssoadmin.PermissionsBoundaryAttachment(
                    childName(name, "permissions-boundary", psName),
                    {
                        instanceArn,
                        permissionSetArn,
                        permissionsBoundary: boundary.managedPolicyArn !== undefined
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
