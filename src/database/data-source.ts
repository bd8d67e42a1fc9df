/** The data source the TypeORM CLI uses (`npm run migration:*`). */
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source-options';

// Migrations run as the owner of the tables: DATABASE_OWNER_URL when the API connects as a runtime role.
const url = process.env.DATABASE_OWNER_URL || process.env.DATABASE_URL;
if (!url) {
  throw new Error('DATABASE_OWNER_URL or DATABASE_URL is required (e.g. postgres://postgres@127.0.0.1:5432/rujuk)');
}
export default new DataSource(dataSourceOptions(url));
