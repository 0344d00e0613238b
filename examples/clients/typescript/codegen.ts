// GraphQL Code Generator's client preset: typed documents for every
// `graphql(...)` call in src/, from the schema a running innograph serves at
// /schema.graphql (INNOGRAPH_URL, default http://127.0.0.1:8080).
import type { CodegenConfig } from '@graphql-codegen/cli';

const base = (process.env.INNOGRAPH_URL ?? 'http://127.0.0.1:8080').replace(/\/$/, '');

const config: CodegenConfig = {
  overwrite: true,
  schema: `${base}/schema.graphql`,
  documents: ['src/**/*.ts', '!src/gql/**'],
  ignoreNoDocuments: false,
  generates: {
    'src/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        // The documents are strings with their result and variable types
        // attached: what a plain `fetch` client sends.
        documentMode: 'string',
        // Nullable fields are `T | null`, never optional.
        avoidOptionals: true,
        enumsAsTypes: true,
        useTypeImports: true,
        // ES modules under Node: relative imports end in .js.
        importExtension: '.js',
        scalars: { ID: 'string' },
      },
    },
  },
};

export default config;
