package demo

import "duban/internal/duban"

// The key-project demo: a 两链融合 programme run by 省科技厅 with 19
// published 揭榜挂帅 challenges, 13 of them applied to and 5 selected (one
// a 赛马 of two teams), and 7 projects under 技术总师负责制 whose
// milestones stand in every state. The units, people, titles and figures
// are invented for the demo.

// projectUnits are the invented research bodies and firms of the demo.
var projectUnits = []unitSpec{
	{Name: "秦川精密传动有限公司", Short: "秦川精密传动", Kind: duban.UnitEnterprise},
	{Name: "关中新材料研究院", Short: "关中新材料院", Kind: duban.UnitOther},
	{Name: "陕西先进光子研究院", Short: "先进光子院", Kind: duban.UnitOther},
	{Name: "西部储能技术有限公司", Short: "西部储能", Kind: duban.UnitEnterprise},
	{Name: "陕北能源化工研究院", Short: "陕北能化院", Kind: duban.UnitOther},
	{Name: "汉江生物医药有限公司", Short: "汉江生物", Kind: duban.UnitEnterprise},
	{Name: "杨凌种业创新中心", Short: "杨凌种业中心", Kind: duban.UnitOther},
	{Name: "西部半导体装备有限公司", Short: "西部半导体", Kind: duban.UnitEnterprise},
	{Name: "长安智能网联汽车研究院", Short: "长安智联院", Kind: duban.UnitOther},
	{Name: "秦岭信息安全实验室", Short: "秦岭信安室", Kind: duban.UnitOther},
}

// ProjectAccounts are the demo logins of the key-project programme (README lists them).
var ProjectAccounts = []Account{
	{"kjt-zx", "duban-demo", duban.RoleLead, "省科技厅", "省科技厅重大专项处 杨某"},
	{"qcjm", "duban-demo", duban.RoleLiaison, "秦川精密传动", "秦川精密传动联络员 郑某"},
	{"qcjm-leader", "duban-demo", duban.RoleLeader, "秦川精密传动", "秦川精密传动分管领导 贺某"},
	{"expert", "duban-demo", duban.RoleExpert, "", "评审专家 马某"},
}

// challengeSpec is one 榜单; days are counted from the load day.
type challengeSpec struct {
	Title, Goal, Conditions string
	BudgetWan               int64
	Published               int // days from today (negative: past)
	Applicants              []string
	Select                  []projectSpec // 定榜: one per selected applicant, in order
}

// projectSpec is a project and its milestones; Start is days from today.
type projectSpec struct {
	Title, Team, Lead, Chief string
	Role                     duban.ChiefRole
	Coop                     []string
	Start, Years             int
	BudgetWan                int64
	TRLStart, TRLTarget      duban.TRL
	Milestones               []milestoneSpec
}

// milestoneSpec is a milestone: due in days from today, and what became of it.
type milestoneSpec struct {
	Title, Deliverables string
	Due                 int
	TRL                 duban.TRL
	TrancheWan          int64
	// Result is "" (not yet assessed), or pass / conditional / fail,
	// assessed AssessedAfter days after the due date with Reached.
	Result        duban.AssessmentResult
	Reached       duban.TRL
	AssessedAfter int
	Opinion       string
}

var demoExperts = []string{"马某（西安某大学教授）", "何某（省机械工程学会）", "宋某（某研究所研究员）"}

var raceMilestones = func(failFirst bool) []milestoneSpec {
	first := milestoneSpec{Title: "样机关键部件台架验证", Deliverables: "台架试验报告、关键部件样件", Due: -150, TRL: 4, TrancheWan: 300,
		Result: duban.ResultPass, Reached: 4, AssessedAfter: 5, Opinion: "台架寿命与精度指标达到节点要求，同意通过。"}
	if failFirst {
		first.Result, first.Reached, first.Opinion = duban.ResultFail, 3, "台架寿命仅达指标的六成，关键部件工艺不稳定，不予通过。"
	}
	return []milestoneSpec{first,
		{Title: "整机模拟工况验证", Deliverables: "整机样机、模拟工况测试报告", Due: 3, TRL: 5, TrancheWan: 500},
		{Title: "用户现场示范应用", Deliverables: "示范应用报告、用户证明", Due: 400, TRL: 7, TrancheWan: 700},
	}
}

var demoChallenges = []challengeSpec{
	{Title: "工业机器人高精度RV减速器", Goal: "传动精度不低于1弧分，额定寿命不低于6000小时，实现批量替代进口。", Conditions: "省内注册的企业或科研机构牵头，具备精密加工中试条件。",
		BudgetWan: 3000, Published: -300, Applicants: []string{"秦川精密传动", "关中新材料院"}, Select: []projectSpec{
			{Title: "工业机器人高精度RV减速器攻关", Team: "秦川团队", Lead: "秦川精密传动", Chief: "郭某", Role: duban.ChiefEngineer, Coop: []string{"关中新材料院"},
				Start: -240, Years: 3, BudgetWan: 1500, TRLStart: 3, TRLTarget: 7, Milestones: raceMilestones(false)},
			{Title: "工业机器人高精度RV减速器攻关", Team: "关中团队", Lead: "关中新材料院", Chief: "罗某", Role: duban.ChiefEngineer,
				Start: -240, Years: 3, BudgetWan: 1500, TRLStart: 3, TRLTarget: 7, Milestones: raceMilestones(true)},
		}},
	{Title: "大功率半导体激光芯片", Goal: "单管输出功率30瓦以上，电光转换效率不低于60%。", Conditions: "具备外延与芯片工艺线。",
		BudgetWan: 2000, Published: -300, Applicants: []string{"先进光子院"}, Select: []projectSpec{
			{Title: "大功率半导体激光芯片研制", Lead: "先进光子院", Chief: "韩某", Role: duban.ChiefEngineer, Coop: []string{"西部半导体"},
				Start: -240, Years: 2, BudgetWan: 2000, TRLStart: 3, TRLTarget: 6, Milestones: []milestoneSpec{
					{Title: "外延结构设计与验证", Deliverables: "外延片及测试报告", Due: -170, TRL: 4, TrancheWan: 500, Result: duban.ResultPass, Reached: 4, AssessedAfter: 4, Opinion: "外延质量达标，同意通过。"},
					{Title: "芯片流片与封装", Deliverables: "芯片样品、封装工艺文件", Due: -65, TRL: 5, TrancheWan: 600, Result: duban.ResultConditional, Reached: 5, AssessedAfter: 6, Opinion: "功率达标，效率略低，补充老化试验后通过。"},
					{Title: "模块可靠性验证", Deliverables: "可靠性试验报告", Due: -12, TRL: 6, TrancheWan: 600},
					{Title: "产线导入", Deliverables: "小批量试产报告", Due: 480, TRL: 6, TrancheWan: 300},
				}},
		}},
	{Title: "兆瓦级液流储能电堆", Goal: "单堆功率不低于250千瓦，能量效率不低于80%。", Conditions: "企业牵头，产学研联合。",
		BudgetWan: 2500, Published: -300, Applicants: []string{"西部储能", "陕北能化院"}, Select: []projectSpec{
			{Title: "兆瓦级液流储能电堆研制", Lead: "西部储能", Chief: "田某", Role: duban.ChiefEngineer, Coop: []string{"陕北能化院"},
				Start: -240, Years: 3, BudgetWan: 2500, TRLStart: 4, TRLTarget: 7, Milestones: []milestoneSpec{
					{Title: "千瓦级电堆验证", Deliverables: "电堆样机、测试报告", Due: -120, TRL: 5, TrancheWan: 600, Result: duban.ResultFail, Reached: 4, AssessedAfter: 3, Opinion: "能量效率仅72%，密封方案需重新设计，限期整改后复核。"},
					{Title: "百千瓦级模块集成", Deliverables: "模块样机", Due: 150, TRL: 6, TrancheWan: 900},
					{Title: "兆瓦级示范电站运行", Deliverables: "示范运行报告", Due: 800, TRL: 7, TrancheWan: 1000},
				}},
		}},
	{Title: "煤基高端碳材料制备", Goal: "建成百吨级中试线，产品达到锂电负极材料标准。", Conditions: "具备中试场地。",
		BudgetWan: 1800, Published: -300, Applicants: []string{"陕北能化院"}, Select: []projectSpec{
			{Title: "煤基高端碳材料中试", Lead: "陕北能化院", Chief: "白某", Role: duban.ChiefEngineer,
				Start: -240, Years: 3, BudgetWan: 1800, TRLStart: 4, TRLTarget: 7, Milestones: []milestoneSpec{
					{Title: "工艺包开发", Deliverables: "工艺包", Due: 60, TRL: 5, TrancheWan: 200},
					{Title: "中试线建成", Deliverables: "中试线验收报告", Due: 700, TRL: 6, TrancheWan: 700},
					{Title: "产品认证与推广", Deliverables: "认证证书、用户报告", Due: 820, TRL: 7, TrancheWan: 900},
				}},
		}},
	{Title: "小麦抗旱新品种分子设计育种", Goal: "育成抗旱节水新品种2个，通过省级审定。", Conditions: "具备育种基地。",
		BudgetWan: 1200, Published: -300, Applicants: []string{"杨凌种业中心"}, Select: []projectSpec{
			{Title: "小麦抗旱新品种分子设计育种", Lead: "杨凌种业中心", Chief: "薛某", Role: duban.ChiefEngineer, Coop: []string{"汉江生物"},
				Start: -240, Years: 3, BudgetWan: 1200, TRLStart: 3, TRLTarget: 8, Milestones: []milestoneSpec{
					{Title: "抗旱基因定位", Deliverables: "基因定位报告", Due: -130, TRL: 4, TrancheWan: 300, Result: duban.ResultPass, Reached: 4, AssessedAfter: 5, Opinion: "完成预定目标，同意通过。"},
					{Title: "品系区域试验", Deliverables: "区域试验报告", Due: 90, TRL: 6, TrancheWan: 400},
					{Title: "品种审定", Deliverables: "审定证书", Due: 750, TRL: 8, TrancheWan: 500},
				}},
		}},
	{Title: "靶向抗肿瘤新药临床前研究", Goal: "完成候选药物临床前研究并申报临床。", BudgetWan: 1500, Published: -300, Applicants: []string{"汉江生物"}},
	{Title: "车规级智能驾驶域控制器", Goal: "通过车规认证并实现前装量产。", BudgetWan: 1600, Published: -300, Applicants: []string{"长安智联院"}},
	{Title: "12英寸刻蚀设备关键部件", Goal: "关键部件国产化率达到80%。", BudgetWan: 2200, Published: -300, Applicants: []string{"西部半导体"}},
	{Title: "工业互联网安全监测平台", Goal: "覆盖省内重点行业企业500家。", BudgetWan: 800, Published: -300},
	{Title: "黄河流域生态修复技术集成", Goal: "形成可推广的技术规范3项。", BudgetWan: 900, Published: -300},
	{Title: "氢燃料电池膜电极", Goal: "功率密度达到1.2瓦每平方厘米。", BudgetWan: 1500, Published: -30, Applicants: []string{"西部储能"}},
	{Title: "航空发动机叶片精密铸造", Goal: "单晶叶片合格率提高到85%。", BudgetWan: 2600, Published: -30, Applicants: []string{"关中新材料院"}},
	{Title: "量子保密通信城域网关键设备", Goal: "完成城域网示范。", BudgetWan: 1800, Published: -30, Applicants: []string{"秦岭信安室"}},
	{Title: "高端医疗影像探测器", Goal: "实现探测器核心部件国产化。", BudgetWan: 1400, Published: -30, Applicants: []string{"先进光子院"}},
	{Title: "智能农机北斗导航作业系统", Goal: "作业精度达到2.5厘米。", BudgetWan: 700, Published: -30, Applicants: []string{"杨凌种业中心"}},
	{Title: "钛合金增材制造构件", Goal: "构件力学性能达到锻件水平。", BudgetWan: 1300, Published: -30},
	{Title: "城市生命线安全监测", Goal: "建成覆盖主城区的监测网。", BudgetWan: 1000, Published: -30},
	{Title: "特高压输电智能巡检机器人", Goal: "实现无人值守巡检。", BudgetWan: 1100, Published: -30},
	{Title: "碳化硅功率器件", Goal: "1200伏器件通过车规认证。", BudgetWan: 2000, Published: -30},
}

// directProject is the programme's project set up without a 榜单, led by a
// 领衔专家.
var directProject = projectSpec{Title: "秦创原高端装备共性技术平台", Lead: "长安智联院", Chief: "孟某", Role: duban.ChiefLeadExpert, Coop: []string{"秦川精密传动", "西部半导体"},
	Start: -400, Years: 3, BudgetWan: 3000, TRLStart: 4, TRLTarget: 7, Milestones: []milestoneSpec{
		{Title: "平台方案与共性技术清单", Deliverables: "平台建设方案", Due: -300, TRL: 5, TrancheWan: 800, Result: duban.ResultPass, Reached: 5, AssessedAfter: 7, Opinion: "方案完整，同意通过。"},
		{Title: "共性技术验证线", Deliverables: "验证线验收报告", Due: -40, TRL: 6, TrancheWan: 1000, Result: duban.ResultPass, Reached: 6, AssessedAfter: 5, Opinion: "验证线运行稳定，同意通过。"},
		{Title: "平台开放运营", Deliverables: "运营报告", Due: 30, TRL: 7, TrancheWan: 1200},
	}}
