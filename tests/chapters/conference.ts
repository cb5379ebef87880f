/**
 * A short mock press conference for chapter tests (original text): an opening statement
 * with five cue-led topics and a moderated Q&A with four questions. `expected` lists the
 * paragraph index at which each true chapter starts.
 */
import { host, moderator, question, type TurnSpec } from './helpers.js';

export const conferenceTurns: TurnSpec[] = [
  moderator('Good afternoon. The Secretary General will make opening remarks and then take your questions.'),
  host(
    // p1: greeting + topic 1 (Arctic)
    'Thank you and good afternoon. Let me begin with the Arctic. Melting ice is opening new shipping routes in the High North, and Russia has reopened old Soviet bases along its Arctic coast. Allies agreed today to increase maritime patrols in the Arctic and to exercise more often in cold weather. Our new command in Norway will coordinate Arctic surveillance with Finland and Sweden, and icebreakers will support our ships in winter.',
    // p2: topic 2 (spending)
    'When it comes to defence spending, every Ally now invests at least two percent of its economy in defence. Budgets across Europe rose sharply this year. But spending targets must be met with real capabilities, and budgets must be planned for many years so that armed forces can recruit and train. Ministers presented national spending plans with clear annual steps.',
    // p3: topic 3 (cyber)
    'Allies also discussed cyber defence. Hackers linked to hostile states attacked hospitals, railways and power grids across the Alliance in recent months. We agreed to create a new cyber centre that will share malware analysis between national cyber agencies within hours. Cyber attacks can trigger our collective defence clause, and hackers should know that.',
    // p4: topic 4 (training mission)
    'Today we agreed to expand our training mission in Iraq. Iraqi officers asked for more advice on logistics, medical services and border security. Around five hundred additional trainers from twelve Allies will deploy next spring. The mission does not take part in combat, and it works with the consent of the Iraqi government.',
    // p5: topic 5 (climate)
    'Finally, climate security. Floods, wildfires and heat waves put heavy strain on our soldiers and on our bases. We will cut emissions from military vehicles, test synthetic fuels in our aircraft and protect coastal bases against rising sea levels. Climate change makes crises more frequent, so our forces must adapt. And with that, I am ready to take your questions.',
  ),
  moderator('Thank you. Reuters, please.'),
  question('Thank you. John Smith, Reuters. Secretary General, on the Arctic patrols, how many ships will take part, and will submarines patrol under the ice?'),
  host('The number of ships and submarines is a matter for the national navies. What I can say is that Arctic patrols will be regular, not occasional, and that Finland, Sweden and Norway bring unique experience of operating in the ice.'),
  moderator('Next question, the lady from AFP.'),
  question('Marie Martin, AFP. On cyber defence, which state was behind the attacks on the hospitals, and can a cyber attack really trigger a military response?'),
  host('Attribution is a national decision. But let me be clear: a serious cyber attack can be as damaging as a missile, and Allies have agreed that it can trigger the collective defence clause. How we respond is up to Allies, and it need not be in cyberspace.'),
  moderator('We go to the gentleman from Bloomberg.'),
  question('Thanks. Peter Jones from Bloomberg. Some Allies say the spending plans are not realistic because of high debt. Will you name the countries that are behind?'),
  host('I will not name anyone. Every Ally faces hard budget choices, but the plans presented today show a credible path. Debt is a real problem, and so is insecurity. I would rather pay for deterrence today than for war tomorrow.'),
  moderator('Last question, Politico.'),
  question('Anna Berg, Politico Europe. On Iraq, will the trainers be protected by NATO forces, and how long will the training mission last?'),
  host('Force protection is always part of our planning, together with the Iraqi government. The mission will last as long as the Iraqi authorities want it and the conditions allow. Our goal is strong Iraqi institutions that can fight terrorism themselves.'),
  moderator('Thank you very much. This concludes the press conference.'),
];

/** Paragraph indices where true chapters start (after 0:00): topics 2–5, then each question's hand-over. */
export const expectedParagraphs = [2, 3, 4, 5, 6, 9, 12, 15];
