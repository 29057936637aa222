/**
 * Real receivers for notification tests (no mocks): an HTTP receiver for webhooks, robots and SMS gateways,
 * an SMTP receiver, and the checks a receiver makes (signatures, vendor message shapes).
 */
export { startHttpReceiver, ROBOT_PATHS } from './notify-http-receiver.js';
export type { HttpReceiver, ReceivedRequest, Reply } from './notify-http-receiver.js';
export { selfSignedCert, startSmtpReceiver } from './notify-smtp-receiver.js';
export type { ReceivedMail, SmtpReceiver, SmtpReceiverOptions } from './notify-smtp-receiver.js';
export {
  dingtalkMarkdownProblems,
  verifyDingtalkSign,
  verifyWebhookSignature,
  wecomMarkdownProblems,
} from './notify-verify.js';
