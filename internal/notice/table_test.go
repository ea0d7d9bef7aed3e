package notice

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"duban/internal/duban"
)

// tableDoc is a 整改方案 whose measures are in a table, as plans attach
// them: a two-row header (责任单位及责任人 over 牵头单位 and 牵头领导), the
// aspect and problem cells merged down (w:vMerge), an aspect row across
// the table (w:gridSpan), 序号 numbered 1.1, 1.2, and deadlines written
// 2022年6月底前, 长期坚持, 立行立改.
func tableDoc() string {
	p := func(s string) string { return "<w:p><w:r><w:t>" + s + "</w:t></w:r></w:p>" }
	cell := func(s, props string) string {
		if props != "" {
			props = "<w:tcPr>" + props + "</w:tcPr>"
		}
		return "<w:tc>" + props + p(s) + "</w:tc>"
	}
	const restart, cont = `<w:vMerge w:val="restart"/>`, `<w:vMerge/>`
	row := func(cells ...string) string { return "<w:tr>" + strings.Join(cells, "") + "</w:tr>" }
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>`)
	b.WriteString(p("中共某市农业农村局党组关于市委巡察反馈意见整改方案"))
	b.WriteString(p("2022年3月1日至4月30日，市委第二巡察组对中共某市农业农村局党组进行了巡察，2022年6月10日反馈了巡察意见。局党组对照反馈的2个方面3个问题，制定整改措施5项，现将整改方案公布如下。"))
	b.WriteString(p("附件：巡察反馈问题整改任务清单"))
	b.WriteString("<w:tbl>")
	b.WriteString(row(cell("序号", restart), cell("反馈问题", restart), cell("整改措施", restart),
		cell("责任单位及责任人", `<w:gridSpan w:val="2"/>`), cell("整改时限", restart)))
	b.WriteString(row(cell("", cont), cell("", cont), cell("", cont), cell("牵头单位", ""), cell("牵头领导", ""), cell("", cont)))
	b.WriteString(row(cell("一、党的领导方面", `<w:gridSpan w:val="6"/>`)))
	b.WriteString(row(cell("1.1", ""), cell("学习贯彻不够深入", restart), cell("制定年度学习计划", ""), cell("办公室", ""), cell("张某", ""), cell("2022年6月底前", "")))
	b.WriteString(row(cell("1.2", ""), cell("", cont), cell("开展专题研讨", ""), cell("办公室", ""), cell("张某", ""), cell("长期坚持", "")))
	b.WriteString(row(cell("2.1", ""), cell("耕地保护责任落实不到位", ""), cell("开展耕地保护专项检查", ""), cell("耕地保护科", ""), cell("李某", ""), cell("立行立改", "")))
	b.WriteString(row(cell("二、作风建设方面", `<w:gridSpan w:val="6"/>`)))
	b.WriteString(row(cell("3.1", ""), cell("惠农补贴发放不及时", restart), cell("建立补贴发放台账", ""), cell("计划财务科", ""), cell("王某", ""), cell("2022年9月30日", "")))
	b.WriteString(row(cell("3.2", ""), cell("", cont), cell("按月通报发放进度", ""), cell("计划财务科", ""), cell("王某", ""), cell("持续推进", "")))
	b.WriteString("</w:tbl>")
	b.WriteString(p("中共某市农业农村局党组"))
	b.WriteString(p("2022年7月8日"))
	b.WriteString(`<w:sectPr/></w:body></w:document>`)
	return b.String()
}

func TestReadDOCXTable(t *testing.T) {
	data := mustDOCX(t, map[string]string{"[Content_Types].xml": contentTypes, "word/document.xml": tableDoc()})
	res, err := ReadFile("整改方案.docx", data)
	if err != nil {
		t.Fatal(err)
	}
	got := unitTree(res.Outline)
	want := []string{
		"A 党的领导方面",
		"  P 学习贯彻不够深入",
		"    M 制定年度学习计划 | 办公室 | 张某 | date 2022-06-30",
		"    M 开展专题研讨 | 办公室 | 张某 | long_term ",
		"  P 耕地保护责任落实不到位",
		"    M 开展耕地保护专项检查 | 耕地保护科 | 李某 | immediate ",
		"A 作风建设方面",
		"  P 惠农补贴发放不及时",
		"    M 建立补贴发放台账 | 计划财务科 | 王某 | date 2022-09-30",
		"    M 按月通报发放进度 | 计划财务科 | 王某 | long_term ",
	}
	diffTree(t, got, want)
	if len(res.Unplaced) != 0 || len(res.Check()) != 0 {
		t.Errorf("unplaced %q, checks %q", res.Unplaced, res.Check())
	}
	m := res.Outline.Meta
	if m.Unit != "中共某市农业农村局党组" || m.Team != "市委第二巡察组" || m.FeedbackDate.String() != "2022-06-10" || m.SignedDate.String() != "2022-07-08" {
		t.Errorf("meta %+v", m)
	}
}

// A notice with its ledger attached after the signature (附件：整改台账), in
// a table that has neither a 责任单位 nor a 完成时限 column and a note
// under it: the missing columns are no message, the table gives the
// measures with their progress, and the signature is read above the
// attachment.
func TestReadDOCXAppendixTable(t *testing.T) {
	p, row := docPara, docRow
	doc := documentOf(
		p("中共某县商务局党组关于巡察整改进展情况的通报"),
		p("根据县委统一部署，县委第一巡察组对县商务局党组进行了巡察，2023年5月20日反馈了巡察意见。"),
		p("一、巡察反馈问题整改情况"),
		p("1.关于“理论学习不深入”的问题"),
		p("一是制定年度学习计划；二是开展专题研讨4次。"),
		p("2.关于“支部建设薄弱”的问题"),
		p("开展支部标准化建设。"),
		p("中共某县商务局党组"),
		p("2023年9月1日"),
		p("附件：巡察整改台账"),
		"<w:tbl>"+row("序号", "问题", "整改措施", "整改进展")+
			row("1", "理论学习不深入", "制定年度学习计划", "已完成")+
			row("2", "理论学习不深入", "开展专题研讨4次", "已完成")+
			row("3", "支部建设薄弱", "开展支部标准化建设", "持续推进")+"</w:tbl>",
		p("注：整改进展截至2023年8月31日。"),
		p("附件2：新建制度清单"),
		p("《理论学习中心组学习制度》"),
	)
	data := mustDOCX(t, map[string]string{"[Content_Types].xml": contentTypes, "word/document.xml": doc})
	res, err := ReadFile("通报.docx", data)
	if err != nil {
		t.Fatal(err)
	}
	checkRows(t, res, []string{
		"理论学习不深入 | 制定年度学习计划 | 已完成 | ",
		"理论学习不深入 | 开展专题研讨4次 | 已完成 | ",
		"支部建设薄弱 | 开展支部标准化建设 | 持续推进 | ",
	})
	if m := res.Outline.Meta; m.SignedDate.String() != "2023-09-01" || m.Unit != "中共某县商务局党组" {
		t.Errorf("signed %s by %q", m.SignedDate, m.Unit)
	}
}

// A Word file of cards, a table per problem (巡察反馈问题整改归零表): label |
// value cells, a label across the table over its text; the cards give the
// measures with their units, people and deadlines.
func TestReadDOCXCards(t *testing.T) {
	p := func(s string) string { return "<w:p><w:r><w:t>" + s + "</w:t></w:r></w:p>" }
	cell := func(s string, span int) string {
		props := ""
		if span > 1 {
			props = fmt.Sprintf(`<w:tcPr><w:gridSpan w:val="%d"/></w:tcPr>`, span)
		}
		return "<w:tc>" + props + p(s) + "</w:tc>"
	}
	row := func(cells ...string) string { return "<w:tr>" + strings.Join(cells, "") + "</w:tr>" }
	card := func(n, unit, problem, measure, deadline string) string {
		return "<w:tbl>" +
			row(cell("问题序号", 1), cell(n, 1), cell("责任部门（人）", 1), cell(unit, 1)) +
			row(cell("巡察反馈问题", 4)) + row(cell(problem, 4)) +
			row(cell("问题产生根本原因", 4)) + row(cell("制度落实不严。", 4)) +
			row(cell("针对根本原因制定的归零措施", 4)) + row(cell(measure, 4)) +
			row(cell("完成时限", 1), cell(deadline, 3)) +
			"</w:tbl>"
	}
	doc := documentOf(
		p("中共某县水利局党组巡察反馈问题整改归零表"),
		card("1", "办公室（张三）", "公务接待管理不规范。", "修订公务接待管理办法。", "2024年6月30日"),
		p(""),
		card("2", "计划财务股（李四）", "固定资产账实不符。", "开展资产清查，建立台账。", "2024年9月底前"),
	)
	data := mustDOCX(t, map[string]string{"[Content_Types].xml": contentTypes, "word/document.xml": doc})
	res, err := ReadFile("归零表.docx", data)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	var walk func(ns []*duban.OutlineNode)
	walk = func(ns []*duban.OutlineNode) {
		for _, n := range ns {
			for _, m := range n.Measures {
				got = append(got, fmt.Sprintf("%s | %s | %s | %s | %s", n.Title, m.Title, m.LeadUnit, m.ResponsiblePerson, m.Deadline))
			}
			walk(n.Children)
		}
	}
	walk(res.Outline.Aspects)
	want := []string{
		"公务接待管理不规范。 | 修订公务接待管理办法。 | 办公室 | 张三 | 2024-06-30",
		"固定资产账实不符。 | 开展资产清查，建立台账。 | 计划财务股 | 李四 | 2024-09-30",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("measures:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if len(res.Unplaced) != 0 {
		t.Errorf("unplaced %q", res.Unplaced)
	}
}

// TestReadDOCXThreeLists reads a 整改方案 whose attachments are its three
// lists as tables (问题清单, 任务清单, 责任清单), joined by number as a
// workbook's sheets would be; a table of another kind beside them is read
// on its own, and a number that names nothing is reported with its table.
func TestReadDOCXThreeLists(t *testing.T) {
	p := func(s string) string { return "<w:p><w:r><w:t>" + s + "</w:t></w:r></w:p>" }
	table := func(rows ...[]string) string {
		var b strings.Builder
		b.WriteString("<w:tbl>")
		for _, r := range rows {
			b.WriteString("<w:tr>")
			for _, c := range r {
				b.WriteString("<w:tc>" + p(c) + "</w:tc>")
			}
			b.WriteString("</w:tr>")
		}
		b.WriteString("</w:tbl>")
		return b.String()
	}
	doc := func(ref string) string {
		return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>` +
			p("中共某县财政局党组关于县委第一巡察组反馈意见的整改方案") +
			p("附件1：问题清单") + table([]string{"序号", "问题类别", "问题描述"}, []string{"1", "党的建设方面", "组织生活不严肃"}, []string{"2", "作风建设方面", "资金拨付不及时"}) +
			p("附件2：任务清单") + table([]string{"序号", "问题序号", "整改措施"}, []string{"1", "1", "规范组织生活会"}, []string{"2", ref, "建立拨付台账"}) +
			p("附件3：责任清单") + table([]string{"序号", "任务序号", "责任领导", "责任单位", "完成时限"}, []string{"1", "1", "张某", "机关党委", "2022年6月底前"}, []string{"2", "2", "李某", "国库股", "长期坚持"}) +
			p("附件4：联络人") + table([]string{"姓名", "电话"}, []string{"王某", "1234567"}) +
			`<w:sectPr/></w:body></w:document>`
	}
	data := mustDOCX(t, map[string]string{"[Content_Types].xml": contentTypes, "word/document.xml": doc("2")})
	res, err := ReadFile("整改方案.docx", data)
	if err != nil {
		t.Fatal(err)
	}
	got := unitTree(res.Outline)
	want := []string{
		"A 党的建设方面",
		"  P 组织生活不严肃",
		"    M 规范组织生活会 | 机关党委 | 张某 | date 2022-06-30",
		"A 作风建设方面",
		"  P 资金拨付不及时",
		"    M 建立拨付台账 | 国库股 | 李某 | long_term ",
	}
	diffTree(t, got, want)
	if len(res.Unplaced) != 0 {
		t.Errorf("unplaced: %q", res.Unplaced)
	}

	data = mustDOCX(t, map[string]string{"[Content_Types].xml": contentTypes, "word/document.xml": doc("5")})
	if res, err = ReadFile("整改方案.docx", data); err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(res.Unplaced, func(s string) bool {
		return strings.Contains(s, "表2第3行") && strings.Contains(s, "没有序号为“5”的问题")
	}) {
		t.Errorf("a task naming problem 5: unplaced %q; want 表2第3行 named", res.Unplaced)
	}
}

// unitTree renders an outline's aspects, problems and measures, each
// measure with its lead unit, leader and deadline.
func unitTree(o *duban.Outline) []string {
	var got []string
	for _, a := range o.Aspects {
		got = append(got, "A "+a.Title)
		for _, p := range a.Children {
			got = append(got, "  P "+p.Title)
			for _, m := range p.Measures {
				got = append(got, fmt.Sprintf("    M %s | %s | %s | %s %s", m.Title, m.LeadUnit, m.ResponsibleLeader, m.DeadlineKind, m.Deadline))
			}
		}
	}
	return got
}

func diffTree(t *testing.T, got, want []string) {
	t.Helper()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("tree:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// A small table of measures under each problem of a Word notice (整改措施 |
// 责任单位 | 完成时限 | 整改进展, no column of problems) gives that problem's
// measures; read as a ledger, each table was an aspect named after a sheet
// and the problems were lost.
func TestReadDOCXTablePerProblem(t *testing.T) {
	p, row := docPara, docRow
	head := row("整改措施", "责任单位", "完成时限", "整改进展")
	doc := documentOf(
		p("中共某县商务局党组关于巡察整改进展情况的通报"),
		p("县委第二巡察组于2024年6月24日反馈了巡察意见。"),
		p("一、关于贯彻落实党中央决策部署方面"),
		p("（一）招商引资项目落地率不高"),
		"<w:tbl>"+head+row("建立招商项目全周期跟踪服务机制", "投资促进股", "2024年9月底前", "已完成")+
			row("对签约未落地项目逐一分析原因", "投资促进股", "2024年12月底前", "正在推进")+"</w:tbl>",
		p("（二）外贸企业培育不足"),
		"<w:tbl>"+head+row("开展外贸主体培育行动", "外经贸股", "长期坚持", "持续推进")+"</w:tbl>",
		p("中共某县商务局党组"),
		p("2024年12月9日"),
	)
	res, err := ReadFile("通报.docx", mustDOCX(t, map[string]string{"[Content_Types].xml": contentTypes, "word/document.xml": doc}))
	if err != nil {
		t.Fatal(err)
	}
	checkRows(t, res, []string{
		"招商引资项目落地率不高 | 建立招商项目全周期跟踪服务机制 | 已完成 | closed",
		"招商引资项目落地率不高 | 对签约未落地项目逐一分析原因 | 正在推进 | ",
		"外贸企业培育不足 | 开展外贸主体培育行动 | 持续推进 | ",
	})
	if len(res.Outline.Aspects) != 1 || res.Outline.Aspects[0].Title != "关于贯彻落实党中央决策部署方面" {
		t.Errorf("aspects %+v", res.Outline.Aspects)
	}
}

// docPara is a Word paragraph of text; docRow a table row of such cells.
func docPara(s string) string { return "<w:p><w:r><w:t>" + s + "</w:t></w:r></w:p>" }

func docRow(cells ...string) string {
	var b strings.Builder
	for _, c := range cells {
		b.WriteString("<w:tc>" + docPara(c) + "</w:tc>")
	}
	return "<w:tr>" + b.String() + "</w:tr>"
}
