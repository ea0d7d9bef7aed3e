package xlsx

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"duban/internal/duban"
)

// sheetSpec describes a worksheet of a workbook built in a test.
type sheetSpec struct {
	name   string
	rows   [][]any     // from A1; nil skips a cell
	merges [][2]string // top-left and bottom-right cells
	hidden bool        // hidden in Excel
	cols   []string    // columns hidden in Excel (D, F)
	hide   []int       // rows hidden in Excel (1-based)
}

// mustBook builds an xlsx workbook from specs, in memory.
func mustBook(t *testing.T, specs ...sheetSpec) *bytes.Buffer {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, s := range specs {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", s.name); err != nil {
				t.Fatal(err)
			}
		} else if _, err := f.NewSheet(s.name); err != nil {
			t.Fatal(err)
		}
		for r, row := range s.rows {
			for c, v := range row {
				if v == nil {
					continue
				}
				if err := f.SetCellValue(s.name, cellName(c, r+1), v); err != nil {
					t.Fatal(err)
				}
			}
		}
		for _, m := range s.merges {
			if err := f.MergeCell(s.name, m[0], m[1]); err != nil {
				t.Fatal(err)
			}
		}
		for _, c := range s.cols {
			if err := f.SetColVisible(s.name, c, false); err != nil {
				t.Fatal(err)
			}
		}
		for _, r := range s.hide {
			if err := f.SetRowVisible(s.name, r, false); err != nil {
				t.Fatal(err)
			}
		}
		if s.hidden {
			if err := f.SetSheetVisible(s.name, false); err != nil {
				t.Fatal(err)
			}
		}
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	return &buf
}

func cellName(c, r int) string {
	name, err := excelize.CoordinatesToCellName(c+1, r)
	if err != nil {
		panic(err)
	}
	return name
}

// mustRead reads a ledger and fails on a read error (not on cell errors).
// It reads it a second time through a feed (checkFeed).
func mustRead(t *testing.T, b *bytes.Buffer) (*duban.Outline, []CellError) {
	t.Helper()
	o, errs, err := ReadLedger(bytes.NewReader(b.Bytes()))
	if err != nil {
		t.Fatalf("ReadLedger: %v", err)
	}
	checkFeed(t, b, o, errs)
	return o, errs
}

// checkFeed reads a ledger through a feed, taking each step as a writer
// would while the reader goes on, and checks what it was handed: the same
// outline as ReadLedger's (o), every node once and after the node above
// it, every measure once, in its node's order and as it is at the end (as
// the reader hands it over: Watch), the Meta as it is at the end (as the
// writer gets it), and the feed failing when the file has errors.
func checkFeed(t *testing.T, b *bytes.Buffer, o *duban.Outline, errs []CellError) {
	t.Helper()
	feed := duban.NewOutlineFeed()
	type handed struct {
		step duban.FeedStep
		seen string // the node's or measure's fields when handed over
	}
	var got []handed
	var meta string
	var feedErr error
	feed.Watch = func(s duban.FeedStep) {
		seen := fmt.Sprintf("%s|%s|%s", s.Node.Kind, s.Node.Title, s.Node.Text)
		if s.Measure != nil {
			seen = fmt.Sprintf("%+v", *s.Measure)
		}
		got = append(got, handed{s, seen})
	}
	taken := make(chan struct{})
	go func() {
		defer close(taken)
		m, err := feed.Meta()
		if err != nil {
			feedErr = err
			return
		}
		meta = fmt.Sprintf("%+v", m)
		for i := 0; ; i++ {
			if _, ok, err := feed.Step(i); err != nil || !ok {
				feedErr = err
				return
			}
		}
	}()
	l, err := ReadTo(bytes.NewReader(b.Bytes()), feed)
	<-taken
	if err != nil {
		t.Fatalf("ReadTo: %v", err)
	}
	diffLines(t, dump(feed.Outline), dump(o))
	if len(l.Errors) != len(errs) {
		t.Errorf("ReadTo: %d cell errors, ReadLedger %d", len(l.Errors), len(errs))
	}
	if (feedErr != nil) != (len(errs) > 0) {
		t.Errorf("feed closed with %v, for a file with %d cell errors", feedErr, len(errs))
	}
	if len(errs) > 0 {
		return
	}
	if want := fmt.Sprintf("%+v", feed.Outline.Meta); meta != want {
		t.Errorf("Meta handed over:\n%s\nat the end:\n%s", meta, want)
	}
	nodes := map[*duban.OutlineNode]bool{}
	measures := map[*duban.OutlineNode][]*duban.OutlineMeasure{}
	for _, h := range got {
		s := h.step
		if s.Measure != nil {
			if !nodes[s.Node] {
				t.Errorf("measure %q handed before its node %q", s.Measure.Title, s.Node.Title)
			}
			if now := fmt.Sprintf("%+v", *s.Measure); h.seen != now {
				t.Errorf("measure changed after it was handed over:\n%s\nthen:\n%s", h.seen, now)
			}
			measures[s.Node] = append(measures[s.Node], s.Measure)
			continue
		}
		if nodes[s.Node] || (s.Parent != nil && !nodes[s.Parent]) {
			t.Errorf("node %q handed twice or before the node above it", s.Node.Title)
		}
		nodes[s.Node] = true
		if now := fmt.Sprintf("%s|%s|%s", s.Node.Kind, s.Node.Title, s.Node.Text); h.seen != now {
			t.Errorf("node changed after it was handed over: %s, then %s", h.seen, now)
		}
	}
	var walk func(parent *duban.OutlineNode, ns []*duban.OutlineNode)
	walk = func(parent *duban.OutlineNode, ns []*duban.OutlineNode) {
		for _, n := range ns {
			if !nodes[n] {
				t.Errorf("node %q was not handed over", n.Title)
			}
			if fmt.Sprint(measures[n]) != fmt.Sprint(n.Measures) {
				t.Errorf("measures of %q: handed %d, the outline has %d (or in another order)", n.Title, len(measures[n]), len(n.Measures))
			}
			walk(n, n.Children)
		}
	}
	walk(nil, feed.Outline.Aspects)
}

// mustReadClean reads a ledger that must have no cell errors.
func mustReadClean(t *testing.T, b *bytes.Buffer) *duban.Outline {
	t.Helper()
	o, errs := mustRead(t, b)
	for _, e := range errs {
		t.Errorf("unexpected cell error: %+v", e)
	}
	if t.Failed() {
		t.FailNow()
	}
	return o
}

// dump renders an outline as lines a test can compare:
// "A title", "  P title", "    S title", "      M title | lead | coops | deadline | status | progress".
func dump(o *duban.Outline) []string {
	var out []string
	letter := map[duban.NodeKind]string{duban.NodeAspect: "A", duban.NodeProblem: "P", duban.NodeSubproblem: "S"}
	var walk func(ns []*duban.OutlineNode, indent string)
	walk = func(ns []*duban.OutlineNode, indent string) {
		for _, n := range ns {
			line := indent + letter[n.Kind] + " " + n.Title
			if n.Text != "" {
				line += " / " + n.Text
			}
			out = append(out, line)
			for _, m := range n.Measures {
				out = append(out, indent+"  "+dumpMeasure(m))
			}
			walk(n.Children, indent+"  ")
		}
	}
	walk(o.Aspects, "")
	return out
}

func dumpMeasure(m *duban.OutlineMeasure) string {
	title := m.Title
	if m.Content != "" {
		title += " / " + m.Content
	}
	return fmt.Sprintf("M %s | %s | %s | %s %s | %s | %s", title, m.LeadUnit, strings.Join(m.CoopUnits, ","),
		m.DeadlineKind, m.Deadline, m.Status, m.Progress)
}

// diffLines fails the test with both listings when got and want differ.
func diffLines(t *testing.T, got, want []string) {
	t.Helper()
	if strings.Join(got, "\n") == strings.Join(want, "\n") {
		return
	}
	t.Errorf("outline differs\ngot:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
}

func TestMatchHeader(t *testing.T) {
	tests := []struct {
		label string
		want  field
	}{
		{"序号", fieldSeq},
		{"时限清单", fieldDeadline},
		{"整改责任人", fieldPerson},
		{"主要表现", fieldSpecific},
		{"巡视指出的问题", fieldProblem},
		{"整改目标和措施", fieldMeasure},
		{"配合责任单位", fieldCoopUnits},
		{"整改时限类型", fieldKind},
		{"整改性质", fieldKind},
		{"责任处（室）", fieldLeadUnit},
		{"问题分类", fieldAspect},
		{"是否整改完毕", fieldClosed},
		{"措施内容", fieldMeasure},
		{"巡视反馈重点方面", fieldAspect},
		{"问题类别", fieldAspect},
		{"问题", fieldProblem},
		{"巡视反馈重点内容", fieldProblem},
		{"具体问题", fieldSpecific},
		{"巡视反馈具体问题", fieldSpecific},
		{"整改措施", fieldMeasure},
		{"细化的整改措施", fieldMeasure},
		{"整 改 举 措", fieldMeasure},
		{"整改措施\n（举措）", fieldMeasure},
		{"整改要求", fieldRequirements},
		{"整改目标", fieldTarget},
		{"牵头领导", fieldLeader},
		{"分管领导", fieldLeader},
		{"责任单位", fieldLeadUnit},
		{"牵头单位", fieldLeadUnit},
		{"责任部门（人）", fieldLeadUnit},
		{"牵头责任单位*", fieldLeadUnit},
		{"配合处室", fieldCoopUnits},
		{"责任人", fieldPerson},
		{"完成时限", fieldDeadline},
		{"整改时限：", fieldDeadline},
		{"整改完成时限（年月日）", fieldDeadline},
		{"整改进展", fieldProgress},
		{"整改措施完成情况", fieldProgress},
		{"是否销号", fieldClosed},
		{"备注", fieldNote},
		{"整改类型", fieldKind},
		{"整改措施落实的佐证材料", fieldNone},
		{"问题金额（万元）", fieldNone},
		{"中共陕西省委科技工委关于巡视整改情况的台账", fieldNone},
		{"省科技厅", fieldNone},
		{"", fieldNone},
	}
	for _, tt := range tests {
		t.Run(tt.label, func(t *testing.T) {
			if got := matchHeader(tt.label); got != tt.want {
				t.Errorf("matchHeader(%q) = %s, want %s", tt.label, fieldNames[got], fieldNames[tt.want])
			}
		})
	}
}

func TestStripNumbering(t *testing.T) {
	tests := []struct{ in, want string }{
		{"一、党的领导方面", "党的领导方面"},
		{"十二、其他方面", "其他方面"},
		{"（一）学习不深入", "学习不深入"},
		{"(二) 调研不够", "调研不够"},
		{"（1）落实不力", "落实不力"},
		{"1.健全制度", "健全制度"},
		{"1、健全制度", "健全制度"},
		{"12．健全制度", "健全制度"},
		{"1.1 健全制度", "健全制度"},
		{"①健全制度", "健全制度"},
		{"2021年以来未召开会议", "2021年以来未召开会议"},
		{"3.5万元资金未拨付", "3.5万元资金未拨付"},
		{"健全制度", "健全制度"},
		{"1-1 制定学习计划", "制定学习计划"},
		{"3）开展研讨", "开展研讨"},
		{"2-3、开展研讨", "开展研讨"},
		{"1.2023年底前修订制度", "2023年底前修订制度"},
		{"2023-12-31 前完成", "2023-12-31 前完成"},
		{"1.5亿元项目", "1.5亿元项目"},
		{"（一）1.县财政局违规发放补贴", "县财政局违规发放补贴"},
		{"（二）3个支部未按期换届", "3个支部未按期换届"},
		{"一、1.5亿元资金未拨付", "1.5亿元资金未拨付"},
	}
	for _, tt := range tests {
		if got := stripNumbering(tt.in); got != tt.want {
			t.Errorf("stripNumbering(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
