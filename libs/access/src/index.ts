export { AccessService, administratorsStayOut, type CampaignStanding, type ReaderScope } from './access.service';
