package notice

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"duban/internal/duban"
)

// Notices in layouts written by other hands (made up, after the shapes of
// real ones): problems as 问题一：, measures numbered 1. （1） ① inside a
// 整改情况： paragraph or on lines of their own, aspects as 关于…问题的整改情况
// holding numbered problems, and aspects run in as 一是…方面。

// problemsNamed: 问题一：… under aspects at （一）, the measures after
// 整改情况：/整改措施： numbered 1. （1） ① in one paragraph.
const problemsNamed = `中共某县卫生健康局党组关于巡察整改进展情况的通报

根据县委统一部署，2022年3月1日至4月30日，县委第二巡察组对中共某县卫生健康局党组进行了巡察。2022年6月10日，县委第二巡察组向中共某县卫生健康局党组反馈了巡察意见。按照巡察工作有关要求，现将整改进展情况予以公布。

一、整改工作开展情况
（一）提高政治站位。局党组召开专题会议研究部署整改工作。
二、巡察反馈问题整改落实情况
（一）党的政治建设方面
问题一：学习贯彻习近平新时代中国特色社会主义思想不够深入。
整改情况：1.制定理论学习中心组年度学习计划，已印发实施。2.开展专题研讨4次。
问题二：落实意识形态工作责任制不到位。
整改情况：（1）修订意识形态工作责任制实施细则。（2）每半年专题研究一次意识形态工作。
（二）全面从严治党方面
问题三：监督执纪偏软。
整改措施：①建立谈话提醒制度；②开展警示教育2次。
三、下一步工作打算
持续巩固整改成果。

欢迎广大干部群众对巡察整改落实情况进行监督。联系电话：0000-0000000。

中共某县卫生健康局党组
2022年9月30日`

// aspectsAsIssues: 一、关于…问题的整改情况 holds problems at 1., each with
// 整改措施： and measures at （1） on lines of their own.
const aspectsAsIssues = `中共某市教育局党组关于市委巡察整改进展情况的通报

2022年4月6日至5月20日，市委第三巡察组对中共某市教育局党组开展了常规巡察，7月8日反馈了巡察意见。现将整改进展情况公布如下。

一、关于党的领导弱化问题的整改情况
1.学习贯彻党的创新理论不深入。
整改措施：
（1）健全党组理论学习中心组学习制度，制定年度学习计划。
（2）开展读书班1期。
2.贯彻落实上级决策部署有差距。
整改措施：
（1）建立重大决策部署落实台账。
（2）每季度开展一次督查。
二、关于党的建设缺失问题的整改情况
1.基层党组织建设薄弱。
整改措施：
（1）开展基层党组织标准化建设。`

// aspectsCounted: aspects run in as 一是在…方面。, problems at 1. with
// their measure after 整改措施：.
const aspectsCounted = `中共某区文化和旅游局党组关于巡察整改情况的通报

根据区委统一部署，2022年9月16日至10月18日，区委第二巡察组对区文化和旅游局党组进行了巡察，2023年1月17日反馈了巡察意见。现将整改情况予以公布。

一、巡察反馈问题整改落实情况
一是在贯彻落实党的路线方针政策方面。
1.关于“文旅融合发展推进不力”的问题。整改措施：制定文旅融合发展三年行动方案，已印发。
2.关于“意识形态阵地管理不严”的问题。整改措施：开展阵地排查，建立阵地管理台账。
二是在全面从严治党方面。
1.关于“廉政风险防控不到位”的问题。整改措施：梳理廉政风险点42个，制定防控措施。
二、下一步工作打算
持续推进整改。`

// problemsAtSecond: problems at （一） under a section, measures at 1. on
// lines of their own; no aspects.
const problemsAtSecond = `中共某市审计局党组关于巡察整改进展情况的通报
一、巡察反馈问题整改情况
（一）关于“审计整改跟踪不到位”的问题
1.建立审计整改跟踪台账，已建立。
2.每季度通报整改情况。
（二）关于“干部教育培训不足”的问题
1.制定年度培训计划。
二、下一步打算
继续抓好整改。`

// aspectsNamedResponsibility: an aspect whose name holds words of an
// organisational section (主体责任), problems labelled 问题1：, measures
// （1）…；（2）… and ①…；②… after 整改措施：.
const aspectsNamedResponsibility = `中共某区住建局党组关于区委巡察整改情况的通报
一、关于落实全面从严治党主体责任方面
问题1：主体责任落实不力。
整改措施：（1）制定主体责任清单；（2）开展约谈提醒。
问题2：监督检查不到位。
整改措施：①开展专项检查；②建立问题台账。
二、关于干部队伍建设方面
问题3：干部培训不足。
整改措施：制定培训计划。`

// problemsPlain: a county's notice whose problems, under a section that
// reports on them, are titled without 关于 or quotation marks; a ratio in a
// measure (1:200); the closing words, the contact, the signature and a web
// page's residue after them.
const problemsPlain = `中共某县委编办关于县委巡察整改情况的通报

根据县委巡察工作统一部署，县委第二巡察组对县委编办进行了巡察。

一、整改工作开展情况
县委编办高度重视巡察整改工作。
二、巡察反馈问题整改情况
1.机构编制管理不够规范
一是开展机构编制核查；二是按照不低于1:200的比例核定编制。
2.事业单位改革推进缓慢的问题
一是制定改革方案；二是整合撤并事业单位17个。
下一步，县委编办将持续巩固整改成果。
欢迎广大干部群众对巡察整改落实情况进行监督。
联系人：县委编办 刘某  联系电话：0000-1234567

中共某县委机构编制委员会办公室
2024年3月12日
来源：某县委编办
编辑：赵某
审核：张某
【打印本页】 【关闭窗口】`

// problemsRunInComma: problem headings run into their measures after a
// comma (1.针对“…”问题，党组完善…).
const problemsRunInComma = `中共某局党组关于巡视整改进展情况的通报

（一）关于政治建设方面
1.针对“学习贯彻不够深入”问题，党组完善“第一议题”制度，开展专题学习18次。
2.关于“意识形态责任制落实不到位”的问题，一是修订责任制实施办法；二是开展专项检查2次。
（二）关于全面从严治党方面
1.针对“监督执纪偏软”问题，开展警示教育3次。`

var varietyTests = []struct {
	name string
	text string
	want shape
	// first is the first measure of each problem, as titled
	first []string
}{
	{"problems as 问题一：", problemsNamed, shape{
		counts:     [4]int{2, 3, 0, 6},
		aspects:    []string{"党的政治建设方面", "全面从严治党方面"},
		problems:   []string{"学习贯彻习近平新时代中国特色社会主义思想不够深入", "落实意识形态工作责任制不到位", "监督执纪偏软"},
		perProblem: []int{2, 2, 2},
	}, []string{"制定理论学习中心组年度学习计划，已印发实施", "修订意识形态工作责任制实施细则", "建立谈话提醒制度"}},
	{"aspects as 关于…问题的整改情况", aspectsAsIssues, shape{
		counts:     [4]int{2, 3, 0, 5},
		aspects:    []string{"党的领导弱化", "党的建设缺失"},
		problems:   []string{"学习贯彻党的创新理论不深入", "贯彻落实上级决策部署有差距", "基层党组织建设薄弱"},
		perProblem: []int{2, 2, 1},
	}, []string{"健全党组理论学习中心组学习制度，制定年度学习计划", "建立重大决策部署落实台账", "开展基层党组织标准化建设"}},
	{"aspects as 一是…方面", aspectsCounted, shape{
		counts:     [4]int{2, 3, 0, 3},
		aspects:    []string{"在贯彻落实党的路线方针政策方面", "在全面从严治党方面"},
		problems:   []string{"文旅融合发展推进不力", "意识形态阵地管理不严", "廉政风险防控不到位"},
		perProblem: []int{1, 1, 1},
	}, []string{"制定文旅融合发展三年行动方案，已印发", "开展阵地排查，建立阵地管理台账", "梳理廉政风险点42个，制定防控措施"}},
	{"problems at （一）, measures at 1.", problemsAtSecond, shape{
		counts:     [4]int{0, 2, 0, 3},
		problems:   []string{"审计整改跟踪不到位", "干部教育培训不足"},
		perProblem: []int{2, 1},
	}, []string{"建立审计整改跟踪台账，已建立", "制定年度培训计划"}},
	{"problems titled plainly under a section", problemsPlain, shape{
		counts:     [4]int{0, 2, 0, 4},
		problems:   []string{"机构编制管理不够规范", "事业单位改革推进缓慢的问题"},
		perProblem: []int{2, 2},
	}, []string{"开展机构编制核查", "制定改革方案"}},
	{"problems run into their measures after a comma", problemsRunInComma, shape{
		counts:     [4]int{2, 3, 0, 4},
		aspects:    []string{"关于政治建设方面", "关于全面从严治党方面"},
		problems:   []string{"学习贯彻不够深入", "意识形态责任制落实不到位", "监督执纪偏软"},
		perProblem: []int{1, 2, 1},
	}, []string{"党组完善“第一议题”制度，开展专题学习18次", "修订责任制实施办法", "开展警示教育3次"}},
	{"an aspect named like a section", aspectsNamedResponsibility, shape{
		counts:     [4]int{2, 3, 0, 5},
		aspects:    []string{"关于落实全面从严治党主体责任方面", "关于干部队伍建设方面"},
		problems:   []string{"主体责任落实不力", "监督检查不到位", "干部培训不足"},
		perProblem: []int{2, 2, 1},
	}, []string{"制定主体责任清单", "开展专项检查", "制定培训计划"}},
}

func TestParseVariety(t *testing.T) {
	for _, tt := range varietyTests {
		t.Run(tt.name, func(t *testing.T) {
			res := Parse(tt.text)
			got := shapeOf(res)
			if got.counts != tt.want.counts {
				t.Errorf("counts (aspects, problems, subproblems, measures): got %v, want %v", got.counts, tt.want.counts)
			}
			if !slices.Equal(got.aspects, tt.want.aspects) {
				t.Errorf("aspects: got %q, want %q", got.aspects, tt.want.aspects)
			}
			if !slices.Equal(got.problems, tt.want.problems) {
				t.Errorf("problems: got %q, want %q", got.problems, tt.want.problems)
			}
			if !slices.Equal(got.perProblem, tt.want.perProblem) {
				t.Errorf("measures per problem: got %v, want %v", got.perProblem, tt.want.perProblem)
			}
			var first []string
			for _, a := range res.Outline.Aspects {
				if a.Kind == duban.NodeProblem && len(a.Measures) > 0 {
					first = append(first, a.Measures[0].Title)
				}
				for _, p := range a.Children {
					if len(p.Measures) > 0 {
						first = append(first, p.Measures[0].Title)
					}
				}
			}
			if !slices.Equal(first, tt.first) {
				t.Errorf("first measures: got %q, want %q", first, tt.first)
			}
			if len(got.unplaced) != 0 {
				t.Errorf("unplaced: %q", got.unplaced)
			}
		})
	}
}

// planWithFields is a 整改方案 in text: each problem states its 责任单位,
// 责任领导 and 整改时限 in lines of their own, problems are labelled
// 【问题一】 and measures 措施一：.
const planWithFields = `中共某县自然资源局党组关于县委巡察反馈意见的整改方案

2022年5月9日至6月20日，县委第一巡察组对中共某县自然资源局党组进行了巡察，2022年8月2日反馈了巡察意见。

一、整改任务
（一）落实耕地保护责任方面
【问题一】耕地“非农化”整治不彻底。
措施一：开展耕地“非农化”问题全面排查。
措施二：对排查出的问题建立台账，逐一整改销号。
责任单位：耕地保护股；配合单位：执法大队
责任领导：张某
整改时限：2022年12月底前
【问题二】卫片执法检查整改不到位。
措施一：逐图斑核查整改情况。
责任单位：执法大队
整改时限：立行立改
二、保障措施
加强组织领导。`

func TestParsePlanFields(t *testing.T) {
	res := Parse(planWithFields)
	var got []string
	for _, a := range res.Outline.Aspects {
		got = append(got, "A "+a.Title)
		for _, p := range a.Children {
			got = append(got, "  P "+p.Title)
			for _, m := range p.Measures {
				got = append(got, "    M "+m.Title+" | "+m.LeadUnit+" | "+strings.Join(m.CoopUnits, ",")+" | "+m.ResponsibleLeader+" | "+string(m.DeadlineKind)+" "+m.Deadline.String())
			}
		}
	}
	want := []string{
		"A 落实耕地保护责任方面",
		"  P 耕地“非农化”整治不彻底",
		"    M 开展耕地“非农化”问题全面排查 | 耕地保护股 | 执法大队 | 张某 | date 2022-12-31",
		"    M 对排查出的问题建立台账，逐一整改销号 | 耕地保护股 | 执法大队 | 张某 | date 2022-12-31",
		"  P 卫片执法检查整改不到位",
		"    M 逐图斑核查整改情况 | 执法大队 |  |  | immediate ",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("tree:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if len(res.Unplaced) != 0 {
		t.Errorf("unplaced %q", res.Unplaced)
	}
}

// The tail of a notice copied from a web page: the closing words are not the
// last measure's, the 联系人 line is the contact, and the signature and its
// date are read above the site's residue.
func TestParseTailAfterTheProblems(t *testing.T) {
	res := Parse(problemsPlain)
	last := res.Outline.Aspects[1].Measures[1]
	if last.Title != "整合撤并事业单位17个" || last.Content != "" {
		t.Errorf("last measure %q / %q: want 整合撤并事业单位17个 alone", last.Title, last.Content)
	}
	if m := res.Outline.Aspects[0].Measures[1]; m.Title != "按照不低于1:200的比例核定编制" {
		t.Errorf("measure with a ratio: %q", m.Title)
	}
	meta := res.Outline.Meta
	if meta.SignedDate.String() != "2024-03-12" || meta.Unit != "中共某县委机构编制委员会办公室" {
		t.Errorf("signed %s by %q, want 2024-03-12 and the 编办", meta.SignedDate, meta.Unit)
	}
	if !strings.Contains(meta.Contact, "联系人：县委编办 刘某") {
		t.Errorf("contact %q", meta.Contact)
	}
}

// An unquoted problem run into its measures after a comma (1.干部队伍建设
// 有差距的问题，党组制定了…; 针对…问题，…; 对于…的问题，一是…), beside
// problems titled otherwise, under aspects or under a section; a measure
// written so under a problem stays a measure, and 对上述问题，… names none.
func TestParsePlainRunIn(t *testing.T) {
	underAspects := `关于巡察整改进展情况的通报
一、巡察反馈问题整改落实情况
（一）党的建设方面
1.干部队伍建设有差距的问题，党组制定了《干部队伍建设三年规划》，开展年轻干部培训2期。
2.理论学习不够深入的问题。一是修订中心组学习制度；二是开展专题研讨6次。
3.关于意识形态工作责任制落实不到位的问题，局党组修订了意识形态工作责任清单。
（二）作风建设方面
1.针对违规发放津贴补贴问题，全面清理津补贴发放情况，追回资金1.2万元。
2.对于公务接待不规范的问题，一是严格执行接待标准；二是建立接待台账。
二、下一步工作打算
持续巩固整改成果。`
	checkRows(t, Parse(underAspects), []string{
		"干部队伍建设有差距的问题 | 党组制定了《干部队伍建设三年规划》，开展年轻干部培训2期 |  | ",
		"理论学习不够深入的问题 | 修订中心组学习制度 |  | ",
		"理论学习不够深入的问题 | 开展专题研讨6次 |  | ",
		"意识形态工作责任制落实不到位 | 局党组修订了意识形态工作责任清单 |  | ",
		"违规发放津贴补贴问题 | 全面清理津补贴发放情况，追回资金1.2万元 |  | ",
		"公务接待不规范的问题 | 严格执行接待标准 |  | ",
		"公务接待不规范的问题 | 建立接待台账 |  | ",
	})
	underSection := `关于巡察整改进展情况的通报
一、整改工作开展情况
针对巡察反馈的问题，局党组成立整改领导小组。
二、巡察反馈问题整改情况
1.干部队伍建设有差距的问题，党组制定了《干部队伍建设三年规划》。
2.针对河长制落实不到位问题，一是建立河长巡河台账；二是开展专项督查3次。
3.关于“项目资金管理不规范”的问题
（1）针对资金拨付滞后的问题，建立资金拨付台账。
（2）对上述问题，开展专项审计。
三、下一步工作打算
持续巩固整改成果。`
	checkRows(t, Parse(underSection), []string{
		"干部队伍建设有差距的问题 | 党组制定了《干部队伍建设三年规划》 |  | ",
		"河长制落实不到位问题 | 建立河长巡河台账 |  | ",
		"河长制落实不到位问题 | 开展专项督查3次 |  | ",
		"项目资金管理不规范 | 针对资金拨付滞后的问题，建立资金拨付台账 |  | ",
		"项目资金管理不规范 | 对上述问题，开展专项审计 |  | ",
	})
}

// Numbered measures run into one line or paragraph ((1)…；（2）…, ①…②…
// with or without separators, ⑴…；⑵…, after words ending with a colon)
// are separate measures; an amount (2.5万元) is not a number.
func TestParseNumbersRunTogether(t *testing.T) {
	const text = `关于巡察整改进展情况的通报
一、巡察反馈问题整改情况
（一）党的建设方面
1.关于“理论学习不深入”的问题
（1）修订中心组学习制度；（2）开展专题研讨6次；（3）建立学习台账。
2.关于“基层党建薄弱”的问题
局党组采取以下措施：①开展支部标准化建设；②配齐支部书记；③开展党务培训。
3.关于“作风不实”的问题
①建立督查台账②开展作风专项整治③通报典型案例
4.关于“资金管理不规范”的问题
⑴修订财务制度；⑵开展专项审计，追回资金。2.5万元已上缴。
二、下一步工作打算
持续巩固整改成果。`
	r := Parse(text)
	checkRows(t, r, []string{
		"理论学习不深入 | 修订中心组学习制度 |  | ",
		"理论学习不深入 | 开展专题研讨6次 |  | ",
		"理论学习不深入 | 建立学习台账 |  | ",
		"基层党建薄弱 | 开展支部标准化建设 |  | ",
		"基层党建薄弱 | 配齐支部书记 |  | ",
		"基层党建薄弱 | 开展党务培训 |  | ",
		"作风不实 | 建立督查台账 |  | ",
		"作风不实 | 开展作风专项整治 |  | ",
		"作风不实 | 通报典型案例 |  | ",
		"资金管理不规范 | 修订财务制度 |  | ",
		"资金管理不规范 | 开展专项审计，追回资金 |  | ",
	})
	if got := r.Outline.Aspects[0].Children[1].Text; got != "局党组采取以下措施：" {
		t.Errorf("text before the numbers: got %q", got)
	}
	if got := r.Outline.Aspects[0].Children[3].Measures[1].Content; got != "2.5万元已上缴。" {
		t.Errorf("content after an amount: got %q", got)
	}
}

// Problem headings written without a number (关于“…”的问题, 关于…问题的整改
// 情况), at the top, under a section or under aspects, are problems; the
// unnumbered closing words after the last one are not its measure.
func TestParseBareProblemHeadings(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []string
	}{
		{"under a section", `关于巡察整改进展情况的通报
根据县委统一部署，县委第一巡察组对县商务局党组进行了巡察。
一、巡察反馈问题整改情况
关于“理论学习不深入”的问题
一是制定年度学习计划；二是开展专题研讨4次。
关于“项目资金监管不严”的问题
对项目资金逐笔核查，追回违规资金3.2万元。
关于干部队伍建设滞后问题的整改情况
（1）制定年轻干部培养计划。
（2）开展业务轮训两期。
二、下一步工作打算
持续巩固整改成果。`, []string{
			"理论学习不深入 | 制定年度学习计划 |  | ",
			"理论学习不深入 | 开展专题研讨4次 |  | ",
			"项目资金监管不严 | 对项目资金逐笔核查，追回违规资金3.2万元 |  | ",
			"干部队伍建设滞后 | 制定年轻干部培养计划 |  | ",
			"干部队伍建设滞后 | 开展业务轮训两期 |  | ",
		}},
		{"no number anywhere", `关于巡察整改进展情况的通报
根据县委统一部署，县委第一巡察组对县商务局党组进行了巡察。
关于“理论学习不深入”的问题
一是制定年度学习计划；二是开展专题研讨4次。
关于“项目资金监管不严”的问题。对项目资金逐笔核查，追回违规资金3.2万元。
下一步，局党组将持续巩固整改成果。`, []string{
			"理论学习不深入 | 制定年度学习计划 |  | ",
			"理论学习不深入 | 开展专题研讨4次 |  | ",
			"项目资金监管不严 | 对项目资金逐笔核查，追回违规资金3.2万元 |  | ",
		}},
		{"under aspects", `关于巡察整改进展情况的通报
（一）党的建设方面
关于“理论学习不深入”的问题
制定年度学习计划。
（二）作风建设方面
关于“公务接待不规范”的问题
建立接待台账。`, []string{
			"理论学习不深入 | 制定年度学习计划 |  | ",
			"公务接待不规范 | 建立接待台账 |  | ",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkRows(t, Parse(tt.text), tt.want)
		})
	}
}

// TestParseFoundAndDoneInOneParagraph: layouts a review of county and city
// notices found misread. What was found and what was done in one
// paragraph (巡察指出：…。整改情况：一是…) gave problems without measures; a
// problem naming a shortfall of 主体责任 and a section 压实整改主体责任 over
// the aspects were taken for organisational sections (the measures
// unplaced, or the whole notice refused).
func TestParseFoundAndDoneInOneParagraph(t *testing.T) {
	head := "关于巡察整改进展情况的通报\n根据县委统一部署，县委第一巡察组对县统计局党组进行了巡察，2023年12月15日反馈了巡察意见。\n"
	tests := []struct {
		name string
		text string
		want shape
	}{
		{"found, then 整改情况 in the paragraph", head + `一、巡察反馈问题整改情况
1.关于“统计数据质量管控不严”的问题。巡察指出：部分企业统计台账不规范。整改情况：一是全面核查统计台账；二是建立数据质量“三审”制度。
2.关于“党支部建设不规范”的问题。巡察指出：主题党日流于形式。整改情况：修订主题党日活动规范。
二、下一步工作打算
持续巩固整改成果。`, shape{counts: [4]int{0, 2, 0, 3}, problems: []string{"统计数据质量管控不严", "党支部建设不规范"}, perProblem: []int{2, 1}}},
		{"found counted, then 整改情况, under an aspect", head + `一、巡察反馈问题整改落实情况
（一）党的政治建设方面。巡察指出：一是理论学习不够深入；二是意识形态责任制落实不到位。整改情况：1.制定年度学习计划。2.每半年专题研究意识形态工作。
（二）全面从严治党方面。巡察指出：公务用车管理不规范。整改情况：1.建立用车登记制度。2.对1名干部提醒谈话。3.开展专项检查。`,
			shape{counts: [4]int{0, 2, 0, 5}, problems: []string{"党的政治建设方面", "全面从严治党方面"}, perProblem: []int{2, 3}}},
		{"a problem short of 主体责任", head + `二、巡察反馈问题整改情况
1.落实法治政府建设主体责任不到位问题
（1）制定法治政府建设年度工作要点。
（2）将法治建设纳入年度考核。
2.律师行业监管不严问题
（1）开展律师行业专项整治。
三、下一步工作打算
持续巩固整改成果。`, shape{counts: [4]int{0, 2, 0, 3}, problems: []string{"落实法治政府建设主体责任不到位问题", "律师行业监管不严问题"}, perProblem: []int{2, 1}}},
		{"the aspects under 压实整改主体责任", head + `一、提高政治站位，强化整改组织领导
中心党组成立巡察整改工作领导小组。
二、压实整改主体责任，扎实推进反馈问题整改
（一）贯彻落实上级决策部署方面
1.缴存扩面工作推进缓慢。一是制定试点方案；二是新增缴存单位126家。
（二）全面从严治党方面
1.廉政风险防控不到位。一是梳理廉政风险点32个；二是制定防控措施45条。
三、下一步工作打算
持续巩固整改成果。`, shape{counts: [4]int{2, 2, 0, 4}, aspects: []string{"贯彻落实上级决策部署方面", "全面从严治党方面"},
			problems: []string{"缴存扩面工作推进缓慢", "廉政风险防控不到位"}, perProblem: []int{2, 2}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Parse(tt.text)
			if got := shapeOf(r); fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("got %+v\nwant %+v", got, tt.want)
			}
			if len(r.Check()) > 0 {
				t.Errorf("checks %q", r.Check())
			}
		})
	}
}

// TestParsePlanFieldsPerMeasure: a plan giving each measure its own block
// (整改措施：A / 责任单位：… / 整改时限：… / 整改措施：B / …) gave every measure
// of the problem the last block's unit and deadline; each now has its own.
// A deadline written without its year (6月底前) is read in the year of the
// feedback, or the next when that would fall before it; it was left open.
func TestParsePlanFieldsPerMeasure(t *testing.T) {
	res := Parse(`关于县委巡察反馈意见的整改方案
县委第四巡察组于2023年3月6日至4月28日对县市场监督管理局党组进行了巡察，2023年6月9日反馈了巡察意见。
二、整改任务及措施
（一）党的政治建设方面
1.关于“食品安全属地管理责任落实不到位”的问题
整改措施：开展食品安全“两个责任”督导检查。
责任领导：张某某
责任单位：食品安全协调股
整改时限：6月底前
整改措施：建立包保干部履职情况通报制度。
责任单位：综合股
整改时限：3月底前
2.关于“特种设备安全监管存在盲区”的问题
整改措施：对全县电梯、锅炉开展拉网式排查。
整改措施：建立隐患动态清零机制。
责任单位：特种设备股
整改时限：2023年第三季度`)
	checkMeasures(t, res, func(m *duban.OutlineMeasure) string {
		return m.Title + " | " + m.LeadUnit + " | " + m.ResponsibleLeader + " | " + string(m.DeadlineKind) + " " + m.Deadline.String()
	}, []string{
		"开展食品安全“两个责任”督导检查 | 食品安全协调股 | 张某某 | date 2023-06-30",
		"建立包保干部履职情况通报制度 | 综合股 |  | date 2024-03-31",
		"对全县电梯、锅炉开展拉网式排查 | 特种设备股 |  | date 2023-09-30",
		"建立隐患动态清零机制 | 特种设备股 |  | date 2023-09-30",
	})
}

// checkMeasures compares each measure of res, in document order, written
// by line, with want.
func checkMeasures(t *testing.T, res *Result, line func(*duban.OutlineMeasure) string, want []string) {
	t.Helper()
	var got []string
	res.Outline.Scan()(func(_ *duban.OutlineNode, m *duban.OutlineMeasure) bool {
		got = append(got, line(m))
		return true
	})
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("measures:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestParseAspectsNamedWithout方面: the three 巡察 headings (党的领导弱化, 党的
// 建设缺失, 全面从严治党不力) over problems naming shortfalls, each with its
// 一是…二是…, are aspects, written bare or as 关于…的问题; every level was read
// one too low (the aspects as problems, the problems as measures with their
// counts unsplit). A measure that counts its steps (1.完善学习制度。一是…)
// under a problem stays a measure.
func TestParseAspectsNamedWithout方面(t *testing.T) {
	body := `
1.学习贯彻党的创新理论不够深入。一是修订中心组学习制度；二是开展专题研讨4次。
2.服务“三农”主责主业不聚焦。一是制定农资保供方案；二是新建综合服务社8个。
（二）%s
1.基层党组织建设薄弱。一是整顿2个党支部；二是配齐支部委员。`
	for _, tt := range []struct{ name, first, second string }{
		{"bare", "（一）党的领导弱化", "党的建设缺失"},
		{"关于…的问题", "（一）关于党的领导弱化的问题", "关于党的建设缺失的问题"},
	} {
		text := "关于巡察整改情况的通报\n县委第二巡察组对县供销社党组开展了巡察，2023年7月28日反馈了巡察意见。\n一、巡察反馈问题整改落实情况\n" + tt.first + fmt.Sprintf(body, tt.second)
		got := shapeOf(Parse(text))
		want := shape{counts: [4]int{2, 3, 0, 6}, aspects: []string{"党的领导弱化", "党的建设缺失"},
			problems: []string{"学习贯彻党的创新理论不够深入", "服务“三农”主责主业不聚焦", "基层党组织建设薄弱"}, perProblem: []int{2, 2, 2}}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%s:\n got %+v\nwant %+v", tt.name, got, want)
		}
	}
	got := shapeOf(Parse("关于巡察整改情况的通报\n一、巡察反馈问题整改落实情况\n（一）关于“理论学习不深入”的问题\n1.完善学习制度。一是修订学习制度；二是建立学习台账。\n2.开展专题研讨。"))
	if want := (shape{counts: [4]int{0, 1, 0, 2}, problems: []string{"理论学习不深入"}, perProblem: []int{2}}); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("measures counting their steps:\n got %+v\nwant %+v", got, want)
	}
}

// TestParsePageFooterPostcodeDoctype: a PDF's 第 1 页 共 2 页 footer inside a
// paragraph split the measure (and ended the first half's title); a
// 邮政编码 line was the last problem's measure; a page's XHTML doctype line
// was its title's place (the plan named from the team instead).
func TestParsePageFooterPostcodeDoctype(t *testing.T) {
	text := `关于巡察整改进展情况的通报
　　根据市委统一部署，2022年9月13日至11月10日，市委第五
巡察组对市林业局党组进行了巡察。2022年12月26日，市委第五
巡察组向局党组反馈了巡察意见。按照巡察工作有关要求，现将
整改进展情况予以公布。
　　一、关于“生态护林员管理不规范”的问题
　　对全市生态护林员选聘、考核、补助发放情况开展专项清理
第 1 页 共 2 页
，清退不符合条件人员57人，追回违规发放补助资金21.6万元，
并建立护林员动态管理台账。
　　二、关于“林长制落实不到位”的问题
　　制定市级林长巡林工作制度。
通讯地址：某市某路1号
邮政编码：321000
`
	r := Parse(text)
	checkRows(t, r, []string{
		"生态护林员管理不规范 | 对全市生态护林员选聘、考核、补助发放情况开展专项清理，清退不符合条件人员57人，追回违规发放补助资金21.6万元，并建立护林员动态管理台账 |  | ",
		"林长制落实不到位 | 制定市级林长巡林工作制度 |  | ",
	})
	if !strings.Contains(r.Outline.Meta.Contact, "邮政编码：321000") {
		t.Errorf("contact %q; want the 邮政编码 line in it", r.Outline.Meta.Contact)
	}
	page := `<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml"><head><title>站点</title></head><body>
<p>中共某县发展和改革局党组关于县委巡察整改进展情况的通报</p>
<p>县委第一巡察组对县发展和改革局党组进行了巡察，2023年2月24日反馈了巡察意见。</p>
<p>一、关于“重大项目谋划储备不足”的问题</p><p>建立重大项目储备库。</p></body></html>`
	res, err := ReadFile("page.html", []byte(page))
	if err != nil {
		t.Fatal(err)
	}
	if got := res.Outline.Meta.Title; got != "中共某县发展和改革局党组关于县委巡察整改进展情况的通报" {
		t.Errorf("title %q", got)
	}
}

// TestParseFlatShortfalls: problems numbered 1. at the top, with no section
// over them and no 关于, each naming what falls short and ending in 问题
// (1.理论学习中心组学习不规范的问题。一是…), were not found and the notice
// refused; an audit report's problems (1.部分非税收入未及时缴库问题。已督促…)
// under its sections were read a level too low.
func TestParseFlatShortfalls(t *testing.T) {
	got := shapeOf(Parse(`关于市委巡察整改情况的通报
市委第一巡察组对市商务局党组进行了巡察，7月15日反馈了巡察意见。
1.理论学习中心组学习不规范的问题。一是修订学习制度；二是建立学习档案。
2.落实“三重一大”决策制度不严格的问题。一是修订议事规则；二是开展自查；三是实行纪要专人管理。
3.专项资金监管不严的问题。对专项资金逐项核查，追回违规资金12.6万元。`))
	want := shape{counts: [4]int{0, 3, 0, 6}, problems: []string{"理论学习中心组学习不规范的问题", "落实“三重一大”决策制度不严格的问题", "专项资金监管不严的问题"}, perProblem: []int{2, 3, 1}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("flat:\n got %+v\nwant %+v", got, want)
	}
	got = shapeOf(Parse(`关于审计查出问题整改情况的报告
一、审计整改工作总体推进情况
市政府高度重视审计整改工作。
二、审计查出问题的整改情况
（一）财政管理审计查出问题的整改情况
1.部分非税收入未及时缴库问题。已督促相关单位将非税收入全部缴入国库。
2.预算编制不够完整问题。已将上年结转资金全部纳入年初预算。
（二）部门预算执行审计查出问题的整改情况
1.政府采购不规范问题。已对3家单位进行约谈。`))
	want = shape{counts: [4]int{2, 3, 0, 3}, aspects: []string{"财政管理审计查出问题的整改情况", "部门预算执行审计查出问题的整改情况"},
		problems: []string{"部分非税收入未及时缴库问题", "预算编制不够完整问题", "政府采购不规范问题"}, perProblem: []int{1, 1, 1}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("audit:\n got %+v\nwant %+v", got, want)
	}
}

// TestParseBracketedFields: a plan that writes each measure's unit and
// deadline in brackets after it, on its line (（1）制定…办法。（责任单位：…；
// 完成时限：…）, or before its full stop: the title was cut at 责任单位's
// colon) or within a count (一是…（责任单位：…）；二是…), gives each measure
// its own; the brackets stayed in the content and nothing was set.
func TestParseBracketedFields(t *testing.T) {
	res := Parse(`关于巡察反馈意见的整改方案
县委第三巡察组对县农业农村局党组进行了巡察，2023年5月12日反馈了巡察意见。
二、整改任务
1.关于“落实粮食安全党政同责不到位”的问题
（1）制定粮食生产目标责任考核办法。（责任单位：种植业股；完成时限：2023年6月底前）
（2）开展撂荒地专项整治。（牵头单位：农田建设股；配合单位：各乡镇；完成时限：立行立改）
2.关于“惠农补贴发放不规范”的问题
一是开展专项检查（责任单位：计财股；完成时限：2023年8月底前）；二是建立发放台账（责任单位：综合股；完成时限：2023年9月底前）。
3.关于“食品安全监管存在薄弱环节”的问题
（1）开展校园食品安全专项检查（责任单位：食品股；完成时限：2023年9月底前）。`)
	checkMeasures(t, res, func(m *duban.OutlineMeasure) string {
		return m.Title + " | " + m.Content + " | " + m.LeadUnit + " | " + strings.Join(m.CoopUnits, ",") + " | " + string(m.DeadlineKind) + " " + m.Deadline.String()
	}, []string{
		"制定粮食生产目标责任考核办法 |  | 种植业股 |  | date 2023-06-30",
		"开展撂荒地专项整治 |  | 农田建设股 | 各乡镇 | immediate ",
		"开展专项检查 |  | 计财股 |  | date 2023-08-31",
		"建立发放台账 |  | 综合股 |  | date 2023-09-30",
		"开展校园食品安全专项检查 |  | 食品股 |  | date 2023-09-30",
	})
}

// TestParseAspectsOverMarkedMeasures: an aspect over one-line items that
// carry their states (1.修订…清单。（已完成）) holds measures, not problems:
// each was read as a problem without measures and its state lost.
func TestParseAspectsOverMarkedMeasures(t *testing.T) {
	r := Parse(`关于县委巡察整改情况的通报
县委第三巡察组对县交通运输局党组进行了巡察，2022年12月9日反馈了巡察意见。
一、在全面从严治党方面
1.修订党组落实全面从严治党主体责任清单。（已完成）
2.开展违规收送礼金专项整治，排查问题2个。（持续推进）
二、在基层党组织建设方面
1.对3个软弱涣散党支部进行整顿。（已完成）`)
	checkRows(t, r, []string{
		"在全面从严治党方面 | 修订党组落实全面从严治党主体责任清单 | 已完成 | closed",
		"在全面从严治党方面 | 开展违规收送礼金专项整治，排查问题2个 | 持续推进 | ",
		"在基层党组织建设方面 | 对3个软弱涣散党支部进行整顿 | 已完成 | closed",
	})
}

// TestParseBracketedLabels: labels in brackets (【整改措施】一是…，
// 【整改进展】…) are the labels: the progress was read as a measure and the
// counted measures were left unsplit.
func TestParseBracketedLabels(t *testing.T) {
	r := Parse(`关于区委巡察整改进展情况的通报
一、关于“科技项目资金监管不严”的问题
【整改措施】一是开展专项检查；二是修订资金管理办法。
【整改进展】已完成专项检查，追回资金45.3万元。`)
	p := "已完成专项检查，追回资金45.3万元。"
	checkRows(t, r, []string{"科技项目资金监管不严 | 开展专项检查 | " + p + " | ", "科技项目资金监管不严 | 修订资金管理办法 | " + p + " | "})
	// The fields in brackets too (【责任股室】办公室, 【整改时限】立行立改):
	// they were read as measures.
	r = Parse(`关于区委巡察整改情况的通报
一、关于“安全生产监管存在盲区”的问题
【整改措施】开展建筑施工安全专项整治，检查在建项目64个。
【责任股室】建筑管理股
【整改时限】2023年12月底前
【整改状态】已完成`)
	checkMeasures(t, r, func(m *duban.OutlineMeasure) string {
		return m.Title + " | " + m.LeadUnit + " | " + m.Deadline.String() + " | " + m.Progress + " | " + string(m.Status)
	}, []string{"开展建筑施工安全专项整治，检查在建项目64个 | 建筑管理股 | 2023-12-31 | 已完成 | closed"})
}

// TestParseReviewOfTheNewRules: what a review of this session's rules found
// them misreading, each read as before them: a measure that names the
// shortfall it deals with (集中整治…不规范问题), an organisational section
// titled with one (提高政治站位，着力解决…不到位问题; （一）着力解决…问题。),
// one problem over specific ones among plain problems (not an aspect), the
// aspects of the next steps (三、下一步工作打算 over （一）…方面).
func TestParseReviewOfTheNewRules(t *testing.T) {
	head := "关于巡察整改进展情况的通报\n县委第二巡察组对县教育局党组开展了巡察，2023年6月9日反馈了巡察意见。\n"
	for _, tt := range []struct {
		name, text string
		want       shape
	}{
		{"a measure naming the shortfall it deals with", head + `一、巡察反馈问题整改落实情况
（一）党的政治建设方面
1.落实意识形态工作责任制有差距。
（1）开展意识形态领域风险隐患排查。
（2）集中整治校园网络阵地管理不规范问题。
（二）全面从严治党方面
1.校外培训机构监管存在盲区。
（1）集中整治违规补课突出问题。`, shape{counts: [4]int{2, 2, 0, 3}, aspects: []string{"党的政治建设方面", "全面从严治党方面"},
			problems: []string{"落实意识形态工作责任制有差距", "校外培训机构监管存在盲区"}, perProblem: []int{2, 1}}},
		{"organisational sections naming shortfalls", head + `一、提高政治站位，着力解决整改责任落实不到位问题
局党组成立整改工作领导小组。
（一）着力解决思想认识不到位问题。局党组召开专题会议3次。
二、巡察反馈问题整改落实情况
（一）关于低保对象认定不精准的问题
一是全面核查低保对象；二是清退不符合条件对象46户。
（二）关于养老机构安全管理不规范的问题
一是开展消防安全专项检查；二是督促整改隐患23处。`, shape{counts: [4]int{0, 2, 0, 4}, problems: []string{"低保对象认定不精准", "养老机构安全管理不规范"}, perProblem: []int{2, 2}}},
		{"one problem over specific ones", head + `一、巡察反馈问题整改落实情况
（一）关于选人用人不规范的问题
1.干部档案审核把关不严。一是开展档案专项审核；二是补齐缺失材料。
2.试用期考核不规范。一是修订试用期考核办法；二是开展考核复查。
（二）关于就业资金管理不规范的问题
一是开展补助资金专项清理；二是追回违规资金3.2万元。`, shape{counts: [4]int{0, 2, 2, 6}, problems: []string{"选人用人不规范", "就业资金管理不规范"}, perProblem: []int{0, 2}}},
		{"the next steps' aspects", head + `一、巡察反馈问题整改落实情况
（一）贯彻落实上级决策部署方面
1.缴存扩面工作推进缓慢。一是制定试点方案；二是新增缴存单位126家。
三、下一步工作打算
（一）在巩固整改成果方面
1.持续跟踪问效。一是每季度开展回头看；二是建立整改台账。`, shape{counts: [4]int{1, 1, 0, 2}, aspects: []string{"贯彻落实上级决策部署方面"}, problems: []string{"缴存扩面工作推进缓慢"}, perProblem: []int{2}}},
	} {
		if got := shapeOf(Parse(tt.text)); fmt.Sprint(got.counts, got.aspects, got.problems, got.perProblem) != fmt.Sprint(tt.want.counts, tt.want.aspects, tt.want.problems, tt.want.perProblem) {
			t.Errorf("%s:\n got %+v\nwant %+v", tt.name, got, tt.want)
		}
	}
}

// TestParsePlanFieldsReview: fields before the measures are the whole
// problem's (责任单位：… / 整改措施：一是…二是… / 整改时限：…), a target
// before them is kept, each block's progress after its fields stays in its
// block, and a plan's 截至…全部完成… is a target, not progress.
func TestParsePlanFieldsReview(t *testing.T) {
	res := Parse(`关于巡察反馈意见的整改方案
县委第四巡察组对县住建局党组进行了巡察，2023年6月9日反馈了巡察意见。
（一）关于“老旧小区改造推进缓慢”的问题
部分老旧小区改造项目未按期开工。
责任领导：赵某某；责任单位：城建股
整改措施：一是建立改造项目调度机制；二是对未开工项目逐一督办。
整改时限：2023年12月底前
（二）关于“农村公路养护管理不到位”的问题
问题表现：部分路面破损未及时修复。
整改目标：建立常态化养护机制。
整改措施：一是开展路况排查；二是规范养护资金使用。截至2023年10月底，全部完成剩余126户改造。
责任单位：公路养护中心
整改时限：2023年10月底前
（三）关于“环境执法宽松软”的问题
整改措施：修订处罚自由裁量基准。
责任单位：执法支队
完成时限：2023年10月底前
整改进展：已完成。
整改措施：开展执法案卷评查。
责任单位：法规科
完成时限：2023年12月底前
整改进展：正在推进。`)
	checkMeasures(t, res, func(m *duban.OutlineMeasure) string {
		return m.Title + " | " + m.LeadUnit + " | " + m.ResponsibleLeader + " | " + m.Target + " | " + m.Deadline.String() + " | " + m.Progress + " | " + string(m.Status)
	}, []string{
		"建立改造项目调度机制 | 城建股 | 赵某某 |  | 2023-12-31 |  | ",
		"对未开工项目逐一督办 | 城建股 | 赵某某 |  | 2023-12-31 |  | ",
		"开展路况排查 | 公路养护中心 |  | 建立常态化养护机制 | 2023-10-31 |  | ",
		"规范养护资金使用 | 公路养护中心 |  | 建立常态化养护机制 | 2023-10-31 |  | ",
		"修订处罚自由裁量基准 | 执法支队 |  |  | 2023-10-31 | 已完成。 | closed",
		"开展执法案卷评查 | 法规科 |  |  | 2023-12-31 | 正在推进。 | ",
	})
}

// TestParseFieldsAsWritten: a measure's fields written on one line after a
// space, a comma or a full stop (责任单位：项目股 责任人：周某 整改时限：…;
// （牵头单位：…，配合单位：…，完成时限：…）; 责任领导：…。整改时限：…), at
// the end of the measure's own line (措施1：建立制度。责任部门：…。完成时限：…),
// or on lines of their own under each counted measure (一是… / 责任单位：…
// / 整改情况：… / 二是… / 责任单位：…). Fields were cut only at ；: the rest
// became cooperating units named 责任人：周某, or the leader's name with the
// deadline in it; fields ending a line stayed in the measure's content; and
// the counted measures' fields were merged, the last one's given to all.
func TestParseFieldsAsWritten(t *testing.T) {
	res := Parse(`关于巡察整改进展情况的通报
县委第一巡察组对县发展和改革局党组开展了巡察，2024年5月30日反馈了巡察意见。
一、巡察反馈问题整改情况
（一）关于贯彻落实新发展理念方面
1.关于“重大项目谋划储备不足”的问题
（1）建立重大项目储备库，按季度动态更新。责任单位：项目股 责任人：周某 整改时限：2024年9月底前
（2）每年组织开展两次项目谋划专题培训。责任单位：项目股，责任领导：副局长张某，整改时限：长期坚持
2.关于“学校食堂管理不规范”的问题
一是开展专项整治（牵头单位：学校安全股，配合单位：县市场监管局，完成时限：2024年9月底前）；二是推行明厨亮灶（牵头单位：计财股，完成时限：2024年底前）。
（二）关于统计数据质量方面
1.关于“统计数据质量管控不严”的问题
措施1：建立统计数据质量“三审”制度。责任部门：统计执法监督科。完成时限：2024年第四季度。
措施2：开展统计造假专项治理。责任部门：法规科。完成时限：2024年年底。
2.关于“落实过紧日子要求不到位”的问题
一是严格执行预算管理，压减一般性支出12%。
责任单位：预算股
责任人：王某某
整改时限：2024年6月底前
整改情况：已完成。
二是建立“三公”经费季度通报制度。
责任单位：行政政法股
整改时限：长期坚持
整改情况：持续推进。
3.关于“村级党组织软弱涣散”的问题
整改措施：开展软弱涣散村党组织集中整顿。
责任领导：镇党委书记。整改时限：2024年12月底前。`)
	checkMeasures(t, res, func(m *duban.OutlineMeasure) string {
		return m.Title + " | " + m.LeadUnit + " | " + strings.Join(m.CoopUnits, ",") + " | " + m.ResponsibleLeader + " | " + m.ResponsiblePerson + " | " + string(m.DeadlineKind) + " " + m.Deadline.String()
	}, []string{
		"建立重大项目储备库，按季度动态更新 | 项目股 |  |  | 周某 | date 2024-09-30",
		"每年组织开展两次项目谋划专题培训 | 项目股 |  | 副局长张某 |  | long_term ",
		"开展专项整治 | 学校安全股 | 县市场监管局 |  |  | date 2024-09-30",
		"推行明厨亮灶 | 计财股 |  |  |  | date 2024-12-31",
		"建立统计数据质量“三审”制度 | 统计执法监督科 |  |  |  | date 2024-12-31",
		"开展统计造假专项治理 | 法规科 |  |  |  | date 2024-12-31",
		"严格执行预算管理，压减一般性支出12% | 预算股 |  |  | 王某某 | date 2024-06-30",
		"建立“三公”经费季度通报制度 | 行政政法股 |  |  |  | long_term ",
		"开展软弱涣散村党组织集中整顿 |  |  | 镇党委书记 |  | date 2024-12-31",
	})
}

// TestParseFieldsThenProgress: progress written after a measure's fields
// on its line (…。完成时限：2024年第四季度。进展情况：已完成。) is the
// measure's progress (it was read into the deadline, which then could not
// be read); leaders named in the measure's own words after a comma (明确
// 责任分工，责任领导：局长张某亲自抓，分管领导：…) stay its words.
func TestParseFieldsThenProgress(t *testing.T) {
	res := Parse(`关于巡察整改进展情况的通报
市委第六巡察组于2024年9月3日反馈了巡察意见。
一、巡察反馈问题整改落实情况
（一）关于统计数据质量方面
问题一：统计数据质量管控不严。
措施1：建立统计数据质量“三审”制度。责任部门：统计执法监督科。完成时限：2024年第四季度。进展情况：已完成。
措施2：开展统计造假专项治理，责任部门：法规科，完成时限：2024年年底，整改情况：已检查企业36家。
问题二：统计工作责任落实不到位。
措施1：明确责任分工，责任领导：局长张某亲自抓，分管领导：副局长李某具体抓。
问题三：统计基层基础薄弱。
（1）建立统计联络员制度。
责任单位：综合科；完成时限：2024年12月31日；整改进展：已完成，培训联络员60人。`)
	checkMeasures(t, res, func(m *duban.OutlineMeasure) string {
		return m.Title + " | " + m.LeadUnit + " | " + m.ResponsibleLeader + " | " + m.Deadline.String() + " | " + m.Progress + " | " + string(m.Status)
	}, []string{
		"建立统计数据质量“三审”制度 | 统计执法监督科 |  | 2024-12-31 | 已完成。 | closed",
		"开展统计造假专项治理 | 法规科 |  | 2024-12-31 | 已检查企业36家。 | ",
		"明确责任分工，责任领导：局长张某亲自抓，分管领导：副局长李某具体抓 |  |  |  |  | ",
		"建立统计联络员制度 | 综合科 |  | 2024-12-31 | 已完成，培训联络员60人。 | closed",
	})
}

// TestParseCountedSharedFields: counted measures of which some share the
// field lines below them (一是… / 责任单位：… / 二是… / 三是… / 责任单位：…
// / 整改时限：…) are read as one block, as before per-measure blocks: 三是
// stayed in a title and 一是 lost the deadline.
func TestParseCountedSharedFields(t *testing.T) {
	res := Parse(`关于巡察整改进展情况的通报
县委巡察组于2024年6月5日反馈了巡察意见。
一、关于民生保障方面
1.关于“农村公路管护不到位”的问题
一是开展农村公路安全隐患排查。
责任单位：公路股
二是建立农村公路管护台账。
三是落实县乡村三级路长责任。
责任单位：公路股、各乡镇
整改时限：2024年12月底前`)
	checkMeasures(t, res, func(m *duban.OutlineMeasure) string {
		return m.Title + " | " + m.LeadUnit + " | " + m.Deadline.String()
	}, []string{
		"开展农村公路安全隐患排查 | 公路股 | 2024-12-31",
		"建立农村公路管护台账 | 公路股 | 2024-12-31",
		"落实县乡村三级路长责任 | 公路股 | 2024-12-31",
	})
}
