import { describe, it, expect } from 'vitest'
import { ElSelect } from 'element-plus/es'
import './element-defaults.js'

describe('Element Plus defaults', () => {
  it('mounts a select\'s dropdown only when it is opened', () => {
    expect(ElSelect.props.persistent.default).toBe(false)
  })
})
