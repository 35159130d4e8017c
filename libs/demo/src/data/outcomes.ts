import { bureau, dept } from './organisation';

/**
 * The special inquiry (专题询问) at the standing committee's session, and the outcome targets
 * the source reports (5 regulations, 114 meal sites, 2,605 homes assessed, 1,229 beds, 400+
 * advisory points, rural coverage 22.6% → 40%+), with what departments have reported so far.
 */
export interface DemoQuestion {
  question: string;
  toUnitId: string;
  /** Demo keys of the findings it was prepared from. */
  findings: string[];
  askedBy: string;
  answer?: {
    answer: string;
    answeredBy: string;
    /** A commitment becomes a rectification item led by the unit asked. */
    commitment?: { title: string; text: string; rectifyWithinDays: number };
    /** Stage the commitment's item is taken to. */
    stage?: 'assigned' | 'acknowledged' | 'plan_submitted';
  };
}

export const INQUIRY: DemoQuestion[] = [
  {
    question:
      '全市已建成助餐场所114个，但检查发现部分助餐点因补贴拨付滞后、运营成本高而难以为继。市民政局如何保障老年助餐服务可持续运营？',
    toUnitId: dept('civil'),
    findings: ['F05', 'F42'],
    askedBy: '常委会组成人员 吴志刚',
    answer: {
      answer:
        '市民政局将会同财政部门完善助餐补贴动态调整机制，推行“中心厨房+配送”模式降低运营成本，并将助餐点运营情况纳入社区养老服务设施绩效评价。',
      answeredBy: '市民政局局长 郑国华',
      commitment: {
        title: '专题询问承诺：出台老年助餐服务管理办法，建立助餐点运营绩效评价和补贴动态调整机制',
        text: '年内出台《郑州市老年助餐服务管理办法》，建立助餐点运营绩效评价和补贴动态调整机制，实现城市社区助餐服务全覆盖。',
        rectifyWithinDays: 150,
      },
      stage: 'plan_submitted',
    },
  },
  {
    question: '医养签约机制在部分区县流于形式，签约医疗机构上门服务少。市卫健委将如何推动医养签约从“签约”走向“履约”？',
    toUnitId: dept('health'),
    findings: ['F07', 'F23'],
    askedBy: '人大代表 陈建华',
    answer: {
      answer: '市卫健委将制定医养签约服务规范，明确上门巡诊频次和服务内容，建立履约考核和通报制度。',
      answeredBy: '市卫生健康委员会主任 韩立群',
      commitment: {
        title: '专题询问承诺：制定医养签约服务规范并建立履约考核制度',
        text: '三个月内制定医养签约服务规范，明确每月至少一次上门巡诊，建立履约考核和季度通报制度。',
        rectifyWithinDays: 90,
      },
      stage: 'acknowledged',
    },
  },
  {
    question: '养老护理员岗位补贴政策出台一年仍未落地，市人社局何时出台实施细则？',
    toUnitId: dept('hrss'),
    findings: ['F33'],
    askedBy: '常委会组成人员 周海燕',
    answer: {
      answer: '实施细则已完成征求意见，将于下月提请市政府常务会议研究后印发，补贴按季度发放。',
      answeredBy: '市人力资源和社会保障局局长 曹文博',
    },
  },
];

/** An outcome target of a campaign and what departments have reported achieved (latest report each). */
export interface DemoTarget {
  key: string;
  label: string;
  unit: string;
  target: number;
  /** [department unit id, value]: reported by that department's handler. */
  reports: [string, number][];
}

export const CITY_TARGETS: DemoTarget[] = [
  // The city's bureau reports the sites it delivered itself; the districts report theirs (below):
  // 73 + 9 + 10 + 4 = 96 of the 114 rolled up.
  { key: 'meal_sites', label: '完成选址并建设老年助餐场所', unit: '个', target: 114, reports: [[dept('civil'), 73]] },
  {
    key: 'home_assessments',
    label: '特殊困难老年人家庭适老化改造评估',
    unit: '户',
    target: 2605,
    reports: [[dept('civil'), 2605]],
  },
  {
    key: 'care_beds',
    label: '建成养老托老床位',
    unit: '张',
    target: 1229,
    reports: [
      [dept('civil'), 1005],
      [dept('health'), 224],
    ],
  },
  { key: 'advisory_points', label: '建立“银发顾问点”', unit: '个', target: 400, reports: [[dept('civil'), 412]] },
  { key: 'silver_advisors', label: '培育“银发顾问员”', unit: '人', target: 500, reports: [] },
  {
    key: 'rural_coverage',
    label: '农村养老服务设施覆盖率',
    unit: '%',
    target: 40,
    reports: [[dept('agri'), 37.5]],
  },
  { key: 'regulations_issued', label: '督促出台制度性规定', unit: '项', target: 5, reports: [[dept('civil'), 3]] },
  { key: 'policies_revised', label: '修订完善政策规定', unit: '项', target: 9, reports: [[dept('finance'), 6]] },
];

/** Targets linked campaigns set for themselves under the same keys, so they roll up level by level. */
export const DISTRICT_TARGETS: { district: string; target: DemoTarget }[] = [
  {
    district: 'jinshui',
    target: { key: 'meal_sites', label: '新建老年助餐场所', unit: '个', target: 12, reports: [[bureau('jinshui'), 9]] },
  },
  {
    district: 'erqi',
    target: { key: 'meal_sites', label: '新建老年助餐场所', unit: '个', target: 10, reports: [[bureau('erqi'), 10]] },
  },
  {
    district: 'zhongmu',
    target: {
      key: 'meal_sites',
      label: '新建农村老年助餐点',
      unit: '个',
      target: 6,
      reports: [[bureau('zhongmu'), 4]],
    },
  },
];

export const SNAPSHOT_LABEL = '常委会联组会议专题询问前动态清单';
