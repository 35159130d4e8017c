/** Kinds of organisation unit, from congresses down to towns. */
export const UNIT_KINDS = ['congress', 'committee', 'government', 'department', 'district', 'street', 'town'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

/** What a person may do (角色); one person may hold several roles in their unit. */
export const ROLES = [
  /** 人大常委会 / 专门委员会 工作人员: launches campaigns, hands off and reviews items. */
  'committee_staff',
  /** 检查组成员 / 人大代表: inspects and records findings. */
  'inspector',
  /** 政府部门 经办人: answers the items assigned to the department. */
  'department_handler',
  /** 部门负责人: approves what the department submits; the one escalated to. */
  'department_leader',
  /** 主任会议 / 领导: watches overdue items, approves closing an item as not feasible. */
  'manager',
] as const;
export type Role = (typeof ROLES)[number];

/** Who performs an action, as the service resolved it from the person's record. */
export interface Actor {
  personId: string;
  unitId: string;
  roles: Role[];
}

/**
 * The three separated administrator roles (三员分立). An administrator account acts for no
 * person and can do nothing in the rectification business.
 */
export const ADMIN_ROLES = [
  /** 系统管理员: organisation units, people, accounts and the working-day calendar. */
  'system_admin',
  /** 安全管理员: who holds which role, locked and disabled accounts, sessions. */
  'security_admin',
  /** 审计管理员: reads and verifies the audit log, and nothing else. */
  'audit_admin',
] as const;
export type AdminRole = (typeof ADMIN_ROLES)[number];

/** Who is signed in, resolved from their session on every request. */
export interface Principal {
  accountId: string;
  username: string;
  sessionId: string;
  /** Set on administrator accounts, which have no person. */
  adminRole: AdminRole | null;
  /** Set on business accounts: the person they act for, with that person's unit and roles. */
  personId: string | null;
  unitId: string | null;
  roles: Role[];
}
