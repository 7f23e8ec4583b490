/**
 * Built-in Azure roles this platform grants, by their exact names. None of them can manage keys, role
 * assignments or resources; policy rule OMS-IAM-002 rejects anything more privileged.
 */
export const ROLES = {
  reader: 'Reader',
  blobDataReader: 'Storage Blob Data Reader',
  blobDataContributor: 'Storage Blob Data Contributor',
  eventHubsDataSender: 'Azure Event Hubs Data Sender',
  eventHubsDataReceiver: 'Azure Event Hubs Data Receiver',
} as const;
