import { describe, it, expect, vi, beforeEach } from 'vitest'
import { ElMessage, ElMessageBox } from 'element-plus'
import { useConfirmDelete } from './useConfirmDelete.js'
import { ApiError, mapError } from '../utils/errors.js'

vi.mock('element-plus', () => ({ ElMessage: vi.fn(), ElMessageBox: { confirm: vi.fn() } }))

beforeEach(() => {
  ElMessage.mockClear()
  ElMessageBox.confirm.mockReset()
})

const row = { id: 12, name: '沈阳鼓风机集团股份有限公司' }

function setup(request = vi.fn(async () => null)) {
  const after = vi.fn()
  const remove = useConfirmDelete({
    title: '删除用人单位',
    message: (r) => `确定删除“${r.name}”吗？`,
    request,
    after,
  })
  return { remove, request, after }
}

describe('useConfirmDelete', () => {
  it('asks in a confirm box with the row in the question', async () => {
    ElMessageBox.confirm.mockResolvedValue('confirm')
    const { remove } = setup()
    await remove(row)
    expect(ElMessageBox.confirm).toHaveBeenCalledWith('确定删除“沈阳鼓风机集团股份有限公司”吗？', '删除用人单位', expect.objectContaining({ type: 'warning', confirmButtonText: '确定', cancelButtonText: '取消' }))
  })

  it('changes nothing when the user cancels', async () => {
    ElMessageBox.confirm.mockRejectedValue('cancel')
    const { remove, request, after } = setup()
    expect(await remove(row)).toBe(false)
    expect(request).not.toHaveBeenCalled()
    expect(after).not.toHaveBeenCalled()
    expect(ElMessage).not.toHaveBeenCalled()
  })

  it('sends the change, says so and reloads', async () => {
    ElMessageBox.confirm.mockResolvedValue('confirm')
    const { remove, request, after } = setup()
    expect(await remove(row)).toBe(true)
    expect(request).toHaveBeenCalledWith(row)
    expect(ElMessage).toHaveBeenCalledWith({ type: 'success', message: '已删除' })
    expect(after).toHaveBeenCalledTimes(1)
    expect(request.mock.invocationCallOrder[0]).toBeLessThan(after.mock.invocationCallOrder[0])
  })

  it('shows the refusal and does not reload', async () => {
    ElMessageBox.confirm.mockResolvedValue('confirm')
    const refusal = new ApiError(mapError(409, { error: { code: 'conflict', message: '该单位已有岗位，不能删除' } }))
    const { remove, after } = setup(vi.fn(async () => { throw refusal }))
    expect(await remove(row)).toBe(false)
    expect(after).not.toHaveBeenCalled()
    expect(ElMessage).toHaveBeenCalledTimes(1)
    expect(ElMessage).toHaveBeenCalledWith(expect.objectContaining({ type: 'error', message: '该单位已有岗位，不能删除' }))
  })

  it('takes a fixed question and its own success message', async () => {
    ElMessageBox.confirm.mockResolvedValue('confirm')
    const request = vi.fn(async () => ({ status: 'cancelled' }))
    const remove = useConfirmDelete({ title: '取消招聘会', message: '确定取消吗？', request, done: '招聘会已取消' })
    expect(await remove()).toBe(true)
    expect(ElMessageBox.confirm).toHaveBeenCalledWith('确定取消吗？', '取消招聘会', expect.anything())
    expect(ElMessage).toHaveBeenCalledWith({ type: 'success', message: '招聘会已取消' })
  })
})
