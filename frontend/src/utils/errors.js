// Maps the server's error envelope {"error": {code, message, fields, rows, bad_rows, id}}
// to what the pages show: one message, the messages per form field, the rows of a bad import.

const FALLBACK = {
  0: '无法连接服务器，请检查网络后重试',
  400: '请求有误',
  401: '请先登录',
  403: '没有权限执行此操作',
  404: '记录不存在或无权查看',
  409: '操作与现有记录冲突',
  413: '上传的内容过大',
  422: '提交的内容有误，请检查标红的项目',
  429: '尝试次数过多，请稍后再试',
  500: '服务器内部错误，请稍后重试',
}

export function fallbackMessage(status) {
  if (FALLBACK[status]) return FALLBACK[status]
  if (status >= 500) return FALLBACK[500]
  return `请求失败（${status}）`
}

// flattenRows turns the import rows into one line per bad field, sorted by row:
// [{row: 7, fields: {id_number: "…"}}] -> [{row: 7, field: "id_number", message: "…"}].
// Rows already in the flat shape pass through.
export function flattenRows(rows) {
  if (!Array.isArray(rows)) return []
  const out = []
  for (const r of rows) {
    if (!r || typeof r !== 'object') continue
    if (r.fields && typeof r.fields === 'object') {
      const entries = Object.entries(r.fields)
      if (entries.length === 0) out.push({ row: r.row, field: '', message: r.message ?? '' })
      for (const [field, message] of entries) out.push({ row: r.row, field, message: String(message) })
    } else {
      out.push({ row: r.row, field: r.field ?? '', message: r.message ?? '' })
    }
  }
  return out.sort((a, b) => (a.row ?? 0) - (b.row ?? 0))
}

// mapError reads an error answer. `body` is the parsed JSON (or null when the answer was not JSON).
export function mapError(status, body) {
  const e = body && typeof body === 'object' && body.error && typeof body.error === 'object' ? body.error : null
  const fields = {}
  if (e && e.fields && typeof e.fields === 'object') {
    for (const [k, v] of Object.entries(e.fields)) fields[k] = String(v)
  }
  const rows = flattenRows(e?.rows)
  const badRows = e && Number.isFinite(e.bad_rows) ? e.bad_rows : new Set(rows.map((r) => r.row)).size
  return {
    status,
    code: e?.code || (status === 0 ? 'network' : 'unknown'),
    message: (e?.message && String(e.message)) || fallbackMessage(status),
    fields,
    rows,
    badRows,
    id: e?.id ?? null,
  }
}

// ApiError carries a mapped error through promise chains.
export class ApiError extends Error {
  constructor(mapped) {
    super(mapped.message)
    this.name = 'ApiError'
    Object.assign(this, mapped)
  }
}
