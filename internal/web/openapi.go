package web

import (
	"encoding/json"
	"net/http"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"sync"
	"time"

	"duban/internal/duban"
	"duban/internal/store"
)

// operation documents one route of the API.
type operation struct {
	Summary string
	Tag     string
	Query   []string // query parameter names
	Body    any      // request body type, or nil
	Result  any      // response body type, or nil for 204
	Status  int      // success status; 200 when 0
}

// operations documents every API route. A test checks that it names
// exactly the registered routes.
var operations = map[string]operation{
	"GET /api/v1/openapi.json":                        {Summary: "本 API 的 OpenAPI 3 文档", Tag: "meta", Result: map[string]any{}},
	"POST /api/v1/auth/login":                         {Summary: "登录，取得 Bearer 令牌", Tag: "auth", Body: loginRequest{}, Result: loginResponse{}},
	"POST /api/v1/auth/logout":                        {Summary: "注销当前令牌", Tag: "auth", Status: 204},
	"GET /api/v1/me":                                  {Summary: "当前用户", Tag: "auth", Result: duban.Principal{}},
	"GET /api/v1/audit":                               {Summary: "审计日志（新的在前；按对象、操作者、动作或动作类别、起止日期筛选）", Tag: "audit", Query: []string{"target_type", "target_id", "actor", "action", "from", "to", "cursor", "limit"}, Result: duban.List[duban.AuditEvent]{}},
	"GET /api/v1/units":                               {Summary: "单位列表", Tag: "units", Query: []string{"parent", "q", "cursor", "limit"}, Result: duban.List[duban.Unit]{}},
	"POST /api/v1/units":                              {Summary: "创建单位", Tag: "units", Body: unitRequest{}, Result: duban.Unit{}, Status: 201},
	"GET /api/v1/units/{id}":                          {Summary: "单位详情", Tag: "units", Result: duban.Unit{}},
	"PATCH /api/v1/units/{id}":                        {Summary: "修改单位", Tag: "units", Body: duban.UnitUpdate{}, Result: duban.Unit{}},
	"GET /api/v1/users":                               {Summary: "用户列表", Tag: "users", Query: []string{"unit", "role", "q", "cursor", "limit"}, Result: duban.List[duban.User]{}},
	"POST /api/v1/users":                              {Summary: "创建用户", Tag: "users", Body: userRequest{}, Result: duban.User{}, Status: 201},
	"GET /api/v1/users/{id}":                          {Summary: "用户详情", Tag: "users", Result: duban.User{}},
	"PATCH /api/v1/users/{id}":                        {Summary: "修改用户", Tag: "users", Body: duban.UserUpdate{}, Result: duban.User{}},
	"POST /api/v1/users/{id}/unlock":                  {Summary: "解除账号因登录失败而设的锁定（安全管理员）", Tag: "users", Status: 204},
	"GET /api/v1/sources":                             {Summary: "问题来源列表", Tag: "sources", Query: []string{"kind", "q", "cursor", "limit"}, Result: duban.List[duban.Source]{}},
	"POST /api/v1/sources":                            {Summary: "登记问题来源", Tag: "sources", Body: sourceRequest{}, Result: duban.Source{}, Status: 201},
	"GET /api/v1/sources/{id}":                        {Summary: "问题来源详情", Tag: "sources", Result: duban.Source{}},
	"PATCH /api/v1/sources/{id}":                      {Summary: "修改问题来源", Tag: "sources", Body: duban.SourceUpdate{}, Result: duban.Source{}},
	"GET /api/v1/plans":                               {Summary: "整改方案列表", Tag: "plans", Query: []string{"owner", "source", "status", "q", "cursor", "limit"}, Result: duban.List[duban.Plan]{}},
	"POST /api/v1/plans":                              {Summary: "创建整改方案", Tag: "plans", Body: planRequest{}, Result: duban.Plan{}, Status: 201},
	"GET /api/v1/plans/{id}":                          {Summary: "整改方案详情", Tag: "plans", Result: duban.Plan{}},
	"PATCH /api/v1/plans/{id}":                        {Summary: "修改整改方案", Tag: "plans", Body: duban.PlanUpdate{}, Result: duban.Plan{}},
	"GET /api/v1/plans/{id}/tree":                     {Summary: "方案条目树及汇总（超过 5000 个分办事项的方案请逐层获取）", Tag: "plans", Query: []string{"asof"}, Result: duban.Tree{}},
	"GET /api/v1/plans/{id}/tree/level":               {Summary: "方案条目树的一层：条目的下级条目（含汇总）和一页举措", Tag: "plans", Query: []string{"node", "asof", "cursor", "limit"}, Result: duban.TreeLevel{}},
	"GET /api/v1/plans/{id}/stats":                    {Summary: "按方面、按单位的状态统计", Tag: "plans", Query: []string{"asof"}, Result: duban.Stats{}},
	"GET /api/v1/plans/{id}/dashboard":                {Summary: "挂图作战的数字：卡片、灯色、红灯清单、排名、图表计数（asof：按该日日终的状态）", Tag: "plans", Query: []string{"asof"}, Result: store.Dashboard{}},
	"GET /api/v1/nodes":                               {Summary: "条目列表（方面、问题、具体问题）", Tag: "nodes", Query: []string{"plan", "parent", "kind", "cursor", "limit"}, Result: duban.List[duban.Node]{}},
	"POST /api/v1/nodes":                              {Summary: "新增条目", Tag: "nodes", Body: nodeRequest{}, Result: duban.Node{}, Status: 201},
	"GET /api/v1/nodes/{id}":                          {Summary: "条目详情", Tag: "nodes", Result: duban.Node{}},
	"PATCH /api/v1/nodes/{id}":                        {Summary: "修改条目", Tag: "nodes", Body: duban.NodeUpdate{}, Result: duban.Node{}},
	"GET /api/v1/tasks":                               {Summary: "整改举措列表", Tag: "tasks", Query: []string{"plan", "node", "unit", "q", "cursor", "limit"}, Result: duban.List[duban.Task]{}},
	"POST /api/v1/tasks":                              {Summary: "新增整改举措（并为各责任单位生成分办）", Tag: "tasks", Body: taskRequest{}, Result: duban.Task{}, Status: 201},
	"GET /api/v1/tasks/{id}":                          {Summary: "整改举措详情", Tag: "tasks", Result: duban.Task{}},
	"PATCH /api/v1/tasks/{id}":                        {Summary: "修改整改举措", Tag: "tasks", Body: duban.TaskUpdate{}, Result: duban.Task{}},
	"GET /api/v1/search":                              {Summary: "全文检索问题、举措、进展报告和意见建议（按相关度排序）", Tag: "assignments", Query: []string{"q", "plan", "limit"}, Result: searchResult{}},
	"GET /api/v1/assignments":                         {Summary: "分办事项列表（按时限排序，游标分页）", Tag: "assignments", Query: []string{"plan", "aspect", "task", "unit", "status", "open", "overdue", "deadline_from", "deadline_to", "q", "asof", "cursor", "limit"}, Result: duban.List[duban.Assignment]{}},
	"POST /api/v1/assignments":                        {Summary: "把举措分办给一个单位", Tag: "assignments", Body: assignmentRequest{}, Result: duban.Assignment{}, Status: 201},
	"GET /api/v1/assignments/{id}":                    {Summary: "分办事项详情", Tag: "assignments", Query: []string{"asof"}, Result: duban.Assignment{}},
	"PATCH /api/v1/assignments/{id}":                  {Summary: "修改分办事项的时限", Tag: "assignments", Body: duban.AssignmentUpdate{}, Result: duban.Assignment{}},
	"POST /api/v1/assignments/{id}/{action}":          {Summary: "流转：assign 交办、recall 撤回、start 开始整改、request-closure 申请销号、sign-off 领导签批、verify 审核销号、return 退回、reopen 重新整改", Tag: "assignments", Body: duban.TransitionInput{}, Result: duban.Assignment{}},
	"GET /api/v1/assignments/{id}/transitions":        {Summary: "流转记录", Tag: "assignments", Result: map[string][]duban.Transition{}},
	"GET /api/v1/assignments/{id}/reports":            {Summary: "进展报送列表", Tag: "reports", Result: map[string][]duban.Report{}},
	"POST /api/v1/assignments/{id}/reports":           {Summary: "报送整改进展（JSON；或 multipart/form-data：period、content、work_date 与多个 files 佐证材料）", Tag: "reports", Body: reportRequest{}, Result: duban.Report{}, Status: 201},
	"POST /api/v1/reports/{id}/review":                {Summary: "审核进展报送（采用或退回）", Tag: "reports", Body: duban.ReportReview{}, Result: duban.Report{}},
	"GET /api/v1/meetings":                            {Summary: "会议列表", Tag: "meetings", Query: []string{"plan", "task", "kind", "cursor", "limit"}, Result: duban.List[duban.Meeting]{}},
	"POST /api/v1/meetings":                           {Summary: "登记会议", Tag: "meetings", Body: meetingRequest{}, Result: duban.Meeting{}, Status: 201},
	"GET /api/v1/meetings/{id}":                       {Summary: "会议详情", Tag: "meetings", Result: duban.Meeting{}},
	"PATCH /api/v1/meetings/{id}":                     {Summary: "修改会议", Tag: "meetings", Body: duban.MeetingUpdate{}, Result: duban.Meeting{}},
	"GET /api/v1/feedback":                            {Summary: "意见建议列表", Tag: "feedback", Query: []string{"plan", "status", "cursor", "limit"}, Result: duban.List[duban.Feedback]{}},
	"POST /api/v1/feedback":                           {Summary: "登记意见建议", Tag: "feedback", Body: feedbackRequest{}, Result: duban.Feedback{}, Status: 201},
	"GET /api/v1/feedback/{id}":                       {Summary: "意见建议详情", Tag: "feedback", Result: duban.Feedback{}},
	"PATCH /api/v1/feedback/{id}":                     {Summary: "处理意见建议（答复、转为任务、办结）", Tag: "feedback", Body: duban.FeedbackUpdate{}, Result: duban.Feedback{}},
	"POST /api/v1/imports/ledger":                     {Summary: "导入 Excel 台账（请求体或 multipart 的 file 字段为 .xlsx）；dry_run=true 只预览；有错的单元格逐一列出，整份不导入", Tag: "documents", Query: []string{"dry_run", "plan", "owner", "title"}, Result: importPreview{}, Status: 201},
	"POST /api/v1/imports/notice":                     {Summary: "导入通报或整改方案（纯文本或 DOCX），按编号重建条目树；dry_run=true 只预览", Tag: "documents", Query: []string{"dry_run", "plan", "owner", "title", "filename"}, Result: importPreview{}, Status: 201},
	"GET /api/v1/plans/{id}/ledger.xlsx":              {Summary: "导出整改台账（Excel）；unit 只导出该单位的部分", Tag: "documents", Query: []string{"unit", "asof"}, Result: ""},
	"GET /api/v1/plans/{id}/notice":                   {Summary: "生成整改进展情况的通报：format=docx（GB/T 9704）、html 或 md", Tag: "documents", Query: []string{"format", "asof", "contact", "unfinished", "by_aspect"}, Result: ""},
	"GET /api/v1/assignments/{id}/supervision-notice": {Summary: "生成督办通知单（DOCX，或 format=html|md）", Tag: "documents", Query: []string{"number", "reply_due", "date", "format"}, Result: ""},
	"GET /api/v1/calendar":                            {Summary: "某年的法定节假日与调休工作日", Tag: "calendar", Query: []string{"year"}, Result: map[string]any{}},
	"PUT /api/v1/calendar/{date}":                     {Summary: "录入或修改一天的安排（管理员）", Tag: "calendar", Body: calendarDayRequest{}, Result: map[string]any{}},
	"DELETE /api/v1/calendar/{date}":                  {Summary: "把一天恢复为普通日（管理员）", Tag: "calendar", Status: 204},
	"GET /api/v1/workdays":                            {Summary: "工作日计算：from 之后第 n 个工作日，或 from 与 to 之间的工作日数（from < d ≤ to）", Tag: "calendar", Query: []string{"from", "n", "to"}, Result: map[string]any{}},
	"GET /api/v1/assignments/{id}/closures":           {Summary: "销号申请记录：整改情况、佐证材料、签批与审核结果（申请销号可用 multipart/form-data 提交 summary 与 files）", Tag: "supervision", Result: map[string][]store.Closure{}},
	"GET /api/v1/assignments/{id}/timeline":           {Summary: "事项时间线：流转、报送、督办与回复、延期、回头看", Tag: "supervision", Result: map[string][]store.TimelineEntry{}},
	"GET /api/v1/assignments/{id}/escalations":        {Summary: "督办记录（提醒、催办、督办单、通报、约谈）", Tag: "supervision", Result: map[string][]duban.Escalation{}},
	"POST /api/v1/assignments/{id}/escalations":       {Summary: "整改办记录通报、约谈，或提前发出督办单", Tag: "supervision", Body: store.EscalationInput{}, Result: duban.Escalation{}, Status: 201},
	"POST /api/v1/escalations/{id}/reply":             {Summary: "单位书面回复督办单", Tag: "supervision", Body: replyRequest{}, Result: duban.Escalation{}},
	"GET /api/v1/assignments/{id}/extensions":         {Summary: "延期申请记录", Tag: "supervision", Result: map[string][]duban.Extension{}},
	"POST /api/v1/assignments/{id}/extensions":        {Summary: "申请延期（新时限与理由）", Tag: "supervision", Body: extensionRequest{}, Result: duban.Extension{}, Status: 201},
	"POST /api/v1/extensions/{id}/{decision}":         {Summary: "审批延期申请：approve 同意（时限顺延，原时限保留）或 refuse 不同意", Tag: "supervision", Body: decisionRequest{}, Result: duban.Extension{}},
	"GET /api/v1/lookbacks":                           {Summary: "回头看列表；due_by 只列到期未完成的", Tag: "supervision", Query: []string{"plan", "assignment", "due_by"}, Result: map[string][]duban.Lookback{}},
	"POST /api/v1/plans/{id}/lookbacks":               {Summary: "对方案内全部已销号事项安排一次回头看", Tag: "supervision", Body: lookbackRequest{}, Result: map[string]int{}, Status: 201},
	"POST /api/v1/assignments/{id}/lookbacks":         {Summary: "对一个已销号事项安排回头看", Tag: "supervision", Body: lookbackRequest{}, Result: map[string]int{}, Status: 201},
	"POST /api/v1/lookbacks/{id}/result":              {Summary: "记录回头看结论：holds 巩固，relapsed 反弹（重新整改，须给新时限）", Tag: "supervision", Body: lookbackResultRequest{}, Result: duban.Lookback{}},
	"GET /api/v1/inbox":                               {Summary: "我的消息", Tag: "notifications", Query: []string{"unread", "cursor", "limit"}, Result: duban.List[store.Notification]{}},
	"POST /api/v1/inbox/{id}/read":                    {Summary: "标记消息已读", Tag: "notifications", Status: 204},
	"GET /api/v1/deliveries":                          {Summary: "消息发送日志（管理员）", Tag: "notifications", Query: []string{"status", "cursor", "limit"}, Result: duban.List[store.Delivery]{}},
	"POST /api/v1/channels":                           {Summary: "配置钉钉、企业微信或飞书机器人（管理员）", Tag: "notifications", Body: channelRequest{}, Result: store.Channel{}, Status: 201},
	"GET /api/v1/reports/{id}/files":                  {Summary: "进展报送的佐证材料列表", Tag: "reports", Result: map[string][]store.Attachment{}},
	"PATCH /api/v1/reports/{id}":                      {Summary: "修改被退回的报送并重新提交", Tag: "reports", Body: reviseRequest{}, Result: duban.Report{}},
	"GET /api/v1/attachments/{id}":                    {Summary: "下载佐证材料（仅限可查看该事项的用户）", Tag: "reports", Result: ""},
	"GET /api/v1/plans/{id}/reporting":                {Summary: "按单位统计某期报送：应报、按时、迟报、未报，及时率与完整率", Tag: "reports", Query: []string{"period", "asof"}, Result: map[string]any{}},
	"POST /api/v1/instructions":                       {Summary: "登记领导批示件并交办承办单位", Tag: "instructions", Body: store.InstructionInput{}, Result: store.InstructionRow{}, Status: 201},
	"GET /api/v1/instructions":                        {Summary: "领导批示件台账", Tag: "instructions", Query: []string{"cursor", "limit"}, Result: duban.List[store.InstructionRow]{}},
	"GET /api/v1/indicators":                          {Summary: "监测指标列表（联络员只见本单位报送的）", Tag: "indicators", Query: []string{"unit", "lead"}, Result: []duban.Indicator{}},
	"POST /api/v1/indicators":                         {Summary: "定义监测指标（牵头单位整改办或管理员）", Tag: "indicators", Body: indicatorRequest{}, Result: duban.Indicator{}, Status: 201},
	"GET /api/v1/indicators/{id}":                     {Summary: "监测指标详情", Tag: "indicators", Result: duban.Indicator{}},
	"GET /api/v1/indicators/{id}/rules":               {Summary: "指标的校验规则", Tag: "indicators", Result: []duban.IndicatorRule{}},
	"POST /api/v1/indicators/{id}/rules":              {Summary: "新增校验规则（只增不减、范围、比例、年度目标），并即时校验已有数据", Tag: "indicators", Body: ruleRequest{}, Result: duban.IndicatorRule{}, Status: 201},
	"POST /api/v1/indicators/{id}/values":             {Summary: "填报数据（全部成功或全部不存；审核锁定后更正须填理由）", Tag: "indicators", Body: valuesRequest{}, Result: store.ValueWrite{}, Status: 201},
	"GET /api/v1/indicators/{id}/values":              {Summary: "某单位的数据及修改历史", Tag: "indicators", Query: []string{"unit"}, Result: []duban.IndicatorValue{}},
	"GET /api/v1/indicators/{id}/table":               {Summary: "某期各单位数据表：本期、上年同期、增减、排名、预警", Tag: "indicators", Query: []string{"period", "asof"}, Result: store.IndicatorTable{}},
	"GET /api/v1/indicators/{id}/trend":               {Summary: "各单位各期数据（按单位编号）", Tag: "indicators", Query: []string{"asof"}, Result: map[string]duban.Series{}},
	"GET /api/v1/indicators/{id}/breaches":            {Summary: "预警；给出 asof 时按当日数据重新校验", Tag: "indicators", Query: []string{"unit", "period", "status", "asof"}, Result: []duban.Breach{}},
	"POST /api/v1/breaches/{id}/supervise":            {Summary: "将预警转为督办事项（牵头单位审定）", Tag: "indicators", Result: duban.Assignment{}, Status: 201},
	"GET /api/v1/indicators/{id}/completeness":        {Summary: "某期各单位报送完整性与及时性", Tag: "indicators", Query: []string{"period", "asof"}, Result: []duban.Completeness{}},
	"POST /api/v1/indicators/{id}/approvals":          {Summary: "审核某期数据并锁定（牵头单位）", Tag: "indicators", Body: approvalRequest{}, Result: duban.Approval{}, Status: 201},
	"GET /api/v1/indicators/{id}/meetings":            {Summary: "与指标相关的定期会商", Tag: "indicators", Result: []store.IndicatorMeeting{}},
	"POST /api/v1/indicators/{id}/meetings":           {Summary: "登记会商所议的指标和期间", Tag: "indicators", Body: indicatorMeetingRequest{}, Status: 204},
	"GET /api/v1/indicators/{id}/figures.xlsx":        {Summary: "导出监测表（与导入相同的宽表格式）", Tag: "indicators", Query: []string{"years"}, Result: ""},
	"POST /api/v1/imports/indicators":                 {Summary: "导入监测表（宽表或长表；全部成功或全部不存）", Tag: "indicators", Query: []string{"dry_run", "reason"}, Result: store.FigureImport{}, Status: 201},
	"GET /api/v1/trl-levels":                          {Summary: "技术就绪度（TRL）九级及其说明", Tag: "projects", Result: []duban.TRLLevel{}},
	"GET /api/v1/programmes":                          {Summary: "专项列表及汇总（前松后紧、滞后、揭榜挂帅计数）", Tag: "projects", Query: []string{"asof"}, Result: []store.ProgrammeSummary{}},
	"POST /api/v1/programmes":                         {Summary: "设立专项（同时建立里程碑督办台账）", Tag: "projects", Body: programmeRequest{}, Result: duban.Programme{}, Status: 201},
	"PATCH /api/v1/programmes/{id}":                   {Summary: "修改专项名称和说明", Tag: "projects", Body: programmeUpdate{}, Result: duban.Programme{}},
	"PUT /api/v1/projects/{id}":                       {Summary: "修改项目及其里程碑计划（已考核的里程碑不变，未考核的随督办事项更新，新增的即交办）", Tag: "projects", Body: projectRequest{}, Result: duban.Project{}},
	"GET /api/v1/projects":                            {Summary: "重点项目台账（红黄绿灯、前松后紧、滞后）", Tag: "projects", Query: []string{"programme", "challenge", "unit", "asof"}, Result: []duban.ProjectRow{}},
	"POST /api/v1/projects":                           {Summary: "直接立项（含里程碑，里程碑纳入督办）", Tag: "projects", Body: projectRequest{}, Result: duban.Project{}, Status: 201},
	"GET /api/v1/projects/ledger.xlsx":                {Summary: "导出重点项目台账（Excel）", Tag: "projects", Query: []string{"programme", "asof"}},
	"GET /api/v1/projects/{id}":                       {Summary: "项目详情（里程碑、灯、经费、前松后紧）", Tag: "projects", Query: []string{"asof"}, Result: duban.ProjectRow{}},
	"GET /api/v1/projects/{id}/assessments":           {Summary: "项目的里程碑考核记录", Tag: "projects", Result: []duban.Assessment{}},
	"POST /api/v1/projects/{id}/reviewers":            {Summary: "指定评审专家（项目）", Tag: "projects", Body: reviewerRequest{}, Status: 204},
	"POST /api/v1/milestones/{id}/assessments":        {Summary: "里程碑考核：通过拨付、不通过暂缓后续拨付并督办", Tag: "projects", Body: assessmentRequest{}, Result: duban.Milestone{}, Status: 201},
	"GET /api/v1/public/challenges":                   {Summary: "已发布的揭榜挂帅榜单（公开）", Tag: "challenges", Result: []duban.Challenge{}},
	"GET /api/v1/challenges":                          {Summary: "榜单列表（含揭榜数、定榜数）", Tag: "challenges", Query: []string{"programme"}, Result: []duban.Challenge{}},
	"POST /api/v1/challenges":                         {Summary: "拟定榜单（草稿）", Tag: "challenges", Body: challengeRequest{}, Result: duban.Challenge{}, Status: 201},
	"GET /api/v1/challenges/counts":                   {Summary: "揭榜挂帅计数：发布、有人揭榜、揭榜单位、定榜", Tag: "challenges", Query: []string{"programme"}, Result: store.ChallengeCounts{}},
	"GET /api/v1/challenges/{id}":                     {Summary: "榜单详情", Tag: "challenges", Result: duban.Challenge{}},
	"POST /api/v1/challenges/{id}/publish":            {Summary: "发布榜单", Tag: "challenges", Body: publishRequest{}, Result: duban.Challenge{}},
	"GET /api/v1/challenges/{id}/applications":        {Summary: "揭榜申请（本单位的，或评审专家所评的）", Tag: "challenges", Result: []duban.Application{}},
	"POST /api/v1/challenges/{id}/applications":       {Summary: "揭榜", Tag: "challenges", Body: applicationRequest{}, Result: duban.Application{}, Status: 201},
	"POST /api/v1/challenges/{id}/reviewers":          {Summary: "指定评审专家（榜单）", Tag: "challenges", Body: reviewerRequest{}, Status: 204},
	"POST /api/v1/challenges/{id}/selection":          {Summary: "定榜：选定的揭榜单位立项", Tag: "challenges", Body: selectRequest{}, Result: []duban.Project{}, Status: 201},
	"GET /api/v1/challenges/{id}/race":                {Summary: "赛马：各团队在某一里程碑的并排比较", Tag: "challenges", Query: []string{"seq"}, Result: []duban.RaceEntry{}},
	"GET /api/v1/challenges/{id}/race-rounds":         {Summary: "赛马：历次比较及决定", Tag: "challenges", Result: []duban.RaceRound{}},
	"POST /api/v1/challenges/{id}/race-rounds":        {Summary: "赛马：比较后全部继续或终止一支团队", Tag: "challenges", Body: store.RaceInput{}, Result: duban.RaceRound{}, Status: 201},
	"GET /api/v1/applications/mine":                   {Summary: "本单位的揭榜申请", Tag: "challenges", Result: []duban.Application{}},
	"GET /api/v1/applications/{id}/reviews":           {Summary: "揭榜申请的专家评分", Tag: "challenges", Result: []duban.Review{}},
	"POST /api/v1/applications/{id}/reviews":          {Summary: "专家评分", Tag: "challenges", Body: reviewRequest{}, Result: duban.Review{}, Status: 201},
	"POST /api/v1/jobs/run":                           {Summary: "立即执行一次后台任务（督办阶梯、回头看提醒、每日汇总、消息发送）；at 指定按哪一天执行（管理员）", Tag: "supervision", Query: []string{"at"}, Result: map[string]any{}},
}

var (
	openAPIOnce sync.Once
	openAPIDoc  []byte
)

func (s *Server) apiOpenAPI(w http.ResponseWriter, r *http.Request) error {
	openAPIOnce.Do(func() { openAPIDoc, _ = json.MarshalIndent(buildOpenAPI(), "", "  ") })
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_, err := w.Write(openAPIDoc)
	return err
}

func (s *Server) apiNotFound(w http.ResponseWriter, r *http.Request) error {
	return duban.Errorf(duban.NotFound, "没有这个接口：%s %s", r.Method, r.URL.Path)
}

// buildOpenAPI assembles the document from operations, with JSON schemas
// made from the Go types by reflection.
func buildOpenAPI() map[string]any {
	sg := &schemaGen{defs: map[string]any{}}
	paths := map[string]map[string]any{}
	all := map[string]operation{}
	for _, m := range []map[string]operation{operations, accountOperations, auditOperations, totpOperations} {
		for k, op := range m {
			all[k] = op
		}
	}
	keys := make([]string, 0, len(all))
	for k := range all {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		method, path, _ := strings.Cut(k, " ")
		op := all[k]
		if paths[path] == nil {
			paths[path] = map[string]any{}
		}
		paths[path][strings.ToLower(method)] = sg.operation(method, path, op)
	}
	sg.schema(reflect.TypeFor[Problem]()) // names itself "Problem" under components
	return map[string]any{
		"openapi": "3.0.3",
		"info": map[string]any{
			"title": "duban 督办 API", "version": "1",
			"description": "巡视整改与督查督办台账的 JSON 接口。错误以 application/problem+json 返回；更新请带上 If-Match（记录的 ETag），版本不符返回 412。",
		},
		"paths": paths,
		"components": map[string]any{
			"schemas":         sg.defs,
			"securitySchemes": map[string]any{"bearer": map[string]any{"type": "http", "scheme": "bearer"}},
		},
		"security": []any{map[string]any{"bearer": []string{}}},
	}
}

type schemaGen struct{ defs map[string]any }

func (sg *schemaGen) operation(method, path string, op operation) map[string]any {
	var params []any
	for _, seg := range strings.Split(path, "/") {
		if strings.HasPrefix(seg, "{") {
			params = append(params, map[string]any{"name": strings.Trim(seg, "{}"), "in": "path", "required": true, "schema": map[string]any{"type": "string"}})
		}
	}
	for _, q := range op.Query {
		params = append(params, map[string]any{"name": q, "in": "query", "schema": map[string]any{"type": "string"}})
	}
	if method == "PATCH" || strings.HasSuffix(path, "/{action}") || strings.HasSuffix(path, "/review") {
		params = append(params, map[string]any{"name": "If-Match", "in": "header", "schema": map[string]any{"type": "string"}, "description": "记录的 ETag；版本不符返回 412"})
	}
	status := op.Status
	if status == 0 {
		status = 200
	}
	ok := map[string]any{"description": "成功"}
	if op.Result != nil {
		ok["content"] = map[string]any{"application/json": map[string]any{"schema": sg.schema(reflect.TypeOf(op.Result))}}
	}
	problem := map[string]any{"description": "错误", "content": map[string]any{"application/problem+json": map[string]any{"schema": map[string]any{"$ref": "#/components/schemas/Problem"}}}}
	out := map[string]any{
		"summary": op.Summary, "tags": []string{op.Tag}, "operationId": strings.ToLower(method) + strings.NewReplacer("/api/v1", "", "/", "_", "{", "", "}", "", ".", "_").Replace(path),
		"responses": map[string]any{itoa(status): ok, "default": problem},
	}
	if len(params) > 0 {
		out["parameters"] = params
	}
	if op.Body != nil {
		out["requestBody"] = map[string]any{"content": map[string]any{"application/json": map[string]any{"schema": sg.schema(reflect.TypeOf(op.Body))}}}
	}
	if op.Tag == "meta" || path == "/api/v1/auth/login" {
		out["security"] = []any{}
	}
	return out
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

var (
	timeType = reflect.TypeFor[time.Time]()
	dateType = reflect.TypeFor[duban.Date]()
)

// schema returns the JSON schema of t, naming structs under components.
func (sg *schemaGen) schema(t reflect.Type) map[string]any {
	switch {
	case t == timeType:
		return map[string]any{"type": "string", "format": "date-time"}
	case t == dateType:
		return map[string]any{"type": "string", "format": "date", "nullable": true}
	}
	switch t.Kind() {
	case reflect.Pointer:
		s := sg.schema(t.Elem())
		if _, ref := s["$ref"]; ref {
			return map[string]any{"allOf": []any{s}, "nullable": true}
		}
		s["nullable"] = true
		return s
	case reflect.String:
		return map[string]any{"type": "string"}
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Int, reflect.Int64, reflect.Int32:
		return map[string]any{"type": "integer"}
	case reflect.Float64:
		return map[string]any{"type": "number"}
	case reflect.Slice:
		return map[string]any{"type": "array", "items": sg.schema(t.Elem())}
	case reflect.Map:
		return map[string]any{"type": "object", "additionalProperties": sg.schema(t.Elem())}
	case reflect.Interface:
		return map[string]any{}
	case reflect.Struct:
		return sg.structSchema(t)
	}
	return map[string]any{}
}

func (sg *schemaGen) structSchema(t reflect.Type) map[string]any {
	name := schemaName(t)
	ref := map[string]any{"$ref": "#/components/schemas/" + name}
	if _, done := sg.defs[name]; done {
		return ref
	}
	sg.defs[name] = map[string]any{} // placeholder for recursive types
	props := map[string]any{}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if !f.IsExported() || tag == "-" {
			continue
		}
		if tag == "" {
			tag = f.Name
		}
		props[tag] = sg.schema(f.Type)
	}
	sg.defs[name] = map[string]any{"type": "object", "properties": props}
	return ref
}

var (
	pkgPath   = regexp.MustCompile(`[\w.-]*/`)     // duban/internal/ in a generic's type argument
	pkgName   = regexp.MustCompile(`\b[a-z]\w*\.`) // duban. before a type name
	notInName = regexp.MustCompile(`[^A-Za-z0-9_]+`)
)

// schemaName names a struct's schema as OpenAPI 3 allows
// (^[a-zA-Z0-9._-]+$): List[duban/internal/duban.User] becomes List_User.
func schemaName(t reflect.Type) string {
	n := pkgName.ReplaceAllString(pkgPath.ReplaceAllString(t.Name(), ""), "")
	return strings.Trim(notInName.ReplaceAllString(n, "_"), "_")
}
