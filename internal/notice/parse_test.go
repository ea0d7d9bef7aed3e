package notice

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"duban/internal/duban"
)

// The notices below are made up, following the skeletons of
// shared/research/notice-layouts.md §C; no real unit or text is quoted.

// layoutB: one problem per top-level item, no aspects, a contact line and
// web-page debris right after the last problem.
const layoutB = `中共某县文化旅游局党组
关于县委第三轮巡察整改情况的通报
打印
根据县委统一部署，2023年3月1日至4月15日，县委第二巡察组对县文化旅游局党组开展了常规巡察。5月20日，县委第二巡察组向局党组反馈了巡察意见。现将整改情况通报如下。
局党组对照反馈的3个问题，制定整改措施5项，已全部完成。
一、关于“理论学习流于形式”的问题
一是修订理论学习中心组学习制度，明确每月集中学习一次。二是建立学习台账，按季度通报学习情况。
二、关于“项目资金监管不严”的问题
对2022年以来的项目资金逐笔核查，追回违规资金3.2万元。
三、关于“干部队伍建设滞后”的问题
一是制定年轻干部培养计划。二是开展业务轮训两期。
欢迎广大干部群众对巡察整改情况进行监督。
联系电话：0000-0000000；电子邮箱：example@example.org。
中共某县文化旅游局党组
2023年8月31日
上一条：某县某局关于巡察整改情况的通报`

// layoutC: a section 一、 holding aspects at （一）, problems at 1., and a
// next-steps section after it.
const layoutC = `中共某市交通运输局党委关于市委第五轮巡察整改进展情况的通报
根据市委统一部署，2022年9月1日至10月31日，市委第一巡察组对市交通运输局党委进行了巡察。2022年12月5日反馈了巡察意见。
一、巡察反馈问题整改落实情况
（一）党的领导弱化方面
1.关于“贯彻上级决策部署不够坚决”的问题
一是召开专题会议研究部署。二是建立督办台账，逐项跟踪落实。
2.关于“意识形态责任制落实不到位”的问题
修订意识形态工作责任清单，每半年专题研判一次。
（二）全面从严治党方面
1.关于“违规发放津贴补贴”的问题
一是全面清理2021年以来津贴补贴发放情况；二是追回违规发放资金1.5万元；三是对相关责任人进行提醒谈话。
二、下一步工作打算
持续巩固整改成果，举一反三完善制度。
中共某市交通运输局党委
2023年3月10日`

// ascii: a plan numbered with ASCII forms "(一)" "1. " "(1)", ASCII quotes,
// and numbered measures under each problem.
const ascii = `关于某单位巡视整改方案
一、整改工作的总体要求
坚持问题导向，逐条整改。
二、整改任务
(一)组织建设方面
1. 关于"支部组织生活不规范"的问题
(1)严格落实“三会一课”制度。每季度检查一次。
(2)开展支部书记轮训。
2. 关于"党员发展程序不严"的问题
(1) 对近三年发展党员档案逐一复查。
(二)作风建设方面
1. 关于"文山会海问题突出"的问题
(1)精简会议文件。会议数量同比减少20%。`

// deep: P1's layout without 一、: aspect at （一）, problems at 1、 written
// “…”问题的整改, specific problems at ⑴.
const deep = `（一）在“落实全面从严治党主体责任”方面
1、关于“主体责任压得不实”问题的整改
⑴关于“班子成员履行一岗双责不到位”
一是签订责任书。二是每季度听取分管领域汇报。
⑵关于“基层党组织建设薄弱”
开展支部标准化建设。
2、“廉政风险排查不全面”问题的整改
完成全局廉政风险点排查，梳理风险点36个。`

// runIn: problems written 关于“…”问题整改情况。 with the measures run in
// after the heading or on the next line, and stated totals that disagree.
const runIn = `中共某区卫生健康局党组关于巡察整改情况的通报
根据区委统一部署，区委第一巡察组于2024年4月8日至5月30日对区卫生健康局党组开展了巡察，并于7月2日反馈了巡察意见。对照反馈的2个方面4个问题，局党组制定了12项整改措施。
一、巡察整改工作开展情况
局党组高度重视，成立整改工作领导小组。
二、反馈问题整改落实情况
（一）政治建设方面
1.关于“学习贯彻党的创新理论不深入”问题整改情况。一是完善学习制度。二是开展专题读书班。
2.关于“落实意识形态工作责任制有差距”问题整改情况。
一是每半年专题研究意识形态工作。二是加强阵地管理。
（二）作风建设方面
1.关于“会议文件精简不到位”问题整改情况。严格控制会议数量，全年会议同比减少15%。
三、下一步工作打算
持续巩固整改成果。`

// summary: no numbering at all, only totals (P6).
const summary = `中共某区委关于十二届区委第二轮巡察整改进展情况的通报
根据区委巡察工作安排，2021年11月8日至12月20日，区委5个巡察组对40个单位开展了常规巡察，2022年1月27日向被巡察单位反馈了巡察意见。
截至目前，反馈的697个问题已完成整改688个，4个问题基本完成并持续整改，5个问题未完成，整改完成率98.71%。
下一步，区委将持续压实整改责任，确保每一个问题都改到位。
中共某区委
2023年1月29日`

// stray: a paragraph before the first problem of an aspect, and an item
// of the problems section that holds no problem.
const stray = `二、整改情况
（一）责任落实方面
本方面问题均已完成整改。
1.关于“责任分解不细”的问题
制定责任清单。
2.关于“考核不严”的问题
修订考核办法。
（二）其他
这是一段无法归类的文字。`

// section: problems right under a top-level section that names no aspect;
// they stand at the top of the outline, with no aspect made up.
const section = `一、整改工作开展情况
成立整改工作领导小组。
二、巡视反馈问题整改情况
1.关于“制度执行不严”的问题
建立制度执行情况季度检查机制。
2.关于“台账管理混乱”的问题
重新梳理整改台账，实行销号管理。`

// plainAspects: problems without 关于 or quotes under …方面 aspects.
const plainAspects = `（一）思想建设方面
1.理论学习不够系统。
一是制定年度学习计划。二是开展专题研讨。
2.学用结合不够紧密。
组织调研，形成调研报告。
（二）制度建设方面
1.制度执行不够严格。
开展制度执行情况专项检查。`

// shape is what the tests compare of a Result.
type shape struct {
	counts     [4]int // aspects, problems, subproblems, measures
	aspects    []string
	problems   []string
	perProblem []int
	unplaced   []string
}

func shapeOf(r *Result) shape {
	var s shape
	a, p, sp, m := r.Outline.Counts()
	s.counts = [4]int{a, p, sp, m}
	s.unplaced = r.Unplaced
	problem := func(pr *duban.OutlineNode) {
		s.problems = append(s.problems, pr.Title)
		s.perProblem = append(s.perProblem, len(pr.Measures))
	}
	for _, as := range r.Outline.Aspects {
		if as.Kind == duban.NodeProblem {
			problem(as)
			continue
		}
		s.aspects = append(s.aspects, as.Title)
		for _, pr := range as.Children {
			problem(pr)
		}
	}
	return s
}

// layoutTests are the made-up notices and what Parse must make of them.
var layoutTests = []struct {
	name string
	text string
	want shape
}{
	{"layout B: a problem per 一、, no aspect made up", layoutB, shape{
		counts:     [4]int{0, 3, 0, 5},
		problems:   []string{"理论学习流于形式", "项目资金监管不严", "干部队伍建设滞后"},
		perProblem: []int{2, 1, 2},
	}},
	{"layout C: aspects at （一） under 一、", layoutC, shape{
		counts:     [4]int{2, 3, 0, 6},
		aspects:    []string{"党的领导弱化方面", "全面从严治党方面"},
		problems:   []string{"贯彻上级决策部署不够坚决", "意识形态责任制落实不到位", "违规发放津贴补贴"},
		perProblem: []int{2, 1, 3},
	}},
	{"ASCII numbering and quotes", ascii, shape{
		counts:     [4]int{2, 3, 0, 4},
		aspects:    []string{"组织建设方面", "作风建设方面"},
		problems:   []string{"支部组织生活不规范", "党员发展程序不严", "文山会海问题突出"},
		perProblem: []int{2, 1, 1},
	}},
	{"specific problems at ⑴", deep, shape{
		counts:     [4]int{1, 2, 2, 4},
		aspects:    []string{"在“落实全面从严治党主体责任”方面"},
		problems:   []string{"主体责任压得不实", "廉政风险排查不全面"},
		perProblem: []int{0, 1},
	}},
	{"问题整改情况。 run-in titles", runIn, shape{
		counts:     [4]int{2, 3, 0, 5},
		aspects:    []string{"政治建设方面", "作风建设方面"},
		problems:   []string{"学习贯彻党的创新理论不深入", "落实意识形态工作责任制有差距", "会议文件精简不到位"},
		perProblem: []int{2, 2, 1},
	}},
	{"summary only", summary, shape{}},
	{"problems under a section that names no aspect", section, shape{
		counts:     [4]int{0, 2, 0, 2},
		problems:   []string{"制度执行不严", "台账管理混乱"},
		perProblem: []int{1, 1},
	}},
	{"stray paragraphs", stray, shape{
		counts:     [4]int{1, 2, 0, 2},
		aspects:    []string{"责任落实方面"},
		problems:   []string{"责任分解不细", "考核不严"},
		perProblem: []int{1, 1},
		unplaced:   []string{"本方面问题均已完成整改。", "（二）其他", "这是一段无法归类的文字。"},
	}},
}

func TestParseLayouts(t *testing.T) {
	for _, tt := range layoutTests {
		t.Run(tt.name, func(t *testing.T) {
			got := shapeOf(Parse(tt.text))
			if got.counts != tt.want.counts {
				t.Errorf("counts (aspects, problems, subproblems, measures): got %v, want %v", got.counts, tt.want.counts)
			}
			for _, c := range []struct {
				name      string
				got, want []string
			}{{"aspects", got.aspects, tt.want.aspects}, {"problems", got.problems, tt.want.problems}, {"unplaced", got.unplaced, tt.want.unplaced}} {
				if len(c.got) != 0 || len(c.want) != 0 {
					if !slices.Equal(c.got, c.want) {
						t.Errorf("%s: got %q, want %q", c.name, c.got, c.want)
					}
				}
			}
			if !slices.Equal(got.perProblem, tt.want.perProblem) {
				t.Errorf("measures per problem: got %v, want %v", got.perProblem, tt.want.perProblem)
			}
		})
	}
}

func TestParseMeta(t *testing.T) {
	tests := []struct {
		name   string
		text   string
		want   map[string]string
		stated map[string]int
	}{
		{"layout B", layoutB, map[string]string{
			"unit": "中共某县文化旅游局党组", "title": "关于县委第三轮巡察整改情况的通报", "round": "县委第三轮",
			"team": "县委第二巡察组", "onsite": "2023-03-01..2023-04-15", "feedback": "2023-05-20", "signed": "2023-08-31",
		}, map[string]int{"problems": 3, "measures": 5}},
		{"layout C: unit from the signature", layoutC, map[string]string{
			"unit": "中共某市交通运输局党委", "round": "市委第五轮", "team": "市委第一巡察组",
			"onsite": "2022-09-01..2022-10-31", "feedback": "2022-12-05", "signed": "2023-03-10",
		}, map[string]int{}},
		{"feedback in the on-site sentence", runIn, map[string]string{
			"unit": "中共某区卫生健康局党组", "team": "区委第一巡察组", "onsite": "2024-04-08..2024-05-30", "feedback": "2024-07-02",
		}, map[string]int{"aspects": 2, "problems": 4, "measures": 12}},
		{"summary only: feedback across the new year", summary, map[string]string{
			"unit": "中共某区委", "round": "十二届区委第二轮", "team": "", "onsite": "2021-11-08..2021-12-20",
			"feedback": "2022-01-27", "signed": "2023-01-29",
		}, map[string]int{"problems": 697}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := Parse(tt.text).Outline.Meta
			got := map[string]string{
				"unit": m.Unit, "title": m.Title, "round": m.Round, "team": m.Team,
				"onsite":   m.OnsiteStart.String() + ".." + m.OnsiteEnd.String(),
				"feedback": m.FeedbackDate.String(), "signed": m.SignedDate.String(),
			}
			for k, want := range tt.want {
				if got[k] != want {
					t.Errorf("%s: got %q, want %q", k, got[k], want)
				}
			}
			if !maps.Equal(m.Stated, tt.stated) {
				t.Errorf("stated: got %v, want %v", m.Stated, tt.stated)
			}
		})
	}
}

func TestCheck(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []string
	}{
		{"totals agree", layoutB, nil},
		{"fewer problems and measures than stated", runIn, []string{"通报称4个问题，识别出3个", "通报称12项整改措施，识别出5项"}},
		{"summary only", summary, []string{"通报称697个问题，识别出0个"}},
		{"made-up aspect is not counted", "关于某局巡察整改方案\n对照反馈的2个方面问题，逐项整改。\n一、关于“制度不全”的问题\n修订制度。",
			[]string{"方案称2个方面，识别出0个"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Parse(tt.text).Check(); !slices.Equal(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestParseDetails(t *testing.T) {
	t.Run("layout B: problems at the top; contact lines are not measures", func(t *testing.T) {
		top := Parse(layoutB).Outline.Aspects
		if len(top) != 3 || top[0].Kind != duban.NodeProblem {
			t.Fatalf("top level: got %d nodes, the first a %q; want the 3 problems", len(top), top[0].Kind)
		}
		last := top[2].Measures[1]
		if last.Title != "开展业务轮训两期" || last.Content != "" {
			t.Errorf("last measure: got %q / %q, want 开展业务轮训两期 and no content beyond its title", last.Title, last.Content)
		}
	})
	t.Run("intro before 一是 is the problem's text", func(t *testing.T) {
		r := Parse("一、关于“台账不清”的问题\n针对该问题，采取以下措施：一是重建台账。二是每月核对。")
		p := r.Outline.Aspects[0]
		if p.Text != "针对该问题，采取以下措施：" || len(p.Measures) != 2 {
			t.Errorf("got text %q and %d measures, want the intro and 2", p.Text, len(p.Measures))
		}
	})
	t.Run("numbered measure content", func(t *testing.T) {
		m := Parse(ascii).Outline.Aspects[0].Children[0].Measures[0]
		if m.Title != "严格落实“三会一课”制度" || m.Content != "每季度检查一次。" {
			t.Errorf("got %q / %q", m.Title, m.Content)
		}
	})
	t.Run("a number on a line of its own takes the next line as heading", func(t *testing.T) {
		r := Parse("（一）\n责任落实方面\n1.关于“分工不明”的问题\n明确分工。")
		if got := r.Outline.Aspects[0].Title; got != "责任落实方面" {
			t.Errorf("aspect: got %q, want %q", got, "责任落实方面")
		}
	})
	t.Run("run-in heading splits at the first 。", func(t *testing.T) {
		head, run := splitRunIn("切实提高政治站位。省委科技工委深刻认识到…。")
		if head != "切实提高政治站位" || !strings.HasPrefix(run, "省委科技工委") {
			t.Errorf("got %q | %q", head, run)
		}
	})
}

func TestCnInt(t *testing.T) {
	for s, want := range map[string]int{"13": 13, "十三": 13, "二十二": 22, "十": 10, "一百零五": 105, "两": 2, "x": 0} {
		if got := cnInt(s); got != want {
			t.Errorf("cnInt(%q): got %d, want %d", s, got, want)
		}
	}
}

// A title printed as one block over two lines (the issuing body opening
// it) reads as one title, and the unit is not taken from its first line.
func TestParseTitleOverTwoLines(t *testing.T) {
	r := Parse("中共某县文化旅游局党组关于县委第三轮\n巡察整改进展情况的通报\n\n根据县委统一部署，县委第二巡察组对局党组开展了巡察。\n一、关于“台账不清”的问题\n重建台账。\n中共某县文化旅游局党组\n2023年8月31日")
	m := r.Outline.Meta
	if m.Title != "中共某县文化旅游局党组关于县委第三轮巡察整改进展情况的通报" || m.Unit != "中共某县文化旅游局党组" || m.Round != "县委第三轮" || m.Kind != duban.SourcePatrol {
		t.Errorf("meta: title %q unit %q round %q kind %q", m.Title, m.Unit, m.Round, m.Kind)
	}
	if got := duban.SourcePlanTitle(m); got != "县委第三轮巡察整改方案" {
		t.Errorf("plan title %q", got)
	}
}

// The invitation to supervise that closes a notice holds the contact in the
// same paragraph (the reference notice: 欢迎……监督。如有意见建议……。联系方式:
// 电话…;邮政信箱:…): the contact is kept, and the paragraph is not a measure,
// also without a 下一步 section before it.
func TestParseContactInInvitation(t *testing.T) {
	for text, want := range map[string]string{
		"欢迎广大干部群众对巡视整改落实情况进行监督。如有意见建议,请及时向我们反映。联系方式:电话029-81298209;邮政信箱:陕西省西安市丈八五路10号D708室,邮编:710077;电子邮箱:sxswkjgw@sstrc.com。": "联系方式:电话029-81298209;邮政信箱:陕西省西安市丈八五路10号D708室,邮编:710077;电子邮箱:sxswkjgw@sstrc.com。",
		"广大干部群众如有意见和建议，请及时向我们反映。联系电话：0910-1234567": "联系电话：0910-1234567",
		"诚恳欢迎广大干部群众监督。举报电话：12388":                  "举报电话：12388",
		"欢迎广大干部群众对整改工作进行监督。":                       "",
	} {
		r := Parse("关于巡察整改情况的通报\n一、关于“台账不清”的问题\n重建台账。\n" + text + "\n中共某局党组\n2023年5月6日")
		if got := r.Outline.Meta.Contact; got != want {
			t.Errorf("%s\ncontact: got %q, want %q", text, got, want)
		}
		if _, _, _, m := r.Outline.Counts(); m != 1 {
			t.Errorf("%s\n%d measures, want 1: the invitation is not a measure", text, m)
		}
	}
}

// The contact lines a notice ends with are kept in its metadata, not lost.
func TestParseKeepsContact(t *testing.T) {
	r := Parse("关于巡察整改情况的通报\n一、关于“台账不清”的问题\n重建台账。\n联系电话：0910-0000000\n电子邮箱：xcb@example.gov.cn\n中共某局党组\n2023年5月6日")
	if got := r.Outline.Meta.Contact; got != "联系电话：0910-0000000\n电子邮箱：xcb@example.gov.cn" {
		t.Errorf("contact: got %q", got)
	}
	if _, _, _, m := r.Outline.Counts(); m != 1 {
		t.Errorf("%d measures, want 1: the contact lines are not measures", m)
	}
}

// A status written after a problem's heading （已完成整改） does not hide
// the problem, and a heading with 方面 inside the problem's words is a
// problem; 关于……方面的问题 still heads an aspect.
func TestParseProblemHeadings(t *testing.T) {
	r := Parse("关于巡察整改进展情况的通报\n一、关于政治建设方面的问题\n1.关于“学习不深入”的问题（已完成整改）\n制定学习计划。\n2.关于在防范化解重大风险方面工作不够扎实的问题。\n建立风险台账。\n中共某局党组\n2023年5月6日")
	a, p, _, m := r.Outline.Counts()
	if a != 1 || p != 2 || m != 2 || len(r.Unplaced) != 0 {
		t.Fatalf("aspects %d problems %d measures %d unplaced %q; want 1, 2, 2, none", a, p, m, r.Unplaced)
	}
	if got := r.Outline.Aspects[0].Children[0].Title; got != "学习不深入" {
		t.Errorf("first problem %q, want 学习不深入", got)
	}
}

// Totals as notices state them, and counts that are parts, not totals.
func TestFindStatedForms(t *testing.T) {
	for text, want := range map[string]map[string]int{
		"巡视反馈的问题共12个，已完成整改10个问题，剩余2个问题正在推进。":   {"problems": 12},
		"反馈问题12个，制定整改举措共计46项。":                 {"problems": 12, "measures": 46},
		"涉及3大方面，已完成整改40项整改措施。":                 {"aspects": 3},
		"针对反馈的4个方面13个问题，形成整改任务56项，已完成52项整改措施。": {"aspects": 4, "problems": 13, "measures": 56},
		// The problems' count after the aspects' (4 was read as the problems'),
		// counts spaced out as a web page writes them, the problems written
		// after their aspects without 问题.
		"局党组共检视查摆问题4个方面10个问题，制定整改措施32条。":     {"aspects": 4, "problems": 10, "measures": 32},
		"对照反馈的 3 个方面 11 个问题，制定整改措施 38 条。":    {"aspects": 3, "problems": 11, "measures": 38},
		"局党组深入查摆问题，共检视出问题3个方面8个，现将整改情况通报如下：": {"aspects": 3, "problems": 8},
		"对照巡察反馈的3个方面，制定12项整改措施。":             {"aspects": 3, "measures": 12},
	} {
		got := findStated(text)
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%s\ngot %v, want %v", text, got, want)
		}
	}
}

// 一是…，二是…，三是… in one sentence are three measures.
func TestParseOrdinalsAfterCommas(t *testing.T) {
	r := Parse("关于巡察整改情况的通报\n一、关于“制度不健全”的问题\n主要采取了以下措施：一是修订财务管理制度，二是建立内控台账，三是开展专项检查。\n中共某局党组\n2023年5月6日")
	if _, _, _, m := r.Outline.Counts(); m != 3 {
		var titles []string
		for _, x := range r.Outline.Aspects[0].Measures {
			titles = append(titles, x.Title)
		}
		t.Errorf("%d measures %q, want 3", m, titles)
	}
}

// Of the statements of one kind, the first in the text is the total,
// whichever its form; parts (已整改到位28个问题, 其中长期坚持的12项措施)
// are not totals.
func TestFindStatedFirst(t *testing.T) {
	for text, want := range map[string]map[string]int{
		"反馈问题32个，已整改到位28个问题，制定整改措施96项，其中长期坚持的12项措施持续推进。": {"problems": 32, "measures": 96},
		"共梳理问题20个、整改措施65项。":                   {"problems": 20, "measures": 65},
		"反馈意见指出3方面12个问题。一方面加强学习，另一方面完善制度。":    {"aspects": 3, "problems": 12},
		"巡察组反馈了4个方面15个问题，明确整改任务48项，已整改30个问题。": {"aspects": 4, "problems": 15, "measures": 48},
	} {
		got := findStated(text)
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%s\ngot %v, want %v", text, got, want)
		}
	}
}

// A feedback date written without its year takes it from the text before
// it (同年6月8日, 次年1月), not from the signature; a team named after the
// round without its body (第二巡察组) takes the round's; a round written
// 市委十四届第五轮 is read whole.
func TestParseMetaYearAndRound(t *testing.T) {
	tests := []struct {
		name                  string
		text                  string
		round, team, feedback string
	}{
		{"同年", "关于巡察整改情况的通报\n根据县委安排，2022年3月，十五届县委第三轮巡察第二巡察组对县商务局党组开展了巡察。同年6月8日，巡察组反馈了巡察意见。\n一、关于“台账不清”的问题\n重建台账。\n中共某县商务局党组\n2023年9月6日",
			"十五届县委第三轮", "县委第二巡察组", "2022-06-08"},
		{"次年", "关于巡察整改情况的通报\n2022年11月，市委十四届第五轮巡察对市商务局党组开展了巡察，次年1月10日反馈了巡察意见。\n一、关于“台账不清”的问题\n重建台账。\n中共某市商务局党组\n2024年5月6日",
			"市委十四届第五轮", "", "2023-01-10"},
		{"the year last named", "关于巡察整改情况的通报\n2022年10月，县委第一巡察组对县商务局党组开展了巡察，12月5日反馈了巡察意见。\n一、关于“台账不清”的问题\n重建台账。\n中共某县商务局党组\n2023年12月20日",
			"", "县委第一巡察组", "2022-12-05"},
		// An enterprise's team with its enterprise (it was 党组第四巡视组).
		{"an enterprise's", "关于巡视整改情况的通报\n2023年4月，国铁集团党组第四巡视组对某局集团公司党委开展了巡视，2023年7月5日反馈了巡视意见。\n一、关于“台账不清”的问题\n重建台账。\n中共某局集团公司委员会\n2023年12月20日",
			"", "国铁集团党组第四巡视组", "2023-07-05"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := Parse(tt.text).Outline.Meta
			if m.Round != tt.round || m.Team != tt.team || m.FeedbackDate.String() != tt.feedback {
				t.Errorf("round %q team %q feedback %s; want %q %q %s", m.Round, m.Team, m.FeedbackDate, tt.round, tt.team, tt.feedback)
			}
		})
	}
}
