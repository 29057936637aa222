/** Chinese labels of the trends page's comparisons, heat map and 考评 tab; spread into zh-CN.ts. Keys shared with en.trends.ts. */
export const trendsZhCN = {
  'trends.tab.trends': '态势',
  'trends.tab.assessment': '考评',
  'range.180d': '近180日',
  'range.365d': '近1年',
  'range.custom': '自定义',
  'trends.from': '自',
  'trends.to': '至',
  'trends.apply': '查询',
  'trends.badDates': '请选择起止日期（至多3年）',
  'trends.prevNote': '“较上期”为与紧邻的等长上一周期相比的变化（百分点），红色表示变差。',
  'col.late': '超期办结',
  'col.missing': '逾期未办',
  'col.condViolations': '条件违规',
  'col.condNote':
    '条件违规：条件类规则（如未立案即扣押、单人讯问、辅警单独执法）发现的违规，行为本身即违规、无办理时限，单列，不计入应办事项。应办事项 = 按时 + 超期办结 + 逾期未办。',
  'col.change': '较上期',
  'col.sortHint': '点击表头排序',
  'heat.title': '规则 × 单位违规率',
  'heat.note':
    '每格为该单位该规则的违规率 = 违规数 ÷ 应办（期限类到期事项与条件类检查）；颜色越深越差，灰色“—”为无应办。',
  'assess.title': '考评（{from} 至 {to}）',
  'assess.unit': '单位',
  'assess.score': '得分',
  'assess.prev': '上期',
  'assess.nothingDue': '无应办事项',
  'assess.lost': '扣 {points} 分',
  'assess.weight': '权重 {w}',
  'assess.formula':
    '得分 = {base} − Σ 权重 × 比率（不低于0）。比率：各类规则违规数 ÷ 应办；督办逾期签收/反馈数 ÷ 到期步骤；超期程度 = 超期办结平均超期时长（封顶 {full} 小时）÷ {full} 小时。无应办的项目不扣分；全无应办的单位不评分。',
  'assess.noCounts':
    '依《公安机关执法质量考核评议规定》，只以比率评分，不以案件数、拘留数、罚款数或破案率为依据。',
  'assess.forbidden': '考评仅限管理人员查看',
} as const;
