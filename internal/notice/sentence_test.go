package notice

import (
	"slices"
	"strings"
	"testing"

	"duban/internal/duban"
)

// sentences: specific problems written as plain sentences under a problem
// heading — （1）意识形态阵地管理不严。 — with their measures counted on the
// lines below (一是…二是…), numbered (①②), or as one plain paragraph. A
// problem whose （1）（2） carry nothing below them keeps them as measures.
// Made up here; no published notice is quoted.
const sentences = `中共某县农业农村局党组关于县委第四轮巡察整改进展情况的通报
根据县委统一部署，县委第三巡察组于2024年3月至5月对县农业农村局党组开展了巡察。对照反馈的2个方面3个问题、4个具体问题，局党组制定整改措施10项。
一、整改工作开展情况
局党组成立整改工作领导小组，逐条研究整改措施。
二、反馈问题整改落实情况
（一）政治建设方面
1.关于“意识形态工作责任制落实不到位”的问题
（1）意识形态阵地管理不严。
一是对局属公众号和宣传栏开展一次全面排查。
二是建立信息发布三级审核制度。
（2）舆情研判不及时。
一是每季度召开一次舆情分析会。二是明确专人负责网络舆情监测。三是将舆情处置纳入年度考核。
2.关于“理论学习走过场”的问题
（1）严格落实中心组学习制度。
（2）建立学习情况通报制度。
（二）作风建设方面
1.关于“惠农资金监管不严”的问题
（1）项目资金拨付审核不细。
①对2022年以来拨付的项目资金逐笔复核。
②修订资金拨付审批流程。
（2）补贴发放公示不到位。
在各村公示栏和局门户网站同步公示补贴发放明细。
三、下一步工作打算
持续巩固整改成果。
中共某县农业农村局党组
2024年9月30日`

// sentencesPlain: the same without 关于 or quotes — problems as sentences
// under …方面, specific problems as sentences under them.
const sentencesPlain = `（一）组织建设方面
1.基层党组织建设薄弱。
（1）支部组织生活不规范。
一是严格落实“三会一课”制度。二是每季度抽查支部会议记录。
（2）党员教育管理松散。
一是建立流动党员台账。
2.党员发展工作不严格。
对近三年发展党员档案逐一复查。`

// tree is a Result written out: each aspect, problem and specific problem
// by title, with the titles of its measures under it.
func tree(r *Result) []string {
	var out []string
	var walk func(n *duban.OutlineNode, indent string)
	walk = func(n *duban.OutlineNode, indent string) {
		out = append(out, indent+string(n.Kind)+" "+n.Title)
		for _, m := range n.Measures {
			out = append(out, indent+"  - "+m.Title)
		}
		for _, c := range n.Children {
			walk(c, indent+"  ")
		}
	}
	for _, n := range r.Outline.Aspects {
		walk(n, "")
	}
	return out
}

func TestParseSpecificProblemsAsSentences(t *testing.T) {
	a, p, s := string(duban.NodeAspect), string(duban.NodeProblem), string(duban.NodeSubproblem)
	tests := []struct {
		name   string
		text   string
		counts [4]int
		want   []string
	}{
		{"under quoted problems, measures counted, numbered or plain", sentences, [4]int{2, 3, 4, 10}, []string{
			a + " 政治建设方面",
			"  " + p + " 意识形态工作责任制落实不到位",
			"    " + s + " 意识形态阵地管理不严",
			"      - 对局属公众号和宣传栏开展一次全面排查",
			"      - 建立信息发布三级审核制度",
			"    " + s + " 舆情研判不及时",
			"      - 每季度召开一次舆情分析会",
			"      - 明确专人负责网络舆情监测",
			"      - 将舆情处置纳入年度考核",
			"  " + p + " 理论学习走过场",
			"    - 严格落实中心组学习制度",
			"    - 建立学习情况通报制度",
			a + " 作风建设方面",
			"  " + p + " 惠农资金监管不严",
			"    " + s + " 项目资金拨付审核不细",
			"      - 对2022年以来拨付的项目资金逐笔复核",
			"      - 修订资金拨付审批流程",
			"    " + s + " 补贴发放公示不到位",
			"      - 在各村公示栏和局门户网站同步公示补贴发放明细",
		}},
		{"under plain problems", sentencesPlain, [4]int{1, 2, 2, 4}, []string{
			a + " 组织建设方面",
			"  " + p + " 基层党组织建设薄弱",
			"    " + s + " 支部组织生活不规范",
			"      - 严格落实“三会一课”制度",
			"      - 每季度抽查支部会议记录",
			"    " + s + " 党员教育管理松散",
			"      - 建立流动党员台账",
			"  " + p + " 党员发展工作不严格",
			"    - 对近三年发展党员档案逐一复查",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Parse(tt.text)
			x, y, z, w := r.Outline.Counts()
			if got := [4]int{x, y, z, w}; got != tt.counts {
				t.Errorf("counts (aspects, problems, subproblems, measures): got %v, want %v", got, tt.counts)
			}
			if got := tree(r); !slices.Equal(got, tt.want) {
				t.Errorf("tree:\ngot  %q\nwant %q", got, tt.want)
			}
			if len(r.Unplaced) != 0 {
				t.Errorf("unplaced: %q", r.Unplaced)
			}
			if msgs := r.Check(); len(msgs) != 0 {
				t.Errorf("stated totals disagree: %q", msgs)
			}
		})
	}
}

// A numbered measure that counts its steps on its own line stays a
// measure: only lines below a （n） make it a specific problem.
func TestParseNumberedMeasureWithStepsStaysMeasure(t *testing.T) {
	r := Parse("一、关于“台账不清”的问题\n（1）重建整改台账。一是逐笔核对。二是每月更新。\n（2）明确专人管理台账。")
	_, p, s, m := r.Outline.Counts()
	if p != 1 || s != 0 || m != 2 {
		t.Fatalf("got %d problems, %d specific problems, %d measures; want 1, 0, 2", p, s, m)
	}
	if got := r.Outline.Aspects[0].Measures[0]; got.Title != "重建整改台账" || got.Content != "一是逐笔核对。二是每月更新。" {
		t.Errorf("first measure: got %q / %q", got.Title, got.Content)
	}
}

// Measures counted 第一，第二，… are measures as 一是，二是 are; 第一责任人
// or 第一时间 in a measure's text is no count.
func TestParseMeasuresCountedWithDi(t *testing.T) {
	const text = `中共某县水利局党组关于巡察整改进展情况的通报
二、反馈问题整改落实情况
（一）党的建设方面
1.关于“基层党建责任落实不到位”的问题
整改措施：第一，压实党组书记第一责任人责任，制定年度党建工作要点；第二，每季度开展一次支部工作检查；第三、建立问题整改台账，第一时间通报整改情况。
2.关于“河道巡查不到位”的问题
整改措施：落实河长巡河制度，第一时间处置发现的问题。
中共某县水利局党组
2024年9月30日`
	want := []string{
		"aspect 党的建设方面",
		"  problem 基层党建责任落实不到位",
		"    - 压实党组书记第一责任人责任，制定年度党建工作要点",
		"    - 每季度开展一次支部工作检查",
		"    - 建立问题整改台账，第一时间通报整改情况",
		"  problem 河道巡查不到位",
		"    - 落实河长巡河制度，第一时间处置发现的问题",
	}
	checkTree(t, text, want)
}

// A specific problem named by what falls short (1.…监管不到位。) with what
// was done counted under a progress label (整改进展：一是…二是…) is a
// specific problem whose counted items are its measures; it was read as a
// measure with all of them as its progress.
func TestParseSpecificProblemsWithCountedProgress(t *testing.T) {
	const text = `中共某局党组关于巡视整改进展情况的通报
省委第七巡视组对某局党组进行了巡视，2023年8月28日反馈了巡视意见。
一、关于贯彻落实党中央重大决策部署方面
（一）防范化解地方金融风险不够有力
1.对地方金融组织监管不到位。
整改进展：一是开展分类评级。二是依法清退空壳组织，已清退87家。
2.非法集资风险排查处置不及时。
整改进展：一是建立风险监测预警平台。二是开展陈案积案攻坚行动。
（二）制度执行不严
1.修订财务报销制度。
整改进展：一是已印发。二是已组织培训。
2.巩固整改成果，确保问题不反弹。
整改进展：一是开展回头看。二是纳入年度考核。
3.集中整治报销中的突出问题。
整改进展：一是开展专项检查。二是清退违规费用。
中共某局党组
2024年3月15日`
	want := []string{
		"aspect 关于贯彻落实党中央重大决策部署方面",
		"  problem 防范化解地方金融风险不够有力",
		"    subproblem 对地方金融组织监管不到位",
		"      - 开展分类评级",
		"      - 依法清退空壳组织，已清退87家",
		"    subproblem 非法集资风险排查处置不及时",
		"      - 建立风险监测预警平台",
		"      - 开展陈案积案攻坚行动",
		"  problem 制度执行不严",
		"    - 修订财务报销制度",
		"    - 巩固整改成果，确保问题不反弹",
		"    - 集中整治报销中的突出问题",
	}
	checkTree(t, text, want)
}

// Measures numbered 1) or 1） are numbered as （1） is; the number stayed in
// their titles.
func TestParseHalfBracketNumbers(t *testing.T) {
	const text = `关于巡察整改进展情况的通报
区委第一巡察组于2024年7月2日反馈了巡察意见。
一、关于干部队伍建设方面
1.关于“干部交流轮岗不及时”的问题
1)修订干部交流轮岗办法。
2)开展轮岗。
2.关于“制度不健全”的问题
1）修订制度。`
	want := []string{
		"aspect 关于干部队伍建设方面",
		"  problem 干部交流轮岗不及时",
		"    - 修订干部交流轮岗办法",
		"    - 开展轮岗",
		"  problem 制度不健全",
		"    - 修订制度",
	}
	checkTree(t, text, want)
}

// checkTree checks that text parses into the tree want (as tree writes it).
func checkTree(t *testing.T, text string, want []string) {
	t.Helper()
	if got := tree(Parse(text)); !slices.Equal(got, want) {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// A problem heading whose quotation is broken across two lines is one
// heading; its second half was read as a measure.
func TestParseHeadingBrokenAcrossLines(t *testing.T) {
	checkTree(t, `关于巡察整改进展情况的通报
区委第一巡察组于2024年7月2日反馈了巡察意见。
一、关于干部队伍建设方面
1.关于“干部交流轮岗不及时，部分干部在同一岗位
任职时间过长”的问题
（1）修订干部交流轮岗办法。
2.关于“制度不健全”的问题
（1）修订制度。`, []string{
		"aspect 关于干部队伍建设方面",
		"  problem 干部交流轮岗不及时，部分干部在同一岗位任职时间过长",
		"    - 修订干部交流轮岗办法",
		"  problem 制度不健全",
		"    - 修订制度",
	})
}
