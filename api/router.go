package api

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"jobfair/handlers"
	"jobfair/models"
)

// Who may call a route.
var (
	Anonymous       = []string{}
	Anyone          = []string{models.RoleAdmin, models.RoleOfficial, models.RoleOrganiser, models.RoleEmployer}
	Readers         = []string{models.RoleAdmin, models.RoleOfficial, models.RoleOrganiser}
	Officials       = []string{models.RoleAdmin, models.RoleOfficial}
	VisitWriters    = []string{models.RoleAdmin, models.RoleOfficial, models.RoleOrganiser}
	Organisers      = []string{models.RoleAdmin, models.RoleOrganiser}
	JobWriters      = []string{models.RoleAdmin, models.RoleOrganiser, models.RoleEmployer}
	Employers       = []string{models.RoleEmployer}
	EmployerEditors = []string{models.RoleAdmin, models.RoleEmployer}
	Admins          = []string{models.RoleAdmin}
)

// maxJSONBody bounds every body but uploads.
const maxJSONBody = 1 << 20

// multipartRoom is what a multipart body may carry besides its file.
const multipartRoom = 64 << 10

// Route is one line of the route table.
type Route struct {
	Method  string
	Path    string
	Roles   []string // empty: anonymous
	Summary string
	Handler handlers.Func
	// MaxBody overrides the 1 MiB body limit (uploads).
	MaxBody int64
	// Raw marks an answer that is not JSON (a file, metrics).
	Raw bool
	// Heavy marks a route that may hold many rows in memory (an import or an
	// export): the heap is bounded while it runs.
	Heavy bool
	// Cached marks a read whose answer depends only on the caller, the URL
	// and the data: it is kept until the next write (see cache.go).
	Cached bool
}

// Routes is the whole table, grouped by who may call each route; record-level
// rules (own fair, own city, own employer) are checked by the store.
func Routes(h *handlers.Handler) []Route {
	const v1 = "/api/v1"
	uploadBody := h.Cfg.MaxUpload + multipartRoom
	return []Route{
		// Anonymous: operations, login and the public pages.
		{Method: "GET", Path: "/healthz", Roles: Anonymous, Summary: "健康检查", Handler: h.Health},
		{Method: "GET", Path: "/readyz", Roles: Anonymous, Summary: "就绪检查：数据库可用且迁移已完成", Handler: h.Ready},
		{Method: "POST", Path: v1 + "/auth/login", Roles: Anonymous, Summary: "登录", Handler: h.Login},
		{Method: "GET", Path: v1 + "/public/fairs", Roles: Anonymous, Summary: "公开：近期招聘会", Handler: h.PublicFairs, Cached: true},
		{Method: "GET", Path: v1 + "/public/fairs/:id", Roles: Anonymous, Summary: "公开：招聘会详情及参会单位岗位", Handler: h.PublicFair},
		{Method: "GET", Path: v1 + "/public/jobs", Roles: Anonymous, Summary: "公开：岗位搜索", Handler: h.PublicJobs, Cached: true},
		{Method: "GET", Path: v1 + "/public/jobs/:id", Roles: Anonymous, Summary: "公开：岗位详情（描述、联系方式、所属招聘会）", Handler: h.PublicJob},
		{Method: "GET", Path: v1 + "/public/fairs/:id/jobs", Roles: Anonymous, Summary: "公开：本场招聘会的岗位", Handler: h.PublicFairJobs},
		{Method: "POST", Path: v1 + "/public/fairs/:id/registrations", Roles: Anonymous, Summary: "公开：求职者报名招聘会，领取入场票", Handler: h.Register},
		{Method: "GET", Path: v1 + "/public/tickets/:ticket", Roles: Anonymous, Summary: "公开：入场票", Handler: h.Ticket},
		{Method: "GET", Path: v1 + "/public/tickets/:ticket/qr.png", Roles: Anonymous, Summary: "公开：入场票二维码（PNG）", Handler: h.TicketQR, Raw: true},
		{Method: "GET", Path: v1 + "/public/cities", Roles: Anonymous, Summary: "公开：城市列表", Handler: h.Cities},
		{Method: "GET", Path: v1 + "/public/programmes", Roles: Anonymous, Summary: "公开：专项活动列表", Handler: h.Programmes},
		{Method: "GET", Path: v1 + "/public/groups", Roles: Anonymous, Summary: "公开：人员类别列表", Handler: h.Groups},
		{Method: "GET", Path: v1 + "/public/educations", Roles: Anonymous, Summary: "公开：学历要求列表", Handler: h.Educations},

		// Any signed-in user: own account, reference data, reading fairs,
		// employers and jobs within the caller's scope.
		{Method: "POST", Path: v1 + "/auth/logout", Roles: Anyone, Summary: "退出登录", Handler: h.Logout},
		{Method: "GET", Path: v1 + "/me", Roles: Anyone, Summary: "当前用户", Handler: h.Me},
		{Method: "PATCH", Path: v1 + "/me/password", Roles: Anyone, Summary: "修改本人密码", Handler: h.ChangePassword},
		{Method: "GET", Path: v1 + "/cities", Roles: Anyone, Summary: "城市列表", Handler: h.Cities},
		{Method: "GET", Path: v1 + "/programmes", Roles: Anyone, Summary: "专项活动列表", Handler: h.Programmes},
		{Method: "GET", Path: v1 + "/groups", Roles: Anyone, Summary: "人员类别列表", Handler: h.Groups},
		{Method: "GET", Path: v1 + "/educations", Roles: Anyone, Summary: "学历要求列表", Handler: h.Educations},
		{Method: "GET", Path: v1 + "/fairs", Roles: Anyone, Summary: "招聘会列表", Handler: h.ListFairs, Cached: true},
		{Method: "GET", Path: v1 + "/fairs/:id", Roles: Anyone, Summary: "招聘会详情", Handler: h.GetFair},
		{Method: "GET", Path: v1 + "/fairs/:id/signups", Roles: Anyone, Summary: "招聘会报名列表", Handler: h.ListFairSignups},
		{Method: "GET", Path: v1 + "/signups", Roles: Anyone, Summary: "报名列表（用人单位：本单位）", Handler: h.ListSignups},
		{Method: "GET", Path: v1 + "/fairs/:id/intents", Roles: Anyone, Summary: "招聘会现场达成的意向（用人单位：本单位）", Handler: h.ListIntents},
		{Method: "POST", Path: v1 + "/fairs/:id/intents", Roles: JobWriters, Summary: "登记达成意向（扫描求职者入场票）", Handler: h.RecordIntent},
		{Method: "GET", Path: v1 + "/notifications", Roles: Anyone, Summary: "我的通知（未读在前）", Handler: h.ListNotifications},
		{Method: "GET", Path: v1 + "/notifications/unread", Roles: Anyone, Summary: "未读通知数", Handler: h.UnreadNotifications},
		{Method: "POST", Path: v1 + "/notifications/read", Roles: Anyone, Summary: "全部通知标为已读", Handler: h.ReadAllNotifications},
		{Method: "POST", Path: v1 + "/notifications/:id/read", Roles: Anyone, Summary: "通知标为已读", Handler: h.ReadNotification},
		{Method: "GET", Path: v1 + "/employers", Roles: Anyone, Summary: "用人单位列表", Handler: h.ListEmployers, Cached: true},
		{Method: "GET", Path: v1 + "/employers/:id", Roles: Anyone, Summary: "用人单位详情", Handler: h.GetEmployer},
		{Method: "GET", Path: v1 + "/jobs", Roles: Anyone, Summary: "岗位列表", Handler: h.ListJobs, Cached: true},
		{Method: "GET", Path: v1 + "/jobs/:id", Roles: Anyone, Summary: "岗位详情", Handler: h.GetJob},
		{Method: "GET", Path: v1 + "/jobs/template.csv", Roles: Anyone, Summary: "岗位导入模板（CSV）", Handler: h.JobTemplateCSV, Raw: true},
		{Method: "GET", Path: v1 + "/jobs/template.xlsx", Roles: Anyone, Summary: "岗位导入模板（Excel）", Handler: h.JobTemplateXLSX, Raw: true},
		{Method: "GET", Path: v1 + "/jobs/export.xlsx", Roles: Anyone, Summary: "导出岗位（Excel）", Handler: h.ExportJobs, Raw: true, Heavy: true},

		// Employers: sign up for fairs, keep their own record and vacancies.
		{Method: "POST", Path: v1 + "/fairs/:id/signups", Roles: Employers, Summary: "报名参加招聘会", Handler: h.CreateSignup},
		{Method: "PATCH", Path: v1 + "/employers/:id", Roles: EmployerEditors, Summary: "修改用人单位信息", Handler: h.UpdateEmployer},
		{Method: "POST", Path: v1 + "/jobs", Roles: JobWriters, Summary: "发布岗位", Handler: h.CreateJob},
		{Method: "PATCH", Path: v1 + "/jobs/:id", Roles: JobWriters, Summary: "修改岗位", Handler: h.UpdateJob},
		{Method: "DELETE", Path: v1 + "/jobs/:id", Roles: JobWriters, Summary: "撤下岗位", Handler: h.DeleteJob},

		// Organisers: fairs, sign-up decisions, employers, placements, imports.
		{Method: "POST", Path: v1 + "/fairs", Roles: Organisers, Summary: "登记招聘会", Handler: h.CreateFair},
		{Method: "PATCH", Path: v1 + "/fairs/:id", Roles: Organisers, Summary: "修改、关闭或取消招聘会", Handler: h.UpdateFair},
		{Method: "DELETE", Path: v1 + "/fairs/:id", Roles: Organisers, Summary: "删除招聘会", Handler: h.DeleteFair},
		{Method: "PATCH", Path: v1 + "/fairs/:id/signups/:signup_id", Roles: Organisers, Summary: "审核报名", Handler: h.DecideSignup},
		{Method: "POST", Path: v1 + "/employers", Roles: Organisers, Summary: "登记用人单位", Handler: h.CreateEmployer},
		{Method: "POST", Path: v1 + "/jobs/import", Roles: Organisers, Summary: "导入岗位（CSV/Excel，全部或全不）", Handler: h.ImportJobs, MaxBody: uploadBody, Heavy: true},
		{Method: "POST", Path: v1 + "/fairs/:id/checkins", Roles: Organisers, Summary: "招聘会入场签到（扫票或现场登记）", Handler: h.CheckIn},
		{Method: "POST", Path: v1 + "/signups/decisions", Roles: Organisers, Summary: "批量审核报名（全部或全不）", Handler: h.DecideSignups},
		{Method: "POST", Path: v1 + "/placements", Roles: Organisers, Summary: "登记就业", Handler: h.CreatePlacement},
		{Method: "DELETE", Path: v1 + "/placements/:id", Roles: Organisers, Summary: "删除就业登记", Handler: h.DeletePlacement},
		{Method: "POST", Path: v1 + "/placements/import", Roles: Organisers, Summary: "导入就业登记（CSV/Excel，全部或全不）", Handler: h.ImportPlacements, MaxBody: uploadBody, Heavy: true},

		// Readers of personal data: placements.
		{Method: "GET", Path: v1 + "/fairs/:id/registrations", Roles: Readers, Summary: "招聘会报名和签到人员（主办方可见完整手机号）", Handler: h.ListRegistrations},
		{Method: "GET", Path: v1 + "/placements", Roles: Readers, Summary: "就业登记列表（身份证号脱敏）", Handler: h.ListPlacements},
		{Method: "GET", Path: v1 + "/placements/:id", Roles: Readers, Summary: "就业登记详情", Handler: h.GetPlacement},
		{Method: "GET", Path: v1 + "/placements/template.csv", Roles: Readers, Summary: "就业登记导入模板（CSV）", Handler: h.PlacementTemplateCSV, Raw: true},
		{Method: "GET", Path: v1 + "/placements/template.xlsx", Roles: Readers, Summary: "就业登记导入模板（Excel）", Handler: h.PlacementTemplateXLSX, Raw: true},
		{Method: "GET", Path: v1 + "/placements/export.xlsx", Roles: Readers, Summary: "导出就业登记（Excel）", Handler: h.ExportPlacements, Raw: true, Heavy: true},

		// The graduate ledger: organisers and admins keep it, officials read it.
		{Method: "POST", Path: v1 + "/graduates", Roles: Organisers, Summary: "登记离校未就业高校毕业生", Handler: h.CreateGraduate},
		{Method: "GET", Path: v1 + "/graduates", Roles: Readers, Summary: "毕业生台账（身份证号、手机号脱敏）", Handler: h.ListGraduates},
		{Method: "GET", Path: v1 + "/graduates/attention", Roles: Readers, Summary: "需关注的毕业生人数", Handler: h.GraduateAttention},
		{Method: "GET", Path: v1 + "/graduates/:id", Roles: Readers, Summary: "毕业生详情（含回访、服务和就业）", Handler: h.GetGraduate},
		{Method: "DELETE", Path: v1 + "/graduates/:id", Roles: Organisers, Summary: "删除毕业生记录", Handler: h.DeleteGraduate},
		{Method: "POST", Path: v1 + "/graduates/:id/contacts", Roles: Organisers, Summary: "记录回访", Handler: h.AddContact},
		{Method: "POST", Path: v1 + "/graduates/:id/services", Roles: Organisers, Summary: "记录服务（1131）", Handler: h.AddService},
		{Method: "POST", Path: v1 + "/graduates/import", Roles: Organisers, Summary: "导入毕业生名单（CSV/Excel，全部或全不）", Handler: h.ImportGraduates, MaxBody: uploadBody, Heavy: true},
		{Method: "GET", Path: v1 + "/graduates/template.csv", Roles: Readers, Summary: "毕业生名单导入模板（CSV）", Handler: h.GraduateTemplateCSV, Raw: true},
		{Method: "GET", Path: v1 + "/graduates/template.xlsx", Roles: Readers, Summary: "毕业生名单导入模板（Excel）", Handler: h.GraduateTemplateXLSX, Raw: true},

		// Outreach visits: organisers and officials of the city record them, and read them.
		{Method: "POST", Path: v1 + "/visits", Roles: VisitWriters, Summary: "登记走访（送政策送岗位送服务）", Handler: h.CreateVisit},
		{Method: "GET", Path: v1 + "/visits", Roles: VisitWriters, Summary: "走访记录列表", Handler: h.ListVisits},
		{Method: "GET", Path: v1 + "/visits/:id", Roles: VisitWriters, Summary: "走访记录详情", Handler: h.GetVisit},
		{Method: "DELETE", Path: v1 + "/visits/:id", Roles: VisitWriters, Summary: "删除走访记录", Handler: h.DeleteVisit},
		{Method: "POST", Path: v1 + "/visits/import", Roles: VisitWriters, Summary: "导入走访记录（CSV/Excel，全部或全不）", Handler: h.ImportVisits, MaxBody: uploadBody, Heavy: true},
		{Method: "GET", Path: v1 + "/visits/template.csv", Roles: VisitWriters, Summary: "走访记录导入模板（CSV）", Handler: h.VisitTemplateCSV, Raw: true},
		{Method: "GET", Path: v1 + "/visits/template.xlsx", Roles: VisitWriters, Summary: "走访记录导入模板（Excel）", Handler: h.VisitTemplateXLSX, Raw: true},
		{Method: "GET", Path: v1 + "/visits/export.xlsx", Roles: VisitWriters, Summary: "导出走访记录（Excel）", Handler: h.ExportVisits, Raw: true, Heavy: true},

		// Officials: goals, rollups, reported figures, audit.
		{Method: "GET", Path: v1 + "/goals", Roles: Officials, Summary: "目标列表", Handler: h.ListGoals},
		{Method: "GET", Path: v1 + "/goals/:code/reports", Roles: Officials, Summary: "填报数据列表", Handler: h.ListReports},
		{Method: "POST", Path: v1 + "/goals/:code/reports", Roles: Officials, Summary: "填报月度数据", Handler: h.CreateReport},
		{Method: "GET", Path: v1 + "/goals/years", Roles: Officials, Summary: "有目标的年份", Handler: h.GoalYears},
		{Method: "GET", Path: v1 + "/reports", Roles: Officials, Summary: "填报数据（按年份、月份、城市、指标）", Handler: h.ListAllReports},
		{Method: "PUT", Path: v1 + "/reports/:period", Roles: Officials, Summary: "一次填报一个城市一个月的各项指标（全部或全不；更正需 correct）", Handler: h.SaveMonthReport},
		{Method: "GET", Path: v1 + "/reports/template.xlsx", Roles: Officials, Summary: "月度填报表（Excel，每项指标一行）", Handler: h.ReportTemplateXLSX, Raw: true},
		{Method: "POST", Path: v1 + "/reports/import", Roles: Officials, Summary: "导入月度填报表（全部或全不）", Handler: h.ImportReports, MaxBody: uploadBody, Heavy: true},
		{Method: "GET", Path: v1 + "/rollup", Roles: Officials, Summary: "年度目标完成情况", Handler: h.Rollup},
		{Method: "GET", Path: v1 + "/rollup/cities", Roles: Officials, Summary: "分城市完成情况", Handler: h.RollupCities},
		{Method: "GET", Path: v1 + "/rollup/months", Roles: Officials, Summary: "分月完成情况", Handler: h.RollupMonths},
		{Method: "GET", Path: v1 + "/rollup/groups", Roles: Officials, Summary: "就业人员类别构成", Handler: h.RollupGroups},
		{Method: "GET", Path: v1 + "/rollup/export.xlsx", Roles: Officials, Summary: "导出完成情况报表（Excel）", Handler: h.RollupExport, Raw: true},
		{Method: "GET", Path: v1 + "/audit", Roles: Officials, Summary: "审计日志", Handler: h.ListAudit},
		{Method: "GET", Path: v1 + "/periods", Roles: Officials, Summary: "月度上报与结账状态（城市主管部门：本市）", Handler: h.ListPeriods},
		{Method: "GET", Path: v1 + "/periods/overdue", Roles: Officials, Summary: "催报：未上报的月份及逾期天数、待结账的月份", Handler: h.OverdueMonths},
		{Method: "POST", Path: v1 + "/periods/:period/submit", Roles: Officials, Summary: "上报月份（本市主管部门、省级主管部门或管理员）", Handler: h.SubmitPeriod},
		{Method: "POST", Path: v1 + "/periods/:period/close", Roles: Officials, Summary: "月份结账（省级主管部门或管理员）", Handler: h.ClosePeriod},
		{Method: "POST", Path: v1 + "/periods/:period/return", Roles: Officials, Summary: "退回已上报的月份（需填写原因）", Handler: h.ReturnPeriod},
		{Method: "POST", Path: v1 + "/periods/:period/reopen", Roles: Officials, Summary: "重新打开已结账的月份（需填写原因）", Handler: h.ReopenPeriod},

		// Admins: accounts, goals, removing employers.
		{Method: "POST", Path: v1 + "/users", Roles: Admins, Summary: "创建用户", Handler: h.CreateUser},
		{Method: "GET", Path: v1 + "/users", Roles: Admins, Summary: "用户列表", Handler: h.ListUsers},
		{Method: "GET", Path: v1 + "/users/:id", Roles: Admins, Summary: "用户详情", Handler: h.GetUser},
		{Method: "PATCH", Path: v1 + "/users/:id", Roles: Admins, Summary: "修改用户（角色、城市、停用）", Handler: h.UpdateUser},
		{Method: "POST", Path: v1 + "/users/:id/password", Roles: Admins, Summary: "重置用户密码", Handler: h.ResetPassword},
		{Method: "POST", Path: v1 + "/goals", Roles: Admins, Summary: "新增目标（含城市目标）", Handler: h.CreateGoal},
		{Method: "POST", Path: v1 + "/goals/rollover", Roles: Admins, Summary: "沿用上一年度目标（含城市目标）", Handler: h.RolloverGoals},
		{Method: "PATCH", Path: v1 + "/goals/:code", Roles: Admins, Summary: "修改目标（路径参数为目标记录的 id）", Handler: h.UpdateGoal},
		{Method: "DELETE", Path: v1 + "/goals/:code", Roles: Admins, Summary: "删除分市目标（路径参数为目标记录的 id）", Handler: h.DeleteGoal},
		{Method: "DELETE", Path: v1 + "/employers/:id", Roles: Admins, Summary: "删除用人单位", Handler: h.DeleteEmployer},
	}
}

// Options configure the router.
type Options struct {
	// TrustedProxies are the addresses whose X-Forwarded-For is believed.
	TrustedProxies []string
	// Frontend serves the web app at / (nil: no frontend).
	Frontend http.FileSystem
	// Collectors are more metrics to serve at /metrics (scheduled backups).
	Collectors []prometheus.Collector
	// Metrics receives the request metrics (nil: a registry of its own, see
	// NewRegistry); serve it with MetricsHandler.
	Metrics *prometheus.Registry
	// MetricsToken, when set, opens /metrics on this router to callers that
	// present it as a bearer token. Unset, /metrics answers 404 here: the
	// figures are then served only on a separate address.
	MetricsToken string
}

// NewRegistry is a Prometheus registry with the Go runtime's and the
// process's collectors.
func NewRegistry() *prometheus.Registry {
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return reg
}

// MetricsHandler serves reg as Prometheus text; with a token, only to callers
// that send `Authorization: Bearer <token>` (others get 401).
func MetricsHandler(reg *prometheus.Registry, token string) http.Handler {
	h := promhttp.HandlerFor(reg, promhttp.HandlerOpts{})
	if token == "" {
		return h
	}
	want := sha256.Sum256([]byte("Bearer " + token))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got := sha256.Sum256([]byte(r.Header.Get("Authorization")))
		if subtle.ConstantTimeCompare(got[:], want[:]) != 1 {
			w.Header().Set("WWW-Authenticate", `Bearer realm="metrics"`)
			w.Header().Set("Content-Type", "application/json; charset=utf-8")
			w.WriteHeader(http.StatusUnauthorized)
			_ = json.NewEncoder(w).Encode(ErrorBody{ErrorDetail{Code: models.EUnauthenticated, Message: "需要指标访问令牌"}})
			return
		}
		h.ServeHTTP(w, r)
	})
}

// New builds the whole HTTP handler.
func New(h *handlers.Handler, opts Options) (*gin.Engine, error) {
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	r.HandleMethodNotAllowed = true
	r.RedirectTrailingSlash = false
	if err := r.SetTrustedProxies(opts.TrustedProxies); err != nil {
		return nil, err
	}
	reg := opts.Metrics
	if reg == nil {
		reg = NewRegistry()
	}
	reg.MustRegister(opts.Collectors...)
	m := newMetrics(reg)
	r.Use(requestID(), observe(h.Log, m), serverTiming(), recovery(h.Log), securityHeaders())

	routes := Routes(h)
	heap := &heapGuard{limit: heavyHeapLimit}
	answers := newAnswerCache(h.Store)
	for _, rt := range routes {
		chain := []gin.HandlerFunc{limitBody(max(rt.MaxBody, maxJSONBody)), checkParams()}
		if !safeMethod(rt.Method) {
			chain = append(chain, marksWrites(h.Store))
		}
		if len(rt.Roles) > 0 {
			chain = append(chain, authenticate(h, rt.Roles))
		}
		if rt.Cached {
			chain = append(chain, answers.serve())
		}
		if rt.Heavy {
			chain = append(chain, heap.guardHeap(rt.MaxBody > 0))
		}
		chain = append(chain, wrap(h.Log, rt.Handler))
		r.Handle(rt.Method, rt.Path, chain...)
	}
	if opts.MetricsToken != "" {
		r.GET("/metrics", gin.WrapH(MetricsHandler(reg, opts.MetricsToken)))
	} else {
		r.GET("/metrics", func(c *gin.Context) { abort(c, models.ENotFound, "没有这个接口") })
	}
	doc, err := OpenAPIJSON(routes)
	if err != nil {
		return nil, fmt.Errorf("openapi: %w", err)
	}
	r.GET("/api/openapi.json", func(c *gin.Context) { c.Data(http.StatusOK, "application/json; charset=utf-8", doc) })

	r.NoMethod(func(c *gin.Context) { abort(c, "method_not_allowed", "该路径不支持此请求方法") })
	r.NoRoute(frontend(opts.Frontend))
	return r, nil
}

// wrap turns a handler that returns its error into a gin handler.
func wrap(log *slog.Logger, fn handlers.Func) gin.HandlerFunc {
	return func(c *gin.Context) {
		if err := fn(c); err != nil {
			writeError(c, log, err)
		}
	}
}

// frontend serves the web app: a file when it exists, else index.html so that
// deep links work (history mode). Unknown API paths answer the envelope.
func frontend(fs http.FileSystem) gin.HandlerFunc {
	var files http.Handler
	if fs != nil {
		files = http.FileServer(fs)
	}
	return func(c *gin.Context) {
		p := c.Request.URL.Path
		if strings.HasPrefix(p, "/api/") || p == "/api" || fs == nil || !safeMethod(c.Request.Method) {
			abort(c, models.ENotFound, "没有这个接口")
			return
		}
		if p != "/" {
			if f, err := fs.Open(p); err == nil {
				st, _ := f.Stat()
				f.Close()
				if st != nil && !st.IsDir() {
					if strings.HasPrefix(p, "/assets/") {
						c.Header("Cache-Control", "public, max-age=31536000, immutable")
					}
					files.ServeHTTP(c.Writer, c.Request)
					return
				}
			}
		}
		f, err := fs.Open("/index.html")
		if err != nil {
			abort(c, models.ENotFound, "前端未构建")
			return
		}
		defer f.Close()
		st, _ := f.Stat()
		c.Header("Cache-Control", "no-cache")
		http.ServeContent(c.Writer, c.Request, "index.html", st.ModTime(), f)
	}
}
