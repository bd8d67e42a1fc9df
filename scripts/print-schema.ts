/**
 * Prints the GraphQL schema from the code-first resolvers, as the API writes it to schema.gql on start outside
 * production, without a database or Redis: `npm run schema:print` rewrites schema.gql; `-- --check` only compares
 * and exits 1 when the committed file is out of date.
 */
import 'reflect-metadata';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { GraphQLSchemaBuilderModule, GraphQLSchemaFactory } from '@nestjs/graphql';
import { lexicographicSortSchema, printSchema } from 'graphql';

const SRC = join(__dirname, '..', 'src');
export const SCHEMA_PATH = join(__dirname, '..', 'schema.gql');
const HEADER = `# ------------------------------------------------------
# THIS FILE WAS AUTOMATICALLY GENERATED (DO NOT MODIFY)
# ------------------------------------------------------

`;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'migrations' ? [] : sourceFiles(path);
    return /\.ts$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Every class decorated with @Resolver in src/. */
function resolverClasses(): Function[] {
  const found = new Set<Function>();
  for (const file of sourceFiles(SRC)) {
    if (!readFileSync(file, 'utf8').includes('@Resolver(')) continue;
    const mod = require(file) as Record<string, unknown>;
    for (const value of Object.values(mod)) {
      if (typeof value === 'function' && Reflect.getMetadataKeys(value).some((k) => String(k).startsWith('graphql:resolver'))) found.add(value);
    }
  }
  return [...found];
}

export async function printedSchema(): Promise<string> {
  const app = await NestFactory.createApplicationContext(GraphQLSchemaBuilderModule, { logger: false });
  try {
    const schema = await app.get(GraphQLSchemaFactory).create(resolverClasses());
    return HEADER + printSchema(lexicographicSortSchema(schema));
  } finally {
    await app.close();
  }
}

async function main(): Promise<void> {
  const printed = await printedSchema();
  if (process.argv.includes('--check')) {
    if (readFileSync(SCHEMA_PATH, 'utf8') !== printed) {
      process.stderr.write('schema.gql is out of date: run `npm run schema:print`\n');
      process.exit(1);
    }
    process.stdout.write('schema.gql is up to date\n');
    return;
  }
  writeFileSync(SCHEMA_PATH, printed);
  process.stdout.write(`wrote ${SCHEMA_PATH}\n`);
}

if (require.main === module) void main();
