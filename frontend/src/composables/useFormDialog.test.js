import { describe, it, expect, vi, beforeEach } from 'vitest'
import { nextTick } from 'vue'
import { ElMessage } from 'element-plus'
import { useFormDialog } from './useFormDialog.js'
import { ApiError, mapError } from '../utils/errors.js'

vi.mock('element-plus', () => ({ ElMessage: vi.fn(), ElMessageBox: { confirm: vi.fn() } }))

const refusal = (fields, extra = {}) => new ApiError(mapError(422, { error: { code: 'validation_failed', message: '提交的内容有误', fields, ...extra } }))

// deferred gives a promise the test settles by hand, to look at the dialog while it waits.
function deferred() {
  let resolve, reject
  const promise = new Promise((res, rej) => { resolve = res; reject = rej })
  return { promise, resolve, reject }
}

beforeEach(() => ElMessage.mockClear())

describe('useFormDialog', () => {
  it('opens on a new form for a record and forgets the last refusal', async () => {
    const dialog = useFormDialog(() => Promise.reject(refusal({ name: '名称不能为空' })))
    dialog.show({ name: '' })
    expect(dialog).toMatchObject({ open: true, record: null, id: null, form: { name: '' } })
    await dialog.save()
    expect(dialog.fields).toEqual({ name: '名称不能为空' })
    expect(dialog.message).toBe('提交的内容有误')

    dialog.open = false
    dialog.show({ name: '沈阳鼓风机集团' }, { id: 7, name: '沈阳鼓风机集团' })
    expect(dialog).toMatchObject({ open: true, id: 7, message: '', fields: {}, form: { name: '沈阳鼓风机集团' } })
  })

  it('keeps the current form when opened without one', async () => {
    const dialog = useFormDialog(() => Promise.reject(refusal({ visitors: '不能为负数' })), { form: { visitors: 0 } })
    dialog.show()
    expect(dialog.form).toEqual({ visitors: 0 })
    dialog.form.visitors = 3200
    await dialog.save()
    dialog.open = false
    dialog.show()
    expect(dialog.form).toEqual({ visitors: 3200 })
    expect(dialog.fields).toEqual({})
    expect(dialog.message).toBe('')
  })

  it('sends the form, says so, closes and then calls after with the answer', async () => {
    const answer = deferred()
    const submit = vi.fn(() => answer.promise)
    const order = []
    const after = vi.fn(() => order.push(dialog.open ? 'after while open' : 'after closed'))
    const dialog = useFormDialog(submit, { done: (saved) => `已保存 #${saved.id}`, after })
    const row = { id: 3 }
    dialog.show({ title: '软件工程师' }, row)

    const saving = dialog.save()
    expect(dialog.busy).toBe(true)
    expect(submit).toHaveBeenCalledWith({ title: '软件工程师' }, row)
    answer.resolve({ id: 3, title: '软件工程师' })
    expect(await saving).toBe(true)

    expect(dialog.busy).toBe(false)
    expect(dialog.open).toBe(false)
    expect(ElMessage).toHaveBeenCalledWith({ type: 'success', message: '已保存 #3' })
    expect(after).toHaveBeenCalledWith({ id: 3, title: '软件工程师' })
    expect(order).toEqual(['after closed'])
  })

  it('maps the server refusal onto the form and stays open', async () => {
    const after = vi.fn()
    const dialog = useFormDialog(() => Promise.reject(refusal({ credit_code: '统一社会信用代码校验位错误', city: '城市无效' })), { after })
    dialog.show({ credit_code: '91350100M000100Y44', city: '北京市' })
    expect(await dialog.save()).toBe(false)
    expect(dialog.fields).toEqual({ credit_code: '统一社会信用代码校验位错误', city: '城市无效' })
    expect(dialog.message).toBe('提交的内容有误')
    expect(dialog.open).toBe(true)
    expect(dialog.busy).toBe(false)
    expect(after).not.toHaveBeenCalled()
    expect(ElMessage).not.toHaveBeenCalled()
  })

  it('clears the last refusal before sending again', async () => {
    let fail = true
    const answer = deferred()
    const dialog = useFormDialog(() => (fail ? Promise.reject(refusal({ name: '名称不能为空' })) : answer.promise))
    dialog.show({ name: '' })
    await dialog.save()
    fail = false
    const saving = dialog.save()
    expect(dialog.fields).toEqual({})
    expect(dialog.message).toBe('')
    answer.resolve(null)
    await saving
    await nextTick()
    expect(dialog.open).toBe(false)
  })

  it('lets the page word the message', async () => {
    const dialog = useFormDialog(() => Promise.reject(new ApiError(mapError(409, { error: { code: 'conflict', message: '该人员本年度已登记', id: 42 } }))), {
      message: (err) => (err.id ? `${err.message}（已有记录编号 ${err.id}）` : err.message),
    })
    dialog.show({})
    await dialog.save()
    expect(dialog.message).toBe('该人员本年度已登记（已有记录编号 42）')
    expect(dialog.fields).toEqual({})
  })

  it('shows a network failure as a message without fields', async () => {
    const dialog = useFormDialog(() => Promise.reject(new ApiError(mapError(0, null))))
    dialog.show({})
    await dialog.save()
    expect(dialog.fields).toEqual({})
    expect(dialog.message).toBe('无法连接服务器，请检查网络后重试')
  })

  it('says above the form a reason for a field the form does not show', async () => {
    const dialog = useFormDialog(() => Promise.reject(refusal({ status: '招聘会尚未开始，不能登记为已举办', visitors: '不能为负数' })),
      { form: { visitors: -1 } })
    dialog.show()
    await dialog.save()
    expect(dialog.fields).toEqual({ visitors: '不能为负数' })
    expect(dialog.message).toBe('招聘会尚未开始，不能登记为已举办')
  })

  it('drops the message of a field once the field is changed', async () => {
    const dialog = useFormDialog(() => Promise.reject(refusal({ name: '名称不能为空', city: '请选择城市' })))
    dialog.show({ name: '', city: '' })
    await dialog.save()
    expect(Object.keys(dialog.fields).sort()).toEqual(['city', 'name'])
    dialog.form.name = '沈阳鼓风机集团'
    await nextTick()
    expect(dialog.fields).toEqual({ city: '请选择城市' })
  })
})
