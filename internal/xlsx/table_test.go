package xlsx

import (
	"bytes"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestWriteTable writes a small list and reads every cell back.
func TestWriteTable(t *testing.T) {
	var buf bytes.Buffer
	err := WriteTable(&buf, Table{Sheet: "后进排名", Title: "红黄榜", Subtitle: "截至2026年12月4日", Header: []string{"位次", "责任单位", "红灯"},
		Widths: []float64{6, 20}, Rows: [][]any{{1, "省科技厅", 3}, {2, "省财政厅", 0}}, Note: "仅列出前2项"})
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := f.GetRows("后进排名")
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{{"红黄榜"}, {"截至2026年12月4日"}, {"位次", "责任单位", "红灯"}, {"1", "省科技厅", "3"}, {"2", "省财政厅", "0"}, nil, {"仅列出前2项"}}
	if len(rows) != len(want) {
		t.Fatalf("rows: got %q, want %q", rows, want)
	}
	for i := range want {
		if len(rows[i]) != len(want[i]) {
			t.Fatalf("row %d: got %q, want %q", i+1, rows[i], want[i])
		}
		for j := range want[i] {
			if rows[i][j] != want[i][j] {
				t.Errorf("cell %d,%d: got %q, want %q", i+1, j+1, rows[i][j], want[i][j])
			}
		}
	}
	if w, _ := f.GetColWidth("后进排名", "B"); w != 20 {
		t.Errorf("width of B: got %v, want 20", w)
	}
}
