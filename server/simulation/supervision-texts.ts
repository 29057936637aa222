/**
 * What the simulated 督办 people write (zh-CN): a manager's instructions per level, an officer's answers
 * (some citing the alert's trigger event), a manager's 退回 and 销号 notes. `pick` ∈ [0, 1) chooses the wording.
 */
import type { SupervisionLevel } from '../../common/supervision.js';

export interface OrderTopic {
  /** The alert's title (the rule's wording), e.g. 「刑事案件立案超期」. */
  title: string;
  /** How many alerts the order covers. */
  count: number;
  /** The receiving unit's name, e.g. 「新竹派出所」 (or its code when unknown). */
  unit: string;
}

const INSTRUCTIONS: Record<SupervisionLevel, ((t: OrderTopic) => string)[]> = {
  reminder: [
    (t) => `${t.unit}：「${t.title}」${many(t)}已超过办理期限，请核实原因，尽快补办并反馈。`,
    (t) => `请${t.unit}立即核查「${t.title}」${many(t)}的办理情况，按规定时限补正并报告结果。`,
    (t) => `提醒：「${t.title}」${many(t)}超期未办结，请承办民警及时跟进，办结后反馈。`,
  ],
  order: [
    (t) =>
      `督办：${t.unit}「${t.title}」${many(t)}超期，请责成承办民警立即整改，并书面反馈整改情况及责任人处理意见。`,
    (t) =>
      `请${t.unit}所领导牵头核查「${t.title}」${many(t)}超期原因，限期整改到位，逐案说明并附相关法律文书。`,
  ],
  listed: [
    (t) =>
      `挂牌督办：${t.unit}「${t.title}」${many(t)}严重超期，请主要负责人亲自督导，制定整改方案，按期报送整改报告。`,
    (t) =>
      `市局挂牌督办：「${t.title}」${many(t)}长期未办结，影响执法质量考评，请${t.unit}倒排工期，逐项销账，每周报告进展。`,
  ],
};

const many = (t: OrderTopic): string => (t.count > 1 ? `等${t.count}项` : '');

const ANSWERS_CITING: ((event: string) => string)[] = [
  (e) =>
    `已签收。经核查，系承办民警对期限把握不准导致超期，现已补办相关手续（见事件 ${e}），并对承办人进行了批评教育。`,
  (e) => `已整改：相关法律文书已补录入系统（事件 ${e}），今后将落实专人每日核对办案期限。`,
  (e) => `经所务会研究，已完成补正（事件 ${e}），承办民警已作出书面检查，全所开展执法期限专项自查。`,
];

const ANSWERS_PLAIN: string[] = [
  '已签收并核实，超期系当事人下落不明、无法及时送达所致，现已补充说明材料，正在依法办理。',
  '已按要求整改完毕，相关材料已归档，所领导已对承办民警进行提醒谈话。',
  '经核查，该事项已于近日办结，系统录入滞后，现已补录完毕。',
  '已整改。我所已组织全体民警学习执法期限规定，建立到期提醒台账，防止类似问题再次发生。',
];

const RETURN_NOTES: string[] = [
  '反馈内容过于简单，请补充整改措施和责任人处理情况后重新反馈。',
  '未附相关法律文书或系统截图，请补充佐证材料。',
  '超期原因说明不清，请逐项说明并明确整改时限。',
  '整改措施不具体，请说明如何防止类似问题再次发生。',
];

const ACCEPT_NOTES: string[] = [
  '整改到位，同意销号。',
  '反馈情况属实，予以销号。',
  '经核查已整改，销号。请举一反三，加强期限管理。',
];

const choose = <T>(list: readonly T[], pick: number): T =>
  list[Math.min(list.length - 1, Math.floor(pick * list.length))] as T;

export function instructionsText(level: SupervisionLevel, topic: OrderTopic, pick: number): string {
  return choose(INSTRUCTIONS[level], pick)(topic);
}

/** An answer; citing `event` (a trigger event id) when given. */
export function answerText(pick: number, event?: string): string {
  return event ? choose(ANSWERS_CITING, pick)(event) : choose(ANSWERS_PLAIN, pick);
}

/** A second or later answer (after a 退回). */
export function answerAgainText(pick: number, event?: string): string {
  return `已按退回意见补充完善。${answerText(pick, event)}`;
}

export function reviewNote(decision: 'accept' | 'return', pick: number): string {
  return choose(decision === 'accept' ? ACCEPT_NOTES : RETURN_NOTES, pick);
}
