// @ts-check
/**
 * The house's import boundaries as an ESLint rule (docs/architecture.md):
 * - an app never imports another app, and a lib never imports an app;
 * - a platform lib never imports a domain lib;
 * - domain libs depend one way, in DOMAIN_ORDER (members ← themes ← projects ← chat ← events ← activity ← digest ← kpis);
 * - another lib is reached only through its alias and index (`@app/chat`), never its private files;
 * - `../` never crosses a lib's or an app's boundary.
 */
import { dirname, relative, resolve, sep } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..', '..');
export const DOMAIN_ORDER = ['members', 'themes', 'projects', 'chat', 'events', 'activity', 'digest', 'kpis'];
const PLATFORM = new Set(['common', 'config', 'database', 'redis', 'auth', 'queue', 'logging', 'mail']);

/** `{ kind: 'lib' | 'app', name }` for a path under libs/<name> or apps/<name>, else null. */
function unitOf(path) {
  const [top, name] = relative(ROOT, path).split(sep);
  if ((top === 'libs' || top === 'apps') && name) return { kind: top === 'libs' ? 'lib' : 'app', name };
  return null;
}

function describe(unit) {
  return `${unit.kind === 'lib' ? 'libs' : 'apps'}/${unit.name}`;
}

/** Why `from` may not import lib `to`, or null when it may. */
function libRefusal(from, to) {
  if (from.kind === 'lib' && from.name === to) return null;
  if (from.kind === 'lib' && PLATFORM.has(from.name) && !PLATFORM.has(to)) {
    return `platform lib ${from.name} imports domain lib ${to}: the plumbing knows no domain`;
  }
  if (from.kind === 'lib' && !PLATFORM.has(from.name) && !PLATFORM.has(to)) {
    if (DOMAIN_ORDER.indexOf(to) > DOMAIN_ORDER.indexOf(from.name)) {
      return `domain lib ${from.name} imports ${to}, which comes after it (${DOMAIN_ORDER.join(' ← ')}): publish a domain event or move the rule`;
    }
  }
  return null;
}

/** @type {import('eslint').Rule.RuleModule} */
const boundaries = {
  meta: { type: 'problem', schema: [], docs: { description: 'Import boundaries between apps and libs' } },
  create(context) {
    const from = unitOf(context.filename);
    if (!from) return {};
    const check = (node, source) => {
      if (typeof source !== 'string') return;
      const alias = /^@app\/([a-z-]+)(\/.*)?$/.exec(source);
      if (alias) {
        const [, lib, rest] = alias;
        if (rest) {
          context.report({ node, message: `import '@app/${lib}', not its private file '${source}'` });
          return;
        }
        const refusal = libRefusal(from, lib);
        if (refusal) context.report({ node, message: refusal });
        return;
      }
      if (!source.startsWith('.')) return;
      const target = unitOf(resolve(dirname(context.filename), source));
      if (!target || (target.kind === from.kind && target.name === from.name)) return;
      context.report({
        node,
        message:
          target.kind === 'app'
            ? `${describe(from)} reaches into ${describe(target)}: an app is never imported`
            : `'../' crosses from ${describe(from)} into ${describe(target)}: import '@app/${target.name}'`,
      });
    };
    return {
      ImportDeclaration: (node) => check(node.source, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node.source, node.source.value),
      ExportAllDeclaration: (node) => check(node.source, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node.source, node.source.value),
    };
  },
};

export default { rules: { boundaries } };
