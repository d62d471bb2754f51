/**
 * The layer rules of the architecture (see ../shared/DESIGN.md, "Architecture"), checked by
 * `npm run check`. The import graph flows entry points → use cases → domain, adapters → ports,
 * and never back.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment:
        'shared/domain is pure TypeScript: it imports only itself, Node built-ins and pure libraries, never ports, use cases, adapters, config, entry points, infra or the AWS SDK.',
      severity: 'error',
      from: { path: '^shared/domain/' },
      to: {
        pathNot: ['^shared/domain/', '^node_modules/(libphonenumber-js|punycode)/'],
        dependencyTypesNot: ['core', 'type-only'],
      },
    },
    {
      name: 'domain-types-from-domain',
      comment: 'Even type-only imports of shared/domain stay inside the domain.',
      severity: 'error',
      from: { path: '^shared/domain/' },
      to: { path: '^(shared/(ports|use-cases|adapters|config)|functions|infra)/' },
    },
    {
      name: 'ports-know-only-domain',
      comment: 'A port is an interface over domain types.',
      severity: 'error',
      from: { path: '^shared/ports/' },
      to: { path: ['^(shared/(use-cases|adapters|config)|functions|infra)/', '^node_modules/@aws-sdk/'] },
    },
    {
      name: 'use-cases-stay-in-feature',
      comment:
        'A feature is a folder under shared/use-cases. Its use cases import only ports, domain and their own feature: a capability of another feature arrives through deps (wired by the composition roots), and a table composing several features lives beside the entry points.',
      severity: 'error',
      from: { path: '^shared/use-cases/([^/]+)/' },
      to: { path: '^shared/use-cases/', pathNot: '^shared/use-cases/$1/' },
    },
    {
      name: 'use-cases-take-ports',
      comment:
        'A use case takes ports as arguments: it never imports an adapter, the AWS SDK, config, an entry point or infra.',
      severity: 'error',
      from: { path: '^shared/use-cases/' },
      to: { path: ['^(shared/(adapters|config)|functions|infra)/', '^node_modules/@aws-sdk/'] },
    },
    {
      name: 'only-adapters-import-the-sdk',
      comment: 'shared/adapters are the only shared code that talks to AWS.',
      severity: 'error',
      from: { path: '^(shared/(domain|ports|use-cases|config)|functions)/' },
      to: { path: '^node_modules/@aws-sdk/' },
    },
    {
      name: 'adapters-never-climb',
      comment: 'An adapter implements a port; it never calls a use case, an entry point or infra.',
      severity: 'error',
      from: { path: '^shared/adapters/' },
      to: { path: '^(shared/use-cases|functions|infra)/' },
    },
    {
      name: 'entry-points-never-import-infra',
      comment: 'Lambda entry points are deployed alone: they never import the CDK app or the local runtime.',
      severity: 'error',
      from: { path: '^functions/' },
      to: { path: '^infra/' },
    },
    {
      name: 'shared-never-imports-entry-points',
      severity: 'error',
      from: { path: '^shared/' },
      to: { path: '^(functions|infra)/' },
    },
    {
      name: 'no-file-cycles',
      comment: 'No module may import itself through others.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-folder-cycles',
      comment: 'No folder may depend on itself through others (features stay apart).',
      severity: 'error',
      scope: 'folder',
      from: { path: '^(shared|functions|infra)/' },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Keeps node_modules paths as written when node_modules is a link (the layer-rules test's scratch tree).
    preserveSymlinks: true,
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
    },
  },
};
