import { CITY_STAFF, dept, districtStaff, handlerOf } from './data/organisation';
import { DEMO_PASSWORD, type DemoSummary } from './loader';
import { seg } from './http';

const list = (counts: Record<string, number>): string =>
  Object.entries(counts)
    .sort(([, a], [, b]) => b - a)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');

/**
 * A few lines on what the demo holds and commands to look at it, for a terminal. The commands
 * sign in first; `password` is how they spell the password: the demo password itself by
 * default, or a shell variable (such as `$STACK_DEMO_PASSWORD`) when another one is in use.
 */
export function formatDemoSummary(summary: DemoSummary, baseUrl: string, password = DEMO_PASSWORD): string[] {
  const api = baseUrl.replace(/\/+$/, '');
  const c = `${api}/campaigns/${summary.campaignId}`;
  const items = Object.values(summary.items).reduce((n, x) => n + x, 0);
  const civil = handlerOf(dept('civil'));
  const lookBackDistrict = summary.examples.lookBackCampaign.slice(`${summary.campaignId}-`.length);
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
    `Try (every demo person signs in with their id as user name, password ${password}):`,
    `  token() { curl -s -XPOST '${api}/auth/login' -H 'content-type: application/json' \\`,
    `      -d "{\\"username\\":\\"$1\\",\\"password\\":\\"${password}\\"}" | sed -E 's/.*"accessToken":"([^"]+)".*/\\1/'; }`,
    `  STAFF="authorization: Bearer $(token ${CITY_STAFF.wang})"; CIVIL="authorization: Bearer $(token ${civil})"`,
    `  curl -s '${c}/dynamic-list?withTotal=true&limit=5' -H "$STAFF"   # 动态清单, overdue first`,
    `  curl -s '${c}/roll-up' -H "$STAFF"   # counts level by level`,
    `  curl -s '${c}/targets' -H "$STAFF"   # outcome targets rolled up`,
    `  curl -s '${api}/campaigns/${summary.examples.lookBackCampaign}/look-back' \\`,
    `       -H "authorization: Bearer $(token ${districtStaff(lookBackDistrict)})"   # 回头看, by the district's own staff`,
  ];
  if (summary.examples.inProgressItem) {
    lines.push(
      `  curl -s -XPOST '${api}/rectification-items/${seg(summary.examples.inProgressItem)}/actions/report-progress' \\`,
      `       -H "$CIVIL" -H 'content-type: application/json' -d '{"summary":"进度报送"}'`,
    );
  }
  if (summary.examples.overdueItem) {
    lines.push(
      `  curl -s '${api}/rectification-items/${seg(summary.examples.overdueItem)}/events' -H "$STAFF"   # overdue: 催办, 督办, 挂牌督办`,
    );
  }
  if (summary.examples.unannouncedVisit) {
    lines.push(
      `  curl -s '${c}/activities/${seg(summary.examples.unannouncedVisit)}' \\`,
      `       -H "authorization: Bearer $(token ${CITY_STAFF.director})"   # redacted: not of the group`,
    );
  }
  lines.push(
    `  sign in as: ${CITY_STAFF.wang} (committee staff), ${civil} (市民政局), ${CITY_STAFF.director} (manager), ${districtStaff('jinshui')} (金水区人大)`,
  );
  return lines;
}
