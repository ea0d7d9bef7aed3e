package xlsx

import (
	"bytes"
	"testing"

	"github.com/xuri/excelize/v2"

	"duban/internal/duban"
)

// TestReadLedgerKind reads the kind of work a ledger answers from its title
// wherever the title is written: one row, a unit row over a 关于… row under
// an 附件 line, a merged title with its 截至 date, a title off column A, the
// printed page header, the workbook's own title; and, with no title that
// says, from the sheet's name and column labels. A title naming two kinds
// is read by the first of 巡察, 巡视, 审计, 督查, 自查, 批示.
func TestReadLedgerKind(t *testing.T) {
	header := []any{"序号", "问题", "整改措施", "责任单位", "完成时限"}
	measure := []any{1, "会议偏多", "精简会议", "办公室", "2025-12-31"}
	cases := []struct {
		name   string
		sheet  string
		above  [][]any     // rows above the header
		merges [][2]string // of the rows above
		header []any
		setup  func(f *excelize.File, sheet string) error
		want   duban.SourceKind
	}{
		{name: "one title row", above: [][]any{{"省委第一巡视组反馈意见整改台账"}}, want: duban.SourceInspection},
		{name: "audit", above: [][]any{{"审计发现问题整改台账"}}, want: duban.SourceAudit},
		{name: "unit over 关于 under 附件", above: [][]any{{"附件1"}, {"中共西安市某区委员会"}, {"关于市委第二巡察组反馈意见整改落实情况的台账"}, {}},
			want: duban.SourcePatrol},
		{name: "merged with 截至", above: [][]any{{"省政府第三督查组督查反馈问题整改台账（截至2025年9月30日）"}}, merges: [][2]string{{"A1", "E1"}},
			want: duban.SourceSupervision},
		{name: "title off column A", above: [][]any{{nil, nil, "省领导批示件办理落实台账"}, {"填报单位：办公室"}}, want: duban.SourceInstruction},
		{name: "巡视 over 督查 in one title", above: [][]any{{"巡视整改督查督办台账"}}, want: duban.SourceInspection},
		{name: "巡察 over 巡视 in one title", above: [][]any{{"县委巡察反馈意见整改台账（依据巡视巡察工作条例）"}}, want: duban.SourcePatrol},
		{name: "central team", above: [][]any{{"中央第三巡视组反馈意见整改台账"}}, want: duban.SourceCentralInspection},
		{name: "self-check by the sheet's name", sheet: "自查问题整改清单", want: duban.SourceSelf},
		{name: "by the column labels", above: [][]any{{"整改落实台账"}}, header: []any{"序号", "审计查出问题", "整改措施", "责任单位", "完成时限"},
			want: duban.SourceAudit},
		{name: "page header only", setup: func(f *excelize.File, sheet string) error {
			return f.SetHeaderFooter(sheet, &excelize.HeaderFooterOptions{OddHeader: `&C&"黑体,常规"&16市委第一巡察组反馈问题整改台账`})
		}, want: duban.SourcePatrol},
		{name: "workbook title only", setup: func(f *excelize.File, sheet string) error {
			return f.SetDocProps(&excelize.DocProperties{Title: "审计整改台账"})
		}, want: duban.SourceAudit},
		{name: "nothing says", above: [][]any{{"整改落实台账"}}, want: ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			sheet := c.sheet
			if sheet == "" {
				sheet = "Sheet1"
			}
			h := c.header
			if h == nil {
				h = header
			}
			rows := append(append(append([][]any{}, c.above...), h), measure)
			f := excelize.NewFile()
			defer f.Close()
			if err := f.SetSheetName("Sheet1", sheet); err != nil {
				t.Fatal(err)
			}
			for r, row := range rows {
				for col, v := range row {
					if v != nil {
						if err := f.SetCellValue(sheet, cellName(col, r+1), v); err != nil {
							t.Fatal(err)
						}
					}
				}
			}
			for _, m := range c.merges {
				if err := f.MergeCell(sheet, m[0], m[1]); err != nil {
					t.Fatal(err)
				}
			}
			if c.setup != nil {
				if err := c.setup(f, sheet); err != nil {
					t.Fatal(err)
				}
			}
			var buf bytes.Buffer
			if _, err := f.WriteTo(&buf); err != nil {
				t.Fatal(err)
			}
			o := mustReadClean(t, &buf)
			if o.Meta.Kind != c.want {
				t.Errorf("kind %q, want %q (title %q)", o.Meta.Kind, c.want, o.Meta.Title)
			}
			if n := len(o.Aspects); n == 0 {
				t.Errorf("no measure read")
			}
		})
	}
}

// TestReadLedgerTitleRows: of the rows above the header, the title is the
// one that reads as a title (…台账, 关于…), not the unit's name above it;
// the unit is that row, or the words before 关于; the round and the team
// are read from the title.
func TestReadLedgerTitleRows(t *testing.T) {
	header := []any{"序号", "问题", "整改措施", "责任单位", "完成时限"}
	measure := []any{1, "会议偏多", "精简会议", "办公室", "2025-12-31"}
	cases := []struct {
		above                    [][]any
		title, unit, round, team string
	}{
		{[][]any{{"附件1"}, {"中共某市文化旅游局党组"}, {"关于市委第二巡察组反馈意见整改落实情况的台账（截至2025年9月1日）"}},
			"关于市委第二巡察组反馈意见整改落实情况的台账", "中共某市文化旅游局党组", "", "市委第二巡察组"},
		{[][]any{{"中共陕西省委科技工委关于十三届省委第十一轮巡视反馈意见整改落实台账"}},
			"中共陕西省委科技工委关于十三届省委第十一轮巡视反馈意见整改落实台账", "中共陕西省委科技工委", "十三届省委第十一轮", ""},
		{[][]any{{"审计发现问题整改台账"}}, "审计发现问题整改台账", "", "", ""},
	}
	for _, c := range cases {
		o := mustReadClean(t, mustBook(t, sheetSpec{name: "Sheet1", rows: append(append(append([][]any{}, c.above...), header), measure)}))
		m := o.Meta
		if m.Title != c.title || m.Unit != c.unit || m.Round != c.round || m.Team != c.team {
			t.Errorf("read title %q unit %q round %q team %q, want %q %q %q %q", m.Title, m.Unit, m.Round, m.Team, c.title, c.unit, c.round, c.team)
		}
	}
}
