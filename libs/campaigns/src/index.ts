export { CampaignsService } from './campaigns.service';
export { CampaignActivitiesService } from './campaign.activities';
export { recordCampaignEvents } from './campaign-projection';
export { launchCampaignSchema, parseLaunch, type LaunchCampaignRequest } from './launch.schema';
export { DynamicListService, type DynamicListFilter } from './dynamic-list.service';
export { LookBackService } from './look-back.service';
export { campaignTree, CAMPAIGN_TREE_CTE, type CampaignNode } from './campaign-tree';
export { ROLL_UP_COUNTS_SQL, foldRollUp, type RollUpNode, type ItemCounts } from './roll-up';
export { handOffCampaign, handOffItemInput, listedFindings, type ListedFinding } from './hand-off-input';
