import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const IMPORT_STATUSES = [
  'queued',
  'processing',
  'completed',
  'failed',
  'cancelled',
] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

@Entity('imports')
export class ImportEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'bigint', insert: false, update: false }) seq!: string;
  @Column('uuid') partnerId!: string;
  @Column({ type: 'uuid', nullable: true }) requestedByUserId!: string | null;
  @Column('text') status!: ImportStatus;
  @Column({ type: 'text', nullable: true }) filename!: string | null;
  @Column('text') contentType!: string;
  @Column('text') format!: 'csv' | 'json';
  @Column('bigint') sizeBytes!: string;
  @Column({ type: 'text', nullable: true }) sha256!: string | null;
  @Column({ type: 'text', nullable: true }) idempotencyKey!: string | null;
  @Column('boolean') dryRun!: boolean;
  @Column('boolean') atomic!: boolean;
  @Column({ type: 'uuid', nullable: true }) duplicateOfImportId!: string | null;
  @Column({ type: 'integer', nullable: true }) totalRows!: number | null;
  @Column('integer') processedRows!: number;
  @Column('integer') created!: number;
  @Column('integer') updated!: number;
  @Column('integer') unchanged!: number;
  @Column('integer') rejected!: number;
  @Column('integer') warnings!: number;
  /** Data records whose batch has committed: where a resumed job starts again. */
  @Column('integer') committedRecords!: number;
  @Column('boolean') cancelRequested!: boolean;
  @Column({ type: 'text', nullable: true }) failureReason!: string | null;
  @Column({ type: 'timestamptz', nullable: true }) startedAt!: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) finishedAt!: Date | null;
  @Column({ type: 'timestamptz', insert: false, update: false }) createdAt!: Date;
  @Column({ type: 'timestamptz', insert: false }) updatedAt!: Date;
}
