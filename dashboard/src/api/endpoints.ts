/** The API the dashboard calls (CONTRACT.md §3 and common/api.ts), typed end to end. */
import type { Alert } from '../../../common/alerts.js';
import type {
  AlertDetail,
  AlertsQuery,
  AlertsResponse,
  CountdownResponse,
  RuleSummary,
  SummaryResponse,
  SupervisionDetail,
  SupervisionStatsQuery,
  SupervisionStatsResponse,
  SupervisionsResponse,
  TrendsQuery,
  TrendsResponse,
  UnitsResponse,
  UnitsStatsQuery,
  UnitsStatsResponse,
} from '../../../common/api.js';
import type {
  CreateUserRequest,
  KioskTokenCreated,
  KioskTokenInfo,
  LoginResponse,
  MeResponse,
  User,
} from '../../../common/auth.js';
import type { AssessmentQuery, AssessmentResponse } from '../../../common/assessment.js';
import type { Dossier, SearchHit } from '../../../common/dossier.js';
import type { ChannelHealth, NotifyAttempt } from '../../../common/notify.js';
import type { OfficerFile } from '../../../common/officer-file.js';
import type { ReportJob, ReportRequest } from '../../../common/report.js';
import type { SourcesResponse } from '../../../common/sources.js';
import type {
  AnswerRequest,
  IssueRequest,
  ReviewRequest,
  Supervision,
  SupervisionQuery,
} from '../../../common/supervision.js';
import type { ApiClient } from './client.js';

export type AlertsParams = Partial<AlertsQuery>;
export type TrendsParams = Partial<TrendsQuery> & Pick<TrendsQuery, 'from' | 'to'>;
export type UnitStatsParams = Partial<UnitsStatsQuery> & Pick<UnitsStatsQuery, 'from' | 'to'>;
export type SupervisionsParams = Partial<SupervisionQuery>;
export type SupervisionStatsParams = Partial<SupervisionStatsQuery> &
  Pick<SupervisionStatsQuery, 'from' | 'to'>;

/** GET /api/notifications: one alert's or order's attempts, or one channel's (admin); newest first. */
export interface NotificationsParams {
  alert_id?: string;
  supervision_id?: string;
  channel?: string;
  limit?: number;
}
export interface NotificationsResponse {
  notifications: NotifyAttempt[];
}
/** GET /api/notify/channels (admin): `enabled` false when NOTIFY_FILE is not set (then no channels). */
export interface NotifyChannelsResponse {
  enabled: boolean;
  file: string | null;
  channels: ChannelHealth[];
  pending: { deliveries: number; timers: number };
}

export function vigilApi(c: ApiClient) {
  const id = (alertId: string) => encodeURIComponent(alertId);
  const user = (username: string) => `/api/users/${encodeURIComponent(username)}`;
  const sup = (supId: string) => `/api/supervisions/${encodeURIComponent(supId)}`;
  return {
    login: (username: string, password: string) =>
      c.post<LoginResponse>('/api/auth/login', { username, password }),
    logout: () => c.post<null>('/api/auth/logout'),
    me: () => c.get<MeResponse>('/api/auth/me'),
    alerts: (q: AlertsParams) => c.get<AlertsResponse>('/api/alerts', { ...q }),
    alert: (alertId: string) => c.get<AlertDetail>(`/api/alerts/${id(alertId)}`),
    ack: (alertId: string, note?: string) =>
      c.post<Alert>(`/api/alerts/${id(alertId)}/ack`, note ? { note } : {}),
    resolve: (alertId: string, note: string) => c.post<Alert>(`/api/alerts/${id(alertId)}/resolve`, { note }),
    summary: (unit?: string) => c.get<SummaryResponse>('/api/stats/summary', { unit }),
    trends: (q: TrendsParams) => c.get<TrendsResponse>('/api/stats/trends', { ...q }),
    unitStats: (q: UnitStatsParams) => c.get<UnitsStatsResponse>('/api/stats/units', { ...q }),
    /** 考评 (CONTRACT.md §9): the unit's direct subordinates scored from rates (managers, admins). */
    assessment: (q: AssessmentQuery) => c.get<AssessmentResponse>('/api/assessment', { ...q }),
    countdown: () => c.get<CountdownResponse>('/api/stats/countdown'),
    units: () => c.get<UnitsResponse>('/api/units'),
    rules: () => c.get<{ rules: RuleSummary[] }>('/api/rules'),
    /** Supervision orders (督办, CONTRACT.md §6.2), within the user's scope. */
    supervisions: (q: SupervisionsParams) => c.get<SupervisionsResponse>('/api/supervisions', { ...q }),
    supervision: (supId: string) => c.get<SupervisionDetail>(sup(supId)),
    issueSupervision: (body: IssueRequest) => c.post<Supervision>('/api/supervisions', body),
    receiveSupervision: (supId: string) => c.post<Supervision>(`${sup(supId)}/receive`),
    answerSupervision: (supId: string, body: AnswerRequest) =>
      c.post<Supervision>(`${sup(supId)}/answer`, body),
    reviewSupervision: (supId: string, body: ReviewRequest) =>
      c.post<Supervision>(`${sup(supId)}/review`, body),
    cancelSupervision: (supId: string, note: string) => c.post<Supervision>(`${sup(supId)}/cancel`, { note }),
    supervisionStats: (q: SupervisionStatsParams) =>
      c.get<SupervisionStatsResponse>('/api/stats/supervisions', { ...q }),
    /** Source health: any signed-in role, rows within the user's scope. */
    sources: () => c.get<SourcesResponse>('/api/sources'),
    /** Notifications (CONTRACT.md §7): the attempts (officers and above), channels and a test message (admin). */
    notifications: (q: NotificationsParams) => c.get<NotificationsResponse>('/api/notifications', { ...q }),
    notifyChannels: () => c.get<NotifyChannelsResponse>('/api/notify/channels'),
    notifyTest: (channel: string) => c.post<{ attempt: NotifyAttempt }>('/api/notify/test', { channel }),
    /** 一案一档 (CONTRACT.md §8): a dossier, the search that finds where to start, an officer's file. */
    dossier: (key: string, value: string) => c.get<Dossier>('/api/dossier', { key, value }),
    search: (q: string) => c.get<{ results: SearchHit[] }>('/api/search', { q }),
    officerFile: (officerId: string, q: { from?: string; to?: string }) =>
      c.get<OfficerFile>(`/api/officers/${encodeURIComponent(officerId)}`, { ...q }),
    /** Reports — 通报 (CONTRACT.md §9): ask for one, follow it, list those in scope (managers, admins). */
    requestReport: (body: Partial<ReportRequest> & Pick<ReportRequest, 'unit' | 'period'>) =>
      c.post<{ report_id: string }>('/api/reports', body),
    reports: () => c.get<{ reports: ReportJob[] }>('/api/reports'),
    report: (reportId: string) => c.get<ReportJob>(`/api/reports/${encodeURIComponent(reportId)}`),
    /** Users and kiosk tokens (admin; a scoped admin sees and manages users within their scope). */
    users: () => c.get<{ users: User[] }>('/api/users'),
    createUser: (body: CreateUserRequest) => c.post<User>('/api/users', body),
    disableUser: (username: string) => c.del<User>(user(username)),
    enableUser: (username: string) => c.post<User>(`${user(username)}/enable`),
    resetPassword: (username: string, password: string) =>
      c.put<User>(`${user(username)}/password`, { password }),
    kioskTokens: (username: string) => c.get<{ tokens: KioskTokenInfo[] }>(`${user(username)}/kiosk-tokens`),
    createKioskToken: (username: string, label?: string) =>
      c.post<KioskTokenCreated>(`${user(username)}/kiosk-tokens`, label ? { label } : {}),
    revokeKioskToken: (username: string, tokenId: string) =>
      c.del<null>(`${user(username)}/kiosk-tokens/${encodeURIComponent(tokenId)}`),
  };
}

export type VigilApi = ReturnType<typeof vigilApi>;
