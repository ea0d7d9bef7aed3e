package notice

import (
	"fmt"
	"strings"
	"testing"
)

// ledgerPage is a notice as a government site publishes it: the site's
// menu, the notice's text, and its ledger as a table with a header in
// <thead>, an aspect row across it (colspan), a problem over two measures
// (rowspan), and &nbsp; and <br> in the cells.
const ledgerPage = `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>中共某县商务局党组关于巡察整改进展情况的通报_某县人民政府</title>
<style>td{padding:4px}</style></head>
<body>
<div class="nav"><a href="/">首页</a> | <a href="/xxgk">信息公开</a></div>
<table class="layout"><tr><td><a href="/">网站首页</a></td><td><a href="/zwgk">政务公开</a></td></tr></table>
<h1>中共某县商务局党组关于巡察整改进展情况的通报</h1>
<p>根据县委统一部署，2023年3月1日至4月15日，县委第一巡察组对县商务局党组进行了巡察，2023年5月20日反馈了巡察意见。现将整改进展情况通报如下。</p>
<p>附件：巡察反馈问题整改台账</p>
<table border="1">
<thead><tr><th>序号</th><th>反馈问题</th><th>整改措施</th><th>责任单位</th><th>完成时限</th><th>整改进展</th></tr></thead>
<tbody>
<tr><td colspan="6">一、党的领导方面</td></tr>
<tr><td>1</td><td rowspan="2">理论学习不够深入</td><td>制定年度学习计划</td><td>办公室</td><td>2023年6月30日</td><td>已完成</td></tr>
<tr><td>2</td><td>开展专题研讨</td><td>办公室&nbsp;</td><td>长期坚持</td><td>已开展<br>4次</td></tr>
<tr><td colspan="6">二、作风建设方面</td></tr>
<tr><td>3</td><td>惠农补贴发放不及时</td><td>建立补贴发放台账</td><td>市场运行股</td><td>2023年9月底前</td><td>持续推进</td></tr>
</tbody></table>
<p>欢迎广大干部群众对巡察整改落实情况进行监督。联系电话：0917-1234567。</p>
<p>中共某县商务局党组</p>
<p>2023年9月1日</p>
<div class="footer">主办：某县人民政府办公室</div>
</body></html>`

// A web page's ledger table gives the measures with their aspects,
// problems, units, deadlines and progress; the page's text its metadata;
// the site's layout table is no ledger and stays text.
func TestReadHTMLLedgerTable(t *testing.T) {
	res, err := ReadFile("通报.html", []byte(ledgerPage))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, a := range res.Outline.Aspects {
		got = append(got, "A "+a.Title)
		for _, p := range a.Children {
			got = append(got, "  P "+p.Title)
			for _, m := range p.Measures {
				got = append(got, fmt.Sprintf("    M %s | %s | %s %s | %s", m.Title, m.LeadUnit, m.DeadlineKind, m.Deadline, m.Progress))
			}
		}
	}
	want := []string{
		"A 党的领导方面",
		"  P 理论学习不够深入",
		"    M 制定年度学习计划 | 办公室 | date 2023-06-30 | 已完成",
		"    M 开展专题研讨 | 办公室 | long_term  | 已开展\n4次",
		"A 作风建设方面",
		"  P 惠农补贴发放不及时",
		"    M 建立补贴发放台账 | 市场运行股 | date 2023-09-30 | 持续推进",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("tree:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if len(res.Unplaced) != 0 {
		t.Errorf("unplaced %q", res.Unplaced)
	}
	m := res.Outline.Meta
	if m.Unit != "中共某县商务局党组" || m.Team != "县委第一巡察组" || m.FeedbackDate.String() != "2023-05-20" || m.SignedDate.String() != "2023-09-01" {
		t.Errorf("meta %+v", m)
	}
}

// The same ledger inside the layout table an older site wraps its article
// in is found and read.
func TestReadHTMLLedgerInLayoutTable(t *testing.T) {
	i, j := strings.Index(ledgerPage, "<h1>"), strings.Index(ledgerPage, `<div class="footer">`)
	page := ledgerPage[:i] + `<table width="100%"><tr><td class="article">` + ledgerPage[i:j] + `</td></tr></table>` + ledgerPage[j:]
	res, err := ReadFile("通报.html", []byte(page))
	if err != nil {
		t.Fatal(err)
	}
	if _, problems, _, measures := res.Outline.Counts(); problems != 2 || measures != 3 || res.Outline.Meta.SignedDate.String() != "2023-09-01" {
		t.Errorf("%d problems, %d measures, signed %s; want the ledger's 2 and 3, signed 2023-09-01", problems, measures, res.Outline.Meta.SignedDate)
	}
}

// A page whose only table is the site's layout reads as its text, as
// before tables were read.
func TestReadHTMLLayoutTableIsText(t *testing.T) {
	page := `<html><body><table><tr><td><a href="/">首页</a></td></tr><tr><td>
<h1>关于巡察整改进展情况的通报</h1>
<p>一、关于“学习不深入”的问题</p><p>一是健全学习制度。二是开展专题研讨。</p>
</td></tr></table></body></html>`
	res, err := ReadFile("通报.html", []byte(page))
	if err != nil {
		t.Fatal(err)
	}
	if _, problems, _, measures := res.Outline.Counts(); problems != 1 || measures != 2 {
		t.Errorf("%d problems, %d measures; want the text's 1 and 2", problems, measures)
	}
}

// Cells spanning rows and columns fill the grid in their first place and
// are listed as merges; a table inside a cell is not rows of the outer one.
func TestHTMLTableGrid(t *testing.T) {
	tb := htmlTable(`<table><tr><td rowspan="2">A</td><td colspan="2">B</td></tr><tr><td>C</td><td>D<table><tr><td>x</td></tr></table></td></tr><tr><td>E</td><td>F</td><td>G</td></tr></table>`)
	if got := fmt.Sprint(tb.rows); got != "[[A B ] [ C D\nx] [E F G]]" {
		t.Errorf("rows %q", got)
	}
	if got := fmt.Sprint(tb.merges); got != "[[0 0 1 0] [0 1 0 2]]" {
		t.Errorf("merges %v", got)
	}
}

// Spans a page asks for are bounded: no grid wider than maxTableCols, no
// cell spanning rows the table does not have.
func TestHTMLTableSpansBounded(t *testing.T) {
	tb := htmlTable(`<table><tr><td colspan="100000" rowspan="100000">A</td><td>B</td></tr><tr><td>C</td></tr></table>`)
	if len(tb.rows) != 2 || len(tb.rows[0]) != maxTableCols || len(tb.rows[1]) != maxTableCols {
		t.Errorf("rows of %d and %d cells, want %d", len(tb.rows[0]), len(tb.rows[1]), maxTableCols)
	}
	if fmt.Sprint(tb.merges) != fmt.Sprintf("[[0 0 1 %d]]", maxTableCols-1) {
		t.Errorf("merges %v", tb.merges)
	}
}

// A plan's 整改时限：3个月内 under a problem is a span for the import to count.
func TestParseSpanDeadline(t *testing.T) {
	res := Parse("某局巡察整改方案\n一、关于“学习不深入”的问题\n责任单位：办公室；整改时限：3个月内\n1.制定学习计划。\n2.开展专题研讨。\n")
	var got []string
	for _, p := range res.Outline.Aspects {
		for _, m := range p.Measures {
			w := "-"
			if m.Within != nil {
				w = m.Within.String()
			}
			got = append(got, fmt.Sprintf("%s %s %s %s", m.Title, m.LeadUnit, m.DeadlineKind, w))
		}
	}
	if want := "制定学习计划 办公室 date 3个月|开展专题研讨 办公室 date 3个月"; strings.Join(got, "|") != want {
		t.Errorf("measures %q, want %s", strings.Join(got, "|"), want)
	}
}

// A plan published as a web page with its three lists as tables (问题清单,
// 任务清单, 责任清单), none a ledger alone: they are joined by number, each
// task under its problem with its units and deadline.
func TestReadHTMLThreeLists(t *testing.T) {
	page := `<html><head><meta charset="utf-8"><title>某县财政局党组关于巡察整改方案的公告</title></head><body>
<h1>中共某县财政局党组关于县委第一巡察组反馈意见的整改方案</h1>
<p>附件1：问题清单</p>
<table border="1"><tr><td>序号</td><td>问题类别</td><td>问题描述</td></tr>
<tr><td>1</td><td>党的建设方面</td><td>组织生活不严肃</td></tr>
<tr><td>2</td><td>作风建设方面</td><td>资金拨付不及时</td></tr></table>
<p>附件2：任务清单</p>
<table border="1"><tr><td>序号</td><td>问题序号</td><td>整改措施</td></tr>
<tr><td>1</td><td>1</td><td>规范组织生活会</td></tr>
<tr><td>2</td><td>2</td><td>建立拨付台账</td></tr></table>
<p>附件3：责任清单</p>
<table border="1"><tr><td>序号</td><td>任务序号</td><td>责任领导</td><td>责任单位</td><td>完成时限</td></tr>
<tr><td>1</td><td>1</td><td>张某</td><td>机关党委</td><td>2022年6月底前</td></tr>
<tr><td>2</td><td>2</td><td>李某</td><td>国库股</td><td>长期坚持</td></tr></table>
<p>中共某县财政局党组</p></body></html>`
	res, err := ReadFile("整改方案.html", []byte(page))
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
}
