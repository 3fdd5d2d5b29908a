package api

import (
	"net/http"

	"jobfair/handlers"
	"jobfair/models"
)

// Contract is what one route takes and answers: the types the document's
// schemas are generated from. It stands beside the route table rather than
// in it, so that the table stays one screen of who may call what.
type Contract struct {
	// In is the JSON body the handler binds (a value of its type); nil: none.
	In any
	// Upload marks a multipart/form-data body with the file in field "file".
	Upload bool
	// Query is a struct whose json-tagged fields are the query parameters.
	Query any
	// Out is the JSON answer (a value of its type); nil for a file or no body.
	Out any
	// Status is the status of success; 0 is 200.
	Status int
	// Errors are the error statuses this route answers beyond those of its
	// kind (see errorStatuses).
	Errors []int
}

// Contracts maps "METHOD path" of every route in the table to its contract.
// A route without one makes the document, and so the router, fail to build.
var Contracts = map[string]Contract{
	"GET /healthz":                                {Out: handlers.Health{}, Errors: []int{http.StatusServiceUnavailable}},
	"GET /readyz":                                 {Out: handlers.Health{}, Errors: []int{http.StatusServiceUnavailable}},
	"POST /api/v1/auth/login":                     {In: handlers.LoginRequest{}, Out: handlers.LoginResult{}, Errors: []int{http.StatusUnauthorized, http.StatusTooManyRequests}},
	"GET /api/v1/public/fairs":                    {Query: publicFairQuery{}, Out: handlers.List[models.PublicFair]{}},
	"GET /api/v1/public/fairs/:id":                {Out: models.PublicFairView{}},
	"GET /api/v1/public/fairs/:id/jobs":           {Query: pageQuery{}, Out: handlers.List[models.Job]{}},
	"GET /api/v1/public/jobs/:id":                 {Out: models.PublicJobView{}},
	"POST /api/v1/public/fairs/:id/registrations": {In: models.RegistrationInput{}, Out: models.Registered{}, Status: http.StatusCreated, Errors: []int{http.StatusConflict}},
	"GET /api/v1/public/tickets/:ticket":          {Out: models.TicketInfo{}},
	"GET /api/v1/public/tickets/:ticket/qr.png":   {},
	"POST /api/v1/fairs/:id/checkins":             {In: models.CheckinInput{}, Out: models.Checkin{}, Status: http.StatusCreated, Errors: []int{http.StatusConflict}},
	"GET /api/v1/fairs/:id/registrations":         {Query: registrationQuery{}, Out: handlers.List[models.Registration]{}},
	"POST /api/v1/fairs/:id/intents":              {In: models.IntentInput{}, Out: models.Intent{}, Status: http.StatusCreated, Errors: []int{http.StatusConflict}},
	"GET /api/v1/fairs/:id/intents":               {Query: pageQuery{}, Out: handlers.List[models.Intent]{}},
	"POST /api/v1/signups/decisions":              {In: models.SignupBatch{}, Out: handlers.SignupDecisions{}},
	"GET /api/v1/notifications":                   {Query: pageQuery{}, Out: handlers.List[models.Notification]{}},
	"GET /api/v1/notifications/unread":            {Out: models.UnreadNotifications{}},
	"POST /api/v1/notifications/read":             {Status: http.StatusNoContent},
	"POST /api/v1/notifications/:id/read":         {Status: http.StatusNoContent},
	"GET /api/v1/public/jobs":                     {Query: publicJobQuery{}, Out: handlers.List[models.Job]{}},
	"GET /api/v1/public/cities":                   {Out: handlers.Catalogue[models.City]{}},
	"GET /api/v1/public/programmes":               {Out: handlers.Catalogue[models.Label]{}},
	"GET /api/v1/public/groups":                   {Out: handlers.Catalogue[models.Label]{}},
	"GET /api/v1/public/educations":               {Out: handlers.Catalogue[models.Label]{}},
	"POST /api/v1/auth/logout":                    {Status: http.StatusNoContent},
	"GET /api/v1/me":                              {Out: models.User{}},
	"PATCH /api/v1/me/password":                   {In: handlers.PasswordChange{}, Status: http.StatusNoContent},
	"GET /api/v1/cities":                          {Out: handlers.Catalogue[models.City]{}},
	"GET /api/v1/programmes":                      {Out: handlers.Catalogue[models.Label]{}},
	"GET /api/v1/groups":                          {Out: handlers.Catalogue[models.Label]{}},
	"GET /api/v1/educations":                      {Out: handlers.Catalogue[models.Label]{}},
	"GET /api/v1/fairs":                           {Query: fairQuery{}, Out: handlers.List[models.Fair]{}},
	"GET /api/v1/fairs/:id":                       {Out: models.Fair{}},
	"GET /api/v1/fairs/:id/signups":               {Query: pageQuery{}, Out: handlers.List[models.Signup]{}},
	"GET /api/v1/signups":                         {Query: signupQuery{}, Out: handlers.List[models.Signup]{}},
	"GET /api/v1/employers":                       {Query: employerQuery{}, Out: handlers.List[models.Employer]{}},
	"GET /api/v1/employers/:id":                   {Out: models.Employer{}},
	"GET /api/v1/jobs":                            {Query: jobQuery{}, Out: handlers.List[models.Job]{}},
	"GET /api/v1/jobs/:id":                        {Out: models.Job{}},
	"GET /api/v1/jobs/template.csv":               {},
	"GET /api/v1/jobs/template.xlsx":              {},
	"GET /api/v1/jobs/export.xlsx":                {Query: jobFilterQuery{}},
	"POST /api/v1/fairs/:id/signups":              {Out: models.Signup{}, Status: http.StatusCreated},
	"PATCH /api/v1/employers/:id":                 {In: models.EmployerPatch{}, Out: models.Employer{}},
	"POST /api/v1/jobs":                           {In: models.JobInput{}, Out: models.Job{}, Status: http.StatusCreated},
	"PATCH /api/v1/jobs/:id":                      {In: models.JobPatch{}, Out: models.Job{}},
	"DELETE /api/v1/jobs/:id":                     {Status: http.StatusNoContent},
	"POST /api/v1/fairs":                          {In: models.FairInput{}, Out: models.Fair{}, Status: http.StatusCreated},
	"PATCH /api/v1/fairs/:id":                     {In: models.FairPatch{}, Out: models.Fair{}},
	"DELETE /api/v1/fairs/:id":                    {Status: http.StatusNoContent},
	"PATCH /api/v1/fairs/:id/signups/:signup_id":  {In: models.SignupDecisionInput{}, Out: models.Signup{}},
	"POST /api/v1/employers":                      {In: models.EmployerInput{}, Out: models.Employer{}, Status: http.StatusCreated},
	"POST /api/v1/jobs/import":                    {Upload: true, Out: handlers.Imported{}, Status: http.StatusCreated},
	"POST /api/v1/placements":                     {In: models.PlacementInput{}, Out: models.Placement{}, Status: http.StatusCreated},
	"DELETE /api/v1/placements/:id":               {Status: http.StatusNoContent},
	"POST /api/v1/placements/import":              {Upload: true, Out: handlers.Imported{}, Status: http.StatusCreated},
	"GET /api/v1/placements":                      {Query: placementQuery{}, Out: handlers.List[models.Placement]{}},
	"GET /api/v1/placements/:id":                  {Out: models.Placement{}},
	"GET /api/v1/placements/template.csv":         {},
	"GET /api/v1/placements/template.xlsx":        {},
	"GET /api/v1/placements/export.xlsx":          {Query: placementFilterQuery{}},
	"POST /api/v1/graduates":                      {In: models.GraduateInput{}, Out: models.Graduate{}, Status: http.StatusCreated},
	"GET /api/v1/graduates":                       {Query: graduateQuery{}, Out: handlers.List[models.Graduate]{}},
	"GET /api/v1/graduates/attention":             {Query: attentionQuery{}, Out: models.GraduateAttention{}},
	"GET /api/v1/graduates/:id":                   {Out: models.GraduateDetail{}},
	"DELETE /api/v1/graduates/:id":                {Status: http.StatusNoContent},
	"POST /api/v1/graduates/:id/contacts":         {In: models.ContactInput{}, Out: models.GraduateContact{}, Status: http.StatusCreated},
	"POST /api/v1/graduates/:id/services":         {In: models.ServiceInput{}, Out: models.GraduateService{}, Status: http.StatusCreated},
	"POST /api/v1/graduates/import":               {Upload: true, Out: handlers.Imported{}, Status: http.StatusCreated},
	"GET /api/v1/graduates/template.csv":          {},
	"GET /api/v1/graduates/template.xlsx":         {},
	"POST /api/v1/visits":                         {In: models.VisitInput{}, Out: models.Visit{}, Status: http.StatusCreated},
	"GET /api/v1/visits":                          {Query: visitQuery{}, Out: handlers.List[models.Visit]{}},
	"GET /api/v1/visits/:id":                      {Out: models.Visit{}},
	"DELETE /api/v1/visits/:id":                   {Status: http.StatusNoContent},
	"POST /api/v1/visits/import":                  {Upload: true, Out: handlers.Imported{}, Status: http.StatusCreated},
	"GET /api/v1/visits/template.csv":             {},
	"GET /api/v1/visits/template.xlsx":            {},
	"GET /api/v1/visits/export.xlsx":              {Query: visitFilterQuery{}},
	"GET /api/v1/goals":                           {Query: goalQuery{}, Out: handlers.List[models.Goal]{}},
	"GET /api/v1/goals/:code/reports":             {Query: reportQuery{}, Out: handlers.List[models.GoalReport]{}},
	"POST /api/v1/goals/:code/reports": {In: models.ReportInput{}, Out: models.GoalReport{},
		Status: http.StatusCreated},
	"GET /api/v1/goals/years":             {Out: handlers.GoalYears{}},
	"GET /api/v1/reports":                 {Query: reportListQuery{}, Out: handlers.List[models.GoalReport]{}},
	"PUT /api/v1/reports/:period":         {In: models.MonthReport{}, Out: handlers.MonthReportResult{}},
	"GET /api/v1/reports/template.xlsx":   {Query: reportFormQuery{}, Errors: []int{http.StatusUnprocessableEntity}},
	"POST /api/v1/reports/import":         {Upload: true, Query: reportImportQuery{}, Out: handlers.Imported{}, Status: http.StatusCreated},
	"GET /api/v1/periods/overdue":         {Out: handlers.OverdueList{}},
	"POST /api/v1/goals/rollover":         {In: models.Rollover{}, Out: models.RolloverResult{}, Status: http.StatusCreated},
	"GET /api/v1/rollup":                  {Query: rollupQuery{}, Out: models.Rollup{}, Errors: asOfChecked},
	"GET /api/v1/rollup/cities":           {Query: breakdownQuery{}, Out: models.CityRollup{}, Errors: goalLooked},
	"GET /api/v1/rollup/months":           {Query: breakdownQuery{}, Out: models.MonthRollup{}, Errors: goalLooked},
	"GET /api/v1/rollup/groups":           {Query: rollupQuery{}, Out: models.GroupRollup{}, Errors: asOfChecked},
	"GET /api/v1/rollup/export.xlsx":      {Query: rollupQuery{}, Errors: asOfChecked},
	"GET /api/v1/audit":                   {Query: auditQuery{}, Out: handlers.List[models.AuditEntry]{}},
	"GET /api/v1/periods":                 {Query: periodQuery{}, Out: handlers.PeriodList{}, Errors: []int{http.StatusUnprocessableEntity}},
	"POST /api/v1/periods/:period/submit": {In: models.PeriodMove{}, Out: models.Period{}},
	"POST /api/v1/periods/:period/close":  {In: models.PeriodMove{}, Out: models.Period{}},
	"POST /api/v1/periods/:period/return": {In: models.PeriodMove{}, Out: models.Period{}},
	"POST /api/v1/periods/:period/reopen": {In: models.PeriodMove{}, Out: models.Period{}},
	"POST /api/v1/users":                  {In: models.NewUser{}, Out: models.User{}, Status: http.StatusCreated},
	"GET /api/v1/users":                   {Query: userQuery{}, Out: handlers.List[models.User]{}},
	"GET /api/v1/users/:id":               {Out: models.User{}},
	"PATCH /api/v1/users/:id":             {In: models.UserPatch{}, Out: models.User{}},
	"POST /api/v1/users/:id/password":     {In: handlers.PasswordReset{}, Status: http.StatusNoContent},
	"POST /api/v1/goals":                  {In: models.GoalInput{}, Out: models.Goal{}, Status: http.StatusCreated},
	"PATCH /api/v1/goals/:code":           {In: models.GoalPatch{}, Out: models.Goal{}},
	"DELETE /api/v1/goals/:code":          {Status: http.StatusNoContent, Errors: []int{http.StatusConflict}},
	"DELETE /api/v1/employers/:id":        {Status: http.StatusNoContent},
}

// A rollup judges as_of against its year (422); a breakdown also looks its
// goal up (404).
var (
	asOfChecked = []int{http.StatusUnprocessableEntity}
	goalLooked  = []int{http.StatusUnprocessableEntity, http.StatusNotFound}
)

// The query parameters of the lists, as the handlers read them (handlers'
// query helper): the validate tags say what the handler accepts, doc tags
// what a parameter means.

type pageQuery struct {
	Page     int `json:"page" validate:"omitempty,min=1,max=1000000" doc:"页码，从1开始（默认1）"`
	PageSize int `json:"page_size" validate:"omitempty,min=1,max=500" doc:"每页条数（默认50，最多500）"`
}

type fairFilterQuery struct {
	Year      int         `json:"year" validate:"omitempty,min=2000,max=2100" doc:"开始日期所在年份"`
	City      string      `json:"city" validate:"omitempty,city" doc:"城市"`
	Programme string      `json:"programme" validate:"omitempty,programme" doc:"专项活动代码"`
	Status    string      `json:"status" validate:"omitempty,oneof=planned held cancelled" doc:"状态"`
	Kind      string      `json:"kind" validate:"omitempty,fair_kind" doc:"招聘会类型：special 专场，general 综合"`
	Q         string      `json:"q" doc:"标题或地点包含的文字；多个词用空格分隔，须全部匹配"`
	From      models.Date `json:"from" doc:"开始日期不早于（含）"`
	To        models.Date `json:"to" doc:"开始日期不晚于（含）"`
}

type fairQuery struct {
	fairFilterQuery
	pageQuery
}

type publicFairQuery struct {
	Year      int         `json:"year" validate:"omitempty,min=2000,max=2100" doc:"开始日期所在年份"`
	City      string      `json:"city" validate:"omitempty,city" doc:"城市"`
	Programme string      `json:"programme" validate:"omitempty,programme" doc:"专项活动代码"`
	Status    string      `json:"status" validate:"omitempty,oneof=planned held" doc:"状态"`
	Kind      string      `json:"kind" validate:"omitempty,fair_kind" doc:"招聘会类型：special 专场，general 综合"`
	Q         string      `json:"q" doc:"标题或地点包含的文字；多个词用空格分隔，须全部匹配"`
	From      models.Date `json:"from" doc:"开始日期不早于（含）；不给 year 和 from 时为今天"`
	To        models.Date `json:"to" doc:"开始日期不晚于（含）"`
	pageQuery
}

type signupQuery struct {
	Status string `json:"status" validate:"omitempty,oneof=pending approved declined" doc:"审核状态"`
	pageQuery
}

type employerQuery struct {
	City string `json:"city" validate:"omitempty,city" doc:"城市"`
	Q    string `json:"q" doc:"名称包含的文字，或完整的统一社会信用代码；多个词用空格分隔，须全部匹配"`
	pageQuery
}

type publicJobFilterQuery struct {
	Year         int         `json:"year" validate:"omitempty,min=2000,max=2100" doc:"发布日期所在年份"`
	City         string      `json:"city" validate:"omitempty,city" doc:"城市"`
	ForGraduates *bool       `json:"for_graduates" doc:"是否面向高校毕业生"`
	Education    string      `json:"education" validate:"omitempty,education" doc:"学历要求代码"`
	Q            string      `json:"q" doc:"岗位名称或用人单位包含的文字；多个词用空格分隔，须全部匹配"`
	From         models.Date `json:"from" doc:"发布日期不早于（含）"`
	To           models.Date `json:"to" doc:"发布日期不晚于（含）"`
}

type publicJobQuery struct {
	publicJobFilterQuery
	pageQuery
}

type jobFilterQuery struct {
	publicJobFilterQuery
	EmployerID int64 `json:"employer_id" validate:"omitempty,min=1" doc:"用人单位编号"`
	FairID     int64 `json:"fair_id" validate:"omitempty,min=1" doc:"招聘会编号"`
}

type jobQuery struct {
	jobFilterQuery
	pageQuery
}

type placementFilterQuery struct {
	Year       int         `json:"year" validate:"omitempty,min=2000,max=2100" doc:"就业日期所在年份"`
	City       string      `json:"city" validate:"omitempty,city" doc:"城市"`
	Group      string      `json:"group" validate:"omitempty,group" doc:"人员类别代码"`
	EmployerID int64       `json:"employer_id" validate:"omitempty,min=1" doc:"用人单位编号"`
	FairID     int64       `json:"fair_id" validate:"omitempty,min=1" doc:"招聘会编号"`
	JobID      int64       `json:"job_id" validate:"omitempty,min=1" doc:"岗位编号"`
	Q          string      `json:"q" doc:"姓名包含的文字，或完整的18位身份证号（按其散列查找）；多个词用空格分隔，须全部匹配"`
	From       models.Date `json:"from" doc:"就业日期不早于（含）"`
	To         models.Date `json:"to" doc:"就业日期不晚于（含）"`
}

type visitFilterQuery struct {
	Year int         `json:"year" validate:"omitempty,min=2000,max=2100" doc:"走访日期所在年份"`
	City string      `json:"city" validate:"omitempty,city" doc:"城市"`
	Kind string      `json:"kind" validate:"omitempty,visit_kind" doc:"走访对象类型"`
	Item string      `json:"item" validate:"omitempty,visit_item" doc:"送去的内容（政策、岗位、服务）"`
	From models.Date `json:"from" doc:"走访日期不早于（含）"`
	To   models.Date `json:"to" doc:"走访日期不晚于（含）"`
}

type graduateQuery struct {
	Year        int         `json:"year" validate:"omitempty,min=2000,max=2100" doc:"毕业年份"`
	City        string      `json:"city" validate:"omitempty,city" doc:"城市"`
	Status      string      `json:"status" validate:"omitempty,oneof=registered followed_up served employed" doc:"状态：registered 已登记，followed_up 已回访，served 已服务，employed 已就业"`
	NeedyFamily *bool       `json:"needy_family" doc:"是否困难家庭"`
	WantsJob    *bool       `json:"wants_job" doc:"是否有就业意愿"`
	Attention   string      `json:"attention" validate:"omitempty,oneof=unreached needy_unemployed incomplete_1131" doc:"需关注：unreached 登记30天仍未联系上，needy_unemployed 困难家庭有就业意愿未就业，incomplete_1131 未就业且1131服务未完成"`
	Q           string      `json:"q" doc:"姓名包含的文字，或完整的18位身份证号（按其散列查找）；多个词用空格分隔，须全部匹配"`
	From        models.Date `json:"from" doc:"登记日期不早于（含）"`
	To          models.Date `json:"to" doc:"登记日期不晚于（含）"`
	pageQuery
}

type registrationQuery struct {
	CheckedIn *bool  `json:"checked_in" doc:"是否已签到"`
	Q         string `json:"q" doc:"姓名包含的文字，或完整的手机号"`
	pageQuery
}

type attentionQuery struct {
	Year int    `json:"year" validate:"omitempty,min=2000,max=2100" doc:"毕业年份"`
	City string `json:"city" validate:"omitempty,city" doc:"城市"`
}

type visitQuery struct {
	visitFilterQuery
	pageQuery
}

type placementQuery struct {
	placementFilterQuery
	pageQuery
}

type goalQuery struct {
	Year  int    `json:"year" validate:"omitempty,min=2000,max=2100" doc:"该年份有效的目标"`
	Scope string `json:"scope" validate:"omitempty,scope" doc:"范围：province 或城市名"`
	pageQuery
}

type periodQuery struct {
	Year int    `json:"year" validate:"omitempty,min=2000,max=2100" doc:"年份（默认今年）；列出该年截至本月的每个城市月份"`
	City string `json:"city" validate:"omitempty,city" doc:"城市（城市主管部门只能查看本市）"`
}

type reportQuery struct {
	Year int    `json:"year" validate:"omitempty,min=2000,max=2100" doc:"期间所在年份"`
	City string `json:"city" validate:"omitempty,city" doc:"城市"`
	pageQuery
}

type reportListQuery struct {
	Year   int    `json:"year" validate:"omitempty,min=2000,max=2100" doc:"期间所在年份"`
	Period string `json:"period" doc:"月份 YYYY-MM"`
	City   string `json:"city" validate:"omitempty,city" doc:"城市（不填：可见的各市及全省）"`
	Goal   string `json:"goal" doc:"目标代码"`
	pageQuery
}

type reportFormQuery struct {
	Period string `json:"period" doc:"月份 YYYY-MM"`
	City   string `json:"city" validate:"omitempty,city" doc:"城市（不填：全省本级数据）"`
}

type reportImportQuery struct {
	reportFormQuery
	Correct *bool `json:"correct" doc:"true：与已填报数值不同的指标按更正处理（保留原值）"`
}

type rollupQuery struct {
	Year int         `json:"year" validate:"omitempty,min=2000,max=2100" doc:"年份（默认今年）"`
	AsOf models.Date `json:"as_of" doc:"截至日期（默认今天，不晚于该年最后一天）"`
	City string      `json:"city" validate:"omitempty,city" doc:"城市（默认全省；城市用户为本市）"`
}

type breakdownQuery struct {
	rollupQuery
	Goal string `json:"goal" doc:"目标代码"`
}

type auditQuery struct {
	Action     string      `json:"action" doc:"操作"`
	RecordType string      `json:"record_type" doc:"记录类型"`
	RecordID   int64       `json:"record_id" validate:"omitempty,min=1" doc:"记录编号"`
	UserID     int64       `json:"user_id" validate:"omitempty,min=1" doc:"操作用户编号"`
	City       string      `json:"city" validate:"omitempty,city" doc:"城市"`
	From       models.Date `json:"from" doc:"日期不早于（含）"`
	To         models.Date `json:"to" doc:"日期不晚于（含）"`
	pageQuery
}

type userQuery struct {
	Role string `json:"role" validate:"omitempty,role" doc:"角色"`
	City string `json:"city" validate:"omitempty,city" doc:"城市"`
	Q    string `json:"q" doc:"用户名或所属机构包含的文字；多个词用空格分隔，须全部匹配"`
	pageQuery
}
