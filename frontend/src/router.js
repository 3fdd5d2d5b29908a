import { createRouter, createWebHistory } from 'vue-router'
import { session, loadSession, homeOf } from './store.js'

const ALL = ['admin', 'official', 'organiser', 'employer']

const routes = [
  { path: '/', name: 'home', component: { render: () => null } },
  { path: '/login', name: 'login', component: () => import('./views/Login.vue'), meta: { title: '登录' } },
  {
    path: '/public',
    component: () => import('./layouts/PublicLayout.vue'),
    children: [
      { path: '', redirect: '/public/fairs' },
      { path: 'fairs', name: 'public-fairs', component: () => import('./views/public/PublicFairs.vue'), meta: { title: '招聘会' } },
      { path: 'fairs/:id', name: 'public-fair', component: () => import('./views/public/PublicFair.vue'), meta: { title: '招聘会详情' } },
      { path: 'jobs', name: 'public-jobs', component: () => import('./views/public/PublicJobs.vue'), meta: { title: '岗位搜索' } },
      { path: 'jobs/:id', name: 'public-job', component: () => import('./views/public/PublicJob.vue'), meta: { title: '岗位详情' } },
      { path: 'tickets/:ticket', name: 'public-ticket', component: () => import('./views/public/PublicTicket.vue'), meta: { title: '入场码' } },
    ],
  },
  { path: '/dashboard/print', name: 'dashboard-print', component: () => import('./views/DashboardPrint.vue'), meta: { auth: true, title: '打印报告', roles: ['admin', 'official'] } },
  { path: '/dashboard/screen', name: 'dashboard-screen', component: () => import('./views/DashboardScreen.vue'), meta: { auth: true, title: '大屏', roles: ['admin', 'official'] } },
  {
    path: '/',
    component: () => import('./layouts/AppLayout.vue'),
    meta: { auth: true },
    children: [
      { path: 'dashboard', name: 'dashboard', component: () => import('./views/Dashboard.vue'), meta: { title: '目标进度', roles: ['admin', 'official'] } },
      { path: 'fairs', name: 'fairs', component: () => import('./views/Fairs.vue'), meta: { title: '招聘会', roles: ['admin', 'official', 'organiser'] } },
      { path: 'fairs/new', name: 'fair-new', component: () => import('./views/FairEdit.vue'), meta: { title: '登记招聘会', roles: ['admin', 'organiser'] } },
      { path: 'fairs/:id', name: 'fair', component: () => import('./views/FairDetail.vue'), meta: { title: '招聘会详情', roles: ['admin', 'official', 'organiser'] } },
      { path: 'fairs/:id/checkin', name: 'fair-checkin', component: () => import('./views/FairCheckin.vue'), meta: { title: '现场签到', roles: ['admin', 'organiser'] } },
      { path: 'fairs/:id/booth', name: 'fair-booth', component: () => import('./views/FairBooth.vue'), meta: { title: '展位登记', roles: ['admin', 'organiser', 'employer'] } },
      { path: 'fairs/:id/edit', name: 'fair-edit', component: () => import('./views/FairEdit.vue'), meta: { title: '编辑招聘会', roles: ['admin', 'organiser'] } },
      { path: 'jobs', name: 'jobs', component: () => import('./views/Jobs.vue'), meta: { title: '岗位', roles: ['admin', 'official', 'organiser'] } },
      { path: 'employers', name: 'employers', component: () => import('./views/Employers.vue'), meta: { title: '用人单位', roles: ['admin', 'official', 'organiser'] } },
      { path: 'visits', name: 'visits', component: () => import('./views/Visits.vue'), meta: { title: '走访服务', roles: ['admin', 'official', 'organiser'] } },
      { path: 'placements', name: 'placements', component: () => import('./views/Placements.vue'), meta: { title: '就业登记', roles: ['admin', 'official', 'organiser'] } },
      { path: 'placements/:id', name: 'placement', component: () => import('./views/PlacementDetail.vue'), meta: { title: '就业登记详情', roles: ['admin', 'official', 'organiser'] } },
      { path: 'graduates', name: 'graduates', component: () => import('./views/Graduates.vue'), meta: { title: '毕业生台账', roles: ['admin', 'official', 'organiser'] } },
      { path: 'graduates/:id', name: 'graduate', component: () => import('./views/GraduateDetail.vue'), meta: { title: '毕业生详情', roles: ['admin', 'official', 'organiser'] } },
      { path: 'goals', name: 'goals', component: () => import('./views/Goals.vue'), meta: { title: '目标管理', roles: ['admin'] } },
      { path: 'periods', name: 'periods', component: () => import('./views/Periods.vue'), meta: { title: '月度结账', roles: ['admin', 'official'] } },
      { path: 'overdue', name: 'overdue', component: () => import('./views/Overdue.vue'), meta: { title: '催报', roles: ['admin', 'official'] } },
      { path: 'reports', name: 'reports', component: () => import('./views/Reports.vue'), meta: { title: '月度填报', roles: ['admin', 'official'] } },
      { path: 'users', name: 'users', component: () => import('./views/Users.vue'), meta: { title: '用户管理', roles: ['admin'] } },
      { path: 'audit', name: 'audit', component: () => import('./views/Audit.vue'), meta: { title: '审计日志', roles: ['admin', 'official'] } },
      { path: 'signups', name: 'signups', component: () => import('./views/Signups.vue'), meta: { title: '招聘会报名', roles: ['admin', 'official', 'organiser', 'employer'] } },
      { path: 'my/profile', name: 'my-profile', component: () => import('./views/employer/Profile.vue'), meta: { title: '单位信息', roles: ['employer'] } },
      { path: 'my/jobs', name: 'my-jobs', component: () => import('./views/employer/MyJobs.vue'), meta: { title: '我的岗位', roles: ['employer'] } },
      { path: 'account', name: 'account', component: () => import('./views/Account.vue'), meta: { title: '修改密码', roles: ALL } },
      { path: 'forbidden', name: 'forbidden', component: () => import('./views/Forbidden.vue'), meta: { title: '无权访问', roles: ALL } },
    ],
  },
  { path: '/:rest(.*)*', name: 'not-found', component: () => import('./views/NotFound.vue'), meta: { title: '页面不存在' } },
]

const router = createRouter({
  history: createWebHistory(),
  routes,
  scrollBehavior: () => ({ top: 0 }),
})

router.beforeEach(async (to) => {
  await loadSession()
  const user = session.user
  if (to.name === 'home') return homeOf(user)
  if (to.name === 'login' && user) return homeOf(user)
  if (to.matched.some((r) => r.meta.auth) && !user) {
    return { name: 'login', query: { redirect: to.fullPath } }
  }
  const roles = to.meta.roles
  if (roles && user && !roles.includes(user.role)) {
    return { name: 'forbidden', query: { from: to.fullPath } }
  }
  return true
})

router.afterEach((to) => {
  document.title = (to.meta.title ? to.meta.title + ' - ' : '') + '辽宁省就业招聘服务平台'
})

export default router
