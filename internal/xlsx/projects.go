package xlsx

import (
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/xuri/excelize/v2"

	"duban/internal/duban"
)

// projectHeader names the columns of the project ledger (重点项目台账).
var projectHeader = []string{"序号", "所属专项", "项目名称", "团队", "牵头单位", "参与单位", "技术总师/领衔专家", "起止日期", "总经费（万元）",
	"起始TRL", "目标TRL", "里程碑", "考核日期", "要求TRL", "达到TRL", "考核结果", "拨付经费（万元）", "拨付状态", "拨付日期", "项目状态", "预警"}

// WriteProjectLedger writes the project ledger as of asOf: one row per
// milestone, the project's cells merged down its milestones, the 预警 cell
// naming the light, back-loading (前松后紧) and lag.
func WriteProjectLedger(w io.Writer, rows []duban.ProjectRow, asOf duban.Date) error {
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "重点项目台账"
	var err error
	set := func(cell string, v any) {
		if err == nil {
			err = f.SetCellValue(sheet, cell, v)
		}
	}
	if err = f.SetSheetName(f.GetSheetName(0), sheet); err != nil {
		return fmt.Errorf("xlsx: project ledger: %w", err)
	}
	set("A1", "重点项目里程碑管理台账")
	set("A2", "截至"+asOf.Chinese())
	for i, h := range projectHeader {
		set(projectCell(i, 3), h)
	}
	r := 4
	var groups [][2]int // each project's first and last row
	for n, x := range rows {
		first := r
		for _, m := range x.Milestones {
			writeMilestone(set, r, m)
			r++
		}
		if len(x.Milestones) == 0 {
			r++
		}
		groups = append(groups, [2]int{first, r - 1})
		project := []any{n + 1, x.Programme, x.Title, x.Team, x.LeadUnit.Name, unitNames(x.CoopUnits), x.Chief + "（" + duban.ChiefRoleNames[x.ChiefRole] + "）",
			x.StartDate.String() + "至" + x.EndDate.String(), x.Budget.WanFloat(), int(x.TRLStart), int(x.TRLTarget)}
		for i, v := range project {
			set(projectCell(i, first), v)
			if r-1 > first && err == nil {
				err = f.MergeCell(sheet, projectCell(i, first), projectCell(i, r-1))
			}
		}
		for i, v := range []any{duban.ProjectStatusNames[x.Status], warning(x)} {
			set(projectCell(19+i, first), v)
			if r-1 > first && err == nil {
				err = f.MergeCell(sheet, projectCell(19+i, first), projectCell(19+i, r-1))
			}
		}
	}
	if err == nil {
		err = layOutProjects(f, sheet, rows, groups)
	}
	if err != nil {
		return fmt.Errorf("xlsx: project ledger: %w", err)
	}
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("xlsx: project ledger: %w", err)
	}
	return nil
}

// projectWidths are the columns' widths in Excel character units.
var projectWidths = []float64{5, 16, 18, 10, 12, 14, 16, 12, 9, 6, 6, 22, 11, 6, 6, 9, 9, 9, 11, 8, 22}

// layOutProjects styles the ledger as the plan ledger is: a title across
// the sheet, ruled and wrapped cells, held funds and red projects filled,
// rows tall enough for their text, and A3 landscape printing fitted to the
// page width with the header on every page.
func layOutProjects(f *excelize.File, sheet string, rows []duban.ProjectRow, groups [][2]int) error {
	lw := &ledgerWriter{f: f, sheet: sheet, headerRow: 3}
	lw.makeStyles()
	last := projectCell(len(projectHeader)-1, 1)
	lw.check(f.MergeCell(sheet, "A1", last))
	lw.check(f.SetCellStyle(sheet, "A1", last, lw.styles.title))
	lw.check(f.SetRowHeight(sheet, 1, 40))
	lw.check(f.MergeCell(sheet, "A2", projectCell(len(projectHeader)-1, 2)))
	lw.check(f.SetCellStyle(sheet, "A2", projectCell(len(projectHeader)-1, 2), lw.styles.asOf))
	lw.check(f.SetCellStyle(sheet, "A3", projectCell(len(projectHeader)-1, 3), lw.styles.header))
	lw.check(f.SetRowHeight(sheet, 3, 32))
	for c, w := range projectWidths {
		name, _ := excelize.ColumnNumberToName(c + 1)
		lw.check(f.SetColWidth(sheet, name, name, w))
	}
	text := map[int]bool{1: true, 2: true, 4: true, 5: true, 6: true, 11: true, 20: true}
	for g, span := range groups {
		for c := range projectHeader {
			st := lw.styles.center
			if text[c] {
				st = lw.styles.text
			}
			lw.check(f.SetCellStyle(sheet, projectCell(c, span[0]), projectCell(c, span[1]), st))
		}
		lw.check(f.SetCellStyle(sheet, projectCell(20, span[0]), projectCell(20, span[0]), lw.styles.light[rows[g].Light.Light]))
		lw.check(rowHeights(f, sheet, span))
	}
	end := 3
	if len(groups) > 0 {
		end = groups[len(groups)-1][1]
	}
	for r := 4; r <= end; r++ {
		if v, _ := f.GetCellValue(sheet, projectCell(17, r)); v == duban.FundStatusNames[duban.FundHeld] {
			lw.check(f.SetCellStyle(sheet, projectCell(17, r), projectCell(17, r), lw.styles.light[duban.LightRed]))
		}
	}
	lw.printSetup()
	lw.check(f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Size: new(8), Orientation: new("landscape"), FitToWidth: new(1), FitToHeight: new(0)}))
	return lw.err
}

// rowHeights makes a project's rows tall enough: each for its milestone's
// text, and together for the project's merged cells.
func rowHeights(f *excelize.File, sheet string, span [2]int) error {
	lines := make([]float64, span[1]-span[0]+1)
	need := 1.0
	for r := span[0]; r <= span[1]; r++ {
		for c, w := range projectWidths {
			v, _ := f.GetCellValue(sheet, projectCell(c, r))
			n := wrappedLines(v, w)
			if c >= 11 && c < 19 {
				lines[r-span[0]] = max(lines[r-span[0]], n)
			} else if r == span[0] {
				need = max(need, n)
			}
		}
	}
	sum := 0.0
	for _, n := range lines {
		sum += n
	}
	extra := math.Ceil(max(0, need-sum) / float64(len(lines)))
	for i, n := range lines {
		if err := f.SetRowHeight(sheet, span[0]+i, (n+extra)*15+4); err != nil {
			return err
		}
	}
	return nil
}

func writeMilestone(set func(string, any), r int, m duban.Milestone) {
	reached := any("")
	if m.TRLReached.Valid() {
		reached = int(m.TRLReached)
	}
	released := ""
	if !m.ReleasedOn.IsZero() {
		released = m.ReleasedOn.String()
	}
	for i, v := range []any{fmt.Sprintf("%d. %s", m.Seq, m.Title), m.Due.String(), int(m.TRLRequired), reached, duban.MilestoneStatusNames[m.Status],
		m.Tranche.WanFloat(), duban.FundStatusNames[m.FundStatus], released} {
		set(projectCell(11+i, r), v)
	}
}

// warning words a project's light and loading for the 预警 column.
func warning(x duban.ProjectRow) string {
	var parts []string
	if x.Light.Overdue > 0 {
		parts = append(parts, fmt.Sprintf("%d个里程碑逾期", x.Light.Overdue))
	}
	if x.Light.Held > 0 {
		parts = append(parts, fmt.Sprintf("暂缓拨付%s万元", x.Light.HeldSum.Wan()))
	}
	if x.Light.DueSoon > 0 {
		parts = append(parts, fmt.Sprintf("%d个里程碑临近考核", x.Light.DueSoon))
	}
	if x.Loading.BackLoaded {
		parts = append(parts, fmt.Sprintf("前松后紧（后三分之一期：里程碑%.0f%%、经费%.0f%%）", x.Loading.WorkShare*100, x.Loading.FundShare*100))
	}
	if x.Loading.Lagging {
		parts = append(parts, "进度滞后于计划")
	}
	return strings.Join(parts, "；")
}

func unitNames(us []duban.UnitRef) string {
	names := make([]string, len(us))
	for i, u := range us {
		names[i] = u.Name
	}
	return strings.Join(names, "、")
}

func projectCell(col, row int) string {
	name, _ := excelize.CoordinatesToCellName(col+1, row)
	return name
}
