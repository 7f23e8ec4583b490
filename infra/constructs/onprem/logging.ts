/**
 * Container log settings shared by every long-running container: json-file (what `docker logs` and the
 * hosts' log shippers read) with rotation, so a chatty container cannot fill the disk.
 */
export const ROTATED_JSON_LOGS = {
  logDriver: 'json-file',
  logOpts: { 'max-size': '10m', 'max-file': '5' },
} as const;
