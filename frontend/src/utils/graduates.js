// The graduate ledger (离校未就业高校毕业生实名制服务台账): labels of its codes, the 1131
// progress (at least 1 policy briefing, 1 career guidance, 3 job referrals and 1 training or
// internship) and the timeline of one graduate. The server decides status and completion; these
// only put its answers into words.

export const GRADUATE_STATUS = {
  registered: { label: '已登记', type: 'info' },
  followed_up: { label: '已回访', type: 'primary' },
  served: { label: '已服务', type: 'warning' },
  employed: { label: '已就业', type: 'success' },
}

export const GRADUATE_STATUS_LIST = Object.entries(GRADUATE_STATUS).map(([code, s]) => ({ code, name: s.label }))

export function graduateStatusLabel(status) {
  return GRADUATE_STATUS[status]?.label ?? '—'
}

export function graduateStatusType(status) {
  return GRADUATE_STATUS[status]?.type ?? 'info'
}

export const GRADUATE_EDUCATIONS = [
  { code: 'college', name: '大专' },
  { code: 'bachelor', name: '本科' },
  { code: 'master', name: '硕士' },
  { code: 'doctor', name: '博士' },
]

export const CONTACT_CHANNELS = [
  { code: 'phone', name: '电话' },
  { code: 'visit', name: '上门' },
  { code: 'online', name: '网络' },
  { code: 'sms', name: '短信' },
]

export const SERVICE_KINDS = [
  { code: 'policy', name: '政策宣介' },
  { code: 'guidance', name: '职业指导' },
  { code: 'job_referral', name: '岗位推荐' },
  { code: 'training', name: '技能培训' },
  { code: 'internship', name: '就业见习' },
]

// The lists that need attention, as the server names them.
export const ATTENTION_KINDS = [
  { code: 'unreached', name: '30天未回访' },
  { code: 'needy_unemployed', name: '困难家庭未就业' },
  { code: 'incomplete_1131', name: '1131未完成' },
]

// nameIn gives the Chinese name of a code in one of the lists above; an unknown code gives a
// dash rather than the code itself, which means nothing to the people reading the page.
export function nameIn(list, code) {
  return list.find((x) => x.code === code)?.name ?? '—'
}

// The four parts of 1131: a part's count, what it needs, its short mark in the list.
const PARTS_1131 = [
  { key: 'policy', label: '政策宣介', mark: '政', need: 1, kinds: ['policy'] },
  { key: 'guidance', label: '职业指导', mark: '指', need: 1, kinds: ['guidance'] },
  { key: 'job_referral', label: '岗位推荐', mark: '荐', need: 3, kinds: ['job_referral'] },
  { key: 'training', label: '培训或见习', mark: '训', need: 1, kinds: ['training', 'internship'] },
]

const count = (v) => (Number.isFinite(Number(v)) && Number(v) > 0 ? Math.floor(Number(v)) : 0)

// progress1131 reads service_counts into the four parts, each with have, need and done.
export function progress1131(counts = {}) {
  const c = counts || {}
  return PARTS_1131.map((p) => {
    const have = p.kinds.reduce((s, k) => s + count(c[k]), 0)
    return { key: p.key, label: p.label, mark: p.mark, have, need: p.need, done: have >= p.need }
  })
}

// progress1131Text is the list's short form: "政1 指1 荐2/3 训0". Referrals, the only part that
// needs more than one, show how many of the three are done.
export function progress1131Text(counts = {}) {
  return progress1131(counts)
    .map((p) => (p.need > 1 ? `${p.mark}${p.have}/${p.need}` : `${p.mark}${p.have}`))
    .join(' ')
}

// missing1131 names the parts still short, for a tooltip: "岗位推荐还差1次、培训或见习还差1次".
export function missing1131(counts = {}) {
  return progress1131(counts)
    .filter((p) => !p.done)
    .map((p) => `${p.label}还差${p.need - p.have}次`)
    .join('、')
}

// Order of events on the same day: registration first, the placement last, contacts and
// services between them in the order they were recorded.
const ORDER = { registered: 0, contact: 1, service: 1, placement: 2 }

// graduateTimeline merges a graduate's registration, contacts, services and placement into one
// list, oldest first.
export function graduateTimeline(g) {
  if (!g) return []
  const events = []
  if (g.registered_on) {
    events.push({ key: 'registered', kind: 'registered', on: g.registered_on, at: g.created_at || '', title: '登记入台账', detail: g.organisation || '', type: 'info' })
  }
  for (const c of g.contacts || []) {
    events.push({
      key: `contact-${c.id}`,
      kind: 'contact',
      on: c.on,
      at: c.created_at || '',
      title: `${nameIn(CONTACT_CHANNELS, c.channel)}回访 · ${c.reached ? '已联系上' : '未联系上'}`,
      detail: c.note || '',
      by: c.created_by_name || '',
      type: c.reached ? 'primary' : 'danger',
    })
  }
  for (const s of g.services || []) {
    const job = s.kind === 'job_referral' && (s.job_title || s.job_id) ? `：${s.job_title || `岗位 #${s.job_id}`}` : ''
    events.push({
      key: `service-${s.id}`,
      kind: 'service',
      on: s.on,
      at: s.created_at || '',
      title: `${nameIn(SERVICE_KINDS, s.kind)}${job}`,
      detail: s.note || '',
      by: s.created_by_name || '',
      jobId: s.kind === 'job_referral' ? s.job_id ?? null : null,
      type: 'warning',
    })
  }
  if (g.placement) {
    const p = g.placement
    events.push({
      key: `placement-${p.id}`,
      kind: 'placement',
      on: p.placed_on,
      at: '',
      title: `就业：${p.employer_name || '—'}${p.city ? `（${p.city}）` : ''}`,
      detail: '',
      placementId: p.id,
      type: 'success',
    })
  }
  return events
    .map((e, i) => ({ e, i }))
    .sort((a, b) => cmp(a.e.on, b.e.on) || ORDER[a.e.kind] - ORDER[b.e.kind] || cmp(a.e.at, b.e.at) || a.i - b.i)
    .map(({ e }) => e)
}

function cmp(a, b) {
  const x = a || ''
  const y = b || ''
  return x < y ? -1 : x > y ? 1 : 0
}
