// Public API of the captions stage (re-exported from src/index.ts).
export { buildCues } from './build.js';
export { type CaptionOptions, type ResolvedCaptionOptions, type SpeakerStyle, DEFAULT_CAPTION_OPTIONS, resolveCaptionOptions } from './options.js';
export { type VttRenderOptions, renderVtt, renderSrt, renderCuesJson } from './render.js';
export { type CaptionFiles, buildCaptionFiles } from './files.js';
export { type LintIssue, type LintOptions, type LintReport, type LintRule, type LintSeverity, LINT_SEVERITY, lintCaptions } from './lint.js';
export {
  type CaptionStats,
  type RuleShare as CaptionRuleShare,
  type StatCue as CaptionStatCue,
  type StatRule as CaptionStatRule,
  type TimingError as CaptionTimingError,
  captionStats,
} from './stats.js';
export { type CaptionFormat, type ParsedCaptionCue, type ParsedCaptionFile, detectCaptionFormat, parseCaptionFile, readCaptionCues } from './parse.js';
export { type RuleLimits as CaptionRuleLimits, ruleLimits as captionRuleLimits, charCount as captionCharCount, cps as captionCps } from './rules.js';
export { formatCaptionTimestamp, parseCaptionTimestamp } from './timestamp.js';
export { breakPenalty as captionBreakPenalty, layoutLines as layoutCaptionLines } from './linebreak.js';
