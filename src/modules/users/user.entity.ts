import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { ALL_ROLES, type Role } from '../../core/auth/actor';

/** A user's role is one of the roles the guard knows (core/auth/actor). */
export const USER_ROLES: readonly Role[] = ALL_ROLES;
export type UserRole = Role;

@Entity('users')
export class UserEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'bigint', insert: false, update: false }) seq!: string;
  @Column('text') email!: string;
  @Column('text') passwordHash!: string;
  @Column('text') role!: UserRole;
  @Column({ type: 'timestamptz', nullable: true }) disabledAt!: Date | null;
  @Column({ type: 'integer', insert: false }) tokenVersion!: number;
  @Column({ type: 'uuid', nullable: true, insert: false }) keptSessionId!: string | null;
  @Column({ type: 'timestamptz', insert: false, update: false }) createdAt!: Date;
  @Column({ type: 'timestamptz', insert: false }) updatedAt!: Date;
}
