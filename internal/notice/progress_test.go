package notice

import (
	"strings"
	"testing"

	"duban/internal/duban"
)

// measureRows lists a result's measures as "problem | title | progress |
// status", depth first.
func measureRows(r *Result) []string {
	var rows []string
	var walk func(ns []*duban.OutlineNode)
	walk = func(ns []*duban.OutlineNode) {
		for _, n := range ns {
			for _, m := range n.Measures {
				rows = append(rows, n.Title+" | "+m.Title+" | "+strings.ReplaceAll(m.Progress, "\n", "/")+" | "+string(m.Status))
			}
			walk(n.Children)
		}
	}
	walk(r.Outline.Aspects)
	return rows
}

func checkRows(t *testing.T, r *Result, want []string) {
	t.Helper()
	got := measureRows(r)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("measures:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if len(r.Unplaced) != 0 {
		t.Errorf("unplaced %q", r.Unplaced)
	}
}

// Progress written under the measures (整改进展：…, 整改情况：…, 整改成效：…,
// 进展情况：…) and status marks (（已完成）, （持续推进）) are the measures'
// progress and state, not measures of their own.
func TestParseProgress(t *testing.T) {
	const text = `关于巡察整改进展情况的通报
一、巡察反馈问题整改情况
（一）党的建设方面
1.关于“理论学习不深入”的问题（已完成）
一是制定年度学习计划。二是开展专题研讨4次。
整改进展：已完成，形成学习台账。
2.关于“基层党组织建设薄弱”的问题
整改措施：开展支部标准化建设。
整改情况：已完成12个支部标准化建设，剩余3个正在推进。
3.关于“制度执行不严”的问题
修订制度汇编。（持续推进）
进展情况：已印发制度汇编。
（二）作风建设方面
1.关于“财务管理不规范”的问题
（1）修订财务管理制度。
整改进展：已印发《财务管理办法》。
（2）开展财务专项检查。
整改进展：正在推进，已检查3个科室。
2.关于“公务接待超标准”的问题
一是严格执行接待标准（已完成）；二是建立接待台账（持续推进）。
3.关于“项目管理不严”的问题（已完成整改）
整改措施：建立项目全过程管理台账。整改情况：已建立台账，纳入日常监管。
4.关于“档案管理混乱”的问题
整改措施：全面清理档案。
整改成效：清理档案1200卷。
整改措施：建立档案借阅登记制度。
整改成效：已完成。
二、下一步工作打算
持续巩固整改成果。`
	checkRows(t, Parse(text), []string{
		"理论学习不深入 | 制定年度学习计划 | 已完成，形成学习台账。 | closed",
		"理论学习不深入 | 开展专题研讨4次 | 已完成，形成学习台账。 | closed",
		"基层党组织建设薄弱 | 开展支部标准化建设 | 已完成12个支部标准化建设，剩余3个正在推进。 | ",
		"制度执行不严 | 修订制度汇编 | 持续推进/已印发制度汇编。 | ",
		"财务管理不规范 | 修订财务管理制度 | 已印发《财务管理办法》。 | ",
		"财务管理不规范 | 开展财务专项检查 | 正在推进，已检查3个科室。 | ",
		"公务接待超标准 | 严格执行接待标准 | 已完成 | closed",
		"公务接待超标准 | 建立接待台账 | 持续推进 | ",
		"项目管理不严 | 建立项目全过程管理台账 | 已建立台账，纳入日常监管。 | closed",
		"档案管理混乱 | 全面清理档案 | 清理档案1200卷。 | ",
		"档案管理混乱 | 建立档案借阅登记制度 | 已完成。 | closed",
	})
}

// 整改情况： alone under a problem says what was done: its items are the
// measures (the progress labels do not empty a problem).
func TestParseProgressAlone(t *testing.T) {
	r := Parse("关于巡察整改情况的通报\n一、关于“台账不清”的问题\n整改情况：一是重建台账；二是每月核对。\n中共某局党组\n2023年5月6日")
	checkRows(t, r, []string{"台账不清 | 重建台账 |  | ", "台账不清 | 每月核对 |  | "})
}

// What the inspectors found (巡察指出：, 问题表现：, 存在问题：, 巡察反馈：)
// is the problem's text, not a measure; a numbered paragraph that opens
// with it is a problem headed by the first sentence found.
func TestParseFindings(t *testing.T) {
	const text = `关于巡察整改进展情况的通报
一、巡察反馈问题整改情况
（一）党的建设方面
1.关于“理论学习不深入”的问题
巡察指出：局党组理论学习中心组学习流于形式，研讨不深入。
整改措施：一是制定年度学习计划；二是开展专题研讨4次。
2.关于“基层党组织建设薄弱”的问题
问题表现：个别支部“三会一课”记录不全。
存在问题：支部书记培训不足。
整改情况：开展支部标准化建设。
（二）作风建设方面
1.巡察反馈：部分报销凭证附件不全。个别凭证缺少审批签字。
整改情况：一是修订财务管理制度；二是开展财务专项检查。
2.巡察指出：公务用车管理不严。整改情况：建立用车登记制度。
3.关于“法律监督职能发挥不够充分”的问题
具体表现：刑事立案监督案件数量偏少。
整改措施：开展刑事立案监督专项活动。
二、下一步工作打算
持续巩固整改成果。`
	r := Parse(text)
	checkRows(t, r, []string{
		"理论学习不深入 | 制定年度学习计划 |  | ",
		"理论学习不深入 | 开展专题研讨4次 |  | ",
		"基层党组织建设薄弱 | 开展支部标准化建设 |  | ",
		"部分报销凭证附件不全 | 修订财务管理制度 |  | ",
		"部分报销凭证附件不全 | 开展财务专项检查 |  | ",
		"公务用车管理不严 | 建立用车登记制度 |  | ",
		"法律监督职能发挥不够充分 | 开展刑事立案监督专项活动 |  | ",
	})
	var texts []string
	for _, a := range r.Outline.Aspects {
		for _, p := range a.Children {
			texts = append(texts, p.Text)
		}
	}
	want := []string{"局党组理论学习中心组学习流于形式，研讨不深入。", "个别支部“三会一课”记录不全。\n支部书记培训不足。", "个别凭证缺少审批签字。", "", "刑事立案监督案件数量偏少。"}
	if strings.Join(texts, "|") != strings.Join(want, "|") {
		t.Errorf("problems' text: got %q, want %q", texts, want)
	}
}

// A short sentence of its own telling where the work stands (目前，该问题
// 已整改完成。 截至目前，已完成整改并长期坚持。) and 整改进度： are
// progress; a sentence saying what was done (现已建立台账并持续推进监管)
// stays a measure.
func TestParseStatusSentences(t *testing.T) {
	const text = `关于巡察整改进展情况的通报
一、巡察反馈问题整改落实情况
（一）贯彻落实党中央决策部署方面
1、关于“科技成果转化推进不力”的问题。
修订科技成果转化奖励办法。
建立成果转化项目库，入库项目126个。
目前，该问题已整改完成。
2、关于“科技计划项目监管不严”的问题。
开展项目专项检查，收回结余资金86万元。
截至目前，已完成整改并长期坚持。
3、关于“项目验收不规范”的问题。
现已建立验收台账并持续开展抽查。
（二）全面从严治党方面
1、关于“廉政风险防控不到位”的问题。
整改措施：重新梳理廉政风险点52个。
整改进度：正在推进。
二、下一步工作安排
持续巩固整改成果。`
	checkRows(t, Parse(text), []string{
		"科技成果转化推进不力 | 修订科技成果转化奖励办法 | 目前，该问题已整改完成。 | closed",
		"科技成果转化推进不力 | 建立成果转化项目库，入库项目126个 | 目前，该问题已整改完成。 | closed",
		"科技计划项目监管不严 | 开展项目专项检查，收回结余资金86万元 | 截至目前，已完成整改并长期坚持。 | closed",
		"项目验收不规范 | 现已建立验收台账并持续开展抽查 |  | ",
		"廉政风险防控不到位 | 重新梳理廉政风险点52个 | 正在推进。 | ",
	})
}

// A state written as the last sentence of a counted measure (一是…。已完成。)
// is its progress, as after a numbered one (1.…。已完成。): it was the
// measure's content, and the measure stayed open.
func TestParseStatusAfterCountedMeasure(t *testing.T) {
	const text = `中共某县林业局党组关于县委巡察整改情况的通报
一、党的领导方面
（一）关于“林长制落实不到位”的问题
一是制定林长制考核办法。已完成。
二是开展林长巡林督查，覆盖全县12个乡镇。督查发现问题32个。正在推进。
（二）关于“森林防火责任不实”的问题
1.制定森林防火责任清单。已完成。
2.开展防火隐患排查。正在推进。`
	r := Parse(text + "\n（三）关于“防火物资储备不足”的问题\n一是补充扑火机具200套。正在整改。")
	checkRows(t, r, []string{
		"林长制落实不到位 | 制定林长制考核办法 | 已完成。 | closed",
		"林长制落实不到位 | 开展林长巡林督查，覆盖全县12个乡镇 | 正在推进。 | ",
		"森林防火责任不实 | 制定森林防火责任清单 | 已完成。 | closed",
		"森林防火责任不实 | 开展防火隐患排查 | 正在推进。 | ",
		"防火物资储备不足 | 补充扑火机具200套 | 正在整改。 | ",
	})
	if m := r.Outline.Aspects[0].Children[0].Measures[1]; m.Content != "督查发现问题32个。" {
		t.Errorf("the second measure's content: %q, want its sentence before the state", m.Content)
	}
}

// Problems stated by a label alone under an aspect's heading, each
// followed by its measures and progress (主题教育 检视问题 notices), are the
// aspect's problems: the notice was refused, nothing read. A label
// describing a numbered problem stays its description.
func TestParseLabelledProblems(t *testing.T) {
	const text = `中共某市自然资源和规划局党组关于主题教育检视问题整改情况的通报
（一）在理论学习方面
问题表现：学习不够系统深入，存在碎片化现象。
整改措施：一是严格落实“第一议题”制度；二是举办专题读书班。
整改成效：召开党组会学习14次。
（二）在服务群众方面
问题表现：不动产登记办理时限偏长。
整改措施：压缩办理时限至3个工作日。
整改成效：已完成。
问题：耕地保护监管存在薄弱环节。
整改措施：开展耕地保护专项督察。
整改进展：正在推进。
（三）在廉洁自律方面
1.关于“个别干部怕担责”的问题
问题表现：个别干部存在“怕担责”心态。
整改措施：开展“能力作风建设年”活动。
整改成效：已完成。`
	r := Parse(text)
	checkRows(t, r, []string{
		"学习不够系统深入，存在碎片化现象 | 严格落实“第一议题”制度 | 召开党组会学习14次。 | ",
		"学习不够系统深入，存在碎片化现象 | 举办专题读书班 | 召开党组会学习14次。 | ",
		"不动产登记办理时限偏长 | 压缩办理时限至3个工作日 | 已完成。 | closed",
		"耕地保护监管存在薄弱环节 | 开展耕地保护专项督察 | 正在推进。 | ",
		"个别干部怕担责 | 开展“能力作风建设年”活动 | 已完成。 | closed",
	})
	if a, p, _, _ := r.Outline.Counts(); a != 3 || p != 4 {
		t.Errorf("counts: %d aspects, %d problems; want 3 and 4", a, p)
	}
}

// Aspects written as lines of their own without a number, between the
// section's heading and its numbered problems, are the section's aspects:
// the first was left unplaced and the others read as measures.
func TestParseUnnumberedAspectLines(t *testing.T) {
	r := Parse(`中共某县农业农村局党组关于县委巡察整改进展情况的通报
一、整改工作总体情况
对照反馈的2个方面3个问题，制定整改措施3条。
二、反馈问题整改落实情况
在贯彻落实党中央决策部署方面
1.关于“耕地保护责任落实不到位”的问题。整改情况：开展耕地“非农化”排查，整改问题图斑37处。已完成。
2.关于“学习不深入”的问题。整改情况：开展专题学习6次。已完成。
在落实全面从严治党“两个责任”方面
3.关于“惠农资金监管不严”的问题。整改情况：追回多发补贴资金4.3万元。正在推进。`)
	if a, p, _, m := r.Outline.Counts(); a != 2 || p != 3 || m != 3 || len(r.Unplaced) != 0 {
		t.Fatalf("counts %d aspects %d problems %d measures, unplaced %q; want 2, 3, 3, none", a, p, m, r.Unplaced)
	}
	if got := r.Outline.Aspects[1].Title; got != "在落实全面从严治党“两个责任”方面" {
		t.Errorf("second aspect %q", got)
	}
	// Not lines grouping a problem's measures under an aspect's own section,
	// nor a results section's groups of what was done (a review found both
	// made aspects of, and the results problems).
	for name, text := range map[string]string{
		"measures grouped": `关于巡察整改进展情况的通报
一、履行市场监管职责方面
1.食品安全监管存在薄弱环节。
整改措施：
在制度建设方面
（1）修订食品安全日常监督检查办法。
在监督检查方面
（2）开展校园食品安全专项检查。`,
		"results": `关于巡察整改进展情况的通报
一、关于“低保动态管理不到位”的问题
开展低保对象排查。已完成。
二、整改工作取得的成效
在制度建设方面
1.修订完善制度12项。`,
	} {
		for _, a := range Parse(text).Outline.Aspects {
			if strings.HasPrefix(a.Title, "在") {
				t.Errorf("%s: aspect %q made of a line grouping what was done", name, a.Title)
			}
		}
	}
}

// TestParseReportsAsOfAndStatusTails: where the work stands, written as
// notices write it. A 截至…，已完成… paragraph of its own after the measures was the last
// measure's text (longer than a status sentence may be); a status sentence
// ending the paragraph of measures (…二是…。目前已整改完成。) stayed in the
// last measure; a report whose last clause says the problem is done
// (…，该问题已整改完成。) did not close it.
func TestParseReportsAsOfAndStatusTails(t *testing.T) {
	r := Parse(`关于巡察整改进展情况的通报
一、巡察反馈问题整改落实情况
（一）关于“优抚对象信息管理不规范”的问题
一是全面核查比对优抚对象信息；二是建立信息动态更新机制。
截至2022年6月底，已完成全区4862名优抚对象信息核查，更正信息127条，该问题已整改完成。
（二）关于“服务站建设不达标”的问题
一是推进服务站规范化建设；二是开展工作人员培训。
截至2022年12月底，已完成规范化建设服务站36个，剩余4个正在推进。
（三）关于“老旧小区改造推进缓慢”的问题
一是建立改造项目清单；二是完成12个老旧小区改造。目前已整改完成。`)
	done := "截至2022年6月底，已完成全区4862名优抚对象信息核查，更正信息127条，该问题已整改完成。"
	going := "截至2022年12月底，已完成规范化建设服务站36个，剩余4个正在推进。"
	checkRows(t, r, []string{
		"优抚对象信息管理不规范 | 全面核查比对优抚对象信息 | " + done + " | closed",
		"优抚对象信息管理不规范 | 建立信息动态更新机制 | " + done + " | closed",
		"服务站建设不达标 | 推进服务站规范化建设 | " + going + " | ",
		"服务站建设不达标 | 开展工作人员培训 | " + going + " | ",
		"老旧小区改造推进缓慢 | 建立改造项目清单 | 目前已整改完成。 | closed",
		"老旧小区改造推进缓慢 | 完成12个老旧小区改造 | 目前已整改完成。 | closed",
	})
}

// TestParseReportsNumberedAsMeasures: 整改进展：（1）…；（2）…；（3）… under
// 整改措施：（1）…；（2）…；（3）… gave every measure the whole paragraph (and
// closed none); each piece is its measure's. A report numbered otherwise
// than the measures stays whole for all of them.
func TestParseReportsNumberedAsMeasures(t *testing.T) {
	r := Parse(`关于巡察整改进展情况的通报
一、关于“文旅市场监管不到位”的问题
整改措施：（1）开展文旅市场专项整治行动；（2）建立A级景区动态管理机制；（3）完善旅游投诉快速处理机制。
整改进展：（1）已完成，检查经营单位412家；（2）已完成，对2家景区作出警告处理；（3）正在推进。
二、关于“文物安全责任落实不力”的问题
整改措施：1.开展文物安全大检查；2.落实文物保护员补助。
整改进展：1.已检查文物点112处；2.已发放补助；3.已建立巡查台账。`)
	whole := "1.已检查文物点112处；2.已发放补助；3.已建立巡查台账。"
	checkRows(t, r, []string{
		"文旅市场监管不到位 | 开展文旅市场专项整治行动 | 已完成，检查经营单位412家 | closed",
		"文旅市场监管不到位 | 建立A级景区动态管理机制 | 已完成，对2家景区作出警告处理 | closed",
		"文旅市场监管不到位 | 完善旅游投诉快速处理机制 | 正在推进。 | ",
		"文物安全责任落实不力 | 开展文物安全大检查 | " + whole + " | ",
		"文物安全责任落实不力 | 落实文物保护员补助 | " + whole + " | ",
	})
}

// TestParseStatusAfterLabelledMeasures: 整改情况：一是…；二是…。目前已整改
// 完成。 (the measures given under a progress label) ends with where they
// stand: it closes them instead of staying in the last one's text. Without
// a feedback date a deadline without its year (11月底前) is left as written.
func TestParseStatusAfterLabelledMeasures(t *testing.T) {
	r := Parse(`关于巡察整改进展情况的通报
一、巡察反馈问题整改落实情况
（一）审计质量控制不严。巡察指出：审计底稿复核不规范。整改情况：一是修订审计质量控制办法；二是开展审计底稿专项检查。目前已整改完成。
（二）关于“森林防火责任落实不到位”的问题
整改措施：开展森林防火隐患排查。
完成时限：11月底前`)
	checkRows(t, r, []string{
		"审计质量控制不严 | 修订审计质量控制办法 | 目前已整改完成。 | closed",
		"审计质量控制不严 | 开展审计底稿专项检查 | 目前已整改完成。 | closed",
		"森林防火责任落实不到位 | 开展森林防火隐患排查 |  | ",
	})
	r.Outline.Scan()(func(_ *duban.OutlineNode, m *duban.OutlineMeasure) bool {
		if m.DeadlineText == "11月底前" && (m.DeadlineKind != "" || !m.Deadline.IsZero()) {
			t.Errorf("11月底前 read as %s %s without a feedback date", m.DeadlineKind, m.Deadline)
		}
		return true
	})
}

// A mark that counts what is done (（已完成9名，其余2名2025年3月底前完成）,
// （已完成3项）) is the measure's progress, not its content, and leaves it
// open.
func TestParseCountedMarks(t *testing.T) {
	r := Parse(`关于巡察整改进展情况的通报
区委第一巡察组于2024年7月2日反馈了巡察意见。
一、关于干部队伍建设方面
1.关于“干部交流轮岗不及时”的问题
（1）对在同一岗位工作满5年的11名干部进行交流轮岗。（已完成9名，其余2名2025年3月底前完成）
（2）修订干部交流轮岗办法。（已完成）`)
	checkRows(t, r, []string{
		"干部交流轮岗不及时 | 对在同一岗位工作满5年的11名干部进行交流轮岗 | 已完成9名，其余2名2025年3月底前完成 | ",
		"干部交流轮岗不及时 | 修订干部交流轮岗办法 | 已完成 | closed",
	})
}

// Text copied from a web page or typed with an English keyboard: a
// half-width full stop after Chinese ends a sentence (…12家. 已完成.; the
// state stayed in the title), and a page's number - 2 - is no Markdown
// bullet (2 - was read into the measure before it).
func TestReadFileHalfWidthStops(t *testing.T) {
	text := "关于巡察整改情况的通报\n一、在落实党的教育方针方面\n1. 关于“教育资源配置不均衡”的问题\n一是 推进集团化办学,组建教育集团 6 个. 已完成.\n\n- 2 -\n\n二是 开展校外培训机构专项治理. 持续推进.\n"
	r, err := ReadFile("通报.txt", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	checkRows(t, r, []string{
		"教育资源配置不均衡 | 推进集团化办学,组建教育集团 6 个 | 已完成。 | closed",
		"教育资源配置不均衡 | 开展校外培训机构专项治理 | 持续推进。 | ",
	})
}
