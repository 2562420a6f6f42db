export type { MetricScores, MetricTable, Ranking, RankingOptions } from './ranking.js';
export { meanCaseRank, sumRank } from './ranking.js';
export type { MethodValues, NanRankPolicy, RankOptions } from './ranks.js';
export { NAN_RANK_POLICIES, rankMethods, rankValues } from './ranks.js';
export type { WilcoxonAlternative, WilcoxonMethod, WilcoxonOptions, WilcoxonResult, WilcoxonZeroMethod } from './wilcoxon.js';
export { wilcoxon } from './wilcoxon.js';
