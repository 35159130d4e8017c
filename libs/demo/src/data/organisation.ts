import type { Role, UnitKind } from '@lib/contracts';

/**
 * The organisation of the Zhengzhou elderly-care campaign (郑州市养老服务联动监督): the city
 * congress and its committee, the city government with the 27 units that reported, the 16
 * districts, counties and development zones with their congresses (or working committees) and
 * civil-affairs bureaus, and some streets and towns. Every person is fictional.
 */
export interface DemoUnit {
  id: string;
  name: string;
  kind: UnitKind;
  level?: 'province' | 'city' | 'county';
  parentId?: string;
}

export interface DemoPerson {
  id: string;
  name: string;
  unitId: string;
  roles: Role[];
}

export const CITY_CONGRESS = 'zz-npc';
export const CITY_COMMITTEE = 'zz-social';
export const CITY_GOVERNMENT = 'zz-gov';

/** A city department: `zz-<key>`, its handler `<surname>.<key>` and leader `<surname>.<key>-head`. */
export interface DemoDepartment {
  key: string;
  name: string;
  /** Heard on site (现场汇报) rather than in writing (书面汇报). */
  onsite: boolean;
  handler: [string, string];
  leader: [string, string];
}

/** The 27 units whose reports the committee heard (市民政局、市发改委等27家单位). */
export const DEPARTMENTS: DemoDepartment[] = [
  { key: 'civil', name: '市民政局', onsite: true, handler: ['zhang', '张敏'], leader: ['zheng', '郑国华'] },
  { key: 'ndrc', name: '市发展和改革委员会', onsite: true, handler: ['li', '李卫星'], leader: ['qian', '钱振宇'] },
  { key: 'finance', name: '市财政局', onsite: true, handler: ['zhao', '赵丽娟'], leader: ['feng', '冯建设'] },
  { key: 'health', name: '市卫生健康委员会', onsite: true, handler: ['chen', '陈思远'], leader: ['han', '韩立群'] },
  { key: 'hrss', name: '市人力资源和社会保障局', onsite: true, handler: ['yang', '杨晓峰'], leader: ['cao', '曹文博'] },
  { key: 'planning', name: '市自然资源和规划局', onsite: true, handler: ['huang', '黄磊'], leader: ['peng', '彭永刚'] },
  {
    key: 'housing',
    name: '市住房保障和房地产管理局',
    onsite: true,
    handler: ['zhou', '周婷'],
    leader: ['deng', '邓志强'],
  },
  { key: 'medins', name: '市医疗保障局', onsite: true, handler: ['wu', '吴佳'], leader: ['xiao', '肖红军'] },
  { key: 'market', name: '市市场监督管理局', onsite: true, handler: ['xu', '徐鹏'], leader: ['tian', '田玉洁'] },
  { key: 'fire', name: '市消防救援支队', onsite: true, handler: ['ma', '马骁'], leader: ['dong', '董卫国'] },
  { key: 'construction', name: '市城乡建设局', onsite: false, handler: ['zhu', '朱亚楠'], leader: ['yuan', '袁宏伟'] },
  { key: 'education', name: '市教育局', onsite: false, handler: ['hu', '胡静怡'], leader: ['pan', '潘志宏'] },
  { key: 'agri', name: '市农业农村局', onsite: false, handler: ['guo', '郭庆丰'], leader: ['jiang', '蒋立农'] },
  { key: 'police', name: '市公安局', onsite: false, handler: ['he', '何劲松'], leader: ['cai', '蔡正义'] },
  { key: 'justice', name: '市司法局', onsite: false, handler: ['gao', '高雅琴'], leader: ['du', '杜明理'] },
  { key: 'culture', name: '市文化广电和旅游局', onsite: false, handler: ['lin', '林晓雯'], leader: ['ye', '叶文华'] },
  { key: 'sports', name: '市体育局', onsite: false, handler: ['luo', '罗健'], leader: ['cheng', '程国强'] },
  { key: 'data', name: '市大数据管理局', onsite: false, handler: ['liang', '梁子涵'], leader: ['su', '苏海涛'] },
  { key: 'industry', name: '市工业和信息化局', onsite: false, handler: ['xie', '谢宇航'], leader: ['wei', '魏长青'] },
  { key: 'commerce', name: '市商务局', onsite: false, handler: ['song', '宋佳琪'], leader: ['lyu', '吕振华'] },
  { key: 'emergency', name: '市应急管理局', onsite: false, handler: ['tang', '唐瑞'], leader: ['ding', '丁卫民'] },
  { key: 'urban', name: '市城市管理局', onsite: false, handler: ['han', '韩雪'], leader: ['ren', '任建平'] },
  { key: 'veterans', name: '市退役军人事务局', onsite: false, handler: ['feng', '冯涛'], leader: ['shen', '沈国庆'] },
  { key: 'disabled', name: '市残疾人联合会', onsite: false, handler: ['cao', '曹颖'], leader: ['yao', '姚建新'] },
  { key: 'audit', name: '市审计局', onsite: false, handler: ['peng', '彭博'], leader: ['lu', '卢正平'] },
  { key: 'transport', name: '市交通运输局', onsite: false, handler: ['zeng', '曾凡'], leader: ['cui', '崔永利'] },
  { key: 'stats', name: '市统计局', onsite: false, handler: ['xiao', '肖楠'], leader: ['zhong', '钟明'] },
];

export const dept = (key: string): string => `zz-${key}`;

function departmentPeople(d: DemoDepartment): { handler: string; leader: string } {
  return { handler: `${d.handler[0]}.${d.key}`, leader: `${d.leader[0]}.${d.key}-head` };
}

/** The handler who acts for a city department or a district bureau. */
export function handlerOf(unitId: string): string {
  const city = DEPARTMENTS.find((d) => dept(d.key) === unitId);
  if (city) return departmentPeople(city).handler;
  const district = DISTRICTS.find((d) => bureau(d.key) === unitId);
  if (district) return `${district.key}.civil`;
  throw new Error(`the demo has no handler for ${unitId}`);
}

/** The department leader who decides an extension first. */
export function leaderOf(unitId: string): string {
  const city = DEPARTMENTS.find((d) => dept(d.key) === unitId);
  if (city) return departmentPeople(city).leader;
  const district = DISTRICTS.find((d) => bureau(d.key) === unitId);
  if (district) return `${district.key}.civil-head`;
  throw new Error(`the demo has no leader for ${unitId}`);
}

/**
 * A district, county, county-level city or development zone. Zones have no congress of their
 * own: the city standing committee's working committee (人大工作委员会) runs their part.
 */
export interface DemoDistrict {
  key: string;
  name: string;
  zone: boolean;
  /** Committee staff of its congress, the civil-affairs handler and the bureau's leader. */
  people: { staff: string; handler: string; leader: string };
  /** Streets (街道) and towns (镇) named in the demo. */
  places: { key: string; name: string; kind: 'street' | 'town' }[];
}

export const DISTRICTS: DemoDistrict[] = [
  {
    key: 'zhongyuan',
    name: '中原区',
    zone: false,
    people: { staff: '秦雨桐', handler: '邱海生', leader: '段红旗' },
    places: [
      { key: 'linshanzhai', name: '林山寨街道', kind: 'street' },
      { key: 'xushui', name: '须水街道', kind: 'street' },
    ],
  },
  {
    key: 'erqi',
    name: '二七区',
    zone: false,
    people: { staff: '江若兰', handler: '尹光明', leader: '薛建林' },
    places: [{ key: 'fuhuajie', name: '福华街街道', kind: 'street' }],
  },
  {
    key: 'guancheng',
    name: '管城回族区',
    zone: false,
    people: { staff: '马秀英', handler: '闫志鹏', leader: '雷振东' },
    places: [{ key: 'zijingshannanlu', name: '紫荆山南路街道', kind: 'street' }],
  },
  {
    key: 'jinshui',
    name: '金水区',
    zone: false,
    people: { staff: '侯佳怡', handler: '龙海波', leader: '史建业' },
    places: [
      { key: 'fengchanlu', name: '丰产路街道', kind: 'street' },
      { key: 'wenhualu', name: '文化路街道', kind: 'street' },
    ],
  },
  {
    key: 'shangjie',
    name: '上街区',
    zone: false,
    people: { staff: '陶文娟', handler: '黎国平', leader: '贺永生' },
    places: [{ key: 'xiawo', name: '峡窝镇', kind: 'town' }],
  },
  {
    key: 'huiji',
    name: '惠济区',
    zone: false,
    people: { staff: '顾晓梅', handler: '毛建华', leader: '郝长江' },
    places: [{ key: 'huayuankou', name: '花园口镇', kind: 'town' }],
  },
  {
    key: 'gongyi',
    name: '巩义市',
    zone: false,
    people: { staff: '龚雪莲', handler: '邵东升', leader: '万家福' },
    places: [{ key: 'huiguo', name: '回郭镇', kind: 'town' }],
  },
  {
    key: 'xingyang',
    name: '荥阳市',
    zone: false,
    people: { staff: '严慧敏', handler: '覃立军', leader: '武振邦' },
    places: [{ key: 'guangwu', name: '广武镇', kind: 'town' }],
  },
  {
    key: 'xinmi',
    name: '新密市',
    zone: false,
    people: { staff: '戴婉清', handler: '莫天明', leader: '孔繁荣' },
    places: [{ key: 'chaohua', name: '超化镇', kind: 'town' }],
  },
  {
    key: 'xinzheng',
    name: '新郑市',
    zone: false,
    people: { staff: '向晓丽', handler: '汤建国', leader: '易守信' },
    places: [{ key: 'longhu', name: '龙湖镇', kind: 'town' }],
  },
  {
    key: 'dengfeng',
    name: '登封市',
    zone: false,
    people: { staff: '常雅静', handler: '温建民', leader: '康永年' },
    places: [{ key: 'dajindian', name: '大金店镇', kind: 'town' }],
  },
  {
    key: 'zhongmu',
    name: '中牟县',
    zone: false,
    people: { staff: '施明月', handler: '牛国富', leader: '洪德旺' },
    places: [{ key: 'yanminghu', name: '雁鸣湖镇', kind: 'town' }],
  },
  {
    key: 'zhengdong',
    name: '郑东新区',
    zone: true,
    people: { staff: '齐梦瑶', handler: '樊立新', leader: '葛振华' },
    places: [{ key: 'ruyihu', name: '如意湖街道', kind: 'street' }],
  },
  {
    key: 'airport',
    name: '航空港区',
    zone: true,
    people: { staff: '季婷婷', handler: '卜文斌', leader: '邢国梁' },
    places: [{ key: 'xingang', name: '新港办事处', kind: 'street' }],
  },
  {
    key: 'jingkai',
    name: '经开区',
    zone: true,
    people: { staff: '柳欣然', handler: '骆卫华', leader: '鲁建功' },
    places: [{ key: 'chaohe', name: '潮河街道', kind: 'street' }],
  },
  {
    key: 'gaoxin',
    name: '高新区',
    zone: true,
    people: { staff: '甘露', handler: '祁明远', leader: '申玉成' },
    places: [{ key: 'shifo', name: '石佛办事处', kind: 'street' }],
  },
];

/** The district's unit (its government or zone administration): items' `districtId`. */
export const district = (key: string): string => key;
/** Its congress, or the working committee of a zone: the committee of its linked campaign. */
export const districtCongress = (key: string): string => `${key}-npc`;
/** Its civil-affairs bureau (zones: 社会事业局), where items in the district go. */
export const bureau = (key: string): string => `${key}-civil`;
export const place = (districtKey: string, placeKey: string): string => `${districtKey}-${placeKey}`;

export function districtCongressName(d: DemoDistrict): string {
  return d.zone ? `${d.name}人大工作委员会` : `${d.name}人大常委会`;
}

/** Units, parents before children. */
export function demoUnits(): DemoUnit[] {
  return [
    { id: CITY_CONGRESS, name: '郑州市人大常委会', kind: 'congress', level: 'city' },
    { id: CITY_COMMITTEE, name: '郑州市人大社会建设委员会', kind: 'committee', level: 'city', parentId: CITY_CONGRESS },
    { id: CITY_GOVERNMENT, name: '郑州市人民政府', kind: 'government', level: 'city' },
    ...DEPARTMENTS.map((d) => ({
      id: dept(d.key),
      name: d.name,
      kind: 'department' as const,
      level: 'city' as const,
      parentId: CITY_GOVERNMENT,
    })),
    ...DISTRICTS.flatMap((d): DemoUnit[] => [
      d.zone
        ? {
            id: districtCongress(d.key),
            name: districtCongressName(d),
            kind: 'committee',
            level: 'county',
            parentId: CITY_CONGRESS,
          }
        : { id: districtCongress(d.key), name: districtCongressName(d), kind: 'congress', level: 'county' },
      { id: district(d.key), name: d.name, kind: 'district', level: 'county', parentId: CITY_GOVERNMENT },
      {
        id: bureau(d.key),
        name: d.zone ? `${d.name}社会事业局` : `${d.name}民政局`,
        kind: 'department',
        level: 'county',
        parentId: district(d.key),
      },
      ...d.places.map((p) => ({
        id: place(d.key, p.key),
        name: `${d.name}${p.name}`,
        kind: p.kind,
        level: 'county' as const,
        parentId: district(d.key),
      })),
    ]),
  ];
}

/** The city committee's staff and manager, and the inspectors (人大代表) with accounts. */
export const CITY_STAFF = {
  wang: 'wang.staff',
  li: 'li.staff',
  zhao: 'zhao.staff',
  sun: 'sun.staff',
  director: 'liu.director',
} as const;

/** Inspectors in pairs, one pair per city inspection group. */
export const INSPECTORS: [string, string][] = [
  ['chen.deputy', '陈建华'],
  ['yang.deputy', '杨丽萍'],
  ['huang.deputy', '黄伟'],
  ['zhou.deputy', '周海燕'],
  ['wu.deputy', '吴国强'],
  ['xu.deputy', '徐静'],
  ['ma.deputy', '马卫东'],
  ['zhu.deputy', '朱红梅'],
  ['hu.deputy', '胡建军'],
  ['guo.deputy', '郭秀兰'],
  ['he.deputy', '何志刚'],
  ['gao.deputy', '高玉兰'],
  ['lin.deputy', '林国栋'],
  ['luo.deputy', '罗春花'],
];

export const districtStaff = (key: string): string => `${key}.staff`;

export function demoPeople(): DemoPerson[] {
  return [
    { id: CITY_STAFF.wang, name: '王晓燕', unitId: CITY_COMMITTEE, roles: ['committee_staff'] },
    { id: CITY_STAFF.li, name: '李明哲', unitId: CITY_COMMITTEE, roles: ['committee_staff'] },
    { id: CITY_STAFF.zhao, name: '赵文静', unitId: CITY_COMMITTEE, roles: ['committee_staff'] },
    { id: CITY_STAFF.sun, name: '孙浩然', unitId: CITY_COMMITTEE, roles: ['committee_staff'] },
    { id: CITY_STAFF.director, name: '刘志远', unitId: CITY_COMMITTEE, roles: ['manager'] },
    ...INSPECTORS.map(([id, name]): DemoPerson => ({ id, name, unitId: CITY_CONGRESS, roles: ['inspector'] })),
    ...DEPARTMENTS.flatMap((d): DemoPerson[] => {
      const { handler, leader } = departmentPeople(d);
      return [
        { id: handler, name: d.handler[1], unitId: dept(d.key), roles: ['department_handler'] },
        { id: leader, name: d.leader[1], unitId: dept(d.key), roles: ['department_leader'] },
      ];
    }),
    ...DISTRICTS.flatMap((d): DemoPerson[] => [
      { id: districtStaff(d.key), name: d.people.staff, unitId: districtCongress(d.key), roles: ['committee_staff'] },
      { id: `${d.key}.civil`, name: d.people.handler, unitId: bureau(d.key), roles: ['department_handler'] },
      { id: `${d.key}.civil-head`, name: d.people.leader, unitId: bureau(d.key), roles: ['department_leader'] },
    ]),
  ];
}
