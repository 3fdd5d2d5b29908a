// The dashboard's charts, as ECharts options built from the rollup's answers: one place for the
// page, its print layout and the meeting-room screen. dark: light text for a dark background.
import { formatGoalNumber, formatPercent, formatWan, statusColor, statusLabel } from './format.js'

const textColor = (dark) => (dark ? '#e5e7eb' : '#374151')

// monthsOption: the month's figure, the running total and the calendar's pace, with the target.
export function monthsOption(d, goal = {}, { dark = false } = {}) {
  if (!d) return {}
  const fmt = (v) => formatGoalNumber(v, goal)
  const items = d.items || []
  return {
    animation: !dark,
    textStyle: { color: textColor(dark) },
    tooltip: { trigger: 'axis', valueFormatter: fmt },
    legend: { top: 0, data: ['当月', '累计完成', '序时进度'], textStyle: { color: textColor(dark) } },
    grid: { left: 56, right: 20, top: 34, bottom: 28 },
    xAxis: { type: 'category', data: items.map((x) => Number(String(x.month).slice(5)) + '月') },
    yAxis: { type: 'value', axisLabel: { formatter: fmt } },
    series: [
      { name: '当月', type: 'bar', data: items.map((x) => x.actual), itemStyle: { color: '#b7cdf0' }, barMaxWidth: 18 },
      { name: '累计完成', type: 'line', data: items.map((x) => x.cumulative), smooth: false, symbolSize: 6, itemStyle: { color: dark ? '#60a5fa' : '#2f6fde' }, lineStyle: { width: 3 },
        markLine: d.target ? { symbol: 'none', label: { formatter: '目标 ' + fmt(d.target), position: 'insideEndTop', color: textColor(dark) }, lineStyle: { color: '#2e9d4f', type: 'solid' }, data: [{ yAxis: d.target }] } : undefined },
      { name: '序时进度', type: 'line', data: items.map((x) => x.pace), symbol: 'none', itemStyle: { color: '#9aa1ab' }, lineStyle: { type: 'dashed', width: 2 } },
    ],
  }
}

// rankedCities sorts a breakdown by rank; byCompletion tells whether any city has a target.
export function rankedCities(items = []) {
  const sorted = [...items].sort((a, b) => (a.rank ?? 99) - (b.rank ?? 99))
  return { sorted, byCompletion: sorted.some((x) => x.target !== null && x.target !== undefined) }
}

// citiesOption: a bar per city, by completion where cities have targets, else by actual figure.
// items are in rank order; the chart draws the first at the top.
export function citiesOption(items, goal = {}, byCompletion = true, { dark = false } = {}) {
  const rows = [...items].reverse()
  const f = (v) => formatGoalNumber(v, goal)
  return {
    animation: !dark,
    textStyle: { color: textColor(dark) },
    tooltip: {
      trigger: 'item',
      formatter: (p) => {
        const it = rows[p.dataIndex]
        const target = it.target !== null && it.target !== undefined ? '，目标 ' + f(it.target) + '<br/>完成率 ' + formatPercent(it.completion) : '，未设目标'
        return `${it.city}<br/>实际 ${f(it.actual)}${target}（${statusLabel(it.status)}）`
      },
    },
    grid: { left: 70, right: 60, top: 8, bottom: 20 },
    xAxis: { type: 'value', axisLabel: { formatter: (v) => (byCompletion ? formatPercent(v, 0) : f(v)) } },
    yAxis: { type: 'category', data: rows.map((x) => x.city), axisLabel: { color: textColor(dark) } },
    series: [{
      type: 'bar',
      data: rows.map((x) => ({ value: byCompletion ? x.completion ?? 0 : x.actual ?? 0, itemStyle: { color: statusColor(byCompletion ? x.status : 'ahead') } })),
      label: {
        show: true,
        position: 'right',
        color: textColor(dark),
        formatter: (p) => {
          const it = rows[p.dataIndex]
          if (!byCompletion) return f(it.actual)
          return it.completion === null || it.completion === undefined ? '未设目标' : formatPercent(it.completion)
        },
      },
      barMaxWidth: 14,
    }],
  }
}

// groupsOption: the people placed by group. The legend sits below the ring and the labels stay
// inside it, so that neither runs over the other however narrow the panel.
export function groupsOption(items, { dark = false } = {}) {
  return {
    animation: !dark,
    textStyle: { color: textColor(dark) },
    tooltip: { trigger: 'item', formatter: (p) => `${p.name}：${formatWan(p.value)}人（${p.percent}%）` },
    legend: { type: 'scroll', orient: 'horizontal', bottom: 0, left: 'center', textStyle: { color: textColor(dark) } },
    series: [{
      type: 'pie', radius: ['36%', '66%'], center: ['50%', '44%'],
      avoidLabelOverlap: true,
      label: { position: 'inside', formatter: (p) => (p.percent >= 6 ? `${Math.round(p.percent)}%` : ''), color: '#fff', fontSize: 11 },
      labelLine: { show: false },
      data: items.map((x) => ({ name: x.name, value: x.count, code: x.code })),
    }],
  }
}
