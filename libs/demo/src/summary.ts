import { CITY_STAFF, dept, districtStaff, handlerOf } from './data/organisation';
import type { DemoSummary } from './loader';
import { seg } from './http';

const list = (counts: Record<string, number>): string =>
  Object.entries(counts)
    .sort(([, a], [, b]) => b - a)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');

/** A few lines on what the demo holds and commands to look at it, for a terminal. */
export function formatDemoSummary(summary: DemoSummary, baseUrl: string): string[] {
  const api = baseUrl.replace(/\/+$/, '');
  const c = `${api}/campaigns/${summary.campaignId}`;
  const items = Object.values(summary.items).reduce((n, x) => n + x, 0);
  const civil = handlerOf(dept('civil'));
  const lines = [
    `Demo data: ${summary.campaignId} (郑州 养老服务联动监督)${summary.created === 0 ? ', already loaded' : ''}`,
    `  organisation      ${summary.units} units, ${summary.people} people`,
    `  campaigns         1 city + ${summary.linkedCampaigns} linked; checklist ${summary.checklistItems} items, ${summary.groups} groups`,
    `  activities        ${list(summary.activities)}`,
    `  questionnaire     ${summary.questionnaire.respondents} answer sheets, ${summary.questionnaire.answers} answers in ${summary.questionnaire.batches} batches`,
    `  findings          ${list(summary.findings)}`,
    `  items             ${items}: ${list(summary.items)}`,
    `  lights            overdue ${summary.rollUp.overdue}, due soon ${summary.rollUp.dueSoon}, escalated ${summary.rollUp.escalated}, reopened ${summary.rollUp.reopened}`,
    `  inquiry, targets  ${summary.inquiryQuestions} questions, ${summary.targets} targets`,
    ...summary.warnings.map((w) => `  note              ${w}`),
    'Try:',
    `  curl -s '${c}/dynamic-list?withTotal=true&limit=5'   # 动态清单, overdue first`,
    `  curl -s '${c}/roll-up'   # counts level by level`,
    `  curl -s '${c}/targets'   # outcome targets rolled up`,
    `  curl -s '${api}/campaigns/${summary.examples.lookBackCampaign}/look-back'   # 回头看`,
  ];
  if (summary.examples.inProgressItem) {
    lines.push(
      `  curl -s -XPOST '${api}/rectification-items/${seg(summary.examples.inProgressItem)}/actions/report-progress' \\`,
      `       -H 'x-person-id: ${civil}' -H 'content-type: application/json' -d '{"summary":"进度报送"}'`,
    );
  }
  if (summary.examples.overdueItem) {
    lines.push(
      `  curl -s '${api}/rectification-items/${seg(summary.examples.overdueItem)}/events'   # overdue: 催办, 督办, 挂牌督办`,
    );
  }
  if (summary.examples.unannouncedVisit) {
    lines.push(
      `  curl -s '${c}/activities/${seg(summary.examples.unannouncedVisit)}' -H 'x-person-id: ${civil}'   # redacted: not of the group`,
    );
  }
  lines.push(
    `  act as: ${CITY_STAFF.wang} (committee staff), ${civil} (市民政局), ${CITY_STAFF.director} (manager), ${districtStaff('jinshui')} (金水区人大)`,
  );
  return lines;
}
