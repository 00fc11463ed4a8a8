// Project lint rules for the provider specs (loaded by redocly.yaml). Each rule reports at the exact node.
'use strict';

const ALLOWED_KEYS = new Set(['tokens', 'mutates', 'production', 'unreachable', 'catalog', 'filters']);

function hasExample(media) {
  if (!media || typeof media !== 'object') return false;
  if ('example' in media) return true;
  return media.examples && typeof media.examples === 'object' && Object.keys(media.examples).length > 0;
}

/** Every secured operation documents its 401. */
function secured401() {
  let globalSecurity = [];
  return {
    Root: { enter(root) { globalSecurity = Array.isArray(root.security) ? root.security : []; } },
    Operation(op, { report, location }) {
      const security = Array.isArray(op.security) ? op.security : globalSecurity;
      const secured = security.some((req) => req && Object.keys(req).length > 0);
      if (secured && !(op.responses && ('401' in op.responses || '4XX' in op.responses))) {
        report({ message: `Operation ${op.operationId || ''} is secured but documents no 401 response.`, location: location.child('responses') });
      }
    },
  };
}

/** Every response with content has at least one example (on the media type). */
function responseExample() {
  return {
    Response(resp, { report, location }) {
      if (!resp.content) return;
      for (const [ctype, media] of Object.entries(resp.content)) {
        if (!hasExample(media)) {
          report({ message: `Response content ${ctype} has no example.`, location: location.child(['content', ctype]) });
        }
      }
    },
  };
}

/** x-conformance is present on every operation and well-formed. */
function xConformance() {
  let schemes = new Set();
  return {
    Root: { enter(root) { schemes = new Set(Object.keys((root.components && root.components.securitySchemes) || {})); } },
    Operation(op, { report, location }) {
      const c = op['x-conformance'];
      if (!c || typeof c !== 'object') {
        report({ message: `Operation ${op.operationId || ''} has no x-conformance metadata (tokens, mutates, production).`, location: location.key() });
        return;
      }
      const here = location.child('x-conformance');
      for (const key of Object.keys(c)) if (!ALLOWED_KEYS.has(key)) report({ message: `x-conformance has unknown key "${key}".`, location: here.child(key).key() });
      if (!Array.isArray(c.tokens)) report({ message: 'x-conformance.tokens must be a list of security scheme names ([] for none).', location: here });
      else c.tokens.forEach((t, i) => { if (!schemes.has(t)) report({ message: `x-conformance.tokens names "${t}", which is not a security scheme.`, location: here.child(['tokens', i]) }); });
      if (typeof c.mutates !== 'boolean') report({ message: 'x-conformance.mutates must be true or false.', location: here });
      if (typeof c.production !== 'boolean') report({ message: 'x-conformance.production must be true or false.', location: here });
      if (c.mutates === true && c.production === true) report({ message: 'An operation that mutates state cannot be marked safe for production.', location: here.child('production') });
    },
  };
}

/** The categories of `x-health-data` (src/health-data.ts keeps the same list; a unit test holds them equal). */
const HEALTH_CATEGORIES = ['demographics', 'biometrics', 'scores', 'device identifiers', 'free text', 'user references'];

/**
 * `x-health-data: <category>` marks a schema (a property's, usually) whose values are personal or health data: hidden
 * in every artifact on production. Its value is one of HEALTH_CATEGORIES; a look-alike key (x-health, x-healthdata)
 * would hide nothing, so it is refused.
 */
function xHealthData() {
  return {
    Schema(schema, { report, location }) {
      if (!schema || typeof schema !== 'object') return;
      for (const key of Object.keys(schema)) {
        if (key !== 'x-health-data' && /^x-health/i.test(key)) report({ message: `"${key}" is not the health-data mark; write x-health-data: <category> (${HEALTH_CATEGORIES.join(', ')}).`, location: location.child(key).key() });
      }
      if (!('x-health-data' in schema)) return;
      const value = schema['x-health-data'];
      if (!HEALTH_CATEGORIES.includes(value)) report({ message: `x-health-data must be one of ${HEALTH_CATEGORIES.join(', ')}; got ${JSON.stringify(value)}.`, location: location.child('x-health-data') });
    },
  };
}

module.exports = function conformancePlugin() {
  return {
    id: 'conformance',
    rules: {
      oas3: {
        'secured-401': secured401,
        'response-example': responseExample,
        'x-conformance': xConformance,
        'x-health-data': xHealthData,
      },
    },
  };
};
module.exports.HEALTH_CATEGORIES = HEALTH_CATEGORIES;
