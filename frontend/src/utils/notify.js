import { ElMessage, ElMessageBox } from 'element-plus'

export function showError(err) {
  if (err?.name === 'AbortError') return
  ElMessage({ type: 'error', message: err?.message || '操作失败', showClose: true, duration: 5000 })
}

export function showOk(message) {
  ElMessage({ type: 'success', message })
}

// confirmAction asks before a change that cannot be undone; resolves false on cancel.
export async function confirmAction(message, title = '请确认', type = 'warning') {
  try {
    await ElMessageBox.confirm(message, title, { confirmButtonText: '确定', cancelButtonText: '取消', type })
    return true
  } catch {
    return false
  }
}
