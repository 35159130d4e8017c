import { bureau, dept } from './organisation';

/**
 * Where the loader leaves a listed finding's item, by driving its workflow as the department
 * and the committee would (see `script.ts` for the actions each stage takes).
 */
export const STAGES = [
  'assigned',
  'returned',
  'reassigned',
  'acknowledged',
  'plan_submitted',
  'plan_revision',
  'in_progress',
  'extension_pending',
  'extension_approved',
  'completion_submitted',
  'closed',
  'sent_back',
  'sent_back_replanned',
  'not_feasible',
  'look_back_confirmed',
  'look_back_relapsed',
] as const;
export type Stage = (typeof STAGES)[number];

/**
 * Deadlines given at listing (policy). Past instants make an item overdue from the moment it is
 * handed off, since deadlines are real: nothing here waits for time to pass.
 */
export interface DemoDeadlines {
  /** 签收 was due this many hours ago (an urgent item listed late). */
  acknowledgeHoursAgo?: number;
  /** The plan was due this many hours ago. */
  planHoursAgo?: number;
  /** 整改时限 ended this many days ago. */
  rectifyEndedDaysAgo?: number;
  /** 签收 within one working day: due soon (yellow) at once. */
  acknowledgeSoon?: boolean;
  /** The plan within two working days of acknowledgement: due soon at once. */
  planSoon?: boolean;
}

export interface DemoListing {
  lead: string;
  co?: string[];
  stage: Stage;
  deadlines?: DemoDeadlines;
  /** Progress reports made while in progress (the first co-operating department makes the second). */
  reports?: number;
  /** For `returned` and `reassigned`: why the lead department returned it. */
  returnReason?: string;
  /** For `reassigned`: the department the committee gives it to instead. */
  reassignTo?: string;
}

export interface DemoFinding {
  key: string;
  /** The activity it cites, by its demo key. */
  activity: string;
  /** Its checklist item, `FP03-05`. */
  checklist?: string;
  title: string;
  description: string;
  location?: string;
  /** District key. */
  district?: string;
  severity: 'minor' | 'moderate' | 'serious';
  decision: { merge: string } | { dismiss: string } | { list: DemoListing };
}

/** The city's findings: 53, of which 4 merged as duplicates, 2 dismissed and 47 put on the problem list. */
export const CITY_FINDINGS: DemoFinding[] = [
  {
    key: 'F01',
    activity: 'V04',
    checklist: 'FP03-05',
    title: '新建小区配建养老服务用房未移交、长期闲置',
    description: '长江路街道某新建小区配建的养老服务用房竣工两年未移交街道，处于闲置状态。',
    location: '二七区长江路街道',
    district: 'erqi',
    severity: 'serious',
    decision: { list: { lead: bureau('erqi'), co: [dept('housing')], stage: 'in_progress', reports: 2 } },
  },
  {
    key: 'F02',
    activity: 'U6',
    checklist: 'FP03-05',
    title: '配建养老用房被开发商用作售楼处',
    description: '暗访发现同一小区配建养老用房被开发商临时用作售楼处。',
    district: 'erqi',
    severity: 'serious',
    decision: { merge: 'F01' },
  },
  {
    key: 'F03',
    activity: 'V02',
    checklist: 'FP04-02',
    title: '社区日间照料中心开放时间不足、使用率低',
    description: '须水街道某日间照料中心每周仅开放三个半天，日均服务老年人不足10人次。',
    location: '中原区须水街道',
    district: 'zhongyuan',
    severity: 'moderate',
    decision: { list: { lead: bureau('zhongyuan'), stage: 'closed' } },
  },
  {
    key: 'F04',
    activity: 'V07',
    checklist: 'FP05-04',
    title: '老年助餐点食品留样制度不落实',
    description: '文化路街道老年助餐点未按规定留样，留样记录缺失。',
    location: '金水区文化路街道',
    district: 'jinshui',
    severity: 'moderate',
    decision: { list: { lead: dept('market'), co: [bureau('jinshui')], stage: 'completion_submitted' } },
  },
  {
    key: 'F05',
    activity: 'V09',
    checklist: 'FP13-03',
    title: '社区食堂运营补贴未按时拨付',
    description: '如意湖街道社区食堂2023年度运营补贴至今未拨付到位，运营方垫资经营。',
    location: '郑东新区如意湖街道',
    district: 'zhengdong',
    severity: 'moderate',
    decision: { list: { lead: dept('finance'), co: [dept('civil')], stage: 'plan_submitted' } },
  },
  {
    key: 'F06',
    activity: 'V11',
    checklist: 'FP08-02',
    title: '乡镇敬老院转型区域养老服务中心进度滞后',
    description: '花园口镇敬老院转型改造方案已批复一年，改造工程尚未开工。',
    location: '惠济区花园口镇',
    district: 'huiji',
    severity: 'moderate',
    decision: { list: { lead: bureau('huiji'), stage: 'acknowledged', deadlines: { planHoursAgo: 9 * 24 } } },
  },
  {
    key: 'F07',
    activity: 'V12',
    checklist: 'FP07-01',
    title: '医养签约流于形式，签约医疗机构上门服务少',
    description: '紫荆山南路街道医养签约协议已签订，但签约医疗机构全年上门巡诊仅2次。',
    location: '管城回族区紫荆山南路街道',
    district: 'guancheng',
    severity: 'moderate',
    decision: {
      list: { lead: dept('health'), co: [bureau('guancheng')], stage: 'extension_approved', reports: 1 },
    },
  },
  {
    key: 'F08',
    activity: 'V15',
    checklist: 'FP03-05',
    title: '安置区养老服务中心建成后未投入使用',
    description: '新港办事处安置区养老服务中心建成一年多，因运营主体未确定至今未投入使用。',
    location: '航空港区新港办事处',
    district: 'airport',
    severity: 'serious',
    decision: {
      list: { lead: bureau('airport'), stage: 'assigned', deadlines: { acknowledgeHoursAgo: 25 * 24 } },
    },
  },
  {
    key: 'F09',
    activity: 'V18',
    checklist: 'FP08-03',
    title: '村级幸福院运营经费无保障，部分停止运营',
    description: '站街镇抽查的4个村级幸福院中有2个因缺乏运营经费停止运营。',
    location: '巩义市站街镇',
    district: 'gongyi',
    severity: 'moderate',
    decision: { list: { lead: bureau('gongyi'), co: [dept('finance')], stage: 'sent_back' } },
  },
  {
    key: 'F10',
    activity: 'V19',
    checklist: 'FP11-01',
    title: '敬老院消防设施老化',
    description: '大金店镇敬老院部分灭火器过期，火灾自动报警系统故障未修复。',
    location: '登封市大金店镇',
    district: 'dengfeng',
    severity: 'serious',
    decision: { list: { lead: dept('fire'), co: [bureau('dengfeng')], stage: 'closed' } },
  },
  {
    key: 'F11',
    activity: 'V21',
    checklist: 'FP08-05',
    title: '区域养老服务中心辐射带动能力弱',
    description: '雁鸣湖镇区域养老服务中心未向周边村开展上门服务，辐射范围仅限镇区。',
    location: '中牟县雁鸣湖镇',
    district: 'zhongmu',
    severity: 'moderate',
    decision: {
      list: { lead: bureau('zhongmu'), stage: 'in_progress', reports: 1, deadlines: { rectifyEndedDaysAgo: 12 } },
    },
  },
  {
    key: 'F12',
    activity: 'V23',
    checklist: 'FP11-02',
    title: '敬老院消防通道堆放杂物',
    description: '广武镇敬老院消防通道堆放杂物，安全出口标识损坏。',
    location: '荥阳市广武镇',
    district: 'xingyang',
    severity: 'serious',
    decision: { list: { lead: bureau('xingyang'), co: [dept('fire')], stage: 'closed' } },
  },
  {
    key: 'F13',
    activity: 'U3',
    checklist: 'FP11-05',
    title: '民办养老机构夜间值守人员不足',
    description: '暗访发现某民办养老机构夜间仅1名护理员值守，入住老人80余名。',
    district: 'xingyang',
    severity: 'serious',
    decision: { list: { lead: dept('civil'), co: [bureau('xingyang')], stage: 'in_progress', reports: 1 } },
  },
  {
    key: 'F14',
    activity: 'V24',
    checklist: 'FP10-02',
    title: '公建民营养老机构履约监管缺位',
    description: '京城路街道公办养老机构委托运营后，未按合同开展年度绩效考核。',
    location: '荥阳市京城路街道',
    district: 'xingyang',
    severity: 'moderate',
    decision: { list: { lead: bureau('xingyang'), stage: 'plan_revision' } },
  },
  {
    key: 'F15',
    activity: 'V27',
    checklist: 'FP14-03',
    title: '医养结合机构医保定点申请办理周期长',
    description: '龙湖镇医养结合机构申请医保定点已逾半年，尚未完成评估。',
    location: '新郑市龙湖镇',
    district: 'xinzheng',
    severity: 'minor',
    decision: { list: { lead: dept('medins'), co: [dept('health')], stage: 'completion_submitted' } },
  },
  {
    key: 'F16',
    activity: 'V29',
    checklist: 'FP09-04',
    title: '敬老院护理型床位占比不达标',
    description: '超化镇敬老院护理型床位占比不足30%，低于不低于55%的要求。',
    location: '新密市超化镇',
    district: 'xinmi',
    severity: 'moderate',
    decision: { list: { lead: bureau('xinmi'), stage: 'acknowledged' } },
  },
  {
    key: 'F17',
    activity: 'S1',
    checklist: 'FP11-01',
    title: '养老机构自动喷水灭火系统故障',
    description: '随机抽查3家养老机构，其中1家自动喷水灭火系统压力不足。',
    district: 'xingyang',
    severity: 'serious',
    decision: { list: { lead: dept('fire'), stage: 'closed' } },
  },
  {
    key: 'F18',
    activity: 'S2',
    checklist: 'FP11-03',
    title: '养老机构食堂从业人员健康证过期',
    description: '抽查发现2名食堂从业人员健康证已过期。',
    district: 'shangjie',
    severity: 'minor',
    decision: { list: { lead: dept('market'), co: [bureau('shangjie')], stage: 'closed' } },
  },
  {
    key: 'F19',
    activity: 'S3',
    checklist: 'FP10-05',
    title: '养老机构收取大额押金且未公示收费标准',
    description: '抽查的2家养老机构收取押金超过12个月床位费，收费标准未公示。',
    district: 'jinshui',
    severity: 'serious',
    decision: { list: { lead: dept('market'), co: [dept('civil')], stage: 'extension_pending', reports: 1 } },
  },
  {
    key: 'F20',
    activity: 'S4',
    checklist: 'FP02-03',
    title: '高龄津贴发放不及时',
    description: '抽查台账发现部分街道高龄津贴按季度集中发放，滞后一至两个月。',
    district: 'zhongyuan',
    severity: 'moderate',
    decision: { list: { lead: dept('civil'), co: [dept('finance')], stage: 'completion_submitted' } },
  },
  {
    key: 'F21',
    activity: 'S5',
    checklist: 'FP12-03',
    title: '养老护理员持证上岗率不足六成',
    description: '抽查的5家机构养老护理员持证率仅为57%。',
    district: 'xinzheng',
    severity: 'moderate',
    decision: { list: { lead: dept('hrss'), co: [dept('civil')], stage: 'in_progress', reports: 2 } },
  },
  {
    key: 'F22',
    activity: 'S6',
    checklist: 'FP06-03',
    title: '适老化改造扶手安装不规范',
    description: '入户抽查的10户中有3户卫生间扶手安装高度不符合标准。',
    district: 'huiji',
    severity: 'minor',
    decision: { list: { lead: bureau('huiji'), stage: 'sent_back_replanned' } },
  },
  {
    key: 'F23',
    activity: 'S7',
    checklist: 'FP07-04',
    title: '家庭医生签约老年人随访记录缺失',
    description: '抽查签约老年人健康档案，近半数无年度随访记录。',
    district: 'guancheng',
    severity: 'minor',
    decision: { list: { lead: dept('health'), stage: 'plan_submitted' } },
  },
  {
    key: 'F24',
    activity: 'S8',
    checklist: 'FP08-04',
    title: '农村留守老年人巡访记录不全',
    description: '抽查3个行政村，巡访记录存在漏访、补记现象。',
    district: 'dengfeng',
    severity: 'minor',
    decision: { list: { lead: bureau('dengfeng'), stage: 'assigned' } },
  },
  {
    key: 'F25',
    activity: 'U1',
    checklist: 'FP04-02',
    title: '日间照料中心挂牌不开门',
    description: '工作日上午到访，日间照料中心大门紧锁，门口无开放时间公示。',
    district: 'jinshui',
    severity: 'serious',
    decision: {
      list: { lead: bureau('jinshui'), stage: 'assigned', deadlines: { acknowledgeHoursAgo: 12 * 24 } },
    },
  },
  {
    key: 'F26',
    activity: 'U2',
    checklist: 'FP05-03',
    title: '社区食堂老年人就餐优惠未落实',
    description: '社区食堂未对60岁以上老年人执行就餐优惠，价格公示与实收不一致。',
    district: 'zhengdong',
    severity: 'moderate',
    decision: { list: { lead: bureau('zhengdong'), stage: 'acknowledged' } },
  },
  {
    key: 'F27',
    activity: 'U4',
    checklist: 'FP11-02',
    title: '养老机构安全出口上锁',
    description: '暗访发现某养老机构夜间将安全出口上锁。',
    district: 'guancheng',
    severity: 'serious',
    decision: { list: { lead: dept('fire'), co: [bureau('guancheng')], stage: 'closed' } },
  },
  {
    key: 'F28',
    activity: 'U5',
    checklist: 'FP08-03',
    title: '村级幸福院常年大门紧锁',
    description: '官渡镇某村幸福院挂牌后未实际运营，村民反映常年不开门。',
    district: 'zhongmu',
    severity: 'moderate',
    decision: { list: { lead: bureau('zhongmu'), stage: 'assigned', deadlines: { acknowledgeHoursAgo: 2 } } },
  },
  {
    key: 'F29',
    activity: 'H-ndrc',
    checklist: 'FP13-06',
    title: '养老服务项目中央预算内投资储备不足',
    description: '汇报显示2024年申报中央预算内投资的养老项目仅3个，项目储备不足。',
    severity: 'moderate',
    decision: { list: { lead: dept('ndrc'), stage: 'in_progress', reports: 1 } },
  },
  {
    key: 'F30',
    activity: 'H-finance',
    checklist: 'FP13-03',
    title: '社区养老服务设施运营补贴拨付滞后',
    description: '财政部门汇报承认部分区县运营补贴拨付滞后。',
    severity: 'moderate',
    decision: { merge: 'F05' },
  },
  {
    key: 'F31',
    activity: 'H-planning',
    checklist: 'FP03-01',
    title: '养老服务设施专项规划未纳入国土空间详细规划',
    description: '养老服务设施布局专项规划已编制，但尚未落实到控制性详细规划。',
    severity: 'moderate',
    decision: { list: { lead: dept('planning'), stage: 'plan_submitted' } },
  },
  {
    key: 'F32',
    activity: 'H-housing',
    checklist: 'FP03-04',
    title: '老旧小区改造中养老设施补建比例低',
    description: '2023年改造的老旧小区中补建养老服务设施的不足两成。',
    severity: 'moderate',
    decision: { list: { lead: dept('housing'), co: [dept('construction')], stage: 'in_progress', reports: 2 } },
  },
  {
    key: 'F33',
    activity: 'H-hrss',
    checklist: 'FP12-05',
    title: '养老护理员岗位补贴政策未落地',
    description: '岗位补贴政策文件已出台一年，实施细则未制定，补贴未发放。',
    severity: 'moderate',
    decision: {
      list: { lead: dept('hrss'), co: [dept('finance')], stage: 'acknowledged', deadlines: { planSoon: true } },
    },
  },
  {
    key: 'F34',
    activity: 'H-medins',
    checklist: 'FP14-01',
    title: '长期护理保险制度尚未建立',
    description: '本市尚未纳入国家长期护理保险试点，失能老年人照护费用负担重。',
    severity: 'moderate',
    decision: { list: { lead: dept('medins'), stage: 'not_feasible' } },
  },
  {
    key: 'F35',
    activity: 'H-data',
    checklist: 'FP15-02',
    title: '老年人基础数据库与卫健、公安数据未共享',
    description: '民政部门老年人数据库与卫健、公安户籍数据未实现共享，数据更新滞后。',
    severity: 'moderate',
    decision: {
      list: { lead: dept('data'), co: [dept('health'), dept('police')], stage: 'in_progress', reports: 2 },
    },
  },
  {
    key: 'F36',
    activity: 'H-education',
    checklist: 'FP12-01',
    title: '院校养老专业毕业生入行率低',
    description: '市属院校养老相关专业毕业生从事养老服务工作的比例不足三成。',
    severity: 'minor',
    decision: { list: { lead: dept('education'), co: [dept('hrss')], stage: 'assigned' } },
  },
  {
    key: 'F37',
    activity: 'H-civil',
    checklist: 'FP16-01',
    title: '“银发顾问点”分布不均，部分社区空白',
    description: '银发顾问点集中在中心城区，新区和部分老旧社区尚未设立。',
    severity: 'minor',
    decision: { list: { lead: dept('civil'), stage: 'in_progress', reports: 1 } },
  },
  {
    key: 'F38',
    activity: 'H-agri',
    checklist: 'FP08-06',
    title: '农村养老服务设施建设资金整合不足',
    description: '乡村振兴资金用于农村养老服务设施的渠道未打通。',
    severity: 'moderate',
    decision: { list: { lead: dept('agri'), co: [dept('finance')], stage: 'plan_submitted' } },
  },
  {
    key: 'F39',
    activity: 'H-justice',
    checklist: 'FP18-02',
    title: '老年人法律援助便利化措施不足',
    description: '法律援助窗口未开设老年人绿色通道，上门服务机制不健全。',
    severity: 'minor',
    decision: { list: { lead: dept('justice'), stage: 'closed' } },
  },
  {
    key: 'F40',
    activity: 'H-police',
    checklist: 'FP18-01',
    title: '养老诈骗防范宣传覆盖面窄',
    description: '防范养老诈骗宣传主要在城区开展，农村老年人知晓率低。',
    severity: 'minor',
    decision: { list: { lead: dept('police'), stage: 'completion_submitted' } },
  },
  {
    key: 'F41',
    activity: 'H-culture',
    checklist: 'FP18-05',
    title: '老年文体活动场所供给不足',
    description: '部分社区老年文体活动场所面积不足。',
    severity: 'minor',
    decision: { dismiss: '已纳入市文化广电和旅游局年度计划，检查期间已完成新增场所建设，不再列入问题清单' },
  },
  {
    key: 'F42',
    activity: 'Q',
    checklist: 'FP05-05',
    title: '农村地区助餐服务覆盖不足',
    description: '问卷中31%的受访者认为助餐服务覆盖不足是农村养老最突出的短板。',
    severity: 'moderate',
    decision: {
      list: { lead: dept('civil'), co: [dept('agri')], stage: 'acknowledged', deadlines: { planSoon: true } },
    },
  },
  {
    key: 'F43',
    activity: 'Q',
    checklist: 'FP01-06',
    title: '《河南省养老服务条例》知晓率偏低',
    description: '问卷中超过四成受访者表示不了解条例。',
    severity: 'minor',
    decision: { list: { lead: dept('civil'), co: [dept('justice')], stage: 'in_progress', reports: 1 } },
  },
  {
    key: 'F44',
    activity: 'V31',
    checklist: 'FP10-05',
    title: '高品质养老社区收费项目不透明',
    description: '入住协议中部分服务项目未列明收费标准。',
    district: 'jinshui',
    severity: 'moderate',
    decision: { merge: 'F19' },
  },
  {
    key: 'F45',
    activity: 'V32',
    checklist: 'FP15-01',
    title: '市养老服务信息平台数据更新不及时',
    description: '平台中机构床位、入住数据多为季度更新，不能实时反映供需。',
    severity: 'minor',
    decision: { list: { lead: dept('civil'), co: [dept('data')], stage: 'plan_submitted' } },
  },
  {
    key: 'F46',
    activity: 'V05',
    checklist: 'FP04-01',
    title: '街道综合养老服务中心服务项目单一',
    description: '区域养老服务中心仅提供休闲娱乐，缺少助餐、助浴和康复服务。',
    location: '高新区石佛办事处',
    district: 'gaoxin',
    severity: 'minor',
    decision: { list: { lead: bureau('gaoxin'), stage: 'assigned', deadlines: { acknowledgeSoon: true } } },
  },
  {
    key: 'F47',
    activity: 'V14',
    checklist: 'FP04-02',
    title: '日间照料中心缺乏专业护理人员',
    description: '潮河街道日间照料中心无持证护理员，由社区工作人员兼职。',
    location: '经开区潮河街道',
    district: 'jingkai',
    severity: 'moderate',
    decision: {
      list: {
        lead: bureau('jingkai'),
        stage: 'returned',
        returnReason: '护理人员培训和配备属人社部门职责，建议改由市人社局牵头',
      },
    },
  },
  {
    key: 'F48',
    activity: 'V26',
    checklist: 'FP04-06',
    title: '社区养老服务站运营补贴绩效评价未开展',
    description: '济源路街道社区养老服务站连续两年享受运营补贴，未开展绩效评价。',
    location: '上街区济源路街道',
    district: 'shangjie',
    severity: 'minor',
    decision: {
      list: {
        lead: bureau('shangjie'),
        stage: 'reassigned',
        returnReason: '补贴资金绩效评价由财政部门组织',
        reassignTo: dept('finance'),
      },
    },
  },
  {
    key: 'F49',
    activity: 'V16',
    checklist: 'FP07-03',
    title: '医养结合机构内设医务室未取得执业许可',
    description: '银河街道医养结合机构内设医务室未办理执业登记即开展诊疗。',
    location: '航空港区银河街道',
    district: 'airport',
    severity: 'serious',
    decision: {
      list: {
        lead: dept('health'),
        co: [bureau('airport')],
        stage: 'in_progress',
        reports: 1,
        deadlines: { rectifyEndedDaysAgo: 25 },
      },
    },
  },
  {
    key: 'F50',
    activity: 'V28',
    checklist: 'FP06-04',
    title: '日间照料中心无障碍设施缺失',
    description: '新建路街道日间照料中心入口台阶未设置坡道。',
    location: '新郑市新建路街道',
    district: 'xinzheng',
    severity: 'minor',
    decision: { dismiss: '经核实，该中心已于检查后一周内加装坡道，整改到位' },
  },
  {
    key: 'F51',
    activity: 'V10',
    checklist: 'FP03-03',
    title: '配建养老用房未同步交付',
    description: '龙子湖片区两个新建小区已交房入住，配建养老服务用房尚未交付。',
    location: '郑东新区龙子湖片区',
    district: 'zhengdong',
    severity: 'moderate',
    decision: { list: { lead: bureau('zhengdong'), co: [dept('planning')], stage: 'in_progress', reports: 1 } },
  },
  {
    key: 'F52',
    activity: 'V20',
    checklist: 'FP05-03',
    title: '助餐补贴对象认定标准不统一',
    description: '各助餐点对补贴对象的年龄、困难程度认定标准不一致。',
    location: '登封市嵩阳街道',
    district: 'dengfeng',
    severity: 'minor',
    decision: { list: { lead: dept('civil'), stage: 'closed' } },
  },
  {
    key: 'F53',
    activity: 'V22',
    checklist: 'FP08-03',
    title: '互助养老点未实际运营',
    description: '官渡镇互助养老点有牌无人，活动记录空白。',
    location: '中牟县官渡镇',
    district: 'zhongmu',
    severity: 'moderate',
    decision: { merge: 'F28' },
  },
];

/** A linked campaign's own inspection and problem list, supervised by the district's congress. */
export interface DemoDistrictList {
  district: string;
  /** The site visit its committee staff record. */
  visit: { title: string; location: string; daysAgo: number };
  findings: (Omit<DemoFinding, 'activity' | 'district' | 'decision'> & { list: DemoListing })[];
  /** Take the campaign through to the look-back phase and record outcomes there. */
  lookBack?: boolean;
}

export const DISTRICT_LISTS: DemoDistrictList[] = [
  {
    district: 'jinshui',
    visit: { title: '金水区人大常委会实地察看社区养老服务设施', location: '金水区丰产路街道、文化路街道', daysAgo: 50 },
    lookBack: true,
    findings: [
      {
        key: 'J1',
        checklist: 'FP11-01',
        title: '社区养老服务站消防器材过期',
        description: '丰产路街道某社区养老服务站灭火器过期半年。',
        severity: 'moderate',
        list: { lead: bureau('jinshui'), stage: 'look_back_relapsed' },
      },
      {
        key: 'J2',
        checklist: 'FP05-03',
        title: '老年助餐点未公示价格和补贴标准',
        description: '文化路街道两个助餐点未公示菜品价格和老年人补贴标准。',
        severity: 'minor',
        list: { lead: bureau('jinshui'), stage: 'look_back_confirmed' },
      },
      {
        key: 'J3',
        checklist: 'FP04-04',
        title: '家庭养老床位上门服务记录不全',
        description: '抽查的家庭养老床位服务记录缺少服务时长和老人签字。',
        severity: 'minor',
        list: { lead: bureau('jinshui'), stage: 'in_progress', reports: 1 },
      },
      {
        key: 'J4',
        checklist: 'FP04-02',
        title: '社区日间照料中心无专职工作人员',
        description: '两个社区日间照料中心由社区网格员兼管，无专职人员。',
        severity: 'moderate',
        list: { lead: bureau('jinshui'), stage: 'assigned', deadlines: { acknowledgeHoursAgo: 4 } },
      },
    ],
  },
  {
    district: 'erqi',
    visit: { title: '二七区人大常委会调研“以大带小”养老服务模式', location: '二七区福华街街道', daysAgo: 45 },
    findings: [
      {
        key: 'E1',
        checklist: 'FP04-03',
        title: '“以大带小”运营模式未在全区推广',
        description: '福华街养老服务中心的连锁运营经验仅覆盖本街道3个站点。',
        severity: 'minor',
        list: { lead: bureau('erqi'), stage: 'acknowledged' },
      },
      {
        key: 'E2',
        checklist: 'FP06-04',
        title: '老旧小区加装电梯进度慢',
        description: '列入年度计划的加装电梯项目完工不足四成。',
        severity: 'moderate',
        list: { lead: bureau('erqi'), stage: 'in_progress', reports: 2 },
      },
      {
        key: 'E3',
        checklist: 'FP05-01',
        title: '老年助餐点覆盖不足',
        description: '全区仍有5个社区15分钟步行范围内无助餐点。',
        severity: 'moderate',
        list: { lead: bureau('erqi'), stage: 'assigned' },
      },
    ],
  },
  {
    district: 'zhongmu',
    visit: { title: '中牟县人大常委会察看农村养老服务设施', location: '中牟县雁鸣湖镇、官渡镇', daysAgo: 48 },
    findings: [
      {
        key: 'Z1',
        checklist: 'FP08-03',
        title: '农村互助养老点运营经费不足',
        description: '互助养老点运营依赖村集体经济，多数村无稳定经费来源。',
        severity: 'moderate',
        list: { lead: bureau('zhongmu'), stage: 'plan_submitted' },
      },
      {
        key: 'Z2',
        checklist: 'FP08-04',
        title: '留守老年人关爱巡访不到位',
        description: '部分村巡访频次低于每月一次的要求。',
        severity: 'moderate',
        list: { lead: bureau('zhongmu'), stage: 'assigned', deadlines: { acknowledgeHoursAgo: 14 * 24 } },
      },
      {
        key: 'Z3',
        checklist: 'FP12-03',
        title: '敬老院护理员年龄偏大、专业化程度低',
        description: '县敬老院护理员平均年龄58岁，持证率不足四成。',
        severity: 'minor',
        list: { lead: bureau('zhongmu'), stage: 'in_progress', reports: 1 },
      },
    ],
  },
];
