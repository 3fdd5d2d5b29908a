// The counts the signed-in shell shows as badges: sign-ups waiting for a decision (on the menu
// item of organisers and admins) and unread notifications (on the bell). Pages that change them
// ask for a refresh, so the badge follows at once rather than at the next poll.
import { reactive } from 'vue'
import { api } from '../api.js'
import { hasRole } from '../store.js'

export const counts = reactive({ pendingSignups: 0, unread: 0 })

export async function refreshPendingSignups() {
  if (!hasRole('admin', 'organiser')) {
    counts.pendingSignups = 0
    return
  }
  try {
    const data = await api.get('/signups', { status: 'pending', page_size: 1 })
    counts.pendingSignups = Number(data?.total) || 0
  } catch {
    /* a badge is a hint: the list itself says what failed */
  }
}

export async function refreshUnread() {
  try {
    const data = await api.get('/notifications/unread')
    counts.unread = Number(data?.unread) || 0
  } catch {
    /* as above */
  }
}
