import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'
import Components from 'unplugin-vue-components/vite'
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers'

const backend = process.env.JOBFAIR_BACKEND || 'http://127.0.0.1:8080'

export default defineConfig({
  plugins: [
    vue(),
    Components({
      dts: false,
      dirs: [],
      resolvers: [ElementPlusResolver({ importStyle: 'css' })],
    }),
  ],
  optimizeDeps: {
    // The component styles are imported on demand; bundling them up front spares the dev
    // server a reload the first time each page opens.
    include: ['element-plus/es', 'element-plus/es/components/**/style/css', '@element-plus/icons-vue', 'echarts/core', 'echarts/charts', 'echarts/components', 'echarts/renderers'],
  },
  server: {
    proxy: {
      '/api': { target: backend, changeOrigin: false },
      '/healthz': { target: backend, changeOrigin: false },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 900,
    rollupOptions: {
      output: {
        manualChunks(id) {
          if (!id.includes('node_modules')) return undefined
          // The QR reader is loaded only when a camera is opened for scanning.
          if (id.includes('@zxing') || id.includes('ts-custom-error')) return undefined
          if (id.includes('echarts') || id.includes('zrender')) return 'echarts'
          if (id.includes('element-plus') || id.includes('@element-plus') || id.includes('@vueuse') || id.includes('@floating-ui') || id.includes('dayjs') || id.includes('lodash')) return 'element-plus'
          return 'vendor'
        },
      },
    },
  },
  test: {
    include: ['src/**/*.test.js', 'tests/unit/**/*.test.js'],
    environment: 'node',
  },
})
