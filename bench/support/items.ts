import { DEFAULT_RECTIFICATION_POLICY, type RectificationItemInput, type RectificationPolicy } from '@lib/contracts';

/**
 * Hand-offs shaped like a real problem list: a few committees, a few dozen departments and
 * the districts of a city, so that the read model's indexes see realistic spreads. The units
 * need not exist: the bench starts workflows directly, as bulk hand-off does after its checks.
 */
const PROBLEMS = [
  { title: '社区养老服务站点运营不规范', description: '部分社区日间照料中心建成后未正常运营' },
  { title: '养老机构消防设施不达标', description: '抽查的养老机构中有消防通道被占用、灭火器过期' },
  { title: '居家养老上门服务覆盖不足', description: '农村地区失能老人上门服务频次低于标准' },
  { title: '老年助餐点补贴发放滞后', description: '助餐补贴资金未按季度拨付到位' },
  { title: '适老化改造项目进度缓慢', description: '老旧小区加装电梯和无障碍改造未按计划推进' },
];
const DEPARTMENTS = [
  'civil-affairs',
  'finance',
  'health',
  'housing',
  'human-resources',
  'natural-resources',
  'market-regulation',
  'emergency-management',
  'fire-rescue',
  'transport',
  'education',
  'medical-insurance',
];
const COMMITTEES = ['social-affairs-cmte', 'finance-economy-cmte', 'urban-construction-cmte'];
const DISTRICTS = ['jinshui', 'erqi', 'zhongyuan', 'guancheng', 'huiji', 'gaoxin', 'zhengdong', 'jingkai'];

function pick<T>(list: readonly T[], index: number): T {
  return list[index % list.length];
}

/** The `index`-th item of a batch whose ids all start with `prefix` (letters, digits, `-` and `/`). */
export function benchItem(
  prefix: string,
  index: number,
  policy: RectificationPolicy = DEFAULT_RECTIFICATION_POLICY,
): RectificationItemInput {
  const problem = pick(PROBLEMS, index);
  const district = pick(DISTRICTS, index);
  const lead = pick(DEPARTMENTS, index);
  const co = pick(DEPARTMENTS, index + 5);
  const number = String(index + 1).padStart(5, '0');
  return {
    itemId: `${prefix}${number}`,
    title: problem.title,
    description: problem.description,
    location: `${district}区某街道`,
    source: { campaignId: 'zz-2024-elderly-care', checklistItemId: `C-${index % 40}`, findingId: `F-${number}` },
    committeeUnitId: pick(COMMITTEES, index),
    leadDepartmentId: `${district}-${lead}`,
    coDepartmentIds: [`${district}-${co}`],
    districtId: district,
    policy,
  };
}
