package web

// messages holds the UI strings: Chinese first, English second.
var messages = map[string][2]string{
	"app.name":               {"督办", "duban"},
	"app.tagline":            {"巡视整改与督查督办", "Inspection rectification and supervision"},
	"nav.home":               {"工作台", "Inbox"},
	"nav.plans":              {"挂图作战", "Battle map"},
	"nav.ledger":             {"整改台账", "Ledger"},
	"nav.mine":               {"本单位事项", "My unit's items"},
	"nav.documents":          {"导入导出", "Documents"},
	"nav.feedback":           {"意见建议", "Feedback"},
	"nav.overview":           {"巡视总览", "Round overview"},
	"nav.public":             {"公开信息", "Public portal"},
	"login.title":            {"登录", "Sign in"},
	"login.username":         {"用户名", "Username"},
	"login.password":         {"密码", "Password"},
	"login.submit":           {"登录", "Sign in"},
	"login.failed":           {"用户名或密码错误", "Wrong username or password"},
	"login.locked":           {"登录失败次数过多，账号已锁定，请于 %s 后再试，或请安全管理员解锁。", "Too many failed sign-ins: the account is locked. Try again after %s, or ask the security administrator to unlock it."},
	"login.busy":             {"登录请求过多，请于 %s 后再试。", "Too many sign-in attempts: try again after %s."},
	"login.invalid":          {"用户名不超过64个字符，且不能含控制字符。", "A username has at most 64 characters and no control characters."},
	"logout":                 {"退出", "Sign out"},
	"role.admin":             {"系统管理员", "Administrator"},
	"role.lead":              {"整改办", "Lead office"},
	"role.liaison":           {"联络员", "Unit liaison"},
	"role.leader":            {"领导", "Leader"},
	"role.inspector":         {"巡视办", "Inspection office"},
	"lang.switch":            {"English", "中文"},
	"error.title":            {"出错了", "Something went wrong"},
	"error.back":             {"返回工作台", "Back to the inbox"},
	"home.title":             {"工作台", "Inbox"},
	"watch.followed.title":   {"我关注的", "Followed items"},
	"watch.followed.none":    {"尚未关注任何事项。在事项页点“关注”即可在此跟踪。", "You follow no item yet: choose Follow on an item's page to track it here."},
	"watch.filters.title":    {"常用筛选", "Saved filters"},
	"watch.filters.none":     {"尚无常用筛选。在整改台账筛选后可保存。", "No saved filter yet: filter the ledger, then save the filter."},
	"watch.delete":           {"删除", "Delete"},
	"watch.delete.confirm":   {"删除常用筛选“%s”？", "Delete the saved filter “%s”?"},
	"watch.save":             {"保存筛选", "Save filter"},
	"watch.save.label":       {"保存为常用筛选", "Save as"},
	"watch.save.placeholder": {"如：本单位红灯事项", "e.g. our red items"},
	"watch.saved":            {"已保存常用筛选“%s”，可在工作台打开", "Saved the filter “%s”: it is on your inbox"},
	"watch.deleted":          {"已删除常用筛选", "Saved filter deleted"},
	"watch.follow":           {"关注", "Follow"},
	"watch.unfollow":         {"取消关注", "Unfollow"},
	"watch.followed":         {"已关注，可在工作台“我关注的”中查看", "Followed: the item is on your inbox"},
	"watch.unfollowed":       {"已取消关注", "No longer followed"},
	"keys.title":             {"键盘快捷键", "Keyboard shortcuts"},
	"keys.np":                {"待办中的下一项 / 上一项", "Next / previous item of your to-do list"},
	"keys.a":                 {"通过待审核的进展报送（按一次选中“通过”，再按一次或回车提交）", "Accept the pending report (once selects Accept; again, or Enter, submits)"},
	"keys.r":                 {"退回进展报送：光标移到退回意见，写好后按 Ctrl+Enter 提交", "Return the pending report: moves to the comment; Ctrl+Enter submits the return"},
	"keys.jk":                {"列表中的下一行 / 上一行（回车打开）", "Next / previous row of a list (Enter opens it)"},
	"keys.gh":                {"回到工作台", "Back to the inbox"},
	"keys.q":                 {"显示或关闭本帮助", "Show or close this help"},
	"keys.close":             {"关闭", "Close"},
	"keys.help":              {"快捷键", "Shortcuts"},
	"keys.queue":             {"待办事项", "To-do items"},
	"keys.prev":              {"上一项", "Previous"},
	"keys.next":              {"下一项", "Next"},
	"keys.pos":               {"待办第%d项，共%d项", "To-do %d of %d"},
	"keys.left":              {"待办共%d项", "%d to do"},
	"home.todo":              {"今日待办", "Waiting for you today"},
	"home.nothing":           {"今天没有待办事项。", "Nothing waits for you today."},
	"home.inbox":             {"消息", "Messages"},
	"home.noinbox":           {"没有新消息。", "No new messages."},
	"col.item":               {"事项", "Item"},
	"col.unit":               {"单位", "Unit"},
	"col.status":             {"状态", "Status"},
	"col.deadline":           {"时限", "Deadline"},
	"col.left":               {"剩余工作日", "Working days left"},
	"col.light":              {"灯", "Light"},
	"col.action":             {"待办", "To do"},
	"todo.report":            {"报送本期进展", "Report this period's progress"},
	"todo.review":            {"审核进展报送", "Review a report"},
	"todo.verify":            {"审核销号", "Verify a closure"},
	"todo.signoff":           {"签批销号申请", "Sign off a closure"},
	"todo.notice":            {"回复督办单", "Answer a supervision notice"},
	"todo.lookback":          {"开展回头看", "Look back"},
	"todo.extension":         {"审批延期申请", "Decide an extension"},
	"todo.overdue":           {"已逾期，请抓紧整改", "Overdue"},
	"todo.duesoon":           {"临近时限", "Due soon"},
	"public.title":           {"整改进展情况公开", "Published rectification notices"},
	"public.prev":            {"上一条", "Previous"},
	"public.next":            {"下一条", "Next"},
	"public.none":            {"暂无公开的通报。", "No notice has been published."},
	"public.feedback":        {"意见建议", "Send feedback"},

	"home.markread":   {"标为已读", "Mark read"},
	"home.overdue_by": {"逾期%d", "%d days overdue"},
	"home.allread":    {"已将%d条消息标为已读", "%d messages marked read"},
	"home.readall":    {"全部标为已读", "Mark all read"},
	"home.unread":     {"%d条未读消息", "%d unread messages"},
	"home.feedback":   {"新的意见建议", "New public feedback"},
	"top.messages":    {"消息", "Messages"},

	"error.notfound.title": {"页面不存在", "Page not found"},
	"error.notfound":       {"您要找的页面不存在，可能已被移动或地址有误。", "The page you asked for does not exist; it may have moved, or the address is wrong."},
}

// catalogs are the message maps of every group of pages.
var catalogs = []map[string][2]string{messages, dashboardMessages, ledgerMessages, adminMessages, indicatorMessages, projectMessages, projectStateMessages, ssoMessages, accountMessages, auditMessages, systemMessages, totpMessages}

func translate(lang, key string) string {
	var m [2]string
	ok := false
	for _, c := range catalogs {
		if m, ok = c[key]; ok {
			break
		}
	}
	if !ok {
		return key
	}
	if lang == "en" {
		return m[1]
	}
	return m[0]
}
