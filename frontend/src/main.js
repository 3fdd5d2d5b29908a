import { createApp } from 'vue'
import 'element-plus/es/components/message/style/css'
import 'element-plus/es/components/message-box/style/css'
import 'element-plus/es/components/loading/style/css'
import './styles.css'
import './element-defaults.js'
import App from './App.vue'
import router from './router.js'
import { setUnauthenticatedHandler } from './api.js'
import { session, setUser } from './store.js'

// A 401 on any call means the session ended: forget the user and go to login, back here after.
setUnauthenticatedHandler(() => {
  const current = router.currentRoute.value
  const wasLoggedIn = !!session.user
  setUser(null)
  if (current.name !== 'login') {
    router.replace({ name: 'login', query: { redirect: current.fullPath, expired: wasLoggedIn ? '1' : undefined } })
  }
})

createApp(App).use(router).mount('#app')
