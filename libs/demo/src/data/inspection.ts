import { DEPARTMENTS, INSPECTORS, CITY_STAFF, dept, place } from './organisation';

/**
 * The city's inspection (听、查、深、询): seven groups (7个专题调研、执法检查组), the reports of 27
 * units heard, 32 sites visited, spot checks, unannounced visits and one online questionnaire
 * (答卷一万余份). Dates are days before the load, so the demo always looks current.
 */
export interface DemoGroup {
  name: string;
  kind: 'research' | 'law_enforcement';
  memberIds: string[];
  /** District keys, and streets or towns as `[district, place]`. */
  districts: string[];
  places: [string, string][];
  /** How many deputies (人大代表) took part with the group; named from a fixed pool. */
  deputies: number;
}

/** The two inspectors of the group that starts at `INSPECTORS[i]`. */
const pair = (i: number): string[] => [INSPECTORS[i][0], INSPECTORS[i + 1][0]];

export const GROUPS: DemoGroup[] = [
  {
    name: '第一专题调研组（政策制度与设施规划）',
    kind: 'research',
    memberIds: [CITY_STAFF.wang, ...pair(0)],
    districts: ['zhongyuan', 'erqi', 'gaoxin'],
    places: [
      ['zhongyuan', 'linshanzhai'],
      ['erqi', 'fuhuajie'],
    ],
    deputies: 15,
  },
  {
    name: '第二专题调研组（社区居家养老与老年助餐）',
    kind: 'research',
    memberIds: [CITY_STAFF.li, ...pair(2)],
    districts: ['jinshui', 'zhengdong', 'huiji'],
    places: [
      ['jinshui', 'fengchanlu'],
      ['jinshui', 'wenhualu'],
      ['zhengdong', 'ruyihu'],
    ],
    deputies: 16,
  },
  {
    name: '第三专题调研组（医养康养融合与智慧养老）',
    kind: 'research',
    memberIds: [CITY_STAFF.zhao, ...pair(4)],
    districts: ['guancheng', 'jingkai', 'airport'],
    places: [['guancheng', 'zijingshannanlu']],
    deputies: 14,
  },
  {
    name: '第四专题调研组（农村养老与兜底保障）',
    kind: 'research',
    memberIds: [CITY_STAFF.sun, ...pair(6)],
    districts: ['gongyi', 'dengfeng', 'zhongmu'],
    places: [
      ['gongyi', 'huiguo'],
      ['dengfeng', 'dajindian'],
      ['zhongmu', 'yanminghu'],
    ],
    deputies: 15,
  },
  {
    name: '第一执法检查组（养老机构运营与安全）',
    kind: 'law_enforcement',
    memberIds: [CITY_STAFF.wang, ...pair(8)],
    districts: ['xingyang', 'shangjie'],
    places: [
      ['xingyang', 'guangwu'],
      ['shangjie', 'xiawo'],
    ],
    deputies: 15,
  },
  {
    name: '第二执法检查组（人才队伍与资金保障）',
    kind: 'law_enforcement',
    memberIds: [CITY_STAFF.li, ...pair(10)],
    districts: ['xinzheng', 'xinmi'],
    places: [
      ['xinzheng', 'longhu'],
      ['xinmi', 'chaohua'],
    ],
    deputies: 14,
  },
  {
    name: '第三执法检查组（综合监管与权益保障）',
    kind: 'law_enforcement',
    memberIds: [CITY_STAFF.zhao, ...pair(12)],
    districts: ['zhongyuan', 'guancheng', 'jinshui', 'huiji'],
    places: [],
    deputies: 16,
  },
];

const SURNAMES =
  '王李张刘陈杨黄赵周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢';
/** Two-character given names, one after another. */
const GIVEN =
  '建国秀兰志强桂英海燕卫东丽华国庆春梅红军玉珍新民淑芬振华凤英长青雪梅立新德明素琴永刚翠兰宏伟金凤国平晓东爱华文斌美玲保国';

/** Names of the deputies who went with group `g` (by name only: they have no account). */
export function deputyNames(g: number): string[] {
  const start = GROUPS.slice(0, g).reduce((n, group) => n + group.deputies, 0);
  return Array.from({ length: GROUPS[g].deputies }, (_, i) => {
    const n = start + i;
    const at = ((n * 11 + 3) % (GIVEN.length / 2)) * 2;
    return `${SURNAMES[(n * 7) % SURNAMES.length]}${GIVEN.slice(at, at + 2)}`;
  });
}

export const placeIds = (g: DemoGroup): string[] => g.places.map(([d, p]) => place(d, p));

/** An inspection activity; `key` names it within the demo, `group` is the group's number (1–7). */
export interface DemoActivity {
  key: string;
  kind: 'written_report' | 'onsite_report' | 'site_visit' | 'spot_check' | 'unannounced_visit' | 'questionnaire';
  title: string;
  group?: number;
  unitId?: string;
  district?: string;
  location?: string;
  daysAgo: number;
  notes?: string;
}

const HEARINGS: DemoActivity[] = DEPARTMENTS.map((d, i) => ({
  key: `H-${d.key}`,
  kind: d.onsite ? 'onsite_report' : 'written_report',
  title: `听取${d.name}关于养老服务工作情况的${d.onsite ? '现场' : '书面'}汇报`,
  unitId: dept(d.key),
  daysAgo: 70 - Math.floor(i / 3),
  notes: d.onsite ? '常委会分管副主任主持，社会建设委员会组成人员、部分人大代表参加' : '书面报告已印发各检查组',
}));

/** [group, district, place visited]: 32 sites (重点查看点位32个). */
const SITES: [number, string | null, string][] = [
  [1, 'zhongyuan', '中原区林山寨街道综合养老服务中心'],
  [1, 'zhongyuan', '中原区须水街道社区日间照料中心'],
  [1, 'erqi', '二七区福华街养老服务中心'],
  [1, 'erqi', '二七区长江路街道新建小区配建养老服务用房'],
  [1, 'gaoxin', '高新区石佛办事处区域养老服务中心'],
  [2, 'jinshui', '金水区丰产路街道综合养老服务中心'],
  [2, 'jinshui', '金水区文化路街道老年助餐点'],
  [2, 'jinshui', '金水区经八路街道家庭养老床位服务站'],
  [2, 'zhengdong', '郑东新区如意湖街道社区食堂'],
  [2, 'zhengdong', '郑东新区龙子湖片区新建小区养老服务用房'],
  [2, 'huiji', '惠济区花园口镇敬老院'],
  [3, 'guancheng', '管城回族区紫荆山南路街道医养结合服务中心'],
  [3, 'guancheng', '管城回族区城东路街道社区卫生服务中心'],
  [3, 'jingkai', '经开区潮河街道社区日间照料中心'],
  [3, 'airport', '航空港区新港办事处安置区养老服务中心'],
  [3, 'airport', '航空港区银河街道医养结合机构'],
  [4, 'gongyi', '巩义市回郭镇区域养老服务中心'],
  [4, 'gongyi', '巩义市站街镇村级幸福院'],
  [4, 'dengfeng', '登封市大金店镇敬老院'],
  [4, 'dengfeng', '登封市嵩阳街道老年助餐点'],
  [4, 'zhongmu', '中牟县雁鸣湖镇区域养老服务中心'],
  [4, 'zhongmu', '中牟县官渡镇互助养老点'],
  [5, 'xingyang', '荥阳市广武镇敬老院'],
  [5, 'xingyang', '荥阳市京城路街道公办养老机构（公建民营）'],
  [5, 'shangjie', '上街区峡窝镇养老服务中心'],
  [5, 'shangjie', '上街区济源路街道社区养老服务站'],
  [6, 'xinzheng', '新郑市龙湖镇医养结合机构'],
  [6, 'xinzheng', '新郑市新建路街道社区日间照料中心'],
  [6, 'xinmi', '新密市超化镇敬老院'],
  [6, 'xinmi', '新密市青屏街道适老化改造入户点'],
  [7, 'jinshui', '金水区北林路街道高品质养老社区'],
  [7, null, '市养老服务信息平台指挥调度中心'],
];

const VISITS: DemoActivity[] = SITES.map(([group, district, location], i) => ({
  key: `V${String(i + 1).padStart(2, '0')}`,
  kind: 'site_visit',
  title: `实地察看${location}`,
  group,
  ...(district ? { district } : {}),
  location,
  daysAgo: 58 - Math.floor(i / 2),
  notes: '带着清单查：对照监督重点内容清单逐项察看设施、台账和服务记录',
}));

const SPOT_CHECKS: DemoActivity[] = (
  [
    [5, 'xingyang', '随机抽查荥阳市养老机构消防安全'],
    [5, 'shangjie', '随机抽查上街区养老机构食品安全'],
    [7, 'jinshui', '随机抽查金水区养老机构收费公示和押金管理'],
    [7, 'zhongyuan', '随机抽查中原区养老服务补贴发放台账'],
    [6, 'xinzheng', '随机抽查新郑市养老护理员持证上岗情况'],
    [2, 'huiji', '随机抽查惠济区适老化改造入户质量'],
    [3, 'guancheng', '随机抽查管城回族区家庭医生签约服务'],
    [4, 'dengfeng', '随机抽查登封市农村留守老年人巡访记录'],
  ] as [number, string, string][]
).map(([group, district, title], i) => ({
  key: `S${i + 1}`,
  kind: 'spot_check',
  title,
  group,
  district,
  daysAgo: 40 - i,
  notes: '规定检查和随机抽查相结合，抽查对象现场随机确定',
}));

/** Where an unannounced visit went stays within its group: the API hides it from everyone else. */
const UNANNOUNCED: DemoActivity[] = (
  [
    [2, 'jinshui', '暗访金水区社区日间照料中心开放情况', '金水区经八路街道某社区日间照料中心，工作日上午10时到访'],
    [2, 'zhengdong', '暗访郑东新区社区食堂', '郑东新区如意湖街道某社区食堂，午餐时段'],
    [5, 'xingyang', '暗访荥阳市民办养老机构夜间值守', '荥阳市某民办养老机构，晚间21时到访'],
    [7, 'guancheng', '暗访管城回族区养老机构消防通道', '管城回族区某养老机构'],
    [4, 'zhongmu', '暗访中牟县村级幸福院', '中牟县官渡镇某村幸福院'],
    [1, 'erqi', '暗访二七区新建小区配建养老用房使用情况', '二七区长江路街道某新建小区'],
  ] as [number, string, string, string][]
).map(([group, district, title, location], i) => ({
  key: `U${i + 1}`,
  kind: 'unannounced_visit',
  title,
  group,
  district,
  location,
  daysAgo: 35 - 2 * i,
  notes: '明查暗访：不打招呼、直奔现场，检查组内部掌握',
}));

const QUESTIONNAIRE: DemoActivity = {
  key: 'Q',
  kind: 'questionnaire',
  title: '“积极应对人口老龄化 加快发展养老服务”网络问卷调查',
  daysAgo: 66,
  notes: '依托郑州人大官网和代表联络站发放，覆盖养老工作开展、农村养老短板、社区养老设施布局、养老面临压力等方面',
};

export const ACTIVITIES: DemoActivity[] = [...HEARINGS, ...VISITS, ...SPOT_CHECKS, ...UNANNOUNCED, QUESTIONNAIRE];

/** The online questionnaire: questions, answers and how often each is chosen (relative weights). */
export const QUESTIONS: { question: string; answers: [string, number][] }[] = [
  {
    question: '您的年龄段',
    answers: [
      ['60岁以下（子女或家属作答）', 38],
      ['60—69岁', 31],
      ['70—79岁', 21],
      ['80岁及以上', 10],
    ],
  },
  {
    question: '您或家中老人目前的养老方式',
    answers: [
      ['居家养老', 71],
      ['社区养老（日间照料、助餐等）', 17],
      ['机构养老', 8],
      ['其他', 4],
    ],
  },
  {
    question: '您对所在社区（村）养老服务设施布局的满意度',
    answers: [
      ['非常满意', 22],
      ['比较满意', 39],
      ['一般', 27],
      ['不满意', 12],
    ],
  },
  {
    question: '您认为当前养老面临的最大压力',
    answers: [
      ['经济负担', 29],
      ['照护人手不足', 34],
      ['看病就医和康复', 26],
      ['精神慰藉', 11],
    ],
  },
  {
    question: '您认为农村养老服务最突出的短板',
    answers: [
      ['助餐服务覆盖不足', 31],
      ['缺少上门照护', 28],
      ['医疗康复资源少', 27],
      ['文体活动场所少', 14],
    ],
  },
  {
    question: '您是否了解《河南省养老服务条例》',
    answers: [
      ['了解', 24],
      ['听说过，但不清楚内容', 35],
      ['不了解', 41],
    ],
  },
];

/** Answer sheets (答卷) per import batch, and the batches: 6 × 1,728 = 10,368 sheets. */
export const QUESTIONNAIRE_BATCHES = 6;
export const SHEETS_PER_BATCH = 1_728;

/** A small seeded generator (mulberry32): the same batches, and so the same tallies, on every load. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The answers of batch `b` (1-based): every sheet answers every question once. */
export function questionnaireBatch(b: number): { question: string; answer: string }[] {
  const random = seeded(20240520 + b);
  const answers: { question: string; answer: string }[] = [];
  for (let sheet = 0; sheet < SHEETS_PER_BATCH; sheet += 1) {
    for (const q of QUESTIONS) {
      const total = q.answers.reduce((n, [, w]) => n + w, 0);
      let pick = random() * total;
      const chosen = q.answers.find(([, w]) => (pick -= w) < 0) ?? q.answers[q.answers.length - 1];
      answers.push({ question: q.question, answer: chosen[0] });
    }
  }
  return answers;
}
