package xlsx

import (
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"
)

// Table is a plain list for a spreadsheet: a title row, a line under it
// (the day the figures are as of, say), a header row and the rows.
type Table struct {
	Sheet, Title, Subtitle string
	Header                 []string
	Widths                 []float64 // column widths in Excel character units; missing ones are left
	Rows                   [][]any
	Note                   string // a line after the rows, when not empty
}

// WriteTable writes t as a workbook of one sheet, the header frozen.
func WriteTable(w io.Writer, t Table) error {
	f := excelize.NewFile()
	defer f.Close()
	var err error
	set := func(c, r int, v any) {
		if err != nil {
			return
		}
		var cell string
		if cell, err = excelize.CoordinatesToCellName(c, r); err == nil {
			err = f.SetCellValue(t.Sheet, cell, v)
		}
	}
	if err = f.SetSheetName(f.GetSheetName(0), t.Sheet); err != nil {
		return fmt.Errorf("xlsx: table: %w", err)
	}
	set(1, 1, t.Title)
	set(1, 2, t.Subtitle)
	for i, h := range t.Header {
		set(i+1, 3, h)
	}
	for r, row := range t.Rows {
		for c, v := range row {
			set(c+1, r+4, v)
		}
	}
	if t.Note != "" {
		set(1, len(t.Rows)+5, t.Note)
	}
	if err == nil && len(t.Header) > 0 {
		var bold int
		if bold, err = f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}}); err == nil {
			last, _ := excelize.CoordinatesToCellName(len(t.Header), 3)
			err = f.SetCellStyle(t.Sheet, "A3", last, bold)
		}
	}
	if err == nil {
		err = f.SetPanes(t.Sheet, &excelize.Panes{Freeze: true, YSplit: 3, TopLeftCell: "A4", ActivePane: "bottomLeft"})
	}
	for i, wd := range t.Widths {
		if err == nil && wd > 0 {
			col, _ := excelize.ColumnNumberToName(i + 1)
			err = f.SetColWidth(t.Sheet, col, col, wd)
		}
	}
	if err != nil {
		return fmt.Errorf("xlsx: table: %w", err)
	}
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("xlsx: table: %w", err)
	}
	return nil
}
