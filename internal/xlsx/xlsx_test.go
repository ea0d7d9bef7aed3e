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
func mustRead(t *testing.T, b *bytes.Buffer) (*duban.Outline, []CellError) {
	t.Helper()
	o, errs, err := ReadLedger(bytes.NewReader(b.Bytes()))
	if err != nil {
		t.Fatalf("ReadLedger: %v", err)
	}
	return o, errs
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
	}
	for _, tt := range tests {
		if got := stripNumbering(tt.in); got != tt.want {
			t.Errorf("stripNumbering(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
