import type { ApiOperation } from './apiDeps.js';
import { createAlias } from './createAlias.js';
import { createFunction } from './createFunction.js';
import { createFunctionUrlConfig } from './createFunctionUrlConfig.js';
import { deleteAlias } from './deleteAlias.js';
import { deleteFunction } from './deleteFunction.js';
import { deleteFunctionConcurrency } from './deleteFunctionConcurrency.js';
import { deleteFunctionUrlConfig } from './deleteFunctionUrlConfig.js';
import { getAlias } from './getAlias.js';
import { getFunction } from './getFunction.js';
import { getFunctionConcurrency } from './getFunctionConcurrency.js';
import { getFunctionConfiguration } from './getFunctionConfiguration.js';
import { getFunctionUrlConfig } from './getFunctionUrlConfig.js';
import { invoke } from './invoke.js';
import { listAliases } from './listAliases.js';
import { listFunctions } from './listFunctions.js';
import { listTags } from './listTags.js';
import { listVersionsByFunction } from './listVersionsByFunction.js';
import { publishVersion } from './publishVersion.js';
import { putFunctionConcurrency } from './putFunctionConcurrency.js';
import { tagResource } from './tagResource.js';
import { untagResource } from './untagResource.js';
import { updateAlias } from './updateAlias.js';
import { updateFunctionCode } from './updateFunctionCode.js';
import { updateFunctionConfiguration } from './updateFunctionConfiguration.js';
import { updateFunctionUrlConfig } from './updateFunctionUrlConfig.js';
import { getAccountSettings } from './getAccountSettings.js';
import { addPermission } from './addPermission.js';
import { removePermission } from './removePermission.js';
import { getPolicy } from './getPolicy.js';
import { putFunctionEventInvokeConfig } from './putFunctionEventInvokeConfig.js';
import { updateFunctionEventInvokeConfig } from './updateFunctionEventInvokeConfig.js';
import { getFunctionEventInvokeConfig } from './getFunctionEventInvokeConfig.js';
import { deleteFunctionEventInvokeConfig } from './deleteFunctionEventInvokeConfig.js';
import { listFunctionEventInvokeConfigs } from './listFunctionEventInvokeConfigs.js';
import { EVENT_SOURCE_MAPPING_ROUTES } from '../eventSources/api/routes.js';

export interface OperationRoute {
  name: string;
  method: 'get' | 'post' | 'put' | 'delete';
  /** The path @aws-sdk/client-lambda sends (its schema's http trait), in express syntax. */
  path: string;
  operation: ApiOperation;
}

/** The supported Lambda operations; the list is the API. */
export const OPERATIONS: OperationRoute[] = [
  { name: 'CreateFunction', method: 'post', path: '/2015-03-31/functions', operation: createFunction },
  { name: 'ListFunctions', method: 'get', path: '/2015-03-31/functions', operation: listFunctions },
  { name: 'GetFunction', method: 'get', path: '/2015-03-31/functions/:functionName', operation: getFunction },
  { name: 'DeleteFunction', method: 'delete', path: '/2015-03-31/functions/:functionName', operation: deleteFunction },
  { name: 'GetFunctionConfiguration', method: 'get', path: '/2015-03-31/functions/:functionName/configuration', operation: getFunctionConfiguration },
  { name: 'UpdateFunctionConfiguration', method: 'put', path: '/2015-03-31/functions/:functionName/configuration', operation: updateFunctionConfiguration },
  { name: 'UpdateFunctionCode', method: 'put', path: '/2015-03-31/functions/:functionName/code', operation: updateFunctionCode },
  { name: 'Invoke', method: 'post', path: '/2015-03-31/functions/:functionName/invocations', operation: invoke },
  { name: 'PublishVersion', method: 'post', path: '/2015-03-31/functions/:functionName/versions', operation: publishVersion },
  { name: 'ListVersionsByFunction', method: 'get', path: '/2015-03-31/functions/:functionName/versions', operation: listVersionsByFunction },
  { name: 'CreateAlias', method: 'post', path: '/2015-03-31/functions/:functionName/aliases', operation: createAlias },
  { name: 'ListAliases', method: 'get', path: '/2015-03-31/functions/:functionName/aliases', operation: listAliases },
  { name: 'GetAlias', method: 'get', path: '/2015-03-31/functions/:functionName/aliases/:aliasName', operation: getAlias },
  { name: 'UpdateAlias', method: 'put', path: '/2015-03-31/functions/:functionName/aliases/:aliasName', operation: updateAlias },
  { name: 'DeleteAlias', method: 'delete', path: '/2015-03-31/functions/:functionName/aliases/:aliasName', operation: deleteAlias },
  { name: 'PutFunctionConcurrency', method: 'put', path: '/2017-10-31/functions/:functionName/concurrency', operation: putFunctionConcurrency },
  { name: 'DeleteFunctionConcurrency', method: 'delete', path: '/2017-10-31/functions/:functionName/concurrency', operation: deleteFunctionConcurrency },
  { name: 'GetFunctionConcurrency', method: 'get', path: '/2019-09-30/functions/:functionName/concurrency', operation: getFunctionConcurrency },
  { name: 'TagResource', method: 'post', path: '/2017-03-31/tags/:resourceArn', operation: tagResource },
  { name: 'ListTags', method: 'get', path: '/2017-03-31/tags/:resourceArn', operation: listTags },
  { name: 'UntagResource', method: 'delete', path: '/2017-03-31/tags/:resourceArn', operation: untagResource },
  { name: 'CreateFunctionUrlConfig', method: 'post', path: '/2021-10-31/functions/:functionName/url', operation: createFunctionUrlConfig },
  { name: 'GetFunctionUrlConfig', method: 'get', path: '/2021-10-31/functions/:functionName/url', operation: getFunctionUrlConfig },
  { name: 'UpdateFunctionUrlConfig', method: 'put', path: '/2021-10-31/functions/:functionName/url', operation: updateFunctionUrlConfig },
  { name: 'PutFunctionEventInvokeConfig', method: 'put', path: '/2019-09-25/functions/:functionName/event-invoke-config', operation: putFunctionEventInvokeConfig },
  { name: 'UpdateFunctionEventInvokeConfig', method: 'post', path: '/2019-09-25/functions/:functionName/event-invoke-config', operation: updateFunctionEventInvokeConfig },
  { name: 'GetFunctionEventInvokeConfig', method: 'get', path: '/2019-09-25/functions/:functionName/event-invoke-config', operation: getFunctionEventInvokeConfig },
  { name: 'DeleteFunctionEventInvokeConfig', method: 'delete', path: '/2019-09-25/functions/:functionName/event-invoke-config', operation: deleteFunctionEventInvokeConfig },
  { name: 'ListFunctionEventInvokeConfigs', method: 'get', path: '/2019-09-25/functions/:functionName/event-invoke-config/list', operation: listFunctionEventInvokeConfigs },
  { name: 'AddPermission', method: 'post', path: '/2015-03-31/functions/:functionName/policy', operation: addPermission },
  { name: 'GetPolicy', method: 'get', path: '/2015-03-31/functions/:functionName/policy', operation: getPolicy },
  { name: 'RemovePermission', method: 'delete', path: '/2015-03-31/functions/:functionName/policy/:statementId', operation: removePermission },
  { name: 'GetAccountSettings', method: 'get', path: '/2016-08-19/account-settings', operation: getAccountSettings },
  { name: 'DeleteFunctionUrlConfig', method: 'delete', path: '/2021-10-31/functions/:functionName/url', operation: deleteFunctionUrlConfig },
  ...EVENT_SOURCE_MAPPING_ROUTES,
];
