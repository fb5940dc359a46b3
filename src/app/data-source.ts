// Entry point for the typeorm CLI (`npm run migration:run` / `migration:generate`).
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadDatabaseConfig } from '../core/config/app-config';
import { dataSourceOptions } from '../core/database/data-source-options';

const config = loadDatabaseConfig();

export default new DataSource({
  ...dataSourceOptions(config.databaseUrl, config.databasePoolSize),
  entities: [__dirname + '/../modules/**/*.entity.js'],
});
