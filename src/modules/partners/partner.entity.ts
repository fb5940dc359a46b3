import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('partners')
export class PartnerEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'bigint', insert: false, update: false }) seq!: string;
  @Column('text') code!: string;
  @Column('text') name!: string;
  @Column('text') kind!: string;
  @Column({ type: 'timestamptz', insert: false, update: false }) createdAt!: Date;
  @Column({ type: 'timestamptz', insert: false }) updatedAt!: Date;
}
