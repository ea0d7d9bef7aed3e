package demo

import "duban/internal/duban"

// The demo data set: the special inspection of 中共陕西省委科技工委 by
// 省委第一巡视组 in the 十三届省委第十一轮 round (on site 2021-05-27 to
// 2021-06-27, feedback 2021-08-26), held as 4 aspects, 12 problems and 23
// measures. Unit names, dates, counts, problem titles and money figures are
// the facts of the public notice; every descriptive text below is the demo's
// own wording.

// unitSpec is a unit of the demo.
type unitSpec struct {
	Name, Short string
	Kind        duban.UnitKind // duban.UnitParty, UnitGovernment, UnitDepartment, UnitCity, UnitUniversity, UnitEnterprise, UnitDivision, UnitOther
	Parent      string         // short name of the parent unit, or ""
}

// reportSpec is a progress report of one unit on a measure.
type reportSpec struct {
	Unit          string // short name
	Period        string // "2021-10", "2022-03" …
	WorkDate      string // YYYY-MM-DD of the work evidenced
	Content       string
	Accepted      bool // false = returned with ReturnComment
	ReturnComment string
}

// measureSpec is a measure (整改举措) of a problem.
type measureSpec struct {
	Title        string // the short heading, close to the notice's 一是/二是 heading
	Content      string
	Target       string
	Requirements string
	// Deadline: "2021-12-31" (an absolute date), "立行立改", "长期坚持",
	// or a date relative to the day the demo is loaded: "today+30", "today-12".
	Deadline string
	Lead     string   // short name of the lead unit
	Coop     []string // short names of cooperating units
	Leader   string   // responsible leader, e.g. "张某某（副厅长）" – invented names with 某某
	Person   string   // responsible person, e.g. "李某（规划处处长）"
	// States gives the assignment status of each unit (lead and coop, every one of them must appear):
	// "draft", "assigned", "in_progress", "closure_requested", "closure_signed"
	// (closure requested and signed off by the leader), "closed", "closed_phase" (long-term item closed as 阶段性完成),
	// "returned" (closure was requested and returned: now in_progress again), "reopened" (closed, then a look-back found a relapse; in_progress with a new deadline).
	States         map[string]string
	Reports        []reportSpec
	ClosureSummary string // for units whose state involves a closure request: the summary text
}

type problemSpec struct {
	Title    string // exactly as the notice gives it, inside the quotes
	Measures []measureSpec
}

type aspectSpec struct {
	Title    string // e.g. 责任落实方面
	Problems []problemSpec
}

type meetingSpec struct {
	Kind      string // 工委会, 专题会, 领导小组会
	Date      string // YYYY-MM-DD
	Title     string
	Attendees string
	Decisions string
	Measures  []int // global measure indices, 0-based, in order across all aspects and problems
}

var demoUnits = []unitSpec{
	{Name: "中共陕西省委科技工委", Short: "省委科技工委", Kind: duban.UnitParty},
	{Name: "陕西省科学技术厅", Short: "省科技厅", Kind: duban.UnitDepartment},
	{Name: "陕西省科学技术厅政策法规处", Short: "政策法规处", Kind: duban.UnitDivision, Parent: "省科技厅"},
	{Name: "陕西省科学技术厅成果转化处", Short: "成果转化处", Kind: duban.UnitDivision, Parent: "省科技厅"},
	{Name: "陕西省财政厅", Short: "省财政厅", Kind: duban.UnitDepartment},
	{Name: "陕西省工业和信息化厅", Short: "省工信厅", Kind: duban.UnitDepartment},
	{Name: "陕西省人力资源和社会保障厅", Short: "省人社厅", Kind: duban.UnitDepartment},
	{Name: "陕西省教育厅", Short: "省教育厅", Kind: duban.UnitDepartment},
	{Name: "陕西省人民政府国有资产监督管理委员会", Short: "省国资委", Kind: duban.UnitDepartment},
	{Name: "陕西省发展和改革委员会", Short: "省发展改革委", Kind: duban.UnitDepartment},
	{Name: "陕西省商务厅", Short: "省商务厅", Kind: duban.UnitDepartment},
	{Name: "陕西省农业农村厅", Short: "省农业农村厅", Kind: duban.UnitDepartment},
	{Name: "中共陕西省委人才工作领导小组办公室", Short: "省委人才办", Kind: duban.UnitParty},
	{Name: "陕西省地方金融监督管理局", Short: "省地方金融监管局", Kind: duban.UnitDepartment},
	{Name: "陕西省市场监督管理局", Short: "省市场监管局", Kind: duban.UnitDepartment},
	{Name: "中共陕西省委军民融合发展委员会办公室", Short: "省委军民融合办", Kind: duban.UnitParty},
	{Name: "陕西省统计局", Short: "省统计局", Kind: duban.UnitDepartment},
	{Name: "中共陕西省委组织部", Short: "省委组织部", Kind: duban.UnitParty},
	{Name: "陕西省科学技术协会", Short: "省科协", Kind: duban.UnitOther},
	{Name: "延安市人民政府", Short: "延安市", Kind: duban.UnitCity},
	{Name: "渭南市人民政府", Short: "渭南市", Kind: duban.UnitCity},
	{Name: "杨凌农业高新技术产业示范区管委会", Short: "杨凌示范区", Kind: duban.UnitCity},
}

var demoAspects = []aspectSpec{
	{
		Title: "责任落实方面",
		Problems: []problemSpec{
			{
				Title: "落实创新驱动发展政治责任不够到位",
				Measures: []measureSpec{
					{ // 0
						Title:        "深入学习贯彻习近平总书记来陕考察重要讲话重要指示和关于创新驱动发展的重要论述",
						Content:      "把总书记来陕考察重要讲话重要指示和关于创新驱动发展的重要论述列为理论学习中心组的必学内容，结合党史学习教育开展专题研讨，把学习体会转化为具体工作举措。",
						Target:       "领导班子和党员干部对创新驱动发展重要论述的理解更加深入，专题学习形成常态。",
						Requirements: "每季度至少安排一次专题学习研讨；各地市同步组织，学习记录随进展一并报送。",
						Deadline:     "长期坚持",
						Lead:         "省委科技工委",
						Coop:         []string{"延安市", "渭南市"},
						Leader:       "王某某（省委科技工委书记、省科技厅厅长）",
						Person:       "赵某（机关党委专职副书记）",
						States:       map[string]string{"省委科技工委": "closed_phase", "延安市": "in_progress", "渭南市": "in_progress"},
						Reports: []reportSpec{
							{Unit: "省委科技工委", Period: "2021-09", WorkDate: "2021-09-16", Accepted: true,
								Content: "工委理论学习中心组围绕总书记来陕考察重要讲话开展专题研讨，班子成员逐一交流发言，并梳理形成下一步落实清单。"},
							{Unit: "渭南市", Period: "2026-10", WorkDate: "2026-10-20", Accepted: true,
								Content: "市委理论学习中心组开展创新驱动发展专题学习，结合秦创原渭南创新促进中心建设进行研讨，学习记录已上传。"},
						},
						ClosureSummary: "重要论述学习已纳入中心组年度计划，按季度开展专题研讨，学习机制已经建立。申请按阶段性完成处理，今后继续按期报送。",
					},
					{ // 1
						Title:        "深入学习贯彻秦创原创新驱动平台建设大会精神",
						Content:      "组织传达学习秦创原创新驱动平台建设大会精神和三年行动计划，研究制定配套政策，发挥平台建设领导小组办公室的统筹作用。",
						Target:       "省级部门与各地市协同的“1+N”政策体系基本形成，平台建设大会各项部署落地。",
						Requirements: "组建秦创原工作专班，建立会议协商和信息通报机制；会同督查部门开展专项督查并跟踪问题整改。",
						Deadline:     "2021-12-31",
						Lead:         "省科技厅",
						Leader:       "李某某（省科技厅副厅长）",
						Person:       "孙某（秦创原工作专班负责人）",
						States:       map[string]string{"省科技厅": "closed"},
						Reports: []reportSpec{
							{Unit: "省科技厅", Period: "2021-11", WorkDate: "2021-11-18", Accepted: true,
								Content: "抽调人员组建秦创原工作专班，协商通报机制和工作专报已运行；会同省委、省政府督查室对14家省级部门、高校和省属企业开展了专项督查。"},
						},
						ClosureSummary: "工作专班和协商通报机制运行正常，配套政策体系基本形成，专项督查发现的问题已逐项反馈整改，申请销号。",
					},
				},
			},
			{
				Title: "省直牵头部门对创新驱动发展重视不够",
				Measures: []measureSpec{
					{ // 2
						Title:        "发挥省实施创新驱动发展战略领导小组办公室作用",
						Content:      "调整完善领导小组组成，以领导小组办公室名义转发反馈意见并牵头制定整改方案，加强全省创新驱动发展的统筹谋划。",
						Target:       "领导小组办公室的统筹、调度和督促职能有效发挥，整改方案印发实施。",
						Requirements: "召开成员单位专题工作会议进行动员部署；按月汇总成员单位整改进展并通报。",
						Deadline:     "2021-12-31",
						Lead:         "省科技厅",
						Coop:         []string{"省发展改革委"},
						Leader:       "王某某（省委科技工委书记、省科技厅厅长）",
						Person:       "周某（发展规划处处长）",
						States:       map[string]string{"省科技厅": "closed", "省发展改革委": "closed"},
						Reports: []reportSpec{
							{Unit: "省发展改革委", Period: "2021-10", WorkDate: "2021-10-12", Accepted: true,
								Content: "配合提出领导小组成员调整建议并参与起草整改方案；“十四五”重大项目中已统筹安排创新驱动工程和制造业高质量发展工程项目680个。"},
						},
						ClosureSummary: "领导小组成员已调整到位，整改方案已印发，成员单位进展按月调度；“十四五”创新驱动发展规划和科技创新规划已编制印发，申请销号。",
					},
					{ // 3
						Title:        "深入贯彻落实《关于创新驱动引领高质量发展的若干政策措施》",
						Content:      "组织省级部门对若干政策措施再学习、再部署，对照任务分工逐项建立台账，明确责任处室和完成时限。",
						Target:       "政策措施的每项任务都有责任处室、工作台账和完成时限，推进情况可追踪。",
						Requirements: "各部门建立专门工作机制并定期督办；涉农任务统筹支持农业科技创新和杨凌农高会。",
						Deadline:     "today+45",
						Lead:         "省科技厅",
						Coop:         []string{"省财政厅", "省农业农村厅"},
						Leader:       "刘某某（省科技厅副厅长）",
						Person:       "吴某（政策法规处处长）",
						States:       map[string]string{"省科技厅": "closed", "省财政厅": "closed", "省农业农村厅": "reopened"},
						Reports: []reportSpec{
							{Unit: "省财政厅", Period: "2022-03", WorkDate: "2022-03-10", Accepted: true,
								Content: "厅内成立落实创新驱动发展战略领导小组，明确了成员分工、工作规则和工作要求，任务台账已建立。"},
							{Unit: "省农业农村厅", Period: "2026-10", WorkDate: "2026-10-28", Accepted: true,
								Content: "针对回头看指出的问题，重新梳理农业科技创新驱动工作专班的任务清单，正会同省财政厅测算农业科研推广资金安排。"},
						},
						ClosureSummary: "各部门已完成再学习再部署，任务台账和督办机制均已建立；农业科技创新驱动工作专班已成立并启动全产业链提升工作，申请销号。",
					},
				},
			},
			{
				Title: "部分市县党委落实创新驱动发展责任有差距",
				Measures: []measureSpec{
					{ // 4
						Title:        "加强对创新驱动发展工作的组织领导和推动落实",
						Content:      "督促各地市传达学习平台建设大会精神和相关政策文件，健全创新驱动发展工作机构，制定本地推进计划。",
						Target:       "各地市均建立创新驱动发展领导机构并出台本地实施意见。",
						Requirements: "以延安市、渭南市为重点，按期报送机构设立和文件出台情况；省委科技工委跟踪指导。",
						Deadline:     "2022-06-30",
						Lead:         "省委科技工委",
						Coop:         []string{"延安市", "渭南市"},
						Leader:       "张某某（省委科技工委副书记）",
						Person:       "郑某（办公室主任）",
						States:       map[string]string{"省委科技工委": "closed", "延安市": "closed", "渭南市": "closed"},
						Reports: []reportSpec{
							{Unit: "延安市", Period: "2021-11", WorkDate: "2021-11-25", Accepted: true,
								Content: "市里成立创新驱动发展领导小组，召开创新发展暨人才工作大会，并出台进一步推进创新驱动发展的实施意见。"},
						},
						ClosureSummary: "两市领导机构均已设立并正常运转，本地实施意见已出台，相关文件作为佐证材料上传，申请销号。",
					},
				},
			},
		},
	},
	{
		Title: "政策落实方面",
		Problems: []problemSpec{
			{
				Title: "落实创新驱动发展政策行动慢",
				Measures: []measureSpec{
					{ // 5
						Title:        "加快推动创新驱动发展相关政策落实",
						Content:      "推进省级财政科研经费管理改革，完善政府性融资担保体系，设立种子、天使基金，运用政府采购支持首台（套）及科技创新产品。",
						Target:       "科技型中小企业融资难问题明显缓解，创新产品进入政府采购渠道。",
						Requirements: "省财政厅牵头起草科研经费管理实施意见；省工信厅配合做好首台（套）产品的推广应用。",
						Deadline:     "today+90",
						Lead:         "省财政厅",
						Coop:         []string{"省工信厅"},
						Leader:       "陈某某（省财政厅副厅长）",
						Person:       "黄某（教科文处处长）",
						States:       map[string]string{"省财政厅": "in_progress", "省工信厅": "closure_requested"},
						Reports: []reportSpec{
							{Unit: "省财政厅", Period: "2022-01", WorkDate: "2022-01-20", Accepted: true,
								Content: "设立省政府性融资担保基金，下达1.4亿元对担保降费给予奖补；首批3只科创种子基金完成签约，总规模3亿元。"},
							{Unit: "省工信厅", Period: "2022-06", WorkDate: "2022-06-15", Accepted: true,
								Content: "与省财政厅联合发文，运用政府采购政策支持首台（套）及科技创新产品，并在省政府采购网电子卖场开设专馆。"},
						},
						ClosureSummary: "首台（套）及创新产品专馆已上线运行，政府采购支持政策已发文实施，省工信厅承担的任务申请销号。",
					},
					{ // 6
						Title:        "加快推动政策落地落实",
						Content:      "推动促进科技成果转化的支持政策在地市落地，制定提升技术成果转化能力的具体方案。",
						Target:       "地市层面成果转化配套政策健全，技术合同交易量稳步增长。",
						Requirements: "成果转化处加强业务指导；渭南市、杨凌示范区按月报送政策落实和技术交易情况，并附统计数据。",
						Deadline:     "today-20",
						Lead:         "成果转化处",
						Coop:         []string{"渭南市", "杨凌示范区"},
						Leader:       "李某某（省科技厅副厅长）",
						Person:       "马某（成果转化处处长）",
						States:       map[string]string{"成果转化处": "in_progress", "渭南市": "returned", "杨凌示范区": "in_progress"},
						Reports: []reportSpec{
							{Unit: "渭南市", Period: "2022-02", WorkDate: "2022-02-18", Accepted: true,
								Content: "以市领导小组办公室名义印发优化创新创业生态、提升成果转化能力的工作方案，提出16条具体措施。"},
							{Unit: "杨凌示范区", Period: "2022-09", WorkDate: "2022-09-20", Accepted: true,
								Content: "秦创原农业板块累计完成技术合同交易55项、交易额1.66亿元，植物品种权交易22项、交易额2579万元。"},
							{Unit: "渭南市", Period: "2026-10", WorkDate: "2026-10-15", Accepted: false,
								Content:       "本月继续推进16条措施落实，组织企业参加成果对接活动。",
								ReturnComment: "佐证材料不全，请补充对接活动签到表和技术合同登记数据，并逐条说明16条措施的落实情况。"},
						},
						ClosureSummary: "16条措施均已出台配套细则，成果转化支持政策在全市落地，申请销号。",
					},
				},
			},
			{
				Title: "落实创新驱动发展政策打折扣",
				Measures: []measureSpec{
					{ // 7
						Title:        "落实支持科技型企业发展政策",
						Content:      "兑现首次认定高新技术企业的奖补政策，实施科技型企业梯队培育计划，加大对“专精特新”中小企业的支持。",
						Target:       "“科技型中小企业—高新技术企业—上市企业”梯队培育链条基本形成，科技型企业数量持续增长。",
						Requirements: "按各地市新增认定数量和增速分配奖补资金；省工信厅做好研发投入增量奖补的兑现。",
						Deadline:     "today+3",
						Lead:         "省科技厅",
						Coop:         []string{"省财政厅", "省工信厅"},
						Leader:       "刘某某（省科技厅副厅长）",
						Person:       "何某（高新技术处处长）",
						States:       map[string]string{"省科技厅": "closure_requested", "省财政厅": "closure_signed", "省工信厅": "in_progress"},
						Reports: []reportSpec{
							{Unit: "省财政厅", Period: "2022-04", WorkDate: "2022-04-12", Accepted: true,
								Content: "会同省科技厅，按各地市新增认定数量和增速下达高新技术企业综合奖补资金1500万元。"},
							{Unit: "省科技厅", Period: "2022-09", WorkDate: "2022-09-26", Accepted: true,
								Content: "本年度评价入库科技型中小企业11000家，首次超过万家；高新技术企业通过评审3700家，首批认定省级瞪羚企业191家。"},
						},
						ClosureSummary: "奖补资金已下达到位，梯队培育计划按年度实施，入库和认定数据已核实，申请销号。",
					},
					{ // 8
						Title:        "推动落实创新人才激励和保障政策",
						Content:      "贯彻中央人才工作会议精神，完善科研人员成果赋权、职称评审和博士后支持等激励保障政策。",
						Target:       "人才激励保障政策体系更加健全，科研人员创新活力充分释放。",
						Requirements: "省人社厅牵头职称评审和博士后政策；省科技厅推进赋权试点和人才计划；省委人才办统筹协调。",
						Deadline:     "长期坚持",
						Lead:         "省人社厅",
						Coop:         []string{"省科技厅", "省委人才办"},
						Leader:       "杨某某（省人社厅副厅长）",
						Person:       "许某（专业技术人员管理处处长）",
						States:       map[string]string{"省人社厅": "in_progress", "省科技厅": "in_progress", "省委人才办": "assigned"},
						Reports: []reportSpec{
							{Unit: "省人社厅", Period: "2022-01", WorkDate: "2022-01-14", Accepted: true,
								Content: "印发高校技术转移转化专业人才职称评审的通知，这类人才的职称纳入工程系列评审。"},
						},
					},
				},
			},
			{
				Title: "落实创新驱动发展政策效果不明显",
				Measures: []measureSpec{
					{ // 9
						Title:        "认真落实吸引高层次人才优惠政策",
						Content:      "指导省高层次人才服务中心主动对接反映问题的企业，逐项核实诉求，宣讲人才政策。",
						Target:       "企业反映的人才政策落实问题得到回应和解决，服务渠道畅通。",
						Requirements: "立即对接、限期回复；建立常态沟通机制，优化高层次人才网上服务平台。",
						Deadline:     "立行立改",
						Lead:         "省委人才办",
						Coop:         []string{"省人社厅"},
						Leader:       "罗某某（省委人才办副主任）",
						Person:       "高某（人才服务处负责人）",
						States:       map[string]string{"省委人才办": "closed", "省人社厅": "closed"},
						Reports: []reportSpec{
							{Unit: "省委人才办", Period: "2021-09", WorkDate: "2021-09-28", Accepted: true,
								Content: "指导省高层次人才服务中心上门对接西安鑫垚、西安翔腾两家公司，逐项核对所反映问题，并推送高层次人才网上服务系统。"},
						},
						ClosureSummary: "企业反映问题已核实并答复，沟通机制已建立，网上服务平台完成优化，申请销号。",
					},
				},
			},
		},
	},
	{
		Title: "工作落实方面",
		Problems: []problemSpec{
			{
				Title: "工作标准不够高",
				Measures: []measureSpec{
					{ // 10
						Title:        "实施“两链”融合科技行动",
						Content:      "围绕重点产业链的重大需求实施“两链”融合科技行动，建立企业资源、创新资源和关键核心技术“三张清单”，布局共性技术平台和创新联合体。",
						Target:       "创新链与产业链深度融合，重点产业链关键核心技术攻关取得突破。",
						Requirements: "实行技术总师负责制部署重点专项，发布“揭榜挂帅”攻关课题，按季度调度进展。",
						Deadline:     "长期坚持",
						Lead:         "省科技厅",
						Coop:         []string{"省工信厅"},
						Leader:       "李某某（省科技厅副厅长）",
						Person:       "冯某（高新技术处处长）",
						States:       map[string]string{"省科技厅": "in_progress", "省工信厅": "closed_phase"},
						Reports: []reportSpec{
							{Unit: "省科技厅", Period: "2022-03", WorkDate: "2022-03-22", Accepted: true,
								Content: "23条重点产业链的“三张清单”已建立，支持组建共性技术研发平台7个、创新联合体9个，部署“两链”融合重点专项7个，支持经费8000万元。"},
							{Unit: "省科技厅", Period: "2026-11", WorkDate: "2026-11-18", Accepted: true,
								Content: "本季度对“两链”融合重点专项开展中期检查，对进度滞后的课题下发了整改提示。"},
						},
						ClosureSummary: "关键核心技术清单梳理和企业“揭榜挂帅”组织工作已完成阶段任务，申请阶段性完成，今后按季度报送。",
					},
				},
			},
			{
				Title: "工作作风不够扎实",
				Measures: []measureSpec{
					{ // 11
						Title:        "深入推动纲要重点任务落实",
						Content:      "对纲要重点任务分工方案再梳理，建立工作台账，明确牵头落实、督办和反馈报告机制。",
						Target:       "纲要确定的重点任务都有牵头处室、进度安排和督办记录。",
						Requirements: "印发重点任务落实工作机制文件；省国资委配合推进境外产业园升级改造等涉企事项。",
						Deadline:     "today+30",
						Lead:         "政策法规处",
						Coop:         []string{"省国资委"},
						Leader:       "刘某某（省科技厅副厅长）",
						Person:       "吴某（政策法规处处长）",
						States:       map[string]string{"政策法规处": "closure_signed", "省国资委": "in_progress"},
						Reports: []reportSpec{
							{Unit: "政策法规处", Period: "2022-04", WorkDate: "2022-04-08", Accepted: true,
								Content: "印发建立重点任务落实工作机制的通知，重点任务台账已建立；科研经费管理实施意见中已写入责任追究条款。"},
						},
						ClosureSummary: "工作机制文件已印发，任务台账按月更新，督办记录完整，经分管厅领导签字同意，申请销号。",
					},
					{ // 12
						Title:        "加快出台重大招商引资奖励制度",
						Content:      "研究出台全省招商引资奖励办法，对引进重大科技型项目的单位和个人给予激励。",
						Target:       "《陕西省招商引资奖励办法》正式印发实施。",
						Requirements: "成立专门工作组，完成调研起草、征求意见和合法性审查，按程序报批。",
						Deadline:     "today-45",
						Lead:         "省商务厅",
						Leader:       "韩某某（省商务厅副厅长）",
						Person:       "曹某（投资促进处处长）",
						States:       map[string]string{"省商务厅": "in_progress"},
						Reports: []reportSpec{
							{Unit: "省商务厅", Period: "2022-03", WorkDate: "2022-03-16", Accepted: true,
								Content: "成立招商引资奖励制度工作领导小组，完成《陕西省招商引资奖励办法》初稿。"},
							{Unit: "省商务厅", Period: "2026-09", WorkDate: "2026-09-25", Accepted: false,
								Content:       "继续完善奖励办法文稿，计划近期报审。",
								ReturnComment: "进展描述过于笼统，请说明征求意见和合法性审查所处环节、预计报批时间，并附修改稿。"},
						},
					},
					{ // 13
						Title:        "推动实施创新驱动发展战略监测指标纳入全省目标责任考核评价指标体系",
						Content:      "将研发经费投入强度、高新技术企业数量、科技型中小企业数量等监测指标纳入高质量发展综合绩效评价和年度目标责任考核。",
						Target:       "创新驱动发展监测指标在市（区）和省直部门的年度考核中得到体现。",
						Requirements: "省发展改革委牵头完善指标体系；省委组织部做好与考核工作的衔接；省统计局提供指标口径和数据支撑。",
						Deadline:     "today+60",
						Lead:         "省发展改革委",
						Coop:         []string{"省委组织部", "省统计局"},
						Leader:       "蒋某某（省发展改革委副主任）",
						Person:       "谢某（规划处处长）",
						States:       map[string]string{"省发展改革委": "closure_requested", "省委组织部": "in_progress", "省统计局": "in_progress"},
						Reports: []reportSpec{
							{Unit: "省发展改革委", Period: "2022-02", WorkDate: "2022-02-24", Accepted: true,
								Content: "会同省委组织部、省统计局印发高质量发展综合绩效评价指标体系（试行），创新驱动发展监测指标已列入其中。"},
						},
						ClosureSummary: "指标体系已印发并用于年度目标任务考核，牵头任务完成，申请销号。",
					},
					{ // 14
						Title:        "加大对创新驱动发展工作的部署推动",
						Content:      "相关部门结合职能制定任务分工，在金融支持、营商环境和军民融合成果转化等方面推出支持举措。",
						Target:       "金融、市场监管、军民融合等领域形成支持秦创原建设的具体政策和工作载体。",
						Requirements: "明确责任处室和责任人，建立任务进展台账，按月报送。",
						Deadline:     "today+60",
						Lead:         "省地方金融监管局",
						Coop:         []string{"省市场监管局", "省委军民融合办"},
						Leader:       "董某某（省地方金融监管局副局长）",
						Person:       "梁某（金融发展处处长）",
						States:       map[string]string{"省地方金融监管局": "in_progress", "省市场监管局": "reopened", "省委军民融合办": "in_progress"},
						Reports: []reportSpec{
							{Unit: "省地方金融监管局", Period: "2022-05", WorkDate: "2022-05-19", Accepted: true,
								Content: "制定金融支持秦创原创新驱动平台建设的若干措施，指导陕西股权交易中心开设秦创原专区，推动高新技术企业集中挂牌。"},
							{Unit: "省市场监管局", Period: "2026-10", WorkDate: "2026-10-30", Accepted: true,
								Content: "针对回头看发现个别地市企业开办时限反弹的问题，已逐市通报并开展专项抽查。"},
						},
						ClosureSummary: "企业开办时间压缩、注销便利化和“证照分离”改革全覆盖试点等任务已完成，申请销号。",
					},
				},
			},
			{
				Title: "工作力度不够大",
				Measures: []measureSpec{
					{ // 15
						Title:        "加大科技创新投入力度",
						Content:      "把科技投入作为财政保障的重点，财政科技投入只增不减；新增秦创原平台建设和高校成果转化奖补资金，督促各地市加大投入。",
						Target:       "全省财政科技投入逐年增长，各地市财政科技支出不低于上年同期。",
						Requirements: "建立地市财政科技投入监测机制，按月跟踪；对投入下降的地市采取会商、督促、通报约谈等措施。",
						Deadline:     "长期坚持",
						Lead:         "省财政厅",
						Coop:         []string{"省科技厅", "延安市", "渭南市"},
						Leader:       "陈某某（省财政厅副厅长）",
						Person:       "黄某（教科文处处长）",
						States:       map[string]string{"省财政厅": "in_progress", "省科技厅": "in_progress", "延安市": "returned", "渭南市": "in_progress"},
						Reports: []reportSpec{
							{Unit: "省财政厅", Period: "2022-06", WorkDate: "2022-06-20", Accepted: true,
								Content: "新增安排秦创原创新驱动平台建设资金2亿元和高校技术成果转化奖补资金2亿元，地市财政科技投入按月监测已经启动。"},
							{Unit: "延安市", Period: "2026-09", WorkDate: "2026-09-28", Accepted: false,
								Content:       "市级财政科技支出保持稳定，申请按阶段性完成处理。",
								ReturnComment: "未附本年度1至8月财政科技支出月度数据及上年同期对比，无法核实“只增不减”要求的落实情况，请补充后重新报送。"},
						},
						ClosureSummary: "本年度市级财政科技支出保持稳定，监测表按月报送，申请按阶段性完成处理。",
					},
					{ // 16
						Title:        "推动秦创原创新驱动平台建设",
						Content:      "发挥秦创原领导小组办公室作用，推动各地市、各部门及高校、国企深度参与平台建设，建好网上平台和各地市创新促进中心。",
						Target:       "秦创原总窗口和各地市创新促进中心高效运转，成果转化和企业孵化数量持续增长。",
						Requirements: "分组深入地市对接成果和需求；教育、国资、科协等部门分别制定支持举措，按月报送进展。",
						Deadline:     "长期坚持",
						Lead:         "省科技厅",
						Coop:         []string{"省教育厅", "省国资委", "省科协"},
						Leader:       "王某某（省委科技工委书记、省科技厅厅长）",
						Person:       "孙某（秦创原工作专班负责人）",
						States:       map[string]string{"省科技厅": "in_progress", "省教育厅": "in_progress", "省国资委": "in_progress", "省科协": "assigned"},
						Reports: []reportSpec{
							{Unit: "省科技厅", Period: "2022-01", WorkDate: "2022-01-21", Accepted: true,
								Content: "分8个组赴11个地市对接90余家单位，征集科技成果2920项、技术需求227项；秦创原网上平台已汇集数据300余万条。"},
							{Unit: "省国资委", Period: "2022-08", WorkDate: "2022-08-18", Accepted: true,
								Content: "出台支持省属企业进驻秦创原的12条政策，设立秦创原国企创新中心，与17所高校的47个团队开展协同创新。"},
						},
					},
					{ // 17
						Title:        "加快推进自贸试验区“证照分离”改革全覆盖试点工作",
						Content:      "指导自贸试验区各片区和相关单位推进“证照分离”改革全覆盖试点，分类推进审批制度改革。",
						Target:       "试点改革事项全部落实，市场主体准入更加便利。",
						Requirements: "逐项核对改革事项完成情况；省市场监管局配合做好涉企许可事项的衔接。",
						Deadline:     "today+3",
						Lead:         "省商务厅",
						Coop:         []string{"省市场监管局"},
						Leader:       "韩某某（省商务厅副厅长）",
						Person:       "邓某（自贸区工作处处长）",
						States:       map[string]string{"省商务厅": "in_progress", "省市场监管局": "in_progress"},
						Reports: []reportSpec{
							{Unit: "省商务厅", Period: "2022-07", WorkDate: "2022-07-14", Accepted: true,
								Content: "指导29家单位报送“证照分离”改革事项完成情况，并按国务院通知要求分类推进审批制度改革。"},
						},
					},
				},
			},
		},
	},
	{
		Title: "典型问题",
		Problems: []problemSpec{
			{
				Title: "落实省委领导批示不够有力，压电单晶项目落地江苏扬中市",
				Measures: []measureSpec{
					{ // 18
						Title:        "加大力度促进科技成果就地转化",
						Content:      "完善省领导批示件办理机制，实施百项科技成果转化行动，建立成果转化项目培育库，推动高校成果在陕转化。",
						Target:       "批示件逐件办结，重大科技成果在陕转化的比例明显提高。",
						Requirements: "批示件逐件登记，明确责任处室和办理要求并定期督办；常态化组织路演和项目对接。",
						Deadline:     "today+120",
						Lead:         "省科技厅",
						Coop:         []string{"成果转化处", "省教育厅"},
						Leader:       "李某某（省科技厅副厅长）",
						Person:       "马某（成果转化处处长）",
						States:       map[string]string{"省科技厅": "in_progress", "成果转化处": "in_progress", "省教育厅": "in_progress"},
						Reports: []reportSpec{
							{Unit: "成果转化处", Period: "2022-09", WorkDate: "2022-09-15", Accepted: true,
								Content: "联合各地市、各部门举办路演131场，推介项目3000余项；秦创原总窗口落地转化的115项成果中，有16项原计划到省外转化。"},
							{Unit: "省科技厅", Period: "2026-11", WorkDate: "2026-11-12", Accepted: true,
								Content: "本月新登记省领导批示件并明确承办处室，上月批示件均已按期办结回复。"},
						},
					},
				},
			},
			{
				Title: "部分国有企业对科技创新重视不足，折叠显示器用柔性玻璃转化项目落地山东济宁市",
				Measures: []measureSpec{
					{ // 19
						Title:        "强化省属国有企业科技创新工作",
						Content:      "省科技厅与省国资委开展专题协商，指导省属企业建设研发平台、承担重点项目，推动与高校院所结对攻关。",
						Target:       "省属企业研发投入持续增长，创新主体作用明显增强。",
						Requirements: "研发投入纳入企业负责人经营业绩考核；定期通报省属企业科技创新情况。",
						Deadline:     "长期坚持",
						Lead:         "省国资委",
						Coop:         []string{"省科技厅"},
						Leader:       "田某某（省国资委副主任）",
						Person:       "潘某（科技创新处处长）",
						States:       map[string]string{"省国资委": "in_progress", "省科技厅": "in_progress"},
						Reports: []reportSpec{
							{Unit: "省国资委", Period: "2022-09", WorkDate: "2022-09-23", Accepted: true,
								Content: "省属企业研发投入85.73亿元，同比增长51.3%；延长石油已发布两批共10个“揭榜挂帅”攻关项目。"},
						},
					},
				},
			},
			{
				Title: "实施重大科技专项前紧后松",
				Measures: []measureSpec{
					{ // 20
						Title:        "进一步优化科技重大项目组织模式",
						Content:      "在重大科技专项中推行领衔专家制、“揭榜挂帅”和“赛马制”等组织方式，实行里程碑式管理。",
						Target:       "重大项目按技术就绪度设定考核节点，经费按进度分年度拨付，不再出现前紧后松。",
						Requirements: "修订重大科技项目管理办法，明确里程碑考核程序和经费拨付规则。",
						Deadline:     "today+90",
						Lead:         "省科技厅",
						Leader:       "刘某某（省科技厅副厅长）",
						Person:       "唐某（资源配置与管理处处长）",
						States:       map[string]string{"省科技厅": "draft"},
					},
					{ // 21
						Title:        "加快推动新舟700飞机项目资金落实",
						Content:      "落实省政府与中航工业新一轮战略合作框架协议，推动新舟700飞机项目建设资金到位。",
						Target:       "项目省级配套资金按协议足额到位。",
						Requirements: "省工信厅牵头对接项目单位，省财政厅做好资金安排；按季度报送资金到位情况。",
						Deadline:     "today-20",
						Lead:         "省工信厅",
						Coop:         []string{"省财政厅"},
						Leader:       "石某某（省工信厅副厅长）",
						Person:       "彭某（装备工业处处长）",
						States:       map[string]string{"省工信厅": "in_progress", "省财政厅": "assigned"},
						Reports: []reportSpec{
							{Unit: "省工信厅", Period: "2026-10", WorkDate: "2026-10-16", Accepted: true,
								Content: "与项目单位召开对接会，梳理资金缺口和拨付计划，已函请省财政厅研究安排。"},
						},
					},
					{ // 22
						Title:        "深入落实好招商引资优惠政策",
						Content:      "对照招商引资和人才引进中的承诺事项，协调解决高层次人才子女入学入园等实际困难。",
						Target:       "已承诺的人才服务保障事项全部兑现。",
						Requirements: "立即梳理承诺清单，逐人逐项协调落实，办理结果反馈本人。",
						Deadline:     "立行立改",
						Lead:         "省委人才办",
						Coop:         []string{"省人社厅", "省教育厅"},
						Leader:       "罗某某（省委人才办副主任）",
						Person:       "高某（人才服务处负责人）",
						States:       map[string]string{"省委人才办": "closed", "省人社厅": "closed", "省教育厅": "closed"},
						Reports: []reportSpec{
							{Unit: "省教育厅", Period: "2021-12", WorkDate: "2021-12-20", Accepted: true,
								Content: "按本人就读意愿，协调解决了2位院士孙子女、34位高层次人才子女和64位国防科工一线人才子女的入学入园。"},
						},
						ClosureSummary: "承诺事项已逐人落实并反馈本人，申请销号。",
					},
				},
			},
		},
	},
}

var demoMeetings = []meetingSpec{
	{
		Kind:      "工委会",
		Date:      "2021-08-27",
		Title:     "省委科技工委扩大会议：传达学习巡视反馈意见，部署整改工作",
		Attendees: "工委委员、委厅领导，机关各处室和直属单位主要负责同志",
		Decisions: "传达学习省委第一巡视组反馈会精神，成立由工委书记、厅长任组长的巡视整改工作领导小组并设办公室。对照反馈意见逐条制定整改举措，主要负责同志牵头抓总，分管领导分工负责。",
		Measures:  []int{0, 1, 2, 4},
	},
	{
		Kind:      "专题会",
		Date:      "2021-10-19",
		Title:     "巡视整改推进专题会：秦创原平台建设与财政科技投入",
		Attendees: "工委书记、厅长，分管副厅长，省财政厅、省教育厅有关处室负责同志，秦创原工作专班",
		Decisions: "研究秦创原平台建设、“两链”融合和财政科技投入等整改任务。建立地市财政科技投入按月监测机制，工作专班分组赴各地市对接成果和需求，整改进展每月汇总通报。",
		Measures:  []int{10, 15, 16, 18},
	},
}
