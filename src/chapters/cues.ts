/**
 * Discourse cues of press-conference speech (English). Opening statements move topic by
 * topic with stock phrases ("First…", "When it comes to…", "Allies also…"); Q&A turns are
 * opened by hand-overs ("Reuters, please") and self-introductions ("Jane Doe, Reuters").
 * Each function looks only at the start of one sentence.
 */

/** Leading fillers that do not change what a sentence opens with. */
const LEAD = /^(?:(?:so|now|well|then|and|also|but|ok|okay)\s*,?\s+)+/i;

const STRONG: RegExp[] = [
  /^(?:first(?:ly)?|second(?:ly)?|third(?:ly)?|fourth(?:ly)?|fifth(?:ly)?|sixth(?:ly)?|finally|lastly|last but not least|first of all)\b/i,
  /^(?:when it comes to|turning (?:now )?to|let me (?:now |also |then )?(?:turn|move|come|go) (?:now )?to|moving (?:on )?to|as for|as regards|as far as .{1,40} (?:is|are) concerned|with (?:regard|respect) to|regarding|on the (?:issue|question|topic|subject|matter) of|now to|to conclude|in conclusion|let me conclude|let me (?:now )?(?:begin|start)|i (?:want|would like|wish) to (?:begin|start)|let me (?:also )?say a (?:few words|word)|a few words (?:on|about)|let me (?:also )?(?:address|update you|mention|highlight|turn)|i (?:also )?want to (?:address|update you|highlight|mention|turn)|before i (?:take|conclude|close|finish)|and with that|with that|to sum up|in addition to this|(?:that|this|which) (?:brings|leads) me to)\b/i,
];

const MEDIUM: RegExp[] = [
  /^(?:allies|ministers|leaders|we|the council|nato|the alliance|i)\s+(?:have\s+)?also\b/i,
  /^(?:today|this morning|this afternoon|this evening|earlier today|yesterday|tomorrow|tonight|this week|later today|at (?:the|our|this|today's) (?:meeting|summit|session))\s*,?\s+(?:we|allies|ministers|leaders|i|the)\b/i,
  /^(?:we|ministers|allies|leaders)\s+(?:then\s+)?(?:discussed|agreed|addressed|welcomed|decided|reviewed|took stock|met|endorsed|launched|approved|adopted)\b/i,
  /^(?:i|we)\s+(?:was|am|were|are)\s+(?:very\s+)?(?:glad|pleased|delighted|honoured|honored|happy|proud)\s+to\b/i,
  /^(?:another|a (?:second|third|further|final|last)|one more|the (?:next|last|final|other))\s+(?:\w+\s+)?(?:topic|issue|priority|point|area|decision|item|subject|element)\b/i,
  /^(?:in addition|additionally|furthermore|next|on top of that)\b/i,
  /^here (?:at|in) \w+/i,
  /^the (?:most important|main|key|central|biggest|first|second|other|last|final) (?:\w+ )?(?:decision|issue|topic|outcome|result|item|subject|message|priority|focus)\b/i,
];

/** Weaker: "Ukraine will also…", "The chiefs also…" — often a new item, sometimes not. */
const WEAK: RegExp[] = [/^(?:[\p{L}-]+\s+){1,3}(?:will\s+|have\s+|has\s+|had\s+)?also\b/iu];

/** Sentence openings that continue the current thought rather than start a topic. */
const CONTINUATION = /^(?:but|and|this|that|these|those|it|its|they|them|their|he|she|so|because|which|such|as a result|however|indeed|in fact|for example|for instance|of course|at the same time|yet|still|here|there|both|all of this|none of this)\b/i;

/** "… three things:", "… on two points." — a list announcement; its ordinals are sub-items. */
export function announcesList(text: string): boolean {
  return /\b(?:two|three|four|five|six|several|a few|a number of)\s+(?:\w+\s+)?(?:things|priorities|points|areas|elements|decisions|issues|topics|messages|steps|tracks|pillars|lines of effort)\b/i.test(text) || /:\s*$/.test(text.trim());
}

/**
 * How strongly a sentence opens a new topic, 0..1; negative for sentences that clearly
 * continue the previous one.
 */
export function cueStrength(text: string): number {
  const raw = text.trim().replace(/^[^\p{L}\p{N}]+/u, '');
  const stripped = raw.replace(LEAD, '');
  if (STRONG.some((re) => re.test(stripped))) return 1;
  if (isHandOver(raw) || isSelfIntroduction(raw)) return 1;
  if (MEDIUM.some((re) => re.test(stripped))) return 0.7;
  if (WEAK.some((re) => re.test(stripped))) return 0.5;
  // A short rhetorical question ("Why do we need this?") often turns to a new point.
  if (/\?\s*$/.test(raw) && raw.split(/\s+/).length <= 8) return 0.4;
  // "On Ukraine, …" / "On the Arctic, …": a short topic label in front of a comma.
  if (/^on (?:the )?\p{Lu}[\p{L}-]*(?:\s+\p{Lu}?[\p{L}-]+){0,3},/u.test(stripped)) return 0.7;
  if (CONTINUATION.test(raw)) return -0.3;
  return 0;
}

/** A moderator's hand-over of the floor ("Reuters, please", "Next question", "We go to…"). */
export function isHandOver(text: string): boolean {
  const t = text.trim();
  return (
    /\b(?:next question|last question|final question|one more question|first question|open the floor|the floor is (?:yours|open)|over to you|(?:let's|we(?:'ll| will)?|I(?:'ll| will)?) (?:go|turn|move) (?:over )?to|(?:gentleman|lady|lady|colleague|journalist|man|woman)\b.{0,40}\b(?:from|with|in the)\b)/i.test(t) ||
    /^[\p{Lu}][\p{L}.&'-]*(?:\s+[\p{Lu}][\p{L}.&'-]*){0,4},?\s+(?:please|go ahead|you have the floor)\b/u.test(t)
  );
}

/**
 * A journalist introducing themself: "Jane Doe, Reuters." / "Hi, Jane from AFP." /
 * "Thank you. My name is …, I'm with …". Only the first ~20 words are looked at.
 */
export function isSelfIntroduction(text: string): boolean {
  const head = text.trim().split(/\s+/).slice(0, 20).join(' ');
  const afterGreeting = head.replace(/^(?:(?:[Tt]hank you(?: very much)?|[Tt]hanks(?: a lot)?|[Hh]i|[Hh]ello|[Yy]es|[Gg]ood (?:morning|afternoon|evening))(?:,?\s+(?:(?:Mr\.?|Mrs\.?|Ms\.?|Madam)\s+)?(?:sir|everyone|all|[A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,2})(?=[.!]))?[.,!]?\s*)+/, '');
  return (
    /^(?:my name is|i am|i'm|this is)\s+\p{Lu}/u.test(afterGreeting) ||
    /^\p{Lu}[\p{L}'-]+(?:\s+\p{Lu}[\p{L}'-]+){0,2},\s+(?:from\s+|with\s+)?(?:the\s+)?\p{Lu}[\p{L}&.'-]*/u.test(afterGreeting) && /[.]/.test(afterGreeting.split(/\s+/).slice(0, 10).join(' ')) ||
    /^\p{Lu}[\p{L}'-]+(?:\s+\p{Lu}[\p{L}'-]+){0,2}\s+(?:from|with)\s+(?:the\s+)?\p{Lu}/u.test(afterGreeting)
  );
}
