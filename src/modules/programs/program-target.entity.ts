import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('program_targets')
export class ProgramTargetEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid') programId!: string;
  @Column('text') dimension!: string;
  @Column('text') key!: string;
  @Column('integer') target!: number;
}
