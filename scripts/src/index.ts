export { startShop, type RunningShop, type ShopAtPop, type StartShopOptions } from './start/startShop.js';
export { deployShop, functionUrlsFromDeployOutput, webConfigFor, type ShopSecrets, type ShopUrls } from './start/deployShop.js';
export { seedIfEmpty, categoryCount } from './start/seedShop.js';
export { startLocalNetwork, hasUpCommand, type LocalNetwork, type Pop } from './start/localNetwork.js';
export { spawnUntil, stopChild, runToEnd } from './start/childProcess.js';
export { startShopWebServer, type ShopWebServer } from './start/webServer.js';
export { freePortBlock } from './start/freePorts.js';
