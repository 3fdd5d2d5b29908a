// A change that cannot be undone, started from a row or a page: ask in a confirm box, send it,
// say it is done and reload (or go elsewhere); a refusal is shown as a message.
import { confirmAction, showError, showOk } from '../utils/notify.js'

// Options:
//   title    the confirm box's title
//   message  the question, a text or a function of the row
//   request  function of the row that sends the change (e.g. row => api.del(`/jobs/${row.id}`))
//   done     the success message
//   after    called once the change is made (e.g. list.load)
// The returned function resolves true when the change was made.
export function useConfirmDelete({ title, message, request, done = '已删除', after }) {
  return async function confirmDelete(row) {
    const question = typeof message === 'function' ? message(row) : message
    if (!(await confirmAction(question, title))) return false
    try {
      await request(row)
      showOk(done)
      if (after) after()
      return true
    } catch (err) {
      showError(err)
      return false
    }
  }
}
