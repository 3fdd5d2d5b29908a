// A form in a dialog: whether it is open, the record it edits, the fields being typed, the
// server's refusal (one message, and the message of each bad field shown beside that field),
// and the save that sends the form, says so and closes. A refusal naming a field the form does
// not show (the fair's status, say) is said above the form, so that every reason reaches the
// user; a field's message goes away as soon as that field is changed.
import { computed, reactive, watch } from 'vue'
import { showOk } from '../utils/notify.js'

// submit(form, record) sends the form and resolves when the server has accepted it.
// Options:
//   form     the form the dialog starts with (show() without a form keeps the current one)
//   done     the success message, or a function of what submit resolved to
//   after    called with what submit resolved to once the dialog has closed (e.g. reload the list)
//   message  the text shown above the form for a refusal; by default the server's message
export function useFormDialog(submit, { form = {}, done = '已保存', after, message = (err) => err?.message } = {}) {
  const dialog = reactive({
    open: false,
    record: null,
    id: computed(() => dialog.record?.id ?? null),
    busy: false,
    message: '',
    fields: {},
    // error is the last refusal, for what a page shows beyond the message (the id of the
    // record a conflict names, say).
    error: null,
    form: { ...form },
    show,
    save,
  })

  // show opens the dialog on a fresh form for a record (null for a new one), without the
  // errors of the last attempt.
  function show(values, record = null) {
    if (values !== undefined) dialog.form = values
    dialog.record = record
    dialog.message = ''
    dialog.fields = {}
    dialog.error = null
    dialog.open = true
  }

  async function save() {
    dialog.busy = true
    dialog.message = ''
    dialog.fields = {}
    dialog.error = null
    try {
      const result = await submit(dialog.form, dialog.record)
      showOk(typeof done === 'function' ? done(result) : done)
      dialog.open = false
      if (after) after(result)
      return true
    } catch (err) {
      dialog.error = err || null
      const fields = err?.fields || {}
      const shown = {}
      const stray = []
      for (const [k, v] of Object.entries(fields)) {
        if (Object.hasOwn(dialog.form, k)) shown[k] = v
        else stray.push(v)
      }
      dialog.fields = shown
      dialog.message = stray.length ? stray.join('；') : message(err) || ''
      return false
    } finally {
      dialog.busy = false
    }
  }

  // A field typed again loses its old message.
  watch(() => ({ ...dialog.form }), (now, before) => {
    if (!before || !Object.keys(dialog.fields).length) return
    for (const k of Object.keys(now)) {
      if (now[k] !== before[k] && dialog.fields[k]) {
        const { [k]: _, ...rest } = dialog.fields
        dialog.fields = rest
      }
    }
  })

  return dialog
}
