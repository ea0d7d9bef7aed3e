package web

// accountMessages are the strings of one's own account (password, second
// factor, sessions), the second step of the sign-in and the audit log page.
var accountMessages = map[string][2]string{
	"role.secadmin": {"安全管理员", "Security administrator"},
	"role.auditor":  {"审计管理员", "Audit administrator"},

	"account.title":        {"我的账号", "My account"},
	"account.password":     {"修改密码", "Change password"},
	"account.current":      {"当前密码", "Current password"},
	"account.new":          {"新密码", "New password"},
	"account.new2":         {"再次输入新密码", "New password again"},
	"account.save":         {"修改密码", "Change password"},
	"account.mismatch":     {"两次输入的新密码不一致", "The two new passwords differ"},
	"account.changed":      {"密码已修改。您在其他设备上的登录已结束。", "Password changed. Your sign-ins on other devices have ended."},
	"account.changed_at":   {"密码最近修改于", "Password last changed"},
	"account.never":        {"从未设置", "never set"},
	"account.sessions":     {"登录会话", "Sign-ins"},
	"account.sessions.doc": {"以下是您当前有效的登录。发现不认识的设备或地址，请立即结束它并修改密码。", "These are your sign-ins that are still valid. End any you do not recognise and change your password."},
	"account.idle":         {"网页登录超过 %s 分钟未操作自动失效。", "A web sign-in ends after %s idle minutes."},
	"account.kind.session": {"网页", "Web"},
	"account.kind.api":     {"接口令牌", "API token"},
	"account.device":       {"设备", "Device"},
	"account.ip":           {"地址", "Address"},
	"account.signed_in":    {"登录时间", "Signed in"},
	"account.last_seen":    {"最近活动", "Last active"},
	"account.expires":      {"最迟失效", "Ends at the latest"},
	"account.this":         {"当前会话", "This session"},
	"account.revoke":       {"结束", "End"},
	"account.revoke_this":  {"结束（将退出登录）", "End (signs you out)"},
	"account.revoked":      {"该登录已结束。", "That sign-in has ended."},
	"account.none":         {"没有其他有效的登录。", "No other sign-in is valid."},
}
