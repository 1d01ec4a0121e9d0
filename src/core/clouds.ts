// Built-in clouds (as in the latest az, which dropped AzureGermanCloud) plus custom clouds and endpoint
// overrides from `clouds.config` (`az cloud register/update` writes `endpoint_<name> = <url>` options).
import { join } from "node:path";
import { AzError } from "./errors.js";
import { readIniFile } from "./config.js";
import { CLOUDS_CONFIG_FILE } from "./paths.js";

export type CloudEndpointName =
  | "management"
  | "resource_manager"
  | "active_directory"
  | "active_directory_resource_id"
  | "active_directory_graph_resource_id"
  | "microsoft_graph_resource_id"
  | "active_directory_data_lake_resource_id"
  | "batch_resource_id"
  | "media_resource_id"
  | "ossrdbms_resource_id";

export interface Cloud {
  name: string;
  endpoints: Partial<Record<CloudEndpointName, string>> & Record<string, string | undefined>;
}

const BUILT_IN_CLOUDS: readonly Cloud[] = [
  {
    name: "AzureCloud",
    endpoints: {
      management: "https://management.core.windows.net/",
      resource_manager: "https://management.azure.com/",
      batch_resource_id: "https://batch.core.windows.net/",
      active_directory: "https://login.microsoftonline.com",
      active_directory_resource_id: "https://management.core.windows.net/",
      active_directory_graph_resource_id: "https://graph.windows.net/",
      microsoft_graph_resource_id: "https://graph.microsoft.com/",
      active_directory_data_lake_resource_id: "https://datalake.azure.net/",
      media_resource_id: "https://rest.media.azure.net",
      ossrdbms_resource_id: "https://ossrdbms-aad.database.windows.net",
    },
  },
  {
    name: "AzureChinaCloud",
    endpoints: {
      management: "https://management.core.chinacloudapi.cn/",
      resource_manager: "https://management.chinacloudapi.cn",
      batch_resource_id: "https://batch.chinacloudapi.cn/",
      active_directory: "https://login.chinacloudapi.cn",
      active_directory_resource_id: "https://management.core.chinacloudapi.cn/",
      active_directory_graph_resource_id: "https://graph.chinacloudapi.cn/",
      microsoft_graph_resource_id: "https://microsoftgraph.chinacloudapi.cn",
      media_resource_id: "https://rest.media.chinacloudapi.cn",
      ossrdbms_resource_id: "https://ossrdbms-aad.database.chinacloudapi.cn",
    },
  },
  {
    name: "AzureUSGovernment",
    endpoints: {
      management: "https://management.core.usgovcloudapi.net/",
      resource_manager: "https://management.usgovcloudapi.net/",
      batch_resource_id: "https://batch.core.usgovcloudapi.net/",
      active_directory: "https://login.microsoftonline.us",
      active_directory_resource_id: "https://management.core.usgovcloudapi.net/",
      active_directory_graph_resource_id: "https://graph.windows.net/",
      microsoft_graph_resource_id: "https://graph.microsoft.us/",
      media_resource_id: "https://rest.media.usgovcloudapi.net",
      ossrdbms_resource_id: "https://ossrdbms-aad.database.usgovcloudapi.net",
    },
  },
];

export const DEFAULT_CLOUD_NAME = "AzureCloud";

/** `--resource-type` values, in az's order, and the cloud endpoint each one names. */
export const RESOURCE_TYPE_ENDPOINTS: Readonly<Record<string, CloudEndpointName>> = {
  "oss-rdbms": "ossrdbms_resource_id",
  arm: "active_directory_resource_id",
  "aad-graph": "active_directory_graph_resource_id",
  "ms-graph": "microsoft_graph_resource_id",
  batch: "batch_resource_id",
  media: "media_resource_id",
  "data-lake": "active_directory_data_lake_resource_id",
};

/** All clouds: built-ins with clouds.config applied on top, then custom clouds in file order. */
export function loadClouds(configDir: string): Cloud[] {
  const clouds = BUILT_IN_CLOUDS.map((cloud) => ({ name: cloud.name, endpoints: { ...cloud.endpoints } }));
  for (const [section, options] of readIniFile(join(configDir, CLOUDS_CONFIG_FILE))) {
    let cloud = clouds.find((c) => c.name === section);
    if (!cloud) {
      cloud = { name: section, endpoints: {} };
      clouds.push(cloud);
    }
    for (const [key, value] of options) {
      if (key.startsWith("endpoint_")) cloud.endpoints[key.slice("endpoint_".length)] = value;
    }
    // az: a custom cloud without `management` uses its resource_manager endpoint
    if (!cloud.endpoints.management && cloud.endpoints.resource_manager) {
      cloud.endpoints.management = cloud.endpoints.resource_manager;
    }
  }
  return clouds;
}

export function cloudEndpoint(cloud: Cloud, name: CloudEndpointName, configDir: string): string {
  const value = cloud.endpoints[name];
  if (!value) {
    throw new AzError(
      `The endpoint '${name}' for this cloud is not set but is used.\n` +
        `${join(configDir, CLOUDS_CONFIG_FILE)} may be corrupt or invalid.\n` +
        "Resolve the error or delete this file and try again.",
    );
  }
  return value;
}

/** The authority host without a trailing slash, e.g. https://login.microsoftonline.com. */
export function authorityHost(cloud: Cloud, configDir: string): string {
  return cloudEndpoint(cloud, "active_directory", configDir).replace(/\/+$/, "");
}

/** `<host>/<tenant>`, the authority az builds. */
export function authorityUrl(authorityHost: string, tenant: string): string {
  return `${authorityHost}/${tenant}`;
}

/** The authority's token endpoint (Entra ID's v2.0 one, as MSAL finds it through discovery). */
export function tokenEndpoint(authorityHost: string, tenant: string): string {
  return `${authorityUrl(authorityHost, tenant)}/oauth2/v2.0/token`;
}

/**
 * The active cloud: `[cloud] name` from config (or AZURE_CLOUD_NAME). An unknown name makes az print two bare
 * lines (its logging is not set up yet, hence no `WARNING:` prefix and the missing space) and use AzureCloud.
 */
export function resolveActiveCloud(configuredName: string | undefined, clouds: readonly Cloud[], writeStderr: (text: string) => void): Cloud {
  const name = configuredName ?? DEFAULT_CLOUD_NAME;
  const found = clouds.find((cloud) => cloud.name === name);
  if (found) return found;
  writeStderr(`The cloud '${name}' is not registered.\nResetting active cloud to'${DEFAULT_CLOUD_NAME}'.\n`);
  return clouds.find((cloud) => cloud.name === DEFAULT_CLOUD_NAME)!;
}
