export { CampaignsService } from './campaigns.service';
export { CampaignActivitiesService } from './campaign.activities';
