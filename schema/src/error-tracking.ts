/**
 * What Sentry may collect, on the Worker and on the render nodes alike: nothing a prospect or a user
 * sent. Sentry 11 replaced `sendDefaultPii` with `dataCollection`, whose defaults collect cookies,
 * headers, bodies and query strings: every category is turned off.
 */
export const SENTRY_DATA_COLLECTION = {
  userInfo: false,
  cookies: false,
  httpHeaders: false,
  httpBodies: [],
  urlQueryParams: false,
  databaseQueryData: false,
  queues: false,
  stackFrameVariables: false,
  genAI: { inputs: false, outputs: false },
  mcp: { inputs: false, outputs: false },
  graphQL: { document: false, variables: false },
};
