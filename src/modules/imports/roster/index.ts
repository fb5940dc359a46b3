// The roster's public face for the importer: columns, header check, row validation and the
// problem vocabulary. Pure: nothing here may import Nest, TypeORM or BullMQ.
export * from './roster-columns';
export * from './roster-header';
export * from './roster-problems';
export * from './roster-row';
export * from './roster-entry';
export * from './batch-builder';
