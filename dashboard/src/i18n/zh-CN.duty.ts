/** Chinese texts of the duty console's views, sorting, handover and the evidence wording; spread into zh-CN.ts. */
export const dutyZhCN = {
  'duty.filter.query': '单位名称/代码、案件或警情编号',
  'duty.sortBy': '按“{col}”排序（再点一次反向）',
  'duty.view.label': '视图',
  'duty.view.active': '待处理',
  'duty.view.resolved': '已处理',
  'duty.view.historical': '历史违规',
  'duty.view.handover': '交接班',
} as const;
