// az's SubscriptionFinder: which subscriptions an identity can see. Users go through every tenant ARM lists for
// them (a token per tenant); service principals and managed identities look in their own tenant only.
import { AzError } from "../errors.js";
import type { Logger } from "../logger.js";
import type { ArmClient, ArmSubscription, ArmTenant } from "./arm-client.js";

/** A subscription as ARM listed it, plus the tenant whose token listed it (az's `_attach_token_tenant`). */
export interface FoundSubscription {
  subscription: ArmSubscription;
  tokenTenant: string;
}

/** An ARM token for `tenant`; undefined means the identity's own authority (`organizations` for a user). */
export type ArmTokenSource = (tenant: string | undefined) => Promise<string>;

export class SubscriptionFinder {
  /** Tenants whose subscriptions were listed, in order (the tenant-level accounts come from these). */
  readonly tenants: string[] = [];

  constructor(
    private readonly arm: ArmClient,
    private readonly logger: Logger,
  ) {}

  async findUsingSpecificTenant(tenant: string, token: string): Promise<FoundSubscription[]> {
    const subscriptions = await this.arm.listSubscriptions(token);
    this.tenants.push(tenant);
    return subscriptions.map((subscription) => ({ subscription, tokenTenant: tenant }));
  }

  async findUsingCommonTenant(tokenFor: ArmTokenSource): Promise<FoundSubscription[]> {
    const all: FoundSubscription[] = [];
    const emptyTenants: string[] = [];
    const mfaTenants: string[] = [];
    for (const tenant of await this.arm.listTenants(await tokenFor(undefined))) {
      const label = tenantLabel(tenant);
      this.logger.info(`Finding subscriptions under tenant ${label}`);
      let found: FoundSubscription[];
      try {
        found = await this.findUsingSpecificTenant(tenant.tenantId, await tokenFor(tenant.tenantId));
      } catch (error) {
        // The sign-in went through `organizations`, so an Entra error here is about this tenant only (disabled
        // account, MFA required): az reports it and goes on with the other tenants.
        if (!isEntraError(error)) throw error;
        if (error.message.includes("AADSTS50076")) mfaTenants.push(label);
        else this.logger.warning(`Failed to authenticate ${label} due to error '${error.message}'`);
        continue;
      }
      if (found.length === 0) emptyTenants.push(label);
      for (const candidate of found) {
        const earlier = all.find((known) => known.subscription.subscriptionId === candidate.subscription.subscriptionId);
        if (earlier) {
          // a subscription reachable from several tenants keeps its first appearance
          this.logger.warning(
            `Subscription ${candidate.subscription.subscriptionId} '${candidate.subscription.displayName}' can be accessed from tenants ` +
              `${earlier.tokenTenant}(default) and ${candidate.tokenTenant}. To select a specific tenant when accessing this subscription, ` +
              "use 'az login --tenant TENANT_ID'.",
          );
          continue;
        }
        all.push(candidate);
      }
    }
    if (emptyTenants.length > 0) {
      this.logger.warning(
        "The following tenants don't contain accessible subscriptions. Use 'az login --allow-no-subscriptions' to have tenant level access.",
      );
      for (const label of emptyTenants) this.logger.warning(label);
    }
    if (mfaTenants.length > 0) {
      this.logger.warning(
        "The following tenants require Multi-Factor Authentication (MFA). Use 'az login --tenant TENANT_ID' to explicitly login to a tenant.",
      );
      for (const label of mfaTenants) this.logger.warning(label);
    }
    return all;
  }
}

/** `<tenant id> '<display name>'`, or the bare id when ARM gave no name. */
function tenantLabel(tenant: ArmTenant): string {
  return tenant.displayName ? `${tenant.tenantId} '${tenant.displayName}'` : tenant.tenantId;
}

/** The token endpoint refused (an AADSTS error), as opposed to a network or file problem. */
function isEntraError(error: unknown): error is AzError {
  return error instanceof AzError && /AADSTS\d+/.test(error.message);
}
