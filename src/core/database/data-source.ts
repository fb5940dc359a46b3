// Entry point for the typeorm CLI (`npm run migration:run` / `migration:generate`).
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source-options';

const url = process.env.DATABASE_URL;
if (!url) throw new Error('DATABASE_URL is required');

export default new DataSource({
  ...dataSourceOptions(url),
  entities: [__dirname + '/../../modules/**/*.entity.js'],
});
