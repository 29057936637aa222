import { describe, expect, it } from 'vitest';
import { ApiError } from '../../dashboard/src/api/client.js';
import { translator } from '../../dashboard/src/i18n/translate.js';
import { wallProblem } from '../../dashboard/src/views/wall/wall-problems.js';

const zh = translator('zh-CN');
const en = translator('en');
const down = () => new ApiError(0, 'Failed to fetch', 'network_error');

describe('the wall says every error once, in the banner, in the UI language', () => {
  it('is nothing when every panel loaded', () => {
    expect(wallProblem([{ panel: 'wall.trend24h', cause: null }], zh)).toBeNull();
  });

  it('names the panels not up to date and why, never the raw English', () => {
    const line = wallProblem(
      [
        { panel: 'wall.trend24h', cause: down() },
        { panel: 'wall.trend7d', cause: null },
        { panel: 'wall.countdown', cause: down() },
      ],
      zh,
    );
    expect(line).toBe('无法连接服务器：近24小时告警趋势、即将到期 未更新');
    expect(line).not.toContain('Failed to fetch');
    expect(wallProblem([{ panel: 'wall.countdown', cause: down() }], en)).toBe(
      'Cannot reach the server: Falling due not updated',
    );
  });

  it('gives the server’s status, and the network first when both happened', () => {
    const e500 = new ApiError(500, 'Internal error', 'internal');
    expect(wallProblem([{ panel: 'wall.countdown', cause: e500 }], zh)).toBe(
      '服务器错误（500）：即将到期 未更新',
    );
    expect(
      wallProblem(
        [
          { panel: 'wall.countdown', cause: e500 },
          { panel: 'wall.trend24h', cause: down() },
        ],
        zh,
      ),
    ).toBe('无法连接服务器：即将到期、近24小时告警趋势 未更新');
    expect(wallProblem([{ panel: 'sup.wall.countdown', cause: 'socket said no' }], zh)).toBe(
      '数据加载失败：督办反馈倒计时 未更新',
    );
  });
});
