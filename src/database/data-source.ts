/** The data source the TypeORM CLI uses (`npm run migration:*`). */
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source-options';

const url = process.env.DATABASE_URL;
if (!url) {
  throw new Error('DATABASE_URL is required (e.g. postgres://postgres@127.0.0.1:5432/rujuk)');
}
export default new DataSource(dataSourceOptions(url));
