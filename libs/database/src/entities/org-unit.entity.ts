import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** An organisation unit: a congress, a committee, a government department, a district, street or town. */
@Entity({ name: 'org_unit' })
export class OrgUnit {
  @PrimaryColumn({ type: 'text' })
  id!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  kind!: string;

  /** Province, city or county, for congresses, committees and governments. */
  @Column({ type: 'text', nullable: true })
  level!: string | null;

  @Column({ name: 'parent_id', type: 'text', nullable: true })
  parentId!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
