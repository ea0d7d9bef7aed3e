package xlsx

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"duban/internal/duban"

	"github.com/xuri/excelize/v2"
)

// Rows and sheets of a monitoring workbook that hold no unit's figures:
// regions' totals, lists and notes beside the table.

// auxiliary tells a sheet beside the tables that holds numbers but no
// figures: a list of units with their 序号 and 区划代码, notes numbered in
// a column of their own. Each of its numbers is under a label of such a
// column, or counts the rows (1, 2, 3 … down a column).
func (fs *figureSheet) auxiliary() bool {
	for r, row := range fs.cells {
		for c, t := range row {
			if _, ok := parseFigure(t); !ok || fs.numbering(r, c) {
				continue
			}
			if label := fs.labelAbove(r, c); !codeLabel.MatchString(label) {
				return false
			}
		}
	}
	return true
}

// codeLabel heads a column of numbers that are no figures.
var codeLabel = regexp.MustCompile(`序号|编号|代码|编码|代号|电话|邮编|邮政|排序|顺序|行次|栏次`)

// labelAbove returns the nearest text above (r, c) that is not a number.
func (fs *figureSheet) labelAbove(r, c int) string {
	for up := r - 1; up >= 0; up-- {
		if c < len(fs.cells[up]) && fs.cells[up][c] != "" {
			if _, ok := parseFigure(fs.cells[up][c]); !ok {
				return fs.cells[up][c]
			}
		}
	}
	return ""
}

// numbering tells a number that counts the rows: n, with n-1 above it or,
// for 1, n+1 below it.
func (fs *figureSheet) numbering(r, c int) bool {
	at := func(r int) float64 {
		if r < 0 || r >= len(fs.cells) || c >= len(fs.cells[r]) {
			return -1
		}
		v, ok := parseFigure(fs.cells[r][c])
		if !ok {
			return -1
		}
		return v
	}
	v := at(r)
	return v >= 1 && v == float64(int(v)) && (at(r-1) == v-1 || at(r+1) == v+1)
}

// notUnit tells a row of a total (合计), passed over, or of a province's
// or a region's total (陕西省, 关中地区, 陕北), passed over and said in a
// warning: either sums units and is none, and a region's name is no
// unit's short name to be matched loosely (陕北 is not 陕北能化院).
func (fs *figureSheet) notUnit(r int, unit string) bool {
	if isTotalRow(unit) {
		return true
	}
	if !isRegion(unit) {
		return false
	}
	if !slices.ContainsFunc(fs.cells[r], func(t string) bool { _, ok := parseFigure(t); return ok }) {
		return true // 一、关中地区: a heading over its cities
	}
	if len(fs.regions) == 0 {
		fs.regionAt = r + 1
	}
	if name := strings.TrimSpace(unit); !slices.Contains(fs.regions, name) {
		fs.regions = append(fs.regions, name)
	}
	return true
}

func (fs *figureSheet) warnRegions() {
	if len(fs.regions) == 0 {
		return
	}
	fs.b.Warnings = append(fs.b.Warnings, duban.FigureError{Sheet: fs.name, Row: fs.regionAt,
		Reason: fmt.Sprintf("“%s”是全省或片区的合计，不是报送单位，未导入", strings.Join(fs.regions, "”“"))})
}

// formula tells an empty cell (r, c) that holds a formula: a workbook
// written by a program, or saved without calculating, keeps no result of
// it, and the figure is not there to read. It counts them for warnUnsaved.
// (A formula whose saved result is empty text, =IF(B3="","",…), looks the
// same to excelize: the warning says so too.)
func (fs *figureSheet) formula(r, c int) bool {
	axis, err := excelize.CoordinatesToCellName(c+1, r+1)
	if err != nil {
		return false
	}
	if f, err := fs.f.GetCellFormula(fs.name, axis); err != nil || f == "" {
		return false
	}
	if fs.unsaved == 0 {
		fs.unsavedAt = [2]int{r, c}
	}
	fs.unsaved++
	return true
}

func (fs *figureSheet) warnUnsaved() {
	if fs.unsaved == 0 {
		return
	}
	r, c := fs.unsavedAt[0], fs.unsavedAt[1]
	fs.b.Warnings = append(fs.b.Warnings, duban.FigureError{Sheet: fs.name, Row: r + 1, Column: fs.column(c),
		Reason: fmt.Sprintf("%d 个单元格是公式，但文件中没有保存计算结果（或结果为空），按未填报处理：请用 Excel 打开该文件、保存后再导入", fs.unsaved)})
}

// warnHidden says which rows and columns hidden in Excel gave figures of
// the sheet (those from figures[from:] and growth[growthFrom:] on): they
// are read, as Excel's sums count them, but the clerk does not see them.
func (fs *figureSheet) warnHidden(from, growthFrom int) {
	if len(fs.hiddenRows) == 0 && len(fs.hiddenCols) == 0 {
		return
	}
	var hidden []string
	letters := map[string]bool{}
	for _, c := range fs.hiddenCols {
		l, _ := excelize.ColumnNumberToName(c + 1)
		letters[l] = true
	}
	rows := map[int]bool{}
	cols := map[string]bool{}
	first := 0 // the first hidden row read, which the warning names
	for _, f := range append(slices.Clone(fs.b.Figures[from:]), fs.b.Growth[growthFrom:]...) {
		if f.Sheet != fs.name {
			continue
		}
		if slices.Contains(fs.hiddenRows, f.Row-1) && !rows[f.Row] {
			rows[f.Row] = true
			hidden = append(hidden, fmt.Sprintf("第%d行", f.Row))
			if first == 0 {
				first = f.Row
			}
		}
		letter := f.Column
		if i := strings.IndexFunc(f.Column, func(r rune) bool { return r < 'A' || r > 'Z' }); i >= 0 {
			letter = f.Column[:i]
		}
		if letters[letter] && !cols[letter] {
			cols[letter] = true
			hidden = append(hidden, letter+"列")
		}
	}
	if len(hidden) > 0 {
		fs.b.Warnings = append(fs.b.Warnings, duban.FigureError{Sheet: fs.name, Row: first,
			Reason: fmt.Sprintf("%s在Excel中已隐藏，其数据仍已导入，请核对", strings.Join(hidden, "、"))})
	}
}
