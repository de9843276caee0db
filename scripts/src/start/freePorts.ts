// The scripts' benches and tests import free ports from here; the one implementation lives with the network config.
export { freePort, freePortBlock } from '@kuhiro/replication';
