package notice

import (
	"slices"
	"strings"
	"testing"

	"duban/internal/duban"
)

// Notices in the forms they come in besides typed text: copied out of a
// PDF, exported as Markdown, saved from a web page.

// hardWrapped is a notice copied out of a PDF: its paragraphs broken into
// lines 35 characters wide, a page number between two pages.
const hardWrapped = `
中共某县市场监督管理局党组关于巡察整改进展情况的通报

根据县委统一部署，2023年4月10日至5月31日，县委第三巡察组对中共某县市场
监督管理局党组进行了常规巡察。2023年7月5日，县委第三巡察组向局党组反馈
了巡察意见。按照党务公开原则和巡察工作有关要求，现将巡察整改进展情况予
以公布。
一、巡察反馈问题整改落实情况
（一）党的政治建设方面
1.关于“学习贯彻习近平新时代中国特色社会主义思想不够深入”的问题
一是修订完善党组理论学习中心组学习制度，制定年度学习计划，明确每月集中
学习不少于一次，全年已开展集中学习12次。二是组织开展专题研讨4次，班子
成员围绕食品安全监管、特种设备安全等主题撰写调研报告6篇，推动理论学习
成果转化为工作成效。
2.关于“食品安全监管责任落实不到位”的问题
全面梳理全县食品生产经营主体1325家，建立分级分类监管台账，对风险等级较
高的87家主体实行重点监管，每季度开展一次全覆盖检查，累计检查2100余家次
，发现并督促整改问题136个。
（二）全面从严治党方面
1.关于“廉政风险防控机制不健全”的问题
一是全面排查行政许可、执法检查、案件查办等重点环节廉政风险点42个，逐一
制定防控措施。二是建立廉政风险点动态更新机制，每半年更新一次。
— 1 —
二、下一步工作打算
局党组将持续巩固整改成果，建立健全长效机制，以整改实效推动市场监管工作
高质量发展。
中共某县市场监督管理局党组
2023年10月20日`

// Lines broken by a PDF page's width are joined back into their
// paragraphs: each measure is whole, the dates of the opening are read,
// and the page number is no text.
func TestParseHardWrapped(t *testing.T) {
	r := Parse(hardWrapped)
	checkRows(t, r, []string{
		"学习贯彻习近平新时代中国特色社会主义思想不够深入 | 修订完善党组理论学习中心组学习制度，制定年度学习计划，明确每月集中学习不少于一次，全年已开展集中学习12次 |  | ",
		"学习贯彻习近平新时代中国特色社会主义思想不够深入 | 组织开展专题研讨4次，班子成员围绕食品安全监管、特种设备安全等主题撰写调研报告6篇，推动理论学习成果转化为工作成效 |  | ",
		"食品安全监管责任落实不到位 | 全面梳理全县食品生产经营主体1325家，建立分级分类监管台账，对风险等级较高的87家主体实行重点监管，每季度开展一次全覆盖检查，累计检查2100余家次，发现并督促整改问题136个 |  | ",
		"廉政风险防控机制不健全 | 全面排查行政许可、执法检查、案件查办等重点环节廉政风险点42个，逐一制定防控措施 |  | ",
		"廉政风险防控机制不健全 | 建立廉政风险点动态更新机制，每半年更新一次 |  | ",
	})
	m := r.Outline.Meta
	if m.FeedbackDate.String() != "2023-07-05" || m.SignedDate.String() != "2023-10-20" || m.Unit != "中共某县市场监督管理局党组" {
		t.Errorf("meta: feedback %s signed %s unit %q", m.FeedbackDate, m.SignedDate, m.Unit)
	}
}

// A PDF converter's blank line after every line of the page is no
// paragraph break: the text reads as the same text single-spaced.
func TestParseHardWrappedDoubleSpaced(t *testing.T) {
	lines := strings.Split(hardWrapped, "\n")
	want := Parse(hardWrapped)
	got := Parse(strings.Join(lines, "\n\n"))
	if g, w := measureRows(got), measureRows(want); !slices.Equal(g, w) {
		t.Errorf("double-spaced:\n%s\nwant\n%s", strings.Join(g, "\n"), strings.Join(w, "\n"))
	}
	if g, w := got.Outline.Meta, want.Outline.Meta; g.FeedbackDate != w.FeedbackDate || g.SignedDate != w.SignedDate || g.Unit != w.Unit || g.Title != w.Title {
		t.Errorf("meta: %+v, want %+v", g, w)
	}
	if len(want.Outline.Aspects) == 0 || len(got.Unplaced) != 0 {
		t.Errorf("double-spaced: %d aspects, unplaced %q", len(want.Outline.Aspects), got.Unplaced)
	}
	// A page's number between two pages, a blank line either side, leaves
	// the paragraph it falls in whole, even within a word.
	lines = []string{
		"　　根据县委统一部署，县委第三巡察组对中共某县市场监督管理局党组进行了常",
		"规巡察，现将巡察整改进展情况予以公布，欢迎广大干部群众监督，谢谢大家支持",
		"和帮助。局党组高度重视巡察整改工作，召开专题会议研究部署整改工作，成立了",
		"领导小组，由党组书记任组长，班子成员任副组长，各股室负责人为成员，统筹推",
		"— 1 —",
		"进整改落实。局党组坚持把巡察整改作为重大政治任务，逐项对照反馈问题制定整",
		"改措施，明确责任领导、责任股室和整改时限，实行清单化管理、项目化推进，",
		"确保每个问题都有着落、每项措施都能落地、每个环节都有人负责，形成闭环管",
		"理，整改工作取得阶段性成效。",
	}
	if got := joinWrapped(strings.Join(lines, "\n\n")); strings.Count(got, "\n") != 0 || !strings.Contains(got, "统筹推进整改落实") {
		t.Errorf("across the page:\n%s", got)
	}
	// Paragraphs of a line each with a blank line between them are not
	// run together.
	for _, text := range []string{layoutB, problemsPlain} {
		spaced := strings.Join(strings.Split(text, "\n"), "\n\n")
		if got := joinWrapped(spaced); got != spaced {
			t.Errorf("changed:\n%s\ninto:\n%s", spaced, got)
		}
	}
}

// Text written a paragraph a line, however long, is left as it is.
func TestJoinWrappedLeavesParagraphs(t *testing.T) {
	for _, text := range []string{layoutB, layoutC, runIn, problemsPlain, planWithFields} {
		if got := joinWrapped(text); got != text {
			t.Errorf("changed:\n%s\ninto:\n%s", text, got)
		}
	}
}

// An indented line begins a paragraph even after a line as wide as the
// page's.
func TestJoinWrappedIndent(t *testing.T) {
	lines := []string{
		"　　根据县委统一部署，县委第三巡察组对中共某县市场监督管理局党组进行了常",
		"规巡察，现将巡察整改进展情况予以公布，欢迎广大干部群众监督，谢谢大家支持",
		"　　局党组高度重视巡察整改工作，召开专题会议研究部署整改工作，成立了领导",
		"小组，由党组书记任组长，班子成员任副组长，各股室负责人为成员，统筹推进。",
		"　　局党组坚持把巡察整改作为重大政治任务，逐项对照反馈问题制定整改措施，",
		"明确责任领导、责任股室和整改时限，实行清单化管理、项目化推进，确保落实。",
	}
	want := []string{lines[0] + lines[1], lines[2] + lines[3], lines[4] + lines[5]}
	if got := joinWrapped(strings.Join(lines, "\n")); got != strings.Join(want, "\n") {
		t.Errorf("got:\n%s\nwant:\n%s", got, strings.Join(want, "\n"))
	}
}

// A notice exported as Markdown: headings (##, ###) without numbers are
// the levels, an ordered list below a heading is a level below it, and
// bullets, rules and bold marks are not text.
func TestReadMarkdown(t *testing.T) {
	const md = "# 中共某县商务局党组关于巡察整改进展情况的通报\n\n" +
		"根据县委统一部署，县委第一巡察组对县商务局党组进行了巡察，2023年5月20日反馈了巡察意见。\n\n" +
		"## 巡察反馈问题整改情况\n\n### 党的建设方面\n\n#### 关于“理论学习不深入”的问题\n\n" +
		"- 制定年度学习计划\n- 开展专题研讨4次\n\n" +
		"#### 关于“支部建设薄弱”的问题\n\n1. 开展支部标准化建设\n2. 配齐支部书记\n\n" +
		"### 作风建设方面\n\n#### 2\\. 关于“接待超标”的问题\n\n* 建立接待台账；\n* **严格执行**接待标准。\n\n---\n\n" +
		"## 下一步工作打算\n\n持续巩固整改成果。\n\n中共某县商务局党组\n\n2023年9月1日\n"
	r, err := ReadFile("通报.md", []byte(md))
	if err != nil {
		t.Fatal(err)
	}
	checkRows(t, r, []string{
		"理论学习不深入 | 制定年度学习计划 |  | ",
		"理论学习不深入 | 开展专题研讨4次 |  | ",
		"支部建设薄弱 | 开展支部标准化建设 |  | ",
		"支部建设薄弱 | 配齐支部书记 |  | ",
		"接待超标 | 建立接待台账 |  | ",
		"接待超标 | 严格执行接待标准 |  | ",
	})
	got := shapeOf(r)
	if !slices.Equal(got.aspects, []string{"党的建设方面", "作风建设方面"}) {
		t.Errorf("aspects %q", got.aspects)
	}
	if m := r.Outline.Meta; m.Title != "中共某县商务局党组关于巡察整改进展情况的通报" || m.SignedDate.String() != "2023-09-01" {
		t.Errorf("title %q signed %s", m.Title, m.SignedDate)
	}
}

// A notice saved from the web page that published it: the page's head,
// script, menu and footer are not text, a paragraph broken over source
// lines is one, entities are decoded, headings and an ordered list (whose
// numbers the browser writes) are levels.
func TestReadHTML(t *testing.T) {
	const page = `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>关于巡察整改进展情况的通报_某县人民政府</title>
<script>var a = "<p>不是正文</p>";</script><style>p { margin: 0 }</style></head>
<body><div class="nav"><a href="/">首页</a></div>
<div class="content">
<h2>中共某县商务局党组关于巡察整改进展情况的通报</h2>
<p style="text-indent:2em">&nbsp;&nbsp;根据县委统一部署，2023年3月1日至4月15日，县委第一巡察组对县商务局党组进行了巡察，
2023年5月20日反馈了巡察意见。现将整改进展情况予以公布。</p>
<p><strong>一、巡察反馈问题整改情况</strong></p>
<h3>党的建设方面</h3>
<p>1.关于&ldquo;理论学习不深入&rdquo;的问题</p>
<p>一是制定年度学习计划；二是开展专题研讨4次。</p>
<p>2.关于&ldquo;支部建设薄弱&rdquo;的问题</p>
<ol><li>开展支部标准化建设；</li><li>配齐支部书记。</li></ol>
<p>二、下一步工作打算</p><p>持续巩固整改成果。</p>
<p style="text-align:right">中共某县商务局党组<br>2023年9月1日</p>
</div>
<div class="footer">来源：某县商务局 【打印本页】 【关闭窗口】</div>
</body></html>`
	r, err := ReadFile("通报.html", []byte(page))
	if err != nil {
		t.Fatal(err)
	}
	checkRows(t, r, []string{
		"理论学习不深入 | 制定年度学习计划 |  | ",
		"理论学习不深入 | 开展专题研讨4次 |  | ",
		"支部建设薄弱 | 开展支部标准化建设 |  | ",
		"支部建设薄弱 | 配齐支部书记 |  | ",
	})
	m := r.Outline.Meta
	if m.Title != "中共某县商务局党组关于巡察整改进展情况的通报" || m.FeedbackDate.String() != "2023-05-20" || m.SignedDate.String() != "2023-09-01" || m.Unit != "中共某县商务局党组" {
		t.Errorf("meta: title %q feedback %s signed %s unit %q", m.Title, m.FeedbackDate, m.SignedDate, m.Unit)
	}
	if got := shapeOf(r).aspects; !slices.Equal(got, []string{"党的建设方面"}) {
		t.Errorf("aspects %q", got)
	}
}

// An ordered list of a web page without headings is a level below the
// numbered paragraph above it.
func TestReadHTMLListWithoutHeadings(t *testing.T) {
	const page = `<html><body><p>关于巡察整改进展情况的通报</p><p>一、巡察反馈问题整改情况</p>
<p>1.关于&ldquo;支部建设薄弱&rdquo;的问题</p><ol><li>开展支部标准化建设；</li><li>配齐支部书记。</li></ol>
<p>2.关于&ldquo;接待超标&rdquo;的问题</p><ol><li>建立接待台账。</li></ol></body></html>`
	r, err := ReadFile("通报.htm", []byte(page))
	if err != nil {
		t.Fatal(err)
	}
	checkRows(t, r, []string{
		"支部建设薄弱 | 开展支部标准化建设 |  | ",
		"支部建设薄弱 | 配齐支部书记 |  | ",
		"接待超标 | 建立接待台账 |  | ",
	})
}

// A table of measures written in the text — as Markdown (| 序号 | … |) or
// copied out of Word with its cells parted by tabs — is read as the same
// table in a .docx is; the notice was refused for want of numbered
// headings.
func TestReadFileTextTables(t *testing.T) {
	const head = "中共某县市场监督管理局党组关于巡察整改进展情况的通报\n县委第三巡察组于2024年7月10日反馈了巡察意见。\n巡察反馈问题整改情况见下表。\n"
	const tail = "\n中共某县市场监督管理局党组\n2024年12月5日"
	rows := [][]string{
		{"序号", "反馈问题", "整改措施", "责任股室", "完成时限", "整改进展"},
		{"1", "食品安全监管存在盲区", "开展校园食品安全专项检查", "食品股", "2024年9月30日", "已完成"},
		{"2", "食品安全监管存在盲区", "建立农村集体聚餐备案制度", "食品股", "2024年12月底", "正在推进"},
		{"3", "执法办案程序不规范", "开展案卷评查", "法规股", "长期坚持", ""},
	}
	var md, tabs []string
	for i, r := range rows {
		md = append(md, "| "+strings.Join(r, " | ")+" |")
		if i == 0 {
			md = append(md, "|---|---|---|---|---|---|")
		}
		tabs = append(tabs, strings.Join(r, "\t"))
	}
	want := []string{
		"食品安全监管存在盲区 | 开展校园食品安全专项检查 | 食品股 | 2024-09-30",
		"食品安全监管存在盲区 | 建立农村集体聚餐备案制度 | 食品股 | 2024-12-31",
		"执法办案程序不规范 | 开展案卷评查 | 法规股 | long_term",
	}
	for name, table := range map[string][]string{"markdown": md, "tabs": tabs} {
		res, err := ReadFile("通报.txt", []byte(head+strings.Join(table, "\n")+tail))
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, p := range res.Outline.Aspects {
			for _, m := range p.Measures {
				d := m.Deadline.String()
				if m.Deadline.IsZero() {
					d = string(m.DeadlineKind)
				}
				got = append(got, p.Title+" | "+m.Title+" | "+m.LeadUnit+" | "+d)
			}
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s:\n%s\nwant\n%s", name, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		if res.Outline.Meta.FeedbackDate.String() != "2024-07-10" {
			t.Errorf("%s: feedback %s", name, res.Outline.Meta.FeedbackDate)
		}
	}
	// Each aspect's heading over its own table: the aspects (they were
	// dropped, the problems left at the top).
	two := head + "一、党的领导方面\n" + strings.Join(md[:4], "\n") + "\n\n二、全面从严治党方面\n" + strings.Join(append(md[:2:2], md[4]), "\n") + tail
	res, err := ReadFile("通报.md", []byte(two))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, a := range res.Outline.Aspects {
		for _, p := range a.Children {
			got = append(got, string(a.Kind)+" "+a.Title+" / "+p.Title)
		}
	}
	if want := []string{"aspect 党的领导方面 / 食品安全监管存在盲区", "aspect 全面从严治党方面 / 执法办案程序不规范"}; !slices.Equal(got, want) {
		t.Errorf("aspects over tables:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// A table of the next steps' tasks beside measures the text numbers is no
// part of the outline (it took the whole outline's place); small tables of
// measures under each problem (整改措施 | 责任单位 | 完成时限 | 整改进展,
// cells parted by tabs) are the problem's measures, each with its fields
// and progress (their header and tabs were read as measures); a cell Excel
// copied in quotes for its line break stays one cell.
func TestReadFileTablesBesideText(t *testing.T) {
	const notice = `关于巡察整改进展情况的通报
县委第二巡察组于2024年6月24日反馈了巡察意见。
一、关于贯彻落实党中央决策部署方面
（一）招商引资项目落地率不高
整改措施	责任单位	完成时限	整改进展
建立招商项目全周期跟踪服务机制	投资促进股	2024年9月底前	已完成
"对签约未落地项目逐一分析原因
制定推进方案"	投资促进股	2024年12月底前	正在推进
二、下一步工作打算
| 重点任务 | 责任单位 | 完成时限 |
|---|---|---|
| 推进城市体检工作 | 规划股 | 2025年6月底 |
| 巩固整治成果 | 建管股 | 长期坚持 |
中共某县商务局党组
2024年12月9日`
	res, err := ReadFile("通报.txt", []byte(notice))
	if err != nil {
		t.Fatal(err)
	}
	checkMeasures(t, res, func(m *duban.OutlineMeasure) string {
		return m.Title + " | " + m.LeadUnit + " | " + m.Deadline.String() + " | " + m.Progress
	}, []string{
		"建立招商项目全周期跟踪服务机制 | 投资促进股 | 2024-09-30 | 已完成",
		"对签约未落地项目逐一分析原因；制定推进方案 | 投资促进股 | 2024-12-31 | 正在推进",
	})
	if len(res.Outline.Aspects) != 1 || res.Outline.Aspects[0].Title != "关于贯彻落实党中央决策部署方面" {
		t.Errorf("aspects %+v", res.Outline.Aspects)
	}
}
